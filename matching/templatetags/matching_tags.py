"""Small panels that the need page and the candidate page include, so those templates need one
line each and no view in employers or candidates imports matching."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.access import can

from .. import selectors

register = template.Library()

PANEL_SIZE = 5


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
    html = f'<span class="app-score" title="{escape(_("Match av 100"))}">{int(score)}</span>'
    if not meets:
        html += (
            ' <span class="aksel-tag aksel-tag--warning aksel-tag--small aksel-body-short '
            f'aksel-body-short--small">{escape(_("oppfyller ikke kravene"))}</span>'
        )
    return mark_safe(html)  # noqa: S308 (the texts are escaped above)


@register.simple_tag
def match_breakdown(lines):
    """Every point of the score as a line (scoring.Line); the points add up to the score."""
    items = "".join(
        f'<li class="app-breakdown__{line.kind}"><span class="app-breakdown__points">'
        f"{f'+{int(line.points)}' if line.points else '0'}</span> {escape(line.text)}</li>"
        for line in lines
    )
    return mark_safe(  # noqa: S308 (the texts are escaped above)
        '<details class="app-breakdown"><summary class="aksel-body-short aksel-body-short--small">'
        f'{escape(_("Slik er poengene regnet ut"))}</summary><ul class="app-breakdown__list">{items}</ul></details>'
    )
