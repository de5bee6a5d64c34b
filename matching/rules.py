"""Rules for matching (ranking, candidate lists, sharing, the board).

- Ranking for a need: anyone who may see anonymised profiles and sees the need.
- Suggestions for a candidate: the owning office's counsellors (the candidate page's rule).
- Candidate lists: counsellors propose their own office's candidates to needs they can see;
  advisers and market coordinators of the need's county manage the list and share it; everyone
  with a profile role who sees the need may look at the list (identity only for the owning office).
"""

from django.db.models import Q

from accounts.access import county_ids, is_admin, office_ids, roles_of, rule, scope, sql_scope
from accounts.models import Role
from candidates.rules import PROFILE_ROLES
from employers.rules import MANAGERS


def _manages_need(user, need) -> bool:
    return need is not None and (is_admin(user) or need.county_id in county_ids(user, *MANAGERS))


@rule("matching.rank_for_need")
def _rank_for_need(user, need):
    return bool(roles_of(user) & PROFILE_ROLES)


@rule("matching.rank_for_candidate")
def _rank_for_candidate(user, candidate):
    return candidate is not None and candidate.erased_at is None and candidate.office_id in office_ids(user)


@rule("matching.view_list")
def _view_list(user, need):
    return bool(roles_of(user) & PROFILE_ROLES) or _manages_need(user, need)


@rule("matching.propose")
def _propose(user, candidate):
    return (
        candidate is not None
        and candidate.erased_at is None
        and candidate.follow_up_status != "avsluttet"
        and candidate.office_id in office_ids(user, Role.VEILEDER)
    )


@rule("matching.manage_list")
def _manage_list(user, need):
    return _manages_need(user, need)


@rule("matching.change_entry")
def _change_entry(user, entry):
    if entry is None:
        return False
    return _manages_need(user, entry.candidate_list.need) or entry.candidate.office_id in office_ids(user)


# --- The board (tavle) --------------------------------------------------------------------------------
# Counsellors see their office's cases (from registration on); advisers and market coordinators see
# the cases escalated to their county's board. Nobody but the owning office sees who the candidate
# is: the board shows the anonymised profile.

BOARD_OPEN = ("lokalt", "eskalert", "foreslatt")
BOARD_AT_CENTRE = ("eskalert", "foreslatt")


@scope("matching.BoardCase")
def _board_cases(user, queryset):
    if is_admin(user):
        return queryset
    q = Q(office_id__in=office_ids(user))
    counties = county_ids(user, *MANAGERS)
    if counties:
        q |= Q(county_id__in=counties, escalated_at__isnull=False)
    return queryset.filter(q)


@sql_scope("matching.BoardCase")
def _board_cases_sql(user, alias):
    """`_board_cases` as SQL (the board's rows, matching.selectors._BOARD_ROWS_SQL)."""
    if is_admin(user):
        return "true", {}
    offices, counties = office_ids(user), county_ids(user, *MANAGERS)
    if not offices and not counties:
        return None
    # `alias` is the calling statement's own table alias, never input; the ids are parameters.
    condition = (
        f"({alias}.office_id = ANY(%(scope_offices)s) OR ({alias}.county_id = ANY(%(scope_counties)s)"
        f" AND {alias}.escalated_at IS NOT NULL))"
    )
    return condition, {"scope_offices": sorted(offices), "scope_counties": sorted(counties)}


def _own_case(user, case) -> bool:
    return case is not None and case.office_id in office_ids(user, Role.VEILEDER)


def _centre_case(user, case) -> bool:
    return (
        case is not None and case.escalated_at is not None and case.county_id in county_ids(user, *MANAGERS)
    )


@rule("matching.board_view")
def _board_view(user, obj):
    return is_admin(user) or bool(office_ids(user, Role.VEILEDER)) or bool(county_ids(user, *MANAGERS))


@rule("matching.board_register")
def _board_register(user, candidate):
    if candidate is None:
        return bool(office_ids(user, Role.VEILEDER))
    return _propose(user, candidate)


@rule("matching.board_case_view")
def _board_case_view(user, case):
    return is_admin(user) or _own_case(user, case) or _centre_case(user, case)


@rule("matching.board_escalate")
def _board_escalate(user, case):
    return _own_case(user, case) and case.status == "lokalt"


@rule("matching.board_propose")
def _board_propose(user, case):
    return _centre_case(user, case) and case.status in BOARD_AT_CENTRE


@rule("matching.board_close")
def _board_close(user, case):
    """Solve or close: the owning office always; the centre's advisers once it is theirs."""
    return (
        case is not None and case.status in BOARD_OPEN and (_own_case(user, case) or _centre_case(user, case))
    )
