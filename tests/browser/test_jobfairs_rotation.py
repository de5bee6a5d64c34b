"""Speed interviews in the browser: a counsellor books a candidate into the rotation from the
plan, the organiser sees numbers only and prints the plan. Axe-core and 390 px on each page."""

import pytest

from jobfairs.models import Booking
from tests.candidates.factories import make_candidate
from tests.jobfairs.factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_book_into_the_rotation_and_print_it(
    page, login, logout, markedskoordinator, veileder, office, screenshot, assert_accessible
):
    event = make_event(
        by=markedskoordinator, offices=[office], employers=4, slots=4, format="speed", slot_minutes=20
    )
    candidate = make_candidate(office=office, by=veileder, first_name="Ingrid", last_name="Solberg")
    make_candidate(office=office, by=veileder)

    login(page, veileder)
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/")
    page.get_by_role("button", name="Rotasjonsplan", exact=True).click()
    page.get_by_role("heading", name="Rotasjonsplan for speedintervjuer").wait_for()
    page.locator("select[name=candidate]").select_option(value=str(candidate.pk), force=True)
    page.locator("select[name=lane]").select_option(value="2", force=True)
    page.get_by_role("button", name="Book i rotasjonen").click()
    page.get_by_text("Booket i rotasjonen: 4 intervjuer").wait_for()
    assert Booking.objects.filter(candidate=candidate).count() == 4
    assert page.get_by_text("Nr. 1 Ingrid Solberg").is_visible()
    assert_accessible(page)
    screenshot(page, "jobfairs-rotation-counsellor")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    screenshot(page, "jobfairs-rotation-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    logout(page)

    login(page, markedskoordinator)
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/rotasjon/")
    assert "Ingrid" not in page.content()
    assert_accessible(page)
    screenshot(page, "jobfairs-rotation-organiser")
    page.get_by_role("button", name="Rotasjonsplan (utskrift)").click()
    page.get_by_role("heading", name="Rotasjonsplan: Ta sjansen test").wait_for()
    assert "Ingrid" not in page.content()
    assert_accessible(page)
    page.emulate_media(media="print")
    screenshot(page, "jobfairs-rotation-print")
