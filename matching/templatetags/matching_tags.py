"""Small panels that the need page and the candidate page include, so those templates need one
line each and no view in employers or candidates imports matching; and the ranking tables' rows."""

import html
from urllib.parse import quote

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.access import can
from core.templatetags.rows import url_prefix

from .. import selectors

register = template.Library()

PANEL_SIZE = 5

# The rows' texts are str: the standard library's escape is what Django's escape() calls, without
# its lazy-string wrapper (as employers/templatetags/employer_rows.py).
_esc = html.escape


@register.inclusion_tag("matching/_need_panel.html", takes_context=True)
def need_matching_panel(context, need):
    user = context["request"].user
    out = {"need": need, "request": context["request"]}
    if can(user, "matching.rank_for_need", need) and need.status == "apen":
        out["suggestions"] = selectors.need_suggestions(user=user, need=need, top=PANEL_SIZE)
    if can(user, "matching.view_list", need):
        rows = selectors.list_rows(user=user, need=need)
        out["rows"] = rows
        out["balance"] = selectors.list_balance(need=need, rows=rows)
        out["can_view_list"] = True
    return out


@register.inclusion_tag("matching/_candidate_panel.html", takes_context=True)
def candidate_matching_panel(context, candidate):
    user = context["request"].user
    out = {"candidate": candidate}
    if can(user, "matching.rank_for_candidate", candidate):
        out["suggestions"] = selectors.candidate_suggestions(user=user, candidate=candidate, top=PANEL_SIZE)
        out["entries"] = list(
            candidate.list_entries.select_related("candidate_list__need__employer").order_by("-created_at")[
                :10
            ]
        )
    return out


# Per row of the ranking tables: simple tags, not an include per row, and one f-string per line
# with only the texts escaped (kind and points are ours: a word from a fixed set and an integer)
# instead of format_html escaping every argument (issue 16).
@register.simple_tag
def match_score(score, meets):
    """The score out of 100, and a warning tag when the hard requirements are not met."""
    return mark_safe(_score(score, meets, _score_texts()))  # noqa: S308 (the texts are escaped)


@register.simple_tag
def match_breakdown(lines):
    """Every point of the score as a line (scoring.Line); the points add up to the score."""
    return mark_safe(_breakdown(lines, _breakdown_head()))  # noqa: S308 (the texts are escaped)


def _score_texts() -> tuple[str, str]:
    """The score's title and the warning tag, escaped, in the current language."""
    return (
        f'<span class="app-score" title="{escape(_("Match av 100"))}">',
        ' <span class="aksel-tag aksel-tag--warning aksel-tag--small aksel-body-short '
        f'aksel-body-short--small">{escape(_("oppfyller ikke kravene"))}</span>',
    )


def _score(score, meets, texts: tuple[str, str]) -> str:
    head, warning = texts
    return f"{head}{int(score)}</span>" if meets else f"{head}{int(score)}</span>{warning}"


def _breakdown_head() -> str:
    return (
        '<details class="app-breakdown"><summary class="aksel-body-short aksel-body-short--small">'
        f'{escape(_("Slik er poengene regnet ut"))}</summary><ul class="app-breakdown__list">'
    )


def _breakdown(lines, head: str) -> str:
    items = "".join(
        f'<li class="app-breakdown__{line.kind}"><span class="app-breakdown__points">'
        f"{f'+{int(line.points)}' if line.points else '0'}</span> {_esc(line.text)}</li>"
        for line in lines
    )
    return f"{head}{items}</ul></details>"


_TD = '<td class="aksel-table__data-cell aksel-body-short aksel-body-short--medium">'
_SUBMIT = '<button type="submit" data-variant="secondary" class="aksel-button aksel-button--small"><span class="aksel-label">'


@register.simple_tag(takes_context=True)
def suggestion_rows(context, suggestions, need, full=False, can_propose=False):
    """The <tr>s of a need's ranked profiles (selectors.Suggestion), on the ranking page (`full`:
    with the breakdown) and in the need page's panel: score, the profile's code linking to the
    profile, the own office's name linking to the candidate, age band and place, the summary and,
    with `can_propose`, the list cell (on the list already, or a form proposing an own candidate).
    One f-string per row with its texts escaped, the links' prefixes reversed once and the CSRF
    field rendered once: through the template engine, with two {% url %}, a {% csrf_token %} and a
    {% blocktranslate %} per row, the rows were most of the page's rendering (issue 16)."""
    profile_url = _esc(url_prefix("candidates:profile_detail"))
    candidate_url = _esc(url_prefix("candidates:detail"))
    scores, head = _score_texts(), _breakdown_head() if full else ""
    if can_propose:
        # What {% csrf_token %} renders, once for all the forms.
        form = (
            f'<form method="post" action="{_esc(reverse("matching:propose", args=[need.pk]))}">'
            f"{CsrfTokenNode().render(context)}"
        )
        on_list, propose = _esc(_("På listen")), _("Foreslå %(code)s")
    rows = []
    for s in suggestions:
        p = s.profile
        code = _esc(p.code)
        name = (
            f'<br><a class="aksel-link" href="{candidate_url}{s.candidate_id:d}/">{_esc(s.name)}</a>'
            if s.name
            else ""
        )
        if not can_propose:
            cell = ""
        elif s.on_list:
            cell = f"{_TD}{on_list}</td>"
        elif s.candidate_id:
            cell = (
                f'{_TD}{form}<input type="hidden" name="candidate" value="{s.candidate_id:d}">'
                f"{_SUBMIT}{propose % {'code': code}}</span></button></form></td>"
            )
        else:
            cell = f"{_TD}</td>"
        rows.append(
            '<tr class="aksel-table__row">\n    <td class="aksel-table__data-cell aksel-body-short '
            f'aksel-body-short--medium app-nowrap">{_score(s.score, s.meets, scores)}</td>\n    '
            f'{_TD}<a class="aksel-link" href="{profile_url}{_esc(quote(p.code))}/">{code}</a>{name}'
            f'<div class="app-muted">{_esc(str(p.age_band_label))} · {_esc(str(p.municipality or p.county))}</div>'
            f"</td>\n    {_TD}{_esc(s.summary)}{_breakdown(s.lines, head) if full else ''}</td>\n    {cell}\n  </tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every text is escaped above, the rest are numbers)
