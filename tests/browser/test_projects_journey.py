"""A coordinator spreads JobbLoop to a new local project: copies the method, adds a measurable
goal and a risk, and opens a loop with three employers (issue #5)."""

import io

import pytest

from core.demo import DemoContext
from projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMPLOYERS = [
    ("974760673", "Hamar Mekaniske AS"),
    ("923609016", "Hedmark Hotell AS"),
    ("985399077", "Byggvare Hamar AS"),
]


@pytest.fixture
def report_projects():
    from accounts.demo import seed_accounts
    from projects.demo import seed_projects

    ctx = DemoContext(seed=1, scale="small", stdout=io.StringIO())
    seed_accounts(ctx)
    seed_projects(ctx)


def test_coordinator_copies_jobbloop_adds_goal_risk_and_loop(
    page, login, screenshot, assert_accessible, report_projects, koordinator, office
):
    login(page, koordinator)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Prosjekter", exact=True
    ).click()
    page.get_by_role("link", name="JobbLoop", exact=True).click()
    assert page.get_by_role("heading", name="JobbLoop", level=1).is_visible()
    # The demo JobbLoop's coordinator has been away for 45 days (the report's L1597–1599).
    assert "har ikke vært innlogget på over 30 dager" in page.locator("main").inner_text()
    screenshot(page, "projects-jobbloop-overview")
    assert_accessible(page)

    page.get_by_role("button", name="Kopier metoden").click()
    page.get_by_label("Navn på det nye prosjektet").fill("JobbLoop Hamar")
    page.get_by_label("Region (fylke)").select_option(label="Innlandet")
    page.get_by_label("NAV-enheter som deltar").select_option(label=office.name)
    page.get_by_label("Status").select_option(label="Aktiv")
    screenshot(page, "projects-copy-form")
    assert_accessible(page)
    page.get_by_role("button", name="Opprett prosjektet").click()

    assert page.get_by_role("heading", name="JobbLoop Hamar", level=1).is_visible()
    main = page.locator("main").inner_text()
    assert "er opprettet med metoden fra JobbLoop" in main
    assert "Kick-off" in main and "Første rullering" in main
    copy = Project.objects.get(name="JobbLoop Hamar")
    assert copy.phases.count() == 7 and copy.coordinator == koordinator
    screenshot(page, "projects-copy-overview")

    page.get_by_role("link", name="Mål", exact=True).click()
    page.get_by_role("button", name="Nytt mål").click()
    page.get_by_label("Måltall").select_option(label="Antall i arbeid")
    page.get_by_label("Beskrivelse").fill("Tre kandidater i arbeid etter loopen")
    page.get_by_label("Målverdi").fill("3")
    page.get_by_role("button", name="Lagre").click()
    assert "Målet er lagt til." in page.locator("main").inner_text()
    assert "Tre kandidater i arbeid etter loopen" in page.locator("main").inner_text()
    screenshot(page, "projects-goals")
    assert_accessible(page)

    page.get_by_role("link", name="Risiko", exact=True).click()
    page.get_by_role("button", name="Ny risiko").click()
    page.get_by_label("Risiko", exact=True).fill("For få kandidater til kick-off")
    page.get_by_label("Sannsynlighet").select_option(label="Middels")
    page.get_by_label("Konsekvens").select_option(label="Høy")
    page.get_by_label("Tiltak").fill("Veilederne inviterer 9–10 kandidater i god tid")
    page.get_by_label("Eier").fill("NAV Hamar")
    page.get_by_role("button", name="Lagre").click()
    assert "For få kandidater til kick-off" in page.locator("main").inner_text()
    screenshot(page, "projects-risks")
    assert_accessible(page)

    page.get_by_role("link", name="Kull og looper").click()
    page.get_by_role("button", name="Nytt kull eller loop").click()
    page.get_by_label("Navn", exact=True).fill("Loop 1 Hamar")
    page.get_by_label("Type").select_option(label="Loop")
    page.get_by_label("Startdato").fill("2027-01-11")
    page.get_by_label("Sluttdato").fill("2027-12-17")
    page.fill("#id_places", "9")
    for i, (orgnr, name) in enumerate(EMPLOYERS):
        page.fill(f"#id_employers-{i}-orgnr", orgnr)
        page.fill(f"#id_employers-{i}-name", name)
        page.fill(f"#id_employers-{i}-places", "3")
    screenshot(page, "projects-loop-form")
    assert_accessible(page)
    page.get_by_role("button", name="Opprett", exact=True).click()
    main = page.locator("main").inner_text()
    assert "«Loop 1 Hamar» er opprettet." in main
    for _, name in EMPLOYERS:
        assert name in main
    assert copy.cohorts.get().employers.count() == 3
    screenshot(page, "projects-cohorts")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Sammenlign prosjekter").click()
    assert "Jobbmatch og tett oppfølging av virksomhet og kandidat" in page.locator("#table-4-2").inner_text()
    screenshot(page, "projects-compare")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Forside").click()
    section = page.locator("section", has=page.get_by_role("heading", name="Prosjektene du koordinerer"))
    assert "JobbLoop Hamar" in section.inner_text()
    screenshot(page, "projects-home-coordinator")
    assert_accessible(page)


def test_invalid_orgnr_keeps_input_and_explains(page, login, assert_accessible, screenshot, koordinator):
    project = Project.objects.create(name="Testloop", region_id=koordinator.memberships.get().unit.county_id)
    login(page, koordinator)
    page.goto(f"{page.base_url}/prosjekter/{project.pk}/kull/ny/")
    page.get_by_label("Navn", exact=True).fill("Loop 1")
    page.fill("#id_employers-0-orgnr", "123456789")
    page.fill("#id_employers-0-name", "Feil AS")
    page.get_by_role("button", name="Opprett", exact=True).click()
    assert page.locator("[data-error-summary]").first.is_visible()
    assert page.input_value("#id_employers-0-name") == "Feil AS"
    screenshot(page, "projects-loop-error")
    assert_accessible(page)
