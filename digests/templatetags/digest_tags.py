"""Parts of the weekly e-mail (a need, a job fair) rendered once per process for each distinct value.

Every counsellor in a region gets the region's needs and fairs (hundreds of e-mails per run share
the same parts), and a part is a pure function of its value and the language: the value itself
is the cache key, so a changed need or fair is a new key and nothing can be stale. Rendering them
was most of the time spent building one e-mail (bench/market_email.py).
"""

from django import template
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

# Distinct parts kept per process: a run's open needs (500 in the large data set, each also with
# the counts it is shown with in "Passer for dine kandidater") and fairs, in two formats.
PARTS = 8192
_rendered: dict[tuple, str] = {}


def _frozen(value):
    """A hashable copy of a part's value (dicts, lists, and plain values inside)."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _render(name: str, value, kind: str) -> str:
    # The HTML part escapes; the text part is rendered with autoescape off, as its parent is.
    context = Context({name: value}, autoescape=kind == "html")
    return get_template(f"emails/_market_{name}.{kind}").template.render(context)


@register.simple_tag
def market_part(name: str, value, kind: str) -> str:
    """`{% market_part "need" need "html" %}` renders emails/_market_need.html with `need`."""
    key = (name, kind, translation.get_language(), _frozen(value))
    text = _rendered.get(key)
    if text is None:
        if len(_rendered) >= PARTS:
            _rendered.clear()
        text = _rendered[key] = _render(name, value, kind)
    return mark_safe(text)  # noqa: S308 (our own template's output, escaped there)
