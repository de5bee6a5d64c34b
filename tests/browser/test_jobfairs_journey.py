"""A market coordinator creates and publishes a fair, an adviser adds two employers with slots, a
counsellor books a candidate and prints their list, and the employer gives feedback through the
link (not logged in); the counsellor is told and the offer is a draft placement. Axe-core on every page."""

import datetime

import pytest
from django.utils import timezone

from core.models import Notification
from jobfairs.models import Booking, Event
from tests.browser import steps
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_publish_book_print_and_feedback(
    page, login, logout, markedskoordinator, radgiver, veileder, office, screenshot, assert_accessible
):
    employers = [
        EmployerFactory(name="Lagerhuset AS", municipality=municipality("3403")),
        EmployerFactory(name="Kafé Torget AS", municipality=municipality("3403")),
    ]
    candidate = make_candidate(office=office, by=veileder, first_name="Ingrid", last_name="Solberg")
    date = timezone.localdate() + datetime.timedelta(days=20)

    # The market coordinator creates the fair.
    login(page, markedskoordinator)
    steps.fair_create(page, title="Ta sjansen Hamar", date=date)
    assert_accessible(page)
    steps.fair_saved(page)
    event = Event.objects.get(title="Ta sjansen Hamar")
    logout(page)

    # The adviser of the county adds two employers; slots come from the run sheet.
    login(page, radgiver)
    for employer, room in zip(employers, ("101", "102"), strict=True):
        steps.fair_employer_form(page, event, employer, room=room)
        assert_accessible(page)
        steps.fair_employer_saved(page)
    assert event.slots.count() == 4
    logout(page)

    # The coordinator publishes.
    login(page, markedskoordinator)
    steps.fair_publish(page, event, check=assert_accessible)
    screenshot(page, "jobfairs-event")
    logout(page)

    # The counsellor books the candidate and prints their list.
    login(page, veileder)
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/book/?kandidat={candidate.pk}")
    assert_accessible(page)
    page.get_by_role("button", name="Book 15:30 Lagerhuset AS").click()
    page.get_by_text("Booket. Deltakernummer 1.").wait_for()
    screenshot(page, "jobfairs-booking")
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/utskrift/mine/")
    assert "Ingrid Solberg" in page.content()
    assert_accessible(page)
    logout(page)

    # The coordinator makes the employer's feedback link.
    login(page, markedskoordinator)
    url = steps.fair_feedback_link(page, event, "Lagerhuset AS")
    logout(page)

    # The employer (no login) sees a number, not a name, and gives feedback.
    steps.fair_feedback_form(page, url)
    assert_accessible(page)
    content = page.content()
    assert "deltaker 1" in content and "Ingrid" not in content and "Solberg" not in content
    steps.fair_feedback_sent(page)
    screenshot(page, "jobfairs-feedback")
    booking = Booking.objects.get(candidate=candidate)
    assert booking.outcome == "arbeidstrening"
    assert Notification.objects.filter(user=veileder, title__contains="Tilbud om arbeidstrening").exists()
    # The offer is a draft placement linked to the employer and the candidate.
    assert booking.placement is not None and booking.placement.status == "utkast"
    assert booking.placement.employer.name == "Lagerhuset AS" and booking.placement.candidate == candidate
