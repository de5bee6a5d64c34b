"""Reads for matching: ranked suggestions with their explanations, candidate lists, share links.

Results carry the anonymised profile (candidates.selectors.anonymised_profiles) and, only for
the user's own office's candidates, the name, with one access-log row per name shown.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone

from accounts.access import office_ids, scope_sql, visible
from accounts.models import display_name
from candidates.models import AccessLogEntry, Candidate, CandidateProfile
from candidates.selectors import (
    K_ANONYMITY_COLUMNS,
    K_ANONYMITY_JOINS,
    MUNICIPALITY_MIN_GROUP,
    PROFILE_COLUMNS,
    AnonymisedProfile,
    anonymised_profiles,
)
from candidates.services import access_log_insert_sql, access_log_params, access_log_record
from core.models import Occupation
from core.sharing import share_links_for
from employers.models import Employer, Need

from . import indexing, ranking, ranking_cache, scoring, sources
from .models import BoardCase, BoardCaseEvent, BoardProposal, CandidateList, ListEntry, ListEntryEvent

LIST_SCOPE = "matching.candidate_list"


@dataclass
class Suggestion:
    score: int
    meets: bool
    lines: list[scoring.Line]
    profile: AnonymisedProfile | None = None
    need: Need | None = None
    place: sources.Place | None = None  # a place another app contributes (a job fair's)
    name: str = ""  # only for the user's own office's candidates
    candidate_id: int | None = None  # only for the user's own office's candidates
    on_list: bool = False

    @property
    def summary(self) -> str:
        return scoring.summary(self.lines)

    @property
    def missing(self) -> list[scoring.Line]:
        return [line for line in self.lines if line.kind == "mangler"]


def need_facts_for(need: Need) -> scoring.NeedFacts:
    return indexing.need_facts([indexing.need_row(need)])[0]


_NEED_NAMES = [f.attname for f in Need._meta.concrete_fields]
# The ranking page's need in one statement under the need scope's SQL twin (accounts.access
# .scope_sql): its own columns, and of its employer and occupation only what the heading and the
# need's facts read (indexing.NEED_FIELDS). None of these columns has a converter.
_RANKING_NEED_SQL = (
    "SELECT "  # noqa: S608 -- the model's own column names and the scope's condition, no input
    + ", ".join(f"n.{f.column}" for f in Need._meta.concrete_fields)
    + ", e.name, e.facilitation, o.code, o.name FROM employers_need AS n"
    " JOIN employers_employer AS e ON e.id = n.employer_id"
    " LEFT JOIN core_occupation AS o ON o.id = n.occupation_id"
    " WHERE n.id = %(pk)s AND {scope}"
)


def need_for_ranking(*, user, pk: int) -> Need | None:
    """The ranking page's need as `visible(user, Need…).select_related("employer", "occupation")`
    built it, with the employer's and occupation's other fields deferred, without the need page's
    history and contacts: plain SQL, since the ORM spent ~1 ms building the statement and its
    models for one row (issue 16)."""
    scope = scope_sql(user, Need, "n")
    if scope is None:
        return None
    condition, params = scope
    with connection.cursor() as cursor:
        cursor.execute(_RANKING_NEED_SQL.format(scope=condition), {**params, "pk": pk})
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(_NEED_NAMES)
    need = Need.from_db(connection.alias, _NEED_NAMES, row[:width])
    employer_name, employer_facilitation, occupation_code, occupation_name = row[width:]
    need.employer = Employer.from_db(
        connection.alias,
        ["id", "name", "facilitation"],
        (need.employer_id, employer_name, employer_facilitation),
    )
    need.occupation = (
        Occupation.from_db(
            connection.alias, ["id", "code", "name"], (need.occupation_id, occupation_code, occupation_name)
        )
        if need.occupation_id is not None
        else None
    )
    return need


def profile_facts_for(profile_pk: int) -> scoring.ProfileFacts:
    return indexing.profile_facts(
        CandidateProfile.objects.filter(pk=profile_pk).values(*indexing.PROFILE_FIELDS)
    )[0]


# The ranked profiles of a page in one statement (issue 16: building the ORM query, with its CASE
# and EXISTS annotations and two ARRAY subqueries, cost more CPU than running it): the anonymised
# columns (PROFILE_COLUMNS, in their order), the birth month (only the age check reads it, never
# shown), the job-wish codes and travel counties the explanation reads (indexing.profile_facts),
# the candidate's id and name only through the join on {own}, the candidate scope's condition
# (accounts.access.scope_sql: own office, not erased), so no other office's name leaves the
# database, whether the candidate is on the need's list, and the county's name
# (candidates.selectors.anonymised_profiles then reads no counties).
# The own office's names it reads are logged by the same statement ({log}: the access log's INSERT
# over the rows' own_candidate_id, candidates.services.access_log_insert_sql): one statement and
# one commit instead of a SELECT and then an INSERT.
_SUGGESTION_PROFILES_SQL = """
WITH shown AS (
SELECT p.id, p.code, p.age_band, p.county_id, p.municipality_id, p.interests, p.competence,
       p.experience_summary, p.education_level, p.norwegian_level, p.languages, p.driving_licences,
       p.available_from, p.extents, p.short_text, p.facilitation_codes, p.birth_month,
       -- the code by a lookup per wish: joined, PostgreSQL hashed all occupations per row
       ARRAY(SELECT (SELECT o.code FROM core_occupation AS o WHERE o.id = w.occupation_id)
             FROM candidates_candidateprofile_job_wishes AS w WHERE w.candidateprofile_id = p.id),
       ARRAY(SELECT tc.county_id FROM matching_travelpreference_counties AS tc
             JOIN matching_travelpreference AS t ON t.id = tc.travelpreference_id
             WHERE t.profile_id = p.id),
       c.id AS own_candidate_id, c.first_name, c.last_name,
       EXISTS(SELECT 1 FROM matching_listentry AS e
              JOIN matching_candidatelist AS l ON l.id = e.candidate_list_id
              WHERE e.candidate_id = p.candidate_id AND l.need_id = %(need)s),
       (SELECT co.name FROM core_county AS co WHERE co.id = p.county_id) AS county_name,
       {k_columns}
FROM candidates_candidateprofile AS p
{k_joins}
LEFT JOIN candidates_candidate AS c ON c.id = p.candidate_id AND {own}
WHERE p.id = ANY(%(pks)s)
), logged AS (
{log}
)
SELECT * FROM shown
"""
_SUGGESTION_COLUMNS = (
    *PROFILE_COLUMNS,
    "birth_month",
    "wish_codes",
    "travel_county_ids",
    "own_candidate_id",
    "own_first_name",
    "own_last_name",
    "on_list",
    "county_name",
    "municipality_name",
    "small_group",
)


_LOG_SHOWN = access_log_insert_sql("SELECT own_candidate_id FROM shown WHERE own_candidate_id IS NOT NULL")

# The one column of PROFILE_COLUMNS with a converter: a JSON text from a raw statement until the
# field parses it (the ranked profiles' and the board's statements).
_LANGUAGES = CandidateProfile._meta.get_field("languages")


def _with_languages(row: dict) -> dict:
    row["languages"] = _LANGUAGES.from_db_value(row["languages"], None, connection)
    return row


def _suggestion_profiles(*, user, need: Need, pks: list[int]) -> dict[int, dict]:
    """The ranked profiles' rows by pk (_SUGGESTION_PROFILES_SQL), dicts of _SUGGESTION_COLUMNS;
    every own office's name read is in the access log when this returns (the same statement)."""
    if not pks:
        return {}
    own, params = scope_sql(user, Candidate, "c") or ("false", {})
    with connection.cursor() as cursor:
        cursor.execute(
            _SUGGESTION_PROFILES_SQL.format(
                own=own, log=_LOG_SHOWN, k_columns=K_ANONYMITY_COLUMNS, k_joins=K_ANONYMITY_JOINS
            ),
            {
                **params,
                **access_log_params(user=user, page=AccessLogEntry.Page.SEARCH),
                "need": need.pk,
                "pks": pks,
                "min_group": MUNICIPALITY_MIN_GROUP,
            },
        )
        found = cursor.fetchall()
    rows = {}
    for values in found:
        row = dict(zip(_SUGGESTION_COLUMNS, values, strict=True))
        _with_languages(row)
        rows[row["pk"]] = row
    return rows


def need_suggestions(
    *, user, need: Need, top: int = 20, strict: bool = True, offset: int = 0
) -> list[Suggestion]:
    """The best listed profiles for a need, explained. Names only for own office (logged)."""
    facts = need_facts_for(need)
    ranked = ranking_cache.rank_profiles(facts, top=top, strict=strict, offset=offset)
    pks = [r.pk for r in ranked]
    # One statement for the page's profiles, the own office's names and list membership (it was
    # five queries, then one ORM query).
    rows = _suggestion_profiles(user=user, need=need, pks=pks)
    # The rows show code, age band and place, never the job wishes: not read.
    profiles = {
        p.pk: p for p in anonymised_profiles([rows[pk] for pk in pks if pk in rows], job_wishes=False)
    }
    pfacts = {f.pk: f for f in indexing.profile_facts(rows.values())} if rows else {}
    out = []
    for r in ranked:
        if r.pk not in rows:
            continue  # deleted between the ranking's statement and this one
        pf, row = pfacts[r.pk], rows[r.pk]
        m = scoring.Match(
            components=r.components, meets=r.meets, missing=scoring.missing_requirements(pf, facts)
        )
        name = ""
        if row["own_candidate_id"] is not None:
            name = Candidate(first_name=row["own_first_name"], last_name=row["own_last_name"]).full_name
        out.append(
            Suggestion(
                score=r.score,
                meets=r.meets,
                lines=scoring.explain(m, pf, facts),
                profile=profiles[r.pk],
                name=name,
                candidate_id=row["own_candidate_id"],
                on_list=row["on_list"],
            )
        )
    return out


def candidate_suggestions(
    *, user, candidate: Candidate, top: int = 20, strict: bool = True, offset: int = 0, today=None
):
    """Open needs that fit the candidate ("Forslag"), explained, restricted to needs the user
    sees, merged with the places other apps contribute (sources.py: free places at upcoming job
    fairs), scored and explained alike. Order: meeting the hard filters, score, needs before
    places on a tie (by need id), then places by their key."""
    today = today or timezone.localdate()
    pf = profile_facts_for(candidate.profile.pk)
    places = sources.places_for(user=user, candidate=candidate, profile=pf, today=today)
    # With places to merge, the needs' page is cut after merging: read the needs up to its end.
    ranked = ranking.rank_needs(
        pf, top=offset + top if places else top, strict=strict, offset=0 if places else offset, today=today
    )
    pks = [r.pk for r in ranked]
    needs = {
        n.pk: n
        for n in visible(user, Need.objects.filter(pk__in=pks)).select_related(
            "employer", "municipality", "occupation"
        )
    }
    nfacts = {
        f.pk: f for f in indexing.need_facts(Need.objects.filter(pk__in=needs).values(*indexing.NEED_FIELDS))
    }
    listed = set(
        ListEntry.objects.filter(candidate=candidate, candidate_list__need__in=pks).values_list(
            "candidate_list__need_id", flat=True
        )
    )
    out = []
    for r in ranked:
        if r.pk not in needs:
            continue
        nf = nfacts[r.pk]
        m = scoring.Match(
            components=r.components, meets=r.meets, missing=scoring.missing_requirements(pf, nf)
        )
        out.append(
            Suggestion(
                score=r.score,
                meets=r.meets,
                lines=scoring.explain(m, pf, nf),
                need=needs[r.pk],
                on_list=r.pk in listed,
            )
        )
    if not places:
        return out
    for place in sorted(places, key=lambda p: p.key):
        m = scoring.match(pf, place.facts)
        if strict and not m.meets:
            continue
        out.append(
            Suggestion(score=m.score, meets=m.meets, lines=scoring.explain(m, pf, place.facts), place=place)
        )
    # Stable: the needs keep the database's order (by id on a tie) ahead of places of equal score.
    out.sort(key=lambda s: (not s.meets, -s.score, s.place is not None))
    return out[offset : offset + top]


# --- Candidate lists ---------------------------------------------------------------------------------


@dataclass
class EntryRow:
    entry: ListEntry
    profile: AnonymisedProfile
    name: str = ""
    own: bool = False
    events: list = field(default_factory=list)


def candidate_list_of(need: Need) -> CandidateList | None:
    return CandidateList.objects.filter(need=need).first()


def list_rows(*, user, need: Need, log: bool = True) -> list[EntryRow]:
    """The need's candidate list: anonymised profiles, names for own office (logged), history."""
    entries = list(
        ListEntry.objects.filter(candidate_list__need=need)
        .select_related("candidate", "proposed_by", "candidate__profile")
        .prefetch_related(Prefetch("events", queryset=ListEntryEvent.objects.select_related("by")))
        .order_by("created_at", "pk")
    )
    profile_rows = CandidateProfile.objects.filter(pk__in=[e.candidate.profile.pk for e in entries]).values(
        *PROFILE_COLUMNS
    )
    profiles = {p.pk: p for p in anonymised_profiles(profile_rows)}
    offices = office_ids(user)
    rows, shown = [], []
    for e in entries:
        own = e.candidate.office_id in offices and e.candidate.erased_at is None
        if own:
            shown.append(e.candidate_id)
        rows.append(
            EntryRow(
                entry=e,
                profile=profiles[e.candidate.profile.pk],
                name=e.candidate.full_name if own else "",
                own=own,
                events=list(e.events.all()),
            )
        )
    if log and shown:
        access_log_record(user=user, candidates=shown, page=AccessLogEntry.Page.LIST)
    return rows


def list_balance(*, need: Need, rows: list[EntryRow]) -> dict:
    """Candidates against places, and how varied the list is (offices, facilitation categories)."""
    active = [r for r in rows if r.entry.status not in ("ikke_aktuell", "ikke_interessert")]
    offices = {r.entry.candidate.office_id for r in active}
    wanted = max(3 * need.places, need.places + 2)
    return {
        "places": need.places,
        "active": len(active),
        "wanted": wanted,
        "short_by": max(0, wanted - len(active)),
        "offices": len(offices),
        "few_offices": len(active) >= 2 and len(offices) < 2,
    }


def list_share_links(candidate_list: CandidateList):
    return share_links_for(candidate_list, scope=LIST_SCOPE)


def own_candidates_for_proposal(*, user, need: Need, limit: int = 50):
    """The user's office's candidates in follow-up, not yet on the list (for the propose form)."""
    return (
        visible(user, Candidate.objects.all())
        .filter(follow_up_status__in=["aktiv", "pause"])
        .exclude(list_entries__candidate_list__need=need)
        .select_related("profile")
        .order_by("last_name", "first_name", "pk")[:limit]
    )


# --- What the employer sees through a share link ------------------------------------------------------


@dataclass
class SharedRow:
    entry: ListEntry
    profile: AnonymisedProfile
    score: int
    lines: list[scoring.Line]
    identity: dict | None = None  # name and contact details, only where the consent gate opened


def shared_rows(*, link, candidate_list: CandidateList) -> list[SharedRow]:
    """The list as the employer sees it: anonymised profiles, an employer-facing explanation
    (met and missing, never the candidate's needs in detail), and identity only through the
    consent gate for this employer and need. Candidates set aside by NAV are not shown."""
    from .identity import identity_for_employer

    need = candidate_list.need
    entries = list(
        candidate_list.entries.exclude(status__in=["ikke_interessert"])
        .exclude(outcome="ikke_presentert")
        .select_related("candidate", "candidate__profile")
        .order_by("created_at", "pk")
    )
    profile_pks = [e.candidate.profile.pk for e in entries]
    rows = list(CandidateProfile.objects.filter(pk__in=profile_pks).values(*PROFILE_COLUMNS, "birth_month"))
    profiles = {p.pk: p for p in anonymised_profiles(rows)}
    pfacts = {f.pk: f for f in indexing.profile_facts(rows)}
    nf = need_facts_for(need)
    out = []
    for e in entries:
        pf = pfacts[e.candidate.profile.pk]
        m = scoring.match(pf, nf)
        out.append(
            SharedRow(
                entry=e,
                profile=profiles[pf.pk],
                score=m.score,
                lines=scoring.explain(m, pf, nf, audience="employer"),
                identity=identity_for_employer(candidate=e.candidate, need=need, link=link),
            )
        )
    return out


# --- The board (tavle) --------------------------------------------------------------------------------


@dataclass
class BoardRow:
    pk: int
    office_name: str
    employer_wanted: str
    status: str
    assigned_to: str  # the adviser's display name, "" while nobody has the case
    profile: AnonymisedProfile
    age_days: int
    proposals: int
    own: bool  # the user's office registered it (the candidate page is one click away)

    @property
    def status_label(self) -> str:
        return BoardCase.Status(self.status).label


def board_case_get(*, user, pk: int) -> BoardCase | None:
    return (
        visible(user, BoardCase.objects.filter(pk=pk))
        .select_related("office", "county", "registered_by", "assigned_to", "solved_by_proposal")
        .first()
    )


def _profiles_of(cases, *, job_wishes: bool = True) -> dict[int, AnonymisedProfile]:
    """candidate id -> anonymised profile, in one query (never the identity columns)."""
    rows = list(
        CandidateProfile.objects.filter(candidate_id__in={c.candidate_id for c in cases}).values(
            *PROFILE_COLUMNS, "candidate_id"
        )
    )
    profiles = anonymised_profiles(rows, job_wishes=job_wishes)
    return {r["candidate_id"]: p for r, p in zip(rows, profiles, strict=True)}


# The board's rows in one statement (issue 16: the ORM's compiling of the cases' and profiles'
# queries cost more CPU than running them): the shown columns of the cases the user sees
# (accounts.access.scope_sql), the office's and adviser's names, the number of proposals and the
# candidate's anonymised profile columns (PROFILE_COLUMNS, never the identity table's).
_BOARD_ROWS_SQL = """
SELECT c.id, c.created_at, c.office_id, c.status, c.employer_wanted, o.name,
       u.id, u.first_name, u.last_name, u.username,
       (SELECT count(*) FROM matching_boardproposal AS bp WHERE bp.case_id = c.id),
       -- PROFILE_COLUMNS, in their order
       p.id, p.code, p.age_band, p.county_id, p.municipality_id, p.interests, p.competence,
       p.experience_summary, p.education_level, p.norwegian_level, p.languages, p.driving_licences,
       p.available_from, p.extents, p.short_text, p.facilitation_codes
FROM matching_boardcase AS c
JOIN accounts_navunit AS o ON o.id = c.office_id
LEFT JOIN accounts_user AS u ON u.id = c.assigned_to_id
JOIN candidates_candidateprofile AS p ON p.candidate_id = c.candidate_id
WHERE {scope} AND c.status = ANY(%(statuses)s)
ORDER BY c.assigned_to_id ASC NULLS FIRST, c.created_at, c.id
LIMIT %(limit)s
"""


def board_rows(*, user, status: str = "apne", today=None) -> list[BoardRow]:
    """The weekly board view: open cases the user sees, unassigned first, then oldest first."""
    today = today or timezone.localdate()
    scope = scope_sql(user, BoardCase, "c")
    if scope is None:
        return []
    condition, params = scope
    if status == "apne":
        statuses = [str(s) for s in BoardCase.OPEN_STATUSES]
    elif status in BoardCase.Status.values:
        statuses = [status]
    else:
        statuses = list(BoardCase.Status.values)  # any other value: every status, as before
    with connection.cursor() as cursor:
        cursor.execute(
            _BOARD_ROWS_SQL.format(scope=condition), {**params, "statuses": statuses, "limit": BOARD_MAX_ROWS}
        )
        found = cursor.fetchall()
    profiles = anonymised_profiles(
        [_with_languages(dict(zip(PROFILE_COLUMNS, r[11:], strict=True))) for r in found],
        job_wishes=False,  # the board shows code, age band and place
    )
    offices = office_ids(user)
    return [
        BoardRow(
            pk=pk,
            office_name=office_name,
            employer_wanted=wanted,
            status=case_status,
            assigned_to=display_name(first, last, username) if adviser_id is not None else "",
            profile=profile,
            age_days=(today - timezone.localtime(created_at).date()).days,
            proposals=proposals,
            own=office_id in offices,
        )
        for (
            pk,
            created_at,
            office_id,
            case_status,
            wanted,
            office_name,
            adviser_id,
            first,
            last,
            username,
            proposals,
            *_,
        ), profile in zip(found, profiles, strict=True)
    ]


BOARD_MAX_ROWS = 200


# The board's figures in one hand-written statement (issue 16: compiling the grouped ORM query
# with its filtered counts and window ranks cost more CPU than running it): the cases the user sees
# (accounts.access.scope_sql) grouped by the credited proposal's adviser and unit.
_BOARD_FIGURES_SQL = """
SELECT u.first_name, u.last_name, u.username, n.name,
       count(*) FILTER (WHERE c.status = %(solved)s AND c.solved_by_proposal_id IS NOT NULL),
       count(*) FILTER (WHERE c.status = ANY(%(open)s)),
       count(*) FILTER (WHERE c.status = %(solved)s),
       count(*) FILTER (WHERE c.status = %(solved)s AND c.solved_by_proposal_id IS NULL),
       count(*) FILTER (WHERE c.status = %(closed)s),
       dense_rank() OVER (ORDER BY u.last_name ASC),
       dense_rank() OVER (ORDER BY n.name ASC)
FROM matching_boardcase AS c
LEFT JOIN matching_boardproposal AS bp ON bp.id = c.solved_by_proposal_id
LEFT JOIN accounts_user AS u ON u.id = bp.proposed_by_id
LEFT JOIN accounts_navunit AS n ON n.id = bp.unit_id
WHERE {scope}
GROUP BY 1, 2, 3, 4
"""
_FIGURES_COLUMNS = (
    "first_name",
    "last_name",
    "username",
    "unit",
    "credited",
    "open",
    "solved",
    "solved_locally",
    "closed",
    "adviser_rank",
    "unit_rank",
)


def board_figures(*, user) -> dict:
    """Cases solved per adviser and per unit (the proposal that led there is credited), and how
    many the offices solved themselves, over the cases the user sees.

    One statement (it was three): the cases the user sees grouped by the credited proposal's
    adviser and unit (none for unsolved cases), with the counts per group; the page's totals are
    the groups' sums. Each list keeps the database's order for equal counts (adviser's last name,
    unit name, in the database's collation) through a rank taken in the same statement."""
    scope = scope_sql(user, BoardCase, "c")
    found = []
    if scope is not None:
        condition, params = scope
        params = {
            **params,
            "solved": str(BoardCase.Status.SOLVED),
            "closed": str(BoardCase.Status.CLOSED),
            "open": [str(s) for s in BoardCase.OPEN_STATUSES],
        }
        with connection.cursor() as cursor:
            cursor.execute(_BOARD_FIGURES_SQL.format(scope=condition), params)
            found = cursor.fetchall()
    groups = [dict(zip(_FIGURES_COLUMNS, row, strict=True)) for row in found]
    advisers: dict[tuple, dict] = {}
    units: dict[str, dict] = {}
    for g in groups:
        if not g["credited"]:
            continue
        first, last, username = g["first_name"], g["last_name"], g["username"]
        adviser = advisers.setdefault(
            (first, last, username),
            {
                "name": " ".join(x for x in (first, last) if x) or username or "–",
                "n": 0,
                "rank": g["adviser_rank"],
            },
        )
        adviser["n"] += g["credited"]
        row = units.setdefault(g["unit"], {"name": g["unit"] or "–", "n": 0, "rank": g["unit_rank"]})
        row["n"] += g["credited"]
    return {
        "per_adviser": [
            {"name": a["name"], "n": a["n"]}
            for a in sorted(advisers.values(), key=lambda a: (-a["n"], a["rank"]))
        ],
        "per_unit": [
            {"name": u["name"], "n": u["n"]}
            for u in sorted(units.values(), key=lambda u: (-u["n"], u["rank"]))
        ],
        **{key: sum(g[key] for g in groups) for key in ("open", "solved", "solved_locally", "closed")},
    }


def board_case_profile(case: BoardCase) -> AnonymisedProfile:
    return _profiles_of([case])[case.candidate_id]


def board_case_proposals(case: BoardCase) -> list[BoardProposal]:
    return list(
        case.proposals.select_related("employer", "need", "proposed_by", "unit").order_by("created_at", "pk")
    )


def board_case_events(case: BoardCase) -> list[BoardCaseEvent]:
    return list(case.events.select_related("by").order_by("at", "pk"))


def board_employer_choices(*, user, case: BoardCase):
    """Employers and open needs an adviser may propose: those of the case's county they see."""
    employers = visible(user, Employer.objects.filter(county_id=case.county_id)).order_by("name")
    needs = (
        visible(user, Need.objects.filter(county_id=case.county_id, status="apen"))
        .select_related("employer")
        .order_by("employer__name", "title")
    )
    return employers, needs
