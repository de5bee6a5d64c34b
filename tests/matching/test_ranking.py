"""Each filter and each score component on hand-built cases, always through both the SQL ranking
and the plain-Python scorer, which must agree (same order, same components)."""

import datetime

import pytest
from django.utils import timezone

from candidates.models import CandidateProfile
from core.models import County
from employers.models import Need
from matching import indexing, ranking, scoring, services

from .conftest import occupation

pytestmark = pytest.mark.django_db


def both(need: Need, *, strict=True, top=50):
    """Rank with SQL and Python, assert they agree, return {profile pk: Ranked}."""
    facts = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]
    sql = ranking.rank_profiles(facts, top=top, strict=strict)
    profiles = indexing.profile_facts(
        CandidateProfile.objects.filter(listed=True).values(*indexing.PROFILE_FIELDS)
    )
    python = scoring.rank_python(profiles, [facts], top=top, strict=strict)
    assert [(r.pk, r.components, r.meets) for r in sql] == [
        (p.pk, m.components, m.meets) for p, _n, m in python
    ]
    return {r.pk: r for r in sql}


def both_needs(candidate, *, strict=True, top=50):
    pf = indexing.profile_facts(
        CandidateProfile.objects.filter(pk=candidate.profile.pk).values(*indexing.PROFILE_FIELDS)
    )[0]
    sql = ranking.rank_needs(pf, top=top, strict=strict)
    needs = indexing.need_facts(Need.objects.filter(status="apen").values(*indexing.NEED_FIELDS))
    python = scoring.rank_python([pf], needs, top=top, strict=strict, by_need=False)
    assert [(r.pk, r.components, r.meets) for r in sql] == [
        (n.pk, m.components, m.meets) for _p, n, m in python
    ]
    return {r.pk: r for r in sql}


@pytest.mark.parametrize(
    ("wish", "points"),
    [("5223", 30), ("5221", 22), ("5211", 14), ("5411", 6), ("2511", 0)],
)
def test_occupation_levels(need, make, wish, points):
    c = make(wishes=[wish])
    assert both(need)[c.profile.pk].components["occupation"] == points


def test_best_wish_counts(need, make):
    c = make(wishes=["2511", "5221", "5223"])
    assert both(need)[c.profile.pk].components["occupation"] == 30


def test_experience_with_the_occupation(need, make):
    need.occupation = occupation("4321")  # Lagermedarbeidere
    need.save()
    with_exp = make(experience_summary="Arbeidstrening på lager i tre måneder.")
    without = make(experience_summary="Avisbud.")
    result = both(need)
    assert result[with_exp.profile.pk].components["experience"] == 10
    assert result[without.profile.pk].components["experience"] == 0


def test_competence_overlap_counts_shared_words_capped(need, make):
    one = make(competence="Vant med kassesystem.")
    two = make(competence="Kassesystem og kundeservice.")
    many = make(competence="Kasse, kundeservice, varepåfylling og butikkdrift.")
    result = both(need)
    assert result[one.profile.pk].components["competence"] == 5
    assert result[two.profile.pk].components["competence"] == 10
    assert result[many.profile.pk].components["competence"] == 15


def test_facilitation_each_covered_need_counts_and_uncovered_is_shown(need, make, employer):
    need.facilitation = ["arbeidstid:fleksibel"]
    need.save()
    employer.facilitation = ["fysisk:ergonomi"]
    employer.save()
    c = make(facilitation={"arbeidstid": ["fleksibel"], "fysisk": ["ergonomi", "horsel"]})
    r = both(need)[c.profile.pk]
    assert r.components["facilitation"] == 10
    pf = indexing.profile_facts(
        CandidateProfile.objects.filter(pk=c.profile.pk).values(*indexing.PROFILE_FIELDS)
    )[0]
    nf = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]
    lines = scoring.explain(scoring.match(pf, nf), pf, nf)
    texts = [line.text for line in lines]
    assert "Arbeidsgiver tilrettelegger for arbeidstid: fleksibel arbeidstid" in texts
    assert "Mangler tilrettelegging: fysisk tilrettelegging: hørsel" in texts
    employer_view = " ".join(
        line.text for line in scoring.explain(scoring.match(pf, nf), pf, nf, audience="employer")
    )
    assert "hørsel" not in employer_view and "ergonomi" not in employer_view


def test_region_municipality_beats_county(need, make):
    same = make(municipality=need.municipality)
    county = make(municipality=None)
    result = both(need)
    assert result[same.profile.pk].components["region"] == 10
    assert result[county.profile.pk].components["region"] == 5


@pytest.mark.parametrize(
    ("extents", "points"), [(["deltid"], 10), (["heltid", "deltid"], 10), (["heltid"], 0), ([], 0)]
)
def test_extent(need, make, extents, points):
    c = make(extents=extents)
    assert both(need)[c.profile.pk].components["extent"] == points


def test_interests(need, make):
    c = make(interests="Kundeservice og mennesker")
    other = make(interests="Fotball")
    result = both(need)
    assert result[c.profile.pk].components["interests"] == 5
    assert result[other.profile.pk].components["interests"] == 0


def test_licence_filter_and_implied_classes(need, make):
    need.driving_licences = ["B"]
    need.save()
    none = make(driving_licences=[])
    b = make(driving_licences=["B"])
    ce = make(driving_licences=["C"])  # C builds on B
    result = both(need)
    assert none.profile.pk not in result
    assert b.profile.pk in result and ce.profile.pk in result
    relaxed = both(need, strict=False)
    assert relaxed[none.profile.pk].meets is False
    # Candidates meeting the requirements come first, whatever their score.
    order = list(relaxed)
    assert order.index(none.profile.pk) > order.index(b.profile.pk)


def test_region_filter_and_willingness_to_travel(need, make, other_office, other_veileder, veileder):
    from tests.candidates.factories import make_candidate

    far = make_candidate(office=other_office, by=other_veileder)
    traveller = make_candidate(office=other_office, by=other_veileder)
    services.travel_preference_set(
        profile=traveller.profile, counties=[County.objects.get(code="34")], by=other_veileder
    )
    result = both(need)
    assert far.profile.pk not in result
    assert traveller.profile.pk in result
    assert result[traveller.profile.pk].components["region"] == 0


def test_availability_filter(need, make):
    need.start_date = timezone.localdate() + datetime.timedelta(days=10)
    need.save()
    late = make(available_from=timezone.localdate() + datetime.timedelta(days=30))
    soon = make(available_from=timezone.localdate() + datetime.timedelta(days=5))
    result = both(need)
    assert late.profile.pk not in result and soon.profile.pk in result


def test_unlisted_profiles_are_not_ranked(need, make, veileder):
    from candidates import services as candidate_services

    c = make(wishes=["5223"])
    candidate_services.follow_up_end(candidate=c, by=veileder)
    assert c.profile.pk not in both(need)


def test_breakdown_sums_to_score_and_names_every_point(need, make, employer):
    need.facilitation = [
        "arbeidstid:fleksibel",
        "fysisk:ergonomi",
        "arbeidshverdagen:mentor",
        "fysisk:syn",
        "fysisk:horsel",
    ]
    need.driving_licences = ["B"]
    need.save()
    c = make(
        wishes=["5223"],
        competence="Kasse, kundeservice, varepåfylling",
        experience_summary="Butikkmedarbeider i sommer",
        interests="Kundeservice",
        extents=["deltid"],
        municipality=need.municipality,
        driving_licences=["B"],
        facilitation={
            "arbeidstid": ["fleksibel"],
            "fysisk": ["ergonomi", "syn", "horsel"],
            "arbeidshverdagen": ["mentor"],
        },
    )
    r = both(need)[c.profile.pk]
    pf = indexing.profile_facts(
        CandidateProfile.objects.filter(pk=c.profile.pk).values(*indexing.PROFILE_FIELDS)
    )[0]
    nf = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]
    m = scoring.Match(components=r.components, meets=r.meets, missing=[])
    lines = scoring.explain(m, pf, nf)
    assert sum(line.points for line in lines) == r.score == 100
    assert any(line.text == "Samme yrke (STYRK 5223)" for line in lines)


def test_missing_licence_is_explained(need, make):
    need.driving_licences = ["B"]
    need.save()
    c = make()
    pf = indexing.profile_facts(
        CandidateProfile.objects.filter(pk=c.profile.pk).values(*indexing.PROFILE_FIELDS)
    )[0]
    nf = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]
    lines = scoring.explain(scoring.match(pf, nf), pf, nf)
    assert "Mangler: førerkort B" in [line.text for line in lines]


def test_needs_for_a_candidate_agree_with_python(need, make, employer):
    from tests.employers.factories import NeedFactory

    NeedFactory(
        employer=employer,
        title="Lagermedarbeider",
        occupation=occupation("4321"),
        status="apen",
        opened_at=timezone.now(),
    )
    NeedFactory(employer=employer, title="Kokk", occupation=occupation("5120"), status="utkast")
    NeedFactory(
        employer=employer,
        title="Sjåfør",
        occupation=occupation("8322"),
        status="apen",
        opened_at=timezone.now(),
        driving_licences=["B"],
    )
    c = make(wishes=["5223", "4321"], competence="Kundeservice", extents=["heltid", "deltid"])
    result = both_needs(c)
    assert next(iter(result)) == need.pk
    assert len(result) == 2  # not the draft, not the one needing a licence
    assert len(both_needs(c, strict=False)) == 3


def test_terms_follow_profile_edits(need, make, veileder):
    from candidates import services as candidate_services

    c = make(competence="Truckførerbevis")
    assert both(need)[c.profile.pk].components["competence"] == 0
    candidate_services.candidate_profile_update(profile=c.profile, by=veileder, competence="Kassesystem")
    assert both(need)[c.profile.pk].components["competence"] == 5


def test_employer_facilitation_counts_for_needs_ranking(need, make, employer):
    c = make(facilitation={"fysisk": ["ergonomi"]})
    assert both_needs(c)[need.pk].components["facilitation"] == 0
    employer.facilitation = ["fysisk:ergonomi"]
    employer.save()
    assert both_needs(c)[need.pk].components["facilitation"] == 5


def test_staged_ranking_gives_the_same_top_as_scoring_everyone(need, make):
    for _ in range(3):
        make(wishes=["5223"], extents=["deltid"], competence="Kassesystem og kundeservice")
    make(wishes=["5411"], extents=["deltid"])  # major group only: outside stage one
    make(wishes=["5241"], extents=["deltid"], competence="Kundeservice")  # stage one, a lower bar
    make(facilitation={"arbeidstid": ["fleksibel"]}, competence="Kundeservice")
    make()
    facts = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]
    profiles = indexing.profile_facts(
        CandidateProfile.objects.filter(listed=True).values(*indexing.PROFILE_FIELDS)
    )
    for top in (1, 2, 3, 4, 5, 7):
        python = scoring.rank_python(profiles, [facts], top=top)
        assert [(r.pk, r.score) for r in ranking.rank_profiles(facts, top=top)] == [
            (p.pk, m.score) for p, _n, m in python
        ], top
    # Page two of a ranking uses the same stages.
    python = scoring.rank_python(profiles, [facts], top=4)
    assert [r.pk for r in ranking.rank_profiles(facts, top=2, offset=2)] == [
        p.pk for p, _n, _m in python[2:4]
    ]


def test_the_bar_rules_out_only_profiles_that_cannot_reach_it(need):
    facts = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]

    def bar(score):
        return [ranking.Ranked(pk=1, key="A", components={"region": score}, meets=True)]

    # Major group, extent and the county's place points: anyone of the county could reach it.
    assert ranking._able_to_reach(facts, bar(6 + 10 + 5)) is None
    # One point more: the municipality's place points reach it, so the whole municipality is read.
    condition, params = ranking._able_to_reach(facts, bar(6 + 10 + 5 + 1))
    assert condition.startswith("(t.profile_id = ANY(%s) OR (t.municipality_id = %s) OR")
    assert params[:2] == [[1], facts.municipality_id]
    # Beyond what any feature set gives, only the staged rows remain.
    condition, _params = ranking._able_to_reach(facts, bar(101))
    assert condition.startswith("(t.profile_id = ANY(%s)) AND ")


def test_the_bound_is_never_below_the_score(need, make):
    """The signature bound (integer tests on generated columns) holds for every profile."""
    from django.db import connection

    make(wishes=["5223"], extents=["deltid"], competence="Kassesystem og kundeservice", interests="Kunder")
    make(wishes=["5411"], extents=["heltid"], facilitation={"arbeidstid": ["fleksibel"]})
    make(wishes=["2511"], experience_summary="Butikkmedarbeider i to år", competence="Kasse")
    make()
    facts = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]
    bound, params = ranking._upper_bound(facts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.profile_id, {bound} FROM matching_profileterms t", params)
        bounds = dict(cursor.fetchall())
    profiles = indexing.profile_facts(
        CandidateProfile.objects.filter(listed=True).values(*indexing.PROFILE_FIELDS)
    )
    assert profiles
    for p in profiles:
        assert bounds[p.pk] >= scoring.match(p, facts).score, p.pk


def test_norwegian_level_filter(need, make):
    need.norwegian_level = "god"
    need.save()
    fluent = make(norwegian_level="flytende")
    basic = make(norwegian_level="grunnleggende")
    unknown = make(norwegian_level="")
    result = both(need)
    assert fluent.profile.pk in result
    assert basic.profile.pk not in result and unknown.profile.pk not in result
    relaxed = both(need, strict=False)
    assert relaxed[basic.profile.pk].meets is False


def test_age_limits_on_the_start_date(need, make, office, veileder):
    from tests.candidates.factories import make_candidate

    need.minimum_age, need.maximum_age = 20, 25
    need.start_date = timezone.localdate() + datetime.timedelta(days=30)
    need.save()
    young = make_candidate(office=office, by=veileder, age_years=17)
    right = make_candidate(office=office, by=veileder, age_years=22)
    old = make_candidate(office=office, by=veileder, age_years=29)
    result = both(need)
    assert right.profile.pk in result
    assert young.profile.pk not in result and old.profile.pk not in result
    # The other direction uses the same limits.
    assert need.pk in both_needs(right) and need.pk not in both_needs(young)
