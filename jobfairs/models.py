"""Job fairs and events (issue 12; domain.md §3): Ta sjansen fairs with timed interview slots,
Springbrett speed interviews, JobbLoop group interviews, Minijobbmesse presentations and drop-in.

Booking never overbooks and never puts one person in two places:
- a slot's capacity is counted under the slot's row lock, taken last in the booking transaction
  (services.booking_create), with a lock timeout;
- an exclusion constraint (btree_gist) over candidate and time range refuses two active bookings
  of one candidate whose times overlap, whatever Python did;
- a participant number is unique within an event and never reused (Participant rows stay).
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.vocabulary import OfferType

MAX_SLOTS_PER_EMPLOYER = 4  # Ta sjansen: up to 4 interviews per employer (L3901)


class Format(models.TextChoices):
    INTERVIEWS = "intervju", _("Intervjuer med faste tider (Ta sjansen)")
    SPEED = "speed", _("Speedintervjuer med rotasjon (Springbrett)")
    GROUP = "gruppe", _("Gruppeintervju med felles utvelgelse (JobbLoop)")
    DROP_IN = "dropin", _("Presentasjoner og drop-in (Minijobbmesse)")


class Facilitation(models.TextChoices):
    """What the event itself can offer (not the employer): matched against the candidate's needs."""

    STEP_FREE = "trinnfritt", _("Trinnfri adkomst")
    QUIET_ROOM = "stille_rom", _("Stille rom")
    INTERPRETER = "tolk", _("Tolk")
    LONGER_SLOT = "lengre_tid", _("Lengre intervjutid")
    COMPANION = "ledsager", _("Ledsager tillatt")


# Candidate facilitation codes (core.facilitation) an event facilitation answers.
FACILITATION_COVERS = {
    Facilitation.STEP_FREE: {"fysisk:universell_utforming", "fysisk:arbeidsstilling"},
    Facilitation.QUIET_ROOM: {"arbeidshverdagen:stille_og_rolig_miljo"},
    Facilitation.INTERPRETER: {"utfordringer_med_norsk:snakke", "utfordringer_med_norsk:andre_utfordringer"},
    Facilitation.LONGER_SLOT: {
        "utfordringer_med_norsk:lese",
        "utfordringer_med_norsk:skrive",
        "arbeidshverdagen:tett_oppfolging",
    },
    Facilitation.COMPANION: {"arbeidshverdagen:personlig_bistand", "arbeidshverdagen:mentor"},
}


class Event(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        PUBLISHED = "publisert", _("Publisert (booking åpen)")
        HELD = "holdt", _("Holdt")
        CLOSED = "avsluttet", _("Avsluttet")
        CANCELLED = "avlyst", _("Avlyst")

    title = models.CharField(_("tittel"), max_length=200)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("prosjekt"),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.INTERVIEWS)
    county = models.ForeignKey(
        "core.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("fylke")
    )
    date = models.DateField(_("dato"))
    venue = models.CharField(_("sted"), max_length=200)
    staff_briefing_at = models.TimeField(_("formøte for NAV"), null=True, blank=True)
    employers_arrive_at = models.TimeField(_("arbeidsgivere kommer"), null=True, blank=True)
    starts_at = models.TimeField(_("intervjuene starter"))
    ends_at = models.TimeField(_("intervjuene slutter"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("lengde per intervju (minutter)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(180)],
    )
    booking_deadline = models.DateField(_("bookingfrist"))
    eligibility = models.TextField(_("hvem kan delta"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    facilitation = ArrayField(
        models.CharField(max_length=20, choices=Facilitation.choices),
        default=list,
        blank=True,
        verbose_name=_("tilrettelegging på arrangementet"),
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="owned_events", blank=True, verbose_name=_("ansvarlige")
    )
    offices = models.ManyToManyField(
        "accounts.NavUnit",
        related_name="events",
        blank=True,
        limit_choices_to={"kind": "nav_kontor"},
        verbose_name=_("deltakende NAV-kontor"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The last participant number handed out; numbers are never reused.
    last_participant_number = models.PositiveIntegerField(default=0, editable=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        indexes = [models.Index(fields=["county", "status", "date"], name="event_county_status_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def facilitation_labels(self) -> list[str]:
        labels = dict(Facilitation.choices)
        return [str(labels.get(code, code)) for code in self.facilitation]


class StatusHistory(models.Model):
    """One step of a state machine (core.transitions writes it): when, by whom, why."""

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class EventHistory(StatusHistory):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=Event.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Event.Status.choices)


class EventEmployer(BaseModel):
    """An employer taking part in an event: who, which unit, which tasks, on what terms."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="employers")
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        related_name="event_entries",
        verbose_name=_("arbeidsgiver"),
    )
    unit = models.CharField(_("avdeling eller enhet"), max_length=150, blank=True)
    need = models.ForeignKey(
        "employers.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_entries",
        verbose_name=_("behov"),
    )
    tasks = models.TextField(_("arbeidsoppgaver"), blank=True)
    offer_types = ArrayField(
        models.CharField(max_length=20, choices=OfferType.choices),
        default=list,
        blank=True,
        verbose_name=_("tilbyr"),
    )
    minimum_age = models.PositiveSmallIntegerField(_("minstealder"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maksimumsalder"), null=True, blank=True)
    constraints_text = models.TextField(_("andre krav"), blank=True)
    slot_count = models.PositiveSmallIntegerField(
        _("antall intervjuer"),
        default=MAX_SLOTS_PER_EMPLOYER,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SLOTS_PER_EMPLOYER)],
    )
    room = models.CharField(_("rom"), max_length=100, blank=True)

    class Meta:
        ordering = ["event", "employer__name", "pk"]
        verbose_name = _("arbeidsgiver på arrangement")
        verbose_name_plural = _("arbeidsgivere på arrangement")
        constraints = [
            models.UniqueConstraint(fields=["event", "employer", "unit"], name="eventemployer_unique"),
        ]

    def __str__(self):
        return f"{self.employer.name}{' – ' + self.unit if self.unit else ''}"


class Slot(models.Model):
    event_employer = models.ForeignKey(EventEmployer, on_delete=models.CASCADE, related_name="slots")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    # Candidates per slot: 1 for an interview, 3–4 for a JobbLoop group interview.
    capacity = models.PositiveSmallIntegerField(_("plasser"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
            models.UniqueConstraint(fields=["event_employer", "starts_at"], name="slot_unique_start"),
        ]

    def __str__(self):
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Participant(models.Model):
    """A candidate's number at an event: unique within it and never reused, so employers' papers
    carry numbers, not names. The row stays when the candidate's bookings are cancelled."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("deltakernummer"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="participant_number_unique"),
            models.UniqueConstraint(fields=["event", "candidate"], name="participant_candidate_unique"),
        ]

    def __str__(self):
        return f"#{self.number}"


class Booking(BaseModel):
    class Status(models.TextChoices):
        BOOKED = "booket", _("Booket")
        CANCELLED = "avbestilt", _("Avbestilt")
        ATTENDED = "mott", _("Møtt")
        NO_SHOW = "ikke_mott", _("Ikke møtt")

    class Outcome(models.TextChoices):
        ARBEIDSTRENING = "arbeidstrening", _("Tilbud om arbeidstrening")
        JOB = "jobb", _("Tilbud om jobb")
        MAYBE = "kanskje", _("Kanskje")
        NOT_SELECTED = "ikke_valgt", _("Ikke valgt")

    class Impression(models.TextChoices):
        GOOD = "god", _("God")
        OK = "ok", _("Grei")
        WEAK = "svak", _("Svak")

    ACTIVE = (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)
    OFFERS = (Outcome.ARBEIDSTRENING, Outcome.JOB)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="bookings")
    # The slot's time, copied so the exclusion constraint can compare it.
    during = DateTimeRangeField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("veileder")
    )
    accompany = models.BooleanField(_("veileder blir med (kandidaten ønsker det)"), default=False)
    companion = models.CharField(_("ledsager eller assistent"), max_length=150, blank=True)
    backup_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reserveveileder"),
    )
    cv_reviewed = models.BooleanField(_("CV gjennomgått"), default=False)
    reminded = models.BooleanField(_("påminnet dagen før"), default=False)
    prepared = models.BooleanField(_("intervjuet forberedt"), default=False)
    # The employer's feedback (through the share link).
    handshake = models.CharField(_("håndhilsing"), max_length=5, choices=Impression.choices, blank=True)
    language = models.CharField(_("språk"), max_length=5, choices=Impression.choices, blank=True)
    eye_contact = models.CharField(_("blikkontakt"), max_length=5, choices=Impression.choices, blank=True)
    positive = models.TextField(_("positivt"), blank=True)
    negative = models.TextField(_("kan bli bedre"), blank=True)
    outcome = models.CharField(_("utfall"), max_length=15, choices=Outcome.choices, blank=True)
    feedback_at = models.DateTimeField(_("tilbakemelding gitt"), null=True, blank=True)
    feedback_by = models.CharField(_("tilbakemelding fra"), max_length=150, blank=True)
    # The draft placement an offer created (placements app).
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("tiltak"),
    )

    class Meta:
        ordering = ["during", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookinger")
        indexes = [
            models.Index(fields=["slot", "status"], name="booking_slot_status"),
            models.Index(fields=["event", "counsellor"], name="booking_event_counsellor"),
        ]
        constraints = [
            ExclusionConstraint(
                name="booking_no_overlap_per_candidate",
                expressions=[("candidate", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=~Q(status="avbestilt"),
            ),
        ]

    def __str__(self):
        return f"{self.participant} {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class BookingHistory(StatusHistory):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Booking.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Booking.Status.choices)


class WaitingListEntry(BaseModel):
    """A candidate waiting for a slot with one employer. When a booking there is cancelled, the
    first in line is offered the slot, held for them until `offer_expires_at`."""

    class Status(models.TextChoices):
        WAITING = "venter", _("Venter")
        OFFERED = "tilbudt", _("Tilbudt plass")
        ACCEPTED = "akseptert", _("Takket ja")
        DECLINED = "avslatt", _("Takket nei")
        LAPSED = "utlopt", _("Tilbudet gikk ut")
        WITHDRAWN = "trukket", _("Trukket")

    event_employer = models.ForeignKey(EventEmployer, on_delete=models.CASCADE, related_name="waiting")
    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="+")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    offered_slot = models.ForeignKey(Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("tilbudet gjelder til"), null=True, blank=True)
    booking = models.ForeignKey(Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_employer", "candidate"],
                condition=Q(status__in=["venter", "tilbudt"]),
                name="waiting_one_open_per_candidate",
            ),
        ]


class Reminder(models.Model):
    """A reminder is a row with a unique key, sent when due and not yet sent: a late or repeated
    sweep neither skips nor doubles it."""

    class Kind(models.TextChoices):
        OPENED = "apnet", _("Booking åpnet")
        TWO_DAYS = "to_dager", _("To dager før")
        DAY_BEFORE = "dagen_for", _("Dagen før")
        CANCELLED = "avlyst", _("Avlyst")

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="reminder_due")]

    def __str__(self):
        return self.key


# --- Group interviews with joint selection (JobbLoop kick-off, L2643–2669) ---------------------------------


class InterviewGroup(BaseModel):
    """A group of 3–4 participants who meet the employers together at a JobbLoop kick-off."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("gruppe"))
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    members = models.ManyToManyField(Participant, related_name="groups", verbose_name=_("deltakere"))

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("intervjugruppe")
        verbose_name_plural = _("intervjugrupper")
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="group_number_unique")]

    def __str__(self):
        return _("Gruppe %(n)s") % {"n": self.number}


class Selection(BaseModel):
    """The employers' joint choice of a participant, recorded the same day: who was chosen, by
    which employers, when and by whom. Withdrawing keeps the row; its history says why."""

    class Status(models.TextChoices):
        CHOSEN = "valgt", _("Valgt")
        WITHDRAWN = "trukket", _("Trukket tilbake")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="selections")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="selections")
    employers = models.ManyToManyField(EventEmployer, related_name="selections", verbose_name=_("valgt av"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHOSEN)
    decided_at = models.DateTimeField(_("besluttet"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )
    note = models.TextField(_("merknad"), blank=True)
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("tiltak"),
    )

    class Meta:
        ordering = ["event", "decided_at", "pk"]
        verbose_name = _("felles utvelgelse")
        verbose_name_plural = _("felles utvelgelser")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], condition=Q(status="valgt"), name="selection_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.participant} ({self.get_status_display()})"


class SelectionHistory(StatusHistory):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Selection.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Selection.Status.choices)


# --- Presentations and drop-in rooms (Minijobbmesse, L5510–5607) -------------------------------------------


class DropInVisit(models.Model):
    """A participant dropped in on an employer's room, and whether a CV was handed over: the
    record the Minijobbmesse lacked when its one hire was lost for want of follow-up."""

    event_employer = models.ForeignKey(EventEmployer, on_delete=models.CASCADE, related_name="visits")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="visits")
    cv_handed_over = models.BooleanField(_("leverte CV"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["event_employer", "participant__number"]
        verbose_name = _("besøk i drop-in-rom")
        verbose_name_plural = _("besøk i drop-in-rom")
        constraints = [
            models.UniqueConstraint(fields=["event_employer", "participant"], name="dropin_visit_unique"),
        ]

    def __str__(self):
        return f"{self.participant} → {self.event_employer_id}"
