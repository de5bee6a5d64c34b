"""Reads of the projects app: scoped lists, a project's pages, goal values and the comparison."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import county_ids, office_ids, visible
from accounts.models import Role
from candidates.models import AgeBand, Candidate
from core.vocabulary import Innsatsgruppe

from .models import (
    Anchoring,
    Cohort,
    CohortEmployer,
    Enrolment,
    FollowUpTemplate,
    Goal,
    MethodPhase,
    OutcomeRecord,
    Project,
    ProjectDocument,
    Risk,
    RoleTask,
)
from .vocab import METRICS, OutcomeCategory

# JobbLoop stalled when its coordinator left (L1597–1599); a month without a login is the
# signal the coordinator may be gone, early enough to act.
COORDINATOR_INACTIVE_DAYS = 30


def project_list(user, *, status: str = "", region_id: int | None = None) -> QuerySet[Project]:
    projects = visible(user, Project.objects.all()).select_related("region", "coordinator")
    if status:
        projects = projects.filter(status=status)
    if region_id:
        projects = projects.filter(region_id=region_id)
    # Only what the list's rows show and the coordinator warning reads (issue 16).
    return projects.only(
        "name", "status", "area", "start_year", "region__name",
        "coordinator__first_name", "coordinator__last_name", "coordinator__username",
        "coordinator__is_active", "coordinator__last_login", "coordinator__date_joined",
    ).order_by("name")  # fmt: skip


def project_get(user, pk: int) -> Project | None:
    projects = visible(user, Project.objects.all()).select_related("region", "coordinator", "copied_from")
    return projects.prefetch_related("nav_units").filter(pk=pk).first()


def coordinator_last_seen(project: Project) -> datetime | None:
    coordinator = project.coordinator
    if coordinator is None:
        return None
    # A coordinator who has never logged in is measured from when the account was made.
    return coordinator.last_login or coordinator.date_joined


def coordinator_warning(project: Project, *, now: datetime | None = None) -> str | None:
    """Why the project's coordination needs attention, or None. Only running projects count."""
    if project.status not in (Project.Status.ACTIVE, Project.Status.PLANNED):
        return None
    if project.coordinator is None:
        return "missing"
    now = now or timezone.now()
    if not project.coordinator.is_active:
        return "inactive"
    last_seen = coordinator_last_seen(project)
    if last_seen is None or now - last_seen > timedelta(days=COORDINATOR_INACTIVE_DAYS):
        return "inactive"
    return None


# --- Goals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalValue:
    goal: Goal
    numerator: int
    denominator: int | None
    current: Decimal | None

    @property
    def is_share(self) -> bool:
        return self.denominator is not None or METRICS[self.goal.metric].is_share

    @property
    def reached(self) -> bool | None:
        if self.current is None or self.goal.target is None:
            return None
        return self.current >= self.goal.target


def _in_period(goal: Goal, as_of) -> bool:
    if goal.period_start is None and goal.period_end is None:
        return True
    if as_of is None:
        return False
    if goal.period_start and as_of < goal.period_start:
        return False
    return not (goal.period_end and as_of > goal.period_end)


def category_totals(records: Iterable[OutcomeRecord], goal: Goal | None = None) -> dict[str, int]:
    """Counts per outcome category, leaving out statements that are not to be summed."""
    totals: dict[str, int] = defaultdict(int)
    for record in records:
        if not record.counts_in_totals:
            continue
        if goal is not None and not _in_period(goal, record.as_of):
            continue
        totals[record.category] += record.count
    return totals


def goal_value(
    goal: Goal, records: Iterable[OutcomeRecord], extra_counts: dict[str, int] | None = None
) -> GoalValue:
    """The goal's current value from outcome counts (plus counts from other sources, such as
    enrolments). A share is None while its denominator is zero: no data is not 0 %."""
    metric = METRICS[goal.metric]
    totals = category_totals(records, goal)
    for category, count in (extra_counts or {}).items():
        totals[category] += count
    numerator = sum(totals.get(c, 0) for c in metric.numerator)
    if metric.denominator is None:
        has_data = any(c in totals for c in metric.numerator)
        return GoalValue(goal, numerator, None, Decimal(numerator) if has_data else None)
    denominator = sum(totals.get(c, 0) for c in metric.denominator)
    if not denominator:
        return GoalValue(goal, numerator, 0, None)
    share = (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return GoalValue(goal, numerator, denominator, share)


def goal_values(project: Project) -> list[GoalValue]:
    """Every goal of the project with its current value from outcome records and enrolments:
    three queries whatever the number of goals."""
    records = list(project.outcomes.all())
    facts = enrolment_facts([project.pk])[project.pk]
    return [goal_value(goal, records, enrolment_counts(goal, facts)) for goal in project.goals.all()]


# --- Project pages -------------------------------------------------------------------------


def project_outcomes(project: Project) -> QuerySet[OutcomeRecord]:
    return project.outcomes.select_related("cohort", "contradicts").order_by(
        "cohort__start_date", "as_of", "pk"
    )


def project_cohorts(project: Project) -> QuerySet[Cohort]:
    return project.cohorts.prefetch_related("employers").order_by("start_date", "pk")


# --- Home and comparison -------------------------------------------------------------------


def projects_for_coordinator(user) -> list[Project]:
    """The projects the user coordinates, with goals and outcomes loaded for goal status."""
    return list(
        visible(user, Project.objects.filter(coordinator=user))
        .select_related("region", "coordinator")
        .prefetch_related("goals", "outcomes")
        .order_by("name")
    )


def projects_needing_coordination(user) -> list[tuple[Project, str]]:
    """Running projects in the coordinator's own regions whose coordinator is missing or idle."""
    regions = county_ids(user, Role.PROSJEKTKOORDINATOR)
    projects = (
        visible(user, Project.objects.filter(region_id__in=regions))
        .filter(status__in=[Project.Status.ACTIVE, Project.Status.PLANNED])
        .exclude(coordinator=user)
        .select_related("region", "coordinator")
        .order_by("name")
    )
    flagged = ((project, coordinator_warning(project)) for project in projects)
    return [(project, warning) for project, warning in flagged if warning]


def comparison_projects(user, ids: list[int] | None) -> list[Project]:
    # Only the columns of Tables 4.1–4.2 (projects/compare.html), not each project's other texts.
    projects = visible(user, Project.objects.all()).only(
        "name", "start_year", "focus", "purpose", "target_group", "actors", "innsatsgrupper",
        "innsatsgruppe_note", "typical_duration", "measures", "method_summary",
    )  # fmt: skip
    # Without a choice, the methods themselves: local copies repeat their original's columns.
    projects = projects.filter(pk__in=ids) if ids else projects.filter(copied_from__isnull=True)
    # The report's order (Tables 4.1–4.2) is by column; start year then name keeps it stable.
    return list(projects.order_by("start_year", "name"))


def innsatsgruppe_text(project: Project) -> str:
    labels = [str(Innsatsgruppe(value).label) for value in project.innsatsgrupper]
    text = ", ".join(labels)
    if project.innsatsgruppe_note:
        text = f"{text} ({project.innsatsgruppe_note})" if text else project.innsatsgruppe_note
    return text


def comparison_choices(user) -> QuerySet:
    """(pk, name) pairs of every project the user may compare: ~300 checkboxes, tuples rather than
    model instances (issue 16)."""
    return visible(user, Project.objects.all()).order_by("name").values_list("pk", "name")


# --- Enrolments (phase 2) --------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentRow:
    """One enrolment as the viewer may see it: always the pseudonymous profile code and age band;
    the name and a link to the candidate only for counsellors of the candidate's own office."""

    pk: int
    code: str
    age_band: str
    cohort: str
    phase: str
    status: str
    enrolled_on: date
    exited_on: date | None
    exit_reason: str
    candidate_pk: int | None = None
    name: str = ""
    # The anonymised profile page exists while the candidate is in follow-up (candidates' rule).
    profile_listed: bool = False

    @property
    def is_named(self) -> bool:
        return self.candidate_pk is not None

    @property
    def status_label(self) -> str:
        return Enrolment.Status(self.status).label

    @property
    def exit_reason_label(self) -> str:
        return OutcomeCategory(self.exit_reason).label if self.exit_reason else ""

    @property
    def age_band_label(self) -> str:
        return AgeBand(self.age_band).label if self.age_band else ""


ENROLMENT_COLUMNS = (
    "pk",
    "status",
    "enrolled_on",
    "exited_on",
    "exit_reason",
    "cohort__name",
    "current_phase__name",
    "candidate_id",
    "candidate__office_id",
    "candidate__profile__code",
    "candidate__profile__age_band",
    "candidate__profile__listed",
)


def project_enrolments(user, project: Project):
    """The project's enrolments the user may see, as anonymous columns only (no identity column is
    selected): a lazy queryset for the view to paginate, then `enrolment_rows` for one page."""
    return (
        visible(user, Enrolment.objects.filter(project=project))
        .order_by("status", "-enrolled_on", "pk")
        .values(*ENROLMENT_COLUMNS)
    )


def enrolment_rows(user, rows) -> list[EnrolmentRow]:
    """One page of enrolments as the user may see them. Names come from the candidates' own
    identity scope, so only the user's own office's candidates are named; the view writes every
    name it shows to the candidates' access log."""
    rows = list(rows)
    own_offices = office_ids(user)
    own_ids = [r["candidate_id"] for r in rows if r["candidate__office_id"] in own_offices]
    names = {}
    if own_ids:
        identities = visible(user, Candidate.objects.filter(pk__in=own_ids)).values_list(
            "pk", "first_name", "last_name"
        )
        names = {pk: f"{first} {last}".strip() for pk, first, last in identities}
    return [
        EnrolmentRow(
            pk=r["pk"],
            code=r["candidate__profile__code"] or "",
            age_band=r["candidate__profile__age_band"] or "",
            cohort=r["cohort__name"] or "",
            phase=r["current_phase__name"] or "",
            status=r["status"],
            enrolled_on=r["enrolled_on"],
            exited_on=r["exited_on"],
            exit_reason=r["exit_reason"],
            candidate_pk=r["candidate_id"] if r["candidate_id"] in names else None,
            name=names.get(r["candidate_id"], ""),
            profile_listed=bool(r["candidate__profile__listed"]),
        )
        for r in rows
    ]


def enrolment_facts(project_ids) -> dict[int, list[tuple]]:
    """(enrolled_on, exited_on, exit_reason) per enrolment, per project: what goals count.
    Read without user scoping: these are counts, never shown row by row."""
    facts: dict[int, list[tuple]] = defaultdict(list)
    for project_id, enrolled_on, exited_on, reason in Enrolment.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "enrolled_on", "exited_on", "exit_reason"):
        facts[project_id].append((enrolled_on, exited_on, reason))
    return facts


def enrolment_counts(goal: Goal, facts: list[tuple]) -> dict[str, int]:
    """Enrolments as outcome counts for a goal: each enrolment in the period is one STARTED;
    each exit in the period counts once in its reason's category."""
    counts: dict[str, int] = defaultdict(int)
    for enrolled_on, exited_on, reason in facts:
        if _in_period(goal, enrolled_on):
            counts[OutcomeCategory.STARTED] += 1
        if reason and _in_period(goal, exited_on):
            counts[reason] += 1
    return counts


def project_history(project: Project):
    """The project's «Endringshistorikk»: the project and every part of its description."""
    from core.selectors import audit_history

    parts = [
        MethodPhase.objects.filter(project=project),
        FollowUpTemplate.objects.filter(project=project),
        Goal.objects.filter(project=project),
        Risk.objects.filter(project=project),
        RoleTask.objects.filter(project=project),
        Anchoring.objects.filter(project=project),
        ProjectDocument.objects.filter(project=project),
        Cohort.objects.filter(project=project),
        CohortEmployer.objects.filter(cohort__project=project),
        OutcomeRecord.objects.filter(project=project),
    ]
    return audit_history(project, *parts)
