"""Acceptance: role × URL name × event (own county 34 / other county 46) → allowed or denied, for
every URL of the jobfairs app. A new URL without a row here fails the completeness guard."""

import pytest
from django.urls import reverse

from jobfairs import services
from tests.candidates.factories import make_candidate
from tests.factories import UserFactory, county

from .factories import make_event

pytestmark = pytest.mark.django_db

OK, NO = "ok", "deny"
ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]

# The market coordinator and adviser work in county 34 (fixtures' units); the booking belongs to
# veileder's office (county 34). Everyone with a NAV role sees events.
# fmt: off
#           veileder  other_veil. radgiver  markedsk.  koordinator leder     admin
ALL =      [(OK, OK), (OK, OK),   (OK, OK), (OK, OK),  (OK, OK),   (OK, OK), (OK, OK)]
CREATE =   [(NO, NO), (NO, NO),   (OK, OK), (OK, OK),  (OK, OK),   (NO, NO), (OK, OK)]
CHANGE =   [(NO, NO), (NO, NO),   (OK, NO), (OK, NO),  (OK, NO),   (NO, NO), (OK, OK)]
BOOK =     [(OK, OK), (OK, OK),   (NO, NO), (NO, NO),  (NO, NO),   (NO, NO), (NO, NO)]
OWN =      [(OK, OK), (NO, NO),   (NO, NO), (NO, NO),  (NO, NO),   (NO, NO), (NO, NO)]
# fmt: on

MATRIX = {
    "list": (ALL, None),
    "create": (CREATE, None),
    "detail": (ALL, "event"),
    "update": (CHANGE, "event"),
    "copy": (CHANGE, "event"),
    "transition": (CHANGE, "transition"),
    "employer_add": (CHANGE, "event"),
    "book": (BOOK, "event"),
    "print_counsellor": (BOOK, "event"),
    "run_sheet": (ALL, "event"),
    "rotation": (ALL, "speed"),
    "print_rotation": (ALL, "speed"),
    "groups": (CHANGE, "gruppe"),
    "dropin": (CHANGE, "dropin"),
    "print_employer": (CHANGE, "entry"),
    "feedback_link": (CHANGE, "entry"),
    "booking": (OWN, "booking"),
    "booking_cancel": (OWN, "booking"),
    "offer": (OWN, "offer"),
}


def test_matrix_covers_every_jobfairs_url():
    from jobfairs import urls

    assert {p.name for p in urls.urlpatterns} - {"shared_feedback"} == set(MATRIX)


FORMATS = {"speed", "gruppe", "dropin"}  # pages that answer only for their format


def _event(code, office, veileder, *, fmt="intervju"):
    by = UserFactory(is_staff=True)
    extra = {"format": fmt, "slot_minutes": 20}
    event = make_event(by=by, county=county(code), offices=[], employers=2, slots=1, **extra)
    event.owners.set([])
    first, _second = list(event.employers.order_by("pk"))
    booking = services.booking_create(
        slot=first.slots.get(), candidate=make_candidate(office=office, by=veileder), by=veileder
    )
    offer = services.waiting_join(
        event_employer=first, candidate=make_candidate(office=office, by=veileder), by=veileder
    )
    return {
        "event": {"pk": event.pk},
        **{name: {"pk": event.pk} for name in FORMATS},
        "transition": {"pk": event.pk, "to": "holdt"},
        "entry": {"pk": event.pk, "row": first.pk},
        "booking": {"pk": booking.pk},
        "offer": {"pk": offer.pk},
    }


@pytest.mark.parametrize("name", list(MATRIX))
def test_access(request, client_for, office, veileder, name):
    rows, kind = MATRIX[name]
    expected = dict(zip(ROLES, rows, strict=True))
    fmt = kind if kind in FORMATS else "intervju"
    events = {
        "own": _event("34", office, veileder, fmt=fmt),
        "other": _event("46", office, veileder, fmt=fmt),
    }
    failures = []
    for role in ROLES:
        user = request.getfixturevalue(role)
        client = client_for(user)
        for index, where in enumerate(("own", "other")):
            kwargs = events[where][kind] if kind else {}
            response = client.get(reverse(f"jobfairs:{name}", kwargs=kwargs))
            allowed = response.status_code == 200
            if allowed != (expected[role][index] == OK) or response.status_code >= 500:
                failures.append((role, where, response.status_code))
    assert not failures, f"{name}: {failures}"
