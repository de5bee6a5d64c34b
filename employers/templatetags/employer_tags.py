"""Rows of the employer home sections rendered in Python (issue 16), like placements' rows: each
row went through the template engine (a tag, a date, a plural, a link per row); here a row is one
f-string with its text escaped."""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core.templatetags.aksel import aksel_tag
from core.templatetags.rows import plain_date, url_prefix

register = template.Library()


@register.simple_tag
def next_step_items(steps):
    """The <li>s of «Mine neste steg» from `selectors.my_next_steps`: date (overdue or planned
    tag), employer linked, the step's text."""
    employer = url_prefix("employers:employer_detail")
    overdue, planned = aksel_tag(gettext("Forfalt"), "danger"), aksel_tag(gettext("Planlagt"), "info")
    html = []
    for step in steps:
        if step["planned"]:
            css, tag = ' class="app-timeline--planned"', planned
            when = dateformat.format(timezone.localtime(step["time"]), r"j. F \k\l. H:i")
        else:
            css, tag = (' class="app-timeline--overdue"', overdue) if step["overdue"] else ("", "")
            when = plain_date(step["date"], "j. F Y")
        html.append(
            f"<li{css}><strong>{when}</strong> {tag}"
            f'<div><a class="aksel-link" href="{employer}{step["employer_id"]}/">'
            f"{escape(step['employer_name'])}</a>: {escape(step['text'])}</div></li>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above, the rest are dates and ids


@register.simple_tag
def open_need_items(needs):
    """The <li>s of «Nyeste åpne behov i regionen din» from `selectors.open_needs_in_region`."""
    need = url_prefix("employers:need_detail")
    deadline = gettext("frist")
    html = []
    for n in needs:
        places = ngettext("%(places)s plass", "%(places)s plasser", n["places"]) % {"places": n["places"]}
        until = f" · {deadline} {plain_date(n['deadline'], 'j. F')}" if n["deadline"] else ""
        html.append(
            f'<li><a class="aksel-link" href="{need}{n["pk"]}/">{escape(n["title"])}</a> – '
            f'{escape(n["employer_name"])}<br><span class="app-muted">{escape(n["municipality_name"])} · '
            f"{places}{until}</span></li>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above, the rest are dates and ids


_CELL = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium">'


@register.simple_tag
def no_contact_rows(employers):
    """The <tr>s of templates/employers/_no_contact_table.html from `selectors.employers_without_contact`:
    employer linked, municipality, the last contact's date or «Aldri»."""
    employer = url_prefix("employers:employer_detail")
    never = escape(gettext("Aldri"))
    html = []
    for e in employers:
        last = e["last_contact_at"]
        when = dateformat.format(timezone.localtime(last), "j. F Y") if last else never
        html.append(
            f'<tr class="aksel-table__row">{_CELL}<a class="aksel-link" href="{employer}{e["pk"]}/">'
            f"{escape(e['name'])}</a></td>{_CELL}{escape(e['municipality_name'])}</td>{_CELL}{when}</td></tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every text is escaped above, the rest are dates and ids
