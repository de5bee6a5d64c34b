"""Writes of the job-fair app: events and their lifecycle, employers and slots, bookings (the
rules that keep them from overbooking), the waiting list, feedback and reminders.

Booking (booking_create) runs in one transaction in this order:
1. `SET LOCAL lock_timeout`, so a booking that waits too long answers «prøv igjen» instead of hanging;
2. the cheap checks that need no lock (status, deadline, office, age, facilitation);
3. a transaction-level advisory lock on (event, candidate), then the per-candidate rules
   (at most JOBFAIRS_MAX_EMPLOYERS_PER_CANDIDATE employers, not twice with one employer);
4. the slot's row lock, taken last, and the capacity count under it («fullt» when taken);
5. the participant number (first booking at the event: the event's counter, never reused);
6. the insert, which the exclusion constraint refuses if the candidate is elsewhere at that time.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import office_ids
from accounts.models import Membership, Role, User
from candidates.models import Candidate
from core.audit import audit_created, audit_deleted, audit_record, change, model_create, model_update
from core.models import AuditEntry
from core.services import email_send, notification_create
from core.sharing import share_link_create
from core.transitions import StateMachine, TransitionError, transition
from matching.scoring import age_ok
from placements.services import placement_create_draft

from . import rotation
from .models import (
    Booking,
    BookingHistory,
    DropInVisit,
    Event,
    EventEmployer,
    EventHistory,
    Format,
    InterviewGroup,
    Participant,
    Reminder,
    Selection,
    SelectionHistory,
    Slot,
    WaitingListEntry,
)

FEEDBACK_SCOPE = "jobfairs.feedback"
FULL = _("Fullt: det er ingen ledige plasser på dette tidspunktet.")
BUSY = _("Mange booker akkurat nå. Prøv igjen om litt.")

S = Event.Status
B = Booking.Status
W = WaitingListEntry.Status


def _event_history(event, source, target, by, note=""):
    EventHistory.objects.create(event=event, from_status=source, to_status=target, by=by, note=note)


def _booking_history(booking, source, target, by, note=""):
    BookingHistory.objects.create(booking=booking, from_status=source, to_status=target, by=by, note=note)


def _event_guard(event, to):
    if to == S.PUBLISHED and not event.employers.exists():
        raise TransitionError(_("Legg til minst én arbeidsgiver før arrangementet publiseres."))


EVENT_MACHINE = StateMachine(
    model=Event,
    transitions={
        S.DRAFT: {S.PUBLISHED, S.CANCELLED},
        S.PUBLISHED: {S.HELD, S.CANCELLED, S.DRAFT},
        S.HELD: {S.CLOSED},
    },
    history=_event_history,
    error=_("Arrangementet kan ikke gå fra «%(from)s» til «%(to)s»."),
    guard=_event_guard,
)

BOOKING_MACHINE = StateMachine(
    model=Booking,
    transitions={
        B.BOOKED: {B.CANCELLED, B.ATTENDED, B.NO_SHOW},
        B.ATTENDED: {B.NO_SHOW},
        B.NO_SHOW: {B.ATTENDED},
    },
    history=_booking_history,
    error=_("Bookingen kan ikke gå fra «%(from)s» til «%(to)s»."),
)

EVENT_FIELDS = (
    "title",
    "project",
    "format",
    "county",
    "date",
    "venue",
    "staff_briefing_at",
    "employers_arrive_at",
    "starts_at",
    "ends_at",
    "slot_minutes",
    "booking_deadline",
    "eligibility",
    "description",
    "facilitation",
    "owners",
    "offices",
)


def _check_event(event: Event) -> None:
    if event.booking_deadline and event.date and event.booking_deadline > event.date:
        raise ValidationError(
            {"booking_deadline": _("Bookingfristen må være før eller på arrangementsdagen.")}
        )
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("Intervjuene må slutte etter at de starter.")})


# --- Events -----------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, by: User, data: dict) -> Event:
    event = Event(created_by=by)
    data = dict(data)
    data.setdefault("owners", [by])
    model_update(event, data=data, fields=EVENT_FIELDS, by=by, prepare=_check_event)
    _event_history(event, "", event.status, by)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, data: dict) -> list[str]:
    if event.status in (S.CLOSED, S.CANCELLED):
        raise ValidationError(_("Et avsluttet eller avlyst arrangement kan ikke endres."))
    return model_update(event, data=data, fields=EVENT_FIELDS, by=by, prepare=_check_event)


@transaction.atomic
def event_copy(*, event: Event, date: datetime.date, booking_deadline: datetime.date, by: User) -> Event:
    """A new draft on another date with the same run sheet, offices and employers (and their
    slots); bookings, participants and feedback stay with the original."""
    data = {name: getattr(event, name) for name in EVENT_FIELDS if name not in ("owners", "offices")}
    data.update(date=date, booking_deadline=booking_deadline, owners=[by], offices=list(event.offices.all()))
    copy = Event(created_by=by, copied_from=event)
    model_update(copy, data=data, fields=EVENT_FIELDS, by=by, prepare=_check_event)
    _event_history(copy, "", copy.status, by, note=_("Kopiert fra %(title)s") % {"title": str(event)})
    for entry in event.employers.all():
        event_employer_add(
            event=copy,
            by=by,
            data={name: getattr(entry, name) for name in EVENT_EMPLOYER_FIELDS},
        )
    return copy


def event_publish(*, event: Event, by: User) -> Event:
    """Open booking: the counsellors of the participating offices get a notice (a reminder row)."""
    with transaction.atomic():
        event = transition(EVENT_MACHINE, instance=event, to=S.PUBLISHED, by=by)
        reminders_plan(event=event)
    return event


def event_hold(*, event: Event, by: User) -> Event:
    return transition(EVENT_MACHINE, instance=event, to=S.HELD, by=by)


def event_close(*, event: Event, by: User) -> Event:
    return transition(EVENT_MACHINE, instance=event, to=S.CLOSED, by=by)


def event_unpublish(*, event: Event, by: User) -> Event:
    return transition(EVENT_MACHINE, instance=event, to=S.DRAFT, by=by)


def event_cancel(*, event: Event, by: User, note: str = "") -> Event:
    """Cancel the event, cancel every active booking and waiting-list entry, and tell each booked
    candidate's counsellor (and backup) at once, in the same transaction."""
    with transaction.atomic():
        event = transition(EVENT_MACHINE, instance=event, to=S.CANCELLED, by=by, note=note)
        bookings = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(event=event, status=B.BOOKED)
            .select_related("counsellor", "backup_counsellor")
        )
        for booking in bookings:
            transition(
                BOOKING_MACHINE, instance=booking, to=B.CANCELLED, by=by, note=_("Arrangementet er avlyst.")
            )
        WaitingListEntry.objects.filter(
            event_employer__event=event, status__in=[W.WAITING, W.OFFERED]
        ).update(status=W.WITHDRAWN, updated_at=timezone.now())
        people = {b.counsellor for b in bookings} | {
            b.backup_counsellor for b in bookings if b.backup_counsellor
        }
        url = reverse("jobfairs:detail", args=[event.pk])
        for user in people:
            Reminder.objects.get_or_create(
                key=f"jobfair-cancelled:{event.pk}:{user.pk}",
                defaults={
                    "kind": Reminder.Kind.CANCELLED,
                    "event": event,
                    "user": user,
                    "due_at": timezone.now(),
                },
            )
            notification_create(
                user=user,
                title=_("Avlyst: %(event)s") % {"event": str(event)},
                body=note,
                url=url,
                dedupe_key=f"jobfair-cancelled:{event.pk}",
            )
            if user.email:
                email_send(
                    to=user.email,
                    template="jobfairs_cancelled",
                    context={"event": event, "url": url, "note": note},
                    dedupe_key=f"jobfair-cancelled:{event.pk}:{user.pk}",
                )
        Reminder.objects.filter(event=event, kind=Reminder.Kind.CANCELLED).update(sent_at=timezone.now())
    return event


# --- Employers and slots ---------------------------------------------------------------------------------

EVENT_EMPLOYER_FIELDS = (
    "employer",
    "unit",
    "need",
    "tasks",
    "offer_types",
    "minimum_age",
    "maximum_age",
    "constraints_text",
    "slot_count",
    "room",
)


def slot_times(
    event: Event, count: int, *, offset: int = 0
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """`count` consecutive slots of the event's length from the run sheet's start, within its end.
    For speed interviews, `offset` rotates the first slot so candidates move between rooms."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(event.date, event.starts_at, tzinfo=tz)
    end = datetime.datetime.combine(event.date, event.ends_at, tzinfo=tz)
    length = datetime.timedelta(minutes=event.slot_minutes)
    available = int((end - start) / length)
    times = []
    for index in range(min(count, available)):
        begins = start + length * ((index + offset) % max(available, 1))
        times.append((begins, begins + length))
    return sorted(times)


def _check_employer_entry(entry: EventEmployer) -> None:
    if entry.need_id and entry.need.employer_id != entry.employer_id:
        raise ValidationError({"need": _("Behovet tilhører en annen arbeidsgiver.")})
    if entry.minimum_age and entry.maximum_age and entry.minimum_age > entry.maximum_age:
        raise ValidationError(
            {"maximum_age": _("Maksimumsalderen må være minst like høy som minstealderen.")}
        )
    if entry.need_id and not entry.tasks:
        entry.tasks = entry.need.tasks


@transaction.atomic
def event_employer_add(*, event: Event, by: User, data: dict) -> EventEmployer:
    """Add an employer and generate its slots from the run sheet and slot length."""
    if event.status in (S.HELD, S.CLOSED, S.CANCELLED):
        raise ValidationError(_("Arbeidsgivere kan bare legges til før arrangementet er holdt."))
    entry = EventEmployer(event=event)
    model_update(entry, data=data, fields=EVENT_EMPLOYER_FIELDS, by=by, prepare=_check_employer_entry)
    times = slot_times(event, entry.slot_count)
    if len(times) < entry.slot_count:
        raise ValidationError(
            {"slot_count": _("Kjøreplanen har bare plass til %(n)s intervjuer.") % {"n": len(times)}}
        )
    capacity = 4 if event.format == "gruppe" else 1
    slots = Slot.objects.bulk_create(
        [Slot(event_employer=entry, event=event, starts_at=a, ends_at=b, capacity=capacity) for a, b in times]
    )
    audit_record(
        by=by,
        instance=entry,
        action=AuditEntry.Action.UPDATE,
        changes=[change(entry, "slot_count", None, len(slots))],
    )
    return entry


# --- Booking -------------------------------------------------------------------------------------------


def _lock_timeout() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = %s", [f"{int(settings.JOBFAIRS_LOCK_TIMEOUT_MS)}ms"])


def _advisory_lock(event_id: int, candidate_id: int) -> None:
    with connection.cursor() as cursor:
        # Two int4 keys: the event and the candidate (one lock space per pair).
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [event_id, candidate_id])


def _is_lock_timeout(error: Exception) -> bool:
    return getattr(getattr(error, "__cause__", None), "pgcode", "") == "55P03"


def _is_exclusion(error: Exception) -> bool:
    return getattr(getattr(error, "__cause__", None), "pgcode", "") == "23P01"


def facilitation_gaps(*, event: Event, candidate: Candidate) -> list[str]:
    """The candidate's facilitation needs the event cannot answer (shown, never refused)."""
    from .models import FACILITATION_COVERS

    needs = set(getattr(getattr(candidate, "profile", None), "facilitation_codes", None) or [])
    covered = set()
    for code in event.facilitation:
        covered |= FACILITATION_COVERS.get(code, set())
    return sorted(needs - covered)


def _check_before_lock(*, slot: Slot, candidate: Candidate, by: User, today: datetime.date) -> None:
    event = slot.event
    if event.status != S.PUBLISHED:
        raise ValidationError(_("Booking er ikke åpen for dette arrangementet."), code="not_open")
    if today > event.booking_deadline:
        raise ValidationError(
            _("Bookingfristen gikk ut %(date)s.") % {"date": event.booking_deadline.strftime("%d.%m.%Y")},
            code="deadline",
        )
    if candidate.erased_at is not None or candidate.office_id not in office_ids(by):
        raise ValidationError(_("Du kan bare booke kandidater ved ditt eget NAV-kontor."), code="not_own")
    offices = [o.pk for o in event.offices.all()]
    if offices and candidate.office_id not in offices:
        raise ValidationError(_("Kandidatens NAV-kontor deltar ikke på dette arrangementet."), code="office")
    entry = slot.event_employer
    profile = getattr(candidate, "profile", None)
    if (entry.minimum_age is not None or entry.maximum_age is not None) and not age_ok(
        getattr(profile, "birth_month", None), entry.minimum_age, entry.maximum_age, event.date
    ):
        raise ValidationError(
            _("Kandidaten oppfyller ikke arbeidsgiverens alderskrav (%(rule)s).") % {"rule": age_rule(entry)},
            code="age",
        )


def age_rule(entry: EventEmployer) -> str:
    if entry.minimum_age is not None and entry.maximum_age is not None:
        return _("%(a)s–%(b)s år") % {"a": entry.minimum_age, "b": entry.maximum_age}
    if entry.minimum_age is not None:
        return _("minst %(a)s år") % {"a": entry.minimum_age}
    if entry.maximum_age is not None:
        return _("høyst %(b)s år") % {"b": entry.maximum_age}
    return ""


def _check_candidate_limits(*, slot: Slot, candidate: Candidate) -> None:
    """Under the (event, candidate) advisory lock: at most N employers, not twice with one."""
    employers = set(
        Booking.objects.filter(event_id=slot.event_id, candidate=candidate)
        .exclude(status=B.CANCELLED)
        .values_list("slot__event_employer_id", flat=True)
    )
    if slot.event_employer_id in employers:
        raise ValidationError(
            _("Kandidaten er allerede booket hos denne arbeidsgiveren."), code="same_employer"
        )
    limit = settings.JOBFAIRS_MAX_EMPLOYERS_PER_CANDIDATE
    # Speed interviews rotate every candidate through every room: the limit is Ta sjansen's.
    if slot.event.format != Format.SPEED and len(employers) >= limit:
        raise ValidationError(
            _("En kandidat kan ha intervju hos høyst %(n)s arbeidsgivere på ett arrangement.") % {"n": limit},
            code="max_employers",
        )


def _free_places(slot_id: int, *, now, offer: WaitingListEntry | None) -> int:
    """Capacity minus active bookings minus offers held for someone else (call under the lock)."""
    capacity = Slot.objects.filter(pk=slot_id).values_list("capacity", flat=True).get()
    taken = Booking.objects.filter(slot_id=slot_id).exclude(status=B.CANCELLED).count()
    held = WaitingListEntry.objects.filter(
        offered_slot_id=slot_id, status=W.OFFERED, offer_expires_at__gt=now
    )
    if offer is not None:
        held = held.exclude(pk=offer.pk)
    return capacity - taken - held.count()


def _participant(event_id: int, candidate: Candidate) -> Participant:
    existing = Participant.objects.filter(event_id=event_id, candidate=candidate).first()
    if existing is not None:
        return existing
    # The counter's row lock is the last lock taken: it serialises only first bookings. A number
    # once handed out stays with its Participant row, so it is never reused.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE jobfairs_event SET last_participant_number = last_participant_number + 1"
            " WHERE id = %s RETURNING last_participant_number",
            [event_id],
        )
        (number,) = cursor.fetchone()
    return Participant.objects.create(event_id=event_id, candidate=candidate, number=number)


BOOKING_DETAIL_FIELDS = ("accompany", "companion", "backup_counsellor", "cv_reviewed", "reminded", "prepared")


def booking_create(
    *,
    slot: Slot,
    candidate: Candidate,
    by: User,
    details: dict | None = None,
    offer: WaitingListEntry | None = None,
    today: datetime.date | None = None,
) -> Booking:
    """Book `candidate` into `slot`; ValidationError with a clear Norwegian message when refused
    (full, busy, overlap, limits, deadline, constraints). See the module docstring for the order."""
    today = today or timezone.localdate()
    slot = Slot.objects.select_related("event", "event_employer").get(pk=slot.pk)
    try:
        with transaction.atomic():
            _lock_timeout()
            _check_before_lock(slot=slot, candidate=candidate, by=by, today=today)
            _advisory_lock(slot.event_id, candidate.pk)
            _check_candidate_limits(slot=slot, candidate=candidate)
            Slot.objects.select_for_update().filter(pk=slot.pk).values_list("pk", flat=True).get()
            if _free_places(slot.pk, now=timezone.now(), offer=offer) <= 0:
                raise ValidationError(FULL, code="full")
            participant = _participant(slot.event_id, candidate)
            booking = Booking(
                event_id=slot.event_id,
                slot=slot,
                candidate=candidate,
                participant=participant,
                during=DateTimeTZRange(slot.starts_at, slot.ends_at, "[)"),
                counsellor=by,
            )
            for name, value in (details or {}).items():
                if name not in BOOKING_DETAIL_FIELDS:
                    raise TypeError(name)
                setattr(booking, name, value)
            booking.save()
            audit_created(by=by, instance=booking, fields=["slot", "candidate", "status", *(details or {})])
            _booking_history(booking, "", booking.status, by)
            if offer is not None:
                WaitingListEntry.objects.filter(pk=offer.pk).update(
                    status=W.ACCEPTED, booking=booking, updated_at=timezone.now()
                )
            return booking
    except OperationalError as error:
        if _is_lock_timeout(error):
            raise ValidationError(BUSY, code="busy") from error
        raise
    except IntegrityError as error:
        if _is_exclusion(error):
            raise ValidationError(
                _("Kandidaten er allerede booket på et annet intervju som overlapper dette tidspunktet."),
                code="overlap",
            ) from error
        raise


@transaction.atomic
def booking_update(*, booking: Booking, by: User, data: dict) -> list[str]:
    return model_update(booking, data=data, fields=BOOKING_DETAIL_FIELDS, by=by)


def booking_cancel(*, booking: Booking, by: User, note: str = "") -> Booking:
    """Cancel; the slot goes to the first in the employer's waiting list, held for a while."""
    with transaction.atomic():
        booking = transition(BOOKING_MACHINE, instance=booking, to=B.CANCELLED, by=by, note=note)
        waiting_offer_next(event_employer=booking.slot.event_employer, slot=booking.slot, actor=by)
    return booking


def booking_mark(*, booking: Booking, to: str, by: User) -> Booking:
    return transition(BOOKING_MACHINE, instance=booking, to=to, by=by)


# --- Speed interviews -----------------------------------------------------------------------------------


def rotation_plan(candidates: int, rooms: int) -> list[list[int]]:
    """Springbrett rotation: plan[i][r] is the room candidate i is in at round r. A Latin square
    (room = (i + r) mod rooms), so in every round each room has one candidate and no candidate is
    in two rooms; over `rooms` rounds everyone meets every employer once."""
    if candidates > rooms:
        raise ValidationError(
            _("Speedintervju: høyst %(n)s kandidater per rotasjon (ett rom per arbeidsgiver).") % {"n": rooms}
        )
    return [[(i + r) % rooms for r in range(rooms)] for i in range(candidates)]


def _rotation_grid(event: Event) -> tuple[list[EventEmployer], int]:
    """The rooms (employers, by pk: the plan's column order) with their slots, and the rounds
    every room has (the shortest room's slot count)."""
    entries = list(
        event.employers.order_by("pk").prefetch_related(
            Prefetch("slots", queryset=Slot.objects.order_by("starts_at", "pk"))
        )
    )
    return entries, min((len(e.slots.all()) for e in entries), default=0)


@transaction.atomic
def speed_rotation_book(
    *, event: Event, candidates: list[Candidate], by: User, lane: int | None = None
) -> list[Booking]:
    """Book candidates into free lanes of the speed-interview rotation (jobfairs.rotation), all or
    nothing: each meets the employers one room at a time, in the order of their lane. `lane`
    (0-based) asks for a particular lane for a single candidate; otherwise the first free lanes are
    used. Every booking goes through booking_create, so its rules and locks apply; a lane taken by
    someone else in the meantime is given up and the next free lane tried («fullt» when none is
    left, and then nothing of the group is booked)."""
    if event.format != Format.SPEED:
        raise ValidationError(_("Rotasjon gjelder bare speedintervjuer."))
    entries, rounds = _rotation_grid(event)
    if not entries or rounds == 0:
        raise ValidationError(_("Legg til arbeidsgivere med intervjutider før rotasjonen kan brukes."))
    all_lanes = rotation.lanes(rooms=len(entries), rounds=rounds)
    grid = [[entries[room].slots.all()[r] for room in range(len(entries))] for r in range(rounds)]
    busy = set(
        Booking.objects.filter(event=event).exclude(status=B.CANCELLED).values_list("slot_id", flat=True)
    )
    free = [ln for ln in all_lanes if not any(grid[r][room].pk in busy for r, room in ln.steps)]
    if lane is not None:
        if len(candidates) != 1 or lane not in {ln.index for ln in all_lanes}:
            raise ValidationError(_("Velg ett løp i rotasjonen for én kandidat."))
        free = [ln for ln in free if ln.index == lane]
        if not free:
            raise ValidationError(FULL, code="full")
    elif len(candidates) > len(free):
        raise ValidationError(_("Rotasjonen har bare %(n)s ledige løp.") % {"n": len(free)}, code="full")
    bookings = []
    for candidate in candidates:
        while True:
            if not free:
                raise ValidationError(FULL, code="full")
            walk = free.pop(0)
            try:
                # A savepoint per lane: a lane someone else took meanwhile is given up whole
                # (no half walk, no participant number burnt) and the next free lane is tried.
                with transaction.atomic():
                    bookings += [
                        booking_create(slot=grid[r][room], candidate=candidate, by=by)
                        for r, room in walk.steps
                    ]
                break
            except ValidationError as error:
                if getattr(error, "code", None) != "full" or lane is not None:
                    raise
    return bookings


# --- Group interviews with joint selection (JobbLoop kick-off) -------------------------------------------

GROUP_SIZE = 4  # JobbLoop: groups of 3–4 (L2648)


def _active_participants(event: Event) -> list[Participant]:
    return list(
        Participant.objects.filter(event=event, bookings__status__in=Booking.ACTIVE)
        .distinct()
        .order_by("number")
    )


def group_sizes(count: int, *, size: int = GROUP_SIZE) -> list[int]:
    """Split `count` people into as few groups of at most `size` as possible, sizes as even as can
    be (10 → 4, 3, 3; 9 → 3, 3, 3)."""
    if count <= 0:
        return []
    groups = -(-count // size)
    base, extra = divmod(count, groups)
    return [base + 1 if index < extra else base for index in range(groups)]


@transaction.atomic
def groups_form(*, event: Event, by: User) -> list[InterviewGroup]:
    """Put the event's booked participants into groups of 3–4 by participant number, one group per
    time slot of the run sheet. Forming again replaces the groups, until a choice is recorded."""
    if event.format != Format.GROUP:
        raise ValidationError(_("Grupper gjelder bare gruppeintervju."))
    if event.status not in (S.PUBLISHED, S.HELD):
        raise ValidationError(_("Grupper settes sammen når arrangementet er publisert."))
    Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True).get()
    if Selection.objects.filter(event=event).exists():
        raise ValidationError(_("Utvelgelsen er begynt; gruppene kan ikke settes sammen på nytt."))
    people = _active_participants(event)
    sizes = group_sizes(len(people))
    times = slot_times(event, len(sizes))
    if len(times) < len(sizes):
        raise ValidationError(
            _("Kjøreplanen har bare plass til %(n)s grupper.") % {"n": len(times)}, code="too_many"
        )
    for old in InterviewGroup.objects.filter(event=event):
        audit_deleted(by=by, instance=old)
        old.delete()
    groups, start = [], 0
    for number, (size, (begins, ends)) in enumerate(zip(sizes, times, strict=True), start=1):
        group = model_create(
            instance=InterviewGroup(event=event, number=number, starts_at=begins, ends_at=ends), by=by
        )
        group.members.set(people[start : start + size])
        start += size
        groups.append(group)
    return groups


def _selection_history(selection, source, target, by, note=""):
    SelectionHistory.objects.create(
        selection=selection, from_status=source, to_status=target, by=by, note=note
    )


@transaction.atomic
def selection_record(
    *, event: Event, participant: Participant, employers: list[EventEmployer], by: User, note: str = ""
) -> Selection:
    """Record the employers' joint choice of a participant (who, by which employers, when, by
    whom). The candidate's counsellor is told; the employers' papers still carry numbers."""
    if event.format != Format.GROUP:
        raise ValidationError(_("Felles utvelgelse gjelder bare gruppeintervju."))
    if event.status not in (S.PUBLISHED, S.HELD):
        raise ValidationError(
            _("Utvelgelsen registreres på arrangementsdagen, når det er publisert eller holdt.")
        )
    if participant.event_id != event.pk:
        raise ValidationError(_("Deltakeren hører til et annet arrangement."))
    if not employers or any(e.event_id != event.pk for e in employers):
        raise ValidationError({"employers": _("Velg arbeidsgiverne som valgte deltakeren.")})
    if Selection.objects.filter(
        event=event, participant=participant, status=Selection.Status.CHOSEN
    ).exists():
        raise ValidationError(_("Deltaker %(n)s er allerede valgt.") % {"n": participant.number})
    selection = model_create(
        instance=Selection(
            event=event, participant=participant, decided_at=timezone.now(), decided_by=by, note=note
        ),
        by=by,
    )
    selection.employers.set(employers)
    _selection_history(selection, "", selection.status, by, note)
    counsellors = set(
        Booking.objects.filter(participant=participant)
        .exclude(status=B.CANCELLED)
        .values_list("counsellor", flat=True)
    )
    for user in User.objects.filter(pk__in=counsellors):
        notification_create(
            user=user,
            title=_("Deltaker %(n)s ble valgt på %(event)s") % {"n": participant.number, "event": str(event)},
            url=reverse("jobfairs:detail", args=[event.pk]),  # the groups page is the organisers'
            dedupe_key=f"jobfair-selected:{selection.pk}",
        )
    return selection


@transaction.atomic
def selection_withdraw(*, selection: Selection, by: User, note: str = "") -> Selection:
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.status != Selection.Status.CHOSEN:
        raise ValidationError(_("Valget er allerede trukket tilbake."))
    model_update(selection, data={"status": Selection.Status.WITHDRAWN}, fields=["status"], by=by)
    _selection_history(selection, Selection.Status.CHOSEN, Selection.Status.WITHDRAWN, by, note)
    return selection


@transaction.atomic
def selection_to_placement(*, selection: Selection, employer: EventEmployer, by: User) -> Selection:
    """A chosen candidate leads to a draft placement, as an offer does (once)."""
    selection = (
        Selection.objects.select_for_update().select_related("event", "participant").get(pk=selection.pk)
    )
    if selection.status != Selection.Status.CHOSEN:
        raise ValidationError(_("Bare et gjeldende valg kan bli et tiltak."))
    if selection.placement_id:
        return selection
    if not selection.employers.filter(pk=employer.pk).exists():
        raise ValidationError(_("Velg en av arbeidsgiverne som valgte deltakeren."))
    placement = placement_create_draft(
        candidate=selection.participant.candidate,
        employer=employer.employer,
        need=employer.need,
        project=selection.event.project,
        source_label=str(selection.event),
        by=by,
    )
    before = selection.placement_id
    selection.placement = placement
    selection.save(update_fields=["placement", "updated_at"])
    audit_record(
        by=by,
        instance=selection,
        action=AuditEntry.Action.UPDATE,
        changes=[change(selection, "placement", before, placement.pk)],
    )
    return selection


# --- Presentations and drop-in rooms (Minijobbmesse) --------------------------------------------------------


@transaction.atomic
def dropin_visit_record(
    *, event_employer: EventEmployer, participant: Participant, cv_handed_over: bool, by: User
) -> DropInVisit:
    """Record that a participant visited an employer's room (and whether a CV was handed over);
    recording again updates the CV mark."""
    event = event_employer.event
    if event.format != Format.DROP_IN:
        raise ValidationError(_("Besøk registreres bare på presentasjoner og drop-in."))
    if event.status not in (S.PUBLISHED, S.HELD):
        raise ValidationError(_("Besøk registreres når arrangementet er publisert eller holdt."))
    if participant.event_id != event.pk:
        raise ValidationError(_("Deltakeren hører til et annet arrangement."))
    visit = DropInVisit.objects.filter(event_employer=event_employer, participant=participant).first()
    if visit is None:
        return model_create(
            instance=DropInVisit(
                event_employer=event_employer,
                participant=participant,
                cv_handed_over=cv_handed_over,
                recorded_by=by,
            ),
            by=by,
        )
    model_update(visit, data={"cv_handed_over": cv_handed_over}, fields=["cv_handed_over"], by=by)
    return visit


# --- Waiting list ---------------------------------------------------------------------------------------


def offer_hold(*, event: Event, now: datetime.datetime) -> datetime.timedelta:
    """How long an offered slot is held: a quarter of the time left before the event, between
    2 and 48 hours, so the hold shrinks as the event nears."""
    starts = datetime.datetime.combine(event.date, event.starts_at, tzinfo=timezone.get_current_timezone())
    quarter = (starts - now) / 4
    return max(datetime.timedelta(hours=2), min(datetime.timedelta(hours=48), quarter))


@transaction.atomic
def waiting_join(*, event_employer: EventEmployer, candidate: Candidate, by: User) -> WaitingListEntry:
    if candidate.erased_at is not None or candidate.office_id not in office_ids(by):
        raise ValidationError(_("Du kan bare sette egne kandidater på venteliste."))
    if event_employer.event.status != S.PUBLISHED:
        raise ValidationError(_("Booking er ikke åpen for dette arrangementet."))
    if WaitingListEntry.objects.filter(
        event_employer=event_employer, candidate=candidate, status__in=[W.WAITING, W.OFFERED]
    ).exists():
        raise ValidationError(_("Kandidaten står allerede på ventelisten hos denne arbeidsgiveren."))
    entry = WaitingListEntry(event_employer=event_employer, candidate=candidate, counsellor=by)
    return model_create(instance=entry, by=by)


def _free_slot(event_employer: EventEmployer, now) -> Slot | None:
    for slot in event_employer.slots.select_for_update().order_by("starts_at"):
        if _free_places(slot.pk, now=now, offer=None) > 0:
            return slot
    return None


def waiting_offer_next(
    *, event_employer: EventEmployer, slot: Slot | None = None, now=None, actor=None
) -> WaitingListEntry | None:
    """Offer a free slot to the first waiting candidate; their counsellor is notified."""
    now = now or timezone.now()
    event = event_employer.event
    if event.status != S.PUBLISHED or event.date < timezone.localdate(now):
        return None
    with transaction.atomic():
        slot = slot or _free_slot(event_employer, now)
        if slot is None or _free_places(slot.pk, now=now, offer=None) <= 0:
            return None
        entry = (
            WaitingListEntry.objects.select_for_update(skip_locked=True)
            .filter(event_employer=event_employer, status=W.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if entry is None:
            return None
        entry.status = W.OFFERED
        entry.offered_slot = slot
        entry.offered_at = now
        entry.offer_expires_at = now + offer_hold(event=event, now=now)
        entry.save(update_fields=["status", "offered_slot", "offered_at", "offer_expires_at", "updated_at"])
        audit_record(
            by=actor,  # who freed the slot (None: the sweep)
            instance=entry,
            action=AuditEntry.Action.UPDATE,
            changes=[change(entry, "status", W.WAITING, W.OFFERED)],
        )
        notification_create(
            user=entry.counsellor,
            title=_("Ledig plass hos %(employer)s på %(event)s")
            % {"employer": event_employer, "event": event},
            body=_("Plassen holdes til %(time)s. Takk ja eller nei med ett klikk.")
            % {"time": timezone.localtime(entry.offer_expires_at).strftime("%d.%m.%Y %H:%M")},
            url=reverse("jobfairs:offer", args=[entry.pk]),
            dedupe_key=f"jobfair-offer:{entry.pk}:{slot.pk}",
        )
    return entry


def waiting_accept(*, entry: WaitingListEntry, by: User) -> Booking:
    with transaction.atomic():
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != W.OFFERED or entry.offer_expires_at <= timezone.now():
            raise ValidationError(_("Tilbudet gjelder ikke lenger."), code="offer_gone")
        booking = booking_create(slot=entry.offered_slot, candidate=entry.candidate, by=by, offer=entry)
        audit_record(
            by=by,
            instance=entry,
            action=AuditEntry.Action.UPDATE,
            changes=[change(entry, "status", W.OFFERED, W.ACCEPTED)],
        )
    return booking


def _end_offer(entry: WaitingListEntry, *, to: str, by) -> WaitingListEntry | None:
    with transaction.atomic():
        locked = (
            WaitingListEntry.objects.select_for_update()
            .select_related("event_employer__event")
            .get(pk=entry.pk)
        )
        if locked.status != W.OFFERED:
            return None
        slot = locked.offered_slot
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            by=by,
            instance=locked,
            action=AuditEntry.Action.UPDATE,
            changes=[change(locked, "status", W.OFFERED, to)],
        )
        return waiting_offer_next(event_employer=locked.event_employer, slot=slot, actor=by)


def waiting_decline(*, entry: WaitingListEntry, by: User) -> WaitingListEntry | None:
    """Decline; the next in line is offered the slot. Returns the next offer, if any."""
    return _end_offer(entry, to=W.DECLINED, by=by)


def waiting_withdraw(*, entry: WaitingListEntry, by: User) -> None:
    with transaction.atomic():
        if entry.status == W.OFFERED:
            _end_offer(entry, to=W.WITHDRAWN, by=by)
        elif entry.status == W.WAITING:
            model_update(entry, data={"status": W.WITHDRAWN}, fields=["status"], by=by)


def offers_lapse(*, now=None) -> int:
    """Sweep: offers past their hold lapse and go to the next in line. Safe to run twice."""
    now = now or timezone.now()
    lapsed = 0
    for entry in WaitingListEntry.objects.filter(status=W.OFFERED, offer_expires_at__lte=now):
        _end_offer(entry, to=W.LAPSED, by=None)
        lapsed += 1
    return lapsed


# --- Feedback -------------------------------------------------------------------------------------------


def feedback_link_create(*, event_employer: EventEmployer, by: User, recipient_name: str, days: int = 14):
    with transaction.atomic():
        return share_link_create(
            obj=event_employer, scope=FEEDBACK_SCOPE, by=by, recipient_name=recipient_name, days=days
        )


FEEDBACK_FIELDS = ("handshake", "language", "eye_contact", "positive", "negative", "outcome")


def booking_feedback(*, booking: Booking, link, data: dict) -> Booking:
    """The employer's feedback through the share link: impression and outcome. It reaches the
    counsellor; «ikke valgt» becomes a follow-up task for the counsellor (L1646–1650); an offer is
    recorded (a draft placement when the placements app is present)."""
    from core.personal_data import validate_no_personal_data

    unknown = set(data) - set(FEEDBACK_FIELDS)
    if unknown:
        raise TypeError(sorted(unknown))
    if not data.get("outcome"):
        raise ValidationError({"outcome": _("Velg utfall for intervjuet.")})
    for name in ("positive", "negative"):
        if data.get(name):
            validate_no_personal_data(data[name])
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("event", "slot__event_employer")
            .get(pk=booking.pk)
        )
        if booking.slot.event_employer_id != link.object_id:
            raise ValidationError(_("Intervjuet hører ikke til denne lenken."))
        if booking.status == B.CANCELLED:
            raise ValidationError(_("Intervjuet ble avbestilt."))
        before = {name: getattr(booking, name) for name in FEEDBACK_FIELDS}
        for name, value in data.items():
            setattr(booking, name, value or "")
        booking.feedback_at = timezone.now()
        booking.feedback_by = link.recipient_name
        booking.full_clean(exclude=["during", "slot", "candidate", "participant", "counsellor", "event"])
        booking.save(update_fields=[*FEEDBACK_FIELDS, "feedback_at", "feedback_by", "updated_at"])
        audit_record(
            by=link.created_by,
            instance=booking,
            action=AuditEntry.Action.UPDATE,
            changes=[
                change(booking, n, before[n], getattr(booking, n))
                for n in FEEDBACK_FIELDS
                if before[n] != getattr(booking, n)
            ],
        )
        entry = booking.slot.event_employer
        url = reverse("jobfairs:booking", args=[booking.pk])
        number = booking.participant.number
        title = _("Tilbakemelding fra %(employer)s om deltaker %(number)s: %(outcome)s") % {
            "employer": entry,
            "number": number,
            "outcome": booking.get_outcome_display(),
        }
        people = {booking.counsellor} | ({booking.backup_counsellor} if booking.backup_counsellor else set())
        for user in people:
            notification_create(
                user=user, title=title, url=url, dedupe_key=f"jobfair-feedback:{booking.pk}:{booking.outcome}"
            )
            if booking.outcome == Booking.Outcome.NOT_SELECTED:
                notification_create(
                    user=user,
                    title=_(
                        "Oppfølging: deltaker %(number)s ble ikke valgt av %(employer)s – snakk med kandidaten om veien videre."
                    )
                    % {"number": number, "employer": entry},
                    url=url,
                    dedupe_key=f"jobfair-follow-up:{booking.pk}",
                )
        if booking.outcome in Booking.OFFERS:
            _offer_to_placement(booking)
    return booking


def _offer_to_placement(booking: Booking) -> None:
    """An offer becomes a draft placement linked to the event, the employer and the candidate."""
    if booking.placement_id:
        return
    entry = booking.slot.event_employer
    booking.placement = placement_create_draft(
        candidate=booking.candidate,
        employer=entry.employer,
        need=entry.need,
        project=booking.event.project,
        source_label=str(booking.event),
        by=booking.counsellor,
    )
    booking.save(update_fields=["placement", "updated_at"])


# --- Reminders ------------------------------------------------------------------------------------------


def _counsellors_of(offices: Iterable[int]):
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.VEILEDER,
        memberships__unit_id__in=list(offices),
    ).distinct()


def reminders_plan(*, event: Event, now=None) -> int:
    """Write the reminder rows the event is due for now (unique keys; existing rows are kept)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    rows = []
    if event.status == S.PUBLISHED:
        offices = list(event.offices.values_list("pk", flat=True))
        if not offices:
            offices = list(
                Membership.objects.filter(
                    unit__county_id=event.county_id, unit__kind="nav_kontor"
                ).values_list("unit_id", flat=True)
            )
        for user in _counsellors_of(offices):
            rows.append(
                Reminder(
                    key=f"jobfair-opened:{event.pk}:{user.pk}",
                    kind=Reminder.Kind.OPENED,
                    event=event,
                    user=user,
                    due_at=now,
                )
            )
        day = datetime.datetime.combine(event.date, datetime.time(8, 0), tzinfo=tz)
        counsellors = set(
            Booking.objects.filter(event=event, status=B.BOOKED).values_list("counsellor_id", flat=True)
        )
        for user_id in counsellors:
            rows.append(
                Reminder(
                    key=f"jobfair-two-days:{event.pk}:{user_id}",
                    kind=Reminder.Kind.TWO_DAYS,
                    event=event,
                    user_id=user_id,
                    due_at=day - datetime.timedelta(days=2),
                )
            )
            rows.append(
                Reminder(
                    key=f"jobfair-day-before:{event.pk}:{user_id}",
                    kind=Reminder.Kind.DAY_BEFORE,
                    event=event,
                    user_id=user_id,
                    due_at=day - datetime.timedelta(days=1),
                )
            )
    created = Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def _send(reminder: Reminder) -> None:
    event, user = reminder.event, reminder.user
    url = reverse("jobfairs:detail", args=[event.pk])
    if reminder.kind == Reminder.Kind.OPENED:
        notification_create(
            user=user,
            title=_("Booking er åpen: %(event)s") % {"event": str(event)},
            body=_("Frist %(date)s.") % {"date": event.booking_deadline.strftime("%d.%m.%Y")},
            url=url,
            dedupe_key=reminder.key,
        )
    elif reminder.kind == Reminder.Kind.TWO_DAYS:
        bookings = list(
            Booking.objects.filter(event=event, counsellor=user, status=B.BOOKED)
            .select_related("slot__event_employer__employer", "participant")
            .order_by("during")
        )
        if bookings and user.email:
            email_send(
                to=user.email,
                template="jobfairs_two_days",
                context={
                    "event": event,
                    "bookings": bookings,
                    "url": reverse("jobfairs:print_counsellor", args=[event.pk]),
                },
                dedupe_key=reminder.key,
            )
    elif (
        reminder.kind == Reminder.Kind.DAY_BEFORE
        and Booking.objects.filter(event=event, counsellor=user, status=B.BOOKED).exists()
    ):
        notification_create(
            user=user,
            title=_("I morgen: %(event)s – forbered kandidatene dine") % {"event": str(event)},
            url=reverse("jobfairs:print_counsellor", args=[event.pk]),
            dedupe_key=reminder.key,
        )


def reminders_send_due(*, now=None) -> int:
    """Send every due, unsent reminder once: claimed with SKIP LOCKED, marked sent in the same
    transaction as the notification/e-mail row (which carries the same dedupe key)."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, due_at__lte=now, event__date__gte=timezone.localdate(now))
                .exclude(event__status=S.CANCELLED)
                .select_related("event", "user")
                .order_by("due_at", "pk")[:100]
            )
            if not batch:
                return sent
            for reminder in batch:
                _send(reminder)
                reminder.sent_at = now
                reminder.save(update_fields=["sent_at"])
                sent += 1


def jobfairs_sweep(*, now=None) -> dict:
    """Beat: plan reminders for upcoming published events, send what is due, lapse old offers."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    planned = 0
    for event in Event.objects.filter(status=S.PUBLISHED, date__gte=today):
        planned += reminders_plan(event=event, now=now)
    return {"planned": planned, "sent": reminders_send_due(now=now), "lapsed": offers_lapse(now=now)}
