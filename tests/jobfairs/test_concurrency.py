"""Acceptance: real parallel connections to PostgreSQL. Each thread has its own connection and
its own transaction; a barrier releases them together."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import override_settings

from jobfairs import services
from jobfairs.models import Booking, Slot
from tests.candidates.factories import make_candidate

from .factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)


def _race(n, attempt):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            attempt(i)
            results[i] = "ok"
        except ValidationError as error:
            results[i] = (error.code, " ".join(error.messages))
        except Exception as error:  # a server error would be a failure
            results[i] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_fifty_attempts_on_the_last_slot_give_one_booking(markedskoordinator, office, veileder):
    event = make_event(by=markedskoordinator, offices=[office], employers=1, slots=2)
    first, last = list(Slot.objects.filter(event=event).order_by("starts_at"))
    services.booking_create(slot=first, candidate=make_candidate(office=office, by=veileder), by=veileder)
    candidates = [make_candidate(office=office, by=veileder) for _ in range(50)]
    results = _race(50, lambda i: services.booking_create(slot=last, candidate=candidates[i], by=veileder))
    assert results.count("ok") == 1, results
    refused = [r for r in results if r != "ok"]
    assert len(refused) == 49
    assert all(code == "full" and "Fullt" in message for code, message in refused), refused
    assert Booking.objects.filter(slot=last).count() == 1
    # Only the winner got a participant number: 1 and 2, nothing burnt.
    assert sorted(Booking.objects.values_list("participant__number", flat=True)) == [1, 2]
    connection.close()


@override_settings(JOBFAIRS_MAX_EMPLOYERS_PER_CANDIDATE=20)
def test_twenty_attempts_on_overlapping_slots_give_one_booking(markedskoordinator, office, veileder):
    event = make_event(by=markedskoordinator, offices=[office], employers=20, slots=1)
    slots = list(Slot.objects.filter(event=event))  # all at 15:30
    candidate = make_candidate(office=office, by=veileder)
    results = _race(20, lambda i: services.booking_create(slot=slots[i], candidate=candidate, by=veileder))
    assert results.count("ok") == 1, results
    assert all(r == "ok" or r[0] == "overlap" for r in results), results
    assert Booking.objects.filter(candidate=candidate).count() == 1


@override_settings(JOBFAIRS_LOCK_TIMEOUT_MS=200)
def test_a_held_lock_gives_a_clear_busy_message(markedskoordinator, office, veileder):
    event = make_event(by=markedskoordinator, offices=[office], employers=1, slots=1)
    slot = Slot.objects.get(event=event)
    candidate = make_candidate(office=office, by=veileder)
    locked, release = threading.Event(), threading.Event()

    def hold():
        from django.db import transaction

        with transaction.atomic():
            Slot.objects.select_for_update().get(pk=slot.pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(10)
    try:
        with pytest.raises(ValidationError) as info:
            services.booking_create(slot=slot, candidate=candidate, by=veileder)
    finally:
        release.set()
        holder.join(10)
    assert info.value.code == "busy" and "Prøv igjen" in " ".join(info.value.messages)
    assert services.booking_create(slot=slot, candidate=candidate, by=veileder).pk


def test_parallel_bookings_into_a_speed_rotation_take_one_lane_each(markedskoordinator, office, veileder):
    event = make_event(
        by=markedskoordinator, offices=[office], employers=4, slots=4, format="speed", slot_minutes=20
    )
    candidates = [make_candidate(office=office, by=veileder) for _ in range(6)]
    results = _race(
        6, lambda i: services.speed_rotation_book(event=event, candidates=[candidates[i]], by=veileder)
    )
    assert results.count("ok") == 4, results
    assert all(r == "ok" or r[0] == "full" for r in results), results
    booked = Booking.objects.filter(event=event)
    assert booked.count() == 16 and booked.values("slot").distinct().count() == 16  # one per room and round
    for candidate in candidates:
        mine = booked.filter(candidate=candidate)
        assert mine.count() in (0, 4)  # a whole walk or nothing
        assert mine.values("slot__event_employer").distinct().count() == mine.count()
    assert sorted(set(booked.values_list("participant__number", flat=True))) == [1, 2, 3, 4]  # none burnt
    connection.close()
