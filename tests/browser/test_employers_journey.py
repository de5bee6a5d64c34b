"""The issue's acceptance journey in Chromium: an adviser registers an employer (invalid, then valid
orgnr), adds a contact person and primary NAV contact, logs a visit, creates and opens a need; a
second adviser logging a call sees who contacted the employer and when; a counsellor in the region
sees the need."""

import pytest

from accounts.models import Role
from employers.models import ContactLogEntry
from tests.browser import steps
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_journey(
    page, login, logout, screenshot, assert_accessible, radgiver, worklife_centre, veileder
):
    radgiver.first_name, radgiver.last_name, radgiver.phone = "Rune", "Rådgiver", "41 00 00 01"
    radgiver.save()
    second = user_with_role(
        Role.IA_RADGIVER, worklife_centre, username="t-radgiver2", first_name="Siri", last_name="Andre"
    )

    # 1. The adviser registers an employer: first with a wrong check digit, then the right one.
    login(page, radgiver)
    steps.menu(page, "Arbeidsgivere")
    assert_accessible(page)
    steps.employer_form_fill(
        page, orgnr="988077918", name="Hamar Lager AS", municipality="Hamar", primary_contact="Rune Rådgiver"
    )
    steps.save(page)
    summary = page.locator("[data-error-summary]")
    assert "kontrollsifferet stemmer ikke" in summary.inner_text()
    assert page.input_value("#id_name") == "Hamar Lager AS"  # nothing typed is lost
    screenshot(page, "employers-01-invalid-orgnr")
    assert_accessible(page)
    page.fill("#id_orgnr", "988 077 917")
    steps.save(page)
    employer = steps.employer_saved(page, "988 077 917")
    main = page.locator("main")
    assert "Hamar Lager AS er registrert" in main.inner_text()
    assert "Rune Rådgiver" in main.inner_text() and "41 00 00 01" in main.inner_text()

    # 2. A contact person at the employer.
    page.get_by_role("link", name="Legg til kontaktperson").click()
    page.fill("#id_name", "Hanne Leder")
    page.select_option("#id_role", value="leder")
    page.fill("#id_phone", "62 00 00 00")
    page.fill("#id_email", "hanne@hamarlager.no")
    page.get_by_role("button", name="Lagre").click()
    assert "Hanne Leder" in page.locator("main").inner_text()

    # 3. The adviser logs a visit.
    page.get_by_role("button", name="Registrer kontakt").click()
    page.select_option("#id_channel", value="besok")
    page.fill("#id_purpose", "Første besøk, kartla behov")
    page.fill("#id_next_step", "Sende kravspesifikasjon")
    page.get_by_role("button", name="Lagre").click()
    assert "Kontakten er registrert" in page.locator("main").inner_text()
    screenshot(page, "employers-02-employer-detail")
    assert_accessible(page)

    # 4. A need, created as a draft and opened.
    steps.need_create(page, title="Lagermedarbeider")
    assert_accessible(page)
    need = steps.need_open(page, "Lagermedarbeider")
    assert need.offer_types == ["arbeidstrening", "mentor"] and need.minimum_age == 20
    screenshot(page, "employers-03-need-open")
    assert_accessible(page)
    logout(page)

    # 5. A second adviser about to call sees who was in touch and when.
    login(page, second)
    page.goto(f"{page.base_url}/arbeidsgivere/?q=988077917")  # search by orgnr
    page.get_by_role("link", name="Hamar Lager AS").click()
    page.get_by_role("button", name="Registrer kontakt").click()
    warning = page.locator("[data-coordination]")
    assert "Koordiner med Rune Rådgiver" in warning.inner_text()
    assert "Første besøk" in warning.inner_text()
    screenshot(page, "employers-04-coordinate")
    assert_accessible(page)
    page.select_option("#id_channel", value="telefon")
    page.fill("#id_purpose", "Invitasjon til jobbmesse")
    page.get_by_role("button", name="Lagre").click()
    assert "Bekreft at du har sett" in page.locator("[data-error-summary]").inner_text()
    page.get_by_label("Jeg har sett hvem andre i NAV").check()
    page.get_by_role("button", name="Lagre").click()
    assert "Kontakten er registrert" in page.locator("main").inner_text()
    assert ContactLogEntry.objects.filter(employer=employer).count() == 2
    logout(page)

    # 6. The counsellor in the region sees the need: on the home page, in the list and in the bell.
    login(page, veileder)
    assert "Lagermedarbeider" in page.locator("main").inner_text()
    screenshot(page, "employers-05-counsellor-home")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Behov").click()
    assert "Hamar Lager AS" in page.locator("main").inner_text()
    screenshot(page, "employers-06-counsellor-needs")
    assert_accessible(page)
    page.get_by_role("link", name="Lagermedarbeider").click()
    assert "Ikke under 20 år" in page.locator("main").inner_text()
    assert_accessible(page)
    assert veileder.notifications.filter(title__contains="Lagermedarbeider").exists()
