"""The access module: facts about users, and the fail-closed rule/scope registry."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts import access
from accounts.models import Membership, NavUnit, Role
from core.models import Notification, OutboxMessage, WorkerHeartbeat
from core.services import heartbeat_record, notification_create
from tests.factories import MembershipFactory, NavUnitFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_roles_units_offices_and_counties(veileder, office, other_office):
    MembershipFactory(user=veileder, unit=other_office, role=Role.LEDER)
    veileder._access_memberships = None
    assert access.roles_of(veileder) == {Role.VEILEDER, Role.LEDER}
    assert access.office_ids(veileder) == {office.pk}
    assert access.office_ids(veileder, Role.LEDER) == {other_office.pk}
    assert access.unit_ids(veileder) == {office.pk, other_office.pk}
    assert access.county_ids(veileder, Role.VEILEDER) == {office.county_id}
    assert access.county_ids(veileder) == {office.county_id, other_office.county_id}
    assert access.has_role(veileder, Role.LEDER)
    assert not access.has_role(veileder, Role.IA_RADGIVER)


def test_office_ids_ignores_non_office_units(radgiver, worklife_centre):
    assert worklife_centre.kind == NavUnit.Kind.WORKLIFE_CENTRE
    assert access.office_ids(radgiver, Role.IA_RADGIVER) == set()
    assert access.unit_ids(radgiver, Role.IA_RADGIVER) == {worklife_centre.pk}


def test_memberships_are_cached_per_user_object(veileder, django_assert_num_queries):
    fresh = type(veileder).objects.get(pk=veileder.pk)
    with django_assert_num_queries(1):
        access.roles_of(fresh)
        access.office_ids(fresh)
        access.county_ids(fresh)
        access.primary_membership(fresh)


def test_user_facts_come_with_the_memberships(veileder, django_assert_num_queries):
    """The menu's rules ask on every page whether the user coordinates a project: answered from the
    memberships query, not a query of its own (issue 16). A user without memberships asks once."""
    from tests.projects.factories import ProjectFactory

    fresh = type(veileder).objects.get(pk=veileder.pk)
    with django_assert_num_queries(1):
        assert access.roles_of(fresh) == {Role.VEILEDER}
        assert not access.fact(fresh, "projects.coordinator")
        assert not access.can(fresh, "dashboards.view")
    ProjectFactory(coordinator=veileder)
    fresh = type(veileder).objects.get(pk=veileder.pk)
    with django_assert_num_queries(1):
        assert access.fact(fresh, "projects.coordinator")
        assert access.can(fresh, "dashboards.view")
    loner = UserFactory()
    ProjectFactory(coordinator=loner)
    with django_assert_num_queries(2):
        assert access.memberships_of(loner) == []
        assert access.fact(loner, "projects.coordinator")
        assert access.fact(loner, "projects.coordinator")
    with pytest.raises(KeyError):
        access.fact(loner, "no.such.fact")


def test_anonymous_and_inactive_users_get_nothing(veileder):
    anonymous = AnonymousUser()
    assert not access.can(anonymous, "core.read_notification", None)
    assert access.visible(anonymous, Notification.objects.all()).count() == 0
    veileder.is_active = False
    assert not access.can(veileder, "core.view_admin")
    assert access.visible(veileder, Notification.objects.all()).count() == 0


def test_unknown_action_and_unscoped_model_fail_closed(admin_user):
    assert not access.can(admin_user, "nothing.registered")
    with pytest.raises(PermissionDenied):
        access.require(admin_user, "nothing.registered")
    # A model without a registered scope returns no rows, even for an admin.
    heartbeat_record(worker="celery@test")
    assert WorkerHeartbeat.objects.count() == 1
    assert access.visible(admin_user, WorkerHeartbeat.objects.all()).count() == 0


def test_notifications_are_private_to_their_user(veileder, other_veileder):
    mine = notification_create(user=veileder, title="Nytt behov i regionen")
    notification_create(user=other_veileder, title="Ikke ditt")
    assert list(access.visible(veileder, Notification.objects.all())) == [mine]
    assert access.can(veileder, "core.read_notification", mine)
    assert not access.can(other_veileder, "core.read_notification", mine)


def test_outbox_is_admin_only(veileder, admin_user):
    OutboxMessage.objects.create(dedupe_key="k", recipient="a@b.no", subject="s", body_text="t", template="x")
    assert access.visible(veileder, OutboxMessage.objects.all()).count() == 0
    assert access.visible(admin_user, OutboxMessage.objects.all()).count() == 1
    assert access.can(admin_user, "core.view_admin")
    assert not access.can(veileder, "core.view_admin")


def test_leaders_see_staff_of_their_units_only(leder, veileder, office, other_veileder):
    visible = access.visible(leder, Membership.objects.all())
    assert set(visible.values_list("user__username", flat=True)) == {leder.username, veileder.username}
    assert access.can(leder, "accounts.view_unit_staff", office)
    other_unit = other_veileder.memberships.get().unit
    assert not access.can(leder, "accounts.view_unit_staff", other_unit)
    # A counsellor sees only their own memberships.
    assert list(access.visible(veileder, Membership.objects.all()).values_list("user", flat=True)) == [
        veileder.pk
    ]


def test_primary_membership_is_the_first_one(office, other_office):
    user = UserFactory()
    first = MembershipFactory(user=user, unit=office, role=Role.VEILEDER)
    MembershipFactory(user=user, unit=other_office, role=Role.VEILEDER)
    assert access.primary_membership(user) == first


def test_navunit_tree_requires_parent_except_for_counties():
    from django.db import IntegrityError, transaction

    county_unit = NavUnitFactory(kind=NavUnit.Kind.COUNTY, unit_number="7700")
    assert county_unit.parent is None
    with pytest.raises(IntegrityError), transaction.atomic():
        NavUnit.objects.create(
            unit_number="7701", name="Uten forelder", kind=NavUnit.Kind.OFFICE, county=county_unit.county
        )


def test_user_with_role_helper(office):
    user = user_with_role(Role.LEDER, office)
    assert access.has_role(user, Role.LEDER)


def test_rule_required_mixin_denies_and_refuses_views_without_a_rule(rf, veileder, admin_user):
    from django.core.exceptions import ImproperlyConfigured
    from django.http import HttpResponse
    from django.views import View

    from accounts.mixins import RuleRequiredMixin

    class AdminOnly(RuleRequiredMixin, View):
        rule = "core.view_admin"

        def get(self, request):
            return HttpResponse("ok")

    class Forgotten(RuleRequiredMixin, View):
        def get(self, request):
            return HttpResponse("ok")

    request = rf.get("/")
    request.user = admin_user
    assert AdminOnly.as_view()(request).status_code == 200
    request.user = veileder
    with pytest.raises(PermissionDenied):
        AdminOnly.as_view()(request)
    with pytest.raises(ImproperlyConfigured):
        Forgotten.as_view()(request)
