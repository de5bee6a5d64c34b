import datetime

import pytest

from employers.models import ContactPerson
from placements import services
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, municipality
from tests.projects.factories import ProjectFactory

START = datetime.date(2026, 3, 2)


@pytest.fixture
def employer(db, radgiver):
    return EmployerFactory(name="Butikken AS", municipality=municipality("3403"), primary_contact=radgiver)


@pytest.fixture
def mentor(employer):
    return ContactPerson.objects.create(employer=employer, name="Mona Mentor", role="mentor")


@pytest.fixture
def candidate(office, veileder):
    return make_candidate(office=office, by=veileder)


@pytest.fixture
def project(db, koordinator):
    return ProjectFactory(name="Ta sjansen Test", coordinator=koordinator)


@pytest.fixture
def draft(candidate, employer, veileder, radgiver):
    return services.placement_create_draft(
        candidate=candidate,
        employer=employer,
        by=veileder,
        planned_start=START,
        planned_end=START + datetime.timedelta(days=90),
        adviser=radgiver,
    )


def make_active(placement, by, *, plan="manedlig", start=START):
    """Plan agreed, start-up meeting scheduled and held: the placement is active."""
    services.follow_up_plan_apply(placement=placement, kind=plan, by=by)
    services.follow_up_plan_agree(placement=placement, by=by, on=start - datetime.timedelta(days=7))
    services.placement_schedule_startup(
        placement=placement,
        at=datetime.datetime(start.year, start.month, start.day, 9, tzinfo=datetime.UTC),
        by=by,
    )
    services.placement_mark_ready(placement=placement, by=by)
    return services.placement_start(
        placement=placement,
        by=by,
        held_on=start,
        goal="Arbeidserfaring i butikk",
        training="Kasseopplæring første uke",
        support="Fast fadder",
        reception="Omvisning og presentasjon",
    )
