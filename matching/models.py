"""Matching: search terms kept beside profiles and needs, candidate lists per need with their
history, and the board (tavle).

ProfileTerms and NeedTerms are derived data (a search index in PostgreSQL): they are rebuilt by
signals whenever a profile, its job wishes or a need is saved, and `matching_reindex` rebuilds
them all. The ranking reads the authoritative columns (listed, county, licences, dates) from the
profile and need themselves; only what is expensive to compute per row lives here.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


def _texts():
    return ArrayField(models.CharField(max_length=20), default=list, blank=True)


def _signature(column: str):
    return models.GeneratedField(
        expression=models.Func(models.F(column), function="matching_sig"),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )


def _count(column: str):
    return models.GeneratedField(
        expression=models.Func(models.F(column), function="cardinality"),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )


class TravelPreference(BaseModel):
    """Counties outside the candidate's own that the candidate is willing to travel to for work."""

    profile = models.OneToOneField(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="travel_preference"
    )
    counties = models.ManyToManyField(
        "core.County", blank=True, related_name="+", verbose_name=_("kan reise til")
    )

    class Meta:
        verbose_name = _("reisevilje")
        verbose_name_plural = _("reisevilje")

    def __str__(self):
        return str(self.profile)


class ProfileTerms(models.Model):
    """Derived from a CandidateProfile: STYRK prefixes of the job wishes, word stems of the
    free texts, the licence classes held including those they imply, and travel counties."""

    profile = models.OneToOneField(
        "candidates.CandidateProfile", on_delete=models.CASCADE, primary_key=True, related_name="match_terms"
    )
    wish4 = _texts()
    wish3 = _texts()
    wish2 = _texts()
    wish1 = _texts()
    competence = _texts()
    experience = _texts()
    interests = _texts()
    licences = _texts()
    travel_county_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    # Copies of the profile columns the hard filters and the score read, so the ranking reads
    # this one narrow row per profile and never the wide profile table (docs/apps/matching.md, «How
    # it is fast»). Kept in step by the signals (profile saved) and by a PostgreSQL trigger on the
    # profile table (the candidates services also change `listed`, the facilitation codes and
    # erased profiles with UPDATE … WHERE, which sends no signal).
    county_id = models.IntegerField(null=True)
    listed = models.BooleanField(default=False)
    code = models.CharField(max_length=8, blank=True)
    municipality_id = models.IntegerField(null=True)
    available_from = models.DateField(null=True)
    norwegian_level = models.CharField(max_length=20, blank=True)
    birth_month = models.DateField(null=True)
    extents = ArrayField(models.CharField(max_length=10), default=list, blank=True)
    facilitation_codes = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    # Signatures of the arrays above (one bit per value, from an MD5 of it; SQL function
    # `matching_sig`, migration 0005) and two counts, computed by PostgreSQL whenever a row is
    # written, so nothing can leave them stale. The ranking bounds a profile's score with integer
    # tests on these before it reads any array (ranking._upper_bound, docs/apps/matching.md).
    wish4_sig = _signature("wish4")
    wish3_sig = _signature("wish3")
    wish2_sig = _signature("wish2")
    wish1_sig = _signature("wish1")
    competence_sig = _signature("competence")
    experience_sig = _signature("experience")
    interests_sig = _signature("interests")
    facilitation_sig = _signature("facilitation_codes")
    extents_sig = _signature("extents")
    competence_n = _count("competence")
    facilitation_n = _count("facilitation_codes")

    class Meta:
        verbose_name = _("søkeord for profil")
        verbose_name_plural = _("søkeord for profiler")
        indexes = [
            GinIndex(fields=["travel_county_ids"], name="profileterms_travel_gin"),
            models.Index(fields=["county_id"], name="profileterms_county_idx"),
            GinIndex(fields=["wish1"], name="profileterms_wish1_gin"),
            GinIndex(fields=["wish2"], name="profileterms_wish2_gin"),
            GinIndex(fields=["facilitation_codes"], name="profileterms_facilitation_gin"),
            GinIndex(fields=["competence"], name="profileterms_competence_gin"),
            GinIndex(fields=["experience"], name="profileterms_experience_gin"),
            GinIndex(fields=["interests"], name="profileterms_interests_gin"),
            # Stage two of a need's ranking: a place and at least so many facilitation needs.
            models.Index(
                fields=["county_id", "facilitation_n"],
                condition=Q(listed=True),
                name="profileterms_county_fac_idx",
            ),
            models.Index(
                fields=["municipality_id", "facilitation_n"],
                condition=Q(listed=True),
                name="profileterms_muni_fac_idx",
            ),
        ]

    def __str__(self):
        return str(self.profile_id)


class NeedTerms(models.Model):
    """Derived from a Need: word stems of its texts and of its occupation's name."""

    need = models.OneToOneField(
        "employers.Need", on_delete=models.CASCADE, primary_key=True, related_name="match_terms"
    )
    terms = _texts()
    occupation_terms = _texts()
    # Copies, so the ranking for a candidate reads one narrow row per need: the occupation's
    # code and what the need and its employer can facilitate (refreshed when either is saved).
    occupation_code = models.CharField(max_length=4, blank=True)
    offers = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    # Copies of the need columns the hard filters and the score read (kept in step by the signal
    # on Need and a trigger on the need table), so the ranking for a candidate reads only this table.
    status = models.CharField(max_length=10, blank=True)
    county_id = models.IntegerField(null=True)
    municipality_id = models.IntegerField(null=True)
    start_date = models.DateField(null=True)
    extent = models.CharField(max_length=10, blank=True)
    norwegian_level = models.CharField(max_length=20, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True)
    maximum_age = models.PositiveSmallIntegerField(null=True)
    driving_licences = ArrayField(models.CharField(max_length=3), default=list, blank=True)

    class Meta:
        verbose_name = _("søkeord for behov")
        verbose_name_plural = _("søkeord for behov")
        indexes = [
            models.Index(fields=["county_id"], condition=Q(status="apen"), name="needterms_open_county_idx"),
        ]

    def __str__(self):
        return str(self.need_id)


class ProfileTermsChange(models.Model):
    """One row per county and writing transaction, `weight` counting the transaction's statements
    that changed the match row of a profile living in the county or travelling to it (before or
    after the change). Written by a trigger on matching_profileterms (migration 0006), whoever
    writes, so nothing can forget it; read by ranking_cache as a version: the sum of the county's
    weights only grows with every change to what a need's ranking in the county reads. County 0
    stands for every county (a TRUNCATE). The sweep folds old rows into one per county with the
    same sum."""

    county_id = models.IntegerField()
    txid = models.BigIntegerField()
    weight = models.IntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["county_id", "txid"], name="profiletermschange_once")]
        indexes = [
            models.Index(fields=["county_id"], include=["weight"], name="profiletermschange_county_idx")
        ]

    def __str__(self):
        return f"{self.county_id}: {self.weight}"


class RankingCache(models.Model):
    """A need's ranked profiles (ids, components, whether they meet the hard filters; never a
    name) with the version of the profiles they were ranked from (ranking_cache.py). An UNLOGGED
    table: a crash empties it, which only costs recomputing. One row per key, overwritten."""

    key = models.CharField(max_length=64, primary_key=True)
    version = models.BigIntegerField()
    result = models.JSONField()
    stored_at = models.DateTimeField()

    def __str__(self):
        return self.key


class WorkStatus(models.TextChoices):
    """Rekrutteringsbistand's kandidatliste statuses (anchors.md, take-aways)."""

    CONSIDERED = "vurderes", _("Vurderes")
    CONTACTED = "kontaktet", _("Kontaktet")
    RELEVANT = "aktuell", _("Aktuell")
    INTERVIEW = "til_intervju", _("Til intervju")
    NOT_RELEVANT = "ikke_aktuell", _("Ikke aktuell")
    NOT_INTERESTED = "ikke_interessert", _("Ikke interessert")


class Outcome(models.TextChoices):
    NOT_PRESENTED = "ikke_presentert", _("Ikke presentert")
    PRESENTED = "presentert", _("Presentert")
    GOT_JOB = "fatt_jobben", _("Fått jobben")


class EmployerResponse(models.TextChoices):
    WANT_TO_MEET = "vil_mote", _("Vil møte")
    MAYBE = "kanskje", _("Kanskje")
    NOT_SUITABLE = "ikke_egnet", _("Ikke egnet")


class NotSuitableReason(models.TextChoices):
    COMPETENCE = "kompetanse", _("Mangler kompetanse eller erfaring")
    REQUIREMENTS = "krav", _("Oppfyller ikke kravene (førerkort, språk, alder)")
    FACILITATION = "tilrettelegging", _("Vi kan ikke gi tilretteleggingen som trengs")
    TIMING = "tidspunkt", _("Passer ikke i tid")
    FILLED = "besatt", _("Plassen er besatt")
    OTHER = "annet", _("Annet")


class CandidateList(BaseModel):
    """The candidate list (kandidatliste) of one need."""

    need = models.OneToOneField("employers.Need", on_delete=models.CASCADE, related_name="candidate_list")

    class Meta:
        verbose_name = _("kandidatliste")
        verbose_name_plural = _("kandidatlister")

    def __str__(self):
        return str(self.need)


class ListEntry(BaseModel):
    """One candidate on a list: proposed by a counsellor, worked on by advisers, answered by the
    employer. Every change of status, outcome or employer answer writes a ListEntryEvent."""

    candidate_list = models.ForeignKey(CandidateList, on_delete=models.CASCADE, related_name="entries")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="list_entries"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("foreslått av"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.CONSIDERED
    )
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.NOT_PRESENTED
    )
    score = models.PositiveSmallIntegerField(_("match"), null=True, blank=True)
    employer_response = models.CharField(
        _("arbeidsgivers svar"), max_length=12, choices=EmployerResponse.choices, blank=True
    )
    employer_reason = models.CharField(
        _("begrunnelse"), max_length=20, choices=NotSuitableReason.choices, blank=True
    )
    employer_comment = models.TextField(_("kommentar fra arbeidsgiver"), max_length=1000, blank=True)
    employer_responded_at = models.DateTimeField(_("arbeidsgiver svarte"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kandidat på liste")
        verbose_name_plural = _("kandidater på liste")
        constraints = [
            models.UniqueConstraint(fields=["candidate_list", "candidate"], name="listentry_once_per_list"),
            models.CheckConstraint(
                condition=Q(employer_response="ikke_egnet") | Q(employer_reason=""),
                name="listentry_reason_only_when_not_suitable",
            ),
        ]
        indexes = [models.Index(fields=["candidate"], name="listentry_candidate_idx")]

    def __str__(self):
        return f"{self.candidate_list_id}: {self.candidate_id}"


class ListEntryEvent(models.Model):
    """One change on a list entry (append-only): what changed, from, to, who and when."""

    class Field(models.TextChoices):
        PROPOSED = "foreslatt", _("Foreslått")
        STATUS = "status", _("Status")
        OUTCOME = "utfall", _("Utfall")
        EMPLOYER = "arbeidsgiver", _("Arbeidsgivers svar")

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="events")
    field = models.CharField(_("endring"), max_length=20, choices=Field.choices)
    from_value = models.CharField(_("fra"), max_length=20, blank=True)
    to_value = models.CharField(_("til"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_employer = models.CharField(_("arbeidsgiver"), max_length=200, blank=True)
    note = models.CharField(_("merknad"), max_length=1000, blank=True)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("endring på kandidatliste")
        verbose_name_plural = _("historikk for kandidatlister")

    def __str__(self):
        return f"{self.entry_id} {self.field}: {self.from_value} → {self.to_value}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("ListEntryEvent is append-only.")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        choices = {
            self.Field.STATUS: WorkStatus,
            self.Field.OUTCOME: Outcome,
            self.Field.EMPLOYER: EmployerResponse,
            self.Field.PROPOSED: WorkStatus,
        }[self.field]
        to = choices(self.to_value).label if self.to_value in choices.values else self.to_value
        return f"{self.get_field_display()}: {to}"


# --- The board (tavle, Elektronisk tavleteam Follo: Fafo 2018:46 §6.6) ------------------------------


class BoardCase(BaseModel):
    """A counsellor's case on the board: one candidate (shown to everyone else as the anonymised
    profile) and what kind of employer is needed. Tried at the own office first, then escalated
    to the Arbeidslivssenter's board of the county; followed to its outcome."""

    class Status(models.TextChoices):
        LOCAL = "lokalt", _("På eget kontor")
        ESCALATED = "eskalert", _("Hos Arbeidslivssenteret")
        PROPOSED = "foreslatt", _("Arbeidsgiver foreslått")
        SOLVED = "lost", _("Løst")
        CLOSED = "lukket", _("Lukket uten løsning")

    OPEN_STATUSES = (Status.LOCAL, Status.ESCALATED, Status.PROPOSED)

    candidate = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.CASCADE,
        related_name="board_cases",
        verbose_name=_("kandidat"),
    )
    office = models.ForeignKey(
        "accounts.NavUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("NAV-kontor")
    )
    county = models.ForeignKey(
        "core.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("fylke")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("meldt av"),
    )
    employer_wanted = models.TextField(
        _("hva slags arbeidsgiver trengs"),
        max_length=1000,
        help_text=_("Bransje, oppgaver, sted og hva arbeidsgiveren må kunne tilrettelegge for. Ingen navn."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.LOCAL)
    escalated_at = models.DateTimeField(_("eskalert"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig rådgiver"),
    )
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    # The proposal that solved the case: its adviser and unit are credited.
    solved_by_proposal = models.ForeignKey(
        "BoardProposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sak på tavlen")
        verbose_name_plural = _("saker på tavlen")
        indexes = [
            models.Index(fields=["county", "status"], name="boardcase_county_status_idx"),
            models.Index(fields=["office", "status"], name="boardcase_office_status_idx"),
        ]

    def __str__(self):
        return f"Sak {self.pk}"


class BoardProposal(BaseModel):
    """An adviser's proposal for a case: an employer, or one of its needs."""

    case = models.ForeignKey(BoardCase, on_delete=models.CASCADE, related_name="proposals")
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="+", verbose_name=_("arbeidsgiver")
    )
    need = models.ForeignKey(
        "employers.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behov"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("foreslått av"),
    )
    # The adviser's unit at the time (credited in the board's figures even if they move); empty
    # when the proposer holds no adviser role there (an administrator).
    unit = models.ForeignKey(
        "accounts.NavUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
    )
    note = models.CharField(_("hvorfor denne"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("forslag på tavlen")
        verbose_name_plural = _("forslag på tavlen")

    def __str__(self):
        return f"{self.case_id}: {self.employer_id}"


class BoardCaseEvent(models.Model):
    """One status change of a case (append-only): from, to, who (none for the escalation sweep)."""

    case = models.ForeignKey(BoardCase, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("fra"), max_length=10, choices=BoardCase.Status.choices, blank=True)
    to_status = models.CharField(_("til"), max_length=10, choices=BoardCase.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("hendelse på tavlesak")
        verbose_name_plural = _("historikk for tavlesaker")

    def __str__(self):
        return f"{self.case_id}: {self.from_status or '–'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("BoardCaseEvent is append-only.")
        super().save(*args, **kwargs)
