"""Object paths for lists: reverse a detail URL once per list instead of once per row."""

from django import template
from django.urls import reverse

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
