"""Issue 9's browser journeys: an expired session warns and keeps the typed text across the login;
the employer form's error summary names and links each missing field."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expired_session_warns_and_form_text_survives_login(
    page, login, settings, radgiver, screenshot, assert_accessible
):
    # A 12-second session warned 6 seconds before it ends.
    settings.SESSION_COOKIE_AGE = 12
    settings.SESSION_WARNING_SECONDS = 6
    login(page, radgiver)
    page.goto(f"{page.base_url}/arbeidsgivere/ny/")
    page.fill("#id_name", "Hamar Lager AS")
    page.fill("#id_address", "Storgata 1")

    warning = page.get_by_role("dialog", name="Du blir snart logget ut")
    warning.wait_for()
    page.get_by_role("button", name="Bli innlogget").click()
    warning.wait_for(state="hidden")  # the server renewed the session
    warning.wait_for()  # ... and six seconds later it warns again
    screenshot(page, "session-01-warning")
    assert_accessible(page)

    # Idle past the timeout: the page says so; the server has forgotten the session.
    page.get_by_role("heading", name="Du er logget ut").wait_for(timeout=15_000)
    screenshot(page, "session-02-expired")
    Session.objects.all().delete()
    page.get_by_role("button", name="Lukk").click()
    settings.SESSION_COOKIE_AGE = 3600

    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(lambda url: "/accounts/login/?next=" in url)
    assert "Du kommer tilbake til siden du var på" in page.locator("main").inner_text()
    page.fill("#id_username", radgiver.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/arbeidsgivere/ny/")
    assert page.input_value("#id_name") == "Hamar Lager AS"
    assert page.input_value("#id_address") == "Storgata 1"
    assert page.get_by_text("Vi har fylt inn det du skrev").is_visible()
    screenshot(page, "session-03-restored")


def test_employer_form_error_summary_names_and_links_fields(
    page, login, radgiver, screenshot, assert_accessible
):
    login(page, radgiver)
    page.goto(f"{page.base_url}/arbeidsgivere/ny/")
    page.get_by_role("button", name="Lagre").click()
    summary = page.locator("[data-error-summary]")
    text = summary.inner_text()
    for label in ("Organisasjonsnummer", "Navn", "Kommune"):
        assert f"{label}: " in text, text
    page.get_by_role("link", name="Navn: ").first.click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"employer-form-errors-{width}")
    assert_accessible(page)


def test_municipality_and_occupation_chosen_with_keyboard_in_picker(
    page, login, radgiver, screenshot, assert_accessible
):
    from core.models import Municipality, Occupation
    from tests.employers.factories import EmployerFactory

    employer = EmployerFactory(name="Hamar Lager AS")
    login(page, radgiver)
    page.goto(f"{page.base_url}/arbeidsgivere/{employer.pk}/behov/ny/")

    page.get_by_role("combobox", name="Kommune").focus()
    page.keyboard.type("Hama")
    menu = page.locator("#id_municipality__listbox").get_by_role("option")
    expect(menu).to_have_count(2)  # the menu has caught up with the typing
    assert menu.first.inner_text() == "Hamar"  # prefix matches first
    page.keyboard.press("Enter")  # the first match is highlighted; Enter chooses it
    hamar = Municipality.objects.get(name="Hamar")
    assert page.input_value("#id_municipality-select") == str(hamar.pk)

    page.get_by_role("combobox", name="Yrke (STYRK-08)").focus()
    page.keyboard.type("4321")
    expect(page.locator("#id_occupation__listbox").get_by_role("option")).to_have_count(1)
    screenshot(page, "picker-occupation")
    page.keyboard.press("Enter")
    chosen = Occupation.objects.get(pk=page.input_value("#id_occupation-select"))
    assert chosen.code == "4321"

    # Multi-choice: chips with a remove button, never Ctrl-click.
    picker = page.get_by_role("combobox", name="Tilrettelegging arbeidsgiveren kan tilby")
    picker.focus()
    page.keyboard.type("mentor")
    expect(page.locator("#id_facilitation__listbox").get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")
    remove = page.get_by_role("button", name="Fjern Mentor")
    remove.wait_for()
    assert (
        page.evaluate("Array.from(document.querySelector('#id_facilitation-select').selectedOptions).length")
        == 1
    )
    assert_accessible(page)
    remove.click()
    assert (
        page.evaluate("Array.from(document.querySelector('#id_facilitation-select').selectedOptions).length")
        == 0
    )


def test_a_form_saved_back_to_its_own_page_is_not_refilled_as_a_draft(
    page, login, markedskoordinator, veileder, office
):
    """The booking page saves and returns to itself with a success message: that submit went
    through, so the typed text is not offered back as an unsaved draft (D14)."""
    from jobfairs import services
    from tests.candidates.factories import make_candidate
    from tests.jobfairs.factories import make_event

    event = make_event(by=markedskoordinator, offices=[office], employers=1, slots=1)
    person = make_candidate(office=office, by=veileder)
    booking = services.booking_create(slot=event.slots.get(), candidate=person, by=veileder, details={})

    login(page, veileder)
    page.goto(f"{page.base_url}/arrangementer/booking/{booking.pk}/")
    page.fill("#id_companion", "Mor")
    page.locator("main form[method='post'] button[type='submit']").last.click()
    page.get_by_text("Bookingen er lagret.").wait_for()
    assert not page.get_by_text("Vi har fylt inn det du skrev").is_visible()
    assert page.evaluate("sessionStorage.getItem('draft:' + location.pathname)") is None
    booking.refresh_from_db()
    assert booking.companion == "Mor"
