"""Hand-built matching cases: a need in Hamar for a shop worker (STYRK 5223) and candidates in
Innlandet whose profiles are set through the candidates services."""

import pytest

from candidates import services as candidate_services
from core.models import County, Occupation
from tests.candidates.factories import make_candidate, make_consent
from tests.employers.factories import EmployerFactory, NeedFactory, municipality


def occupation(code: str) -> Occupation:
    return Occupation.objects.get(code=code)


def set_profile(candidate, by, *, wishes=(), facilitation=None, **fields):
    profile = candidate.profile
    defaults = {
        "extents": [],
        "competence": "",
        "experience_summary": "",
        "interests": "",
        "driving_licences": [],
    }
    candidate_services.candidate_profile_update(
        profile=profile, by=by, job_wishes=[occupation(c) for c in wishes], **{**defaults, **fields}
    )
    for category, values in (facilitation or {}).items():
        candidate_services.facilitation_need_set(candidate=candidate, by=by, category=category, values=values)
    profile.refresh_from_db()
    return profile


def consenting_candidate(need, *, office, by, wishes=("5223",), **profile):
    """A candidate in the office whose profile fits the need and who has consented to being
    shown to its employer by name: one the counsellor can propose straight away."""
    candidate = make_candidate(office=office, by=by, first_name="Ingrid", last_name="Solberg")
    set_profile(candidate, by, wishes=list(wishes), **({"competence": "Kassesystem"} | profile))
    employer = need.employer
    make_consent(candidate=candidate, by=by, orgnr=employer.orgnr, employer_name=employer.name, need=need)
    return candidate


@pytest.fixture
def employer(db):
    return EmployerFactory(name="Butikken AS", municipality=municipality("3403"))


@pytest.fixture
def need(employer, radgiver):
    n = NeedFactory(
        employer=employer,
        title="Butikkmedarbeider",
        tasks="Kasse og kundeservice, varepåfylling",
        occupation=occupation("5223"),
        extent="deltid",
        status="apen",
        opened_at="2026-01-01T10:00:00Z",
    )
    return n


@pytest.fixture
def make(office, veileder):
    """make(wishes=[...], **profile fields) -> candidate in the office (Hamar, Innlandet)."""

    def build(**kwargs):
        candidate = make_candidate(office=office, by=veileder)
        set_profile(candidate, veileder, **kwargs)
        return candidate

    return build


@pytest.fixture
def innlandet():
    return County.objects.get(code="34")
