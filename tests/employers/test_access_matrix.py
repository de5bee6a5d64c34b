"""Acceptance: role × URL name × object (own county / other county) → allowed or denied, for every
URL of the employers app. A new URL without a row here fails the completeness guard."""

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import ContactPerson, ImportJob, Network
from tests.factories import NavUnitFactory, UserFactory, county, user_with_role

from .factories import EmployerFactory, NeedFactory, municipality

pytestmark = pytest.mark.django_db

OK, NO = "ok", "deny"
ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]

# Expected per role as (own county 34, other county 46). The managers (IA-rådgiver and market
# coordinator) work in county 34; other_veileder works in county 46.
# fmt: off
#            veileder  other_veileder radgiver  markedskoord. koordinator leder     admin
ALL =       [(OK, OK), (OK, OK),      (OK, OK), (OK, OK),     (OK, OK),   (OK, OK), (OK, OK)]
MANAGERS =  [(NO, NO), (NO, NO),      (OK, OK), (OK, OK),     (NO, NO),   (NO, NO), (OK, OK)]
COUNTY =    [(NO, NO), (NO, NO),      (OK, NO), (OK, NO),     (NO, NO),   (NO, NO), (OK, OK)]
OPEN_NEED = [(OK, NO), (NO, OK),      (OK, NO), (OK, NO),     (OK, NO),   (OK, NO), (OK, OK)]
# An import job is its creator's: "own" is the user's own job, "other" another manager's.
OWN_JOB =   [(NO, NO), (NO, NO),      (OK, NO), (OK, NO),     (NO, NO),   (NO, NO), (OK, OK)]
# fmt: on

# url name → (method, expected, which object's pk goes in the URL)
MATRIX = {
    "employer_list": ("get", ALL, None),
    "employer_export": ("get", MANAGERS, None),
    "employer_create": ("get", MANAGERS, None),
    "no_contact": ("get", ALL, None),
    "contact_log": ("get", ALL, None),
    "import_create": ("get", MANAGERS, None),
    "import_detail": ("get", OWN_JOB, "job"),
    "import_errors": ("get", OWN_JOB, "job"),
    "need_list": ("get", ALL, None),
    "need_export": ("get", MANAGERS, None),
    "need_detail": ("get", OPEN_NEED, "need"),
    "need_update": ("get", COUNTY, "need"),
    "need_transition": ("post", COUNTY, "need_transition"),
    "network_list": ("get", ALL, None),
    "network_create": ("get", MANAGERS, None),
    "network_detail": ("get", ALL, "network"),
    "network_update": ("get", COUNTY, "network"),
    "network_meeting_create": ("get", COUNTY, "network"),
    "employer_detail": ("get", ALL, "employer"),
    "employer_update": ("get", COUNTY, "employer"),
    "contact_person_create": ("get", COUNTY, "employer"),
    "contact_person_update": ("get", COUNTY, "person"),
    "contact_person_delete": ("post", COUNTY, "person"),
    "contact_log_create": ("get", ALL, "employer"),
    "need_create": ("get", COUNTY, "employer"),
}


def test_matrix_covers_every_employers_url():
    from employers import urls

    assert {p.name for p in urls.urlpatterns} == set(MATRIX)


def _objects(where: str, job_creator) -> dict:
    """Fresh objects for each role and county, so a POST that deletes or moves one (a contact
    person removed, a need filled) does not change the next role's answer."""
    code = "3403" if where == "own" else "4601"
    employer = EmployerFactory(municipality=municipality(code))
    need = NeedFactory(employer=employer, status="apen", opened_at=timezone.now())
    network = Network.objects.create(name=f"Nettverk {where}", county=county(code[:2]))
    person = ContactPerson.objects.create(employer=employer, name="Kari Kontakt")
    job = ImportJob.objects.create(created_by=job_creator, filename="a.csv", content="", total_rows=0)
    return {"employer": employer, "need": need, "network": network, "person": person, "job": job}


def _kwargs(kind, objects) -> dict:
    if kind is None:
        return {}
    if kind == "need_transition":
        return {"pk": objects["need"].pk, "to": "besatt"}
    if kind == "person":
        return {"pk": objects["employer"].pk, "person_pk": objects["person"].pk}
    return {"pk": objects[kind].pk}


@pytest.mark.parametrize("name", list(MATRIX))
def test_access(request, client_for, name):
    method, rows, kind = MATRIX[name]
    expected_by_role = dict(zip(ROLES, rows, strict=True))
    other_manager = user_with_role(
        "ia_radgiver",
        NavUnitFactory(unit_number="9493", name="NAV Arbeidslivssenter Annen", kind="arbeidslivssenter"),
        username="t-annen",
    )
    failures = []
    for role in ROLES:
        user = request.getfixturevalue(role)
        client = client_for(user)
        for index, where in enumerate(("own", "other")):
            objects = _objects(where, user if where == "own" else other_manager)
            url = reverse(f"employers:{name}", kwargs=_kwargs(kind, objects))
            response = client.post(url) if method == "post" else client.get(url)
            allowed = response.status_code in (200, 302)
            if allowed != (expected_by_role[role][index] == OK) or response.status_code >= 500:
                failures.append((role, where, response.status_code))
    assert not failures, f"{name}: {failures}"


def test_user_without_a_role_sees_nothing(client_for):
    client = client_for(UserFactory(username="t-ingen"))
    for name in ("employer_list", "need_list", "contact_log", "network_list"):
        assert client.get(reverse(f"employers:{name}")).status_code == 403, name
