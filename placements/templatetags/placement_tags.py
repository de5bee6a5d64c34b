"""Rows of the placement lists rendered in Python (issue 16): «Mine oppfølginger» showed 100 rows
through the template engine at ~90 µs each (a status tag include, two `get_*_display`, a `{% url %}`
and two date filters per row); here a row is one f-string with its text escaped."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.templatetags.aksel import aksel_tag
from core.templatetags.rows import plain_date, url_prefix

from ..models import Placement
from ..vocab import Measure

register = template.Library()

STATUS_COLOURS = {
    Placement.Status.ACTIVE: "success",
    Placement.Status.READY: "info",
    Placement.Status.DRAFT: "meta-purple",
    Placement.Status.CANCELLED: "warning",
}
_CELL = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium">'


def _detail_url():
    """pk → the placement's page, from one reverse() per list instead of one per row."""
    prefix = url_prefix("placements:detail")
    return lambda pk: f"{prefix}{pk}/"


def _date(day) -> str:
    return plain_date(day, "j.n.Y")


@register.simple_tag
def placement_status_tag(placement):
    status = Placement.Status(placement.status)
    return aksel_tag(status.label, STATUS_COLOURS.get(status, "neutral"))


@register.simple_tag
def follow_up_rows(rows):
    """The <tr>s of templates/placements/_follow_up_rows.html from `selectors.FollowUpRow`s: date
    (with an overdue tag), title linking to the placement, candidate label, employer."""
    url = _detail_url()
    late = aksel_tag(gettext("Over en uke på overtid"), "danger")
    due = aksel_tag(gettext("Forfalt"), "warning")
    html = []
    for f in rows:
        tag = f" {late}" if f.days_overdue > 7 else f" {due}" if f.days_overdue > 0 else ""
        html.append(
            f'<tr class="aksel-table__row">{_CELL}{_date(f.due_on)}{tag}</td>'
            f'{_CELL}<a class="aksel-link" href="{url(f.placement_id)}">{escape(f.title)}</a></td>'
            f"{_CELL}{escape(f.candidate_label)}</td>{_CELL}{escape(f.employer_name)}</td></tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above, the rest are dates and ids


@register.simple_tag
def placement_items(placements):
    """The <li>s of «Mine tiltak» from `selectors.PlacementRow`s: employer · measure, status tag,
    planned period."""
    url = _detail_url()
    html = []
    for p in placements:
        measure = escape(Measure(p.measure).label)
        html.append(
            f'<li class="aksel-body-short aksel-body-short--medium"><a class="aksel-link" '
            f'href="{url(p.pk)}">{escape(p.employer_name)} · {measure}</a> {placement_status_tag(p)} '
            f'<span class="app-muted">{_date(p.planned_start) or "–"}–{_date(p.planned_end)}</span></li>'
        )
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above, the rest are dates and ids
