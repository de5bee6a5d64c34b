"""Speed interviews (Springbrett): the lane arithmetic, booking into free lanes against the real
database, and the rotation pages (numbers only for the organiser, pinned query counts)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobfairs import rotation, selectors, services
from jobfairs.models import Booking
from tests.candidates.factories import identity_strings, make_candidate
from tests.employers.factories import EmployerFactory

from .factories import make_event


@pytest.mark.parametrize(("rooms", "rounds"), [(3, 3), (4, 4), (3, 4), (4, 2), (2, 5)])
def test_lanes_partition_the_grid_and_never_put_anyone_in_two_rooms(rooms, rounds):
    lanes = rotation.lanes(rooms=rooms, rounds=rounds)
    cells = [cell for lane in lanes for cell in lane.steps]
    assert sorted(cells) == sorted((r, room) for r in range(rounds) for room in range(rooms))
    for lane in lanes:
        assert len({r for r, _room in lane.steps}) == len(lane.steps)  # one room per round
        assert len({room for _r, room in lane.steps}) == len(lane.steps)  # each employer once
    assert rotation.meetings_per_candidate(rooms=rooms, rounds=rounds) == min(rooms, rounds)


@pytest.fixture
def speed(markedskoordinator, office):
    return make_event(
        by=markedskoordinator, offices=[office], employers=3, slots=3, format="speed", slot_minutes=20
    )


@pytest.mark.django_db
def test_booking_fills_free_lanes_one_candidate_at_a_time(speed, office, veileder):
    people = [make_candidate(office=office, by=veileder) for _ in range(4)]
    first = services.speed_rotation_book(event=speed, candidates=[people[0]], by=veileder, lane=1)
    rooms = list(speed.employers.order_by("pk").values_list("pk", flat=True))
    assert [b.slot.event_employer_id for b in first] == [*rooms[1:], rooms[0]]  # lane 2: room 2 first
    services.speed_rotation_book(event=speed, candidates=people[1:3], by=veileder)
    plan, _walks = selectors.speed_rotation(speed)
    assert [ln.numbers for ln in plan.lanes] == [[2], [1], [3]]
    assert all(len(cell) == 1 for rnd in plan.rounds for cell in rnd.cells)
    with pytest.raises(ValidationError) as error:
        services.speed_rotation_book(event=speed, candidates=[people[3]], by=veileder)
    assert error.value.code == "full"
    assert Booking.objects.filter(candidate=people[3]).count() == 0


@pytest.mark.django_db
def test_a_taken_lane_or_a_clash_books_nothing(speed, office, veileder):
    person, other = make_candidate(office=office, by=veileder), make_candidate(office=office, by=veileder)
    services.speed_rotation_book(event=speed, candidates=[person], by=veileder, lane=0)
    with pytest.raises(ValidationError):
        services.speed_rotation_book(event=speed, candidates=[other], by=veileder, lane=0)
    # Already in the rotation: the second lane fails on the first booking and rolls back whole.
    with pytest.raises(ValidationError):
        services.speed_rotation_book(event=speed, candidates=[person], by=veileder)
    assert Booking.objects.filter(candidate=person).count() == 3
    assert Booking.objects.filter(candidate=other).count() == 0


@pytest.mark.django_db
def test_rotation_page_shows_numbers_to_the_organiser_and_names_to_the_counsellor(
    client_for, query_count, speed, office, veileder, markedskoordinator
):
    person = make_candidate(office=office, by=veileder)
    counsellor = client_for(veileder)
    url = reverse("jobfairs:rotation", args=[speed.pk])
    response = counsellor.post(url, {"candidate": person.pk, "lane": "2"})
    assert response.status_code == 302
    assert Booking.objects.filter(candidate=person).count() == 3
    page = counsellor.get(url).content.decode()
    assert "Nr. 1" in page and person.first_name in page  # own candidate: the walk with the name
    organiser = client_for(markedskoordinator)
    for name in ("jobfairs:rotation", "jobfairs:print_rotation"):
        sheet = organiser.get(reverse(name, args=[speed.pk])).content.decode()
        assert "Nr. 1" in sheet
        for text in identity_strings(person):
            assert text not in sheet
    detail = organiser.get(reverse("jobfairs:detail", args=[speed.pk])).content.decode()
    assert url in detail

    def grow():
        services.speed_rotation_book(
            event=speed, candidates=[make_candidate(office=office, by=veileder)], by=veileder
        )

    # Issue 16: the plan (rooms, slots, numbers) and the counsellor's walks are one read. The
    # counsellor: session, user, memberships, event, plan with walks, own candidates, the access
    # log's INSERT, unread notifications; the organiser reads no candidates and logs nothing.
    # (client_for logs the one test client in: it is the counsellor again only when asked.)
    query_count.pinned(client_for(veileder), url, grow=grow, expected=8)
    query_count.pinned(client_for(markedskoordinator), url, grow=grow, expected=6)
    printed = reverse("jobfairs:print_rotation", args=[speed.pk])
    base = query_count.count(organiser, printed)
    query_count.pinned(
        organiser,
        printed,
        grow=lambda: services.event_employer_add(
            event=speed, by=markedskoordinator, data={"employer": EmployerFactory(), "slot_count": 3}
        ),
        expected=base,
    )


@pytest.mark.django_db
def test_rotation_pages_exist_only_for_speed_interviews(client_for, event, veileder):
    client = client_for(veileder)
    assert client.get(reverse("jobfairs:rotation", args=[event.pk])).status_code == 404


@pytest.mark.django_db
def test_rotation_grid_and_lanes_are_cached_per_shown_values_and_never_stale(
    client_for, speed, office, veileder, markedskoordinator
):
    """The grid and the lanes are cached fragments keyed on every value they show: a booking and
    a new employer show at once."""
    organiser = client_for(markedskoordinator)
    url = reverse("jobfairs:rotation", args=[speed.pk])
    page = organiser.get(url).content.decode()
    assert "<strong>Nr. " not in page and page.count('"aksel-detail">ledig<') == 9  # 3 rounds × 3 rooms
    services.speed_rotation_book(
        event=speed, candidates=[make_candidate(office=office, by=veileder)], by=veileder
    )
    page = organiser.get(url).content.decode()
    assert page.count("<strong>Nr. 1</strong>") == 3 and page.count('"aksel-detail">ledig<') == 6
    services.event_employer_add(
        event=speed,
        by=markedskoordinator,
        data={"employer": EmployerFactory(name="Nytt rom AS"), "slot_count": 3},
    )
    assert organiser.get(url).content.decode().count("Nytt rom AS") >= 2  # a column and the lanes


@pytest.mark.django_db
def test_walks_are_the_own_offices_live_bookings_with_names(
    client_for, speed, office, other_office, veileder, other_veileder, markedskoordinator
):
    """The walks come with the plan's read (issue 16): only the own office's candidates, only live
    bookings, each walk in booking order, by participant number; no names for anyone else."""
    from accounts.access import visible

    speed.offices.add(other_office)
    ours = [make_candidate(office=office, by=veileder) for _ in range(2)]
    theirs = make_candidate(office=other_office, by=other_veileder)
    services.speed_rotation_book(event=speed, candidates=[ours[1]], by=veileder, lane=2)
    services.speed_rotation_book(event=speed, candidates=[theirs], by=other_veileder, lane=0)
    services.speed_rotation_book(event=speed, candidates=[ours[0]], by=veileder, lane=1)
    cancelled = Booking.objects.filter(candidate=ours[0]).order_by("during").first()
    services.booking_cancel(booking=cancelled, by=veileder)

    def expected(user):
        walks = {}
        for booking in (
            visible(user, Booking.objects.filter(event=speed))
            .exclude(status=Booking.Status.CANCELLED)
            .select_related("candidate", "participant")
            .order_by("during", "pk")
        ):
            walk = walks.setdefault(
                booking.candidate_id,
                (booking.candidate_id, booking.candidate.full_name, booking.participant.number, []),
            )
            walk[3].append(booking.slot_id)
        return sorted(walks.values(), key=lambda w: w[2])

    for user in (veileder, other_veileder, markedskoordinator):
        _plan, walks = selectors.speed_rotation(speed, walks_for=user)
        found = [
            (w["candidate_id"], w["name"], w["number"], [s.pk for s, _room in w["stops"]]) for w in walks
        ]
        assert found == expected(user), user
    _plan, walks = selectors.speed_rotation(speed, walks_for=veileder)
    assert [w["candidate_id"] for w in walks] == [ours[1].pk, ours[0].pk] and len(walks[1]["stops"]) == 2
    assert selectors.speed_rotation(speed)[1] == []  # the organiser's pages read no names
    page = client_for(other_veileder).get(reverse("jobfairs:rotation", args=[speed.pk])).content.decode()
    assert theirs.first_name in page
    for person in ours:
        assert all(text not in page for text in identity_strings(person))
    # The SQL twin of the booking scope (jobfairs.rules._bookings_sql) selects visible()'s rows,
    # an erased candidate's bookings left out too.
    from accounts.access import scope_sql
    from candidates.services import candidate_erase
    from tests.access import assert_sql_twin_selects_visible

    candidate_erase(candidate=ours[1], reason="test", by=veileder)
    for user in (veileder, other_veileder, markedskoordinator):
        assert_sql_twin_selects_visible(user, Booking)
    assert (
        scope_sql(veileder, Booking, "b") is not None and scope_sql(markedskoordinator, Booking, "b") is None
    )
