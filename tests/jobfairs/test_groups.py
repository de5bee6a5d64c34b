"""JobbLoop kick-off (groups of 3–4, the employers' joint choice the same day, a chosen candidate
to a draft placement) and Minijobbmesse drop-in (visits and CVs), services against the real
database first, then the organiser's pages with pinned query counts and no names."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from core.models import Notification
from jobfairs import services
from jobfairs.models import DropInVisit, Participant, Selection
from tests.candidates.factories import identity_strings, make_candidate

from .factories import make_event

pytestmark = pytest.mark.django_db


def _book_people(event, office, veileder, count):
    """`count` candidates, each booked into a free slot (group slots hold four)."""
    people = []
    slots = list(event.slots.order_by("starts_at", "pk"))
    for index in range(count):
        person = make_candidate(office=office, by=veileder)
        services.booking_create(slot=slots[index // 4], candidate=person, by=veileder)
        people.append(person)
    return people


@pytest.fixture
def kickoff(markedskoordinator, office):
    return make_event(
        by=markedskoordinator, offices=[office], employers=3, slots=3, format="gruppe", slot_minutes=40
    )


@pytest.mark.parametrize(
    ("count", "sizes"), [(10, [4, 3, 3]), (9, [3, 3, 3]), (4, [4]), (5, [3, 2]), (0, [])]
)
def test_group_sizes_are_as_even_as_can_be(count, sizes):
    assert services.group_sizes(count) == sizes


def test_groups_selection_history_and_placement(kickoff, office, veileder, markedskoordinator):
    people = _book_people(kickoff, office, veileder, 10)
    groups = services.groups_form(event=kickoff, by=markedskoordinator)
    assert [g.members.count() for g in groups] == [4, 3, 3]
    assert len({p.pk for g in groups for p in g.members.all()}) == 10
    assert groups[1].starts_at == groups[0].ends_at  # one group after the other
    services.groups_form(event=kickoff, by=markedskoordinator)  # again: replaced, not doubled
    assert kickoff.groups.count() == 3

    employers = list(kickoff.employers.order_by("pk"))
    participant = Participant.objects.get(event=kickoff, candidate=people[0])
    selection = services.selection_record(
        event=kickoff, participant=participant, employers=employers[:2], by=markedskoordinator, note="Enige"
    )
    assert selection.decided_by == markedskoordinator and set(selection.employers.all()) == set(employers[:2])
    assert Notification.objects.filter(user=veileder, title__contains="ble valgt").count() == 1
    with pytest.raises(ValidationError):
        services.selection_record(
            event=kickoff, participant=participant, employers=employers, by=markedskoordinator
        )
    with pytest.raises(ValidationError):  # the choice has begun: the groups stay
        services.groups_form(event=kickoff, by=markedskoordinator)
    with pytest.raises(ValidationError):  # only an employer who chose
        services.selection_to_placement(selection=selection, employer=employers[2], by=markedskoordinator)
    for _ in range(2):
        services.selection_to_placement(selection=selection, employer=employers[0], by=markedskoordinator)
    selection.refresh_from_db()
    assert selection.placement.status == "utkast" and selection.placement.candidate == people[0]
    assert selection.placement.employer == employers[0].employer
    services.selection_withdraw(selection=selection, by=markedskoordinator, note="Takket nei")
    assert [h.to_status for h in selection.history.all()] == ["valgt", "trukket"]
    again = services.selection_record(
        event=kickoff, participant=participant, employers=employers[2:], by=markedskoordinator
    )
    assert Selection.objects.filter(participant=participant).count() == 2 and again.status == "valgt"


def test_selection_only_for_group_interviews(event, slots, candidate, veileder, markedskoordinator):
    booking = services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    with pytest.raises(ValidationError):
        services.selection_record(
            event=event,
            participant=booking.participant,
            employers=[slots[0][0].event_employer],
            by=markedskoordinator,
        )
    with pytest.raises(ValidationError):
        services.groups_form(event=event, by=markedskoordinator)


def test_groups_page_numbers_only_and_pinned(
    client_for, query_count, kickoff, office, veileder, markedskoordinator
):
    people = _book_people(kickoff, office, veileder, 7)
    client = client_for(markedskoordinator)
    url = reverse("jobfairs:groups", args=[kickoff.pk])
    assert client.post(url, {"action": "grupper"}).status_code == 302
    participant = Participant.objects.get(event=kickoff, candidate=people[1])
    employers = list(kickoff.employers.order_by("pk"))
    client.post(
        url,
        {"action": "velg", "participant": participant.pk, "employers": [e.pk for e in employers], "note": ""},
    )
    selection = Selection.objects.get(participant=participant)
    client.post(url, {"action": "tiltak", "selection": selection.pk, "employer": employers[1].pk})
    selection.refresh_from_db()
    assert selection.placement is not None
    page = client.get(url).content.decode()
    assert "Nr. 2" in page and "Utkast til tiltak" in page
    # The history line as User.get_full_name|default:username and the status label, lower-cased.
    who = markedskoordinator.get_full_name() or markedskoordinator.username
    assert f" valgt ({who})</td>" in page
    assert escape(", ".join(e.employer.name for e in employers)) in page
    for person in people:
        for text in identity_strings(person):
            assert text not in page
    detail = client.get(reverse("jobfairs:detail", args=[kickoff.pk])).content.decode()
    assert url in detail

    def grow():
        other = Participant.objects.get(event=kickoff, candidate=people[2])
        services.selection_record(
            event=kickoff, participant=other, employers=employers, by=markedskoordinator
        )

    base = query_count.count(client, url)
    query_count.pinned(client, url, grow=grow, expected=base)


def test_dropin_visits_and_cvs(client_for, query_count, markedskoordinator, office, veileder):
    fair = make_event(
        by=markedskoordinator, offices=[office], employers=3, slots=2, format="dropin", slot_minutes=20
    )
    people = [make_candidate(office=office, by=veileder) for _ in range(3)]
    slots = list(fair.slots.order_by("starts_at", "pk"))
    for person, slot in zip(people, slots, strict=False):
        services.booking_create(slot=slot, candidate=person, by=veileder)
    first, second = (Participant.objects.get(event=fair, candidate=p) for p in people[:2])
    room = fair.employers.order_by("pk").first()
    services.dropin_visit_record(
        event_employer=room, participant=first, cv_handed_over=False, by=markedskoordinator
    )
    visit = services.dropin_visit_record(
        event_employer=room, participant=first, cv_handed_over=True, by=markedskoordinator
    )
    assert DropInVisit.objects.filter(participant=first).count() == 1 and visit.cv_handed_over
    client = client_for(markedskoordinator)
    url = reverse("jobfairs:dropin", args=[fair.pk])
    assert client.post(url, {"participant": second.pk, "employer": room.pk}).status_code == 302
    page = client.get(url).content.decode()
    assert "Nr. 1 ✓, Nr. 2" in page
    for person in people:
        for text in identity_strings(person):
            assert text not in page
    others = list(fair.employers.order_by("pk"))[1:]
    base = query_count.count(client, url)
    query_count.pinned(
        client,
        url,
        grow=lambda: [
            services.dropin_visit_record(
                event_employer=e, participant=second, cv_handed_over=True, by=markedskoordinator
            )
            for e in others
        ],
        expected=base,
    )
    assert client_for(veileder).get(url).status_code == 403


def test_before_the_first_booking_the_format_pages_read_no_participants(
    client_for, query_count, kickoff, office, veileder, markedskoordinator
):
    """No participant numbered yet (Event.last_participant_number): groups, selections, visits and
    participants are not read; the first booking shows up at once."""
    fair = make_event(by=markedskoordinator, offices=[office], employers=2, slots=1, format="dropin")
    client = client_for(markedskoordinator)
    groups_url = reverse("jobfairs:groups", args=[kickoff.pk])
    dropin_url = reverse("jobfairs:dropin", args=[fair.pk])
    empty_groups, empty_dropin = query_count.count(client, groups_url), query_count.count(client, dropin_url)
    assert "Ingen deltakere å velge blant." in client.get(groups_url).content.decode()
    _book_people(kickoff, office, veileder, 1)
    services.booking_create(
        slot=fair.slots.order_by("pk").first(),
        candidate=make_candidate(office=office, by=veileder),
        by=veileder,
    )
    assert query_count.count(client, groups_url) == empty_groups + 2  # groups with participants, selections
    assert query_count.count(client, dropin_url) == empty_dropin + 2  # visits, participants
    for url in (groups_url, dropin_url):
        assert '<option value="' in client.get(url).content.decode().split('name="participant"')[1][:400]
