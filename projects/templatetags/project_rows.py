"""The rows of the project list and the project status tag, rendered in Python.

The list is a main page under load (issue 16) and its rows were most of its cost: per row a
template include for the status tag, a {% url %}, a get_status_display and a dozen variable
lookups. This writes the same markup as the template loop did, every text escaped, the detail
links built from one reversed prefix and the status labels read from a dict built once.
"""

import html

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.aksel import aksel_tag
from core.templatetags.rows import url_prefix

from ..models import Project

register = template.Library()

# The texts are str (model char fields): the standard library's escape is what Django's escape()
# calls, without its lazy-string wrapper.
escape = html.escape

_TD = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium">'

# Labels (lazy, translated when shown) and tag colours by stored status.
_STATUS = dict(Project.Status.choices)
_COLOURS = {
    Project.Status.ACTIVE: "success",
    Project.Status.ORDINARY_OPERATION: "info",
    Project.Status.PLANNED: "meta-purple",
}


@register.simple_tag
def project_status(status: str):
    """A project's status as an Aksel tag (the list, the project pages, the coordinator's home)."""
    return aksel_tag(_STATUS.get(status, status), _COLOURS.get(status, "neutral"))


@register.simple_tag
def project_rows(projects):
    """The rows of the project list (projects/list.html); each project carries its coordinator
    `warning` (projects.selectors.coordinator_warning), set by the view."""
    prefix = url_prefix("projects:detail")
    warnings = {
        "inactive": f"<div>{aksel_tag(_('Koordinatoren har vært inaktiv i over 30 dager'), 'warning')}</div>",
        "missing": f"<div>{aksel_tag(_('Mangler koordinator'), 'warning')}</div>",
    }
    tags = {status: project_status(status) for status in _STATUS}  # once per table, not per row
    rows = []
    for p in projects:
        area = f'<div class="app-muted">{escape(p.area)}</div>' if p.area else ""
        coordinator = escape(p.coordinator.display_name) if p.coordinator else "–"
        rows.append(
            f'<tr class="aksel-table__row">{_TD}<a class="aksel-link" href="{prefix}{int(p.pk)}/">{escape(p.name)}</a></td>'
            f"{_TD}{escape(p.region.name)}{area}</td>"
            f"{_TD}{int(p.start_year) if p.start_year else '–'}</td>"
            f"{_TD}{tags.get(p.status) or project_status(p.status)}</td>"
            f"{_TD}{coordinator}{warnings.get(p.warning, '')}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text is escaped, pks and years are ints


_TD_SMALL = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--small">'
_TH_COL = '<th class="aksel-table__header-cell aksel-label" scope="col">'


@register.simple_tag
def comparison_heads(projects, linked: bool = False):
    """The project comparison's column heads (projects/compare.html): one per project, the
    first table's linked to the project."""
    if not linked:
        return mark_safe("".join(f"{_TH_COL}{escape(p.name)}</th>" for p in projects))  # noqa: S308 - escaped
    prefix = url_prefix("projects:detail")
    return mark_safe(  # noqa: S308 - names escaped, pks are ints
        "".join(
            f'{_TH_COL}<a class="aksel-link" href="{prefix}{int(p.pk)}/">{escape(p.name)}</a></th>'
            for p in projects
        )
    )


@register.simple_tag
def comparison_cells(projects, attribute: str):
    """One row of the project comparison: each project's `attribute`, "–" when empty."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f"{_TD_SMALL}{escape(str(value)) if (value := getattr(p, attribute)) else '–'}</td>"
            for p in projects
        )
    )
