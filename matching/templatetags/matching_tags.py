"""Small panels that the need page and the candidate page include, so those templates need one
line each and no view in employers or candidates imports matching."""

from django import template

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
