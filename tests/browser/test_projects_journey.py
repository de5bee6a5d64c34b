"""A coordinator spreads JobbLoop to a new local project: copies the method, adds a measurable
goal and a risk, and opens a loop with three employers; the candidate's counsellor enrols a
candidate, and an adviser sees only the candidate's code (issue #5)."""

import io
from datetime import date

import pytest

from core.demo import DemoContext
from projects.models import Project
from tests.candidates.factories import make_candidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMPLOYERS = [
    ("974760673", "Hamar Mekaniske AS"),
    ("923609016", "Hedmark Hotell AS"),
    ("985399077", "Byggvare Hamar AS"),
]


def _enrol(page, candidate, loop: str, start_phase: str) -> None:
    """As the candidate's counsellor, on the project's page: enrol the candidate in the loop."""
    page.get_by_role("link", name="Deltakere").click()
    page.get_by_role("button", name="Meld inn kandidat").click()
    page.get_by_role("textbox", name="Finn kandidat").fill(candidate.last_name)
    page.get_by_role("button", name="Søk").click()
    assert "1 treff." in page.locator("main").inner_text()
    page.locator("select[name$='candidate']").select_option(  # the select under the picker
        label=f"{candidate.full_name} ({candidate.profile.code})", force=True
    )
    page.get_by_label("Kull eller loop").select_option(label=loop)
    page.get_by_label("Starter i fase").select_option(label=start_phase)
    page.get_by_label("Startdato").fill(date.today().isoformat())


@pytest.fixture
def report_projects():
    from accounts.demo import seed_accounts
    from projects.demo import seed_projects

    ctx = DemoContext(seed=1, scale="small", stdout=io.StringIO())
    seed_accounts(ctx)
    seed_projects(ctx)


def test_coordinator_copies_jobbloop_adds_goal_risk_and_loop_and_a_counsellor_enrols(
    page, login, logout, screenshot, assert_accessible, report_projects, koordinator, veileder, office
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
    page.locator("#id_nav_units-select").select_option(label=office.name, force=True)
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
    logout(page)

    # The candidate's counsellor enrols them in the new loop, from the kick-off.
    candidate = make_candidate(office=office, by=veileder)
    login(page, veileder)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Prosjekter", exact=True
    ).click()
    page.get_by_role("link", name="JobbLoop Hamar").click()
    _enrol(page, candidate, "Loop 1 Hamar", "2. Kick-off")
    page.get_by_role("button", name="Lagre").click()
    main = page.locator("main").inner_text()
    assert "Kandidaten er meldt inn i prosjektet." in main
    assert candidate.full_name in main and "Kick-off" in main and "Loop 1 Hamar" in main
    enrolment = copy.enrolments.get()
    assert enrolment.candidate == candidate and enrolment.cohort.name == "Loop 1 Hamar"
    screenshot(page, "projects-journey-enrolled")
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


def test_counsellor_enrols_a_candidate_and_others_see_a_code(
    page, login, logout, screenshot, assert_accessible, koordinator, veileder, radgiver, office
):
    from projects import services

    project = Project.objects.create(
        name="JobbLoop Hamar",
        region_id=office.county_id,
        status=Project.Status.ACTIVE,
        coordinator=koordinator,
    )
    for name in ["Kick-off", "Oppstartsmøte", "Første periode"]:
        services.method_phase_add(project=project, by=koordinator, name=name)
    services.cohort_create(project=project, by=koordinator, name="Loop 1 Hamar", kind="loop", places=9)
    candidate = make_candidate(office=office, by=veileder)

    login(page, veileder)
    page.goto(f"{page.base_url}/prosjekter/{project.pk}/")
    _enrol(page, candidate, "Loop 1 Hamar", "1. Kick-off")
    screenshot(page, "projects-enrol-form")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre").click()
    main = page.locator("main").inner_text()
    assert "Kandidaten er meldt inn i prosjektet." in main
    assert candidate.full_name in main and "Kick-off" in main
    page.get_by_role("link", name=f"Neste fase {candidate.profile.code}").click()
    page.get_by_role("button", name="Lagre").click()
    assert "Kandidaten er i fasen «Oppstartsmøte»." in page.locator("main").inner_text()
    screenshot(page, "projects-enrolments-counsellor")
    assert_accessible(page)
    logout(page)

    login(page, radgiver)
    page.goto(f"{page.base_url}/prosjekter/{project.pk}/deltakere/")
    main = page.locator("main").inner_text()
    assert candidate.profile.code in main
    assert candidate.full_name not in main and candidate.last_name not in main
    screenshot(page, "projects-enrolments-adviser")
    assert_accessible(page)


def test_report_outcomes_show_both_sides_of_a_contradiction(
    page, login, screenshot, assert_accessible, report_projects, radgiver
):
    springbrett = Project.objects.get(name="Springbrett")
    login(page, radgiver)
    page.goto(f"{page.base_url}/prosjekter/{springbrett.pk}/resultater/")
    main = page.locator("main").inner_text()
    assert (
        "Motstridende tall i rapporten" in main
        and "avsnitt 5.2 Springbrett (Buskerud)" in main
        and "tabell 5.3" in main
    )
    screenshot(page, "projects-springbrett-outcomes")
    assert_accessible(page)
    page.get_by_role("link", name="Mål", exact=True).click()
    assert "30 av 73" in page.locator("main").inner_text()
    screenshot(page, "projects-springbrett-goals")
    assert_accessible(page)
    ta_sjansen = Project.objects.get(name="Ta sjansen")
    page.goto(f"{page.base_url}/prosjekter/{ta_sjansen.pk}/resultater/")
    assert "avsnitt 5.3 Ta sjansen" in page.locator("main").inner_text()
    screenshot(page, "projects-ta-sjansen-outcomes")
    assert_accessible(page)
