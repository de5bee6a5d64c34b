"""Writes of the projects app. Every change to a project or its description goes through here."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import NavUnit, User
from candidates.models import FollowUpStatus
from core.audit import model_create, model_update
from core.models import County
from core.transitions import StateMachine, transition

from .models import (
    EXIT_REASONS,
    Anchoring,
    Cohort,
    CohortEmployer,
    Enrolment,
    EnrolmentEvent,
    EnrolmentPhaseProgress,
    FollowUpTemplate,
    Goal,
    MethodPhase,
    OutcomeRecord,
    Project,
    ProjectDocument,
    Risk,
    RoleTask,
)
from .vocab import MetricKind

# The descriptive fields a form may set on a project besides name, region, status and coordinator.
DESCRIPTION_FIELDS = (
    "area",
    "start_year",
    "focus",
    "purpose",
    "target_group",
    "target_age_min",
    "target_age_max",
    "innsatsgrupper",
    "innsatsgruppe_note",
    "target_other_criteria",
    "actors",
    "measures",
    "method_summary",
    "typical_duration",
    "positions",
    "budget_nok",
    "resources_note",
    "source_lines",
)
# What a copy ("spredning", L67) takes over is the method; these are the original's local facts.
LOCAL_FIELDS = frozenset({"area", "start_year", "positions", "budget_nok", "resources_note", "source_lines"})
METHOD_FIELDS = tuple(f for f in DESCRIPTION_FIELDS if f not in LOCAL_FIELDS)


def _check_coordinator(*, status: str, coordinator: User | None) -> None:
    if status == Project.Status.ACTIVE and coordinator is None:
        raise ValidationError(
            {"coordinator": _("Et aktivt prosjekt må ha en koordinator.")}, code="coordinator_required"
        )


PROJECT_FIELDS = (*DESCRIPTION_FIELDS, "name", "region", "status", "coordinator", "nav_units")


def _check_project(project: Project) -> None:
    _check_coordinator(status=project.status, coordinator=project.coordinator)


@transaction.atomic
def project_create(
    *,
    by: User,
    name: str,
    region: County,
    status: str = Project.Status.PLANNED,
    coordinator: User | None = None,
    nav_units: list[NavUnit] | tuple = (),
    **details: Any,
) -> Project:
    if set(details) - set(DESCRIPTION_FIELDS):
        raise TypeError(f"Unknown project fields: {sorted(set(details) - set(DESCRIPTION_FIELDS))}")
    data = {"name": name, "region": region, "status": status, "coordinator": coordinator}
    project = Project()
    model_update(
        project,
        data={**data, **details, "nav_units": nav_units},
        fields=PROJECT_FIELDS,
        by=by,
        prepare=_check_project,
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: User,
    nav_units: list[NavUnit] | None = None,
    **changes: Any,
) -> Project:
    if "nav_units" in changes:
        raise TypeError("Unknown project fields: ['nav_units']")
    project = Project.objects.select_for_update().get(pk=project.pk)
    data = changes if nav_units is None else {**changes, "nav_units": nav_units}
    model_update(project, data=data, fields=PROJECT_FIELDS, by=by, prepare=_check_project)
    return project


@transaction.atomic
def project_copy(
    *,
    source: Project,
    by: User,
    name: str,
    region: County,
    coordinator: User | None,
    status: str = Project.Status.PLANNED,
    start_year: int | None = None,
    nav_units: list[NavUnit] | tuple = (),
) -> Project:
    """Spread a method to a new local project: the same phases, follow-up templates and
    description skeleton (goal metrics without targets, risks without review dates, the role
    matrix). Cohorts, outcomes, documents and anchoring are the original's own and stay behind."""
    copy = project_create(
        by=by,
        name=name,
        region=region,
        status=status,
        coordinator=coordinator,
        nav_units=nav_units,
        start_year=start_year,
        **{field: getattr(source, field) for field in METHOD_FIELDS},
    )
    copy.copied_from = source
    copy.save(update_fields=["copied_from", "updated_at"])
    MethodPhase.objects.bulk_create(
        MethodPhase(
            project=copy,
            position=p.position,
            name=p.name,
            description=p.description,
            typical_duration_days=p.typical_duration_days,
        )
        for p in source.phases.all()
    )
    FollowUpTemplate.objects.bulk_create(
        FollowUpTemplate(project=copy, name=t.name, offset_days=t.offset_days, description=t.description)
        for t in source.follow_up_templates.all()
    )
    # A goal's description is the source project's own wording (demo notes, report references);
    # the copy starts from the metric's neutral name.
    Goal.objects.bulk_create(
        Goal(project=copy, metric=g.metric, description=str(MetricKind(g.metric).label))
        for g in source.goals.all()
    )
    Risk.objects.bulk_create(
        Risk(
            project=copy,
            risk=r.risk,
            likelihood=r.likelihood,
            impact=r.impact,
            mitigation=r.mitigation,
            owner=r.owner,
        )
        for r in source.risks.all()
    )
    RoleTask.objects.bulk_create(
        RoleTask(project=copy, **{f: getattr(t, f) for f in ("position", "task", *RoleTask.PARTIES)})
        for t in source.role_tasks.all()
    )
    return copy


def _next_position(model, project: Project) -> int:
    # The project row is locked by the caller so two appends cannot take the same position.
    current = model.objects.filter(project=project).aggregate(m=Max("position"))["m"]
    return (current or 0) + 1


@transaction.atomic
def method_phase_add(
    *, project: Project, by: User, name: str, description: str = "", typical_duration_days: int | None = None
) -> MethodPhase:
    Project.objects.select_for_update().get(pk=project.pk)
    return model_create(
        by=by,
        instance=MethodPhase(
            project=project,
            position=_next_position(MethodPhase, project),
            name=name,
            description=description,
            typical_duration_days=typical_duration_days,
        ),
    )


def follow_up_template_add(
    *, project: Project, by: User, name: str, offset_days: int, description: str = ""
) -> FollowUpTemplate:
    return model_create(
        by=by,
        instance=FollowUpTemplate(
            project=project, name=name, offset_days=offset_days, description=description
        ),
    )


def goal_add(
    *,
    project: Project,
    by: User,
    metric: str,
    description: str,
    target: Decimal | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    source_lines: str = "",
) -> Goal:
    return model_create(
        by=by,
        instance=Goal(
            project=project,
            metric=metric,
            description=description,
            target=target,
            period_start=period_start,
            period_end=period_end,
            source_lines=source_lines,
        ),
    )


GOAL_FIELDS = frozenset({"metric", "description", "target", "period_start", "period_end", "source_lines"})
RISK_FIELDS = frozenset({"risk", "likelihood", "impact", "mitigation", "owner", "review_date"})


# `row`, not `risk`: Risk has a field named risk, which is among the changes.
def goal_update(*, row: Goal, by: User, **changes: Any) -> Goal:
    """Set a copied skeleton's target and period, or revise a goal."""
    model_update(row, data=changes, fields=GOAL_FIELDS, by=by)
    return row


def risk_update(*, row: Risk, by: User, **changes: Any) -> Risk:
    """Revise a risk at its review: new assessment, mitigation or next review date."""
    model_update(row, data=changes, fields=RISK_FIELDS, by=by)
    return row


def risk_add(
    *,
    project: Project,
    by: User,
    risk: str,
    likelihood: int,
    impact: int,
    mitigation: str = "",
    owner: str = "",
    review_date: date | None = None,
) -> Risk:
    return model_create(
        by=by,
        instance=Risk(
            project=project,
            risk=risk,
            likelihood=likelihood,
            impact=impact,
            mitigation=mitigation,
            owner=owner,
            review_date=review_date,
        ),
    )


@transaction.atomic
def role_task_add(
    *,
    project: Project,
    by: User,
    task: str,
    nav_office: str = "",
    worklife_centre: str = "",
    employer: str = "",
    coordinator: str = "",
) -> RoleTask:
    Project.objects.select_for_update().get(pk=project.pk)
    return model_create(
        by=by,
        instance=RoleTask(
            project=project,
            position=_next_position(RoleTask, project),
            task=task,
            nav_office=nav_office,
            worklife_centre=worklife_centre,
            employer=employer,
            coordinator=coordinator,
        ),
    )


def anchoring_add(
    *,
    project: Project,
    by: User,
    leader: str,
    unit: NavUnit | None = None,
    anchored_on: date | None = None,
    note: str = "",
) -> Anchoring:
    return model_create(
        by=by,
        instance=Anchoring(project=project, leader=leader, unit=unit, anchored_on=anchored_on, note=note),
    )


def document_add(*, project: Project, by: User, title: str, url: str = "", file=None) -> ProjectDocument:
    if not url and not file:
        raise ValidationError(_("Oppgi en lenke eller last opp en fil."), code="link_or_file")
    document = ProjectDocument(project=project, title=title, url=url)
    if file:
        document.file = file
    return model_create(by=by, instance=document)


@transaction.atomic
def cohort_create(
    *,
    project: Project,
    by: User,
    name: str,
    kind: str = Cohort.Kind.COHORT,
    location: str = "",
    period_label: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    places: int | None = None,
    employers: list[dict] | tuple = (),
) -> Cohort:
    """Open a cohort or loop with its participating employers, all or nothing."""
    cohort = model_create(
        by=by,
        instance=Cohort(
            project=project,
            name=name,
            kind=kind,
            location=location,
            period_label=period_label,
            start_date=start_date,
            end_date=end_date,
            places=places,
        ),
    )
    for employer in employers:
        cohort_employer_add(cohort=cohort, by=by, **employer)
    return cohort


def cohort_employer_add(
    *, cohort: Cohort, by: User, orgnr: str, name: str, places: int | None = None
) -> CohortEmployer:
    """Add an employer to a cohort, linked to the register's employer with that orgnr if there is one."""
    from employers.models import Employer

    orgnr = orgnr.replace(" ", "")
    employer = Employer.objects.filter(orgnr=orgnr).first()
    return model_create(
        by=by,
        instance=CohortEmployer(cohort=cohort, employer=employer, orgnr=orgnr, name=name, places=places),
    )


def outcome_record_add(
    *,
    project: Project,
    by: User | None,
    category: str,
    count: int,
    source_lines: str = "",
    cohort: Cohort | None = None,
    period_label: str = "",
    as_of: date | None = None,
    note: str = "",
    contradicts: OutcomeRecord | None = None,
) -> OutcomeRecord:
    return model_create(
        by=by,
        instance=OutcomeRecord(
            project=project,
            cohort=cohort,
            category=category,
            count=count,
            source_lines=source_lines,
            period_label=period_label,
            as_of=as_of,
            note=note,
            contradicts=contradicts,
            counts_in_totals=contradicts is None,
        ),
    )


# --- Enrolments: a small state machine -------------------------------------------------------------
#
#   (none) --enrol--> aktiv --advance--> aktiv (next phase) --exit--> avsluttet
#
# Each step writes an EnrolmentEvent; phase steps also open/close EnrolmentPhaseProgress rows.

ENROLMENT_TRANSITIONS = {
    Enrolment.Status.ACTIVE: {Enrolment.Status.ACTIVE, Enrolment.Status.EXITED},
    Enrolment.Status.EXITED: set(),
}
# Enrolment is possible while the project runs (also in ordinary operation), not after it ended.
ENROLLABLE_STATUSES = (Project.Status.PLANNED, Project.Status.ACTIVE, Project.Status.ORDINARY_OPERATION)


def _enrolment_history(enrolment: Enrolment, source: str, target: str, by: User, on_date: date) -> None:
    """Staying active is a step to the next phase; leaving is the exit."""
    if target == Enrolment.Status.EXITED:
        kind, phase = EnrolmentEvent.Kind.EXITED, None
    else:
        kind, phase = EnrolmentEvent.Kind.PHASE, enrolment.current_phase
    EnrolmentEvent.objects.create(enrolment=enrolment, kind=kind, phase=phase, on_date=on_date, by=by)


ENROLMENT_MACHINE = StateMachine(
    model=Enrolment,
    transitions=ENROLMENT_TRANSITIONS,
    history=_enrolment_history,
    error=_("Deltakelsen er avsluttet og kan ikke endres."),
)


def _start_phase(enrolment: Enrolment, phase: MethodPhase, on_date: date) -> None:
    EnrolmentPhaseProgress.objects.create(enrolment=enrolment, phase=phase, started_on=on_date)
    enrolment.current_phase = phase


def _complete_current_phase(enrolment: Enrolment, on_date: date) -> None:
    progress = enrolment.progress.filter(phase=enrolment.current_phase, completed_on__isnull=True).first()
    if progress is None:
        return
    if on_date < progress.started_on:
        raise ValidationError(
            {
                "on_date": _("Datoen kan ikke være før fasen startet (%(date)s).")
                % {"date": progress.started_on}
            }
        )
    progress.completed_on = on_date
    progress.save(update_fields=["completed_on", "updated_at"])


@transaction.atomic
def enrolment_create(
    *,
    project: Project,
    candidate,
    by: User,
    enrolled_on: date,
    cohort: Cohort | None = None,
    start_phase: MethodPhase | None = None,
) -> Enrolment:
    """The counsellor enrols their candidate, who starts in `start_phase` or the method's first
    phase (JobbLoop's candidates join at the kick-off, after the firms are recruited)."""
    if project.status not in ENROLLABLE_STATUSES:
        raise ValidationError(
            _("Prosjektet er avsluttet og tar ikke inn nye deltakere."), code="project_ended"
        )
    if cohort is not None and cohort.project_id != project.pk:
        raise ValidationError({"cohort": _("Kullet hører til et annet prosjekt.")})
    if start_phase is not None and start_phase.project_id != project.pk:
        raise ValidationError({"start_phase": _("Fasen hører til et annet prosjekt.")})
    if candidate.follow_up_status == FollowUpStatus.ENDED or candidate.erased_at is not None:
        raise ValidationError({"candidate": _("Kandidaten er ikke lenger i oppfølging.")})
    # Lock the candidate so two counsellors cannot enrol the same person twice at once.
    type(candidate).objects.select_for_update().filter(pk=candidate.pk).first()
    if Enrolment.objects.filter(
        project=project, candidate=candidate, status=Enrolment.Status.ACTIVE
    ).exists():
        raise ValidationError(
            {"candidate": _("Kandidaten er allerede med i prosjektet.")}, code="already_enrolled"
        )
    enrolment = model_create(
        by=by,
        instance=Enrolment(
            project=project, cohort=cohort, candidate=candidate, enrolled_on=enrolled_on, enrolled_by=by
        ),
    )
    EnrolmentEvent.objects.create(
        enrolment=enrolment, kind=EnrolmentEvent.Kind.ENROLLED, on_date=enrolled_on, by=by
    )
    first = start_phase or project.phases.order_by("position").first()
    if first is not None:
        _start_phase(enrolment, first, enrolled_on)
        enrolment.save(update_fields=["current_phase", "updated_at"])
        EnrolmentEvent.objects.create(
            enrolment=enrolment, kind=EnrolmentEvent.Kind.PHASE, phase=first, on_date=enrolled_on, by=by
        )
    return enrolment


@transaction.atomic
def enrolment_advance(*, enrolment: Enrolment, by: User, on_date: date) -> Enrolment:
    """Complete the current phase and start the next one on the same date."""

    def next_phase(locked: Enrolment, source: str) -> list[str]:
        phases = MethodPhase.objects.filter(project_id=locked.project_id).order_by("position")
        if locked.current_phase is not None:
            phases = phases.filter(position__gt=locked.current_phase.position)
        following = phases.first()
        if following is None:
            raise ValidationError(
                _("Kandidaten er i metodens siste fase. Avslutt deltakelsen i stedet."), code="last_phase"
            )
        _complete_current_phase(locked, on_date)
        _start_phase(locked, following, on_date)
        return ["current_phase"]

    return transition(
        ENROLMENT_MACHINE,
        instance=enrolment,
        to=Enrolment.Status.ACTIVE,
        by=by,
        apply=next_phase,
        on_date=on_date,
    )


@transaction.atomic
def enrolment_exit(*, enrolment: Enrolment, by: User, on_date: date, reason: str) -> Enrolment:
    """End the enrolment with a reason from the outcome vocabulary (it then counts in goals)."""

    def close(locked: Enrolment, source: str) -> list[str]:
        if on_date < locked.enrolled_on:
            raise ValidationError({"on_date": _("Sluttdatoen kan ikke være før startdatoen.")})
        if reason not in {c.value for c in EXIT_REASONS}:
            raise ValidationError({"reason": _("Velg en gyldig årsak.")})
        _complete_current_phase(locked, on_date)
        locked.exited_on = on_date
        locked.exit_reason = reason
        return ["exited_on", "exit_reason"]

    return transition(
        ENROLMENT_MACHINE, instance=enrolment, to=Enrolment.Status.EXITED, by=by, apply=close, on_date=on_date
    )
