"""The rows of the employer lists (needs, register, contact log), rendered in Python.

The lists are the employer pages under load and their rows were most of each request's cost
(issue 16): per row a template include for the status tag, a {% url %}, a get_FOO_display and
some twenty variable lookups, ~130 µs a row. These tags write the same markup as the template
loops did, with every text escaped, the detail links built from one reversed prefix and the
choice labels read from dicts built once per process.
"""

import html

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import display_name
from core.templatetags.aksel import aksel_tag
from core.templatetags.rows import plain_date, url_prefix

from ..models import ContactLogEntry, Employer, Need, OfferType, Sector, orgnr_display

register = template.Library()

_TD = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium">'
_TD_NOWRAP = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium app-nowrap">'
_TR = '<tr class="aksel-table__row">'

# Labels (lazy, translated when shown) and tag colours by stored value.
_NEED_STATUS = dict(Need.Status.choices)
_NEED_COLOURS = {Need.Status.OPEN: "success", Need.Status.DRAFT: "info", Need.Status.FILLED: "meta-purple"}
_OFFER_TYPES = dict(OfferType.choices)
_EMPLOYER_STATUS = dict(Employer.Status.choices)
_EMPLOYER_COLOURS = {
    Employer.Status.ACTIVE: "success",
    Employer.Status.PROSPECT: "info",
    Employer.Status.PAUSED: "warning",
}
_SECTORS = dict(Sector.choices)
_CHANNELS = dict(ContactLogEntry.Channel.choices)

# The rows' texts are str (model char fields): the standard library's escape is what Django's
# escape() calls, without its lazy-string wrapper (a third of the cost, 150 calls a page).
_esc = html.escape


def _day(value) -> str:
    """A date as the date filter's "j.n.Y" (31.1.2026), "–" for none."""
    return plain_date(value, "j.n.Y") or "–"


def _status_tag(value: str, labels: dict, colours: dict) -> str:
    return aksel_tag(labels.get(value, value), colours.get(value, "neutral"))


class _Labels(dict):
    """Escaped labels in the current language, translated once per table rather than per row; an
    unknown stored value is shown as itself (like get_FOO_display)."""

    def __init__(self, labels: dict):
        super().__init__((value, _esc(str(label))) for value, label in labels.items())

    def __missing__(self, value):
        return _esc(str(value))


class _Tags(dict):
    """Status tags by stored value, rendered once per table."""

    def __init__(self, labels: dict, colours: dict):
        super().__init__((value, _status_tag(value, labels, colours)) for value in labels)
        self.labels, self.colours = labels, colours

    def __missing__(self, value):
        return _status_tag(value, self.labels, self.colours)


@register.simple_tag
def need_status(status: str):
    """A need's status as an Aksel tag (the lists and the need and employer pages)."""
    return _status_tag(status, _NEED_STATUS, _NEED_COLOURS)


@register.simple_tag
def employer_status(status: str):
    """An employer's status as an Aksel tag."""
    return _status_tag(status, _EMPLOYER_STATUS, _EMPLOYER_COLOURS)


@register.simple_tag
def need_rows(needs):
    """The rows of the needs list (employers/need_list.html): dicts of NeedListView.row_fields."""
    prefix = url_prefix("employers:need_detail")
    tags, offers = _Tags(_NEED_STATUS, _NEED_COLOURS), {v: str(label) for v, label in _OFFER_TYPES.items()}
    return mark_safe(  # noqa: S308 - every text is escaped, pks and places are ints
        "".join(
            f'{_TR}{_TD}<a class="aksel-link" href="{prefix}{int(n["pk"])}/">{_esc(n["title"])}</a></td>'
            f"{_TD}{_esc(n['employer__name'])}</td>"
            f"{_TD}{_esc(n['occupation__name']) if n['occupation__name'] else '–'}</td>"
            f"{_TD}{_esc(n['municipality__name'])}</td>"
            f"{_TD}{int(n['places'])}</td>"
            f"{_TD}{_esc(', '.join(offers[v] for v in n['offer_types'] if v in offers))}</td>"
            f"{_TD_NOWRAP}{_day(n['deadline'])}</td>"
            f"{_TD}{tags[n['status']]}</td></tr>"
            for n in needs
        )
    )


@register.simple_tag
def employer_rows(employers):
    """The rows of the employer register (employers/employer_list.html): dicts of
    EmployerListView.row_fields."""
    prefix = url_prefix("employers:employer_detail")
    tags, sectors, tz = (
        _Tags(_EMPLOYER_STATUS, _EMPLOYER_COLOURS),
        _Labels(_SECTORS),
        timezone.get_current_timezone(),
    )
    rows = []
    for e in employers:
        contact = e["primary_contact__username"] and display_name(
            e["primary_contact__first_name"], e["primary_contact__last_name"], e["primary_contact__username"]
        )
        last = e["last_contact_at"]
        rows.append(
            f'{_TR}{_TD}<a class="aksel-link" href="{prefix}{int(e["pk"])}/">{_esc(e["name"])}</a></td>'
            f"{_TD_NOWRAP}{_esc(orgnr_display(e['orgnr']))}</td>"
            f"{_TD}{sectors[e['sector']]}</td>"
            f"{_TD}{_esc(e['municipality__name'])}</td>"
            f"{_TD}{tags[e['status']]}</td>"
            f"{_TD}{_esc(contact) if contact else '–'}</td>"
            f"{_TD_NOWRAP}{_day(last and last.astimezone(tz).date())}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text is escaped, pks are ints


@register.simple_tag
def contact_rows(entries, now):
    """The rows of the contact log (employers/contact_log_list.html): dicts of
    ContactLogListView.row_fields; a contact after `now` is tagged as planned."""
    prefix = url_prefix("employers:employer_detail")
    planned = " " + aksel_tag(_("Planlagt"), "info")
    channels, tz = _Labels(_CHANNELS), timezone.get_current_timezone()
    rows = []
    for c in entries:
        at = c["occurred_at"].astimezone(tz)
        unit = f'<div class="app-muted">{_esc(c["unit__name"])}</div>' if c["unit__name"] is not None else ""
        next_on = f" ({_day(c['next_step_on'])})" if c["next_step_on"] else ""
        who = display_name(c["user__first_name"], c["user__last_name"], c["user__username"])
        rows.append(
            f"{_TR}{_TD_NOWRAP}{_day(at.date())} {at:%H:%M}{planned if c['occurred_at'] > now else ''}</td>"
            f'{_TD}<a class="aksel-link" href="{prefix}{int(c["employer_id"])}/">{_esc(c["employer__name"])}</a></td>'
            f"{_TD}{channels[c['channel']]}</td>"
            f"{_TD}{_esc(who)}{unit}</td>"
            f"{_TD}{_esc(c['purpose'])}</td>"
            f"{_TD}{_esc(c['next_step']) if c['next_step'] else '–'}{next_on}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text is escaped, pks are ints
