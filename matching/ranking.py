"""The ranking in PostgreSQL: one query builder for both directions returns the top N with every
component.

The subject's side of each comparison (the need's, or the candidate's) is known before the query
runs, so it is passed as parameters, and the per-row work is a handful of array tests on one
narrow row of the match table (`ProfileTerms` / `NeedTerms`: derived terms plus copies of the
columns the filters read), never a join to the wide profile or need table. The component
expressions mirror scoring.components(); tests/matching/test_ranking.py and
bench/bench_matching.py check that both give the same top 20.

Ranking profiles for a need is the expensive direction (a county holds thousands of profiles), so
a strict ranking scores in stages (`rank_profiles`): first the profiles that share the need's
STYRK group of two digits, then only the profiles that can still reach the score of the last row
wanted — found through GIN indexes — and the whole region only when nothing can be ruled out.
"""

import re
from dataclasses import dataclass, field
from itertools import combinations

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


@dataclass
class RankQuery:
    """One direction's query: the match table (alias `t`), the component expressions and the hard
    filters with their parameters, the rows that take part at all, and the tie-break column."""

    key: str  # "t.profile_id, t.code" / "t.need_id, t.need_id::text"
    table: str
    tie: str
    base: str  # rows that take part at all (listed profiles, open needs)
    components: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    filter_params: list = field(default_factory=list)

    def component(self, sql: str, *params) -> None:
        self.components.append(sql)
        self.params.extend(params)

    def hard(self, sql: str, *params) -> None:
        self.filters.append(sql)
        self.filter_params.extend(params)

    def run(self, *, top: int, offset: int, strict: bool, where: str = "", where_params=()) -> list[Ranked]:
        """The top rows, best first: those meeting the hard filters first (only those when
        strict), then by score, then by the tie-break. `where` narrows the rows scored."""
        meets = " AND ".join(self.filters) or "TRUE"
        conditions, params = [self.base], [*self.params, *self.filter_params]
        if strict:
            conditions.append(meets)
            params += self.filter_params
        if where:
            conditions.append(where)
            params += list(where_params)
        columns = ", ".join(f"{sql} AS {name}" for sql, name in zip(self.components, COMPONENTS, strict=True))
        total = " + ".join(f"s.{name}" for name in COMPONENTS)
        sql = f"""
            SELECT * FROM (
                SELECT {self.key}, {columns}, ({meets}) AS meets
                FROM {self.table} t
                WHERE {" AND ".join(conditions)}
            ) s
            ORDER BY s.meets DESC, ({total}) DESC, s.{self.tie}
            LIMIT %s OFFSET %s
        """  # noqa: S608 (only our own SQL fragments are formatted in; values are parameters)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, top, offset])
            rows = cursor.fetchall()
        out = []
        for pk, key, *values, row_meets in rows:
            out.append(
                Ranked(
                    pk=pk,
                    key=str(key),
                    components=dict(zip(COMPONENTS, values, strict=True)),
                    meets=row_meets,
                )
            )
        return out


def _count_contained(column: str, values) -> tuple[str, list]:
    """SQL for how many of `values` the array `column` holds (0 when there are none)."""
    if not values:
        return "0", []
    values = sorted(set(values))
    return "(" + " + ".join(f"({column} @> %s::varchar[])::int" for _ in values) + ")", [[v] for v in values]


def _capped(count: tuple[str, list], per: int, cap: int) -> tuple[str, list]:
    sql, params = count
    return f"LEAST({cap}, {per} * {sql})", params


# --- Profiles for a need --------------------------------------------------------------------------


def _profiles_query(need: NeedFacts) -> RankQuery:
    q = RankQuery(
        key="t.profile_id, t.code AS key", table="matching_profileterms", tie="key", base="t.listed"
    )
    if need.occupation_code:
        whens = " ".join(f"WHEN t.wish{n} @> %s::varchar[] THEN {OCCUPATION_POINTS[n]}" for n in (4, 3, 2, 1))
        q.component(f"CASE {whens} ELSE 0 END", *[[need.occupation_code[:n]] for n in (4, 3, 2, 1)])
    else:
        q.component("0")
    if need.occupation_terms:
        q.component(
            f"CASE WHEN t.experience && %s::varchar[] THEN {EXPERIENCE_POINTS} ELSE 0 END",
            sorted(need.occupation_terms),
        )
    else:
        q.component("0")
    sql, params = _capped(_count_contained("t.competence", need.terms), COMPETENCE_PER_TERM, COMPETENCE_MAX)
    q.component(sql, *params)
    sql, params = _capped(
        _count_contained("t.facilitation_codes", need.offers), FACILITATION_PER_NEED, FACILITATION_MAX
    )
    q.component(sql, *params)
    q.component(
        f"CASE WHEN t.municipality_id = %s THEN {REGION_MUNICIPALITY} "
        f"WHEN t.county_id = %s THEN {REGION_COUNTY} ELSE 0 END",
        need.municipality_id,
        need.county_id,
    )
    q.component(f"CASE WHEN t.extents @> %s::varchar[] THEN {EXTENT_POINTS} ELSE 0 END", [need.extent])
    if need.terms:
        q.component(
            f"CASE WHEN t.interests && %s::varchar[] THEN {INTEREST_POINTS} ELSE 0 END", sorted(need.terms)
        )
    else:
        q.component("0")
    if need.driving_licences:
        q.hard("t.licences @> %s::varchar[]", sorted(set(need.driving_licences)))
    # Written so no index serves it: the stages find their rows through their own indexed
    # conditions (`_in_region`, `_able_to_reach`), and the planner, offered the county's index
    # here, would read the whole county instead (it prices the array tests far too low).
    q.hard("(t.county_id + 0 = %s OR %s = ANY(t.travel_county_ids))", need.county_id, need.county_id)
    if need.start_date:
        q.hard("(t.available_from IS NULL OR t.available_from <= %s)", need.start_date)
    if need.norwegian_level and need.norwegian_level != NO_REQUIREMENT:
        q.hard("t.norwegian_level = ANY(%s::varchar[])", NorwegianLevel.at_least(need.norwegian_level))
    latest, after = age_bounds(need.minimum_age, need.maximum_age, need.age_on)
    if latest is not None:
        q.hard("t.birth_month <= %s", latest)
    if after is not None:
        q.hard("t.birth_month > %s", after)
    return q


def _in_region(need: NeedFacts, condition: str, params: list) -> tuple[str, list]:
    """Profiles of the need's county, or willing to travel there, that meet `condition`: an OR of
    two indexed lookups (the county's btree, the travel GIN), each ANDed with the condition's
    GIN tests, so PostgreSQL reads only the matching rows of the one table."""
    sql = (
        f"((t.county_id = %s AND {condition})"
        f" OR (t.travel_county_ids @> ARRAY[%s]::integer[] AND {condition}))"
    )
    return sql, [need.county_id, *params, need.county_id, *params]


def _able_to_reach(need: NeedFacts, staged: list[Ranked]) -> tuple[str, list] | None:
    """A condition every profile of the region that can score the bar (the last staged row's
    score) or more meets, made of indexed tests, then its bound (`_upper_bound`) as a last cheap
    filter on the rows found; None when nothing can be ruled out.

    Stage one scored every profile of the need's STYRK group of two digits exactly, so of the
    group only its top rows can be in the answer. Any other profile gets at most the major
    group's points for occupation, extent and its place (municipality, county, or none for
    those who travel there); beyond those, each of the rarer features it holds (experience with
    the occupation, shared competence words, shared interests) and the need's facilitation
    offers it needs must make up the bar. So for each set of rare features and each place, the
    profile needs at least so many facilitation needs: an arm of GIN tests (the features) and a
    btree range (place, number of facilitation needs), each a few hundred rows."""
    bar = staged[-1].score
    parts, params = ["t.profile_id = ANY(%s)"], [[r.pk for r in staged]]
    rare = []
    if need.occupation_terms:
        rare.append((EXPERIENCE_POINTS, "t.experience && %s::varchar[]", sorted(need.occupation_terms)))
    if need.terms:
        most = min(COMPETENCE_MAX, COMPETENCE_PER_TERM * len(need.terms))
        rare.append((most, "t.competence && %s::varchar[]", sorted(need.terms)))
        rare.append((INTEREST_POINTS, "t.interests && %s::varchar[]", sorted(need.terms)))
    common = OCCUPATION_POINTS[1] + EXTENT_POINTS
    most_covered = min(FACILITATION_MAX // FACILITATION_PER_NEED, len(set(need.offers)))
    places = (
        (REGION_MUNICIPALITY, "t.municipality_id = %s", need.municipality_id),
        (REGION_COUNTY, "t.county_id = %s", need.county_id),
        (0, "t.travel_county_ids @> ARRAY[%s]::integer[]", need.county_id),
    )
    whole = set()  # places every profile of which is taken
    for size in range(len(rare) + 1):
        for chosen in combinations(rare, size):
            for place, at, value in places:
                short = bar - common - place - sum(points for points, _sql, _v in chosen)
                covered = -(-short // FACILITATION_PER_NEED)  # ceil
                if covered > most_covered or place in whole:
                    continue  # this set cannot reach the bar here, or the place is taken whole
                if covered <= 0 and not chosen:
                    if place == REGION_COUNTY:
                        return None  # any profile of the county could
                    whole.add(place)
                arm = [at] + [sql for _p, sql, _v in chosen]
                arm_params = [value] + [v for _p, _sql, v in chosen]
                if covered > 0:
                    arm.append("t.facilitation_n >= %s")
                    arm_params.append(covered)
                parts.append("(" + " AND ".join(arm) + ")")
                params += arm_params
    bound, bound_params = _upper_bound(need)
    return f"({' OR '.join(parts)}) AND {bound} >= %s", [*params, *bound_params, bar]


def _sig(values) -> tuple[str, list]:
    """SQL for the need side's signature of `values` (the same hash as the row's columns)."""
    return "matching_sig(%s::varchar[])", [sorted(set(values))]


def _upper_bound(need: NeedFacts, t: str = "t") -> tuple[str, list]:
    """SQL for a bound every profile's score stays at or under, from the signature columns alone
    (integer tests, no array is read): a hash collision can only raise it, never lower it. The
    counted components take the fewer of the two sides' counts, which a collision cannot raise."""
    parts, params = [], []
    if need.occupation_code:
        whens = []
        for n in (4, 3, 2, 1):
            sql, p = _sig([need.occupation_code[:n]])
            whens.append(f"WHEN {t}.wish{n}_sig & {sql} <> 0 THEN {OCCUPATION_POINTS[n]}")
            params += p
        parts.append(f"CASE {' '.join(whens)} ELSE 0 END")
    if need.occupation_terms:
        sql, p = _sig(need.occupation_terms)
        parts.append(f"CASE WHEN {t}.experience_sig & {sql} <> 0 THEN {EXPERIENCE_POINTS} ELSE 0 END")
        params += p
    if need.terms:
        sql, p = _sig(need.terms)
        parts.append(
            f"CASE WHEN {t}.competence_sig & {sql} <> 0 THEN LEAST({COMPETENCE_MAX}, {COMPETENCE_PER_TERM}"
            f" * LEAST({t}.competence_n, {len(need.terms)})) ELSE 0 END"
        )
        parts.append(f"CASE WHEN {t}.interests_sig & {sql} <> 0 THEN {INTEREST_POINTS} ELSE 0 END")
        params += p + p
    if need.offers:
        sql, p = _sig(need.offers)
        parts.append(
            f"CASE WHEN {t}.facilitation_sig & {sql} <> 0 THEN LEAST({FACILITATION_MAX}, {FACILITATION_PER_NEED}"
            f" * LEAST({t}.facilitation_n, {len(set(need.offers))})) ELSE 0 END"
        )
        params += p
    parts.append(
        f"CASE WHEN {t}.municipality_id = %s THEN {REGION_MUNICIPALITY} WHEN {t}.county_id = %s THEN {REGION_COUNTY} ELSE 0 END"
    )
    params += [need.municipality_id, need.county_id]
    sql, p = _sig([need.extent])
    parts.append(f"CASE WHEN {t}.extents_sig & {sql} <> 0 THEN {EXTENT_POINTS} ELSE 0 END")
    params += p
    return "(" + " + ".join(parts) + ")", params


def rank_profiles(need: NeedFacts, *, top: int = 20, strict: bool = True, offset: int = 0) -> list[Ranked]:
    """Listed anonymised profiles for one need, best first (ties by profile code).

    A strict ranking scores in two stages. Stage one: the region's profiles sharing the need's
    STYRK group of two digits (GIN). If it yields the rows wanted, the last one's score T is a
    bar: a profile outside stage one gets at most the major group's points for occupation, so it
    can reach T only with enough of experience, competence and facilitation; stage two scores
    stage one plus the profiles holding such a set of features (GIN again). Every profile scoring
    T or more is scored, so the order — ties by code included — is the whole region's order.
    Without a bar (too few rows in stage one, or a bar any profile could reach) the whole region
    is scored.
    """
    q = _profiles_query(need)
    wanted = offset + top
    if strict and need.occupation_code:
        first, first_params = _in_region(need, "t.wish2 && %s::varchar[]", [[need.occupation_code[:2]]])
        staged = q.run(top=wanted, offset=0, strict=True, where=first, where_params=first_params)
        if len(staged) == wanted:
            able = _able_to_reach(need, staged)
            where, where_params = able if able is not None else _in_region(need, "TRUE", [])
            return q.run(top=top, offset=offset, strict=True, where=where, where_params=where_params)
    if strict:
        where, where_params = _in_region(need, "TRUE", [])
        return q.run(top=top, offset=offset, strict=True, where=where, where_params=where_params)
    return q.run(top=top, offset=offset, strict=False)


# --- Needs for a candidate ------------------------------------------------------------------------


def rank_needs(
    profile: ProfileFacts, *, top: int = 20, strict: bool = True, offset: int = 0, today=None
) -> list[Ranked]:
    """Open needs for one candidate's profile, best first (ties by need id)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    q = RankQuery(
        key="t.need_id, t.need_id::text AS key",
        table="matching_needterms",
        tie="need_id",
        base="t.status = 'apen'",
    )
    if profile.wish_codes:
        prefixes = styrk_prefixes(profile.wish_codes)
        whens = " ".join(
            f"WHEN left(t.occupation_code, {n}) = ANY(%s::varchar[]) THEN {OCCUPATION_POINTS[n]}"
            for n in (4, 3, 2, 1)
        )
        q.component(
            f"CASE WHEN t.occupation_code = '' THEN 0 {whens} ELSE 0 END",
            *[prefixes[n] for n in (4, 3, 2, 1)],
        )
    else:
        q.component("0")
    if profile.experience_terms:
        q.component(
            f"CASE WHEN t.occupation_terms && %s::varchar[] THEN {EXPERIENCE_POINTS} ELSE 0 END",
            sorted(profile.experience_terms),
        )
    else:
        q.component("0")
    sql, params = _capped(
        _count_contained("t.terms", profile.competence_terms), COMPETENCE_PER_TERM, COMPETENCE_MAX
    )
    q.component(sql, *params)
    sql, params = _capped(
        _count_contained("t.offers", profile.facilitation_codes), FACILITATION_PER_NEED, FACILITATION_MAX
    )
    q.component(sql, *params)
    q.component(
        f"CASE WHEN t.municipality_id = %s THEN {REGION_MUNICIPALITY} "
        f"WHEN t.county_id = %s THEN {REGION_COUNTY} ELSE 0 END",
        profile.municipality_id,
        profile.county_id,
    )
    if profile.extents:
        q.component(
            f"CASE WHEN t.extent = ANY(%s::varchar[]) THEN {EXTENT_POINTS} ELSE 0 END",
            sorted(profile.extents),
        )
    else:
        q.component("0")
    if profile.interest_terms:
        q.component(
            f"CASE WHEN t.terms && %s::varchar[] THEN {INTEREST_POINTS} ELSE 0 END",
            sorted(profile.interest_terms),
        )
    else:
        q.component("0")
    regions = sorted({profile.county_id, *profile.travel_county_ids})
    q.hard("%s::varchar[] @> t.driving_licences", implied_licences(profile.driving_licences))
    q.hard("t.county_id = ANY(%s)", regions)
    if profile.available_from:
        q.hard("(t.start_date IS NULL OR t.start_date >= %s)", profile.available_from)
    # Norwegian: the levels this candidate meets, "no requirement" always included.
    rank = NorwegianLevel.rank(profile.norwegian_level)
    q.hard(
        "t.norwegian_level = ANY(%s::varchar[])",
        [NO_REQUIREMENT, *NorwegianLevel.values[1 : rank + 1]] if rank > 0 else [NO_REQUIREMENT],
    )
    # Age limits on the need's start date (today without one), as core.vocabulary.age_limits_q.
    on = "COALESCE(t.start_date, %s::date)"
    if profile.birth_month is None:
        q.hard("(t.minimum_age IS NULL AND t.maximum_age IS NULL)")
    else:
        q.hard(
            f"(t.minimum_age IS NULL OR %s::date <= {on} - make_interval(years => t.minimum_age, months => 1))"
            f" AND (t.maximum_age IS NULL OR %s::date > {on} - make_interval(years => t.maximum_age + 1, months => 1))",
            profile.birth_month,
            today,
            profile.birth_month,
            today,
        )
    return q.run(top=top, offset=offset, strict=strict)


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
