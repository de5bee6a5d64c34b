"""Who may see candidates, and how much (domain.md §7).

- Identity (Candidate) and everything on the candidate page: counsellors (veileder) of the
  owning NAV-kontor only. Not leaders, not coordinators, not admins.
- Anonymised profiles (CandidateProfile): counsellors of any office, IA-rådgivere,
  markedskoordinatorer and prosjektkoordinatorer; only candidates in follow-up (active or paused)
  whose identity has not been erased.
- Aggregates: leaders, for the NAV-kontor they lead.
- Access log: admins; leaders for their offices' candidates; counsellors for their office's.
- Erasure on request: admins only.
"""

from accounts.access import is_admin, office_ids, roles_of, rule, scope, sql_scope
from accounts.models import Role

PROFILE_ROLES = frozenset(
    {Role.VEILEDER, Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR, Role.PROSJEKTKOORDINATOR}
)


def _owns(user, candidate) -> bool:
    return candidate is not None and candidate.erased_at is None and candidate.office_id in office_ids(user)


@scope("candidates.Candidate")
def _candidates(user, queryset):
    return queryset.filter(office_id__in=office_ids(user), erased_at__isnull=True)


@sql_scope("candidates.Candidate")
def _candidates_sql(user, alias):
    """`_candidates` as SQL (the job fairs' own-candidate select, jobfairs.selectors.own_candidates)."""
    offices = office_ids(user)
    if not offices:
        return None
    # `alias` is the calling statement's own table alias, never input; the offices are parameters.
    # IN (…) as the ORM writes it, not = ANY(array): with one office PostgreSQL then walks the
    # (office, name) index in name order instead of sorting the office's 9,000 rows (20 ms).
    params = {f"scope_office_{i}": pk for i, pk in enumerate(sorted(offices))}
    placeholders = ", ".join(f"%({name})s" for name in params)
    return f"{alias}.office_id IN ({placeholders}) AND {alias}.erased_at IS NULL", params


@scope("candidates.CandidateProfile")
def _profiles(user, queryset):
    if not roles_of(user) & PROFILE_ROLES:
        return queryset.none()
    # `listed` mirrors "in follow-up and not erased" on the profile row itself, so this scope
    # never joins the identity table.
    return queryset.filter(listed=True)


@scope("candidates.AccessLogEntry")
def _access_log(user, queryset):
    if is_admin(user):
        return queryset
    offices = office_ids(user) | office_ids(user, Role.LEDER)
    return queryset.filter(candidate__office_id__in=offices)


@rule("candidates.list")
def _list(user, obj):
    return bool(office_ids(user))


@rule("candidates.create")
def _create(user, obj):
    return bool(office_ids(user))


@rule("candidates.view")
def _view(user, candidate):
    return _owns(user, candidate)


@rule("candidates.change")
def _change(user, candidate):
    return _owns(user, candidate)


@rule("candidates.export")
def _export(user, obj):
    return bool(office_ids(user))


@rule("candidates.view_profiles")
def _view_profiles(user, obj):
    return bool(roles_of(user) & PROFILE_ROLES)


@rule("candidates.view_statistics")
def _view_statistics(user, obj):
    return bool(office_ids(user, Role.LEDER))


@rule("candidates.view_access_log")
def _view_access_log(user, candidate):
    if candidate is None:
        return is_admin(user) or bool(office_ids(user, Role.LEDER))
    return is_admin(user) or candidate.office_id in (office_ids(user) | office_ids(user, Role.LEDER))


@rule("candidates.erase")
def _erase(user, candidate):
    return is_admin(user)
