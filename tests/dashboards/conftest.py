"""A small world built with factories, described by a plain spec (SPEC) that the tests read to
compute the expected figures on their own."""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from accounts.models import Role
from employers.models import Sector
from matching.models import CandidateList, ListEntry, ListEntryEvent
from projects.models import Enrolment, Project
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, NeedFactory
from tests.factories import NavUnitFactory, user_with_role
from tests.projects.factories import ProjectFactory

CUTOFF = dt.date(2026, 9, 30)
D = dt.date


@dataclass
class Person:
    project: str
    office: str
    age: int
    innsats: str
    enrolled_on: dt.date
    exited_on: dt.date | None = None
    exit_reason: str = ""
    # (employer, proposed on, interview on or None, got job on or None)
    entries: list = field(default_factory=list)


def _spec() -> list[Person]:
    people = []
    for i in range(10):  # P1 at Hamar: the project's main group
        entries = []
        if i < 7:
            entries.append(
                ("public", D(2026, 3, 1), D(2026, 3, 10) if i < 6 else None, D(2026, 4, 1) if i < 5 else None)
            )
        people.append(
            Person(
                "P1",
                "hamar",
                22 if i < 6 else 40,
                "standard" if i % 2 == 0 else "spesielt_tilpasset",
                D(2026, 2, 10),
                D(2026, 6, 30) if i < 5 else None,
                "ordinary_work" if i < 5 else "",
                entries,
            )
        )
    for i in range(2):  # P1 at Elverum: a small group (suppressed)
        entries = [("private", D(2026, 4, 1), None, None)] if i == 0 else []
        people.append(Person("P1", "elverum", 25, "standard", D(2026, 3, 15), entries=entries))
    for i in range(6):  # P2 in Bergen, last year
        people.append(
            Person(
                "P2",
                "bergen",
                35,
                "varig_tilpasset",
                D(2025, 3, 1),
                D(2025, 9, 1),
                "education" if i < 5 else "moved",
            )
        )
    # Enrolled after the cutoff: in no figure of this snapshot.
    people.append(Person("P1", "hamar", 22, "standard", D(2026, 10, 5)))
    return people


SPEC = _spec()


@pytest.fixture
def world(db, office, other_office, koordinator, leder, veileder, other_veileder):
    from tests.factories import county

    elverum = NavUnitFactory(
        unit_number="9403", name="NAV Testelverum", county=county("34"), municipalities=["3420"]
    )
    elverum_veileder = user_with_role(Role.VEILEDER, elverum, username="t-veileder-elverum")
    offices = {
        "hamar": (office, veileder),
        "elverum": (elverum, elverum_veileder),
        "bergen": (other_office, other_veileder),
    }
    employers = {
        "public": EmployerFactory(name="Testkommune helse", sector=Sector.MUNICIPAL),
        # A name that is a spreadsheet formula: exports must neutralise it.
        "private": EmployerFactory(name='=HYPERLINK("http://evil")', sector=Sector.PRIVATE),
    }
    lists = {k: CandidateList.objects.create(need=NeedFactory(employer=e)) for k, e in employers.items()}
    projects = {
        "P1": ProjectFactory(
            name="Testprosjekt Hamar", status=Project.Status.ACTIVE, coordinator=koordinator
        ),
        "P2": ProjectFactory(name="Testprosjekt Bergen", region=county("46")),
    }
    for person in SPEC:
        unit, counsellor = offices[person.office]
        candidate = make_candidate(
            office=unit, by=counsellor, age_years=person.age, innsatsgruppe=person.innsats
        )
        Enrolment.objects.create(
            project=projects[person.project],
            candidate=candidate,
            enrolled_on=person.enrolled_on,
            status="avsluttet" if person.exited_on else "aktiv",
            exited_on=person.exited_on,
            exit_reason=person.exit_reason,
        )
        for employer, proposed, interview, got_job in person.entries:
            entry = ListEntry.objects.create(candidate_list=lists[employer], candidate=candidate)
            ListEntry.objects.filter(pk=entry.pk).update(created_at=_at(proposed))
            for day, fieldname, value in (
                (interview, "status", "til_intervju"),
                (got_job, "utfall", "fatt_jobben"),
            ):
                if day:
                    event = ListEntryEvent.objects.create(entry=entry, field=fieldname, to_value=value)
                    ListEntryEvent.objects.filter(pk=event.pk).update(at=_at(day))
    return {
        "offices": {k: v[0] for k, v in offices.items()},
        "projects": projects,
        "employers": employers,
    }


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture
def snapshot(world):
    from dashboards.services import snapshot_build

    return snapshot_build(cutoff=CUTOFF)
