"""Rows of the candidate and profile lists rendered in Python (issue 16), as the placement lists do:
25 rows of seven cells through the template engine were most of each page's rendering; here a row
is one f-string with its text escaped. The rows' values are prepared by the views
(candidates.views._list_rows, _profile_rows)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.templatetags.aksel import aksel_tag

register = template.Library()

_CELL = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium">'


@register.simple_tag
def candidate_rows(rows):
    """The <tr>s of «Mine kandidater»: name linking to the candidate, profile code, innsatsgruppe,
    counsellor, follow-up status tag."""
    html = [
        f'<tr class="aksel-table__row">{_CELL}<a class="aksel-link" href="{escape(c["url"])}">'
        f"{escape(c['name'])}</a></td>{_CELL}{escape(c['code'])}</td>{_CELL}{escape(c['innsatsgruppe'])}</td>"
        f"{_CELL}{escape(c['counsellor'])}</td>{_CELL}{aksel_tag(c['status'], c['status_color'])}</td></tr>"
        for c in rows
    ]
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above


@register.simple_tag
def profile_rows(rows):
    """The <tr>s of the profile list: code linking to the profile, age band, place, job wishes,
    facilitation, availability, completeness."""
    html = [
        f'<tr class="aksel-table__row"><td class="aksel-table__data-cell aksel-body-short '
        f'aksel-body-short--medium app-nowrap"><a class="aksel-link" href="{escape(p["url"])}">'
        f"{escape(p['code'])}</a></td>{_CELL}{escape(p['age'])}</td>{_CELL}{escape(p['place'])}</td>"
        f"{_CELL}{escape(p['job_wishes'])}</td>{_CELL}{escape(p['facilitation'])}</td>"
        f"{_CELL}{escape(p['available'])}</td>{_CELL}{p['completeness']:d} %</td></tr>"
        for p in rows
    ]
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above, the rest are numbers
