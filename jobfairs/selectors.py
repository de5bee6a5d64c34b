"""Reads for job fairs: the calendar, an event's employers and free places, the counsellor's
booking page (employers ranked for the candidate with matching's scorer and explanation), print
sheets, fill rate per office, and the fairs for the weekly e-mail (digests)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from accounts.access import office_ids, scope_sql, visible
from accounts.models import NavUnit
from candidates.models import Candidate
from candidates.selectors import candidate_identity_for_employer
from core.selectors import audit_history
from employers.models import Employer, Need
from matching import indexing, scoring

from . import rotation
from .models import (
    Booking,
    DropInVisit,
    Event,
    EventEmployer,
    Participant,
    Selection,
    Slot,
    WaitingListEntry,
)

B = Booking.Status
ACTIVE = ~Q(bookings__status=B.CANCELLED)


def _count_per_event(queryset):
    """The rows of `queryset` per event, as a correlated subquery (0 when none)."""
    counted = queryset.filter(event=OuterRef("pk")).order_by().values("event").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


def event_list(*, user, year: int):
    # Counted per event by subquery: two COUNT(DISTINCT) over a join of slots × bookings built
    # every slot-booking pair of the year first (2 ms for ten events, 0.2 ms like this).
    return (
        visible(user, Event.objects.filter(date__year=year))
        .select_related("project")
        .annotate(
            slot_total=_count_per_event(Slot.objects.all()),
            booked_total=_count_per_event(Booking.objects.exclude(status=B.CANCELLED)),
        )
        .order_by("date", "starts_at", "pk")
    )


def event_months(events) -> list[tuple[datetime.date, list[Event]]]:
    """The year's events by month (the calendar: Ta sjansen sets five dates each November)."""
    months: dict[datetime.date, list[Event]] = defaultdict(list)
    for event in events:
        months[event.date.replace(day=1)].append(event)
    return sorted(months.items())


def calendar_shown(events) -> tuple:
    """Every value the calendar's rows show, in order: with the language, the key under which
    their HTML is cached (templates: {% cache … using="fragments" %}), so a change to any shown
    value, a booking or a new event renders afresh."""
    return tuple(
        (e.pk, e.date, e.title, e.format, e.project.name if e.project else None, e.venue,
         e.booking_deadline, e.booked_total, e.slot_total, e.status)
        for e in events
    )  # fmt: skip


def event_get(*, user, pk: int, full: bool = True) -> Event | None:
    """The event, with its project, owners and offices unless not `full` (the format pages show
    none of them, and an organiser by county is checked without the owners)."""
    # One row by primary key: no ORDER BY to build (the calendar's, or the one first() adds).
    events = visible(user, Event.objects.filter(pk=pk)).order_by()
    if full:
        # The project's name, not the project: a 30-column model built for one link. The owners'
        # ids and names and the offices' names as arrays in the same statement (constant SQL, no
        # input): the two prefetches they replace cost 0.9 ms of the event page's CPU, ArraySubquery
        # as much again to compile (issue 16).
        events = events.annotate(
            project_name=F("project__name"),
            owner_ids=RawSQL(_EVENT_OWNERS.format(column="ou.id"), ()),  # noqa: S611
            owner_names=RawSQL(_EVENT_OWNERS.format(column=_FULL_NAME), ()),  # noqa: S611
            office_names=RawSQL(_EVENT_OFFICES, ()),  # noqa: S611
        )
    return next(iter(events[:1]), None)


_EVENT_OWNERS = (
    "ARRAY(SELECT {column} FROM jobfairs_event_owners AS eo JOIN accounts_user AS ou ON ou.id = eo.user_id"
    " WHERE eo.event_id = jobfairs_event.id ORDER BY ou.id)"
)
# User.get_full_name(), or the username when that is empty (as the event page names its owners).
_FULL_NAME = "COALESCE(NULLIF(TRIM(ou.first_name || ' ' || ou.last_name), ''), ou.username)"
_EVENT_OFFICES = (
    "ARRAY(SELECT n.name FROM jobfairs_event_offices AS eo JOIN accounts_navunit AS n ON n.id = eo.navunit_id"
    " WHERE eo.event_id = jobfairs_event.id ORDER BY n.name, n.id)"
)


def event_employer_get(*, user, pk: int) -> EventEmployer | None:
    event_ids = visible(user, Event.objects.all()).values("pk")
    return (
        EventEmployer.objects.filter(pk=pk, event__in=event_ids)
        .select_related("event__county", "employer", "need")
        .prefetch_related("event__owners")
        .first()
    )


def booking_get(*, user, pk: int) -> Booking | None:
    return (
        visible(user, Booking.objects.filter(pk=pk))
        .select_related("event", "slot__event_employer__employer", "candidate", "participant", "counsellor")
        .first()
    )


def waiting_get(*, user, pk: int) -> WaitingListEntry | None:
    return (
        visible(user, WaitingListEntry.objects.filter(pk=pk))
        .select_related("event_employer__event", "event_employer__employer", "candidate", "offered_slot")
        .first()
    )


@dataclass
class SlotRow:
    slot: "SlotTime"
    taken: int
    held: int

    @property
    def free(self) -> int:
        return max(0, self.slot.capacity - self.taken - self.held)


@dataclass
class EmployerRow:
    entry: EventEmployer
    slots: list[SlotRow]
    score: int | None = None
    meets: bool = True
    lines: list = field(default_factory=list)
    booked_here: bool = False
    waiting: bool = False

    @property
    def free(self) -> int:
        return sum(s.free for s in self.slots)

    @property
    def summary(self) -> str:
        return scoring.summary(self.lines) if self.lines else ""


# An entry with what its rows show and matching's facts read of the employer: building all
# 28 columns of each employer cost more than the rest of the entries' query.
ENTRY_FIELDS = (
    *(f.name for f in EventEmployer._meta.concrete_fields),
    "employer__name",
    "employer__facilitation",
)


class SlotTime(NamedTuple):
    """A slot as the pages show it: plain values, not a Slot model per slot."""

    pk: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int = 1


class BookingState(NamedTuple):
    slot: int
    status: str
    outcome: str
    feedback: bool  # the employer has given feedback
    number: int  # the participant number


@dataclass
class EventSlots:
    by_entry: dict[int, list[SlotTime]]  # event employer pk -> its slots in time order
    bookings: list[BookingState]  # every booking of the event, cancelled ones too


# The slots left-joined to their bookings and participant numbers (event_slots), in time order.
_SLOTS_SQL = """
SELECT s.id, s.event_employer_id, s.starts_at, s.ends_at, s.capacity,
       b.status, b.outcome, b.feedback_at, p.number
FROM jobfairs_slot AS s
LEFT JOIN jobfairs_booking AS b ON b.slot_id = s.id
LEFT JOIN jobfairs_participant AS p ON p.id = b.participant_id
WHERE s.event_id = %s
ORDER BY s.starts_at, s.id, p.number
"""


def event_slots(event: Event) -> EventSlots:
    """The event's slots and the state of each booking in one plain read (the slots left-joined to
    their bookings), which the employer rows (taken places), the event's facts and the rotation
    count in Python: a fair has a few hundred bookings at most, and annotated or filtered COUNTs
    cost more to build in the ORM than these rows cost to count. Plain SQL: the ORM's values_list
    of three joined tables cost 0.5 ms to build for a read of 0.05 ms (issue 16)."""
    by_entry: dict[int, list[SlotTime]] = defaultdict(list)
    bookings = []
    with connection.cursor() as cursor:
        cursor.execute(_SLOTS_SQL, [event.pk])
        found = cursor.fetchall()
    for pk, entry_id, starts_at, ends_at, capacity, status, outcome, feedback_at, number in found:
        slots = by_entry[entry_id]
        if not slots or slots[-1].pk != pk:  # a slot comes once per booking, or once without
            slots.append(SlotTime(pk, starts_at, ends_at, capacity))
        if status is not None:
            bookings.append(BookingState(pk, status, outcome, feedback_at is not None, number))
    return EventSlots(by_entry=by_entry, bookings=bookings)


# The slots of the event held by a waiting-list offer that has not expired (employer_rows).
_HELD_SQL = """
SELECT w.offered_slot_id
FROM jobfairs_waitinglistentry AS w
JOIN jobfairs_eventemployer AS ee ON ee.id = w.event_employer_id
WHERE ee.event_id = %s AND w.status = %s AND w.offer_expires_at > %s
"""


_ENTRY_NAMES = [f.attname for f in EventEmployer._meta.concrete_fields]
# ENTRY_FIELDS in plain SQL, by employer name (employer_rows).
_ENTRIES_SQL = (
    "SELECT "  # noqa: S608 -- the model's own column names, no input
    + ", ".join(f"ee.{f.column}" for f in EventEmployer._meta.concrete_fields)
    + ", e.name, e.facilitation FROM jobfairs_eventemployer AS ee"
    " JOIN employers_employer AS e ON e.id = ee.employer_id WHERE ee.event_id = %s ORDER BY e.name, ee.id"
)


def _event_entries(event: Event) -> list[EventEmployer]:
    """The event's entries with ENTRY_FIELDS of their employer, as `event.employers.select_related(
    "employer").only(*ENTRY_FIELDS)` builds them (the employer's other fields deferred, each
    entry's `event` this instance), from plain SQL: the ORM spent 0.5 ms building the statement
    and its models for a read of a few rows (issue 16). None of these columns has a converter."""
    with connection.cursor() as cursor:
        cursor.execute(_ENTRIES_SQL, [event.pk])
        found = cursor.fetchall()
    entries, width = [], len(_ENTRY_NAMES)
    for row in found:
        entry = EventEmployer.from_db(connection.alias, _ENTRY_NAMES, row[:width])
        entry.employer = Employer.from_db(
            connection.alias, ["id", "name", "facilitation"], (entry.employer_id, *row[width:])
        )
        entry.event = event
        entries.append(entry)
    return entries


def employer_rows(event: Event, *, now=None, slots: EventSlots | None = None) -> list[EmployerRow]:
    """The event's employers with their slots and what is taken and held: three plain reads
    (entries, `event_slots` unless given, held offers), counted here."""
    now = now or timezone.now()
    slots = slots or event_slots(event)
    entries = _event_entries(event)
    taken = Counter(b.slot for b in slots.bookings if b.status != B.CANCELLED)
    with connection.cursor() as cursor:  # plain SQL: the ORM cost 0.3 ms to build this read
        cursor.execute(_HELD_SQL, [event.pk, WaitingListEntry.Status.OFFERED.value, now])
        held = Counter(slot for (slot,) in cursor.fetchall())
    return [
        EmployerRow(
            entry=e, slots=[SlotRow(slot=s, taken=taken[s.pk], held=held[s.pk]) for s in slots.by_entry[e.pk]]
        )
        for e in entries
    ]


def employer_rows_shown(rows: list[EmployerRow]) -> tuple:
    """Every value the event page's employer table shows of `rows` (employers' terms and free
    places, no candidate): with the event, the user's right to change it and the language, the
    key under which the table's HTML is cached, so any change to a shown value renders afresh."""
    return tuple(
        (e.pk, e.employer.name, e.unit, e.tasks, e.minimum_age, e.maximum_age, e.constraints_text, e.room,
         r.free, len(r.slots))
        for r in rows
        for e in (r.entry,)
    )  # fmt: skip


def entry_facts(entries) -> dict[int, scoring.NeedFacts]:
    """event employer pk -> the facts matching's scorer reads for a place there: the facts of
    the employer's need when the entry names one (one query), else the entry's own terms — its
    tasks and other requirements as the text, its age limits, what the employer can facilitate,
    the event's county — with no occupation, extent or start, which a fair place does not state."""
    entries = list(entries)
    need_ids = [e.need_id for e in entries if e.need_id]
    by_need = (
        {
            f.pk: f
            for f in indexing.need_facts(Need.objects.filter(pk__in=need_ids).values(*indexing.NEED_FIELDS))
        }
        if need_ids
        else {}
    )
    today = timezone.localdate()
    out = {}
    for e in entries:
        if e.need_id in by_need:
            out[e.pk] = by_need[e.need_id]
            continue
        out[e.pk] = scoring.NeedFacts(
            pk=e.pk,
            title=e.unit or e.employer.name,
            occupation_code="",
            occupation_name="",
            text=f"{e.unit}\n{e.tasks}\n{e.constraints_text}",
            offers=sorted(set(e.employer.facilitation or [])),
            driving_licences=[],
            county_id=e.event.county_id,
            municipality_id=None,
            start_date=None,
            extent="",
            minimum_age=e.minimum_age,
            maximum_age=e.maximum_age,
            today=today,
        )
    return out


def ranked_employers(*, event: Event, candidate: Candidate) -> list[EmployerRow]:
    """The event's employers for this candidate, best first, with matching's explanation (the
    same facts as the candidate's «Forslag» reads: `entry_facts`)."""
    rows = employer_rows(event)
    profile = candidate.profile
    pf = indexing.profile_facts(type(profile).objects.filter(pk=profile.pk).values(*indexing.PROFILE_FIELDS))[
        0
    ]
    facts = entry_facts(r.entry for r in rows)
    mine = Booking.objects.filter(event=event, candidate=candidate).exclude(status=B.CANCELLED)
    booked = set(mine.values_list("slot__event_employer_id", flat=True))
    waiting = set(
        WaitingListEntry.objects.filter(
            event_employer__event=event,
            candidate=candidate,
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
        ).values_list("event_employer_id", flat=True)
    )
    for row in rows:
        nf = facts[row.entry.pk]
        m = scoring.match(pf, nf)
        row.score, row.meets, row.lines = m.score, m.meets, scoring.explain(m, pf, nf)
        row.booked_here = row.entry.pk in booked
        row.waiting = row.entry.pk in waiting
    return sorted(rows, key=lambda r: (not r.meets, -r.score, r.entry.employer.name, r.entry.pk))


def jobfair_places(*, user, candidate: Candidate, profile: scoring.ProfileFacts, today: datetime.date):
    """matching's ranking source (registered in apps.py): the employers with a free interview
    place at a published fair the user sees, booking still open, in a county the candidate can
    reach, where the candidate has no active booking yet. Three queries (entries, free places,
    the named needs' facts when any)."""
    from matching.sources import Place

    now = timezone.now()
    regions = {profile.county_id, *profile.travel_county_ids}
    events = visible(user, Event.objects.all()).filter(
        status=Event.Status.PUBLISHED, date__gte=today, booking_deadline__gte=today, county_id__in=regions
    )
    booked = Booking.objects.filter(candidate=candidate, slot__event_employer=OuterRef("pk")).exclude(
        status=B.CANCELLED
    )
    entries = list(
        EventEmployer.objects.filter(event__in=events)
        .exclude(Exists(booked))
        .select_related("event", "employer")
        .order_by("event__date", "pk")
    )
    if not entries:
        return []
    held = WaitingListEntry.objects.filter(
        offered_slot=OuterRef("pk"), status=WaitingListEntry.Status.OFFERED, offer_expires_at__gt=now
    )
    free: dict[int, int] = defaultdict(int)
    slots = (
        Slot.objects.filter(event_employer__in=[e.pk for e in entries])
        .annotate(
            taken=Count("bookings", filter=~Q(bookings__status=B.CANCELLED)),
            held=Subquery(held.values("offered_slot").annotate(n=Count("pk")).values("n")),
        )
        .values_list("event_employer", "capacity", "taken", "held")
    )
    for entry_id, capacity, taken, n_held in slots:
        free[entry_id] += max(0, capacity - taken - (n_held or 0))
    entries = [e for e in entries if free[e.pk]]
    facts = entry_facts(entries)
    return [
        Place(
            key=f"jobbmesse:{e.event.date:%Y%m%d}:{e.pk:09d}",
            kind=_("Jobbmesse"),
            title=f"{e.employer.name}{' – ' + e.unit if e.unit else ''}",
            detail=_("%(event)s, %(date)s · %(free)s ledige intervjuplasser")
            % {"event": e.event.title, "date": date_format(e.event.date, "j. F"), "free": free[e.pk]},
            url=f"{reverse('jobfairs:book', args=[e.event_id])}?kandidat={candidate.pk}#emp-{e.pk}",
            facts=facts[e.pk],
            action=_("Book"),
        )
        for e in entries
    ]


def own_candidates(*, user, limit: int = 200) -> list[tuple[int, str]]:
    """The user's office's active candidates as (pk, «Etternavn, Fornavn») for a select: plain
    values, not 200 model instances (`{% aksel_options %}` renders them). Plain SQL scoped by the
    candidate scope's SQL twin: the ORM spent 0.5 ms building this read (issue 16)."""
    scope = scope_sql(user, Candidate, "c")
    if scope is None:
        return []
    condition, params = scope
    with connection.cursor() as cursor:
        cursor.execute(
            _OWN_CANDIDATES_SQL.format(own=condition),
            {**params, "statuses": ["aktiv", "pause"], "limit": limit},
        )
        return [(pk, f"{last}, {first}") for pk, last, first in cursor.fetchall()]


_OWN_CANDIDATES_SQL = """
SELECT c.id, c.last_name, c.first_name FROM candidates_candidate AS c
WHERE {own} AND c.follow_up_status = ANY(%(statuses)s)
ORDER BY c.last_name, c.first_name, c.id
LIMIT %(limit)s
"""


def my_bookings(*, user, event: Event):
    """The user's office's live bookings at the event, with what every list of them shows (the
    counsellor's print adds the counsellors)."""
    return (
        visible(user, Booking.objects.filter(event=event))
        .exclude(status=B.CANCELLED)
        .select_related("slot__event_employer__employer", "candidate", "participant")
        .order_by("during", "pk")
    )


def my_offers(*, user, event: Event):
    return visible(
        user, WaitingListEntry.objects.filter(event_employer__event=event, status__in=["venter", "tilbudt"])
    ).select_related("event_employer__employer", "candidate", "offered_slot")


def employer_sheet(*, entry: EventEmployer, by) -> list[dict]:
    """The employer's paper: times and participant numbers; a name only where the candidate's
    consent for this employer (and need) is open (candidates' gate, which logs each opening)."""
    bookings = (
        Booking.objects.filter(slot__event_employer=entry)
        .exclude(status=B.CANCELLED)
        .select_related("slot", "participant", "candidate")
        .order_by("during", "pk")
    )
    rows = []
    for booking in bookings:
        identity = candidate_identity_for_employer(
            candidate=booking.candidate, by=by, employer=entry.employer, need=entry.need
        )
        rows.append(
            {
                "booking": booking,
                "number": booking.participant.number,
                "name": (identity or {}).get("name", ""),
            }
        )
    return rows


def run_sheet(event: Event) -> list[tuple[str, str]]:
    items = [
        (event.staff_briefing_at, _("Formøte for NAV")),
        (event.employers_arrive_at, _("Arbeidsgivere kommer")),
        (event.starts_at, _("Intervjuene starter")),
        (event.ends_at, _("Intervjuene slutter")),
    ]
    return [(t.strftime("%H:%M"), label) for t, label in items if t is not None]


def event_facts(event: Event, *, slots: EventSlots | None = None) -> dict:
    """Attendance, interviews held, feedback and offers, from `event_slots` (read unless given)."""
    facts = dict.fromkeys(("booked", "attended", "no_show", "feedback", "offers"), 0)
    for booking in (slots or event_slots(event)).bookings:
        facts["booked"] += booking.status != B.CANCELLED
        facts["attended"] += booking.status == B.ATTENDED
        facts["no_show"] += booking.status == B.NO_SHOW
        facts["feedback"] += booking.feedback
        facts["offers"] += booking.outcome in Booking.OFFERS
    return facts


@dataclass
class OfficeFill:
    office: NavUnit
    booked: int
    share: float  # the office's fair share of the slots
    rate: int  # percent of the fair share
    low: bool


LOW_FILL = 50  # percent of the fair share


def fill_rates(event: Event, *, slot_total: int, today: datetime.date | None = None) -> list[OfficeFill]:
    """Bookings per participating office against an equal share of the slots; before the
    deadline an office below half its share is flagged for leaders."""
    today = today or timezone.localdate()
    offices = list(event.offices.all())
    counts = dict(
        Booking.objects.filter(event=event)
        .exclude(status=B.CANCELLED)
        .values("candidate__office")
        .annotate(n=Count("pk"))
        .values_list("candidate__office", "n")
    )
    if not offices:
        offices = list(NavUnit.objects.filter(pk__in=counts))
    share = slot_total / len(offices) if offices else 0
    out = []
    for office in sorted(offices, key=lambda o: o.name):
        booked = counts.get(office.pk, 0)
        rate = round(100 * booked / share) if share else 0
        out.append(
            OfficeFill(
                office=office,
                booked=booked,
                share=share,
                rate=rate,
                low=rate < LOW_FILL and today <= event.booking_deadline,
            )
        )
    return out


def event_history(event: Event):
    return audit_history(event, event.history.all())


def is_own_office_counsellor(user) -> bool:
    return bool(office_ids(user))


# --- The weekly e-mail (digests) --------------------------------------------------------------------------


def fairs_for_digest(*, county_ids, today: datetime.date) -> list[dict]:
    """Published, upcoming fairs with booking open in these counties, with each employer's free
    slots, for the weekly e-mail. Two queries whatever the number of fairs and employers, and
    also when there is none: the e-mail's query count per recipient is pinned (a fixed number
    whatever the region holds), so nothing here is skipped for an empty list."""
    upcoming = Event.objects.filter(
        county_id__in=list(county_ids),
        status=Event.Status.PUBLISHED,
        date__gte=today,
        booking_deadline__gte=today,
    )
    events = list(upcoming.order_by("date", "starts_at", "pk"))
    # Free places per employer: each slot's capacity less its live bookings, never below zero.
    taken = (
        Booking.objects.filter(slot=OuterRef("pk"))
        .exclude(status=B.CANCELLED)
        .order_by()
        .values("slot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    free = (
        Slot.objects.filter(event_employer=OuterRef("pk"))
        .annotate(free=Greatest(F("capacity") - Coalesce(Subquery(taken), 0), 0))
        .order_by()
        .values("event_employer")
        .annotate(total=Sum("free"))
        .values("total")
    )
    entries = (
        # The events as a subquery, not a list of ids: the query runs (and counts) even when empty.
        EventEmployer.objects.filter(event__in=upcoming.values("pk"))
        .select_related("employer")
        .annotate(free_slots=Coalesce(Subquery(free), 0))
        .order_by("employer__name", "pk")
    )
    by_event: dict[int, list[EventEmployer]] = defaultdict(list)
    for entry in entries:
        by_event[entry.event_id].append(entry)
    out = []
    for event in events:
        url = reverse("jobfairs:detail", args=[event.pk])
        out.append(
            {
                "title": event.title,
                "url": url,
                "date": event.date,
                "venue": event.venue,
                "booking_deadline": event.booking_deadline,
                "eligibility": event.eligibility,
                "employers": [
                    {
                        "name": e.employer.name,
                        "unit": e.unit,
                        "tasks": e.tasks,
                        "constraints": _constraints(e),
                        "free_slots": e.free_slots,
                        "booking_url": reverse("jobfairs:book", args=[event.pk]),
                    }
                    for e in by_event[event.pk]
                ],
            }
        )
    return out


def _constraints(entry: EventEmployer) -> str:
    from .services import age_rule

    parts = [p for p in (age_rule(entry), entry.constraints_text) if p]
    return "; ".join(parts)


# --- Speed interviews -------------------------------------------------------------------------------------


class Room(NamedTuple):
    """A rotation room as the pages show it: the event employer's id, the employer's name, the
    unit and the room (plain values, not an event employer and an employer model per room)."""

    pk: int
    name: str
    unit: str
    room: str


@dataclass
class RotationRound:
    number: int  # 1-based
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    cells: list[list[int]]  # per room: the participant numbers booked there


@dataclass
class RotationLane:
    lane: rotation.Lane
    rooms: list[Room]  # in the order the candidate meets them
    starts_at: datetime.datetime
    numbers: list[int]  # participant numbers in the lane's slots (one when booked as a lane)

    @property
    def label(self) -> int:
        return self.lane.index + 1

    @property
    def free(self) -> bool:
        return not self.numbers


@dataclass
class Rotation:
    rooms: list[Room]
    rounds: list[RotationRound]
    lanes: list[RotationLane]

    @property
    def meets(self) -> int:
        return rotation.meetings_per_candidate(rooms=len(self.rooms), rounds=len(self.rounds))

    @property
    def free_lanes(self) -> list[RotationLane]:
        return [ln for ln in self.lanes if ln.free]

    @cached_property
    def shown(self) -> tuple:
        """Every value the grid and the lanes show (participant numbers, no names): with the
        language, the key under which their HTML is cached ({% cache … using="fragments" %}),
        so a booking, a room or a time changed renders afresh."""
        return (
            tuple(self.rooms),
            tuple((r.number, r.starts_at, r.ends_at, tuple(map(tuple, r.cells))) for r in self.rounds),
            tuple(
                (ln.label, ln.starts_at, tuple(e.pk for e in ln.rooms), tuple(ln.numbers))
                for ln in self.lanes
            ),
        )


# The rooms (the event's employers in the order they were added), each room's slots in time order
# and the participant numbers of each slot's live bookings, in one statement: the rooms left-joined
# to their slots and those to their bookings. Written as SQL: built by the ORM, the rooms (with
# their employers), the slots and the counsellor's own bookings were three statements that cost
# more CPU to compile than to run (issue 16). A room without slots comes as one row of NULLs after
# its own columns. The candidate's id and name are read only for the bookings in {own}: the
# booking scope of the user asking for walks (`accounts.access.scope_sql`; own office, not erased),
# "false" for the organiser's pages and for anyone who sees no bookings.
_ROTATION_SQL = """
SELECT ee.id, e.name, ee.unit, ee.room, s.id, s.starts_at, s.ends_at, s.capacity, p.number,
       lower(b.during), b.id, c.id, c.first_name, c.last_name
FROM jobfairs_eventemployer AS ee
JOIN employers_employer AS e ON e.id = ee.employer_id
LEFT JOIN jobfairs_slot AS s ON s.event_employer_id = ee.id AND s.event_id = ee.event_id
LEFT JOIN jobfairs_booking AS b ON b.slot_id = s.id AND b.status <> %(cancelled)s
LEFT JOIN jobfairs_participant AS p ON p.id = b.participant_id
LEFT JOIN candidates_candidate AS c ON c.id = b.candidate_id AND {own}
WHERE ee.event_id = %(event)s
ORDER BY ee.id, s.starts_at, s.id, p.number
"""


def speed_rotation(event: Event, *, walks_for=None) -> tuple[Rotation, list[dict]]:
    """The speed-interview plan: rounds × rooms with the participant numbers booked in each cell,
    and each lane (one candidate's walk) with who holds it — numbers only, the organiser's and
    the employers' view — and the walks, with names, of the candidates whose bookings the user
    `walks_for` sees (a counsellor's own; none without `walks_for`). One query (`_ROTATION_SQL`)."""
    scope = scope_sql(walks_for, Booking, "b") if walks_for is not None else None
    condition, params = scope or ("false", {})
    with connection.cursor() as cursor:
        cursor.execute(
            _ROTATION_SQL.format(own=condition),
            {**params, "event": event.pk, "cancelled": B.CANCELLED.value},
        )
        found = cursor.fetchall()
    entries: list[Room] = []
    by_entry: dict[int, list[SlotTime]] = defaultdict(list)
    numbers: dict[int, list[int]] = defaultdict(list)  # slot pk -> in participant number order
    own = []  # (booked from, booking pk, candidate pk, name, number, slot pk)
    for (
        entry_id, name, unit, room, slot_id, starts_at, ends_at, capacity, number,
        during, booking_id, candidate_id, first_name, last_name,
    ) in found:  # fmt: skip
        if not entries or entries[-1].pk != entry_id:
            entries.append(Room(entry_id, name, unit, room))
        room_slots = by_entry[entry_id]
        if slot_id is not None and (not room_slots or room_slots[-1].pk != slot_id):  # once per booking
            room_slots.append(SlotTime(slot_id, starts_at, ends_at, capacity))
        if number is not None:
            numbers[slot_id].append(number)
        if candidate_id is not None:
            own.append((during, booking_id, candidate_id, f"{first_name} {last_name}", number, slot_id))
    count = min((len(by_entry[e.pk]) for e in entries), default=0)
    grid = [[by_entry[e.pk][r] for e in entries] for r in range(count)]
    rounds = [
        RotationRound(
            number=r + 1,
            starts_at=grid[r][0].starts_at,
            ends_at=grid[r][0].ends_at,
            cells=[numbers.get(slot.pk, []) for slot in grid[r]],
        )
        for r in range(count)
    ]
    lanes = []
    for lane in rotation.lanes(rooms=len(entries), rounds=count):
        held = sorted({n for r, room in lane.steps for n in numbers.get(grid[r][room].pk, [])})
        lanes.append(
            RotationLane(
                lane=lane,
                rooms=[entries[room] for _r, room in lane.steps],
                starts_at=grid[lane.steps[0][0]][0].starts_at,
                numbers=held,
            )
        )
    slots = {slot.pk: (slot, e) for e in entries for slot in by_entry[e.pk]}
    return Rotation(rooms=entries, rounds=rounds, lanes=lanes), _walks(own, slots)


def _walks(own, slots: dict[int, tuple[SlotTime, Room]]) -> list[dict]:
    """The own candidates' walks from room to room, each in booking order, by participant number."""
    walks: dict[int, dict] = {}
    for _during, _pk, candidate_id, name, number, slot_id in sorted(own, key=lambda b: b[:2]):
        walk = walks.setdefault(
            candidate_id, {"candidate_id": candidate_id, "name": name, "number": number, "stops": []}
        )
        walk["stops"].append(slots[slot_id])
    return sorted(walks.values(), key=lambda w: w["number"])


# --- Group interviews and drop-in (organiser's pages: participant numbers only) ----------------------------


# The groups with their members' numbers and the booked participants (kind "g" and "b"), in one
# statement; the joint selections with their employers and their history steps, one row per step,
# in another. Written as SQL: built by the ORM they were six statements (groups, members, booked,
# selections, their employers, their history with its users) whose compilation cost more CPU than
# PostgreSQL needs to run them (issue 16); the event's employers likewise. A group without members comes as one row with a NULL
# member, a selection without history as one row of NULL steps.
_GROUP_EMPLOYERS_SQL = """
SELECT ee.id, ee.unit, e.name
FROM jobfairs_eventemployer AS ee
JOIN employers_employer AS e ON e.id = ee.employer_id
WHERE ee.event_id = %s
ORDER BY ee.id
"""
_GROUPS_SQL = """
SELECT 'g', g.number, g.starts_at, g.ends_at, p.id, p.number
FROM jobfairs_interviewgroup AS g
LEFT JOIN jobfairs_interviewgroup_members AS m ON m.interviewgroup_id = g.id
LEFT JOIN jobfairs_participant AS p ON p.id = m.participant_id
WHERE g.event_id = %(event)s
UNION ALL
SELECT 'b', NULL, NULL, NULL, p.id, p.number
FROM jobfairs_participant AS p
WHERE p.event_id = %(event)s
  AND EXISTS (SELECT 1 FROM jobfairs_booking AS b WHERE b.participant_id = p.id AND b.status = ANY(%(active)s))
ORDER BY 1, 2, 6
"""
_SELECTIONS_SQL = """
SELECT s.id, s.status, s.note, s.placement_id, s.participant_id, p.number,
       ARRAY(SELECT se.eventemployer_id FROM jobfairs_selection_employers AS se
             WHERE se.selection_id = s.id ORDER BY se.eventemployer_id),
       ARRAY(SELECT e.name FROM jobfairs_selection_employers AS se
             JOIN jobfairs_eventemployer AS ee ON ee.id = se.eventemployer_id
             JOIN employers_employer AS e ON e.id = ee.employer_id
             WHERE se.selection_id = s.id ORDER BY se.eventemployer_id),
       h.id, h.at, h.to_status, h.note, u.first_name, u.last_name, u.username
FROM jobfairs_selection AS s
JOIN jobfairs_participant AS p ON p.id = s.participant_id
LEFT JOIN jobfairs_selectionhistory AS h ON h.selection_id = s.id
LEFT JOIN accounts_user AS u ON u.id = h.by_id
WHERE s.event_id = %(event)s
ORDER BY s.decided_at, s.id, h.at, h.id
"""


def group_page(event: Event) -> dict:
    """Groups with their members' numbers, who is not in a group yet, the joint selections with
    their employers, who recorded them and their history, and the event's employers, as plain
    values. Three queries (`_GROUP_EMPLOYERS_SQL`, `_GROUPS_SQL`, `_SELECTIONS_SQL`), one before
    the first booking."""
    with connection.cursor() as cursor:
        # The checkboxes show a name and a unit: values, not 30-column entries and employers.
        cursor.execute(_GROUP_EMPLOYERS_SQL, [event.pk])
        employers = [{"pk": pk, "unit": unit, "name": name} for pk, unit, name in cursor.fetchall()]
        if not _has_participants(event):
            return {"groups": [], "ungrouped": [], "open": [], "selections": [], "chosen_count": 0,
                    "employers": employers}  # fmt: skip
        cursor.execute(_GROUPS_SQL, {"event": event.pk, "active": [str(s) for s in Booking.ACTIVE]})
        group_rows = cursor.fetchall()
        cursor.execute(_SELECTIONS_SQL, {"event": event.pk})
        selection_rows = cursor.fetchall()
    groups: list[dict] = []
    grouped, participants = set(), []
    for kind, number, starts_at, ends_at, participant_id, participant_number in group_rows:
        if kind == "b":
            participants.append({"pk": participant_id, "number": participant_number})
            continue
        if not groups or groups[-1]["number"] != number:
            groups.append({"label": _("Gruppe %(n)s") % {"n": number}, "number": number,
                           "starts_at": starts_at, "ends_at": ends_at, "members": []})  # fmt: skip
        if participant_id is not None:
            groups[-1]["members"].append(participant_number)
            grouped.add(participant_id)
    status_labels = dict(Selection.Status.choices)
    selections: list[dict] = []
    for (
        pk, status, note, placement_id, participant_id, number, employer_ids, employer_names,
        history_id, at, to_status, history_note, first_name, last_name, username,
    ) in selection_rows:  # fmt: skip
        if not selections or selections[-1]["pk"] != pk:
            selections.append({
                "pk": pk, "status": status, "status_label": status_labels.get(status, status), "note": note,
                "placement_id": placement_id, "participant_id": participant_id, "number": number,
                "history": [],
                "employers": [{"pk": e, "name": n} for e, n in zip(employer_ids, employer_names, strict=True)],
            })  # fmt: skip
        if history_id is not None:
            # As User.get_full_name|default:username showed it; a deleted user (by NULL) as nothing.
            by = f"{first_name} {last_name}".strip() or username or ""
            selections[-1]["history"].append({"at": at, "to_label": str(status_labels.get(to_status, to_status)).lower(),
                                              "by": by, "note": history_note})  # fmt: skip
    chosen = {s["participant_id"] for s in selections if s["status"] == Selection.Status.CHOSEN}
    return {
        "groups": groups,
        "ungrouped": [p for p in participants if p["pk"] not in grouped],
        "open": [p for p in participants if p["pk"] not in chosen],
        "selections": selections,
        "chosen_count": len(chosen),
        "employers": employers,
    }


def _has_participants(event: Event) -> bool:
    """Whether any participant was ever numbered: jobfairs.services._participant, the only way a
    Participant row comes to be, counts it up first. Before the first booking (most upcoming
    events) the groups, selections, visits and participants are known to be none, unread."""
    return event.last_participant_number > 0


def _booked_participants(event: Event) -> list[dict]:
    """Those with an active booking, by number: the only participants the forms offer (pk and
    number, all the format pages show of them)."""
    return list(
        Participant.objects.filter(event=event, bookings__status__in=Booking.ACTIVE)
        .distinct()
        .order_by("number")
        .values("pk", "number")
    )


def dropin_page(event: Event) -> dict:
    """Per employer's room: the participant numbers who dropped in and whether each handed over a
    CV; the participants for the form. Three queries of the shown columns only (rows as values,
    not models: the page shows a name, a room and numbers), one before the first booking."""
    visits: dict[int, list] = defaultdict(list)
    rows = (
        DropInVisit.objects.filter(event_employer__event=event)
        .order_by("participant__number")
        .values_list("event_employer_id", "participant__number", "cv_handed_over")
    )
    for entry_id, number, cv in rows if _has_participants(event) else ():
        visits[entry_id].append({"number": number, "cv": cv})
    rooms = [
        {"pk": pk, "name": name, "room": room, "visits": visits.get(pk, []),
         "cvs": sum(1 for v in visits.get(pk, []) if v["cv"])}
        for pk, name, room in event.employers.order_by("employer__name", "pk").values_list(
            "pk", "employer__name", "room"
        )
    ]  # fmt: skip
    return {"rooms": rooms, "participants": _booked_participants(event) if _has_participants(event) else []}
