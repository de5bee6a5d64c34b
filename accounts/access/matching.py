"""Rules for matching (ranking, candidate lists, sharing, the board).

- Ranking for a need: anyone who may see anonymised profiles and sees the need.
- Suggestions for a candidate: the owning office's counsellors (the candidate page's rule).
- Candidate lists: counsellors propose their own office's candidates to needs they can see;
  advisers and market coordinators of the need's county manage the list and share it; everyone
  with a profile role who sees the need may look at the list (identity only for the owning office).
"""

from ..models import Role
from . import county_ids, is_admin, office_ids, roles_of, rule
from .candidates import PROFILE_ROLES
from .employers import MANAGERS


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
