"""Keyboard only (issue 17): ranking and proposing for a need, booking a fair slot and recording a
follow-up are done with Tab, Shift+Tab, Enter, Space and typing, never a click (the login before
each is not part of the task); every element focus passes on the way shows where focus is
(keyboard.tab_to)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobfairs.models import Booking
from tests.browser.keyboard import activate, assert_focus_shown, tab_to
from tests.candidates.factories import make_candidate
from tests.jobfairs.factories import make_event
from tests.matching.conftest import consenting_candidate, need  # noqa: F401 – fixture
from tests.placements.conftest import candidate, draft, employer, make_active  # noqa: F401 – fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rank_and_propose_with_the_keyboard(
    page,
    login,
    need,  # noqa: F811
    veileder,
    office,
    assert_accessible,
):
    code = consenting_candidate(need, office=office, by=veileder).profile.code

    login(page, veileder)
    page.goto(f"{page.base_url}/behov/{need.pk}/")
    activate(page, page.get_by_role("link", name="Se hele rangeringen med forklaring"))
    page.get_by_role("heading", name="Kandidater som passer", level=1).wait_for()
    # The explanation of the score opens from the keyboard.
    breakdown = page.locator("details.app-breakdown").first
    activate(page, breakdown.locator("summary"))
    expect(breakdown).to_have_attribute("open", "")
    activate(page, page.get_by_role("button", name=f"Foreslå {code}"), key="Space")
    page.get_by_text(f"{code} er foreslått").wait_for()
    assert need.candidate_list.entries.filter(candidate__profile__code=code).exists()
    assert_accessible(page)


def test_book_a_slot_with_the_keyboard(page, login, markedskoordinator, veileder, office):
    event = make_event(by=markedskoordinator, offices=[office], employers=1, slots=2)
    at_fair = event.employers.get().employer
    person = make_candidate(office=office, by=veileder, first_name="Ingrid", last_name="Solberg")

    login(page, veileder)
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/book/")
    # The candidate picker: type, the first match is highlighted, Enter chooses it.
    tab_to(page, page.get_by_role("combobox", name="Kandidat (ditt kontor)"))
    page.keyboard.type("Solb")
    expect(page.locator("#id_kandidat__listbox").get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")
    activate(page, page.get_by_role("button", name="Vis arbeidsgivere"))
    page.get_by_role("heading", name="Arbeidsgivere for Ingrid, best først").wait_for()
    # The second slot: past the first with Tab, back with Shift+Tab, forward again.
    first = page.get_by_role("button", name=f"Book 15:30 {at_fair.name}")
    second = page.get_by_role("button", name=f"Book 16:00 {at_fair.name}")
    tab_to(page, second)
    tab_to(page, first, backwards=True)
    activate(page, second, key="Space")
    page.get_by_text("Booket. Deltakernummer 1.").wait_for()
    booking = Booking.objects.get(candidate=person)
    assert timezone.localtime(booking.slot.starts_at).strftime("%H:%M") == "16:00"


def test_record_a_follow_up_with_the_keyboard(page, login, draft, veileder, assert_accessible):  # noqa: F811
    placement = make_active(draft, veileder)  # monthly follow-ups, all due by now
    first_due = placement.follow_ups.filter(done_on=None).order_by("due_on").first()

    login(page, veileder)
    page.goto(f"{page.base_url}/tiltak/")
    activate(page, page.get_by_role("link", name="Butikken AS").first)
    page.get_by_role("heading", name=f"{placement.candidate.full_name} hos Butikken AS", level=1).wait_for()
    activate(page, page.get_by_role("link", name="Registrer").first)
    page.get_by_role("heading", name="Registrer oppfølging").wait_for()
    notes, save = page.get_by_label("Merknad"), page.get_by_role("button", name="Lagre")
    tab_to(page, save)
    tab_to(page, notes, backwards=True)
    page.keyboard.type("Godt i gang, trives med oppgavene.")
    activate(page, save)
    page.get_by_text("Oppfølgingen er registrert.").wait_for()
    assert_focus_shown_or_body(page)
    first_due.refresh_from_db()
    assert first_due.done_on == timezone.localdate() and "Godt i gang" in first_due.notes
    assert_accessible(page)


def assert_focus_shown_or_body(page):
    """After a page load focus starts on the document; anything focused must show it."""
    if page.evaluate("document.activeElement !== document.body"):
        assert_focus_shown(page)
