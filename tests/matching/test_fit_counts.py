"""ranking.fit_counts (many needs × many counsellors' profiles in one query, for the weekly e-mail)
must give the same numbers as counting the strict ranking of each need: same components, same
filters."""

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
        # All the profiles are the veileder's candidates (made by `make`), and no others are.
        got = ranking.fit_counts(
            need_ids=[n.pk for n in needs], counsellor_ids=[veileder.pk], minimum=minimum
        )
        assert got.get(veileder.pk, {}) == expected, minimum
        seen_nonzero |= bool(expected.get(strict_need.pk))
    assert seen_nonzero, "the strict need must keep someone, or the filters are not exercised"
    assert ranking.fit_counts(need_ids=[], counsellor_ids=[veileder.pk], minimum=0) == {}


def test_counts_for_many_counsellors_equal_counts_per_counsellor(
    need, make, employer, veileder, other_office, other_veileder
):
    """Counting for many counsellors at once (the weekly e-mail's fan-out, one query for every
    recipient) gives each counsellor exactly what counting for them alone gives: also for a
    candidate in another county who travels to the need's, and for one who does not."""
    from core.models import County
    from matching import services
    from tests.candidates.factories import make_candidate

    other = NeedFactory(
        employer=employer, title="Lager", occupation=occupation("8322"), status="apen",
        opened_at="2026-01-01T10:00:00Z",
    )  # fmt: skip
    for _ in range(3):
        make(wishes=["5223"], extents=["deltid"], competence="Kasse og kundeservice")
    make(wishes=["8322"], driving_licences=["B"], norwegian_level="god")
    traveller = make_candidate(office=other_office, by=other_veileder)
    services.travel_preference_set(
        profile=traveller.profile, counties=[County.objects.get(code="34")], by=other_veileder
    )
    make_candidate(office=other_office, by=other_veileder)  # elsewhere, not travelling
    need_ids = [need.pk, other.pk]
    counsellors = [veileder.pk, other_veileder.pk]
    for minimum in (0, 35, 50):
        batch = ranking.fit_counts(need_ids=need_ids, counsellor_ids=counsellors, minimum=minimum)
        for counsellor in counsellors:
            single = ranking.fit_counts(need_ids=need_ids, counsellor_ids=[counsellor], minimum=minimum)
            assert batch.get(counsellor, {}) == single.get(counsellor, {}), (minimum, counsellor)
    at_zero = ranking.fit_counts(need_ids=need_ids, counsellor_ids=counsellors, minimum=0)
    assert at_zero[veileder.pk][need.pk] >= 3
    assert at_zero[other_veileder.pk] == {need.pk: 1, other.pk: 1}, "only the traveller reaches Innlandet"
    assert ranking.fit_counts(need_ids=need_ids, counsellor_ids=[], minimum=0) == {}
