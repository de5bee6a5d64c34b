import pytest

from tests.candidates.factories import make_candidate


@pytest.fixture
def own_candidate(office, veileder):
    return make_candidate(office=office, by=veileder)


@pytest.fixture
def other_candidate(other_office, other_veileder):
    return make_candidate(office=other_office, by=other_veileder)
