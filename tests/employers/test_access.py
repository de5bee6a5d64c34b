import pytest

from accounts.access import can, visible
from employers.models import Employer, Need

from .factories import EmployerFactory, NeedFactory, municipality

pytestmark = pytest.mark.django_db


def test_register_is_shared_but_writes_are_for_managers_of_the_county(
    veileder, other_veileder, radgiver, markedskoordinator, koordinator, leder
):
    innlandet = EmployerFactory()
    vestland = EmployerFactory(municipality=municipality("4601"))
    for user in (veileder, other_veileder, radgiver, markedskoordinator, koordinator, leder):
        assert visible(user, Employer.objects.all()).count() == 2
        assert can(user, "employers.log_contact", innlandet)
    for user in (radgiver, markedskoordinator):
        assert can(user, "employers.change", innlandet)
        assert can(user, "employers.create_need", innlandet)
        assert not can(user, "employers.change", vestland)
        assert can(user, "employers.import") and can(user, "employers.export")
    for user in (veileder, koordinator, leder):
        assert not can(user, "employers.change", innlandet)
        assert not can(user, "employers.create")
        assert not can(user, "employers.import")


def test_counsellors_see_open_needs_of_their_county_only(veileder, other_veileder, radgiver):
    open_here = NeedFactory(status="apen", opened_at="2026-01-01T10:00Z")
    draft_here = NeedFactory()
    open_there = NeedFactory(
        employer=EmployerFactory(municipality=municipality("4601")),
        status="apen",
        opened_at="2026-01-01T10:00Z",
    )
    assert set(visible(veileder, Need.objects.all())) == {open_here}
    assert set(visible(other_veileder, Need.objects.all())) == {open_there}
    assert set(visible(radgiver, Need.objects.all())) == {open_here, draft_here}


def test_need_scope_sql_twin_selects_visibles_needs(
    veileder, other_veileder, radgiver, markedskoordinator, koordinator, leder, admin_user, other_office
):
    """employers.rules._needs_sql (the ranking page's need in one statement) selects exactly
    visible()'s needs: a manager's county whatever the status, the open ones of the other
    counties of the user's units; everything for an administrator; nothing without a unit."""
    from accounts.models import Role
    from tests.access import assert_sql_twin_selects_visible
    from tests.factories import UserFactory, user_with_role

    vestland = EmployerFactory(municipality=municipality("4601"))
    for employer in (EmployerFactory(), vestland):
        NeedFactory(employer=employer)  # a draft
        NeedFactory(employer=employer, status="apen", opened_at="2026-01-01T10:00Z")
        NeedFactory(employer=employer, status="besatt", opened_at="2026-01-01T10:00Z")
    # An adviser in Innlandet who is also a counsellor in Vestland: all of one, the open of the other.
    both = user_with_role(Role.IA_RADGIVER, radgiver.memberships.first().unit, username="t-begge")
    both.memberships.create(unit=other_office, role=Role.VEILEDER)
    users = (veileder, other_veileder, radgiver, markedskoordinator, koordinator, leder, admin_user, both)
    for user in (*users, UserFactory()):
        assert_sql_twin_selects_visible(user, Need)
    assert visible(both, Need.objects.all()).count() == 4
    assert visible(admin_user, Need.objects.all()).count() == 6


def test_anonymous_and_roleless_users_see_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import UserFactory

    EmployerFactory()
    assert not visible(AnonymousUser(), Employer.objects.all()).exists()
    assert not visible(UserFactory(), Employer.objects.all()).exists()
    assert not can(UserFactory(), "employers.view_register")
