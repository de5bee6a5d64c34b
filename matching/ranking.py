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


def profiles_query_material(need: NeedFacts) -> list:
    """Everything a ranking of profiles for `need` reads of the need, as the query's own SQL and
    parameters (ranking_cache keys its entries on it): facts the ranking does not read, such as
    the title beyond its terms, leave it unchanged."""
    q = _profiles_query(need)
    return [q.components, q.params, q.filters, q.filter_params, need.county_id, need.municipality_id]


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
# many profiles in one query (the weekly e-mail counts each need's well-fitting candidates per
# counsellor). `n` is a need's match row (NeedTerms), `p` a profile's (ProfileTerms): the same
# narrow rows and copies the two rankings read, plus what depends on one side only, computed once
# per need or profile in the CTEs of fit_counts_sql (prefixes, Norwegian ranks, birth-month
# bounds) instead of once per pair: the pairs are millions (7.8 million on the large data set).
PAIR_PLACE = f"""(CASE WHEN p.municipality_id = n.municipality_id THEN {REGION_MUNICIPALITY}
          WHEN p.county_id = n.county_id THEN {REGION_COUNTY} ELSE 0 END)"""
PAIR_CHEAP = f"""
    (CASE WHEN n.occupation_code = '' THEN 0
          WHEN n.occupation_code = ANY(p.wish4) THEN {OCCUPATION_POINTS[4]}
          WHEN n.occupation3 = ANY(p.wish3) THEN {OCCUPATION_POINTS[3]}
          WHEN n.occupation2 = ANY(p.wish2) THEN {OCCUPATION_POINTS[2]}
          WHEN n.occupation1 = ANY(p.wish1) THEN {OCCUPATION_POINTS[1]}
          ELSE 0 END)
  + (CASE WHEN p.experience && n.occupation_terms THEN {EXPERIENCE_POINTS} ELSE 0 END)
  + {PAIR_PLACE}
  + (CASE WHEN n.extent = ANY(p.extents) THEN {EXTENT_POINTS} ELSE 0 END)
  + (CASE WHEN p.interests && n.terms THEN {INTEREST_POINTS} ELSE 0 END)
"""
# The counted components exactly, over the pair row `n_p`: the set intersections, the costly step.
PAIR_COUNTED = f"""
    (CASE WHEN n_p.terms && n_p.competence THEN LEAST({COMPETENCE_MAX}, {COMPETENCE_PER_TERM} * cardinality(ARRAY(
        SELECT unnest(n_p.terms) INTERSECT SELECT unnest(n_p.competence)))) ELSE 0 END)
  + (CASE WHEN n_p.offers && n_p.facilitation_codes THEN LEAST({FACILITATION_MAX}, {FACILITATION_PER_NEED}
        * cardinality(ARRAY(SELECT unnest(n_p.offers) INTERSECT SELECT unnest(n_p.facilitation_codes)))) ELSE 0 END)
"""
# The hard filters of the strict ranking but the region's: the join pairs a profile only with the
# needs of the counties it reaches (its own county and those its travel preference names), which
# is the region filter itself (tests/matching/test_fit_counts.py has a traveller and a stayer).
PAIR_MEETS = """
    (NOT n.licence_required OR p.licences @> n.driving_licences::varchar[])
    AND (n.start_date IS NULL OR p.available_from IS NULL OR p.available_from <= n.start_date)
    AND (n.norwegian_free OR p.norwegian_rank >= n.norwegian_rank)
    AND ((n.minimum_age IS NULL AND n.maximum_age IS NULL)
         OR (p.birth_month IS NOT NULL
             AND (n.born_by IS NULL OR p.birth_month <= n.born_by)
             AND (n.born_after IS NULL OR p.birth_month > n.born_after)))
"""


# Outside the need's STYRK group of two digits a pair gets at most the major group's points for
# occupation, and at most these from the other components but the two counted ones: what is
# missing to the minimum must come from shared words and facilitation codes, 5 points each.
OUTSIDE_GROUP_MOST = (
    OCCUPATION_POINTS[1] + EXPERIENCE_POINTS + REGION_MUNICIPALITY + EXTENT_POINTS + INTEREST_POINTS
)
POINTS_PER_SHARED_ITEM = max(COMPETENCE_PER_TERM, FACILITATION_PER_NEED)


def _candidate_pairs(minimum: int) -> tuple[str, str, list]:
    """The pairs worth scoring: (a CTE to add, the FROM clause over `n` and `p`, its params).

    A pair's every array test costs about as much as forming the pair, and the large data set
    forms 7.8 million (each profile × its regions' needs) of which some 6,700 score 50. When
    the minimum is high enough, only two kinds of pair can reach it, and both are found by hash
    joins on keys instead of tests on every pair: those sharing the need's group of two digits
    (a join on county and group; 0.3 million), and those sharing enough words and facilitation
    codes to make up what the rest cannot give (a join on county and word, counted per pair;
    0.2 million). Every other pair is below the minimum, so the count is exact. With a low
    minimum nothing can be ruled out and every pair in the region is scored."""
    shared = -(-(minimum - OUTSIDE_GROUP_MOST) // POINTS_PER_SHARED_ITEM)  # ceiling division
    if shared <= 0:
        return "", "n JOIN p ON p.reach = n.county_id", []
    cte = """, pairs AS (
            SELECT w.id AS profile_id, w.reach, n.id AS need_id
            FROM (SELECT p.id, p.reach, unnest(p.wish2) AS code FROM p) w
            JOIN n ON n.county_id = w.reach AND n.occupation2 = w.code
            UNION
            SELECT pi.id, pi.reach, ni.id
            FROM (SELECT p.id, p.reach, unnest(p.competence)::text AS item FROM p
                  UNION ALL SELECT p.id, p.reach, 'F:' || unnest(p.facilitation_codes) FROM p) pi
            JOIN (SELECT n.id, n.county_id, unnest(n.terms)::text AS item FROM n
                  UNION ALL SELECT n.id, n.county_id, 'F:' || unnest(n.offers) FROM n) ni
              ON ni.county_id = pi.reach AND ni.item = pi.item
            GROUP BY pi.id, pi.reach, ni.id
            HAVING count(*) >= %s
        )"""
    return (
        cte,
        "pairs x JOIN p ON p.id = x.profile_id AND p.reach = x.reach JOIN n ON n.id = x.need_id",
        [shared],
    )


# Memory for the pair query's sorts and hashes (the candidate pairs, the profiles by region): with
# the default 4 MB they spilled to disk in batches (EXPLAIN ANALYZE: 161 batches, 95 MB written).
# It runs once a week in the fan-out, for this transaction only.
PAIR_WORK_MEM = "256MB"


def _fetch_pair_counts(sql: str, params: list) -> list[tuple]:
    """Run a pair-count query with PostgreSQL's JIT off and more work memory for it alone: the
    planner's cost for the pairs triggers JIT compilation, which took longer than the query itself
    (8.2 s of compilation around a 7 s query for 20 counsellors on the large data set)."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{PAIR_WORK_MEM}'")
        cursor.execute(sql, params)
        return cursor.fetchall()


def fit_counts_sql(
    *, need_ids: list[int], counsellor_ids: list[int], minimum: int, today
) -> tuple[str, list]:
    """The query behind fit_counts and its parameters (bench/market_email.py EXPLAINs it)."""
    scale = list(NorwegianLevel.values)
    # Age limits on the need's start date (today without one), as core.vocabulary.age_limits_q:
    # born in or before `born_by` for the minimum age, after `born_after` for the maximum.
    on = "COALESCE(nt.start_date, %s::date)"
    pairs, pairs_from, pairs_params = _candidate_pairs(minimum)
    sql = f"""
        WITH n AS MATERIALIZED (
            SELECT nt.need_id AS id, nt.county_id, nt.municipality_id, nt.extent, nt.driving_licences,
                   cardinality(nt.driving_licences) > 0 AS licence_required, nt.start_date,
                   COALESCE(nt.norwegian_level, '') IN ('', '{NO_REQUIREMENT}') AS norwegian_free,
                   array_position(%s::varchar[], nt.norwegian_level) AS norwegian_rank,
                   nt.minimum_age, nt.maximum_age,
                   ({on} - make_interval(years => nt.minimum_age, months => 1))::date AS born_by,
                   ({on} - make_interval(years => nt.maximum_age + 1, months => 1))::date AS born_after,
                   nt.occupation_code, left(nt.occupation_code, 3) AS occupation3,
                   left(nt.occupation_code, 2) AS occupation2, left(nt.occupation_code, 1) AS occupation1,
                   nt.terms, nt.occupation_terms, nt.offers
            FROM matching_needterms nt
            WHERE nt.need_id = ANY(%s)
        ), p AS MATERIALIZED (
            SELECT c.counsellor_id, r.county_id AS reach, t.profile_id AS id, t.county_id, t.municipality_id,
                   t.extents, t.facilitation_codes, t.available_from, t.birth_month,
                   array_position(%s::varchar[], t.norwegian_level) AS norwegian_rank,
                   t.wish4, t.wish3, t.wish2, t.wish1, t.experience, t.competence, t.interests, t.licences
            FROM candidates_candidate c
            JOIN candidates_candidateprofile cp ON cp.candidate_id = c.id
            JOIN matching_profileterms t ON t.profile_id = cp.id
            CROSS JOIN LATERAL (
                SELECT DISTINCT u FROM unnest(array_append(t.travel_county_ids, t.county_id)) u
            ) r(county_id)
            WHERE c.counsellor_id = ANY(%s) AND t.listed AND r.county_id IN (SELECT county_id FROM n)
        )
        {pairs}
        SELECT counsellor_id, need_id, count(*) FROM (
            SELECT p.counsellor_id, n.id AS need_id, {PAIR_CHEAP} AS cheap,
                   n.terms, n.offers, p.competence, p.facilitation_codes
            FROM {pairs_from}
            WHERE {PAIR_MEETS}
            OFFSET 0
        ) n_p
        WHERE cheap + {COMPETENCE_MAX + FACILITATION_MAX} >= %s AND cheap + {PAIR_COUNTED} >= %s
        GROUP BY counsellor_id, need_id
    """  # noqa: S608 (only our own SQL fragments are formatted in; values are parameters)
    return sql, [
        scale,
        today,
        today,
        list(need_ids),
        scale,
        list(counsellor_ids),
        *pairs_params,
        minimum,
        minimum,
    ]


def fit_counts(
    *, need_ids: list[int], counsellor_ids: list[int], minimum: int, today=None
) -> dict[int, dict[int, int]]:
    """counsellor id -> {need id -> how many of the counsellor's candidates' listed profiles pass
    the need's hard filters (strict ranking) and score at least `minimum`}; needs and counsellors
    with none are left out. One query for all counsellors and needs, giving the same numbers as
    counting rank_profiles(strict=True) rows per need (tests/matching/test_fit_counts.py).

    Set-based by region: each profile is paired only with the needs of the counties it reaches
    (its own, and those its travel preference names), which the strict region filter requires
    anyway; a hash join on the county pairs them, so the work is each profile × its regions'
    needs, not every profile × every need, and profiles reaching no county with a need are never
    scored."""
    from django.utils import timezone

    if not need_ids or not counsellor_ids:
        return {}
    today = today or timezone.localdate()
    sql, params = fit_counts_sql(
        need_ids=need_ids, counsellor_ids=counsellor_ids, minimum=minimum, today=today
    )
    out: dict[int, dict[int, int]] = {}
    for counsellor_id, need_id, count in _fetch_pair_counts(sql, params):
        out.setdefault(counsellor_id, {})[need_id] = count
    return out
