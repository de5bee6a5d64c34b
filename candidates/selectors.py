"""Reads for candidates. Two separate paths, so that anonymity is a property of the query:

- identity selectors read `Candidate` through `visible()` (owning office's counsellors only);
- profile selectors read `CandidateProfile` alone, as `.values()` of a whitelist of anonymous
  columns (PROFILE_COLUMNS). The identity table may appear in a WHERE clause (status filter),
  never in the SELECT list, and the rows are plain data objects without a path back to the person.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from accounts.access import can, office_ids, visible
from core import facilitation
from core.models import County, Municipality, Occupation
from core.validators import normalise_digits

from .models import (
    AccessLogEntry,
    AgeBand,
    Candidate,
    CandidateProfile,
    Consent,
    CounsellorCaseload,
    EducationLevel,
    Extent,
    FacilitationNeed,
    LanguageLevel,
    ListedProfileCount,
    NorwegianLevel,
    OfficeCandidateCount,
)

# --- Identity (owning office only) ---------------------------------------------------------------


def candidate_list(
    *,
    user,
    q: str = "",
    status: str = "",
    innsatsgruppe: str = "",
    mine: bool = False,
):
    """Candidates of the user's own office(s), filtered. The search takes a fødselsnummer (11
    digits), a profile code ("K-104"), "Etternavn, Fornavn", "Fornavn Etternavn" or parts of names:
    every word must match a first or last name."""
    rows = visible(user, Candidate.objects.all()).select_related("profile", "counsellor", "office")
    q = (q or "").strip()
    if q:
        digits = normalise_digits(q)
        if digits.isdigit() and len(digits) == 11:
            rows = rows.filter(fodselsnummer=digits)
        else:
            words = [w for w in re.split(r"[\s,]+", q) if w]
            by_name = Q()
            for word in words:
                by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
            rows = rows.filter(by_name | Q(profile__code__iexact=q))
    if status:
        rows = rows.filter(follow_up_status=status)
    if innsatsgruppe:
        rows = rows.filter(innsatsgruppe=innsatsgruppe)
    if mine:
        rows = rows.filter(counsellor=user)
    return rows.order_by("last_name", "first_name", "pk")


def candidate_list_total(*, user, **filters) -> int | None:
    """How many rows candidate_list() returns, from the counts the database keeps per office
    (OfficeCandidateCount, kept by triggers), when no filter is set; None when one is (the caller
    counts those rows). Exact either way: the unfiltered list no longer counts its office's
    9,000 index entries per request (issue 16)."""
    if any(filters.values()):
        return None
    # The candidate scope is the user's own offices' candidates not erased (rules._candidates);
    # the counters count exactly those.
    offices = office_ids(user)
    if not offices:
        return 0
    kept = OfficeCandidateCount.objects.filter(office_id__in=offices).aggregate(n=Sum("candidates"))
    return kept["n"] or 0


def candidate_get(*, user, pk: int) -> Candidate | None:
    return (
        visible(user, Candidate.objects.all())
        .select_related("profile", "profile__county", "profile__municipality", "counsellor", "office")
        .filter(pk=pk)
        .first()
    )


def facilitation_history(candidate: Candidate):
    return FacilitationNeed.objects.filter(candidate=candidate).select_related("created_by")


def consents_for(candidate: Candidate):
    return Consent.objects.filter(candidate=candidate).select_related("recorded_by", "revoked_by")


def consent_valid(
    *,
    candidate: Candidate,
    employer=None,
    employer_orgnr: str = "",
    need=None,
    on: datetime.date | None = None,
) -> Consent | None:
    """The consent that lets this employer (for this need, or for no particular need) learn who the
    candidate is on day `on`: not revoked, given on or before and expiring on or after `on`.

    The employer is an `employers.Employer` or, for a consent the register does not know yet, an
    orgnr: a consent linked to an employer matches that employer only; an unlinked consent matches
    by the orgnr it records. A consent for one need matches that need only; a consent for no need
    matches only a request for no need (a consent for need A never opens need B)."""
    on = on or timezone.localdate()
    orgnr = employer.orgnr if employer is not None else normalise_digits(employer_orgnr)
    by_employer = Q(employer__isnull=True, employer_orgnr=orgnr)
    if employer is not None:
        by_employer |= Q(employer=employer)
    else:
        by_employer |= Q(employer__orgnr=orgnr)
    return (
        Consent.objects.filter(by_employer, candidate=candidate, need=need)
        .filter(revoked_at__isnull=True, given_on__lte=on, expires_on__gte=on)
        .order_by("-expires_on", "-pk")
        .first()
    )


def candidate_identity_for_employer(
    *,
    candidate: Candidate,
    by,
    employer=None,
    employer_orgnr: str = "",
    need=None,
    on: datetime.date | None = None,
) -> dict | None:
    """THE gate through which identity may reach an employer: name and contact details, and only
    with a valid consent for that employer and need (consent_valid: employer, need, deadline,
    revocation); anchors.md §1.2 whitelist: no fødselsnummer, age not birth date. None without
    consent. Each time it opens it writes an access-log row (page «Delt med arbeidsgiver») naming
    the user who shared and the consent. Later apps (needs, job fairs, placements) must go
    through this function."""
    if candidate.erased_at is not None:
        return None
    if need is not None and employer is None:
        employer = need.employer
    consent = consent_valid(
        candidate=candidate, employer=employer, employer_orgnr=employer_orgnr, need=need, on=on
    )
    if consent is None:
        return None
    AccessLogEntry.objects.create(
        user=by, candidate=candidate, page=AccessLogEntry.Page.EMPLOYER, consent=consent
    )
    return {"name": candidate.full_name, "phone": candidate.phone, "email": candidate.email}


def consents_without_employer():
    """Consents the register could not link to an employer: valid as text, for a person to resolve."""
    return Consent.objects.filter(employer__isnull=True).order_by("employer_orgnr", "-given_on")


def access_log_for(*, user, candidate: Candidate | None = None, code: str = ""):
    rows = visible(user, AccessLogEntry.objects.all()).select_related("user", "candidate__profile")
    if candidate is not None:
        rows = rows.filter(candidate=candidate)
    if code:
        rows = rows.filter(candidate__profile__code=code.strip().upper())
    return rows.order_by("-accessed_at", "-pk")


def my_candidates_summary(*, user) -> dict:
    """The user's own candidates by status, at the offices the user may see candidates of (the
    candidate scope: own offices, not erased), from the per-office caseload rows the database
    keeps exact (CounsellorCaseload) instead of counting the candidates on every home page."""
    names = ("active", "paused", "ended", "active_without_facilitation")
    rows = CounsellorCaseload.objects.filter(counsellor=user, office_id__in=office_ids(user)).values_list(
        *names
    )
    totals = [sum(column) for column in zip(*rows, strict=True)] or [0] * len(names)
    counts = dict(zip(names, totals, strict=True))
    counts["without_facilitation"] = counts.pop("active_without_facilitation")
    return counts


# --- Anonymised profiles --------------------------------------------------------------------------------

PROFILE_COLUMNS = (
    "pk",
    "code",
    "age_band",
    "county_id",
    "municipality_id",
    "interests",
    "competence",
    "experience_summary",
    "education_level",
    "norwegian_level",
    "languages",
    "driving_licences",
    "available_from",
    "extents",
    "short_text",
    "facilitation_codes",
)


@dataclass(frozen=True)
class AnonymisedProfile:
    """What any profile role may see of a candidate. Built from PROFILE_COLUMNS only."""

    pk: int
    code: str
    age_band: str
    county: str
    municipality: str
    interests: str
    competence: str
    experience_summary: str
    education_level: str
    norwegian_level: str
    languages: list
    driving_licences: list
    available_from: datetime.date | None
    extents: list
    short_text: str
    facilitation_codes: list
    job_wishes: list[str] = field(default_factory=list)

    @property
    def age_band_label(self) -> str:
        return AgeBand(self.age_band).label

    @property
    def education_level_label(self) -> str:
        return EducationLevel(self.education_level).label

    @property
    def extent_label(self) -> str:
        return " / ".join(str(Extent(v).label) for v in self.extents if v in Extent.values)

    @property
    def norwegian_level_label(self) -> str:
        return NorwegianLevel(self.norwegian_level).label if self.norwegian_level else ""

    @property
    def language_rows(self) -> list[tuple[str, str]]:
        return [(e["language"], LanguageLevel(e["level"]).label) for e in self.languages]

    @property
    def facilitation_categories(self) -> list[str]:
        return [
            str(facilitation.Category(c).label)
            for c in sorted(facilitation.categories_of(self.facilitation_codes))
        ]

    @property
    def facilitation_labels(self) -> list[str]:
        return [str(facilitation.label(c)) for c in self.facilitation_codes]

    @property
    def completeness(self) -> int:
        fields = (
            self.interests,
            self.competence,
            self.experience_summary,
            self.education_level != "ukjent",
            self.languages,
            self.available_from,
            self.extents,
            self.short_text,
        )
        return round(100 * sum(1 for f in fields if f) / len(fields))


def profile_list(
    *,
    user,
    county: str = "",
    occupation: str = "",
    category: str = "",
    available_by: datetime.date | None = None,
    age_band: str = "",
):
    """Anonymised profiles the user may see, as dicts of PROFILE_COLUMNS (no identity columns)."""
    rows = visible(user, CandidateProfile.objects.all())
    if county:
        rows = rows.filter(county__code=county)
    if age_band:
        rows = rows.filter(age_band=age_band)
    if occupation:
        # A 1–3 digit code matches every occupation below it in STYRK-08.
        wishes = CandidateProfile.job_wishes.through.objects.filter(
            candidateprofile_id=OuterRef("pk"), occupation__code__startswith=occupation
        )
        rows = rows.filter(Exists(wishes))
    if category in facilitation.VALUES:
        codes = [facilitation.code(category, v) for v in facilitation.VALUES[category].values]
        rows = rows.filter(facilitation_codes__overlap=codes)
    if available_by:
        rows = rows.filter(Q(available_from__isnull=True) | Q(available_from__lte=available_by))
    return rows.order_by("code").values(*PROFILE_COLUMNS)


def profile_list_total(*, user, county: str = "", **filters) -> int | None:
    """How many rows profile_list() returns, from the counts the database keeps per county
    (ListedProfileCount, kept by triggers), when no filter but the county is set; None when other
    filters are set (the caller counts those, smaller, sets). Exact either way: the unfiltered
    national total no longer counts 85,000 index entries per request (issue 16)."""
    if any(filters.values()):
        return None
    # The profile scope is every listed profile for anyone with a profile role, nothing otherwise
    # (rules._profiles); the counters count exactly the listed profiles.
    if not can(user, "candidates.view_profiles"):
        return 0
    counts = ListedProfileCount.objects.filter(county__code=county) if county else ListedProfileCount.objects
    return counts.aggregate(n=Sum("listed"))["n"] or 0


# A municipality is shown only where at least this many listed profiles share it with the same age
# band; otherwise the county alone (issue 10, item 8: 15 of 254 profiles were unique on the pair).
MUNICIPALITY_MIN_GROUP = 5


# The k-anonymity check in SQL, over rows aliased `p` that have municipality_id and age_band: the
# municipality's name and whether fewer than MUNICIPALITY_MIN_GROUP (param `min_group`) listed
# profiles share the pair, from the counters the database keeps (ListedGroupCount). Read over a
# page's pairs here (_SMALL_GROUPS_SQL) and with its rows by matching's ranked profiles.
K_ANONYMITY_COLUMNS = "m.name AS municipality_name, COALESCE(g.listed, 0) < %(min_group)s AS small_group"
K_ANONYMITY_JOINS = """LEFT JOIN core_municipality AS m ON m.id = p.municipality_id
LEFT JOIN candidates_listedgroupcount AS g ON g.municipality_id = p.municipality_id AND g.age_band = p.age_band"""
_SMALL_GROUPS_SQL = f"""
SELECT p.municipality_id, p.age_band, {K_ANONYMITY_COLUMNS}
FROM unnest(%(municipalities)s::bigint[], %(bands)s::text[]) AS p (municipality_id, age_band)
{K_ANONYMITY_JOINS}
"""  # noqa: S608 (our own SQL fragments; the values are parameters)


def _small_groups(rows) -> tuple[set[tuple[int, str]], dict[int, str]]:
    """The page's (municipality, age band) groups smaller than MUNICIPALITY_MIN_GROUP, and the
    names of the page's municipalities (read in the same query: they are the same rows)."""
    pairs = sorted({(r["municipality_id"], r["age_band"]) for r in rows if r["municipality_id"]})
    # The groups' sizes are kept by the database (ListedGroupCount, triggers on the profile table):
    # a lookup per group. Before, each group's first MUNICIPALITY_MIN_GROUP listed members were read
    # (and before that whole groups were counted: 50,000 rows, 18 ms on the large data set). Always
    # one query (also for an empty page), so list pages keep a fixed query count.
    with connection.cursor() as cursor:
        cursor.execute(
            _SMALL_GROUPS_SQL,
            {
                "min_group": MUNICIPALITY_MIN_GROUP,
                "municipalities": [m for m, _a in pairs],
                "bands": [a for _m, a in pairs],
            },
        )
        found = cursor.fetchall()
    hidden = {(m, band) for m, band, _name, small in found if small}
    return hidden, {m: name for m, _band, name, _small in found}


def anonymised_profiles(
    rows, *, k_anonymous: bool = True, job_wishes: bool = True
) -> list[AnonymisedProfile]:
    """Turn a page of profile_list() rows into data objects, with job wishes in one query.
    With k_anonymous (every view but the owning counsellor's), a municipality shared by fewer
    than MUNICIPALITY_MIN_GROUP listed profiles of the same age band is left out. Pages that do
    not show the job wishes (the ranking's and the board's rows) pass job_wishes=False: the
    profiles' job_wishes are then empty and the query is not made. Rows that carry their county's
    name ("county_name") need no query for the counties; rows that carry their municipality's name
    and whether its group is small ("municipality_name", "small_group": ListedGroupCount, as
    _SMALL_GROUPS_SQL reads it) need none for the municipalities."""
    rows = list(rows)
    # Names of the page's counties and municipalities in small queries of their own, instead of
    # joins that would make every COUNT(*) over the whole profile table join them too; with
    # k_anonymous the municipalities' names come with their group sizes.
    if k_anonymous and rows and "small_group" in rows[0]:  # read with the rows (matching's ranking)
        hidden = {
            (r["municipality_id"], r["age_band"]) for r in rows if r["municipality_id"] and r["small_group"]
        }
        municipalities = {r["municipality_id"]: r["municipality_name"] for r in rows if r["municipality_id"]}
    elif k_anonymous:
        hidden, municipalities = _small_groups(rows)
    else:
        hidden = set()
        municipalities = dict(
            Municipality.objects.filter(pk__in={r["municipality_id"] for r in rows}).values_list("pk", "name")
        )
    if rows and "county_name" in rows[0]:  # read with the rows (matching's ranked profiles)
        counties = {r["county_id"]: r["county_name"] for r in rows if r["county_name"] is not None}
    else:
        counties = dict(
            County.objects.filter(pk__in={r["county_id"] for r in rows}).values_list("pk", "name")
        )
    wishes: dict[int, list[str]] = {}
    if job_wishes:
        through = CandidateProfile.job_wishes.through.objects.filter(
            candidateprofile_id__in=[r["pk"] for r in rows]
        ).values_list("candidateprofile_id", "occupation__name")
        for profile_id, name in through.order_by("occupation__name"):
            wishes.setdefault(profile_id, []).append(name)
    return [
        AnonymisedProfile(
            pk=r["pk"],
            code=r["code"],
            age_band=r["age_band"],
            county=counties.get(r["county_id"], ""),
            municipality=""
            if (r["municipality_id"], r["age_band"]) in hidden
            else municipalities.get(r["municipality_id"], ""),
            interests=r["interests"],
            competence=r["competence"],
            experience_summary=r["experience_summary"],
            education_level=r["education_level"],
            norwegian_level=r["norwegian_level"],
            languages=r["languages"] or [],
            driving_licences=r["driving_licences"] or [],
            available_from=r["available_from"],
            extents=r["extents"] or [],
            short_text=r["short_text"],
            facilitation_codes=r["facilitation_codes"] or [],
            job_wishes=wishes.get(r["pk"], []),
        )
        for r in rows
    ]


def profile_get(*, user, code: str) -> AnonymisedProfile | None:
    rows = anonymised_profiles(profile_list(user=user).filter(code=code))
    return rows[0] if rows else None


def profile_of(candidate: Candidate) -> AnonymisedProfile:
    """The owner's view of the candidate's profile (also when follow-up has ended)."""
    rows = CandidateProfile.objects.filter(candidate=candidate).values(*PROFILE_COLUMNS)
    return anonymised_profiles(rows, k_anonymous=False)[0]


def occupation_choices():
    """Level-4 STYRK-08 occupations, for job-wish fields and filters."""
    return Occupation.objects.filter(level=4).order_by("name").only("pk", "code", "name")


def candidate_history(candidate: Candidate):
    """The candidate page's «Endringshistorikk»: identity, profile, facilitation and consents
    (fields only; the trail never holds identity values)."""
    from core.selectors import audit_history

    return audit_history(
        candidate,
        CandidateProfile.objects.filter(candidate=candidate),
        Consent.objects.filter(candidate=candidate),
    )
