"""Reads for matching: ranked suggestions with their explanations, candidate lists, share links.

Results carry the anonymised profile (candidates.selectors.anonymised_profiles) and, only for
the user's own office's candidates, the name, with one access-log row per name shown.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from accounts.access import office_ids, visible
from candidates.models import AccessLogEntry, Candidate, CandidateProfile
from candidates.selectors import PROFILE_COLUMNS, AnonymisedProfile, anonymised_profiles
from candidates.services import access_log_record
from core.sharing import share_links_for
from employers.models import Employer, Need

from . import indexing, ranking, scoring, sources
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
    return indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]


def profile_facts_for(profile_pk: int) -> scoring.ProfileFacts:
    return indexing.profile_facts(
        CandidateProfile.objects.filter(pk=profile_pk).values(*indexing.PROFILE_FIELDS)
    )[0]


def _own_candidates(user, profile_pks) -> dict[int, Candidate]:
    """profile pk -> Candidate, for the profiles whose candidate belongs to the user's office."""
    offices = office_ids(user)
    if not offices or not profile_pks:
        return {}
    # Driven by the few profiles' candidate ids: joined from the office side, PostgreSQL walked
    # the office's thousands of candidates (205 ms on the large data set, EXPLAIN ANALYZE).
    ids = CandidateProfile.objects.filter(pk__in=profile_pks).values("candidate_id")
    rows = (
        Candidate.objects.filter(pk__in=ids, office_id__in=offices, erased_at__isnull=True)
        .only("pk", "first_name", "last_name", "office_id", "profile__id")
        .select_related("profile")
    )
    return {c.profile.pk: c for c in rows}


def need_suggestions(
    *, user, need: Need, top: int = 20, strict: bool = True, offset: int = 0
) -> list[Suggestion]:
    """The best listed profiles for a need, explained. Names only for own office (logged)."""
    facts = need_facts_for(need)
    ranked = ranking.rank_profiles(facts, top=top, strict=strict, offset=offset)
    pks = [r.pk for r in ranked]
    # The anonymised columns plus the birth month, which only the age check reads (never shown).
    rows = {
        r["pk"]: r
        for r in CandidateProfile.objects.filter(pk__in=pks).values(*PROFILE_COLUMNS, "birth_month")
    }
    profiles = {p.pk: p for p in anonymised_profiles([rows[pk] for pk in pks if pk in rows])}
    pfacts = {f.pk: f for f in indexing.profile_facts(rows.values())} if rows else {}
    own = _own_candidates(user, pks)
    listed = set(
        ListEntry.objects.filter(candidate_list__need=need, candidate__profile__pk__in=pks).values_list(
            "candidate__profile__pk", flat=True
        )
    )
    out = []
    for r in ranked:
        pf = pfacts[r.pk]
        m = scoring.Match(
            components=r.components, meets=r.meets, missing=scoring.missing_requirements(pf, facts)
        )
        candidate = own.get(r.pk)
        out.append(
            Suggestion(
                score=r.score,
                meets=r.meets,
                lines=scoring.explain(m, pf, facts),
                profile=profiles[r.pk],
                name=candidate.full_name if candidate else "",
                candidate_id=candidate.pk if candidate else None,
                on_list=r.pk in listed,
            )
        )
    if own:
        access_log_record(user=user, candidates=[c.pk for c in own.values()], page=AccessLogEntry.Page.SEARCH)
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
    case: BoardCase
    profile: AnonymisedProfile
    age_days: int
    proposals: int
    own: bool  # the user's office registered it (the candidate page is one click away)


def board_case_get(*, user, pk: int) -> BoardCase | None:
    return (
        visible(user, BoardCase.objects.filter(pk=pk))
        .select_related("office", "county", "registered_by", "assigned_to", "solved_by_proposal")
        .first()
    )


def _profiles_of(cases) -> dict[int, AnonymisedProfile]:
    """candidate id -> anonymised profile, in two queries (never the identity columns)."""
    by_candidate = dict(
        CandidateProfile.objects.filter(candidate_id__in={c.candidate_id for c in cases}).values_list(
            "candidate_id", "pk"
        )
    )
    rows = CandidateProfile.objects.filter(pk__in=by_candidate.values()).values(*PROFILE_COLUMNS)
    profiles = {p.pk: p for p in anonymised_profiles(rows)}
    return {cid: profiles[pk] for cid, pk in by_candidate.items()}


def board_rows(*, user, status: str = "apne", today=None) -> list[BoardRow]:
    """The weekly board view: open cases the user sees, unassigned first, then oldest first."""
    today = today or timezone.localdate()
    qs = visible(user, BoardCase.objects.all())
    if status == "apne":
        qs = qs.filter(status__in=BoardCase.OPEN_STATUSES)
    elif status in BoardCase.Status.values:
        qs = qs.filter(status=status)
    cases = list(
        qs.select_related("office", "assigned_to")
        .annotate(n_proposals=Count("proposals"))
        .order_by(F("assigned_to").asc(nulls_first=True), "created_at", "pk")[:BOARD_MAX_ROWS]
    )
    profiles = _profiles_of(cases)
    offices = office_ids(user)
    return [
        BoardRow(
            case=c,
            profile=profiles[c.candidate_id],
            age_days=(today - timezone.localtime(c.created_at).date()).days,
            proposals=c.n_proposals,
            own=c.office_id in offices,
        )
        for c in cases
    ]


BOARD_MAX_ROWS = 200


def board_figures(*, user) -> dict:
    """Cases solved per adviser and per unit (the proposal that led there is credited), and how
    many the offices solved themselves, over the cases the user sees."""
    solved = visible(user, BoardCase.objects.filter(status=BoardCase.Status.SOLVED))
    per_adviser = list(
        solved.filter(solved_by_proposal__isnull=False)
        .values(
            "solved_by_proposal__proposed_by__first_name",
            "solved_by_proposal__proposed_by__last_name",
            "solved_by_proposal__proposed_by__username",
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "solved_by_proposal__proposed_by__last_name")
    )
    per_unit = list(
        solved.filter(solved_by_proposal__isnull=False)
        .values("solved_by_proposal__unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "solved_by_proposal__unit__name")
    )
    counts = visible(user, BoardCase.objects.all()).aggregate(
        open=Count("pk", filter=Q(status__in=BoardCase.OPEN_STATUSES)),
        solved=Count("pk", filter=Q(status=BoardCase.Status.SOLVED)),
        solved_locally=Count("pk", filter=Q(status=BoardCase.Status.SOLVED, solved_by_proposal__isnull=True)),
        closed=Count("pk", filter=Q(status=BoardCase.Status.CLOSED)),
    )
    return {
        "per_adviser": [
            {
                "name": " ".join(
                    x
                    for x in (
                        r["solved_by_proposal__proposed_by__first_name"],
                        r["solved_by_proposal__proposed_by__last_name"],
                    )
                    if x
                )
                or r["solved_by_proposal__proposed_by__username"]
                or "–",
                "n": r["n"],
            }
            for r in per_adviser
        ],
        "per_unit": [{"name": r["solved_by_proposal__unit__name"] or "–", "n": r["n"]} for r in per_unit],
        **counts,
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
