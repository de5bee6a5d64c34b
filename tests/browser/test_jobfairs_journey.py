"""A market coordinator creates and publishes a fair, an adviser adds two employers with slots, a
counsellor books a candidate and prints their list, and the employer gives feedback through the
link (not logged in); the counsellor is told and the offer is a draft placement. Axe-core on every page."""

import datetime

import pytest
from django.utils import timezone

from core.models import Notification
from jobfairs.models import Booking, Event
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
    page.goto(f"{page.base_url}/arrangementer/ny/")
    assert_accessible(page)
    page.get_by_label("Tittel").fill("Ta sjansen Hamar")
    page.locator("select[name=county]").select_option(label="Innlandet", force=True)
    page.get_by_label("Dato", exact=True).fill(date.isoformat())
    page.get_by_label("Sted").fill("Hamar kulturhus")
    page.get_by_label("Bookingfrist").fill((date - datetime.timedelta(days=5)).isoformat())
    page.get_by_label("Trinnfri adkomst").check()
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Arrangementet er lagret.").wait_for()
    event = Event.objects.get(title="Ta sjansen Hamar")
    logout(page)

    # The adviser of the county adds two employers; slots come from the run sheet.
    login(page, radgiver)
    for employer, room in zip(employers, ("101", "102"), strict=True):
        page.goto(f"{page.base_url}/arrangementer/{event.pk}/arbeidsgivere/ny/")
        assert_accessible(page)
        page.locator("select[name=employer]").select_option(value=str(employer.pk), force=True)
        page.get_by_label("Arbeidsoppgaver").fill("Varemottak og plukk")
        page.get_by_label("Rom").fill(room)
        page.get_by_label("Antall intervjuer").fill("2")
        page.get_by_role("button", name="Lagre").click()
        page.get_by_text("Arbeidsgiveren er lagt til").wait_for()
    assert event.slots.count() == 4
    logout(page)

    # The coordinator publishes.
    login(page, markedskoordinator)
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/")
    page.get_by_role("button", name="Publiser og åpne booking").click()
    page.wait_for_url("**/status/publiser/")
    assert_accessible(page)
    page.get_by_role("button", name="Publiser og åpne booking").click()
    page.get_by_text("Status er endret.").wait_for()
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
    entry = event.employers.get(employer__name="Lagerhuset AS")
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/arbeidsgivere/{entry.pk}/lenke/")
    page.get_by_role("button", name="Lag lenke").click()
    url = page.locator("[data-share-url]").inner_text().strip()
    logout(page)

    # The employer (no login) sees a number, not a name, and gives feedback.
    page.goto(url)
    page.get_by_role("heading", name="Tilbakemelding etter intervjuene").wait_for()
    assert_accessible(page)
    content = page.content()
    assert "deltaker 1" in content and "Ingrid" not in content and "Solberg" not in content
    page.get_by_label("Utfall").select_option("arbeidstrening")
    page.get_by_label("Håndhilsing").select_option("god")
    page.get_by_role("button", name="Send tilbakemelding for deltaker 1").click()
    page.get_by_text("Takk! Tilbakemeldingen er sendt til NAV.").wait_for()
    screenshot(page, "jobfairs-feedback")
    booking = Booking.objects.get(candidate=candidate)
    assert booking.outcome == "arbeidstrening"
    assert Notification.objects.filter(user=veileder, title__contains="Tilbud om arbeidstrening").exists()
    # The offer is a draft placement linked to the employer and the candidate.
    assert booking.placement is not None and booking.placement.status == "utkast"
    assert booking.placement.employer.name == "Lagerhuset AS" and booking.placement.candidate == candidate
