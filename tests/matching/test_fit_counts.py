"""ranking.fit_counts (many needs × many profiles in one query, for the weekly e-mail) must give
the same numbers as counting the strict ranking of each need: same components, same filters."""

import datetime

import pytest
from django.utils import timezone

from candidates.models import CandidateProfile
from employers.models import Need
from matching import indexing, ranking
from tests.employers.factories import NeedFactory

from .conftest import occupation

pytestmark = pytest.mark.django_db


def per_need_counts(needs, profile_ids, minimum):
    out = {}
    for need in needs:
        facts = indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]
        ranked = ranking.rank_profiles(facts, top=500, strict=True)
        n = sum(1 for r in ranked if r.pk in profile_ids and r.score >= minimum)
        if n:
            out[need.pk] = n
    return out


def test_fit_counts_agree_with_the_strict_ranking(need, make, employer, veileder):
    today = timezone.localdate()
    strict_need = NeedFactory(
        employer=employer,
        title="Sjåfør og lager",
        tasks="Kjøre varer, lager og kundeservice",
        occupation=occupation("8322"),
        driving_licences=["B"],
        norwegian_level="god",
        minimum_age=20,
        maximum_age=30,
        start_date=today + datetime.timedelta(days=20),
        facilitation=["arbeidstid:fleksibel"],
        status="apen",
        opened_at="2026-01-01T10:00:00Z",
    )
    unreachable = NeedFactory(
        employer=employer, title="Ingen passer", status="apen", opened_at="2026-01-01T10:00:00Z"
    )
    candidates = [
        make(
            wishes=["5223"], extents=["deltid"], competence="Kasse og kundeservice", interests="Kundeservice"
        ),
        make(wishes=["5221"], extents=["heltid"]),
        make(
            wishes=["8322"], driving_licences=["C"], norwegian_level="flytende", competence="Lager og varer"
        ),
        make(wishes=["8322"], driving_licences=[], norwegian_level="flytende"),
        make(wishes=["8322"], driving_licences=["B"], norwegian_level="grunnleggende"),
        make(
            wishes=["8322"],
            driving_licences=["B"],
            norwegian_level="god",
            available_from=today + datetime.timedelta(days=40),
        ),
        make(
            wishes=["8322"],
            driving_licences=["B"],
            norwegian_level="god",
            facilitation={"arbeidstid": ["fleksibel"]},
            extents=["heltid"],
        ),
        make(),
    ]
    profile_ids = set(CandidateProfile.objects.filter(candidate__in=candidates).values_list("pk", flat=True))
    needs = [need, strict_need, unreachable]
    seen_nonzero = False
    for minimum in (0, 20, 35, 50):
        expected = per_need_counts(needs, profile_ids, minimum)
        got = ranking.fit_counts(
            need_ids=[n.pk for n in needs], profile_ids=list(profile_ids), minimum=minimum
        )
        assert got == expected, minimum
        seen_nonzero |= bool(expected.get(strict_need.pk))
    assert seen_nonzero, "the strict need must keep someone, or the filters are not exercised"
    # A subset of the profiles counts only those.
    one = [candidates[0].profile.pk]
    assert ranking.fit_counts(need_ids=[need.pk], profile_ids=one, minimum=0) == {need.pk: 1}
    assert ranking.fit_counts(need_ids=[], profile_ids=one, minimum=0) == {}
    # By counsellor: the same as their candidates' profiles (all made by the same veileder here).
    by_counsellor = ranking.fit_counts(need_ids=[n.pk for n in needs], counsellor_id=veileder.pk, minimum=35)
    assert by_counsellor == per_need_counts(needs, profile_ids, 35)
    with pytest.raises(TypeError):
        ranking.fit_counts(need_ids=[need.pk], minimum=0)
