"""Each plan template's due dates, and the daily reminder job (run twice: sent once; escalation)."""

import datetime

import pytest
import time_machine

from core.models import Notification, OutboxMessage
from placements import plans, services
from placements.models import Reminder
from projects.models import FollowUpTemplate

from .conftest import START, make_active

D = datetime.date


def _dates(kind, start=None, end=None, **kw):
    start = start or D(2026, 1, 31)
    return [(s.kind, s.due_on) for s in plans.plan_steps(kind, start=start, end=end, **kw)]


def test_add_months_clamps_to_month_end():
    assert plans.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert plans.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert plans.add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_jobbloop_template():
    assert _dates("jobbloop", start=D(2026, 1, 5), end=D(2027, 1, 4)) == [
        ("kontakt", D(2026, 1, 12)),
        ("mote", D(2026, 2, 16)),
        ("samling", D(2026, 4, 28)),
        ("samling", D(2026, 8, 29)),
        ("attest", D(2027, 1, 4)),
    ]


def test_ta_sjansen_template():
    assert _dates("ta_sjansen", start=D(2026, 3, 2), end=D(2026, 12, 31)) == [
        ("mote", D(2026, 4, 2)),
        ("evaluering", D(2026, 6, 2)),
        ("mote", D(2026, 9, 2)),
        ("mote", D(2026, 12, 2)),
    ]


def test_springbrett_template_stops_at_twelve_months():
    steps = _dates("springbrett", start=D(2026, 1, 1), end=D(2028, 1, 1))
    assert steps[0] == ("plan", D(2026, 1, 15))
    assert steps[-1] == ("evaluering", D(2026, 12, 18))
    assert [d for k, d in steps if k == "mote"] == [D(2026, m, 1) for m in range(2, 13)]


def test_default_monthly_template():
    assert _dates("manedlig", start=D(2026, 3, 2), end=D(2026, 6, 1)) == [
        ("mote", D(2026, 4, 2)),
        ("mote", D(2026, 5, 2)),
        ("evaluering", D(2026, 5, 18)),
    ]


def test_project_template_uses_offsets(project):
    FollowUpTemplate.objects.create(project=project, name="Oppstartsmøte", offset_days=0)
    FollowUpTemplate.objects.create(project=project, name="Neste oppfølging", offset_days=30)
    steps = plans.plan_steps(
        "prosjekt", start=D(2026, 3, 2), end=None, templates=project.follow_up_templates.all()
    )
    assert [(s.title, s.due_on) for s in steps] == [("Neste oppfølging", D(2026, 4, 1))]


@time_machine.travel(datetime.datetime(2026, 2, 20, 12, tzinfo=datetime.UTC), tick=False)
def test_applied_plan_stores_due_dates_and_can_be_edited(draft, veileder):
    rows = services.follow_up_plan_apply(placement=draft, kind="ta_sjansen", by=veileder)
    assert [r.due_on for r in rows] == [D(2026, 4, 2), D(2026, 6, 2)]
    services.follow_up_update(follow_up=rows[0], by=veileder, due_on=D(2026, 3, 25))
    services.follow_up_add(placement=draft, by=veileder, title="Ekstra samtale", due_on=D(2026, 3, 10))
    # Re-applying replaces only the plan's planned rows; the hand-made one stays.
    services.follow_up_plan_apply(placement=draft, kind="manedlig", by=veileder)
    assert draft.follow_ups.filter(title="Ekstra samtale").exists()
    assert not draft.follow_ups.filter(due_on=D(2026, 3, 25)).exists()


# --- Reminders --------------------------------------------------------------------------------------


@pytest.fixture
def active(draft, veileder):
    return make_active(draft, veileder)


def test_reminder_job_run_twice_sends_each_reminder_once(active, veileder):
    first_due = active.follow_ups.filter(status="planlagt").order_by("due_on").first().due_on
    with time_machine.travel(
        datetime.datetime.combine(first_due, datetime.time(6), tzinfo=datetime.UTC), tick=False
    ):
        first = services.reminders_run()
        second = services.reminders_run()
    assert first["sent"] == 1 and second == {"released": 0, "scheduled": 0, "sent": 0}
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.state, reminder.kind) == (veileder, "sendt", "forfaller")
    assert Notification.objects.filter(user=veileder, url="/tiltak/").count() == 1
    mail = OutboxMessage.objects.get(recipient=veileder.email)
    assert "oppfølging" in mail.subject
    assert active.candidate.last_name not in mail.body_text


def test_a_missed_day_is_caught_up_and_not_doubled(active, veileder):
    first_due = active.follow_ups.filter(status="planlagt").order_by("due_on").first().due_on
    late = first_due + datetime.timedelta(days=3)
    services.reminders_run(today=late)
    services.reminders_run(today=late + datetime.timedelta(days=1))
    assert Reminder.objects.filter(kind="forfaller", follow_up__due_on=first_due).count() == 1
    assert OutboxMessage.objects.count() == 1


def test_overdue_more_than_a_week_escalates_to_the_leader(active, veileder, leder):
    first = active.follow_ups.filter(status="planlagt").order_by("due_on").first()
    services.reminders_run(today=first.due_on + datetime.timedelta(days=7))
    assert not Reminder.objects.filter(kind="forfalt").exists()
    services.reminders_run(today=first.due_on + datetime.timedelta(days=8))
    escalated = set(
        Reminder.objects.filter(kind="forfalt", follow_up=first).values_list("recipient__username", flat=True)
    )
    assert escalated == {"t-veileder", "t-leder"}
    assert Notification.objects.filter(user=leder).count() == 1


def test_done_follow_ups_are_not_reminded(active, veileder):
    for follow_up in active.follow_ups.filter(status="planlagt"):
        services.follow_up_complete(follow_up=follow_up, by=veileder, done_on=follow_up.due_on)
    services.reminders_run(today=START + datetime.timedelta(days=60))
    assert not Reminder.objects.filter(kind__in=["forfaller", "forfalt"]).exists()


def test_ending_within_two_weeks_reminds_counsellor_and_adviser(active, veileder, radgiver):
    services.reminders_run(today=active.planned_end - datetime.timedelta(days=14))
    assert set(Reminder.objects.filter(kind="slutter").values_list("recipient", flat=True)) == {
        veileder.pk,
        radgiver.pk,
    }


def test_retention_checks_become_due_for_the_counsellor(active, veileder):
    services.placement_end(placement=active, by=veileder, ended_on=D(2026, 6, 1), outcome="laereplass")
    services.reminders_run(today=D(2026, 12, 1))
    check = Reminder.objects.get(follow_up__kind="varighet")
    assert check.recipient == veileder and check.due_on == D(2026, 12, 1)
