"""Who may see and change placements.

- Counsellors (veileder) of the candidate's NAV-kontor: every placement of their office, with the
  candidate's identity; they create and change them.
- The placement's adviser (IA-rådgiver), the employer's NAV contact, and advisers/market
  coordinators of the employer's county: see and follow up the placement, with the candidate
  anonymised (the profile code), and change the employer-side parts.
- Leaders: their offices' placements (anonymised), the unowned list, and hand-over.
- The project's coordinator: the project's placements (anonymised), read only.
- Admins: everything, read only and anonymised.
"""

from django.db.models import Q

from accounts.access import county_ids, is_admin, office_ids, roles_of, rule, scope
from accounts.models import Role

ADVISERS = (Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR)


def sees_identity(user, placement) -> bool:
    return placement.office_id in office_ids(user) and placement.candidate.erased_at is None


def _visible_q(user) -> Q | None:
    if is_admin(user):
        return Q()
    q = Q(pk__in=[])
    offices = office_ids(user) | office_ids(user, Role.LEDER)
    if offices:
        q |= Q(office_id__in=offices)
    counties = county_ids(user, *ADVISERS)
    if counties:
        q |= Q(employer__county_id__in=counties)
    q |= Q(adviser=user) | Q(counsellor=user) | Q(employer_contact=user) | Q(project__coordinator=user)
    return q


@scope("placements.Placement")
def _placements(user, queryset):
    if not (is_admin(user) or roles_of(user)):
        return queryset.none()
    return queryset.filter(_visible_q(user))


@rule("placements.mine")
def _mine(user, obj):
    return bool(roles_of(user) & {Role.VEILEDER, Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR, Role.LEDER})


@rule("placements.create")
def _create(user, obj):
    return bool(office_ids(user))


@rule("placements.view")
def _view(user, placement):
    return placement is not None and (is_admin(user) or bool(roles_of(user)))


@rule("placements.change")
def _change(user, placement):
    if placement is None:
        return False
    return (
        placement.office_id in office_ids(user)
        or user.pk in (placement.adviser_id, placement.employer_contact_id)
        or placement.employer.county_id in county_ids(user, *ADVISERS)
    )


@rule("placements.handover")
def _handover(user, placement):
    if placement is None:
        return bool(office_ids(user, Role.LEDER))
    return placement.office_id in (office_ids(user) | office_ids(user, Role.LEDER))


@rule("placements.unowned")
def _unowned(user, obj):
    return bool(office_ids(user, Role.LEDER))
