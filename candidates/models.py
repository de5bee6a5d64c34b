"""Candidates: the identifiable person (office-scoped) and the anonymised profile others see.

Privacy by design (domain.md §7): identity lives only on `Candidate`; everything NAV staff outside
the owning NAV-kontor may see lives on `CandidateProfile`, and the selectors for those users read
the profile table alone. Facilitation needs and the access log are append-only.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import facilitation
from core.models import BaseModel, County, InsertOnly, Municipality, Occupation
from core.personal_data import validate_no_personal_data
from core.vocabulary import Innsatsgruppe


class Benefit(models.TextChoices):
    AAP = "aap", _("Arbeidsavklaringspenger (AAP)")
    SOCIAL_ASSISTANCE = "sosialhjelp", _("Økonomisk sosialhjelp")
    DAGPENGER = "dagpenger", _("Dagpenger")
    NONE = "ingen", _("Ingen ytelse")


class FollowUpStatus(models.TextChoices):
    ACTIVE = "aktiv", _("Aktiv")
    PAUSED = "pause", _("Pause")
    ENDED = "avsluttet", _("Avsluttet")


class AgeBand(models.TextChoices):
    """Coarse enough to be anonymous; the 30 boundary is NAV's own statistics split (under 30)."""

    UNDER_20 = "under_20", _("Under 20 år")
    FROM_20_TO_24 = "20_24", _("20–24 år")
    FROM_25_TO_29 = "25_29", _("25–29 år")
    FROM_30 = "30_pluss", _("30 år eller eldre")


class EducationLevel(models.TextChoices):
    PRIMARY = "grunnskole", _("Grunnskole")
    UPPER_SECONDARY_STARTED = "vgs_pabegynt", _("Videregående, påbegynt")
    UPPER_SECONDARY = "vgs", _("Videregående, fullført")
    CRAFT_CERTIFICATE = "fagbrev", _("Fag- eller svennebrev")
    HIGHER = "hoyere", _("Høyere utdanning")
    UNKNOWN = "ukjent", _("Ukjent")


class Extent(models.TextChoices):
    FULL_TIME = "heltid", _("Heltid")
    PART_TIME = "deltid", _("Deltid")
    EITHER = "heltid_deltid", _("Heltid eller deltid")


class DrivingLicence(models.TextChoices):
    AM = "AM", _("AM (moped)")
    A = "A", _("A (motorsykkel)")
    B = "B", _("B (personbil)")
    BE = "BE", _("BE (personbil med tilhenger)")
    C1 = "C1", _("C1 (lett lastebil)")
    C = "C", _("C (lastebil)")
    D = "D", _("D (buss)")
    T = "T", _("T (traktor)")


class LanguageLevel(models.TextChoices):
    BASIC = "grunnleggende", _("Grunnleggende")
    GOOD = "godt", _("Godt")
    VERY_GOOD = "svart_godt", _("Svært godt")
    NATIVE = "morsmal", _("Morsmål")


class Candidate(BaseModel):
    """The identifiable person. Visible only to counsellors of the owning NAV-kontor.

    The fødselsnummer is never part of __str__/repr (NAV: NorskIdent.toString() is masked) and
    is NULL after retention erasure; the row itself survives with statistics fields only.
    """

    # The audit trail (core.audit) records only that these changed, never the values: it is
    # insert-only and would otherwise keep what erasure removes.
    AUDIT_IDENTITY_FIELDS = (
        "first_name",
        "last_name",
        "fodselsnummer",
        "birth_date",
        "phone",
        "email",
        "notes",
    )

    first_name = models.CharField(_("fornavn"), max_length=100, blank=True)
    last_name = models.CharField(_("etternavn"), max_length=100, blank=True)
    fodselsnummer = models.CharField(_("fødselsnummer"), max_length=11, null=True, blank=True)  # noqa: DJ001
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    office = models.ForeignKey(
        "accounts.NavUnit",
        on_delete=models.PROTECT,
        related_name="candidates",
        limit_choices_to={"kind": "nav_kontor"},
        verbose_name=_("NAV-kontor"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("ansvarlig veileder"),
    )
    innsatsgruppe = models.CharField(_("innsatsgruppe"), max_length=20, choices=Innsatsgruppe.choices)
    benefit = models.CharField(_("ytelse"), max_length=20, choices=Benefit.choices, default=Benefit.NONE)
    follow_up_status = models.CharField(
        _("oppfølgingsstatus"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.ACTIVE
    )
    follow_up_started_on = models.DateField(_("oppfølging startet"))
    follow_up_ended_on = models.DateField(_("oppfølging avsluttet"), null=True, blank=True)
    notes = models.TextField(_("interne notater (NAV)"), blank=True)
    erased_at = models.DateTimeField(_("identitet slettet"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("kandidat")
        verbose_name_plural = _("kandidater")
        indexes = [
            models.Index(fields=["office", "follow_up_status"], name="candidate_office_status_idx"),
            models.Index(fields=["counsellor"], name="candidate_counsellor_idx"),
            models.Index(
                fields=["follow_up_ended_on"],
                condition=Q(follow_up_status="avsluttet", erased_at__isnull=True),
                name="candidate_retention_due_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fodselsnummer"],
                condition=Q(fodselsnummer__isnull=False),
                name="candidate_fnr_unique",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_status="avsluttet", follow_up_ended_on__isnull=False)
                | ~Q(follow_up_status="avsluttet"),
                name="candidate_ended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True)
                | Q(fodselsnummer__isnull=True, first_name="", last_name="", phone="", email="", notes=""),
                name="candidate_erased_has_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(erased_at__isnull=False) | Q(fodselsnummer__isnull=False),
                name="candidate_fnr_until_erased",
            ),
        ]

    def __str__(self):
        return _("Kandidat %(pk)s") % {"pk": self.pk}

    def __repr__(self):
        return f"<Candidate pk={self.pk}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class FollowUpEvent(models.Model):
    """One change of follow-up status (the history of the follow-up state machine)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="follow_up_events")
    from_status = models.CharField(_("fra"), max_length=10, choices=FollowUpStatus.choices, blank=True)
    to_status = models.CharField(_("til"), max_length=10, choices=FollowUpStatus.choices)
    on_date = models.DateField(_("dato"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("oppfølgingshendelse")
        verbose_name_plural = _("oppfølgingshendelser")

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status} ({self.on_date})"


_anonymous_text = [validate_no_personal_data]


class CandidateProfile(BaseModel):
    """The anonymised profile: everything here may be shown to any NAV user with a profile role.

    Every free-text field is checked for personal data before it is saved. `facilitation_codes`
    mirrors the candidate's current facilitation needs ("category:value", core.facilitation) so
    lists can filter by category with a GIN index without reading the history table.
    """

    # Free text and health-related codes: erased with the identity, so the audit trail records
    # only that they changed (core.audit).
    AUDIT_IDENTITY_FIELDS = (
        "interests", "competence", "experience_summary", "short_text", "languages", "facilitation_codes",
    )  # fmt: skip

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="profile")
    code = models.CharField(_("kandidatkode"), max_length=8, unique=True)
    age_band = models.CharField(_("aldersgruppe"), max_length=10, choices=AgeBand.choices)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+", verbose_name=_("fylke"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    interests = models.TextField(_("interesser"), blank=True, validators=_anonymous_text)
    job_wishes = models.ManyToManyField(
        Occupation,
        blank=True,
        related_name="+",
        limit_choices_to={"level": 4},
        verbose_name=_("jobbønsker (STYRK-08)"),
    )
    competence = models.TextField(
        _("kompetanse"),
        blank=True,
        validators=_anonymous_text,
        help_text=_("Formell og uformell kompetanse, for eksempel gaming, språk eller frivillig arbeid."),
    )
    experience_summary = models.TextField(_("erfaring"), blank=True, validators=_anonymous_text)
    education_level = models.CharField(
        _("utdanningsnivå"), max_length=20, choices=EducationLevel.choices, default=EducationLevel.UNKNOWN
    )
    # [{"language": "Norsk", "level": "morsmal"}, …]; the language name is free text, so it is checked too.
    languages = models.JSONField(_("språk"), default=list, blank=True)
    driving_licences = ArrayField(
        models.CharField(max_length=2, choices=DrivingLicence.choices),
        default=list,
        blank=True,
        verbose_name=_("førerkort"),
    )
    available_from = models.DateField(_("tilgjengelig fra"), null=True, blank=True)
    extent = models.CharField(_("omfang"), max_length=15, choices=Extent.choices, blank=True)
    short_text = models.TextField(
        _("kort tekst til arbeidsgivere"),
        max_length=1000,
        blank=True,
        validators=_anonymous_text,
        help_text=_(
            "Det kandidaten ønsker at arbeidsgivere skal lese. Ikke skriv navn, nummer eller diagnoser."
        ),
    )
    facilitation_codes = ArrayField(
        models.CharField(max_length=60), default=list, blank=True, verbose_name=_("tilretteleggingsbehov")
    )
    # True while the candidate is in follow-up (active or paused) and not erased; kept by the
    # services. Profile lists filter on this column alone, so they never touch the identity table.
    listed = models.BooleanField(_("vises i profillister"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kandidatprofil (anonymisert)")
        verbose_name_plural = _("kandidatprofiler (anonymiserte)")
        indexes = [
            GinIndex(fields=["facilitation_codes"], name="profile_facilitation_gin"),
            models.Index(fields=["code"], condition=Q(listed=True), name="profile_listed_code_idx"),
            models.Index(fields=["county", "age_band"], name="profile_county_age_idx"),
        ]

    def __str__(self):
        return self.code

    # Fields that make a profile useful to an employer-facing colleague; shown as a percentage.
    COMPLETENESS_FIELDS = (
        "interests",
        "competence",
        "experience_summary",
        "education_level",
        "languages",
        "available_from",
        "extent",
        "short_text",
    )

    def clean(self):
        from django.core.exceptions import ValidationError

        levels = set(LanguageLevel.values)
        for entry in self.languages or []:
            if not isinstance(entry, dict) or entry.get("level") not in levels or not entry.get("language"):
                raise ValidationError({"languages": _("Hvert språk må ha et navn og et gyldig nivå.")})
            try:
                validate_no_personal_data(entry["language"])
            except ValidationError as exc:
                raise ValidationError({"languages": exc.messages}) from None

    @property
    def completeness(self) -> int:
        """Share of the useful fields that are filled in, in percent (the completeness indicator)."""
        filled = sum(
            1
            for name in self.COMPLETENESS_FIELDS
            if getattr(self, name) not in (None, "", [], EducationLevel.UNKNOWN)
        )
        return round(100 * filled / len(self.COMPLETENESS_FIELDS))

    @property
    def facilitation_categories(self) -> list[str]:
        return sorted(facilitation.categories_of(self.facilitation_codes))


class FacilitationNeed(models.Model):
    """One registration of a candidate's facilitation need in one category (append-only).

    As in NAV's finn-kandidat: every change inserts a new row with who and when; the newest row
    per category is the current need; removing a need inserts a row marked `removed`. Only the
    category and its values are stored, never a diagnosis or free text.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="facilitation_needs")
    category = models.CharField(_("kategori"), max_length=30, choices=facilitation.Category.choices)
    values = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("behov"))
    removed = models.BooleanField(_("fjernet"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tilretteleggingsbehov")
        verbose_name_plural = _("tilretteleggingsbehov")
        indexes = [models.Index(fields=["candidate", "category", "-created_at"], name="facneed_current_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed=True, values=[]) | Q(removed=False) & ~Q(values=[]),
                name="facneed_removed_xor_values",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_category_display()} ({self.created_at:%Y-%m-%d})"
            if self.created_at
            else self.category
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("FacilitationNeed is append-only: register a new row instead of changing one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("FacilitationNeed is append-only: register a row marked removed instead.")

    @property
    def codes(self) -> list[str]:
        return [facilitation.code(self.category, v) for v in self.values]

    @property
    def value_labels(self) -> list[str]:
        choices = facilitation.VALUES[self.category]
        return [str(choices(v).label) if v in choices.values else v for v in self.values]


class Consent(BaseModel):
    """The candidate's consent, given through the counsellor, to share identity and CV with one
    named employer for one named need or event, until a deadline; revocable.

    The employer is recorded by organisasjonsnummer and name, and the need or event by its title,
    so this app does not import the employers/jobfairs apps (import direction, architecture.md);
    a later migration can add a link to employers.Need next to these fields.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    employer_orgnr = models.CharField(_("organisasjonsnummer"), max_length=9)
    employer_name = models.CharField(_("arbeidsgiver"), max_length=200)
    purpose = models.CharField(
        _("behov eller arrangement"),
        max_length=200,
        help_text=_("Tittelen på behovet eller arrangementet samtykket gjelder."),
    )
    given_on = models.DateField(_("samtykke gitt"))
    expires_on = models.DateField(_("gyldig til"))
    revoked_at = models.DateTimeField(_("trukket"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        indexes = [models.Index(fields=["candidate", "employer_orgnr"], name="consent_candidate_orgnr_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("given_on")), name="consent_expires_after_given"
            ),
            models.CheckConstraint(
                condition=Q(employer_orgnr__regex=r"^\d{9}$"), name="consent_orgnr_nine_digits"
            ),
        ]

    def __str__(self):
        return f"{self.employer_name} – {self.purpose}"

    def is_valid_on(self, day) -> bool:
        return self.revoked_at is None and self.given_on <= day <= self.expires_on


class AccessLogEntry(InsertOnly, models.Model):
    """Who read identifiable candidate data, when, and on which page (domain.md §7).

    Insert-only: the model refuses updates and deletes, the admin is read-only, and a PostgreSQL
    trigger (migration 0002) refuses UPDATE and DELETE for anyone going around the ORM.
    """

    insert_only_message = "The access log is insert-only."

    class Page(models.TextChoices):
        DETAIL = "detail", _("Kandidatside")
        LIST = "list", _("Kandidatliste")
        SEARCH = "search", _("Søk")
        EDIT = "edit", _("Redigering")
        EXPORT = "export", _("Eksport")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("bruker")
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="access_log", verbose_name=_("kandidat")
    )
    page = models.CharField(_("side"), max_length=10, choices=Page.choices)
    accessed_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("innsynslogg")
        verbose_name_plural = _("innsynslogg")
        indexes = [models.Index(fields=["candidate", "-accessed_at"], name="accesslog_candidate_idx")]

    def __str__(self):
        return f"{self.accessed_at:%Y-%m-%d %H:%M} {self.user_id} → {self.candidate_id} ({self.page})"


class RetentionLog(models.Model):
    """One row per candidate whose identity was erased: automatically or on request.

    The unique candidate makes erasure idempotent: the second run finds the row and does nothing.
    """

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Oppbevaringstid utløpt")
        REQUEST = "request", _("Sletting på forespørsel")

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="retention_log")
    reason = models.CharField(_("grunn"), max_length=10, choices=Reason.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(_("slettet"), auto_now_add=True)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("slettelogg")
        verbose_name_plural = _("slettelogg")

    def __str__(self):
        return f"{self.candidate_id} {self.get_reason_display()}"
