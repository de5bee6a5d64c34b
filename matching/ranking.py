"""The ranking in PostgreSQL: one query per direction returns the top N with every component.

The need's (or candidate's) side of each comparison is known before the query runs, so it is
passed as parameters and the per-row work is a handful of array containment tests on the profile
(or need) row and its derived terms: no joins to job wishes, no text processing per row. The
component expressions mirror scoring.components(); tests/matching/test_ranking.py and
bench/bench_matching.py check that both give the same top 20.
"""

import re
from dataclasses import dataclass

from django.db import connection, transaction

from core.vocabulary import NorwegianLevel

from .scoring import (
    COMPETENCE_MAX,
    COMPETENCE_PER_TERM,
    COMPONENTS,
    EXPERIENCE_POINTS,
    EXTENT_POINTS,
    FACILITATION_MAX,
    FACILITATION_PER_NEED,
    INTEREST_POINTS,
    NO_REQUIREMENT,
    OCCUPATION_POINTS,
    REGION_COUNTY,
    REGION_MUNICIPALITY,
    NeedFacts,
    ProfileFacts,
    age_bounds,
    implied_licences,
    styrk_prefixes,
)


@dataclass
class Ranked:
    pk: int
    key: str  # profile code, or need pk as text
    components: dict[str, int]
    meets: bool

    @property
    def score(self) -> int:
        return sum(self.components.values())


def _count_contained(column: str, values, params: list) -> str:
    """SQL for how many of `values` the array `column` holds (0 when there are none)."""
    if not values:
        return "0"
    parts = []
    for v in sorted(set(values)):
        params.append([v])
        parts.append(f"({column} @> %s::varchar[])::int")
    return "(" + " + ".join(parts) + ")"


def _capped(count_sql: str, per: int, cap: int) -> str:
    return f"LEAST({cap}, {per} * {count_sql})"


def _run(sql: str, params: list, key_is_code: bool) -> list[Ranked]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for row in rows:
        pk, key, *values, meets = row
        out.append(
            Ranked(
                pk=pk,
                key=key if key_is_code else str(pk),
                components=dict(zip(COMPONENTS, values, strict=True)),
                meets=meets,
            )
        )
    return out


# The most a profile sharing nothing but the occupation's major group can score.
OUTSIDE_POOL_MAX = OCCUPATION_POINTS[1] + REGION_MUNICIPALITY + EXTENT_POINTS

# Profiles in the need's county or willing to travel there: two indexed lookups.
REGION_IDS = (
    "SELECT id FROM candidates_candidateprofile WHERE county_id = %s AND listed"
    " UNION SELECT profile_id FROM matching_profileterms WHERE travel_county_ids @> ARRAY[%s]::integer[]"
)


def rank_profiles(need: NeedFacts, *, top: int = 20, strict: bool = True, offset: int = 0) -> list[Ranked]:
    """Listed anonymised profiles for one need, best first (ties by profile code).

    Strict rankings first score only a pool: the county's profiles that share at least one
    feature with the need (an occupation group of two digits or more, a facilitation code, a
    word) plus everyone willing to travel there, found through GIN indexes. A profile outside
    the pool scores at most OUTSIDE_POOL_MAX (major group, place, extent), so when the last row
    wanted from the pool scores more than that, the pool's order is the whole ranking's order;
    otherwise the whole county is scored.
    """
    if strict:
        pooled = _rank_profiles(need, top=top, strict=True, offset=offset, pool=True)
        if len(pooled) == top and pooled[-1].score > OUTSIDE_POOL_MAX:
            return pooled
    return _rank_profiles(need, top=top, strict=strict, offset=offset, pool=False)


def _pool(need: NeedFacts, params: list) -> str:
    """SQL for the ids of the pool (see rank_profiles), appending its parameters."""
    parts = []
    if need.offers:
        parts.append(
            "SELECT id FROM candidates_candidateprofile WHERE county_id = %s AND listed"
            " AND facilitation_codes && %s::varchar[]"
        )
        params += [need.county_id, sorted(need.offers)]
    shared = []
    if need.occupation_code:
        shared.append("wish2 && %s::varchar[]")
        params_shared = [[need.occupation_code[:2]]]
    else:
        params_shared = []
    for column, values in (
        ("experience", need.occupation_terms),
        ("competence", need.terms),
        ("interests", need.terms),
    ):
        if values:
            shared.append(f"{column} && %s::varchar[]")
            params_shared.append(sorted(values))
    if shared:
        any_shared = " OR ".join(shared)
        parts.append(
            f"SELECT profile_id FROM matching_profileterms WHERE county_id = %s AND ({any_shared})"  # noqa: S608
        )
        params += [need.county_id, *params_shared]
    parts.append(
        "SELECT profile_id FROM matching_profileterms WHERE travel_county_ids @> ARRAY[%s]::integer[]"
    )
    params.append(need.county_id)
    return " UNION ".join(parts)


def _rank_profiles(need: NeedFacts, *, top: int, strict: bool, offset: int, pool: bool) -> list[Ranked]:
    p: list = []
    occ = "0"
    if need.occupation_code:
        whens = []
        for n in (4, 3, 2, 1):
            p.append([need.occupation_code[:n]])
            whens.append(f"WHEN t.wish{n} @> %s::varchar[] THEN {OCCUPATION_POINTS[n]}")
        occ = "CASE " + " ".join(whens) + " ELSE 0 END"
    exp = "0"
    if need.occupation_terms:
        p.append(sorted(need.occupation_terms))
        exp = f"CASE WHEN t.experience && %s::varchar[] THEN {EXPERIENCE_POINTS} ELSE 0 END"
    comp = _capped(_count_contained("t.competence", need.terms, p), COMPETENCE_PER_TERM, COMPETENCE_MAX)
    fac = _capped(
        _count_contained("p.facilitation_codes", need.offers, p), FACILITATION_PER_NEED, FACILITATION_MAX
    )
    p += [need.municipality_id, need.county_id]
    region = (
        f"CASE WHEN p.municipality_id = %s THEN {REGION_MUNICIPALITY} "
        f"WHEN p.county_id = %s THEN {REGION_COUNTY} ELSE 0 END"
    )
    p.append([need.extent])
    extent = f"CASE WHEN p.extents @> %s::varchar[] THEN {EXTENT_POINTS} ELSE 0 END"
    interests = "0"
    if need.terms:
        p.append(sorted(need.terms))
        interests = f"CASE WHEN t.interests && %s::varchar[] THEN {INTEREST_POINTS} ELSE 0 END"
    # Hard filters, as one boolean (strict: also in WHERE).
    filters, fp = [], []
    if need.driving_licences:
        filters.append("t.licences @> %s::varchar[]")
        fp.append(sorted(set(need.driving_licences)))
    filters.append("(p.county_id = %s OR t.travel_county_ids @> ARRAY[%s]::integer[])")
    fp += [need.county_id, need.county_id]
    if need.start_date:
        filters.append("(p.available_from IS NULL OR p.available_from <= %s)")
        fp.append(need.start_date)
    if need.norwegian_level and need.norwegian_level != NO_REQUIREMENT:
        filters.append("p.norwegian_level = ANY(%s::varchar[])")
        fp.append(NorwegianLevel.at_least(need.norwegian_level))
    latest, after = age_bounds(need.minimum_age, need.maximum_age, need.age_on)
    if latest is not None:
        filters.append("p.birth_month <= %s")
        fp.append(latest)
    if after is not None:
        filters.append("p.birth_month > %s")
        fp.append(after)
    meets = " AND ".join(filters)
    where = "p.listed"
    wp: list = []
    if strict and pool:
        where += " AND p.id IN (" + _pool(need, wp) + ") AND " + meets
        wp += fp
    elif strict:
        # The region filter as a union of two indexed lookups, then the rest per row.
        where += " AND p.id IN (" + REGION_IDS + ") AND " + meets
        wp = [need.county_id, need.county_id, *fp]
    sql = f"""
        SELECT * FROM (
            SELECT p.id, p.code, {occ} AS occupation, {exp} AS experience, {comp} AS competence,
                   {fac} AS facilitation, {region} AS region, {extent} AS extent, {interests} AS interests,
                   ({meets}) AS meets
            FROM candidates_candidateprofile p
            JOIN matching_profileterms t ON t.profile_id = p.id
            WHERE {where}
        ) s
        ORDER BY s.meets DESC,
                 (s.occupation + s.experience + s.competence + s.facilitation + s.region + s.extent + s.interests) DESC,
                 s.code
        LIMIT %s OFFSET %s
    """  # noqa: S608 (only our own SQL fragments are formatted in; values are parameters)
    return _run(sql, [*p, *fp, *wp, top, offset], key_is_code=True)


def rank_needs(
    profile: ProfileFacts, *, top: int = 20, strict: bool = True, offset: int = 0, today=None
) -> list[Ranked]:
    """Open needs for one candidate's profile, best first (ties by need id)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    p: list = []
    prefixes = styrk_prefixes(profile.wish_codes)
    occ = "0"
    if profile.wish_codes:
        whens = []
        for n in (4, 3, 2, 1):
            p.append(prefixes[n])
            whens.append(
                f"WHEN left(nt.occupation_code, {n}) = ANY(%s::varchar[]) THEN {OCCUPATION_POINTS[n]}"
            )
        occ = "CASE WHEN nt.occupation_code = '' THEN 0 " + " ".join(whens) + " ELSE 0 END"
    exp = "0"
    if profile.experience_terms:
        p.append(sorted(profile.experience_terms))
        exp = f"CASE WHEN nt.occupation_terms && %s::varchar[] THEN {EXPERIENCE_POINTS} ELSE 0 END"
    comp = _capped(
        _count_contained("nt.terms", profile.competence_terms, p), COMPETENCE_PER_TERM, COMPETENCE_MAX
    )
    fac = _capped(
        _count_contained("nt.offers", profile.facilitation_codes, p),
        FACILITATION_PER_NEED,
        FACILITATION_MAX,
    )
    p += [profile.municipality_id, profile.county_id]
    region = (
        f"CASE WHEN n.municipality_id = %s THEN {REGION_MUNICIPALITY} "
        f"WHEN n.county_id = %s THEN {REGION_COUNTY} ELSE 0 END"
    )
    if not profile.extents:
        extent = "0"
    else:
        p.append(sorted(profile.extents))
        extent = f"CASE WHEN n.extent = ANY(%s::varchar[]) THEN {EXTENT_POINTS} ELSE 0 END"
    interests = "0"
    if profile.interest_terms:
        p.append(sorted(profile.interest_terms))
        interests = f"CASE WHEN nt.terms && %s::varchar[] THEN {INTEREST_POINTS} ELSE 0 END"
    regions = sorted({profile.county_id, *profile.travel_county_ids})
    filters = ["%s::varchar[] @> n.driving_licences", "n.county_id = ANY(%s)"]
    fp: list = [implied_licences(profile.driving_licences), regions]
    if profile.available_from:
        filters.append("(n.start_date IS NULL OR n.start_date >= %s)")
        fp.append(profile.available_from)
    # Norwegian: the levels this candidate meets, "no requirement" always included.
    rank = NorwegianLevel.rank(profile.norwegian_level)
    filters.append("n.norwegian_level = ANY(%s::varchar[])")
    fp.append([NO_REQUIREMENT, *NorwegianLevel.values[1 : rank + 1]] if rank > 0 else [NO_REQUIREMENT])
    # Age limits on the need's start date (today without one), as core.vocabulary.age_limits_q.
    on = "COALESCE(n.start_date, %s::date)"
    if profile.birth_month is None:
        filters.append("(n.minimum_age IS NULL AND n.maximum_age IS NULL)")
    else:
        filters.append(
            f"(n.minimum_age IS NULL OR %s::date <= {on} - make_interval(years => n.minimum_age, months => 1))"
            f" AND (n.maximum_age IS NULL OR %s::date > {on} - make_interval(years => n.maximum_age + 1, months => 1))"
        )
        fp += [profile.birth_month, today, profile.birth_month, today]
    meets = " AND ".join(filters)
    where = "n.status = 'apen'"
    wp: list = []
    if strict:
        where += " AND " + meets
        wp = fp
    sql = f"""
        SELECT * FROM (
            SELECT n.id, n.title, {occ} AS occupation, {exp} AS experience, {comp} AS competence,
                   {fac} AS facilitation, {region} AS region, {extent} AS extent, {interests} AS interests,
                   ({meets}) AS meets
            FROM employers_need n
            JOIN matching_needterms nt ON nt.need_id = n.id
            WHERE {where}
        ) s
        ORDER BY s.meets DESC,
                 (s.occupation + s.experience + s.competence + s.facilitation + s.region + s.extent + s.interests) DESC,
                 s.id
        LIMIT %s OFFSET %s
    """  # noqa: S608 (only our own SQL fragments are formatted in; values are parameters)
    return _run(sql, [*p, *fp, *wp, top, offset], key_is_code=False)


# Both sides as columns: the same components and hard filters as above, for many needs and
# many profiles in one query (the weekly e-mail counts each need's well-fitting candidates).
# The score in two parts: the cheap components (equality and overlap tests), and the two counted
# ones (words, facilitation), which are computed only for pairs that could still reach the
# minimum and only when the arrays overlap at all: the set intersection is the costly step.
PAIR_CHEAP = f"""
    (CASE WHEN nt.occupation_code = '' THEN 0
          WHEN nt.occupation_code = ANY(t.wish4) THEN {OCCUPATION_POINTS[4]}
          WHEN left(nt.occupation_code, 3) = ANY(t.wish3) THEN {OCCUPATION_POINTS[3]}
          WHEN left(nt.occupation_code, 2) = ANY(t.wish2) THEN {OCCUPATION_POINTS[2]}
          WHEN left(nt.occupation_code, 1) = ANY(t.wish1) THEN {OCCUPATION_POINTS[1]}
          ELSE 0 END)
  + (CASE WHEN t.experience && nt.occupation_terms THEN {EXPERIENCE_POINTS} ELSE 0 END)
  + (CASE WHEN p.municipality_id = n.municipality_id THEN {REGION_MUNICIPALITY}
          WHEN p.county_id = n.county_id THEN {REGION_COUNTY} ELSE 0 END)
  + (CASE WHEN n.extent = ANY(p.extents) THEN {EXTENT_POINTS} ELSE 0 END)
  + (CASE WHEN t.interests && nt.terms THEN {INTEREST_POINTS} ELSE 0 END)
"""
PAIR_COUNTED = f"""
    (CASE WHEN nt.terms && t.competence THEN LEAST({COMPETENCE_MAX}, {COMPETENCE_PER_TERM} * cardinality(ARRAY(
        SELECT unnest(nt.terms) INTERSECT SELECT unnest(t.competence)))) ELSE 0 END)
  + (CASE WHEN nt.offers && p.facilitation_codes THEN LEAST({FACILITATION_MAX}, {FACILITATION_PER_NEED}
        * cardinality(ARRAY(SELECT unnest(nt.offers) INTERSECT SELECT unnest(p.facilitation_codes)))) ELSE 0 END)
"""
# %s: the Norwegian scale in order (twice), then today (twice) for age limits without a start date.
PAIR_MEETS = """
    t.licences @> n.driving_licences::varchar[]
    AND (p.county_id = n.county_id OR n.county_id = ANY(t.travel_county_ids))
    AND (n.start_date IS NULL OR p.available_from IS NULL OR p.available_from <= n.start_date)
    AND (n.norwegian_level = '%(none)s'
         OR array_position(%%s::varchar[], p.norwegian_level) >= array_position(%%s::varchar[], n.norwegian_level))
    AND ((n.minimum_age IS NULL AND n.maximum_age IS NULL)
         OR (p.birth_month IS NOT NULL
             AND (n.minimum_age IS NULL OR p.birth_month
                  <= COALESCE(n.start_date, %%s::date) - make_interval(years => n.minimum_age, months => 1))
             AND (n.maximum_age IS NULL OR p.birth_month
                  > COALESCE(n.start_date, %%s::date) - make_interval(years => n.maximum_age + 1, months => 1))))
""" % {"none": NO_REQUIREMENT}  # noqa: UP031

# The same expressions over the two CTEs below: the pair's `nt.` and `t.` columns live on `n`
# and `p`, and the counted part reads the filtered pairs `n_p`.
PAIR_MEETS_CTE = re.sub(r"\bnt\.", "n.", re.sub(r"\bt\.", "p.", PAIR_MEETS))
PAIR_CHEAP_CTE = re.sub(r"\bnt\.", "n.", re.sub(r"\bt\.", "p.", PAIR_CHEAP))
PAIR_COUNTED_CTE = re.sub(r"\b(nt|t|n|p)\.", "n_p.", PAIR_COUNTED)
# The needs' side, read once: each need with its terms (%s: the need ids).
NEEDS_CTE = """
    SELECT n.id, n.county_id, n.municipality_id, n.extent, n.driving_licences, n.start_date,
           n.norwegian_level, n.minimum_age, n.maximum_age,
           nt.occupation_code, nt.terms, nt.occupation_terms, nt.offers
    FROM employers_need n JOIN matching_needterms nt ON nt.need_id = n.id
    WHERE n.id = ANY(%s)
"""


def _fetch_without_jit(sql: str, params: list) -> list[tuple]:
    """Run a pair-count query with PostgreSQL's JIT off for it alone: the planner's cost for the
    pairs triggers JIT compilation, which took longer than the query itself (8.2 s of
    compilation around a 7 s query for 20 counsellors on the large data set, EXPLAIN ANALYZE)."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def fit_counts(
    *,
    need_ids: list[int],
    minimum: int,
    profile_ids: list[int] | None = None,
    counsellor_id: int | None = None,
    today=None,
) -> dict[int, int]:
    """need id -> how many profiles pass the need's hard filters (strict ranking) and score at
    least `minimum`; needs with none are left out. The profiles: `profile_ids`, or those of the
    candidates whose responsible counsellor is `counsellor_id`. One query for all pairs, giving
    the same numbers as counting rank_profiles(strict=True) rows per need (test_fit_counts.py)."""
    from django.utils import timezone

    if (profile_ids is None) == (counsellor_id is None):
        raise TypeError("fit_counts needs exactly one of profile_ids and counsellor_id")
    if not need_ids:
        return {}
    today = today or timezone.localdate()
    scale = list(NorwegianLevel.values)
    if profile_ids is not None:
        profiles, who = "p.id = ANY(%s)", list(profile_ids)
    else:
        profiles = "p.candidate_id IN (SELECT id FROM candidates_candidate WHERE counsellor_id = %s)"
        who = counsellor_id
    # Each side read once into a CTE (needs with their terms, profiles with theirs), then every
    # pair compared in memory: the pair expressions' `nt.` and `t.` columns live on `n` and `p`.
    meets, cheap, counted = PAIR_MEETS_CTE, PAIR_CHEAP_CTE, PAIR_COUNTED_CTE
    sql = f"""
        WITH n AS MATERIALIZED ({NEEDS_CTE}), p AS MATERIALIZED (
            SELECT p.id, p.county_id, p.municipality_id, p.extents, p.facilitation_codes, p.available_from,
                   p.norwegian_level, p.birth_month, t.wish4, t.wish3, t.wish2, t.wish1, t.experience,
                   t.competence, t.interests, t.licences, t.travel_county_ids
            FROM candidates_candidateprofile p JOIN matching_profileterms t ON t.profile_id = p.id
            WHERE {profiles} AND p.listed
        )
        SELECT id, count(*) FROM (
            SELECT n.id, {cheap} AS cheap, n.terms, n.offers, p.competence, p.facilitation_codes
            FROM n CROSS JOIN p
            WHERE {meets}
        ) n_p
        WHERE cheap + {COMPETENCE_MAX + FACILITATION_MAX} >= %s
          AND cheap + {counted} >= %s
        GROUP BY id
    """  # noqa: S608 (only our own SQL fragments are formatted in; values are parameters)
    return dict(_fetch_without_jit(sql, [list(need_ids), who, scale, scale, today, today, minimum, minimum]))


def fit_counts_by_counsellor(
    *, need_ids: list[int], counsellor_ids: list[int], minimum: int, today=None
) -> dict[int, dict[int, int]]:
    """counsellor id -> {need id -> count} for many counsellors in one query: for each counsellor
    exactly what fit_counts(need_ids=…, counsellor_id=…) returns (counsellors with no count are
    left out). The weekly e-mail's fan-out runs it once for every recipient instead of one
    fit_counts per recipient. Pairs are formed only where the region filter can hold (a profile's
    county or a county it travels to equals the need's; the same filter stays in the WHERE), so
    the work is each profile × its regions' needs, not every profile × every need."""
    from django.utils import timezone

    if not need_ids or not counsellor_ids:
        return {}
    today = today or timezone.localdate()
    scale = list(NorwegianLevel.values)
    meets, cheap, counted = PAIR_MEETS_CTE, PAIR_CHEAP_CTE, PAIR_COUNTED_CTE
    sql = f"""
        WITH n AS MATERIALIZED ({NEEDS_CTE}), p AS MATERIALIZED (
            SELECT c.counsellor_id, p.id, p.county_id, p.municipality_id, p.extents, p.facilitation_codes,
                   p.available_from, p.norwegian_level, p.birth_month, t.wish4, t.wish3, t.wish2, t.wish1,
                   t.experience, t.competence, t.interests, t.licences, t.travel_county_ids
            FROM candidates_candidate c
            JOIN candidates_candidateprofile p ON p.candidate_id = c.id
            JOIN matching_profileterms t ON t.profile_id = p.id
            WHERE c.counsellor_id = ANY(%s) AND p.listed
        ), reach AS (
            SELECT DISTINCT p.id, r.county_id
            FROM p CROSS JOIN LATERAL unnest(array_append(p.travel_county_ids, p.county_id)) AS r(county_id)
        )
        SELECT counsellor_id, id, count(*) FROM (
            SELECT p.counsellor_id, n.id, {cheap} AS cheap, n.terms, n.offers, p.competence,
                   p.facilitation_codes
            FROM n JOIN reach ON reach.county_id = n.county_id JOIN p ON p.id = reach.id
            WHERE {meets}
        ) n_p
        WHERE cheap + {COMPETENCE_MAX + FACILITATION_MAX} >= %s
          AND cheap + {counted} >= %s
        GROUP BY counsellor_id, id
    """  # noqa: S608 (only our own SQL fragments are formatted in; values are parameters)
    out: dict[int, dict[int, int]] = {}
    params = [list(need_ids), list(counsellor_ids), scale, scale, today, today, minimum, minimum]
    for counsellor_id, need_id, count in _fetch_without_jit(sql, params):
        out.setdefault(counsellor_id, {})[need_id] = count
    return out
