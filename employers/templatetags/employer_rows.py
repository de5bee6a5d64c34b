"""The rows of the employer lists (needs, register, contact log), rendered in Python.

The lists are the employer pages under load and their rows were most of each request's cost
(issue 16): per row a template include for the status tag, a {% url %}, a get_FOO_display and
some twenty variable lookups, ~130 µs a row. These tags write the same markup as the template
loops did, with every text escaped, the detail links built from one reversed prefix and the
choice labels read from dicts built once per process.
"""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.navigation import url_prefix
from core.templatetags.aksel import aksel_tag

from ..models import ContactLogEntry, Employer, Need, OfferType, Sector

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


def _day(value) -> str:
    """The date filter's "j.n.Y" (31.1.2026), "–" for none."""
    return f"{value.day}.{value.month}.{value.year}" if value else "–"


def _status_tag(value: str, labels: dict, colours: dict) -> str:
    return aksel_tag(labels.get(value, value), colours.get(value, "neutral"))


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
    """The rows of the needs list (employers/need_list.html)."""
    prefix = url_prefix("employers:need_detail")
    return mark_safe(  # noqa: S308 - every text is escaped, pks and places are ints
        "".join(
            f'{_TR}{_TD}<a class="aksel-link" href="{prefix}{int(n.pk)}/">{escape(n.title)}</a></td>'
            f"{_TD}{escape(n.employer.name)}</td>"
            f"{_TD}{escape(n.occupation.name) if n.occupation and n.occupation.name else '–'}</td>"
            f"{_TD}{escape(n.municipality.name)}</td>"
            f"{_TD}{int(n.places)}</td>"
            f"{_TD}{escape(', '.join(str(_OFFER_TYPES[v]) for v in n.offer_types if v in _OFFER_TYPES))}</td>"
            f"{_TD_NOWRAP}{_day(n.deadline)}</td>"
            f"{_TD}{need_status(n.status)}</td></tr>"
            for n in needs
        )
    )


@register.simple_tag
def employer_rows(employers):
    """The rows of the employer register (employers/employer_list.html)."""
    prefix = url_prefix("employers:employer_detail")
    return mark_safe(  # noqa: S308 - every text is escaped, pks are ints
        "".join(
            f'{_TR}{_TD}<a class="aksel-link" href="{prefix}{int(e.pk)}/">{escape(e.name)}</a></td>'
            f"{_TD_NOWRAP}{escape(e.orgnr_display)}</td>"
            f"{_TD}{escape(_SECTORS.get(e.sector, e.sector))}</td>"
            f"{_TD}{escape(e.municipality.name)}</td>"
            f"{_TD}{employer_status(e.status)}</td>"
            f"{_TD}{escape(e.primary_contact.display_name) if e.primary_contact else '–'}</td>"
            f"{_TD_NOWRAP}{_day(e.last_contact_at and timezone.localtime(e.last_contact_at))}</td></tr>"
            for e in employers
        )
    )


@register.simple_tag
def contact_rows(entries, now):
    """The rows of the contact log (employers/contact_log_list.html); a contact after `now` is
    tagged as planned."""
    prefix = url_prefix("employers:employer_detail")
    planned = aksel_tag(_("Planlagt"), "info")
    rows = []
    for c in entries:
        at = timezone.localtime(c.occurred_at)
        unit = f'<div class="app-muted">{escape(c.unit.name)}</div>' if c.unit else ""
        next_on = f" ({_day(c.next_step_on)})" if c.next_step_on else ""
        rows.append(
            f"{_TR}{_TD_NOWRAP}{_day(at)} {at:%H:%M}{' ' + planned if c.occurred_at > now else ''}</td>"
            f'{_TD}<a class="aksel-link" href="{prefix}{int(c.employer_id)}/">{escape(c.employer.name)}</a></td>'
            f"{_TD}{escape(_CHANNELS.get(c.channel, c.channel))}</td>"
            f"{_TD}{escape(c.user.display_name)}{unit}</td>"
            f"{_TD}{escape(c.purpose)}</td>"
            f"{_TD}{escape(c.next_step) if c.next_step else '–'}{next_on}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text is escaped, pks are ints
