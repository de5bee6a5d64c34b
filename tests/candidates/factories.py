"""Candidates for tests, created through the services (so they look like real registrations)."""

import datetime
import itertools
import random

from django.utils import timezone

from candidates import services
from candidates.models import Candidate, Innsatsgruppe
from candidates.synthetic import random_synthetic_fodselsnummer

_rng = random.Random(4)
_taken: set[str] = set()
_counter = itertools.count(1)


def fnr_for(birth_date: datetime.date) -> str:
    return random_synthetic_fodselsnummer(_rng, birth_date, _taken)


def make_candidate(*, office, by, counsellor=None, age_years: int = 22, **overrides) -> Candidate:
    n = next(_counter)
    # Vary the birth date within the age: about 400 synthetic numbers exist per date.
    birth = timezone.localdate() - datetime.timedelta(days=int(age_years * 365.25) + 10 + n % 200)
    data = {
        "first_name": f"Testfornavn{n}",
        "last_name": f"Testetternavn{n}",
        "fodselsnummer": fnr_for(birth),
        "phone": f"9{n % 100:02d} {(n * 3) % 100:02d} {(n * 7) % 1000:03d}",
        "email": f"kandidat{n}@example.com",
        "innsatsgruppe": Innsatsgruppe.SPESIELT_TILPASSET,
        "follow_up_started_on": timezone.localdate() - datetime.timedelta(days=100),
        "notes": "",
    }
    data.update(overrides)
    candidate = services.candidate_create(by=by, office=office, counsellor=counsellor or by, **data)
    candidate.profile.refresh_from_db()
    return candidate


def make_consent(*, candidate, by, days: int = 30, orgnr: str = "889640782", **overrides):
    today = timezone.localdate()
    data = {
        "employer_orgnr": orgnr,
        "employer_name": "Eksempel HF",
        "purpose": "arbeidsutproving",
        "subject": "Arbeidstrening",
        "given_on": today,
        "expires_on": today + datetime.timedelta(days=days),
    }
    data.update(overrides)
    return services.consent_record(candidate=candidate, by=by, **data)


def identity_strings(candidate: Candidate) -> list[str]:
    """Every form in which this candidate's identity could appear on a page."""
    fnr = candidate.fodselsnummer
    strings = [
        candidate.first_name,
        candidate.last_name,
        fnr,
        f"{fnr[:6]} {fnr[6:]}",
        candidate.email,
    ]
    if candidate.phone:
        strings += [candidate.phone, candidate.phone.replace(" ", "")]
    return [s for s in strings if s]
