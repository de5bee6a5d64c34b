"""Projects as living methods: the registry, the project description (goals, risks, roles,
resources, anchoring, documents), the method (ordered phases, follow-up templates), cohorts or
loops with their employers, and historic outcome counts from the Fafo report.

The report's main recommendation (L103–117, L266–283, L2372–2595) is that every project has a
described method with measurable goals, a risk analysis, clear roles, resources, anchoring with
leaders and a coordinator; the models below are that checklist.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel, County
from core.validators import validate_orgnr
from core.vocabulary import Innsatsgruppe

from .vocab import MetricKind, OutcomeCategory


class Project(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planlagt", _("Under planlegging")
        ACTIVE = "aktiv", _("Aktiv")
        ORDINARY_OPERATION = "ordinaer_drift", _("I ordinær drift")
        DISCONTINUED = "avsluttet", _("Avsluttet")

    name = models.CharField(_("navn"), max_length=150, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    region = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="projects", verbose_name=_("region (fylke)")
    )
    # The report names regions by the 2018 county structure (e.g. "Sogn og Fjordane").
    area = models.CharField(_("område"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("oppstartsår"), null=True, blank=True)
    focus = models.TextField(_("fokus"), blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    target_group = models.TextField(_("målgruppe"), blank=True)
    target_age_min = models.PositiveSmallIntegerField(_("alder fra"), null=True, blank=True)
    target_age_max = models.PositiveSmallIntegerField(_("alder til"), null=True, blank=True)
    innsatsgrupper = ArrayField(
        models.CharField(max_length=20, choices=Innsatsgruppe.choices),
        verbose_name=_("innsatsgrupper"),
        default=list,
        blank=True,
    )
    innsatsgruppe_note = models.CharField(_("merknad om innsatsgruppe"), max_length=200, blank=True)
    target_other_criteria = models.TextField(_("andre kriterier for målgruppen"), blank=True)
    actors = models.TextField(_("aktører"), blank=True)
    measures = models.TextField(_("tiltak"), blank=True)
    method_summary = models.TextField(_("metodikk"), blank=True)
    typical_duration = models.CharField(_("varighet for kandidat og virksomhet"), max_length=255, blank=True)
    nav_units = models.ManyToManyField(
        "accounts.NavUnit", blank=True, related_name="projects", verbose_name=_("NAV-enheter")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_projects",
        verbose_name=_("koordinator"),
    )
    positions = models.DecimalField(
        _("stillinger (årsverk)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    budget_nok = models.PositiveIntegerField(_("budsjett (kr)"), null=True, blank=True)
    resources_note = models.TextField(_("ressurser, merknad"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("kopiert fra"),
    )
    source_lines = models.CharField(_("kilde i rapporten"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("prosjekt")
        verbose_name_plural = _("prosjekter")
        constraints = [
            # JobbLoop lost momentum when its coordinator left (L1597–1599): an active project
            # without a coordinator is not allowed to exist.
            models.CheckConstraint(
                condition=~Q(status="aktiv") | Q(coordinator__isnull=False),
                name="project_active_has_coordinator",
            ),
            models.CheckConstraint(
                condition=Q(target_age_min__isnull=True)
                | Q(target_age_max__isnull=True)
                | Q(target_age_min__lte=F("target_age_max")),
                name="project_age_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class MethodPhase(BaseModel):
    """One step of the project's method, in order (e.g. JobbLoop: kick-off, rotation 1 …)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    name = models.CharField(_("fase"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    typical_duration_days = models.PositiveSmallIntegerField(
        _("typisk varighet (dager)"), null=True, blank=True
    )

    class Meta:
        ordering = ["project", "position"]
        verbose_name = _("metodefase")
        verbose_name_plural = _("metodefaser")
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="methodphase_position_unique"),
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"


class FollowUpTemplate(BaseModel):
    """A follow-up the method prescribes, counted in days from a placement's start
    (Ta sjansen: start-up meeting day 0, next follow-up within a month, evaluation at 3 months)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follow_up_templates")
    name = models.CharField(_("oppfølging"), max_length=150)
    offset_days = models.PositiveSmallIntegerField(_("dager etter start"))
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["project", "offset_days", "name"]
        verbose_name = _("oppfølgingsmal")
        verbose_name_plural = _("oppfølgingsmaler")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="followuptemplate_name_unique"),
        ]

    def __str__(self):
        return self.name


class Goal(BaseModel):
    """A measurable goal: a metric from the controlled list, a target and a period."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goals")
    metric = models.CharField(_("måltall"), max_length=40, choices=MetricKind.choices)
    description = models.CharField(_("beskrivelse"), max_length=255)
    # Empty on a copied skeleton: the new project sets its own targets.
    target = models.DecimalField(_("mål"), max_digits=7, decimal_places=1, null=True, blank=True)
    period_start = models.DateField(_("periode fra"), null=True, blank=True)
    period_end = models.DateField(_("periode til"), null=True, blank=True)
    source_lines = models.CharField(_("kilde i rapporten"), max_length=100, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="goal_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0), name="goal_target_nonneg"
            ),
        ]

    def __str__(self):
        return self.description


class Level(models.IntegerChoices):
    LOW = 1, _("Lav")
    MEDIUM = 2, _("Middels")
    HIGH = 3, _("Høy")


class Risk(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    risk = models.CharField(_("risiko"), max_length=255)
    likelihood = models.PositiveSmallIntegerField(_("sannsynlighet"), choices=Level.choices)
    impact = models.PositiveSmallIntegerField(_("konsekvens"), choices=Level.choices)
    mitigation = models.TextField(_("tiltak"), blank=True)
    # Who owns a risk is often a role ("NAV Arbeidslivssenter"), so it is text, not a user.
    owner = models.CharField(_("eier"), max_length=150, blank=True)
    review_date = models.DateField(_("vurderes på nytt"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-likelihood", "-impact", "pk"]
        verbose_name = _("risiko")
        verbose_name_plural = _("risikoer")
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=3), name="risk_likelihood_range"
            ),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=3), name="risk_impact_range"),
        ]

    def __str__(self):
        return self.risk

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Responsibility(models.TextChoices):
    RESPONSIBLE = "ansvarlig", _("Ansvarlig")
    CONTRIBUTES = "bidrar", _("Bidrar")
    INFORMED = "informeres", _("Informeres")


class RoleTask(BaseModel):
    """One row of the role and responsibility matrix: a task and who does what in it."""

    PARTIES = ("nav_office", "worklife_centre", "employer", "coordinator")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="role_tasks")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    task = models.CharField(_("oppgave"), max_length=200)
    nav_office = models.CharField(_("NAV-kontor"), max_length=12, choices=Responsibility.choices, blank=True)
    worklife_centre = models.CharField(
        _("Arbeidslivssenter"), max_length=12, choices=Responsibility.choices, blank=True
    )
    employer = models.CharField(_("Arbeidsgiver"), max_length=12, choices=Responsibility.choices, blank=True)
    coordinator = models.CharField(
        _("Koordinator"), max_length=12, choices=Responsibility.choices, blank=True
    )

    class Meta:
        ordering = ["project", "position"]
        verbose_name = _("oppgave i rollematrisen")
        verbose_name_plural = _("rollematrise")
        constraints = [
            models.UniqueConstraint(fields=["project", "task"], name="roletask_task_unique"),
        ]

    def __str__(self):
        return self.task


class Anchoring(BaseModel):
    """Which leaders the project is anchored with, and when (lederforankring, L4023–4026)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="anchorings")
    leader = models.CharField(_("leder"), max_length=200)
    unit = models.ForeignKey(
        "accounts.NavUnit", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("enhet")
    )
    anchored_on = models.DateField(_("dato"), null=True, blank=True)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        ordering = ["project", "anchored_on", "pk"]
        verbose_name = _("forankring")
        verbose_name_plural = _("forankringer")

    def __str__(self):
        return self.leader


class ProjectDocument(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tittel"), max_length=200)
    url = models.URLField(_("lenke"), blank=True)
    file = models.FileField(_("fil"), upload_to="projects/documents/%Y/", blank=True)

    class Meta:
        ordering = ["project", "title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="projectdocument_has_link_or_file"
            ),
        ]

    def __str__(self):
        return self.title


class Cohort(BaseModel):
    """A Springbrett kull, a JobbLoop loop (3 firms × 3 places), a Ta sjansen fair year …"""

    class Kind(models.TextChoices):
        COHORT = "kull", _("Kull")
        LOOP = "loop", _("Loop")
        GROUP = "gruppe", _("Gruppe")
        PERIOD = "periode", _("Periode")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("navn"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.COHORT)
    location = models.CharField(_("sted"), max_length=150, blank=True)
    # The report dates cohorts by season ("Vinteren 2015"); exact dates when known.
    period_label = models.CharField(_("tidspunkt"), max_length=100, blank=True)
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    end_date = models.DateField(_("sluttdato"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(_("plasser"), null=True, blank=True)

    class Meta:
        ordering = ["project", "start_date", "pk"]
        verbose_name = _("kull/loop")
        verbose_name_plural = _("kull/looper")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="cohort_name_unique"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="cohort_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.project} – {self.name}"


class CohortEmployer(BaseModel):
    """An employer taking part in a cohort or loop.

    `employer` links the register's employer (set by the service, and by migration 0004 for older
    rows, wherever the orgnr is in the register); orgnr and name stay as the record of who took
    part, so a row whose employer is not registered yet is still valid.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="employers")
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohort_memberships",
        verbose_name=_("arbeidsgiver i registeret"),
    )
    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, validators=[validate_orgnr])
    name = models.CharField(_("navn"), max_length=200)
    places = models.PositiveSmallIntegerField(_("plasser"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "name"]
        verbose_name = _("deltakende arbeidsgiver")
        verbose_name_plural = _("deltakende arbeidsgivere")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "orgnr"], name="cohortemployer_orgnr_unique"),
        ]

    def __str__(self):
        return self.name


class OutcomeRecord(BaseModel):
    """An aggregate count from the report (or a coordinator's own tally): never a rate.

    `counts_in_totals` is False for a second statement of a fact that is already counted:
    where the report contradicts itself (Springbrett 38 vs 30 into work; Ta sjansen 17 vs 27
    events) both statements are stored with their sources, and `contradicts` links the
    statement that is not used in sums to the one that is.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
        verbose_name=_("kull"),
    )
    period_label = models.CharField(_("periode"), max_length=100, blank=True)
    as_of = models.DateField(_("per dato"), null=True, blank=True)
    category = models.CharField(_("kategori"), max_length=30, choices=OutcomeCategory.choices)
    count = models.PositiveIntegerField(_("antall"))
    source_lines = models.CharField(_("kilde i rapporten"), max_length=100, blank=True)
    note = models.TextField(_("merknad"), blank=True)
    counts_in_totals = models.BooleanField(_("telles med i summer"), default=True)
    contradicts = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contradicted_by",
        verbose_name=_("motsier"),
    )

    class Meta:
        ordering = ["project", "as_of", "pk"]
        verbose_name = _("resultattall")
        verbose_name_plural = _("resultattall")
        indexes = [models.Index(fields=["project", "category"], name="outcome_project_category_idx")]
        constraints = [
            # A statement that contradicts another is never summed as well (no double counting).
            models.CheckConstraint(
                condition=Q(contradicts__isnull=True) | Q(counts_in_totals=False),
                name="outcome_contradiction_not_counted",
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_category_display()} {self.count}"


class ReportedShare(BaseModel):
    """A percentage the report gives without the counts behind it (Ta sjansen, Figure 5.2).

    Kept apart from OutcomeRecord so that no computation can mistake it for a count; it is shown
    as the report's statement, never used to derive anything.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reported_shares")
    category = models.CharField(_("kategori"), max_length=30, choices=OutcomeCategory.choices)
    percent = models.DecimalField(_("prosent"), max_digits=5, decimal_places=1)
    population = models.CharField(_("grunnlag"), max_length=255)
    as_of = models.DateField(_("per dato"), null=True, blank=True)
    source_lines = models.CharField(_("kilde i rapporten"), max_length=100)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("oppgitt andel")
        verbose_name_plural = _("oppgitte andeler")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="reportedshare_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_category_display()} {self.percent} %"


# --- Enrolments (phase 2: needs the candidates app) ------------------------------------------------


EXIT_REASONS = [
    OutcomeCategory.ORDINARY_WORK,
    OutcomeCategory.WAGE_SUBSIDY,
    OutcomeCategory.APPRENTICESHIP,
    OutcomeCategory.JOB_AT_HOST,
    OutcomeCategory.JOB_ELSEWHERE,
    OutcomeCategory.ARBEIDSTRENING,
    OutcomeCategory.EDUCATION,
    OutcomeCategory.MOVED_HEALTH,
    OutcomeCategory.DECLINED,
    OutcomeCategory.DROPPED_OUT,
    OutcomeCategory.UNKNOWN,
]


class Enrolment(BaseModel):
    """A candidate taking part in a project (and cohort), registered by their counsellor.

    The exit reason uses the outcome vocabulary, so an enrolment counts in goals exactly as an
    aggregate outcome record would: enrolled = started, exited = one count of its reason.
    """

    class Status(models.TextChoices):
        ACTIVE = "aktiv", _("Aktiv")
        EXITED = "avsluttet", _("Avsluttet")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="enrolments")
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
        verbose_name=_("kull"),
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="project_enrolments"
    )
    enrolled_on = models.DateField(_("startdato"))
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    current_phase = models.ForeignKey(
        MethodPhase,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("fase"),
    )
    exited_on = models.DateField(_("sluttdato"), null=True, blank=True)
    exit_reason = models.CharField(
        _("årsak til avslutning"),
        max_length=30,
        choices=[(c.value, c.label) for c in EXIT_REASONS],
        blank=True,
    )

    class Meta:
        ordering = ["project", "-enrolled_on", "pk"]
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelser")
        indexes = [models.Index(fields=["project", "status"], name="enrolment_project_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "candidate"],
                condition=Q(status="aktiv"),
                name="enrolment_one_active_per_project",
            ),
            models.CheckConstraint(
                condition=Q(status="aktiv", exited_on__isnull=True, exit_reason="")
                | Q(status="avsluttet", exited_on__isnull=False) & ~Q(exit_reason=""),
                name="enrolment_exit_consistent",
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=F("enrolled_on")),
                name="enrolment_exit_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.project} – {self.candidate}"


class EnrolmentPhaseProgress(BaseModel):
    """When an enrolled candidate started and completed one phase of the method."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    phase = models.ForeignKey(MethodPhase, on_delete=models.CASCADE, related_name="+", verbose_name=_("fase"))
    started_on = models.DateField(_("startet"))
    completed_on = models.DateField(_("fullført"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "started_on", "pk"]
        verbose_name = _("fremdrift i fase")
        verbose_name_plural = _("fremdrift i faser")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "phase"], name="progress_phase_once"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="progress_completed_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.phase_id}: {self.started_on}–{self.completed_on or ''}"


class EnrolmentEvent(models.Model):
    """One change of an enrolment (the history of its state machine)."""

    class Kind(models.TextChoices):
        ENROLLED = "innmeldt", _("Meldt inn")
        PHASE = "fase", _("Ny fase")
        EXITED = "avsluttet", _("Avsluttet")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("hendelse"), max_length=10, choices=Kind.choices)
    phase = models.ForeignKey(MethodPhase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on_date = models.DateField(_("dato"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "created_at", "pk"]
        verbose_name = _("deltakelseshendelse")
        verbose_name_plural = _("deltakelseshendelser")

    def __str__(self):
        return f"{self.get_kind_display()} {self.on_date}"
