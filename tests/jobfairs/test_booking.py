"""Every booking rule, the participant numbers, the waiting list, cancellation and reminders."""

import datetime

import pytest
from django.core import mail  # noqa: F401 (outbox rows are what we check)
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from core.models import Notification, OutboxMessage
from jobfairs import services
from jobfairs.models import Booking, Event, EventHistory, Reminder, WaitingListEntry
from tests.candidates.factories import make_candidate
from tests.factories import user_with_role

from .factories import make_event

pytestmark = pytest.mark.django_db


def _code(call):
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.code, " ".join(info.value.messages)


def test_booking_gets_a_participant_number_that_is_never_reused(slots, candidate, office, veileder):
    (a1, a2, a3, _a4), (b1, *_rest) = slots
    booking = services.booking_create(slot=a1, candidate=candidate, by=veileder)
    other = make_candidate(office=office, by=veileder)
    second = services.booking_create(slot=a2, candidate=other, by=veileder)
    assert (booking.participant.number, second.participant.number) == (1, 2)
    services.booking_cancel(booking=booking, by=veileder)
    again = services.booking_create(slot=b1, candidate=candidate, by=veileder)
    assert again.participant.number == 1  # the same person keeps their number
    third = services.booking_create(
        slot=a3, candidate=make_candidate(office=office, by=veileder), by=veileder
    )
    assert third.participant.number == 3  # a new person never gets an old number
    assert [h.to_status for h in booking.history.all()] == ["booket", "avbestilt"]


def test_a_full_slot_says_fullt(slots, candidate, office, veileder):
    slot = slots[0][0]
    services.booking_create(slot=slot, candidate=candidate, by=veileder)
    code, message = _code(
        lambda: services.booking_create(
            slot=slot, candidate=make_candidate(office=office, by=veileder), by=veileder
        )
    )
    assert code == "full" and "Fullt" in message


def test_at_most_two_employers_per_candidate(markedskoordinator, office, veileder, candidate):
    event = make_event(by=markedskoordinator, offices=[office], employers=3)
    first, second, third = (list(e.slots.all()) for e in event.employers.order_by("pk"))
    services.booking_create(slot=first[0], candidate=candidate, by=veileder)
    services.booking_create(slot=second[1], candidate=candidate, by=veileder)
    code, message = _code(lambda: services.booking_create(slot=third[2], candidate=candidate, by=veileder))
    assert code == "max_employers" and "høyst 2" in message


def test_not_twice_with_one_employer(slots, candidate, veileder):
    services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    assert _code(lambda: services.booking_create(slot=slots[0][2], candidate=candidate, by=veileder))[0] == (
        "same_employer"
    )


def test_overlapping_slots_are_refused(slots, candidate, veileder):
    services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    code, message = _code(lambda: services.booking_create(slot=slots[1][0], candidate=candidate, by=veileder))
    assert code == "overlap" and "overlapper" in message


def test_the_exclusion_constraint_refuses_overlap_without_the_service(slots, candidate, veileder):
    booking = services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    half = booking.slot.starts_at + datetime.timedelta(minutes=15)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            event=booking.event,
            slot=slots[1][1],
            candidate=candidate,
            participant=booking.participant,
            during=DateTimeTZRange(half, half + datetime.timedelta(minutes=30)),
            counsellor=veileder,
        )
    # A cancelled booking does not count.
    Booking.objects.filter(pk=booking.pk).update(status="avbestilt")
    Booking.objects.create(
        event=booking.event,
        slot=slots[1][1],
        candidate=candidate,
        participant=booking.participant,
        during=DateTimeTZRange(half, half + datetime.timedelta(minutes=30)),
        counsellor=veileder,
    )


def test_deadline_status_office_and_age(
    markedskoordinator, office, other_office, veileder, other_veileder, candidate
):
    event = make_event(by=markedskoordinator, offices=[office])
    slot = event.slots.first()
    late = event.booking_deadline + datetime.timedelta(days=1)
    assert _code(lambda: services.booking_create(slot=slot, candidate=candidate, by=veileder, today=late))[
        0
    ] == ("deadline")
    stranger = make_candidate(office=other_office, by=other_veileder)
    assert _code(lambda: services.booking_create(slot=slot, candidate=stranger, by=veileder))[0] == "not_own"
    assert (
        _code(lambda: services.booking_create(slot=slot, candidate=stranger, by=other_veileder))[0]
        == "office"
    )
    entry = slot.event_employer
    entry.minimum_age = 25
    entry.save()
    code, message = _code(lambda: services.booking_create(slot=slot, candidate=candidate, by=veileder))
    assert code == "age" and "minst 25 år" in message
    draft = make_event(by=markedskoordinator, offices=[office], publish=False)
    assert (
        _code(lambda: services.booking_create(slot=draft.slots.first(), candidate=candidate, by=veileder))[0]
        == "not_open"
    )


def test_slots_follow_the_run_sheet(event):
    entry = event.employers.first()
    times = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in entry.slots.all()]
    assert times == ["15:30", "16:00", "16:30", "17:00"]
    with pytest.raises(ValidationError):
        services.event_employer_add(
            event=event, by=None, data={"employer": entry.employer, "unit": "X", "slot_count": 5}
        )


def test_waiting_list_offer_accept_decline_and_lapse(slots, candidate, office, veileder):
    slot = slots[0][0]
    booking = services.booking_create(slot=slot, candidate=candidate, by=veileder)
    entry_employer = slot.event_employer
    # Fill the employer's other slots so the list matters.
    for other in slots[0][1:]:
        services.booking_create(slot=other, candidate=make_candidate(office=office, by=veileder), by=veileder)
    first = services.waiting_join(
        event_employer=entry_employer, candidate=make_candidate(office=office, by=veileder), by=veileder
    )
    second = services.waiting_join(
        event_employer=entry_employer, candidate=make_candidate(office=office, by=veileder), by=veileder
    )
    third = services.waiting_join(
        event_employer=entry_employer, candidate=make_candidate(office=office, by=veileder), by=veileder
    )
    services.booking_cancel(booking=booking, by=veileder)
    first.refresh_from_db()
    assert first.status == "tilbudt" and first.offered_slot == slot
    assert Notification.objects.filter(user=veileder, url__endswith=f"/venteliste/{first.pk}/").exists()
    # The held slot is not free for anyone else.
    assert (
        _code(
            lambda: services.booking_create(
                slot=slot, candidate=make_candidate(office=office, by=veileder), by=veileder
            )
        )[0]
        == "full"
    )
    # Declining passes it to the next.
    services.waiting_decline(entry=first, by=veileder)
    second.refresh_from_db()
    assert second.status == "tilbudt"
    # Lapsing passes it on again.
    services.offers_lapse(now=second.offer_expires_at + datetime.timedelta(seconds=1))
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("utlopt", "tilbudt")
    booked = services.waiting_accept(entry=third, by=veileder)
    third.refresh_from_db()
    assert booked.slot == slot and third.status == "akseptert" and third.booking == booked
    assert WaitingListEntry.objects.filter(status="tilbudt").count() == 0


def test_the_hold_shrinks_as_the_event_nears(event):
    starts = datetime.datetime.combine(event.date, event.starts_at, tzinfo=timezone.get_current_timezone())
    far = services.offer_hold(event=event, now=starts - datetime.timedelta(days=10))
    near = services.offer_hold(event=event, now=starts - datetime.timedelta(hours=20))
    close = services.offer_hold(event=event, now=starts - datetime.timedelta(hours=3))
    assert far == datetime.timedelta(hours=48) and near == datetime.timedelta(hours=5)
    assert close == datetime.timedelta(hours=2)


def test_cancel_notifies_everyone_booked(event, slots, candidate, office, veileder, markedskoordinator):
    backup = user_with_role("veileder", office, username="t-backup")
    services.booking_create(
        slot=slots[0][0], candidate=candidate, by=veileder, details={"backup_counsellor": backup}
    )
    colleague = user_with_role("veileder", office, username="t-colleague")
    services.booking_create(
        slot=slots[0][1], candidate=make_candidate(office=office, by=colleague), by=colleague
    )
    services.event_cancel(event=event, by=markedskoordinator, note="Lokalet er stengt")
    assert set(Booking.objects.values_list("status", flat=True)) == {"avbestilt"}
    for user in (veileder, backup, colleague):
        assert Notification.objects.filter(user=user, title__startswith="Avlyst").count() == 1
    assert OutboxMessage.objects.filter(template="jobfairs_cancelled").count() == 3
    assert [h.to_status for h in EventHistory.objects.filter(event=event)] == [
        "utkast",
        "publisert",
        "avlyst",
    ]


def test_event_lifecycle_refuses_illegal_steps(event, markedskoordinator):
    with pytest.raises(ValidationError):
        services.event_close(event=event, by=markedskoordinator)
    services.event_hold(event=event, by=markedskoordinator)
    services.event_close(event=event, by=markedskoordinator)
    assert Event.objects.get(pk=event.pk).status == "avsluttet"


def test_reminders_run_twice_reach_each_counsellor_once(event, slots, candidate, office, veileder):
    colleague = user_with_role("veileder", office, username="t-colleague2")
    services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    services.booking_create(
        slot=slots[1][1], candidate=make_candidate(office=office, by=veileder), by=veileder
    )
    starts = datetime.datetime.combine(
        event.date, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()
    )
    for now in (starts - datetime.timedelta(days=5), starts - datetime.timedelta(days=2)):
        services.jobfairs_sweep(now=now)
        services.jobfairs_sweep(now=now)
    opened = Notification.objects.filter(title__startswith="Booking er åpen")
    assert sorted(opened.values_list("user__username", flat=True)) == sorted(["t-veileder", "t-colleague2"])
    two_days = OutboxMessage.objects.filter(template="jobfairs_two_days")
    assert list(two_days.values_list("recipient", flat=True)) == [veileder.email]
    # The day before, run late and twice.
    services.jobfairs_sweep(now=starts - datetime.timedelta(hours=2))
    services.jobfairs_sweep(now=starts - datetime.timedelta(hours=1))
    day_before = Notification.objects.filter(title__startswith="I morgen")
    assert list(day_before.values_list("user", flat=True)) == [veileder.pk]
    assert not Reminder.objects.filter(sent_at__isnull=True, due_at__lte=starts).exists()
    assert colleague.pk not in set(two_days.values_list("pk", flat=True))


def test_copy_to_a_new_date_keeps_employers_and_slots(event, markedskoordinator):
    new = event.date + datetime.timedelta(days=60)
    copy = services.event_copy(
        event=event, date=new, booking_deadline=new - datetime.timedelta(days=5), by=markedskoordinator
    )
    assert copy.status == "utkast" and copy.copied_from == event
    assert copy.employers.count() == 2 and copy.slots.count() == 8
    assert {s.starts_at.date() for s in copy.slots.all()} == {new}


def test_speed_rotation_meets_every_employer_once_and_never_two_places(markedskoordinator, office, veileder):
    event = make_event(
        by=markedskoordinator, offices=[office], employers=3, slots=3, format="speed", slot_minutes=20
    )
    people = [make_candidate(office=office, by=veileder) for _ in range(3)]
    bookings = services.speed_rotation_book(event=event, candidates=people, by=veileder)
    assert len(bookings) == 9
    for person in people:
        mine = [b for b in bookings if b.candidate == person]
        assert len({b.slot.event_employer_id for b in mine}) == 3  # every room once
        assert len({b.slot.starts_at for b in mine}) == 3  # one place at a time
    assert len({b.slot_id for b in bookings}) == 9  # one candidate per room per round
    with pytest.raises(ValidationError):
        services.rotation_plan(4, 3)
