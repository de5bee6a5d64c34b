"""A counsellor registers a candidate with profile and facilitation needs, finds them by
fødselsnummer and opens the page; an adviser sees only the anonymised profile."""

import datetime

import pytest

from candidates.models import Candidate
from tests.candidates.factories import fnr_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counsellor_registers_and_adviser_sees_anonymised_profile(
    page, login, logout, veileder, radgiver, screenshot, assert_accessible
):
    fnr = fnr_for(datetime.date(2003, 9, 12))
    login(page, veileder)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kandidater").click()
    page.get_by_role("link", name="Ny kandidat").click()
    assert_accessible(page)
    page.get_by_label("Fornavn").fill("Ingrid")
    page.get_by_label("Etternavn").fill("Solberg")
    page.get_by_label("Fødselsnummer eller D-nummer").fill(fnr)
    page.get_by_label("Telefon").fill("912 34 567")
    page.get_by_label("E-post").fill("ingrid.solberg@example.com")
    page.get_by_label("Innsatsgruppe").select_option("spesielt_tilpasset")
    page.get_by_label("Ytelse").select_option("aap")
    screenshot(page, "candidates-create")
    page.get_by_role("button", name="Registrer kandidat").click()

    # Profile: a phone number in free text is refused, and the text stays in the field.
    page.wait_for_url("**/profil/")
    page.get_by_label("Interesser").fill("Gaming og fotball")
    page.get_by_label("Kort tekst til arbeidsgivere").fill("Ring meg på 912 34 567")
    page.get_by_role("button", name="Lagre profilen").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert "telefonnummer" in page.locator("[data-error-summary]").inner_text()
    screenshot(page, "candidates-profile-refused")
    assert_accessible(page)
    page.get_by_label("Kort tekst til arbeidsgivere").fill("Jeg liker faste rutiner og praktisk arbeid.")
    page.locator("#id_job_wishes-select").select_option(  # the select under the picker
        label="Lagermedarbeidere og material-forvaltere (4321)", force=True
    )
    page.get_by_label("Språk").fill("Norsk: morsmål\nEngelsk: godt")
    page.get_by_role("button", name="Lagre profilen").click()
    page.get_by_text("Profilen er lagret.").wait_for()

    page.get_by_role("link", name="Endre behov").click()
    page.get_by_label("Gradvis økning").check()
    page.get_by_label("Stille og rolig miljø").check()
    page.get_by_role("button", name="Lagre behovene").click()
    page.get_by_text("Tilretteleggingsbehovene er lagret.").wait_for()

    # Search by fødselsnummer in the own office and open the candidate page.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kandidater").click()
    page.get_by_label("Søk på navn eller fødselsnummer").fill(f"{fnr[:6]} {fnr[6:]}")
    page.get_by_role("button", name="Søk").click()
    screenshot(page, "candidates-search")
    assert_accessible(page)
    page.get_by_role("link", name="Solberg, Ingrid").click()
    main = page.locator("main")
    assert "Gradvis økning" in main.inner_text()
    assert "Lagermedarbeidere og material-forvaltere" in main.inner_text()
    assert fnr in main.inner_text()
    screenshot(page, "candidates-detail")
    assert_accessible(page)
    code = Candidate.objects.get(fodselsnummer=fnr).profile.code
    logout(page)

    login(page, radgiver)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kandidatprofiler").click()
    page.get_by_role("link", name=code).click()
    text = page.locator("main").inner_text()
    assert code in text and "Gaming og fotball" in text and "Arbeidstid" in text
    for secret in ("Ingrid", "Solberg", fnr, "912 34 567", "ingrid.solberg@example.com"):
        assert secret not in page.content()
    screenshot(page, "candidates-profile-adviser")
    assert_accessible(page)
    page.goto(f"{page.base_url}/kandidater/profiler/")
    screenshot(page, "candidates-profiles-adviser")
    assert_accessible(page)


def test_leader_sees_aggregates_only(page, login, leder, veileder, office, screenshot, assert_accessible):
    from django.utils import timezone

    from dashboards.services import snapshot_build
    from tests.candidates.factories import make_candidate

    candidates = [make_candidate(office=office, by=veileder) for _ in range(7)]
    candidates.append(make_candidate(office=office, by=veileder, innsatsgruppe="standard"))
    snapshot_build(cutoff=timezone.localdate())
    login(page, leder)
    # The leaders' candidate statistics are part of the dashboards (issue 15).
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Resultater").click()
    text = page.locator("main").inner_text()
    assert "Kandidater i oppfølging etter innsatsgruppe" in text and "<5" in text
    for c in candidates:
        assert c.last_name not in page.content()
    screenshot(page, "candidates-statistics-leader")
    assert_accessible(page)
    page.get_by_role("link", name="Tilgangslogg").click()
    assert_accessible(page)
