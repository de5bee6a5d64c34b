"""One need of the weekly e-mail, rendered once per process for each distinct row.

Every counsellor in a region gets the region's needs (hundreds of e-mails per run share the same
rows), and a need's fragment is a pure function of its row and the language: the row itself is
the cache key, so a changed need is a new key and nothing can be stale. Rendering the need rows
was the largest part of building one e-mail (bench/market_email.py).
"""

from functools import lru_cache

from django import template
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

# Distinct need rows kept per process and format: a run's open needs (500 in the large data set),
# each also with the counts it is shown with in "Passer for dine kandidater".
FRAGMENTS = 8192


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@lru_cache(maxsize=FRAGMENTS)
def _render(kind: str, language: str, row: tuple) -> str:
    # The HTML part escapes; the text part is rendered with autoescape off, as its parent is.
    context = Context({"need": dict(row)}, autoescape=kind == "html")
    return get_template(f"emails/_market_need.{kind}").template.render(context)


@register.simple_tag
def market_need(need: dict, kind: str) -> str:
    """`{% market_need need "html" %}` / `{% market_need need "txt" %}`."""
    row = tuple(sorted((key, _hashable(value)) for key, value in need.items()))
    return mark_safe(_render(kind, translation.get_language(), row))  # noqa: S308 (rendered by our template)
