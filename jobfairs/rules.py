"""Who may do what with job fairs.

- Every NAV user sees the calendar and an event's page (run sheet, employers, free slots).
- Market coordinators, IA advisers and project coordinators create events; an event's owners and
  those roles in the event's county change it, add employers, print the employer papers and
  create feedback links.
- Counsellors (veileder) book their own office's candidates and change only those bookings.
- Leaders see the fill rate of the event's offices.
"""

from accounts.access import (
    county_ids,
    has_role,
    is_admin,
    memberships_of,
    office_ids,
    rule,
    scope,
    sql_scope,
)
from accounts.models import Role

ORGANISERS = (Role.MARKEDSKOORDINATOR, Role.IA_RADGIVER, Role.PROSJEKTKOORDINATOR)


def _nav_user(user) -> bool:
    return is_admin(user) or bool(memberships_of(user))


def organises(user, event) -> bool:
    if event is None:
        return False
    if is_admin(user) or event.county_id in county_ids(user, *ORGANISERS):
        return True  # from the memberships already loaded: the owners are read only if needed
    owner_ids = getattr(event, "owner_ids", None)  # read with the event (selectors.event_get)
    if owner_ids is not None:
        return user.pk in owner_ids
    return any(owner.pk == user.pk for owner in event.owners.all())


@scope("jobfairs.Event")
def _events(user, queryset):
    return queryset if _nav_user(user) else queryset.none()


@scope("jobfairs.Booking")
def _bookings(user, queryset):
    return queryset.filter(candidate__office_id__in=office_ids(user), candidate__erased_at__isnull=True)


@sql_scope("jobfairs.Booking")
def _bookings_sql(user, alias):
    """`_bookings` as SQL (the rotation's walks, jobfairs.selectors._ROTATION_SQL)."""
    offices = office_ids(user)
    if not offices:
        return None
    # `alias` is the calling statement's own table alias, never input; the offices are a parameter.
    condition = (
        f"EXISTS (SELECT 1 FROM candidates_candidate AS scope_c WHERE scope_c.id = {alias}.candidate_id"  # noqa: S608
        " AND scope_c.office_id = ANY(%(scope_offices)s) AND scope_c.erased_at IS NULL)"
    )
    return condition, {"scope_offices": sorted(offices)}


@scope("jobfairs.WaitingListEntry")
def _waiting(user, queryset):
    return queryset.filter(candidate__office_id__in=office_ids(user), candidate__erased_at__isnull=True)


@rule("jobfairs.view")
def _view(user, event):
    return _nav_user(user)


@rule("jobfairs.create")
def _create(user, obj):
    return is_admin(user) or has_role(user, *ORGANISERS)


@rule("jobfairs.change")
def _change(user, event):
    return organises(user, event)


@rule("jobfairs.change_employer")
def _change_employer(user, entry):
    return entry is not None and organises(user, entry.event)


@rule("jobfairs.book")
def _book(user, event):
    return bool(office_ids(user)) and (event is None or event.status == "publisert")


@rule("jobfairs.print_counsellor")
def _print_counsellor(user, event):
    return bool(office_ids(user))


@rule("jobfairs.change_booking")
def _change_booking(user, booking):
    return booking is not None and booking.candidate.office_id in office_ids(user)


@rule("jobfairs.fill_rate")
def _fill_rate(user, event):
    return organises(user, event) or bool(office_ids(user, Role.LEDER))
