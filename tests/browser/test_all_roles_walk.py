"""One walk across every role in one browser, end to end (issue 17): an adviser registers an
employer and opens a need; the counsellor's candidate is ranked for the need and proposed; a market
coordinator creates a fair, an adviser adds the employer with slots, the coordinator publishes it;
the counsellor books; the employer gives feedback through the link; the offer is a draft placement
that the counsellor follows up (plan, start-up meeting, a follow-up recorded); the coordinator
previews the weekly e-mail; the project coordinator filters the dashboard and exports it.

Each person keeps a window of their own (page_as), as they would at their desks. axe-core runs on
every page the walk visits; the steps shared with the per-issue journeys live in steps.py."""

import datetime
import time

import pytest
from django.utils import timezone

from jobfairs.models import Booking, Event
from placements.models import Placement
from projects.models import Project
from tests.browser import steps
from tests.matching.conftest import consenting_candidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checked(assert_accessible):
    """check(page): axe-core on the page it is on, once per window and URL. watch(page) records
    every page a window arrives at, so the walk can show that none went unchecked."""
    seen: set[tuple[int, str]] = set()
    visited: set[tuple[int, str]] = set()

    def check(page):
        key = (id(page.context), page.url)
        if key not in seen:
            seen.add(key)
            assert_accessible(page)

    def watch(page):
        def arrived(frame):
            if frame.parent_frame is None:
                visited.add((id(page.context), frame.url))

        page.on("framenavigated", arrived)
        return page

    check.seen, check.visited, check.watch = seen, visited, watch
    return check


def test_walk_across_all_roles(
    page_as, checked, screenshot, radgiver, veileder, markedskoordinator, koordinator, office
):
    started = time.monotonic()
    today = timezone.localdate()
    radgiver.first_name, radgiver.last_name = "Rune", "Rådgiver"
    radgiver.save()
    Project.objects.create(
        name="Ta sjansen Hamar", region_id=office.county_id, status="aktiv", coordinator=koordinator
    )

    def window(user):
        page = checked.watch(page_as(user))
        checked(page)
        return page

    # 1. The adviser registers the employer and opens a need.
    adviser = window(radgiver)
    steps.menu(adviser, "Arbeidsgivere")
    checked(adviser)
    steps.employer_form_fill(
        adviser,
        orgnr="988 077 917",
        name="Hamar Lager AS",
        municipality="Hamar",
        primary_contact="Rune Rådgiver",
        check=checked,
    )
    adviser.get_by_role("button", name="Lagre").click()
    employer = steps.employer_saved(adviser, "988077917", check=checked)
    steps.need_create(adviser, title="Lagermedarbeider", occupation_code="4321", check=checked)
    need = steps.need_open(adviser, "Lagermedarbeider", check=checked)

    # 2. The counsellor's candidate (consent to share with this employer) is ranked and proposed.
    candidate = consenting_candidate(
        need, office=office, by=veileder, wishes=["4321"], competence="Truckfører"
    )
    code = candidate.profile.code
    counsellor = window(veileder)
    steps.menu(counsellor, "Behov")
    checked(counsellor)
    counsellor.get_by_role("link", name="Lagermedarbeider").click()
    counsellor.get_by_role("heading", name="Lagermedarbeider", level=1).wait_for()
    checked(counsellor)
    counsellor.get_by_role("link", name="Se hele rangeringen med forklaring").click()
    counsellor.get_by_role("heading", name="Kandidater som passer", level=1).wait_for()
    checked(counsellor)
    assert code in counsellor.locator("tbody tr").first.inner_text()  # ranked first
    counsellor.get_by_role("button", name=f"Foreslå {code}").click()
    counsellor.get_by_text(f"{code} er foreslått").wait_for()
    checked(counsellor)
    assert need.candidate_list.entries.filter(candidate=candidate).exists()

    # 3. The market coordinator creates the fair; the adviser adds the employer with two slots.
    market = window(markedskoordinator)
    steps.fair_create(
        market, title="Jobbmesse Hamar", date=today + datetime.timedelta(days=20), check=checked
    )
    steps.fair_saved(market, check=checked)
    event = Event.objects.get(title="Jobbmesse Hamar")
    steps.fair_employer_form(adviser, event, employer, room="101", check=checked)
    steps.fair_employer_saved(adviser, check=checked)
    assert event.slots.count() == 2

    # 4. The coordinator publishes it and makes the employer's feedback link.
    steps.fair_publish(market, event, check=checked)
    feedback_url = steps.fair_feedback_link(market, event, "Hamar Lager AS", check=checked)

    # 5. The counsellor books the candidate.
    counsellor.goto(f"{counsellor.base_url}/arrangementer/{event.pk}/book/?kandidat={candidate.pk}")
    checked(counsellor)
    counsellor.get_by_role("button", name="Book 15:30 Hamar Lager AS").click()
    counsellor.get_by_text("Booket. Deltakernummer 1.").wait_for()
    checked(counsellor)

    # 6. The employer, not logged in, offers a work trial: it becomes a draft placement.
    at_employer = checked.watch(page_as(None))
    steps.fair_feedback_form(at_employer, feedback_url, check=checked)
    assert "Ingrid" not in at_employer.content() and "Solberg" not in at_employer.content()
    steps.fair_feedback_sent(at_employer, check=checked)
    placement = Booking.objects.get(candidate=candidate).placement
    assert placement is not None and placement.status == Placement.Status.DRAFT

    # 7. The counsellor follows the placement up: plan, start-up meeting, a follow-up recorded.
    steps.menu(counsellor, "Mine oppfølginger")
    checked(counsellor)
    counsellor.get_by_role("link", name="Hamar Lager AS · Arbeidstrening").click()
    counsellor.get_by_role("heading", name=f"{candidate.full_name} hos Hamar Lager AS", level=1).wait_for()
    checked(counsellor)
    steps.placement_dates(counsellor, start=today, end=today + datetime.timedelta(days=120), check=checked)
    steps.placement_plan_agreed(counsellor, agreed_on=today, check=checked)
    steps.placement_ready(counsellor, startup_at=today, check=checked)
    steps.placement_startup_form(counsellor, held_on=today, check=checked)
    steps.placement_started(counsellor, check=checked)
    counsellor.get_by_role("link", name="Registrer").first.click()
    counsellor.get_by_role("heading", name="Registrer oppfølging").wait_for()
    checked(counsellor)
    counsellor.get_by_label("Merknad").fill("Godt i gang, trives med oppgavene.")
    steps.save(counsellor, check=checked)
    assert "Oppfølgingen er registrert." in counsellor.locator("main").inner_text()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE
    assert placement.follow_ups.filter(done_on=today, notes__startswith="Godt i gang").exists()
    screenshot(counsellor, "walk-placement")

    # 8. The market coordinator previews the counsellor's weekly e-mail: the need and the fair.
    market.goto(f"{market.base_url}/markedsepost/forhandsvisning/?mottaker={veileder.pk}")
    checked(market)
    text = market.locator(".app-email-text").inner_text()
    assert "Lagermedarbeider" in text and "Jobbmesse Hamar" in text
    # axe-core does not look into the preview's frame, and the frame's own page forbids scripts
    # (CSP sandbox): the e-mail's HTML is checked as a page of its own, as a mail client shows it.
    mail = market.request.get(f"{market.base_url}/markedsepost/forhandsvisning/{veileder.pk}/html/")
    assert mail.ok
    as_received = page_as(None)
    as_received.set_content(mail.text())
    checked(as_received)

    # 9. The project coordinator filters the dashboard to the project and exports it.
    from dashboards.services import snapshot_build

    snapshot_build(cutoff=today)
    coordinator = window(koordinator)
    steps.dashboard_filter(coordinator, project="Ta sjansen Hamar", check=checked)
    assert "Påmeldt" in steps.dashboard_export(coordinator)
    screenshot(coordinator, "walk-dashboard")

    unchecked = checked.visited - checked.seen
    assert not unchecked, f"pages visited without axe-core: {sorted(url for _, url in unchecked)}"
    print(f"walk: {len(checked.seen)} pages checked with axe-core in {time.monotonic() - started:.1f} s")
