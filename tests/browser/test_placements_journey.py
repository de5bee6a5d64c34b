"""From a job-fair offer to an ended placement (issue #13): the offer makes a draft (as the job-fair
app does, through placement_create_draft); the counsellor makes and agrees the follow-up plan,
schedules and holds the start-up meeting; a follow-up falls due, the daily job reminds, it shows in
«Mine oppfølginger» and in the outbox; the placement ends with an outcome."""

import datetime

import pytest
from django.utils import timezone

from core.models import OutboxMessage
from placements import services
from placements.models import Placement
from tests.browser import steps
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_offer_to_placement_with_follow_up_reminder_and_outcome(
    page, login, screenshot, assert_accessible, veileder, office, radgiver
):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=40)
    candidate = make_candidate(office=office, by=veileder)
    employer = EmployerFactory(
        name="Hamar Hotell AS", municipality=municipality("3403"), primary_contact=radgiver
    )
    placement = services.placement_create_draft(
        candidate=candidate,
        employer=employer,
        source_label="Jobbmesse: tilbud fra Hamar Hotell AS",
        by=radgiver,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=120),
    )

    login(page, veileder)
    steps.menu(page, "Mine oppfølginger")
    page.get_by_role("link", name="Hamar Hotell AS · Arbeidstrening").click()
    # wait_for, not is_visible(): the click returns before the next page has loaded.
    page.get_by_role("heading", name=f"{candidate.full_name} hos Hamar Hotell AS", level=1).wait_for()
    assert "Jobbmesse: tilbud fra Hamar Hotell AS" in page.locator("main").inner_text()

    # The follow-up plan, agreed before the start.
    steps.placement_plan_agreed(page, agreed_on=start - datetime.timedelta(days=5), check=assert_accessible)
    steps.placement_ready(page, startup_at=start)

    # The start-up meeting is held.
    steps.placement_startup_form(page, held_on=start)
    screenshot(page, "placements-startup-meeting")
    assert_accessible(page)
    steps.placement_started(page)

    # The first monthly follow-up is due (it was due a week and a half ago): the daily job reminds.
    services.reminders_run()
    mail = OutboxMessage.objects.get(recipient=veileder.email)
    assert candidate.last_name not in mail.body_text
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Mine oppfølginger").click()
    overdue = page.get_by_role("region", name="Forfalte oppfølginger")
    assert "Månedlig oppfølging" in overdue.inner_text() and candidate.full_name in overdue.inner_text()
    screenshot(page, "placements-mine")
    assert_accessible(page)

    # The placement ends with an outcome.
    overdue.get_by_role("link", name="Månedlig oppfølging").click()
    page.get_by_role("link", name="Avslutt med resultat").click()
    page.get_by_label("Resultat").select_option(label="Ordinært arbeid")
    page.get_by_label("Ansettelsesform").select_option(label="Fast")
    page.get_by_label("Arbeidstid").select_option(label="Deltid")
    steps.save(page)
    main = page.locator("main").inner_text()
    assert "Tiltaket er avsluttet." in main and "Varighetssjekk etter 6 måneder" in main
    screenshot(page, "placements-ended")
    assert_accessible(page)
    placement.refresh_from_db()
    assert (placement.status, placement.outcome) == (Placement.Status.ENDED, "ordinaert_arbeid")
