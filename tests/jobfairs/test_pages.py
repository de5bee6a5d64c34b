"""Feedback through the share link (no names without consent), the digest selector, query pins."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from jobfairs import selectors, services
from jobfairs.models import Booking
from tests.candidates.factories import identity_strings, make_candidate, make_consent

pytestmark = pytest.mark.django_db


def test_employer_feedback_without_consent_shows_no_name(
    client, event, slots, candidate, office, veileder, markedskoordinator
):
    booking = services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    consenting = make_candidate(office=office, by=veileder)
    entry = slots[0][0].event_employer
    make_consent(candidate=consenting, by=veileder, orgnr=entry.employer.orgnr)
    services.booking_create(slot=slots[0][1], candidate=consenting, by=veileder)
    _link, token = services.feedback_link_create(
        event_employer=entry, by=markedskoordinator, recipient_name="Per"
    )
    url = reverse("jobfairs:shared_feedback", args=[token])
    page = client.get(url).content.decode()
    assert "deltaker 1" in page
    for text in identity_strings(candidate):
        assert text not in page
    assert consenting.first_name in page  # open consent: the name may show
    response = client.post(
        url,
        {"booking": booking.pk, f"b{booking.pk}-outcome": "ikke_valgt", f"b{booking.pk}-handshake": "god"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.outcome == "ikke_valgt" and booking.feedback_by == "Per"
    assert Notification.objects.filter(user=veileder, title__startswith="Oppfølging").count() == 1
    assert booking.placement is None
    # An offer creates a draft placement, once.
    offered = Booking.objects.get(slot=slots[0][1])
    for _ in range(2):
        client.post(url, {"booking": offered.pk, f"b{offered.pk}-outcome": "jobb"})
    offered.refresh_from_db()
    assert offered.placement is not None and offered.placement.status == "utkast"
    assert offered.placement.employer == entry.employer and offered.placement.source_label == str(event)
    # The print view for the employer follows the same gate.
    from tests.conftest import QueryCounter  # noqa: F401

    client.force_login(markedskoordinator, backend="django.contrib.auth.backends.ModelBackend")
    sheet = client.get(reverse("jobfairs:print_employer", args=[event.pk, entry.pk])).content.decode()
    assert "Nr. 1" in sheet
    for text in identity_strings(candidate):
        assert text not in sheet


def test_fairs_for_digest_in_fixed_queries(
    django_assert_num_queries, event, slots, candidate, veileder, markedskoordinator, office
):
    services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    today = timezone.localdate()
    with django_assert_num_queries(2):
        fairs = selectors.fairs_for_digest(county_ids=[event.county_id], today=today)
    assert len(fairs) == 1 and fairs[0]["title"] == event.title
    assert sorted(e["free_slots"] for e in fairs[0]["employers"]) == [3, 4]
    from tests.jobfairs.factories import make_event

    make_event(by=markedskoordinator, offices=[office], employers=3)
    with django_assert_num_queries(2):
        assert len(selectors.fairs_for_digest(county_ids=[event.county_id], today=today)) == 2
    # No fair: the same two queries (the weekly e-mail pins its count per recipient).
    with django_assert_num_queries(2):
        assert (
            selectors.fairs_for_digest(
                county_ids=[event.county_id], today=event.booking_deadline + datetime.timedelta(days=1)
            )
            == []
        )


def test_list_and_event_pages_have_pinned_query_counts(
    client_for, query_count, veileder, markedskoordinator, office, event
):
    from tests.jobfairs.factories import make_event

    client = client_for(veileder)
    query_count.pinned(
        client,
        reverse("jobfairs:list") + f"?ar={event.date.year}",
        grow=lambda: make_event(by=markedskoordinator, offices=[office], days_ahead=11),
        expected=query_count.count(client, reverse("jobfairs:list") + f"?ar={event.date.year}"),
    )
    url = reverse("jobfairs:detail", args=[event.pk])
    base = query_count.count(client, url)
    from tests.employers.factories import EmployerFactory

    query_count.pinned(
        client,
        url,
        grow=lambda: services.event_employer_add(
            event=event, by=markedskoordinator, data={"employer": EmployerFactory(), "slot_count": 2}
        ),
        expected=base,
    )
    book = (
        reverse("jobfairs:book", args=[event.pk])
        + f"?kandidat={make_candidate(office=office, by=veileder).pk}"
    )
    base = query_count.count(client, book)
    query_count.pinned(
        client,
        book,
        grow=lambda: services.event_employer_add(
            event=event, by=markedskoordinator, data={"employer": EmployerFactory(), "slot_count": 1}
        ),
        expected=base,
    )
    assert base < 40


def test_calendar_rows_are_cached_per_shown_values_and_never_stale(
    client_for, event, slots, candidate, veileder, markedskoordinator
):
    """The calendar's rows are a cached fragment keyed on every value they show: a booking, a new
    title and a new status each show at once."""
    client = client_for(veileder)
    url = reverse("jobfairs:list") + f"?ar={event.date.year}"

    def row():
        page = client.get(url).content.decode()
        return page[page.index(reverse("jobfairs:detail", args=[event.pk])) :].split("</tr>")[0]

    assert "0 / 8" in row() and "Ta sjansen test" in row()
    services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    assert "1 / 8" in row()
    services.event_update(event=event, by=markedskoordinator, data={"title": "Ta sjansen vår"})
    assert "Ta sjansen vår" in row() and "Publisert" in row()
    services.event_cancel(event=event, by=markedskoordinator, note="")
    assert "Avlyst" in row() and "Publisert" not in row()


def test_event_employer_table_is_cached_per_shown_values_and_never_stale(
    client_for, event, slots, candidate, veileder, markedskoordinator
):
    """The event page's employer table is a cached fragment keyed on every value it shows: a
    booking, a new employer and the right to change the event each show at once."""
    from tests.employers.factories import EmployerFactory

    url = reverse("jobfairs:detail", args=[event.pk])
    assert "4 / 4" in client_for(veileder).get(url).content.decode()
    services.booking_create(slot=slots[0][0], candidate=candidate, by=veileder)
    page = client_for(veileder).get(url).content.decode()
    assert "3 / 4" in page and "Tilbakemeldingslenke" not in page
    page = client_for(markedskoordinator).get(url).content.decode()  # may change the event
    assert "3 / 4" in page and "Tilbakemeldingslenke" in page
    services.event_employer_add(
        event=event,
        by=markedskoordinator,
        data={"employer": EmployerFactory(name="Ny bedrift AS"), "slot_count": 2},
    )
    assert "Ny bedrift AS" in client_for(veileder).get(url).content.decode()


def test_event_page_names_owners_and_offices_read_with_the_event(
    client_for, query_count, event, veileder, markedskoordinator, office
):
    """Owners and offices come as arrays in the event's own statement (selectors.event_get): they
    show in order, an added owner may change the event at once, and more of them cost no query."""
    from accounts.models import NavUnit
    from tests.factories import NavUnitFactory, UserFactory

    client = client_for(veileder)
    url = reverse("jobfairs:detail", args=[event.pk])
    page = client.get(url).content.decode()
    owner = markedskoordinator.get_full_name() or markedskoordinator.username
    assert f"<dd>{owner}</dd>" in page and "<dd>NAV Testhamar</dd>" in page
    assert reverse("jobfairs:update", args=[event.pk]) not in page  # not an owner, not an organiser
    base = query_count.count(client, url)

    other = UserFactory(username="t-eier", first_name="", last_name="")

    def grow():
        event.owners.add(other)
        event.offices.add(NavUnitFactory(unit_number="9402", name="NAV Aaa test"))

    query_count.pinned(client, url, grow=grow, expected=base)
    event.owners.add(veileder)
    page = client.get(url).content.decode()
    names = [markedskoordinator, other, veileder]  # by id
    expected = ", ".join(u.get_full_name() or u.username for u in sorted(names, key=lambda u: u.pk))
    assert f"<dd>{expected}</dd>" in page and "t-eier" in expected
    assert "<dd>NAV Aaa test, NAV Testhamar</dd>" in page
    assert reverse("jobfairs:update", args=[event.pk]) in page  # an owner now
    NavUnit.objects.filter(pk=office.pk).update(name="NAV Nyhamar")
    event.offices.remove(*event.offices.exclude(pk=office.pk))
    assert "<dd>NAV Nyhamar</dd>" in client.get(url).content.decode()
    event.offices.clear()
    assert "<dd>Alle i fylket</dd>" in client.get(url).content.decode()


def test_candidate_scope_sql_twin_and_own_candidates_select_visibles_rows(
    veileder, other_veileder, markedskoordinator, office, other_office
):
    """candidates.rules._candidates_sql selects visible()'s candidates (an erased one left out),
    and own_candidates lists the user's office's candidates in follow-up by name, as the ORM did."""
    from accounts.access import visible
    from candidates.models import Candidate
    from candidates.services import candidate_erase
    from tests.access import assert_sql_twin_selects_visible

    ours = [make_candidate(office=office, by=veileder) for _ in range(3)]
    make_candidate(office=other_office, by=other_veileder)
    candidate_erase(candidate=ours[0], reason="test", by=veileder)
    Candidate.objects.filter(pk=ours[2].pk).update(
        follow_up_status="avsluttet", follow_up_ended_on=datetime.date(2026, 1, 5)
    )
    for user in (veileder, other_veileder, markedskoordinator):
        assert_sql_twin_selects_visible(user, Candidate)
        expected = [
            (pk, f"{last}, {first}")
            for pk, last, first in visible(user, Candidate.objects.all())
            .filter(follow_up_status__in=["aktiv", "pause"])
            .order_by("last_name", "first_name", "pk")
            .values_list("pk", "last_name", "first_name")
        ]
        assert selectors.own_candidates(user=user) == expected, user
    assert [pk for pk, _name in selectors.own_candidates(user=veileder)] == [ours[1].pk]
    assert selectors.own_candidates(user=markedskoordinator) == []
