"""Migration candidates 0004 / employers 0002: existing profiles and needs reach the shared
vocabulary with nothing lost, and the candidate migration goes back as well as forward."""

import datetime

import pytest

from tests.candidates.factories import make_candidate
from tests.employers.factories import NeedFactory
from tests.migrator import Migrator

BEFORE = [("candidates", "0003_profile_listed"), ("employers", "0001_initial")]
AFTER = [("candidates", "0004_vocabulary_profile_fields"), ("employers", "0002_need_maximum_age_vocabulary")]


@pytest.mark.django_db(transaction=True)
def test_profiles_and_needs_are_converted_with_nothing_lost(office, veileder):
    candidates = [make_candidate(office=office, by=veileder, age_years=age) for age in (19, 24, 40, 33)]
    need = NeedFactory(
        norwegian_level="god", driving_licences=["B", "CE"], minimum_age=18, offer_types=["mentor"]
    )
    migrator = Migrator()
    try:
        old = migrator.before(BEFORE)
        Profile = old.get_model("candidates", "CandidateProfile")
        old_rows = [
            ("heltid_deltid", [{"language": "Norsk", "level": "svart_godt"}, {"language": "Somali", "level": "morsmal"}], ["B", "T"]),
            ("deltid", [{"language": "norsk", "level": "godt"}], []),
            ("heltid", [{"language": "Engelsk", "level": "godt"}], ["C1", "D"]),
            ("", [], []),
        ]  # fmt: skip
        for candidate, (extent, languages, licences) in zip(candidates, old_rows, strict=True):
            Profile.objects.filter(candidate_id=candidate.pk).update(
                extent=extent, languages=languages, driving_licences=licences
            )
        new = migrator.after(AFTER)
        Profile = new.get_model("candidates", "CandidateProfile")
        got = {
            p.candidate_id: p
            for p in Profile.objects.filter(candidate_id__in=[c.pk for c in candidates]).select_related(
                "candidate"
            )
        }
        expected = [
            (["heltid", "deltid"], "flytende"),
            (["deltid"], "god"),
            (["heltid"], ""),
            ([], ""),
        ]
        for candidate, (_extent, languages, licences), (extents, level) in zip(
            candidates, old_rows, expected, strict=True
        ):
            profile = got[candidate.pk]
            assert profile.extents == extents
            assert profile.norwegian_level == level
            assert profile.languages == languages  # the list itself is kept, Norwegian line included
            assert profile.driving_licences == licences
            assert profile.birth_month == candidate.birth_date.replace(day=1)
            assert profile.birth_month.day == 1 and isinstance(profile.birth_month, datetime.date)
        Need = new.get_model("employers", "Need")
        after = Need.objects.get(pk=need.pk)
        assert (after.norwegian_level, after.driving_licences, after.minimum_age, after.maximum_age) == (
            "god",
            ["B", "CE"],
            18,
            None,
        )
        # And back: the old single extent comes back from the list.
        old = migrator.before(BEFORE)
        Profile = old.get_model("candidates", "CandidateProfile")
        extents_back = dict(
            Profile.objects.filter(candidate_id__in=[c.pk for c in candidates]).values_list(
                "candidate_id", "extent"
            )
        )
        assert [extents_back[c.pk] for c in candidates] == ["heltid_deltid", "deltid", "heltid", ""]
    finally:
        migrator.finish()
