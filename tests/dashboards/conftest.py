"""A small world built with factories, described by a plain spec (SPEC) that the tests read to
compute the expected figures on their own."""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from accounts.models import Role
from employers.models import Sector
from jobfairs import services as jobfair_services
from jobfairs.models import Booking, Event
from matching.models import BoardCase, BoardProposal, CandidateList, ListEntry, ListEntryEvent
from placements.models import FollowUp, Placement
from projects.models import Enrolment, Project
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, NeedFactory
from tests.factories import NavUnitFactory, UserFactory, user_with_role
from tests.jobfairs.factories import make_event
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
    # (employer, started on, ended on or None, outcome)
    placement: tuple | None = None
    # (due on, done on or None, status) of that placement
    follow_ups: list = field(default_factory=list)
    # months -> (done on, result) of that placement's retention checks
    retention: dict = field(default_factory=dict)
    # (fair, attended, offer)
    bookings: list = field(default_factory=list)


# Fairs: key -> (date, employer, places); board cases solved: (office, closed on, adviser, unit).
FAIRS = {"F1": (D(2026, 5, 20), "private", 4), "F2": (D(2026, 6, 10), "public", 4)}
BOARD = [
    *[("hamar", D(2026, 5, 1 + i), "radgiver", "worklife") for i in range(6)],
    ("hamar", D(2026, 8, 1), "radgiver2", "worklife"),
    ("bergen", D(2026, 7, 1), "radgiver2", "worklife"),
    ("bergen", D(2026, 10, 20), "radgiver", "worklife"),  # after the cutoff
]


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
                placement=(
                    "public",
                    D(2026, 4, 15),
                    D(2026, 6, 30),
                    "ordinaert_arbeid" if i < 4 else "avbrutt",
                )
                if i < 5
                else None,
                follow_ups=[
                    (D(2026, 5, 1), D(2026, 4, 30), "utfort"),
                    (D(2026, 6, 1), D(2026, 6, 5), "utfort") if i < 2 else (D(2026, 6, 1), None, "planlagt"),
                ]
                if i < 5
                else [],
                bookings=[("F1", i < 7, i == 5)] if 5 <= i < 9 else [],
            )
        )
    for i in range(2):  # P1 at Elverum: a small group (suppressed)
        entries = [("private", D(2026, 4, 1), None, None)] if i == 0 else []
        bookings = [("F2", False, False)] if i == 0 else []
        people.append(
            Person("P1", "elverum", 25, "standard", D(2026, 3, 15), entries=entries, bookings=bookings)
        )
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
                placement=("private", D(2025, 4, 1), D(2025, 8, 1), "utdanning" if i < 5 else "avbrutt"),
                follow_ups=[(D(2025, 5, 1), D(2025, 5, 20), "utfort")] if i < 3 else [],
                retention={
                    6: (D(2026, 2, 3), "i_arbeid" if i < 5 else "ikke_i_arbeid"),
                    **({12: (D(2026, 8, 3), "i_arbeid")} if i < 3 else {}),
                },
            )
        )
    # Enrolled after the cutoff: in no figure of this snapshot.
    people.append(Person("P1", "hamar", 22, "standard", D(2026, 10, 5)))
    return people


SPEC = _spec()


@pytest.fixture
def world(
    db,
    office,
    other_office,
    koordinator,
    leder,
    veileder,
    other_veileder,
    markedskoordinator,
    radgiver,
    worklife_centre,
):
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
    advisers = {"radgiver": radgiver, "radgiver2": UserFactory(username="t-radgiver2", first_name="Rita")}
    fairs = {}
    for key, (_day, employer, places) in FAIRS.items():
        event = make_event(
            by=markedskoordinator, offices=[office, elverum], employers=0, publish=False, title=f"Messe {key}"
        )
        jobfair_services.event_employer_add(
            event=event,
            by=markedskoordinator,
            data={"employer": employers[employer], "unit": "Lager", "tasks": "Plukke", "slot_count": places},
        )
        fairs[key] = jobfair_services.event_publish(event=event, by=markedskoordinator)
    by_office = {}
    for person in SPEC:
        unit, counsellor = offices[person.office]
        candidate = by_office[person.office] = make_candidate(
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
        if person.placement:
            employer, started, ended, outcome = person.placement
            placement = Placement.objects.create(
                candidate=candidate,
                office=unit,
                employer=employers[employer],
                project=projects[person.project],
                status="avsluttet" if ended else "aktiv",
                started_on=started,
                planned_start=started,
                ended_on=ended,
                outcome=outcome,
            )
            for due, done, status in person.follow_ups:
                FollowUp.objects.create(
                    placement=placement, title="Møte", due_on=due, done_on=done, status=status
                )
            for months, (done, result) in person.retention.items():
                FollowUp.objects.create(
                    placement=placement,
                    kind="varighet",
                    title="Varighet",
                    due_on=done,
                    done_on=done,
                    status="utfort",
                    retention_months=months,
                    retention_result=result,
                )
        for fair, attended, offer in person.bookings:
            slot = fairs[fair].slots.exclude(bookings__isnull=False).order_by("starts_at").first()
            booking = jobfair_services.booking_create(slot=slot, candidate=candidate, by=counsellor)
            Booking.objects.filter(pk=booking.pk).update(
                status="mott" if attended else "ikke_mott", outcome="jobb" if offer else ""
            )
    for key, event in fairs.items():
        Event.objects.filter(pk=event.pk).update(date=FAIRS[key][0], status="holdt")
    for office_key, closed, adviser, _unit in BOARD:
        unit, _counsellor = offices[office_key]
        case = BoardCase.objects.create(
            # A person of the spec: a new candidate would change the candidate tables.
            candidate=by_office[office_key],
            office=unit,
            county=unit.county,
            employer_wanted="Lager",
            status="lost",
            closed_at=_at(closed),
        )
        proposal = BoardProposal.objects.create(
            case=case, employer=employers["public"], proposed_by=advisers[adviser], unit=worklife_centre
        )
        BoardCase.objects.filter(pk=case.pk).update(solved_by_proposal=proposal)
    return {
        "offices": {k: v[0] for k, v in offices.items()},
        "projects": projects,
        "employers": employers,
        "fairs": fairs,
        "advisers": advisers,
    }


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture
def snapshot(world):
    from dashboards.services import snapshot_build

    return snapshot_build(cutoff=CUTOFF)
