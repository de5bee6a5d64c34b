"""The match score: weights, the plain-Python scorer and the explanation, in one place.

The SQL ranking (ranking.py) computes the same components in PostgreSQL; this module is the
reference it is tested and benchmarked against. Both read the same derived facts (search terms,
implied licences, STYRK prefixes) that `terms_of` and `implied_licences` compute, so the two can
only differ if the SQL is wrong.

Weights (docs/apps/matching.md explains why) add up to 100:

    yrke (jobbønske, STYRK-08 nivå)   30 / 22 / 14 / 6
    erfaring fra yrket                 10
    felles kompetanse                  5 per ord, høyst 15
    tilrettelegging som dekkes         5 per behov, høyst 20
    sted (kommune / fylke)             10 / 5
    omfang                             10
    interesser                         5
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from dateutil.relativedelta import relativedelta
from django.utils.translation import get_language, gettext

from core import facilitation
from core.vocabulary import NorwegianLevel


def _(message: str) -> str:
    """gettext, remembered per language: an explanation translates a dozen fixed texts per row,
    and Django's gettext per call was a third of a ranking page's explanations (issue 16)."""
    return _translated(get_language(), message)


@lru_cache(maxsize=512)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)  # in `language`, the active one


OCCUPATION_POINTS = {4: 30, 3: 22, 2: 14, 1: 6}
EXPERIENCE_POINTS = 10
COMPETENCE_PER_TERM, COMPETENCE_MAX = 5, 15
FACILITATION_PER_NEED, FACILITATION_MAX = 5, 20
REGION_MUNICIPALITY, REGION_COUNTY = 10, 5
EXTENT_POINTS = 10
INTEREST_POINTS = 5
MAX_SCORE = (
    OCCUPATION_POINTS[4]
    + EXPERIENCE_POINTS
    + COMPETENCE_MAX
    + FACILITATION_MAX
    + REGION_MUNICIPALITY
    + EXTENT_POINTS
    + INTEREST_POINTS
)
assert MAX_SCORE == 100

COMPONENTS = ("occupation", "experience", "competence", "facilitation", "region", "extent", "interests")

NO_REQUIREMENT = NorwegianLevel.NONE.value

# --- Search terms -------------------------------------------------------------------------------------

STEM_LENGTH = 5
MIN_WORD = 4
MAX_NEED_TERMS = 12
_WORD = re.compile(r"[a-zæøåäöüé]+")
# Words that say nothing about a job or a person's competence.
STOPWORDS = frozenset(
    """
    vanlige oppgaver oppgave arbeid arbeide jobbe jobb jobben jobber gjerne litt mange mye også
    eller andre annet skal være blir hadde have kunne kan ikke ingen noen noe alle hver etter
    under over mellom gjennom fra til med uten for som der her dette denne disse være fått får
    første uken uker måneder måned året fadder kolleger kollega opplæring enkel enkle egne egen
    god gode godt veldig erfaring nøyaktig liker fast faste rutiner praktisk familien venner
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def stem(word: str) -> str:
    return word[:STEM_LENGTH]


def words_of(text: str) -> list[str]:
    """Lower-cased words worth matching on, in order of appearance, without repeats."""
    seen, out = set(), []
    for word in _WORD.findall((text or "").lower()):
        if len(word) >= MIN_WORD and word not in STOPWORDS and word not in seen:
            seen.add(word)
            out.append(word)
    return out


def terms_of(text: str, *, limit: int | None = None) -> list[str]:
    """Sorted word stems of a text (the first five letters catch Norwegian compounds:
    "lager" in "lagermedarbeider", "kunde" in "kundeservice")."""
    stems = []
    for word in words_of(text):
        s = stem(word)
        if s not in stems:
            stems.append(s)
    if limit is not None:
        stems = stems[:limit]
    return sorted(stems)


def term_words(text: str) -> dict[str, str]:
    """stem -> the first word of the text it came from (for the explanation)."""
    out: dict[str, str] = {}
    for word in words_of(text):
        out.setdefault(stem(word), word)
    return out


# --- Driving licences: a class implies the classes it builds on ------------------------------------------

LICENCE_IMPLIES = {
    "A": {"A2"},
    "A2": {"A1"},
    "A1": {"AM"},
    "B": {"AM"},
    "BE": {"B"},
    "C1": {"B"},
    "C1E": {"C1", "BE"},
    "C": {"C1"},
    "CE": {"C", "C1E"},
    "D1": {"B"},
    "D1E": {"D1", "BE"},
    "D": {"D1"},
    "DE": {"D", "D1E"},
}


def implied_licences(classes) -> list[str]:
    out = set(classes or [])
    changed = True
    while changed:
        before = len(out)
        for c in list(out):
            out |= LICENCE_IMPLIES.get(c, set())
        changed = len(out) != before
    return sorted(out)


def styrk_prefixes(codes) -> dict[int, list[str]]:
    """{4: full codes, 3: 3-digit groups, 2: …, 1: major groups}, each sorted and unique."""
    return {n: sorted({c[:n] for c in codes if c and len(c) >= n}) for n in (4, 3, 2, 1)}


# --- The facts the score reads ---------------------------------------------------------------------------


@dataclass
class ProfileFacts:
    pk: int
    code: str
    county_id: int
    municipality_id: int | None
    wish_codes: list[str]
    competence_text: str
    experience_text: str
    interests_text: str
    facilitation_codes: list[str]
    driving_licences: list[str]
    available_from: datetime.date | None
    extents: list[str]
    norwegian_level: str = ""
    birth_month: datetime.date | None = None
    travel_county_ids: list[int] = field(default_factory=list)

    @cached_property
    def competence_terms(self):
        return set(terms_of(self.competence_text))

    @cached_property
    def experience_terms(self):
        return set(terms_of(self.experience_text))

    @cached_property
    def interest_terms(self):
        return set(terms_of(self.interests_text))


@dataclass
class NeedFacts:
    pk: int
    title: str
    occupation_code: str
    occupation_name: str
    text: str  # title, tasks and other requirements: what competence is matched against
    offers: list[str]  # facilitation the need and its employer can offer
    driving_licences: list[str]
    county_id: int
    municipality_id: int
    start_date: datetime.date | None
    extent: str
    norwegian_level: str = NO_REQUIREMENT
    minimum_age: int | None = None
    maximum_age: int | None = None
    today: datetime.date | None = None  # the day age limits are checked on when there is no start

    @property
    def age_on(self) -> datetime.date:
        return self.start_date or self.today

    @cached_property
    def birth_month_bounds(self):
        """age_bounds for this need's limits, once per need rather than once per profile checked."""
        return age_bounds(self.minimum_age, self.maximum_age, self.age_on)

    @cached_property
    def terms(self):
        return set(terms_of(self.text, limit=MAX_NEED_TERMS))

    @cached_property
    def occupation_terms(self):
        return set(terms_of(self.occupation_name))


@dataclass
class Line:
    points: int
    text: str
    kind: str = "pluss"  # pluss | mangler | info


@dataclass
class Match:
    components: dict[str, int]
    meets: bool
    missing: list[str]
    facts: tuple = ()

    @property
    def score(self) -> int:
        return sum(self.components.values())


def occupation_level(wish_codes, need_code: str) -> int:
    if not need_code:
        return 0
    prefixes = styrk_prefixes(wish_codes)
    for n in (4, 3, 2, 1):
        if need_code[:n] in prefixes[n]:
            return n
    return 0


def components(p: ProfileFacts, n: NeedFacts) -> dict[str, int]:
    level = occupation_level(p.wish_codes, n.occupation_code)
    need_terms = n.terms
    return {
        "occupation": OCCUPATION_POINTS.get(level, 0),
        "experience": EXPERIENCE_POINTS if p.experience_terms & n.occupation_terms else 0,
        "competence": min(COMPETENCE_MAX, COMPETENCE_PER_TERM * len(p.competence_terms & need_terms)),
        "facilitation": min(
            FACILITATION_MAX, FACILITATION_PER_NEED * len(set(p.facilitation_codes) & set(n.offers))
        ),
        "region": REGION_MUNICIPALITY
        if p.municipality_id is not None and p.municipality_id == n.municipality_id
        else REGION_COUNTY
        if p.county_id == n.county_id
        else 0,
        "extent": EXTENT_POINTS if n.extent in (p.extents or []) else 0,
        "interests": INTEREST_POINTS if p.interest_terms & need_terms else 0,
    }


def missing_requirements(p: ProfileFacts, n: NeedFacts) -> list[str]:
    """Hard filters the pair fails, as codes: licence:<class>, region, available."""
    out = []
    have = set(implied_licences(p.driving_licences))
    out += [f"licence:{c}" for c in sorted(set(n.driving_licences) - have)]
    if p.county_id != n.county_id and n.county_id not in (p.travel_county_ids or []):
        out.append("region")
    if n.start_date and p.available_from and p.available_from > n.start_date:
        out.append("available")
    if not norwegian_ok(p.norwegian_level, n.norwegian_level):
        out.append("norwegian")
    if not age_ok(p.birth_month, n.minimum_age, n.maximum_age, n.age_on, bounds=n.birth_month_bounds):
        out.append("age")
    return out


def norwegian_ok(candidate_level: str, required: str) -> bool:
    """A candidate meets a need when their level ranks at least as high; a candidate without a
    stated level meets only needs that require nothing (core.vocabulary.NorwegianLevel)."""
    if not required or required == NO_REQUIREMENT:
        return True
    return NorwegianLevel.rank(candidate_level) >= NorwegianLevel.rank(required)


def age_bounds(minimum_age, maximum_age, on: datetime.date):
    """(latest birth month allowed, birth month must be after) for the limits on `on`; the same
    arithmetic as core.vocabulary.age_limits_q, so Python and SQL agree."""
    latest = on - relativedelta(years=minimum_age, months=1) if minimum_age is not None else None
    after = on - relativedelta(years=maximum_age + 1, months=1) if maximum_age is not None else None
    return latest, after


def age_ok(birth_month, minimum_age, maximum_age, on, *, bounds=None) -> bool:
    """`bounds`: age_bounds(minimum_age, maximum_age, on) when the caller has them already."""
    if minimum_age is None and maximum_age is None:
        return True
    if birth_month is None:
        return False
    latest, after = bounds or age_bounds(minimum_age, maximum_age, on)
    return (latest is None or birth_month <= latest) and (after is None or birth_month > after)


def match(p: ProfileFacts, n: NeedFacts) -> Match:
    missing = missing_requirements(p, n)
    return Match(components=components(p, n), meets=not missing, missing=missing)


def rank_python(profiles, needs, *, top: int = 20, strict: bool = True, by_need: bool = True):
    """The reference ranking: score every pair, keep the top. Ties: profile code / need pk."""
    results = []
    for p in profiles:
        for n in needs:
            m = match(p, n)
            if strict and not m.meets:
                continue
            key = p.code if by_need else n.pk
            results.append((not m.meets, -m.score, key, p, n, m))
    results.sort(key=lambda r: r[:3])
    return [(p, n, m) for *_k, p, n, m in results[:top]]


# --- Explanation ------------------------------------------------------------------------------------------


def explain(m: Match, p: ProfileFacts, n: NeedFacts, *, audience: str = "nav") -> list[Line]:
    """Every point of the score as a Norwegian line; the lines' points add up to the score.

    audience="employer" names facilitation by category only (never the candidate's needs in
    detail) and leaves out what the candidate lacks in facilitation.
    """
    c = m.components
    lines: list[Line] = []
    level = occupation_level(p.wish_codes, n.occupation_code)
    if c["occupation"]:
        code = n.occupation_code[:level]
        # Only the level's text is translated (a dict of all four took four lookups per row).
        if level == 4:
            text = _("Samme yrke (STYRK %(code)s)")
        elif level == 3:
            text = _("Samme yrkesgruppe (STYRK %(code)s)")
        elif level == 2:
            text = _("Beslektet yrkesområde (STYRK %(code)s)")
        else:
            text = _("Samme hovedgruppe av yrker (STYRK %(code)s)")
        text %= {"code": code}
        lines.append(Line(c["occupation"], text))
    elif n.occupation_code:
        lines.append(
            Line(0, _("Ønsker ikke dette yrket (STYRK %(code)s)") % {"code": n.occupation_code}, "info")
        )
    if c["experience"]:
        lines.append(Line(c["experience"], _("Erfaring fra %(occ)s") % {"occ": n.occupation_name.lower()}))
    if c["competence"]:
        words = term_words(p.competence_text)
        shared = sorted(p.competence_terms & n.terms)
        lines.append(
            Line(
                c["competence"],
                _("Felles kompetanse: %(words)s") % {"words": ", ".join(words[s] for s in shared)},
            )
        )
    offered = set(n.offers)
    needs = sorted(set(p.facilitation_codes))
    covered = [code for code in needs if code in offered]
    uncovered = [code for code in needs if code not in offered]
    if audience == "employer":
        if covered:
            cats = sorted(
                {str(facilitation.Category(facilitation.category_of(x)).label).lower() for x in covered}
            )
            lines.append(
                Line(
                    c["facilitation"],
                    _("Dere kan tilrettelegge for det kandidaten trenger: %(c)s") % {"c": ", ".join(cats)},
                )
            )
    else:
        # Each covered need is one line; the cap is taken off the last ones.
        left = c["facilitation"]
        for code in covered:
            pts = min(FACILITATION_PER_NEED, left)
            left -= pts
            lines.append(
                Line(
                    pts,
                    _("Arbeidsgiver tilrettelegger for %(need)s")
                    % {"need": facilitation.label(code).lower()},
                )
            )
        for code in uncovered:
            lines.append(
                Line(
                    0,
                    _("Mangler tilrettelegging: %(need)s") % {"need": facilitation.label(code).lower()},
                    "mangler",
                )
            )
    if c["region"] == REGION_MUNICIPALITY:
        lines.append(Line(c["region"], _("Bor i samme kommune")))
    elif c["region"]:
        lines.append(Line(c["region"], _("Bor i samme fylke")))
    elif "region" not in m.missing:
        lines.append(Line(0, _("Vil reise til arbeidsstedets fylke"), "info"))
    if c["extent"]:
        lines.append(Line(c["extent"], _("Ønsket omfang passer")))
    elif p.extents and n.extent:  # a place without a stated extent (a job-fair interview) lacks nothing
        lines.append(Line(0, _("Mangler: ønsker et annet omfang"), "mangler"))
    if c["interests"]:
        words = term_words(p.interests_text)
        shared = sorted(p.interest_terms & n.terms)
        lines.append(
            Line(
                c["interests"], _("Interesse for %(words)s") % {"words": ", ".join(words[s] for s in shared)}
            )
        )
    for code in m.missing:
        if code.startswith("licence:"):
            lines.append(
                Line(0, _("Mangler: førerkort %(cls)s") % {"cls": code.partition(":")[2]}, "mangler")
            )
        elif code == "region":
            lines.append(Line(0, _("Mangler: bor i et annet fylke"), "mangler"))
        elif code == "available":
            lines.append(Line(0, _("Mangler: ikke tilgjengelig før oppstart"), "mangler"))
        elif code == "norwegian":
            level = NorwegianLevel(n.norwegian_level).label.lower()
            lines.append(Line(0, _("Mangler: norsk på nivå %(level)s") % {"level": level}, "mangler"))
        elif code == "age":
            lines.append(Line(0, _("Mangler: oppfyller ikke alderskravet"), "mangler"))
    assert sum(line.points for line in lines) == m.score, "the explanation must account for every point"
    return lines


def summary(lines: list[Line]) -> str:
    """One line for lists: the strongest reasons, then what is missing."""
    plus = [line.text for line in sorted(lines, key=lambda x: -x.points) if line.points > 0][:3]
    lacking = [line.text for line in lines if line.kind == "mangler"][:1]
    return " · ".join(plus + lacking)
