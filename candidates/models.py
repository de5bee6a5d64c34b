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
from core.vocabulary import DrivingLicence, Extent, Innsatsgruppe, NorwegianLevel


class Benefit(models.TextChoices):
    AAP = "aap", _("Arbeidsavklaringspenger (AAP)")
    SOCIAL_ASSISTANCE = "sosialhjelp", _("Økonomisk sosialhjelp")
    DAGPENGER = "dagpenger", _("Dagpenger")
    NONE = "ingen", _("Ingen ytelse")


class FollowUpStatus(models.TextChoices):
    ACTIVE = "aktiv", _("Aktiv")
    PAUSED = "pause", _("Pause")
    ENDED = "avsluttet", _("Avsluttet")

    @property
    def tag_color(self) -> str:
        """The Aksel tag colour the status is shown with (list and detail page)."""
        return {"aktiv": "success", "pause": "warning"}.get(self.value, "neutral")


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


class LanguageLevel(models.TextChoices):
    """Level of a language in the free-text language list. Norwegian itself is also a structured
    field on the profile (`norwegian_level`, core.vocabulary.NorwegianLevel, the need's scale)."""

    BASIC = "grunnleggende", _("Grunnleggende")
    GOOD = "godt", _("Godt")
    VERY_GOOD = "svart_godt", _("Svært godt")
    NATIVE = "morsmal", _("Morsmål")


# A "Norsk: …" line in the language list, read onto the Norwegian scale (forms and migration 0004).
NORWEGIAN_NAMES = frozenset({"norsk", "bokmål", "bokmal", "nynorsk", "norwegian"})
NORWEGIAN_LEVEL_OF = {
    LanguageLevel.BASIC: NorwegianLevel.BASIC,
    LanguageLevel.GOOD: NorwegianLevel.GOOD,
    LanguageLevel.VERY_GOOD: NorwegianLevel.FLUENT,
    LanguageLevel.NATIVE: NorwegianLevel.NATIVE,
}


def norwegian_level_from_languages(languages) -> str:
    """The Norwegian level a language list states ("" when it names no Norwegian)."""
    for entry in languages or []:
        if isinstance(entry, dict) and str(entry.get("language", "")).strip().lower() in NORWEGIAN_NAMES:
            level = NORWEGIAN_LEVEL_OF.get(entry.get("level"))
            if level:
                return level
    return ""


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
            # «Mine kandidater»: the office's page in name order and its count, from the index alone
            # (issue 16: 175 ms → 0.2 ms for a page, EXPLAIN in docs/performance.md).
            models.Index(
                fields=["office", "last_name", "first_name", "id"],
                condition=Q(erased_at__isnull=True),
                name="candidate_office_name_idx",
            ),
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
    # The birth month (always the 1st), copied from the identity by the candidate services so that
    # matching can test a need's age limits without reading the identity table. Never shown: pages
    # and exports show the age band (core.vocabulary, "Age limits").
    birth_month = models.DateField(_("fødselsmåned"), null=True, blank=True, editable=False)
    norwegian_level = models.CharField(
        _("norsknivå"),
        max_length=20,
        choices=NorwegianLevel.candidate_choices(),
        blank=True,
        help_text=_("Samme skala som behovenes krav til norsk."),
    )
    # [{"language": "Norsk", "level": "morsmal"}, …]; the language name is free text, so it is checked too.
    languages = models.JSONField(_("språk"), default=list, blank=True)
    driving_licences = ArrayField(
        models.CharField(max_length=3, choices=DrivingLicence.choices),
        default=list,
        blank=True,
        verbose_name=_("førerkort"),
    )
    available_from = models.DateField(_("tilgjengelig fra"), null=True, blank=True)
    # Heltid, deltid or both: a need's extent matches when it is in this list.
    extents = ArrayField(
        models.CharField(max_length=10, choices=Extent.choices),
        default=list,
        blank=True,
        verbose_name=_("omfang"),
    )
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
            # Issue 16, each proven by EXPLAIN (ANALYZE, BUFFERS) on the large data set
            # (docs/performance.md): the statistics' and home counts' join from candidate to profile
            # without reading the profile table; the k-anonymity group sizes of a profile page;
            # the profile list filtered by county in code order, and its count.
            models.Index(
                fields=["candidate"],
                include=["age_band", "facilitation_codes"],
                name="profile_candidate_cover_idx",
            ),
            models.Index(
                fields=["municipality", "age_band"],
                include=["id"],
                condition=Q(listed=True),
                name="profile_listed_muni_age_idx",
            ),
            models.Index(
                fields=["county", "code"], condition=Q(listed=True), name="profile_listed_county_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_month__isnull=True) | Q(birth_month__day=1),
                name="profile_birth_month_first",
            ),
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
        "extents",
        "short_text",
    )

    def clean(self):
        from django.core.exceptions import ValidationError

        from core.personal_data import NAME_MESSAGE, personal_data_findings

        # The field validators cannot know whose profile this is; the candidate's own name is
        # refused here (issue 10, item 3).
        names = [self.candidate.first_name, self.candidate.last_name] if self.candidate_id else []
        named = [
            f
            for f in ("interests", "competence", "experience_summary", "short_text")
            if "name" in personal_data_findings(getattr(self, f), names=names)
        ]
        if named:
            raise ValidationError(dict.fromkeys(named, NAME_MESSAGE))
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


class ListedProfileCount(models.Model):
    """How many listed profiles each county has, kept by the database itself: statement triggers
    on the profile table (migration 0012) add and subtract every insert, update and delete,
    whoever runs it, in the same transaction. The unfiltered profile list's «Viser 1–25 av N»
    stays exact without counting 85,000 index entries per request (19 ms, issue 16)."""

    county = models.OneToOneField(
        County, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("fylke")
    )
    listed = models.BigIntegerField(_("listede profiler"), default=0)

    class Meta:
        verbose_name = _("antall listede profiler")
        verbose_name_plural = _("antall listede profiler")

    def __str__(self):
        return f"{self.county_id}: {self.listed}"


class ListedGroupCount(models.Model):
    """How many listed profiles share a municipality and an age band, kept by the database like
    ListedProfileCount (statement triggers on the profile table, migration 0014). The anonymised
    views show a profile's municipality only where at least MUNICIPALITY_MIN_GROUP listed profiles
    share it with the age band (k-anonymity): a lookup here instead of reading up to five profiles
    per group on every page (issue 16). A missing row is a group of none."""

    municipality_id = models.IntegerField()
    age_band = models.CharField(max_length=10)
    listed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality_id", "age_band"], name="listedgroupcount_group")
        ]

    def __str__(self):
        return f"{self.municipality_id}/{self.age_band}: {self.listed}"


class OfficeCandidateCount(models.Model):
    """How many candidates each office has whose identity is not erased, kept by the database
    itself like ListedProfileCount: statement triggers on the candidate table (migration 0013) add
    and subtract every insert, update (office, erasure) and delete, whoever runs it, in the same
    transaction. The unfiltered «Mine kandidater» total stays exact without counting an office's
    9,000 index entries per request (0.75 ms of its SQL, issue 16)."""

    office = models.OneToOneField(
        "accounts.NavUnit",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("kontor"),
    )
    candidates = models.BigIntegerField(_("kandidater"), default=0)

    class Meta:
        verbose_name = _("antall kandidater per kontor")
        verbose_name_plural = _("antall kandidater per kontor")

    def __str__(self):
        return f"{self.office_id}: {self.candidates}"


class CounsellorCaseload(models.Model):
    """How many candidates a counsellor has at one office, by follow-up status, for the home page
    («Mine kandidater»). Kept exact by PostgreSQL triggers on candidates and profiles (migration
    0011), whatever writes them (services, bulk updates, erasure, transfers): counting a busy
    counsellor's 4,573 candidates and probing each profile cost 10 ms a home page (issue 16).
    Erased candidates are not counted; `active_without_facilitation` counts active candidates
    whose profile has no facilitation codes (a candidate without a profile is not counted)."""

    # The unique constraint's index starts with the counsellor: no index of its own.
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    office = models.ForeignKey("accounts.NavUnit", on_delete=models.CASCADE, related_name="+")
    active = models.IntegerField(default=0)
    paused = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)
    active_without_facilitation = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counsellor", "office"], name="caseload_counsellor_office_unique")
        ]

    def __str__(self) -> str:
        return f"{self.counsellor_id}@{self.office_id}: {self.active}/{self.paused}/{self.ended}"


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

    `employer` and, where the consent is for one need, `need` are the real things it is bound to
    (employers ← candidates in the import order, architecture.md); a job-fair event will get its
    own nullable foreign key next to `need`. `employer_orgnr`, `employer_name` and `subject` stay
    as the record of what the candidate consented to. A consent whose orgnr is not (yet) in the
    register is valid as text with `employer` empty, and is listed for a person to resolve
    (admin filter «Samtykker uten arbeidsgiver»). Identity reaches an employer only through
    `selectors.candidate_identity_for_employer`, which checks all of this and logs each opening.
    """

    class Purpose(models.TextChoices):
        NEED = "behov", _("Presentasjon for et behov")
        JOB_FAIR = "jobbmesse", _("Jobbmesse eller arrangement")
        WORK_TRIAL = "arbeidsutproving", _("Arbeidstrening eller utprøving hos arbeidsgiveren")
        OTHER = "annet", _("Annet (se beskrivelsen)")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arbeidsgiver i registeret"),
    )
    need = models.ForeignKey(
        "employers.Need",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behov"),
    )
    employer_orgnr = models.CharField(_("organisasjonsnummer"), max_length=9)
    employer_name = models.CharField(_("arbeidsgiver"), max_length=200)
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices)
    subject = models.CharField(
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
        indexes = [
            models.Index(fields=["candidate", "employer_orgnr"], name="consent_candidate_orgnr_idx"),
            models.Index(fields=["candidate", "employer"], name="consent_candidate_employer_idx"),
            models.Index(
                fields=["employer_orgnr"], condition=Q(employer__isnull=True), name="consent_unlinked_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("given_on")), name="consent_expires_after_given"
            ),
            models.CheckConstraint(
                condition=Q(employer_orgnr__regex=r"^\d{9}$"), name="consent_orgnr_nine_digits"
            ),
            models.CheckConstraint(
                condition=Q(need__isnull=True) | Q(employer__isnull=False), name="consent_need_has_employer"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=["behov", "jobbmesse", "arbeidsutproving", "annet"]),
                name="consent_purpose_valid",
            ),
        ]

    def __str__(self):
        return f"{self.employer_name} – {self.subject}"

    def is_valid_on(self, day) -> bool:
        return self.revoked_at is None and self.given_on <= day <= self.expires_on


class AccessLogEntry(InsertOnly, models.Model):
    """Who read identifiable candidate data, when, and on which page (domain.md §7).

    Insert-only: the model refuses updates and deletes, the admin is read-only, and a PostgreSQL
    trigger (migration 0002) refuses UPDATE and DELETE for anyone going around the ORM.
    """

    insert_only_message = "The access log is insert-only."
    # The application's database role gets INSERT and SELECT only (core.db_roles).
    APPEND_ONLY = True

    class Page(models.TextChoices):
        DETAIL = "detail", _("Kandidatside")
        LIST = "list", _("Kandidatliste")
        SEARCH = "search", _("Søk")
        EDIT = "edit", _("Redigering")
        EXPORT = "export", _("Eksport")
        EMPLOYER = "employer", _("Delt med arbeidsgiver")
        ADMIN = "admin", _("Administrasjon")
        ATTEMPT = "attempt", _("Forsøkt registrert")
        TRANSFER = "transfer", _("Overføring")

    # No foreign-key constraints in the database (db_constraint=False; Django still refuses to
    # delete a user, candidate, consent or office with log rows: PROTECT is checked by the ORM).
    # A constraint made every logged page lock each logged candidate's and the user's row FOR KEY
    # SHARE until commit: a write to those rows' pages on every read of a name, and, with several
    # requests of one user at once, shared locks on the same rows (the ranking page: 153 → 176
    # req/s in bench/load.py without them; issue 16). The ids written are the ones the same request
    # just read; the log keeps them whatever becomes of the rows.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bruker"),
        db_constraint=False,
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        related_name="access_log",
        verbose_name=_("kandidat"),
        db_constraint=False,
    )
    page = models.CharField(_("side"), max_length=10, choices=Page.choices)
    # For page EMPLOYER: the consent under which identity was shared with an employer.
    consent = models.ForeignKey(
        "Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtykke"),
        db_constraint=False,
    )
    # The office the user acted for; set on attempts and transfers, where it is the point.
    office = models.ForeignKey(
        "accounts.NavUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontor"),
        db_constraint=False,
    )
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

    APPEND_ONLY = True  # see AccessLogEntry

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


class TransferRequest(BaseModel):
    """A counsellor asks to take over a candidate registered at another office (the candidate
    moved). Until the owning office accepts, the asking office learns nothing about the person."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på svar")
        ACCEPTED = "accepted", _("Godtatt")
        DECLINED = "declined", _("Avslått")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="transfer_requests")
    from_office = models.ForeignKey("accounts.NavUnit", on_delete=models.PROTECT, related_name="+")
    to_office = models.ForeignKey("accounts.NavUnit", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besvart"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("overføringsforespørsel")
        verbose_name_plural = _("overføringsforespørsler")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "to_office"],
                condition=Q(status="pending"),
                name="transfer_one_pending_per_office",
            )
        ]

    def __str__(self):
        return f"{self.candidate_id}: {self.from_office_id} → {self.to_office_id} ({self.status})"
