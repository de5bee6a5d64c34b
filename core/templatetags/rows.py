"""Cheap helpers for the rows of lists, where per-row work multiplies (issue 16): a detail URL
reversed once per list, a date without the date filter's machinery."""

import datetime

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS

register = template.Library()

_SENTINEL = "2147483647"


@register.simple_tag
def url_prefix(name: str) -> str:
    """The path of the URL `name` up to its one pk argument, for lists that link every row:
    `{% url_prefix 'placements:detail' as detail %}…href="{{ detail }}{{ f.placement_id }}/"`
    (a `{% url %}` per row was a reverse() per row; issue 16). Only for patterns ending `<pk>/`."""
    path = reverse(name, args=[_SENTINEL])
    head, found, tail = path.rpartition(_SENTINEL)
    if not found or tail != "/":
        raise ValueError(f"{name} does not end with its pk: {path}")
    return head


@register.filter
def plain_date(value, format_string: str) -> str:
    """`{{ d|plain_date:"j. F Y" }}` is `{{ d|date:"j. F Y" }}` for a date (not a datetime: no time
    zone to apply) with the tokens j, n, Y and F (the month's name in the active language),
    without the date filter's per-call format lookups: it was a third of a list row's rendering."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        raise TypeError("plain_date takes a date; use the date filter for a datetime")
    parts = {"j": value.day, "n": value.month, "Y": value.year}
    return "".join(str(MONTHS[value.month]) if ch == "F" else str(parts.get(ch, ch)) for ch in format_string)
