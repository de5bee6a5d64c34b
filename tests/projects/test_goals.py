"""Goals compute their current value from counts; rates are never stored."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects import selectors
from projects.models import Project
from projects.vocab import MetricKind, OutcomeCategory
from tests.projects.factories import GoalFactory, OutcomeRecordFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _value(goal):
    return selectors.goal_value(goal, list(goal.project.outcomes.all()))


def test_share_goal_computes_from_counts():
    project = ProjectFactory()
    goal = GoalFactory(project=project, metric=MetricKind.WORK_OR_TRAINING_SHARE, target=Decimal("75"))
    OutcomeRecordFactory(project=project, category=OutcomeCategory.STARTED, count=40)
    OutcomeRecordFactory(project=project, category=OutcomeCategory.ORDINARY_WORK, count=20)
    OutcomeRecordFactory(project=project, category=OutcomeCategory.ARBEIDSTRENING, count=8)
    OutcomeRecordFactory(project=project, category=OutcomeCategory.EDUCATION, count=5)  # not in this metric
    value = _value(goal)
    assert (value.numerator, value.denominator) == (28, 40)
    assert value.current == Decimal("70.0")
    assert value.reached is False
    OutcomeRecordFactory(project=project, category=OutcomeCategory.WAGE_SUBSIDY, count=2)
    assert _value(goal).current == Decimal("75.0")
    assert _value(goal).reached is True


def test_count_goal_and_period():
    project = ProjectFactory()
    goal = GoalFactory(
        project=project,
        metric=MetricKind.EVENTS_COUNT,
        target=Decimal("5"),
        period_start=date(2018, 1, 1),
        period_end=date(2018, 12, 31),
    )
    OutcomeRecordFactory(project=project, category=OutcomeCategory.EVENTS, count=4, as_of=date(2017, 12, 31))
    OutcomeRecordFactory(project=project, category=OutcomeCategory.EVENTS, count=5, as_of=date(2018, 12, 31))
    OutcomeRecordFactory(project=project, category=OutcomeCategory.EVENTS, count=9, as_of=None)
    value = _value(goal)
    assert value.current == Decimal("5") and value.reached is True


def test_no_data_is_not_zero_percent():
    goal = GoalFactory(metric=MetricKind.WORK_SHARE, target=Decimal("50"))
    value = _value(goal)
    assert value.current is None and value.reached is None
    skeleton = GoalFactory(metric=MetricKind.WORK_COUNT, target=None)
    OutcomeRecordFactory(project=skeleton.project, category=OutcomeCategory.ORDINARY_WORK, count=3)
    assert _value(skeleton).current == Decimal("3") and _value(skeleton).reached is None


def test_contradicting_statements_are_left_out_of_goal_values():
    project = ProjectFactory()
    goal = GoalFactory(project=project, metric=MetricKind.WORK_COUNT)
    table = OutcomeRecordFactory(project=project, category=OutcomeCategory.JOB_AT_HOST, count=15)
    OutcomeRecordFactory(
        project=project,
        category=OutcomeCategory.JOB_AT_HOST,
        count=22,
        counts_in_totals=False,
        contradicts=table,
    )
    assert _value(goal).current == Decimal("15")


def test_report_goals_from_demo_data(report_projects):
    springbrett = Project.objects.get(name="Springbrett")
    (value,) = selectors.goal_values(springbrett)
    # Table 5.3 (L3637): 15 + 12 in work, 3 in education, of 73 who started arbeidstrening (kull 1–10).
    assert (value.numerator, value.denominator, value.current) == (30, 73, Decimal("41.1"))
    # The text's 22 + 13 + 3 = 38 (L3586–3588) is stored, not summed; 38/73 is the quoted 52 % (L3651).
    text = springbrett.outcomes.filter(counts_in_totals=False)
    assert sorted(r.count for r in text) == [13, 22]
    assert round(Decimal(100) * (22 + 13 + 3) / 73) == 52

    forsterket = Project.objects.get(name="Forsterket jobbverksted")
    (goal,) = selectors.goal_values(forsterket)
    assert goal.goal.target == Decimal("75") and goal.current is None  # the report gives no counts

    ta_sjansen = Project.objects.get(name="Ta sjansen")
    values = {v.goal.metric: v for v in selectors.goal_values(ta_sjansen)}
    assert values[MetricKind.STARTED_COUNT].current == Decimal("64")  # L3977
    assert values[MetricKind.EVENTS_COUNT].current == Decimal("5")


def test_report_outcome_sums_match_the_report_totals(report_projects):
    ta_sjansen = Project.objects.get(name="Ta sjansen")
    totals = selectors.category_totals(ta_sjansen.outcomes.all())
    assert totals[OutcomeCategory.STARTED] == 329  # L3979
    assert totals[OutcomeCategory.EVENTS] == 27  # L3979, the table; the text says 17 (L3958)
    events = ta_sjansen.outcomes.filter(category=OutcomeCategory.EVENTS, counts_in_totals=False)
    assert sorted((r.count, r.source_lines) for r in events) == [(17, "L3957–3958"), (27, "L3979")]

    springbrett = Project.objects.get(name="Springbrett")
    kull_1_10 = springbrett.outcomes.exclude(cohort__name="Kull 11")
    sums = selectors.category_totals(kull_1_10)
    assert (sums[OutcomeCategory.COMPLETED_COURSE], sums[OutcomeCategory.STARTED_TRAINING]) == (
        109,
        73,
    )  # L3637
    all_cohorts = selectors.category_totals(springbrett.outcomes.all())
    assert (all_cohorts[OutcomeCategory.COMPLETED_COURSE], all_cohorts[OutcomeCategory.STARTED_TRAINING]) == (
        125,
        86,
    )

    utvei = selectors.category_totals(Project.objects.get(name="Utvei/Jobbkondis").outcomes.all())
    assert (
        utvei[OutcomeCategory.ORDINARY_WORK] == 113 and utvei[OutcomeCategory.EDUCATION] == 20
    )  # L4705–4706


def test_coordinator_warning_after_30_idle_days(koordinator):
    now = timezone.now()
    project = ProjectFactory(status=Project.Status.ACTIVE, coordinator=koordinator)
    koordinator.last_login = now - timedelta(days=29)
    assert selectors.coordinator_warning(project, now=now) is None
    koordinator.last_login = now - timedelta(days=31)
    assert selectors.coordinator_warning(project, now=now) == "inactive"
    # Never logged in: measured from when the account was made.
    koordinator.last_login = None
    koordinator.date_joined = now - timedelta(days=2)
    assert selectors.coordinator_warning(project, now=now) is None
    koordinator.date_joined = now - timedelta(days=60)
    assert selectors.coordinator_warning(project, now=now) == "inactive"
    # A discontinued project needs no coordinator.
    project.status = Project.Status.DISCONTINUED
    assert selectors.coordinator_warning(project, now=now) is None
    planned = ProjectFactory(status=Project.Status.PLANNED, coordinator=None)
    assert selectors.coordinator_warning(planned, now=now) == "missing"


@pytest.mark.parametrize("target,ok", [("75", True), ("100", True), ("140", False), ("-1", False)])
def test_percentage_goal_is_between_0_and_100(target, ok):
    from projects.forms import GoalForm

    form = GoalForm({"metric": "work_share", "description": "Andel i arbeid", "target": target})
    assert form.is_valid() is ok, form.errors


def test_count_goal_may_exceed_100():
    from projects.forms import GoalForm

    form = GoalForm({"metric": "work_count", "description": "I arbeid", "target": "140"})
    assert form.is_valid(), form.errors
