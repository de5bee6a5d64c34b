"""Demo placements: in every demo project, active, ended and overdue placements with history going
back two years (plans, done follow-ups, meetings, outcomes, retention checks, a problem report).

Rows are bulk-inserted (a large run makes tens of thousands); dates are relative to today, so the
demo always has something overdue and something due this week.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from core.demo import DemoContext, seeder

from . import plans
from .models import FollowUp, MeetingRecord, Placement, PlacementEvent, ProblemReport
from .services import responsible_id_for
from .vocab import Goal, Measure, Outcome, RetentionResult

SMALL_PER_PROJECT = 8
LARGE_PER_PROJECT = 120
SOURCE = "Demo"
MEASURES = [
    Measure.ARBEIDSTRENING,
    Measure.ARBEIDSTRENING,
    Measure.MIDLERTIDIG_LONNSTILSKUDD,
    Measure.MENTOR,
    Measure.SOMMERJOBB,
    Measure.INKLUDERINGSTILSKUDD,
]
OUTCOMES = [
    Outcome.ORDINARY_WORK,
    Outcome.ORDINARY_WORK,
    Outcome.WAGE_SUBSIDY,
    Outcome.APPRENTICESHIP,
    Outcome.EDUCATION,
    Outcome.CLARIFIED,
    Outcome.ENDED_EARLY,
    Outcome.UNKNOWN,
]
RETENTION = [
    RetentionResult.IN_WORK,
    RetentionResult.IN_WORK,
    RetentionResult.NOT_IN_WORK,
    RetentionResult.UNKNOWN,
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


def _kind_of(index: int) -> str:
    # Per eight: three active (one overdue), three ended, one ready, one cancelled.
    return ["aktiv", "aktiv_forfalt", "aktiv", "avsluttet", "avsluttet", "avsluttet", "klar", "annullert"][
        index % 8
    ]


@seeder(name="Tiltak og oppfølging", order=55)
@transaction.atomic
def seed_placements(ctx: DemoContext) -> None:
    from candidates.models import Candidate
    from employers.models import Employer
    from projects.models import Project

    if Placement.objects.filter(source_label__startswith=SOURCE).exists():
        ctx.say("  tiltak finnes allerede")
        return
    today = timezone.localdate()
    per_project = LARGE_PER_PROJECT if ctx.large else SMALL_PER_PROJECT
    projects = list(
        Project.objects.select_related("region").prefetch_related("follow_up_templates").order_by("pk")
    )
    placements, specs = [], []
    for project in projects:
        candidates = list(
            Candidate.objects.filter(
                office__county=project.region,
                follow_up_status="aktiv",
                erased_at__isnull=True,
                counsellor__isnull=False,
            )
            .exclude(placements__isnull=False)
            .order_by("pk")
            .values_list("pk", "office_id", "counsellor_id")[:per_project]
        )
        employers = list(
            Employer.objects.filter(county=project.region)
            .order_by("pk")
            .values_list("pk", "primary_contact_id")[:50]
        )
        if not candidates or not employers:
            continue
        plan_kind = plans.default_plan_kind(project)
        for index, (candidate_id, office_id, counsellor_id) in enumerate(candidates):
            kind = _kind_of(index)
            employer_id, contact_id = ctx.rng.choice(employers)
            months = ctx.rng.choice([3, 6, 12])
            if kind.startswith("aktiv"):
                start = today - timedelta(days=ctx.rng.randint(20, 75))
            elif kind == "avsluttet":
                start = today - timedelta(days=ctx.rng.randint(120, 730))
            else:
                start = today + timedelta(days=ctx.rng.randint(7, 40))
            end = plans.add_months(start, months)
            if kind == "avsluttet" and end >= today:
                end = today - timedelta(days=ctx.rng.randint(1, 30))
            measure = ctx.rng.choice(MEASURES)
            status = {"aktiv_forfalt": "aktiv"}.get(kind, kind)
            placement = Placement(
                candidate_id=candidate_id,
                office_id=office_id,
                employer_id=employer_id,
                project=project,
                source_label=f"{SOURCE}: {project.name}",
                status=status,
                measure=measure,
                planned_start=start,
                planned_end=end,
                started_on=start if status in ("aktiv", "avsluttet") else None,
                ended_on=end if status == "avsluttet" else None,
                extent_percent=ctx.rng.choice([50, 60, 80, 100]),
                tasks="Varierte arbeidsoppgaver etter opplæring.",
                goal=ctx.rng.choice(Goal.values),
                counsellor_id=counsellor_id,
                employer_contact_id=contact_id,
                adviser_id=contact_id,
                wage_subsidy_percent=40 if measure == Measure.MIDLERTIDIG_LONNSTILSKUDD else None,
                plan_kind=plan_kind,
                plan_agreed_on=start - timedelta(days=7) if status != "annullert" else None,
                startup_scheduled_at=_at(start) if status != "annullert" else None,
                startup_held_on=start if status in ("aktiv", "avsluttet") else None,
                startup_goal="Arbeidserfaring og opplæring" if status in ("aktiv", "avsluttet") else "",
                outcome=ctx.rng.choice(OUTCOMES) if status == "avsluttet" else "",
                cancel_reason="ikke_mott" if status == "annullert" else "",
            )
            if placement.outcome == Outcome.ORDINARY_WORK:
                placement.outcome_employment = ctx.rng.choice(["fast", "midlertidig"])
                placement.outcome_working_time = ctx.rng.choice(["heltid", "deltid"])
            if placement.outcome == Outcome.ENDED_EARLY:
                placement.outcome_note = "Ønsket å avslutte."
            if measure == Measure.MENTOR:
                placement.measure = Measure.ARBEIDSTRENING  # a mentor needs a contact person; keep it simple
            placements.append(placement)
            specs.append((kind, project))
    Placement.objects.bulk_create(placements, batch_size=2000)

    follow_ups, events, meetings, problems = [], [], [], []
    for placement, (kind, project) in ctx.progress(list(zip(placements, specs, strict=True)), desc="Tiltak"):
        start, end = placement.planned_start, placement.planned_end
        templates = list(project.follow_up_templates.all())
        kind_for_plan = placement.plan_kind if placement.plan_kind != "prosjekt" or templates else "manedlig"
        steps = plans.plan_steps(kind_for_plan, start=start, end=end, templates=templates)
        left_overdue = False
        for step in steps:
            past = step.due_on < today
            if kind == "annullert":
                status, done_on = "utgatt", None
            elif (
                kind == "aktiv_forfalt"
                and past
                and not left_overdue
                and step.due_on < today - timedelta(days=8)
            ):
                status, done_on, left_overdue = "planlagt", None, True
            elif past and (kind != "avsluttet" or step.due_on <= end):
                status, done_on = "utfort", step.due_on + timedelta(days=ctx.rng.randint(0, 3))
            elif kind == "avsluttet":
                status, done_on = "utgatt", None
            else:
                status, done_on = "planlagt", None
            follow_ups.append(
                FollowUp(
                    placement=placement,
                    kind=step.kind,
                    title=step.title[:150],
                    due_on=step.due_on,
                    party=step.party,
                    responsible_id=responsible_id_for(placement, step.party),
                    status=status,
                    done_on=done_on,
                    from_plan=True,
                )
            )
            if status == "utfort" and step.kind == "mote":
                meetings.append(
                    MeetingRecord(
                        placement=placement,
                        held_on=done_on,
                        attendees="Kandidat, leder, veileder",
                        notes="Går etter planen.",
                        recorded_by_id=placement.counsellor_id,
                    )
                )
        if kind == "aktiv_forfalt" and not left_overdue:
            follow_ups.append(
                FollowUp(
                    placement=placement,
                    title="Oppfølgingssamtale",
                    due_on=today - timedelta(days=10),
                    responsible_id=placement.counsellor_id,
                )
            )
        if kind == "avsluttet":
            for months in (6, 12, 24):
                due = plans.add_months(end, months)
                done = due < today
                follow_ups.append(
                    FollowUp(
                        placement=placement,
                        kind="varighet",
                        title=f"Varighetssjekk etter {months} måneder",
                        due_on=due,
                        retention_months=months,
                        responsible_id=placement.counsellor_id,
                        status="utfort" if done else "planlagt",
                        done_on=due if done else None,
                        retention_result=ctx.rng.choice(RETENTION) if done else "",
                    )
                )
        history = [("", "utkast", start - timedelta(days=21))]
        if kind != "annullert":
            history.append(("utkast", "klar", start - timedelta(days=7)))
        if kind.startswith("aktiv") or kind == "avsluttet":
            history.append(("klar", "aktiv", start))
        if kind == "avsluttet":
            history.append(("aktiv", "avsluttet", end))
        if kind == "annullert":
            history.append(("utkast", "annullert", today - timedelta(days=2)))
        events += [
            PlacementEvent(
                placement=placement,
                kind="status",
                from_status=a,
                to_status=b,
                by_id=placement.counsellor_id,
                at=_at(day),
            )
            for a, b, day in history
        ]
        if kind == "aktiv" and ctx.rng.random() < 0.3:
            reported = _at(start + timedelta(days=10))
            problems.append(
                ProblemReport(
                    placement=placement,
                    reported_at=reported,
                    reported_by_name="Leder hos arbeidsgiver",
                    description="Kandidaten har kommet for sent flere ganger.",
                    responded_at=reported + timedelta(hours=ctx.rng.randint(2, 48)),
                    responded_by_id=placement.counsellor_id,
                    response="Samtale med kandidat og leder; avtalt nye oppmøtetider.",
                )
            )
    FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
    PlacementEvent.objects.bulk_create(events, batch_size=5000)
    MeetingRecord.objects.bulk_create(meetings, batch_size=5000)
    ProblemReport.objects.bulk_create(problems, batch_size=5000)
    ctx.say(f"  {len(placements)} tiltak, {len(follow_ups)} oppfølginger, {len(meetings)} møtereferater")
