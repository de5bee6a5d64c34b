"""The Fafo report's projects (Fafo-rapport 2018:46) as demo data, with their facts and historic
outcome counts. Every value cites the report line it comes from (`Lnnnn` in
shared/seed/fafo-rapport-2018-46.txt). Table 4.1 (L1282–1441) and Table 4.2 (L1661–1796) are
copied word for word for the eight projects they cover, so the comparison page can be read
against the report.

The data lives in `projects/demo_data/` (one JSON file per project, read by `demo_loader`);
this module seeds it.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import NavUnit, User
from core.demo import DemoContext, seeder
from core.models import County
from core.validators import orgnr_generate

from .demo_loader import load_projects
from .models import (
    Cohort,
    CohortEmployer,
    Enrolment,
    FollowUpTemplate,
    Goal,
    MethodPhase,
    OutcomeRecord,
    Project,
    ReportedShare,
    Risk,
    RoleTask,
)
from .services import DESCRIPTION_FIELDS, METHOD_FIELDS
from .vocab import MetricKind as M
from .vocab import OutcomeCategory as C


def demo_orgnr(base: str) -> str:
    """A valid organisasjonsnummer from eight digits (the first valid one from `base` on)."""
    return orgnr_generate(start=int(base))


def _coordinator(spec, fallback: User) -> User | None:
    if spec is None:
        return None
    username, idle_days = spec
    user = User.objects.filter(username=username).first() or fallback
    if idle_days:
        # Demo of the coordinator warning: this coordinator has not logged in for a while.
        when = timezone.now() - timedelta(days=idle_days)
        User.objects.filter(pk=user.pk).update(last_login=when, date_joined=when - timedelta(days=365))
        user.refresh_from_db()
    return user


def _project(spec: dict, fallback: User) -> Project:
    simple = {
        field: spec.get(field, Project._meta.get_field(field).get_default()) for field in DESCRIPTION_FIELDS
    }
    project, _ = Project.objects.update_or_create(
        name=spec["name"],
        defaults={
            **simple,
            "status": spec["status"],
            "region": County.objects.get(code=spec["region"]),
            "coordinator": _coordinator(spec["coordinator"], fallback),
        },
    )
    project.nav_units.set(NavUnit.objects.filter(unit_number__in=spec["units"]))
    return project


def _method(project: Project, spec: dict) -> None:
    for position, (name, description, days) in enumerate(spec["phases"], start=1):
        MethodPhase.objects.update_or_create(
            project=project,
            position=position,
            defaults={"name": name, "description": description, "typical_duration_days": days},
        )
    for name, offset, description in spec["follow_ups"]:
        FollowUpTemplate.objects.update_or_create(
            project=project, name=name, defaults={"offset_days": offset, "description": description}
        )
    for metric, description, target, start, end, lines in spec["goals"]:
        Goal.objects.update_or_create(
            project=project,
            description=description,
            defaults={
                "metric": metric,
                "target": target,
                "period_start": start,
                "period_end": end,
                "source_lines": lines,
            },
        )
    for risk, likelihood, impact, mitigation, owner in spec["risks"]:
        Risk.objects.update_or_create(
            project=project,
            risk=risk,
            defaults={"likelihood": likelihood, "impact": impact, "mitigation": mitigation, "owner": owner},
        )
    for position, (task, office, centre, employer, coordinator) in enumerate(spec["roles"], start=1):
        RoleTask.objects.update_or_create(
            project=project,
            task=task,
            defaults={
                "position": position,
                "nav_office": office,
                "worklife_centre": centre,
                "employer": employer,
                "coordinator": coordinator,
            },
        )


def _record(
    project,
    *,
    category,
    count,
    lines,
    label="",
    as_of=None,
    note="",
    cohort=None,
    counted=True,
    contradicts=None,
):
    record, _ = OutcomeRecord.objects.update_or_create(
        project=project,
        cohort=cohort,
        period_label=label,
        category=category,
        source_lines=lines,
        defaults={
            "count": count,
            "as_of": as_of,
            "note": note,
            "counts_in_totals": counted and contradicts is None,
            "contradicts": contradicts,
        },
    )
    return record


def _cohorts_and_outcomes(project: Project, spec: dict) -> None:
    for c in spec["cohorts"]:
        cohort, _ = Cohort.objects.update_or_create(
            project=project,
            name=c["name"],
            defaults={
                "kind": c["kind"],
                "location": c.get("location", ""),
                "period_label": c.get("period_label", ""),
                "start_date": c.get("start_date"),
                "end_date": c.get("end_date"),
                "places": c.get("places"),
            },
        )
        for base, name, places in c.get("employers", []):
            CohortEmployer.objects.update_or_create(
                cohort=cohort, orgnr=demo_orgnr(base), defaults={"name": name, "places": places}
            )
        if "counts" in c:
            course, training = c["counts"]
            for category, count in [(C.COMPLETED_COURSE, course), (C.STARTED_TRAINING, training)]:
                _record(
                    project,
                    category=category,
                    count=count,
                    lines=c["source"],
                    cohort=cohort,
                    label=c["period_label"],
                    as_of=c["as_of"],
                )
    primary = {}
    for label, as_of, category, count, lines, note in spec["outcomes"]:
        primary[category] = _record(
            project, category=category, count=count, lines=lines, label=label, as_of=as_of, note=note
        )
    for category, count, lines, note in spec.get("contradictions", []):
        first = primary[category]
        _record(
            project,
            category=category,
            count=count,
            lines=lines,
            label=first.period_label,
            as_of=first.as_of,
            note=note,
            contradicts=first,
        )
    totals = {}
    for category, count, lines, note in spec.get("stated_totals", []):
        totals[category] = _record(
            project, category=category, count=count, lines=lines, label="2013–2018", note=note, counted=False
        )
    for category, count, lines, note in spec.get("contradictions_of_totals", []):
        _record(
            project,
            category=category,
            count=count,
            lines=lines,
            label="2013–2018",
            note=note,
            contradicts=totals[category],
        )
    for category, percent, population, lines, note in spec.get("shares", []):
        ReportedShare.objects.update_or_create(
            project=project,
            category=category,
            source_lines=lines,
            population=population,
            defaults={"percent": Decimal(percent), "note": note},
        )


LOCAL_COPIES_LARGE = 300


def _local_copies(ctx: DemoContext) -> None:
    """For --scale large: many local projects spread from the report's methods, so the list,
    comparison and home pages are measured with realistic numbers (bench/bench_projects.py)."""
    sources = list(Project.objects.filter(copied_from__isnull=True, phases__isnull=False).distinct())
    coordinators = list(User.objects.filter(memberships__isnull=False).distinct().order_by("pk")[:200])
    counties = list(County.objects.order_by("code"))
    # Source and county by index, not by the shared random stream, so the names (the natural key)
    # are the same whatever other seeders ran before.
    sources.sort(key=lambda p: p.name)
    plan = [(i, sources[i % len(sources)], counties[i % len(counties)]) for i in range(LOCAL_COPIES_LARGE)]
    copies = [
        Project(
            name=f"{source.name} lokal {i:03d}",
            region=county,
            status=Project.Status.ACTIVE,
            coordinator=ctx.rng.choice(coordinators),
            copied_from=source,
            start_year=ctx.rng.randint(2019, 2026),
            **{field: getattr(source, field) for field in METHOD_FIELDS},
        )
        for i, source, county in ctx.progress(plan, total=len(plan), desc="Lokale prosjekter")
    ]
    Project.objects.bulk_create(copies, ignore_conflicts=True, batch_size=500)
    by_name = {p.name: p for p in Project.objects.filter(name__in=[c.name for c in copies])}
    phases, goals, records = [], [], []
    for i, source, _county in plan:
        copy = by_name[f"{source.name} lokal {i:03d}"]
        phases += [
            MethodPhase(project=copy, position=p.position, name=p.name, description=p.description)
            for p in source.phases.all()
        ]
        goals.append(
            Goal(project=copy, metric=M.WORK_SHARE, description="Andel i arbeid", target=Decimal("40"))
        )
        started = ctx.rng.randint(5, 40)
        records += [
            OutcomeRecord(
                project=copy, category=C.STARTED, count=started, period_label="Demo", source_lines=""
            ),
            OutcomeRecord(
                project=copy,
                category=C.ORDINARY_WORK,
                count=ctx.rng.randint(0, started),
                period_label="Demo",
                source_lines="",
            ),
        ]
    MethodPhase.objects.bulk_create(phases, ignore_conflicts=True, batch_size=1000)
    if not Goal.objects.filter(project__in=by_name.values()).exists():
        Goal.objects.bulk_create(goals, batch_size=1000)
        OutcomeRecord.objects.bulk_create(records, batch_size=1000)


# --- Enrolments (phase 2) --------------------------------------------------------------------------
# Demo candidates (seeded by candidates, order 30) enrolled by their own counsellors, so every
# role sees the project's participant list: named for the office, codes for everyone else.

ENROLMENT_PLAN = [
    # project, county of the candidates' offices, how many (small, large), share exited, first phase
    ("Ta sjansen", "34", (12, 400), 0.4, "Jobbmesse"),
    ("JobbLoop", "46", (3, 150), 0.0, "Kick-off"),
    ("Springbrett", "33", (8, 250), 0.5, "Kurs"),
]
DEMO_EXIT_REASONS = ["ordinary_work", "wage_subsidy", "arbeidstrening", "education", "dropped_out", "unknown"]


def _enrol_demo_candidates(ctx: DemoContext) -> None:
    from candidates.models import Candidate

    from .services import enrolment_create, enrolment_exit

    for name, county, sizes, exited_share, phase_name in ENROLMENT_PLAN:
        project = Project.objects.get(name=name)
        wanted = sizes[1] if ctx.large else sizes[0]
        have = project.enrolments.count()
        if have >= wanted:
            continue
        pool = (
            Candidate.objects.filter(
                office__county__code=county, follow_up_status="aktiv", erased_at__isnull=True
            )
            .exclude(project_enrolments__project=project)
            .exclude(counsellor__isnull=True)
            .select_related("counsellor")
            .order_by("pk")[: wanted - have]
        )
        cohort = project.cohorts.order_by("-start_date", "-pk").first()
        first_phase = project.phases.filter(name=phase_name).first()
        start = date(2018, 1, 8)
        for candidate in ctx.progress(list(pool), desc=f"Deltakere i {name}"):
            enrolled_on = start + timedelta(days=ctx.rng.randint(0, 200))
            enrolment = enrolment_create(
                project=project,
                candidate=candidate,
                by=candidate.counsellor,
                enrolled_on=enrolled_on,
                cohort=cohort,
                start_phase=first_phase,
            )
            if ctx.rng.random() < exited_share:
                enrolment_exit(
                    enrolment=enrolment,
                    by=candidate.counsellor,
                    on_date=enrolled_on + timedelta(days=ctx.rng.randint(30, 300)),
                    reason=ctx.rng.choice(DEMO_EXIT_REASONS),
                )


@seeder(name="Prosjektene i Fafo-rapporten", order=40)
@transaction.atomic
def seed_projects(ctx: DemoContext) -> None:
    fallback = User.objects.get(username="koordinator")
    for spec in load_projects():
        project = _project(spec, fallback)
        _method(project, spec)
        _cohorts_and_outcomes(project, spec)
    if ctx.large:
        _local_copies(ctx)
    _enrol_demo_candidates(ctx)
    ctx.say(
        f"  {Project.objects.count()} prosjekter, {OutcomeRecord.objects.count()} resultattall, "
        f"{Enrolment.objects.count()} deltakelser"
    )
