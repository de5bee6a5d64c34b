"""Keep ProfileTerms and NeedTerms in step with profiles and needs, and turn rows into the facts
the scorer reads. One function per direction builds the derived row from the same helpers the
Python scorer uses, so the SQL ranking and the reference scorer cannot drift apart."""

from django.db import transaction
from django.utils import timezone

from candidates.models import CandidateProfile
from employers.models import Need

from .models import NeedTerms, ProfileTerms, TravelPreference
from .scoring import NO_REQUIREMENT, NeedFacts, ProfileFacts, implied_licences, styrk_prefixes, terms_of

BATCH = 2000


def _wishes(profile_ids) -> dict[int, list[str]]:
    through = CandidateProfile.job_wishes.through
    out: dict[int, list[str]] = {}
    rows = through.objects.filter(candidateprofile_id__in=profile_ids).values_list(
        "candidateprofile_id", "occupation__code"
    )
    for pid, code in rows.order_by():
        out.setdefault(pid, []).append(code)
    return out


def _travel(profile_ids) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    through = TravelPreference.counties.through
    rows = through.objects.filter(travelpreference__profile_id__in=profile_ids).values_list(
        "travelpreference__profile_id", "county_id"
    )
    for pid, county_id in rows.order_by():
        out.setdefault(pid, []).append(county_id)
    return out


PROFILE_FIELDS = (
    "pk",
    "code",
    "county_id",
    "municipality_id",
    "competence",
    "experience_summary",
    "interests",
    "facilitation_codes",
    "driving_licences",
    "available_from",
    "extents",
    "norwegian_level",
    "birth_month",
    "listed",
)


def profile_facts(rows) -> list[ProfileFacts]:
    """Facts for profile rows (dicts of PROFILE_FIELDS), with wishes and travel in two queries,
    or none when the rows carry them as "wish_codes" and "travel_county_ids" (a page that reads
    its few profiles in one statement, matching.selectors._SUGGESTION_PROFILES_SQL: for many rows
    the two queries are cheaper than a subquery per row)."""
    rows = list(rows)
    if rows and "wish_codes" in rows[0]:
        wishes = {r["pk"]: r["wish_codes"] for r in rows}
        travel = {r["pk"]: r["travel_county_ids"] for r in rows}
    else:
        ids = [r["pk"] for r in rows]
        wishes, travel = _wishes(ids), _travel(ids)
    return [
        ProfileFacts(
            pk=r["pk"],
            code=r["code"],
            county_id=r["county_id"],
            municipality_id=r["municipality_id"],
            wish_codes=sorted(wishes.get(r["pk"], [])),
            competence_text=r["competence"],
            experience_text=r["experience_summary"],
            interests_text=r["interests"],
            facilitation_codes=list(r["facilitation_codes"] or []),
            driving_licences=list(r["driving_licences"] or []),
            available_from=r["available_from"],
            extents=list(r["extents"] or []),
            norwegian_level=r["norwegian_level"],
            birth_month=r["birth_month"],
            travel_county_ids=sorted(travel.get(r["pk"], [])),
        )
        for r in rows
    ]


NEED_FIELDS = (
    "pk",
    "title",
    "tasks",
    "other_requirements",
    "occupation__code",
    "occupation__name",
    "facilitation",
    "employer__facilitation",
    "driving_licences",
    "county_id",
    "municipality_id",
    "start_date",
    "extent",
    "norwegian_level",
    "minimum_age",
    "maximum_age",
)


def need_row(need: Need) -> dict:
    """A loaded need as a row of NEED_FIELDS (what need_facts reads), so a page that has the need
    (with its occupation and employer) needs no second query for its facts."""
    row = {}
    for name in NEED_FIELDS:
        value = need
        for part in name.split("__"):
            value = getattr(value, part) if value is not None else None
        row[name] = value
    return row


def need_text(title: str, tasks: str, other_requirements: str) -> str:
    return f"{title}\n{tasks}\n{other_requirements}"


def need_facts(rows) -> list[NeedFacts]:
    today = timezone.localdate()
    return [
        NeedFacts(
            pk=r["pk"],
            title=r["title"],
            occupation_code=r["occupation__code"] or "",
            occupation_name=r["occupation__name"] or "",
            text=need_text(r["title"], r["tasks"], r["other_requirements"]),
            offers=sorted(set(r["facilitation"] or []) | set(r["employer__facilitation"] or [])),
            driving_licences=list(r["driving_licences"] or []),
            county_id=r["county_id"],
            municipality_id=r["municipality_id"],
            start_date=r["start_date"],
            extent=r["extent"],
            norwegian_level=r["norwegian_level"] or NO_REQUIREMENT,
            minimum_age=r["minimum_age"],
            maximum_age=r["maximum_age"],
            today=today,
        )
        for r in rows
    ]


def _profile_terms(f: ProfileFacts, listed: bool) -> ProfileTerms:
    prefixes = styrk_prefixes(f.wish_codes)
    return ProfileTerms(
        profile_id=f.pk,
        wish4=prefixes[4],
        wish3=prefixes[3],
        wish2=prefixes[2],
        wish1=prefixes[1],
        competence=terms_of(f.competence_text),
        experience=terms_of(f.experience_text),
        interests=terms_of(f.interests_text),
        licences=implied_licences(f.driving_licences),
        travel_county_ids=f.travel_county_ids,
        county_id=f.county_id,
        listed=listed,
        code=f.code,
        municipality_id=f.municipality_id,
        available_from=f.available_from,
        norwegian_level=f.norwegian_level or "",
        birth_month=f.birth_month,
        extents=f.extents,
        facilitation_codes=f.facilitation_codes,
    )


def _need_terms(f: NeedFacts, status: str) -> NeedTerms:
    return NeedTerms(
        need_id=f.pk,
        terms=sorted(f.terms),
        occupation_terms=sorted(f.occupation_terms),
        occupation_code=f.occupation_code,
        offers=f.offers,
        status=status,
        county_id=f.county_id,
        municipality_id=f.municipality_id,
        start_date=f.start_date,
        extent=f.extent,
        norwegian_level=f.norwegian_level,
        minimum_age=f.minimum_age,
        maximum_age=f.maximum_age,
        driving_licences=f.driving_licences,
    )


PROFILE_COPIES = [
    "county_id",
    "listed",
    "code",
    "municipality_id",
    "available_from",
    "norwegian_level",
    "birth_month",
    "extents",
    "facilitation_codes",
]
NEED_COPIES = [
    "status",
    "county_id",
    "municipality_id",
    "start_date",
    "extent",
    "norwegian_level",
    "minimum_age",
    "maximum_age",
    "driving_licences",
]


def profile_terms_refresh(*, profile_ids) -> int:
    ids = list(profile_ids)
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = list(CandidateProfile.objects.filter(pk__in=chunk).values(*PROFILE_FIELDS))
        listed = {r["pk"]: r["listed"] for r in rows}
        facts = profile_facts(rows)
        with transaction.atomic():
            ProfileTerms.objects.bulk_create(
                [_profile_terms(f, listed[f.pk]) for f in facts],
                update_conflicts=True,
                unique_fields=["profile"],
                update_fields=[
                    "wish4",
                    "wish3",
                    "wish2",
                    "wish1",
                    "competence",
                    "experience",
                    "interests",
                    "licences",
                    "travel_county_ids",
                    *PROFILE_COPIES,
                ],
            )
        done += len(facts)
    return done


def need_terms_refresh(*, need_ids) -> int:
    ids = list(need_ids)
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = list(Need.objects.filter(pk__in=chunk).values(*NEED_FIELDS, "status"))
        status = {r["pk"]: r["status"] for r in rows}
        facts = need_facts(rows)
        NeedTerms.objects.bulk_create(
            [_need_terms(f, status[f.pk]) for f in facts],
            update_conflicts=True,
            unique_fields=["need"],
            update_fields=["terms", "occupation_terms", "occupation_code", "offers", *NEED_COPIES],
        )
        done += len(facts)
    return done


def reindex_all(*, missing_only: bool = False) -> tuple[int, int]:
    profiles = CandidateProfile.objects.order_by("pk")
    needs = Need.objects.order_by("pk")
    if missing_only:
        profiles = profiles.filter(match_terms__isnull=True)
        needs = needs.filter(match_terms__isnull=True)
    return (
        profile_terms_refresh(profile_ids=profiles.values_list("pk", flat=True)),
        need_terms_refresh(need_ids=needs.values_list("pk", flat=True)),
    )


def cluster_by_county() -> None:
    """Store the profiles' match rows in county order, so a county's rows share few pages (the
    ranking reads one county at a time). Takes a table lock: for seeding and maintenance only."""
    from django.db import connection

    from core.db_roles import as_owner

    # CLUSTER is the table owner's to run (the application role is not), outside a transaction
    # with pending constraint checks: the demo seeder calls this after its commit.
    with as_owner(), connection.cursor() as cursor:
        cursor.execute("CLUSTER matching_profileterms USING profileterms_county_idx")
        cursor.execute("ANALYZE matching_profileterms")
