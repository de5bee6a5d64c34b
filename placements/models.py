"""Placements (agreements) and their follow-up: the plan agreed before the start, scheduled
follow-ups, meeting records, problems the employer reports, JobbLoop rotations, reminders as rows,
outcomes and retention checks.

The lifecycle copies NAV Tiltaksgjennomføring (PÅBEGYNT → KLAR_FOR_OPPSTART → GJENNOMFØRES →
AVSLUTTET, ANNULLERT with a reason; ../shared/docs/anchors.md §1.5), but follow-up is scheduled for
every measure, not only VTAO (anchors.md, Gaps 7; the report L258–261, L5572–5574).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel

from .vocab import (
    CancelReason,
    EmploymentForm,
    Goal,
    Measure,
    Outcome,
    PlanKind,
    RetentionResult,
    WorkingTime,
)


class Placement(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        READY = "klar", _("Klar for oppstart")
        ACTIVE = "aktiv", _("Gjennomføres")
        ENDED = "avsluttet", _("Avsluttet")
        CANCELLED = "annullert", _("Annullert")

    OPEN_STATUSES = ("utkast", "klar", "aktiv")
    # Follow-up is due from these (a draft's plan is not agreed yet; ended ones have retention checks).
    LIVE_STATUSES = ("klar", "aktiv", "avsluttet")

    candidate = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("kandidat"),
    )
    # The candidate's NAV-kontor when the placement was made; follows the candidate on a transfer.
    office = models.ForeignKey(
        "accounts.NavUnit", on_delete=models.PROTECT, related_name="placements", verbose_name=_("NAV-kontor")
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("arbeidsgiver"),
    )
    need = models.ForeignKey(
        "employers.Need",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
        verbose_name=_("behov"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("prosjekt"),
    )
    # Where it came from, in words ("Jobbmesse: Ta sjansen mars"); jobfairs links back with its own FK.
    source_label = models.CharField(_("kilde"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    measure = models.CharField(
        _("tiltak"), max_length=30, choices=Measure.choices, default=Measure.ARBEIDSTRENING
    )

    planned_start = models.DateField(_("planlagt start"), null=True, blank=True)
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True)
    started_on = models.DateField(_("startet"), null=True, blank=True)
    ended_on = models.DateField(_("avsluttet"), null=True, blank=True)
    extent_percent = models.PositiveSmallIntegerField(_("stillingsprosent"), default=100)
    tasks = models.TextField(_("arbeidsoppgaver"), blank=True)
    goal = models.CharField(_("mål"), max_length=30, choices=Goal.choices, default=Goal.WORK_EXPERIENCE)
    learning_goals = models.TextField(_("læringsmål"), blank=True)
    facilitation_agreed = models.TextField(_("avtalt tilrettelegging"), blank=True)

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements_followed",
        verbose_name=_("ansvarlig veileder"),
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements_advised",
        verbose_name=_("ansvarlig IA-rådgiver"),
    )
    employer_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("arbeidsgiverens hovedkontakt i NAV"),
    )

    # Wage subsidy (lønnstilskudd ≤ 50 %, midlertidig ≤ 12 months).
    wage_subsidy_percent = models.PositiveSmallIntegerField(_("lønnstilskudd (%)"), null=True, blank=True)
    # Mentor: the employer's contact person; mentortilskudd ≤ 6 months, ≤ 3 years with a reason.
    mentor = models.ForeignKey(
        "employers.ContactPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_placements",
        verbose_name=_("mentor"),
    )
    mentor_hours_per_week = models.DecimalField(
        _("mentortimer per uke"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    mentor_start = models.DateField(_("mentortilskudd fra"), null=True, blank=True)
    mentor_end = models.DateField(_("mentortilskudd til"), null=True, blank=True)
    mentor_extension_reason = models.TextField(
        _("begrunnelse for mentortilskudd ut over 6 måneder"), blank=True
    )
    # Placements made together for one mentor with several candidates (L4169–4174).
    mentor_group = models.UUIDField(_("mentorgruppe"), null=True, blank=True, editable=False)

    # The follow-up plan, agreed before the start (L258–261).
    plan_kind = models.CharField(_("oppfølgingsplan"), max_length=12, choices=PlanKind.choices, blank=True)
    plan_agreed_on = models.DateField(_("plan avtalt"), null=True, blank=True)
    plan_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_notes = models.TextField(_("innhold og hyppighet i oppfølgingen"), blank=True)

    # The start-up meeting.
    startup_scheduled_at = models.DateTimeField(_("oppstartsmøte avtalt"), null=True, blank=True)
    startup_held_on = models.DateField(_("oppstartsmøte holdt"), null=True, blank=True)
    startup_goal = models.TextField(_("mål avklart i oppstartsmøtet"), blank=True)
    startup_training = models.TextField(_("opplæring"), blank=True)
    startup_support = models.TextField(_("støtte og tilrettelegging"), blank=True)
    startup_reception = models.TextField(_("mottak på arbeidsplassen"), blank=True)
    startup_mentor = models.TextField(_("mentor / fadder"), blank=True)

    # The end.
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_employment = models.CharField(
        _("ansettelsesform"), max_length=12, choices=EmploymentForm.choices, blank=True
    )
    outcome_working_time = models.CharField(
        _("arbeidstid"), max_length=8, choices=WorkingTime.choices, blank=True
    )
    outcome_note = models.TextField(_("merknad til resultatet"), blank=True)
    cancel_reason = models.CharField(
        _("årsak til annullering"), max_length=20, choices=CancelReason.choices, blank=True
    )
    cancel_note = models.TextField(_("merknad til annulleringen"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-planned_start", "-pk"]
        verbose_name = _("tiltaksavtale")
        verbose_name_plural = _("tiltaksavtaler")
        indexes = [
            models.Index(fields=["counsellor", "status"], name="placement_counsellor_idx"),
            models.Index(fields=["adviser", "status"], name="placement_adviser_idx"),
            models.Index(fields=["office", "status"], name="placement_office_idx"),
            models.Index(fields=["project", "status"], name="placement_project_idx"),
            models.Index(fields=["status", "planned_end"], name="placement_status_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(extent_percent__gte=1, extent_percent__lte=100), name="placement_extent_range"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="placement_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(wage_subsidy_percent__isnull=True) | Q(wage_subsidy_percent__lte=50),
                name="placement_wage_subsidy_max_50",
            ),
            models.CheckConstraint(
                condition=~Q(status="avsluttet") | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="placement_ended_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(status="annullert") | ~Q(cancel_reason=""),
                name="placement_cancelled_has_reason",
            ),
        ]

    def __str__(self):
        return _("Tiltak %(pk)s") % {"pk": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class PlacementEvent(models.Model):
    """The placement's own history: status changes, extensions, hand-overs (beside the audit trail)."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Statusendring")
        EXTENDED = "forlenget", _("Forlenget")
        SHORTENED = "forkortet", _("Forkortet")
        HANDOVER = "overlevert", _("Overlevert")
        PLAN = "plan", _("Oppfølgingsplan")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("hendelse"), max_length=10, choices=Kind.choices)
    from_status = models.CharField(_("fra"), max_length=10, choices=Placement.Status.choices, blank=True)
    to_status = models.CharField(_("til"), max_length=10, choices=Placement.Status.choices, blank=True)
    old_date = models.DateField(_("gammel dato"), null=True, blank=True)
    new_date = models.DateField(_("ny dato"), null=True, blank=True)
    note = models.TextField(_("merknad"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        ordering = ["placement", "at", "pk"]
        verbose_name = _("hendelse på tiltak")
        verbose_name_plural = _("hendelser på tiltak")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class Rotation(BaseModel):
    """A JobbLoop segment: one period of the placement with its own employer and mentor."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="rotations")
    position = models.PositiveSmallIntegerField(_("nummer"))
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="+", verbose_name=_("arbeidsgiver")
    )
    start_on = models.DateField(_("fra"))
    end_on = models.DateField(_("til"))
    mentor = models.ForeignKey(
        "employers.ContactPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mentor"),
    )

    class Meta:
        ordering = ["placement", "position"]
        verbose_name = _("rullering")
        verbose_name_plural = _("rulleringer")
        constraints = [
            models.UniqueConstraint(fields=["placement", "position"], name="rotation_position_unique"),
            models.CheckConstraint(condition=Q(end_on__gte=F("start_on")), name="rotation_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.position}: {self.start_on}–{self.end_on}"


class FollowUp(BaseModel):
    """One scheduled follow-up of a placement (from the plan, added by hand, or a retention check).

    Who is responsible follows the placement: `party` says which side (counsellor or adviser), and
    `responsible` is the person the follow-up is waiting on — that side's person on the placement
    once it is live (ready, active or ended; nobody while it is a draft whose plan is not agreed),
    copied so «Mine oppfølginger» and the reminder job read one indexed column instead of joining
    every placement of the user. The services keep the copy in step: a follow-up gets it when made
    or when its party changes, and a status change or a new counsellor or adviser on the placement
    (edit, hand-over, release of a departed counsellor) moves the open follow-ups with it
    (`services.follow_ups_sync_responsible`), so nothing is orphaned.
    """

    class Kind(models.TextChoices):
        CONTACT = "kontakt", _("Kontakt")
        MEETING = "mote", _("Oppfølgingsmøte")
        GATHERING = "samling", _("Samling")
        EVALUATION = "evaluering", _("Evaluering")
        REFERENCE = "attest", _("Attest / referanse")
        PLAN = "plan", _("Opplærings- og arbeidsplan")
        RETENTION = "varighet", _("Varighetssjekk")

    class Party(models.TextChoices):
        COUNSELLOR = "veileder", _("Veileder")
        ADVISER = "radgiver", _("IA-rådgiver")

    class Status(models.TextChoices):
        PLANNED = "planlagt", _("Planlagt")
        DONE = "utfort", _("Utført")
        SKIPPED = "utgatt", _("Utgått")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(_("oppfølging"), max_length=150)
    due_on = models.DateField(_("frist"))
    party = models.CharField(_("ansvarlig"), max_length=10, choices=Party.choices, default=Party.COUNSELLOR)
    # The live placement's counsellor or adviser as `party` says; empty for a draft, or when nobody
    # is responsible (the reminders then go to the office's leaders).
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ansvarlig person"),
        db_index=False,  # the partial index below serves every read by person
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("utført"), null=True, blank=True)
    notes = models.TextField(_("merknad"), blank=True)
    # Made from the follow-up plan (re-applying a plan replaces these while they are still planned).
    from_plan = models.BooleanField(_("fra planen"), default=False)
    rotation = models.ForeignKey(Rotation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Retention checks: months after the end, and what was found.
    retention_months = models.PositiveSmallIntegerField(_("måneder etter slutt"), null=True, blank=True)
    retention_result = models.CharField(
        _("status ved sjekk"), max_length=15, choices=RetentionResult.choices, blank=True
    )

    class Meta:
        ordering = ["placement", "due_on", "pk"]
        verbose_name = _("oppfølging")
        verbose_name_plural = _("oppfølginger")
        indexes = [
            models.Index(fields=["status", "due_on"], name="followup_status_due_idx"),
            models.Index(fields=["placement", "status", "due_on"], name="followup_placement_due_idx"),
            # «Mine oppfølginger» and the reminders: a person's open follow-ups in due order.
            models.Index(
                fields=["responsible", "due_on"],
                condition=Q(status="planlagt"),
                name="followup_responsible_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planlagt", done_on__isnull=True) | ~Q(status="planlagt"),
                name="followup_planned_not_done",
            ),
            models.CheckConstraint(
                condition=Q(kind="varighet", retention_months__in=[6, 12, 24])
                | (~Q(kind="varighet") & Q(retention_months__isnull=True)),
                name="followup_retention_months",
            ),
            models.UniqueConstraint(
                fields=["placement", "retention_months"],
                condition=Q(kind="varighet"),
                name="followup_retention_once",
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.due_on}"


class MeetingRecord(BaseModel):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="meetings")
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    held_on = models.DateField(_("dato"))
    attendees = models.CharField(_("hvem deltok"), max_length=300)
    notes = models.TextField(_("referat"), blank=True)
    next_step = models.CharField(_("neste steg"), max_length=300, blank=True)
    next_step_on = models.DateField(_("dato for neste steg"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["placement", "-held_on", "-pk"]
        verbose_name = _("møtereferat")
        verbose_name_plural = _("møtereferater")

    def __str__(self):
        return f"{self.held_on}"


class ProblemReport(BaseModel):
    """«Arbeidsgiver melder om et problem», and how long NAV took to respond (act fast, L161–163)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="problems")
    reported_at = models.DateTimeField(_("meldt"))
    reported_by_name = models.CharField(_("meldt av"), max_length=150, blank=True)
    description = models.TextField(_("hva gjelder det"))
    responded_at = models.DateTimeField(_("NAV svarte"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.TextField(_("hva NAV gjorde"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["placement", "-reported_at", "-pk"]
        verbose_name = _("problem meldt av arbeidsgiver")
        verbose_name_plural = _("problemer meldt av arbeidsgiver")
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | Q(responded_at__gte=F("reported_at")),
                name="problem_response_after_report",
            ),
        ]

    def __str__(self):
        return f"{self.reported_at:%Y-%m-%d}"

    @property
    def response_time(self):
        return None if self.responded_at is None else self.responded_at - self.reported_at

    @property
    def response_hours(self) -> float | None:
        delta = self.response_time
        return None if delta is None else round(delta.total_seconds() / 3600, 1)


class Reminder(models.Model):
    """One reminder to one person about one step of one placement. The unique key is what makes the
    daily job safe to run late, twice or not at all for a day: it inserts what is due (conflicts
    ignored) and sends what is due and not yet sent."""

    class State(models.TextChoices):
        SCHEDULED = "planlagt", _("Planlagt")
        SENT = "sendt", _("Sendt")
        FAILED = "feilet", _("Feilet")

    class Kind(models.TextChoices):
        DUE = "forfaller", _("Oppfølging forfaller")
        OVERDUE = "forfalt", _("Oppfølging er forfalt")
        ENDING = "slutter", _("Tiltaket slutter snart")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reminders")
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    step = models.CharField(_("steg"), max_length=40)
    due_on = models.DateField(_("dato"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    error = models.TextField(_("feil"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        indexes = [
            models.Index(fields=["due_on"], condition=Q(state="planlagt"), name="reminder_scheduled_idx"),
            # The send step reads each recipient's scheduled rows.
            models.Index(fields=["recipient"], condition=Q(state="planlagt"), name="reminder_recipient_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "step", "due_on", "recipient"], name="reminder_unique_key"
            ),
        ]

    def __str__(self):
        return f"{self.step} {self.due_on} → {self.recipient_id}"
