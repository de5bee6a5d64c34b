"""The format pages in the browser: speed interviews (a counsellor books a candidate into the
rotation, the organiser sees numbers only and prints the plan), a JobbLoop kick-off (groups and the
joint choice) and a Minijobbmesse (drop-in visits). Axe-core and 390 px on each page."""

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


def test_group_interviews_joint_choice_and_dropin(
    page, login, markedskoordinator, veileder, office, screenshot, assert_accessible
):
    from jobfairs import services

    kickoff = make_event(
        by=markedskoordinator, offices=[office], employers=3, slots=3, format="gruppe", slot_minutes=40
    )
    slots = list(kickoff.slots.order_by("starts_at", "pk"))
    for index in range(9):
        person = make_candidate(office=office, by=veileder)
        services.booking_create(slot=slots[index // 4], candidate=person, by=veileder)
    fair = make_event(
        by=markedskoordinator, offices=[office], employers=3, slots=2, format="dropin", slot_minutes=20
    )
    for slot in list(fair.slots.order_by("starts_at", "pk"))[:4]:
        services.booking_create(slot=slot, candidate=make_candidate(office=office, by=veileder), by=veileder)

    login(page, markedskoordinator)
    page.goto(f"{page.base_url}/arrangementer/{kickoff.pk}/")
    page.get_by_role("button", name="Grupper og felles valg").click()
    page.get_by_role("button", name="Sett sammen grupper").click()
    page.get_by_text("3 grupper er satt sammen.").wait_for()
    page.locator("select[name=participant]").select_option(label="Nr. 2", force=True)
    page.get_by_label("Merknad (uten personopplysninger)").fill("Alle tre arbeidsgiverne var enige.")
    page.get_by_role("button", name="Registrer som valgt").click()
    page.get_by_text("Deltaker 2 er registrert som valgt.").wait_for()
    page.get_by_role("button", name="Lag utkast til tiltak for nr. 2").click()
    page.get_by_text("Utkast til tiltak er laget.").wait_for()
    assert_accessible(page)
    screenshot(page, "jobfairs-groups")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    screenshot(page, "jobfairs-groups-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{page.base_url}/arrangementer/{fair.pk}/")
    page.get_by_role("button", name="Drop-in: besøk og CV").click()
    page.locator("select[name=participant]").select_option(label="Nr. 1", force=True)
    page.locator("select[name=employer]").select_option(index=1, force=True)
    page.get_by_label("Leverte CV").check(force=True)
    page.get_by_role("button", name="Registrer besøk").click()
    page.get_by_text("Besøket er registrert.").wait_for()
    assert page.get_by_text("Nr. 1 ✓").is_visible()
    assert_accessible(page)
    screenshot(page, "jobfairs-dropin")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
