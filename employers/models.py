"""The shared employer register: employers (virksomheter), their contact persons, the NAV contact
log, needs (kravspesifikasjoner) with their history, employer networks and CSV import jobs."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.facilitation import label as facilitation_label
from core.models import BaseModel, County, Municipality, Occupation
from core.validators import validate_orgnr
from core.vocabulary import DrivingLicence, Extent, NorwegianLevel, OfferType


class Sector(models.TextChoices):
    PRIVATE = "privat", _("Privat")
    MUNICIPAL = "kommunal", _("Kommunal")
    COUNTY = "fylkeskommunal", _("Fylkeskommunal")
    STATE = "statlig", _("Statlig")


class SizeBand(models.TextChoices):
    MICRO = "1-4", _("1–4 ansatte")
    SMALL = "5-19", _("5–19 ansatte")
    MEDIUM = "20-49", _("20–49 ansatte")
    LARGE = "50-99", _("50–99 ansatte")
    XLARGE = "100-249", _("100–249 ansatte")
    HUGE = "250+", _("250 eller flere ansatte")


class Level(models.TextChoices):
    UNKNOWN = "ukjent", _("Ikke vurdert")
    LOW = "lav", _("Lav")
    MEDIUM = "middels", _("Middels")
    HIGH = "hoy", _("Høy")


class RecruitmentNeed(models.TextChoices):
    NONE = "ingen", _("Ingen")
    SHORT_TERM = "kort_sikt", _("På kort sikt")
    LONG_TERM = "lang_sikt", _("På lang sikt")


def orgnr_display(orgnr: str) -> str:
    """974 760 673: an organisation number in groups of three."""
    return f"{orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}"


class Employer(BaseModel):
    """A virksomhet in the shared register. Every NAV user sees it (coordinated market work);
    advisers and market coordinators of its county maintain it.

    `county` is copied from the municipality so region scoping is a single indexed column;
    `last_contact_at` is kept by contact_log_create for the coordination warning and the
    "no contact for 90 days" list without scanning the log.
    """

    # A person's direct line: the audit trail records only that it changed (core.audit).
    AUDIT_IDENTITY_FIELDS = ("primary_contact_phone", "primary_contact_email")

    class Status(models.TextChoices):
        PROSPECT = "prospekt", _("Prospekt")
        ACTIVE = "aktiv", _("Aktiv samarbeidspartner")
        PAUSED = "pause", _("På pause")
        ENDED = "avsluttet", _("Avsluttet")

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr])
    name = models.CharField(_("navn"), max_length=200)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices, default=Sector.PRIVATE)
    industry = models.CharField(_("bransje"), max_length=150, blank=True)
    size_band = models.CharField(_("størrelse"), max_length=10, choices=SizeBand.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="employers", verbose_name=_("kommune")
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="employers", editable=False)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    has_hr = models.BooleanField(_("har HR-funksjon"), default=False)
    ia_agreement = models.BooleanField(_("har IA-samarbeidsavtale"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROSPECT)

    # Inclusion profile, written from visits and dialogue.
    inclusion_willingness = models.CharField(
        _("vilje til å inkludere"), max_length=10, choices=Level.choices, default=Level.UNKNOWN
    )
    inclusion_competence = models.CharField(
        _("kompetanse på inkludering"), max_length=10, choices=Level.choices, default=Level.UNKNOWN
    )
    inclusion_notes = models.TextField(_("inkluderingsprofil"), blank=True)
    last_visit_on = models.DateField(_("siste besøk"), null=True, blank=True)
    recruitment_need = models.CharField(
        _("rekrutteringsbehov"), max_length=10, choices=RecruitmentNeed.choices, default=RecruitmentNeed.NONE
    )
    offers_summer_job = models.BooleanField(_("kan tilby sommerjobb på ordinære vilkår"), default=False)
    work_training_experience = models.TextField(_("tidligere erfaring med arbeidstrening"), blank=True)
    facilitation = ArrayField(
        models.CharField(max_length=60), default=list, blank=True, verbose_name=_("kan tilrettelegge for")
    )

    # One named NAV contact with direct phone and e-mail (domain.md §4.3), and the NAV-kontor.
    primary_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="primary_employers",
        verbose_name=_("hovedkontakt i NAV"),
    )
    primary_contact_phone = models.CharField(_("direkte telefon"), max_length=20, blank=True)
    primary_contact_email = models.EmailField(_("direkte e-post"), blank=True)
    nav_office = models.ForeignKey(
        "accounts.NavUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employers",
        verbose_name=_("NAV-kontor"),
    )

    last_contact_at = models.DateTimeField(_("siste kontakt"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbeidsgiver")
        verbose_name_plural = _("arbeidsgivere")
        indexes = [
            models.Index(fields=["county", "name"], name="employer_county_name_idx"),
            models.Index(fields=["primary_contact", "last_contact_at"], name="employer_contact_idx"),
            GinIndex(fields=["facilitation"], name="employer_facilitation_gin"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(orgnr__regex=r"^[0-9]{9}$"), name="employer_orgnr_digits"),
        ]

    def __str__(self):
        return f"{self.name} ({self.orgnr})"

    @property
    def is_public(self) -> bool:
        """Public employers hire under the qualification principle (kvalifikasjonsprinsippet)."""
        return self.sector != Sector.PRIVATE

    def facilitation_labels(self) -> list[str]:
        return [str(facilitation_label(c)) for c in self.facilitation]

    @property
    def orgnr_display(self) -> str:
        return orgnr_display(self.orgnr)


class ContactPerson(BaseModel):
    class Role(models.TextChoices):
        MANAGER = "leder", _("Leder")
        HR = "hr", _("HR")
        MENTOR = "mentor", _("Mentor")
        UNION = "tillitsvalgt", _("Tillitsvalgt")
        SAFETY = "verneombud", _("Verneombud")
        OTHER = "annet", _("Annet")

    # The audit trail records only that these changed, never the values (core.audit).
    AUDIT_IDENTITY_FIELDS = ("name", "title", "phone", "email")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_persons")
    name = models.CharField(_("navn"), max_length=150)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    title = models.CharField(_("stillingstittel"), max_length=150, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class ContactLogEntry(BaseModel):
    """One NAV contact with an employer, done or planned (occurred_at in the future)."""

    class Channel(models.TextChoices):
        PHONE = "telefon", _("Telefon")
        EMAIL = "epost", _("E-post")
        VISIT = "besok", _("Besøk")
        MEETING = "mote", _("Møte")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="employer_contacts",
        verbose_name=_("hvem"),
    )
    unit = models.ForeignKey(
        "accounts.NavUnit", null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    occurred_at = models.DateTimeField(_("tidspunkt"))
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    purpose = models.CharField(_("formål"), max_length=200)
    notes = models.TextField(_("notater"), blank=True)
    next_step = models.CharField(_("avtalt neste steg"), max_length=300, blank=True)
    next_step_on = models.DateField(_("dato for neste steg"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("kontakt med arbeidsgiver")
        verbose_name_plural = _("kontaktlogg")
        indexes = [
            models.Index(fields=["employer", "-occurred_at"], name="contactlog_employer_idx"),
            models.Index(fields=["-occurred_at"], name="contactlog_time_idx"),
        ]

    def __str__(self):
        return f"{self.employer.name}: {self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"


class ContactLogTotal(models.Model):
    """How many contact log entries there are, kept exact by the database (triggers on insert,
    delete and truncate of the log, migration 0004), whoever writes: the national log's first
    page shows it instead of counting ~30,000 rows per request (2 ms; issue 16). One row, id 1;
    without it (a test database flushed) the log is counted."""

    entries = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.entries)


class Horizon(models.TextChoices):
    SHORT_TERM = "kort_sikt", _("Kort sikt")
    LONG_TERM = "lang_sikt", _("Lang sikt")


class Need(BaseModel):
    """A requirement specification (kravspesifikasjon): what an employer needs and can offer.

    Status changes only through the transition functions in services.py (one per step, allowed
    steps in NEED_TRANSITIONS); each change writes a NeedEvent. `county` follows the need's
    municipality so counsellors' region scoping is one indexed column.
    """

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        OPEN = "apen", _("Åpen")
        FILLED = "besatt", _("Besatt")
        CLOSED = "lukket", _("Lukket")
        WITHDRAWN = "trukket", _("Trukket")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(_("tittel"), max_length=200)
    department = models.CharField(_("avdeling eller enhet"), max_length=150, blank=True)
    tasks = models.TextField(_("arbeidsoppgaver"))
    occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("yrke (STYRK-08)"),
    )
    places = models.PositiveSmallIntegerField(_("antall plasser"), default=1)
    offer_types = ArrayField(
        models.CharField(max_length=20, choices=OfferType.choices),
        default=list,
        blank=True,
        verbose_name=_("tilbud"),
    )
    job_may_follow = models.BooleanField(_("kan føre til jobb"), default=False)
    norwegian_level = models.CharField(
        _("krav til norsk"),
        max_length=20,
        choices=NorwegianLevel.requirement_choices(),
        default=NorwegianLevel.NONE,
    )
    driving_licences = ArrayField(
        models.CharField(max_length=3, choices=DrivingLicence.choices),
        default=list,
        blank=True,
        verbose_name=_("førerkort"),
    )
    # Checked against the candidate's age on the start date (core.vocabulary, "Age limits").
    minimum_age = models.PositiveSmallIntegerField(_("minstealder"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maksimumsalder"), null=True, blank=True)
    other_requirements = models.TextField(_("andre krav"), blank=True)
    facilitation = ArrayField(
        models.CharField(max_length=60), default=list, blank=True, verbose_name=_("kan tilrettelegge for")
    )
    training_offered = models.TextField(_("opplæring arbeidsgiver gir"), blank=True)
    prerequisites = models.TextField(_("dette må være på plass før oppstart"), blank=True)
    extent = models.CharField(_("omfang"), max_length=10, choices=Extent.choices, default=Extent.FULL_TIME)
    hours = models.CharField(_("arbeidstid"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="needs", verbose_name=_("kommune")
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="needs", editable=False)
    start_date = models.DateField(_("oppstart"), null=True, blank=True)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    horizon = models.CharField(
        _("horisont"), max_length=10, choices=Horizon.choices, default=Horizon.SHORT_TERM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    opened_at = models.DateTimeField(_("åpnet"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("behov")
        verbose_name_plural = _("behov")
        indexes = [
            models.Index(fields=["county", "status", "-opened_at"], name="need_region_idx"),
            # A county's needs newest first, whatever their status (the adviser's list: its scope is
            # the county, and the list is ordered as below): a top-25 index scan instead of sorting
            # the county's 3,800 needs, 22-35 ms -> 0.3 ms (EXPLAIN (ANALYZE, BUFFERS), issue 16).
            models.Index(
                fields=["county", "-opened_at", "-created_at", "-id"], name="need_county_recent_idx"
            ),
            models.Index(fields=["employer", "status"], name="need_employer_idx"),
            GinIndex(fields=["facilitation"], name="need_facilitation_gin"),
            GinIndex(fields=["offer_types"], name="need_offer_types_gin"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="need_places_positive"),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="need_age_limits_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["utkast", "apen", "besatt", "lukket", "trukket"]),
                name="need_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="utkast") | Q(opened_at__isnull=False) | Q(status="trukket"),
                name="need_opened_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_offer_type_labels(self) -> list[str]:
        return [str(OfferType(v).label) for v in self.offer_types if v in OfferType.values]

    def facilitation_labels(self) -> list[str]:
        return [str(facilitation_label(c)) for c in self.facilitation]


class NeedEvent(models.Model):
    """One status change of a need: who, when, from and to (the need's history)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("fra"), max_length=10, choices=Need.Status.choices, blank=True)
    to_status = models.CharField(_("til"), max_length=10, choices=Need.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("behovshendelse")
        verbose_name_plural = _("behovshistorikk")

    def __str__(self):
        return f"{self.need}: {self.from_status or '–'} → {self.to_status}"


class Network(BaseModel):
    """An employer network (Mangfoldig rekruttering): member employers who meet on chosen topics."""

    class Kind(models.TextChoices):
        PRIVATE = "privat", _("Private virksomheter")
        REGIONAL_PRIVATE = "regional_privat", _("Regionale private virksomheter")
        STATE = "statlig", _("Statlige virksomheter")
        MIXED = "blandet", _("Blandet")

    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MIXED)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+", verbose_name=_("fylke"))
    description = models.TextField(_("beskrivelse"), blank=True)
    members = models.ManyToManyField(
        Employer, blank=True, related_name="networks", verbose_name=_("medlemmer")
    )
    requested_topics = models.TextField(
        _("tema medlemmene ønsker"), blank=True, help_text=_("Ett tema per linje.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("nettverk")
        verbose_name_plural = _("nettverk")

    def __str__(self):
        return self.name

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.requested_topics.splitlines() if line.strip()]


class NetworkMeeting(BaseModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("dato"))
    topic = models.CharField(_("tema"), max_length=200)
    notes = models.TextField(_("referat"), blank=True)
    attendees = models.ManyToManyField(Employer, blank=True, related_name="+", verbose_name=_("deltakere"))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("nettverksmøte")
        verbose_name_plural = _("nettverksmøter")

    def __str__(self):
        return f"{self.network}: {self.topic} ({self.date})"


class ImportJob(BaseModel):
    """One CSV import of employers. Holds the file text, progress and the per-row errors, so the
    page can poll progress while a worker runs a large file and show the result afterwards."""

    class Status(models.TextChoices):
        PENDING = "venter", _("Venter")
        RUNNING = "kjorer", _("Kjører")
        SUCCEEDED = "ferdig", _("Importert")
        FAILED = "feilet", _("Ikke importert")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("filnavn"), max_length=255)
    content = models.TextField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    # [{"row": 12, "messages": ["…"]}, …]; row numbers as the user sees them in a spreadsheet.
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import av arbeidsgivere")
        verbose_name_plural = _("importer av arbeidsgivere")
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")), name="import_progress_le_total"
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
