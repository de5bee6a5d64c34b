"""Steps that more than one browser journey takes, written once: the per-issue journeys and the
walk across all roles (test_all_roles_walk.py) call the same functions, so a changed form breaks
one place. Each step starts from a URL it can reach directly and ends on the page that confirms it;
a step given check= calls check(page) on every page it arrives at (the walk runs axe-core there)."""

import datetime

from playwright.sync_api import expect

from employers.models import Employer, Need


def menu(page, name: str, exact: bool = False):
    """Follow a link in the main menu."""
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=name, exact=exact).click()


def save(page, name: str = "Lagre", check=None):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    at(page, check)


def at(page, check=None):
    """The step has arrived at a page: the caller's check runs on it."""
    if check:
        check(page)


# --- Employers (issue 3) ---------------------------------------------------------------------------


def employer_form_fill(page, *, orgnr: str, name: str, municipality: str, primary_contact: str, check=None):
    """The «Registrer arbeidsgiver» form, from the employer list, filled but not sent."""
    page.get_by_role("button", name="Registrer arbeidsgiver").click()
    page.wait_for_url("**/arbeidsgivere/ny/")
    at(page, check)
    page.fill("#id_orgnr", orgnr)
    page.fill("#id_name", name)
    page.select_option("#id_municipality-select", label=municipality, force=True)  # under the picker
    page.select_option("#id_primary_contact", label=primary_contact)
    page.select_option("#id_recruitment_need", value="kort_sikt")
    page.select_option(
        "#id_facilitation-select", ["arbeidstid:gradvis_okning", "arbeidshverdagen:mentor"], force=True
    )


def employer_saved(page, orgnr: str, check=None) -> Employer:
    page.wait_for_url("**/arbeidsgivere/*/")
    at(page, check)
    return Employer.objects.get(orgnr=orgnr.replace(" ", ""))


def need_create(page, *, title: str, occupation_code: str | None = None, check=None):
    """From the employer page: a need as a draft (two places, work trial and mentor, from 20 years)."""
    from core.models import Occupation

    page.get_by_role("button", name="Nytt behov").click()
    page.wait_for_url("**/behov/ny/")
    at(page, check)
    page.fill("#id_title", title)
    page.fill("#id_tasks", "Plukke og pakke varer")
    page.fill("#id_places", "2")
    page.get_by_role("checkbox", name="Arbeidstrening", exact=True).check()
    page.get_by_role("checkbox", name="Mentor", exact=True).check()
    page.fill("#id_minimum_age", "20")
    page.select_option("#id_facilitation-select", ["fysisk:ergonomi"], force=True)
    if occupation_code:
        pk = Occupation.objects.get(code=occupation_code).pk
        page.select_option("#id_occupation-select", value=str(pk), force=True)


def need_open(page, title: str, check=None) -> Need:
    """Save the need form as a draft, then open the need; the region's counsellors are told."""
    save(page, check=check)
    assert "Utkast" in page.locator("main").inner_text()
    page.get_by_role("button", name="Åpne behovet").click()
    page.wait_for_load_state()
    at(page, check)
    assert "Veilederne i fylket har fått varsel" in page.locator("main").inner_text()
    need = Need.objects.get(title=title)
    assert need.status == Need.Status.OPEN
    return need


# --- Job fairs (issue 12) --------------------------------------------------------------------------


def fair_create(page, *, title: str, date: datetime.date, place: str = "Hamar kulturhus", check=None):
    """The market coordinator's «Nytt arrangement» form, filled but not sent."""
    page.goto(f"{page.base_url}/arrangementer/ny/")
    at(page, check)
    page.get_by_label("Tittel").fill(title)
    page.locator("select[name=county]").select_option(label="Innlandet", force=True)
    page.get_by_label("Dato", exact=True).fill(date.isoformat())
    page.get_by_label("Sted").fill(place)
    page.get_by_label("Bookingfrist").fill((date - datetime.timedelta(days=5)).isoformat())
    page.get_by_label("Trinnfri adkomst").check()


def fair_saved(page, check=None):
    save(page, check=check)
    page.get_by_text("Arrangementet er lagret.").wait_for()


def fair_employer_form(page, event, employer, *, room: str, interviews: int = 2, check=None):
    """The adviser's «Legg til arbeidsgiver» form for a fair, filled but not sent."""
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/arbeidsgivere/ny/")
    at(page, check)
    # The employer picker asks the server (/valg/arbeidsgivere/): type the number, choose the match.
    page.get_by_role("combobox", name="Arbeidsgiver", exact=True).focus()
    page.keyboard.type(employer.orgnr)
    option = page.locator("#id_employer__listbox").get_by_role("option")
    expect(option).to_have_count(1)
    option.click()
    expect(page.locator("#id_employer")).to_have_value(
        f"{employer.name} – {employer.orgnr} · {employer.municipality.name}"
    )
    page.get_by_label("Arbeidsoppgaver").fill("Varemottak og plukk")
    page.get_by_label("Rom").fill(room)
    page.get_by_label("Antall intervjuer").fill(str(interviews))


def fair_employer_saved(page, check=None):
    save(page, check=check)
    page.get_by_text("Arbeidsgiveren er lagt til").wait_for()


def fair_publish(page, event, *, check=None):
    """Publish and open booking, through the confirmation page."""
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/")
    at(page, check)
    page.get_by_role("button", name="Publiser og åpne booking").click()
    page.wait_for_url("**/status/publiser/")
    at(page, check)
    page.get_by_role("button", name="Publiser og åpne booking").click()
    page.get_by_text("Status er endret.").wait_for()
    at(page, check)


def fair_feedback_link(page, event, employer_name: str, check=None) -> str:
    """The coordinator makes the employer's feedback link; returns its URL."""
    entry = event.employers.get(employer__name=employer_name)
    page.goto(f"{page.base_url}/arrangementer/{event.pk}/arbeidsgivere/{entry.pk}/lenke/")
    at(page, check)
    page.get_by_role("button", name="Lag lenke").click()
    page.locator("[data-share-url]").wait_for()
    at(page, check)
    return page.locator("[data-share-url]").inner_text().strip()


def fair_feedback_form(page, url: str, *, outcome: str = "arbeidstrening", check=None):
    """The employer (not logged in) opens the link and chooses an outcome, not yet sent."""
    page.goto(url)
    page.get_by_role("heading", name="Tilbakemelding etter intervjuene").wait_for()
    at(page, check)
    page.get_by_label("Utfall").select_option(outcome)
    page.get_by_label("Håndhilsing").select_option("god")


def fair_feedback_sent(page, *, participant: int = 1, check=None):
    page.get_by_role("button", name=f"Send tilbakemelding for deltaker {participant}").click()
    page.get_by_text("Takk! Tilbakemeldingen er sendt til NAV.").wait_for()
    at(page, check)


# --- Placements (issue 13) -------------------------------------------------------------------------


def placement_dates(page, *, start: datetime.date, end: datetime.date, check=None):
    """From the placement page: «Endre avtalen» with the planned start and end (a draft made from
    an offer has none, and the follow-up plan is timed from them)."""
    page.get_by_role("button", name="Endre avtalen").click()
    page.wait_for_url("**/endre/")
    at(page, check)
    page.get_by_label("Planlagt start").fill(start.isoformat())
    page.get_by_label("Planlagt slutt").fill(end.isoformat())
    save(page, check=check)


def placement_plan_agreed(page, *, agreed_on: datetime.date, check=None):
    """From the placement page: a monthly follow-up plan, agreed on the given day."""
    page.get_by_role("link", name="Lag eller endre planen").click()
    page.get_by_label("Mal for oppfølgingsplanen").select_option(label="Månedlig oppfølging")
    page.get_by_label("Innhold og hyppighet i oppfølgingen").fill("Møte hos arbeidsgiver hver måned.")
    at(page, check)
    save(page, check=check)
    page.get_by_role("link", name="Planen er avtalt").click()
    page.get_by_label("Planen ble avtalt").fill(agreed_on.isoformat())
    at(page, check)
    save(page, check=check)


def placement_ready(page, *, startup_at: datetime.date, check=None):
    """Start-up meeting scheduled (09:00) and the placement marked ready to start."""
    page.get_by_role("link", name="Avtal oppstartsmøte").click()
    page.get_by_label("Tidspunkt for oppstartsmøtet").fill(f"{startup_at.isoformat()}T09:00")
    at(page, check)
    save(page, check=check)
    page.get_by_role("link", name="Marker som klar for oppstart").click()
    page.wait_for_url("**/klar/")
    at(page, check)
    save(page, check=check)
    assert "Tiltaket er klart for oppstart." in page.locator("main").inner_text()


def placement_startup_form(page, *, held_on: datetime.date, check=None):
    """«Oppstartsmøtet er holdt»: the meeting's content filled, not yet sent."""
    page.get_by_role("link", name="Oppstartsmøtet er holdt – start tiltaket").click()
    page.get_by_label("Oppstartsmøtet ble holdt").fill(held_on.isoformat())
    page.get_by_label("Hvem deltok").fill("Kandidat, leder, veileder, IA-rådgiver")
    page.get_by_label("Mål", exact=True).fill("Arbeidserfaring i resepsjon")
    page.get_by_label("Opplæring").fill("To uker med fadder")
    page.get_by_label("Støtte og tilrettelegging").fill("Kortere dager de første ukene")
    page.get_by_label("Mottak på arbeidsplassen").fill("Omvisning og presentasjon")
    at(page, check)


def placement_started(page, check=None):
    save(page, check=check)
    assert "Tiltaket gjennomføres." in page.locator("main").inner_text()


# --- Dashboards (issue 15) -------------------------------------------------------------------------


def dashboard_filter(page, *, project: str, period: str = "Siste 12 måneder", check=None):
    menu(page, "Resultater")
    page.wait_for_url("**/resultater/**")
    at(page, check)
    page.get_by_label("Prosjekt").select_option(label=project)
    page.get_by_label("Periode").select_option(label=period)
    page.get_by_role("button", name="Vis tall").click()
    page.get_by_role("heading", name=f"Resultater: {project}", level=1).wait_for()  # the GET has loaded
    at(page, check)


def dashboard_export(page, table: str = "Fra påmelding til arbeid") -> str:
    """Download a table's CSV; returns its text."""
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Last ned CSV – {table}").click()
    return download.value.path().read_text("utf-8-sig")
