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


def test_anonymous_and_roleless_users_see_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import UserFactory

    EmployerFactory()
    assert not visible(AnonymousUser(), Employer.objects.all()).exists()
    assert not visible(UserFactory(), Employer.objects.all()).exists()
    assert not can(UserFactory(), "employers.view_register")
