"""Acceptance: role × URL name → allowed or denied, for every URL of the digests app. A new URL
without a row here fails the completeness guard. The preview is for market coordinators (their
regions: veileder in Innlandet is theirs, other_veileder in Vestland is not) and admins."""

import pytest
from django.urls import reverse
from django.utils import timezone

from digests.selectors import unsubscribe_token
from tests.employers.factories import EmployerFactory, NeedFactory, municipality

pytestmark = pytest.mark.django_db

OK, NO = "ok", "deny"
ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]

# fmt: off
#                       veileder other_v. radgiver markedsk. koord.  leder  admin
ALL =                  [OK,      OK,      OK,      OK,       OK,     OK,    OK]
COORDINATORS =         [NO,      NO,      NO,      OK,       NO,     NO,    OK]
# The preview of other_veileder (Vestland): outside the market coordinator's region.
COORDINATORS_OTHER =   [NO,      NO,      NO,      NO,       NO,     NO,    OK]
# fmt: on

# url name → rows of (expected, URL kwargs or query: a function of the fixtures)
MATRIX = {
    "preferences": [(ALL, lambda f: {})],
    "preview": [(COORDINATORS, lambda f: {})],
    "preview_html": [
        (COORDINATORS, lambda f: {"pk": f["veileder"].pk}),
        (COORDINATORS_OTHER, lambda f: {"pk": f["other_veileder"].pk}),
    ],
    # Without login, for anyone holding the signed link.
    "unsubscribe": [(ALL, lambda f: {"token": unsubscribe_token(f["veileder"].pk)})],
}


def test_matrix_covers_every_digests_url():
    from digests import urls

    assert {p.name for p in urls.urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("name", list(MATRIX))
def test_access(request, client_for, region, name):
    # Vestland has content too, so other_veileder has an e-mail to preview.
    NeedFactory(
        employer=EmployerFactory(municipality=municipality("4601")), status="apen", opened_at=timezone.now()
    )
    users = {role: request.getfixturevalue(role) for role in ROLES}
    failures = []
    for expected, kwargs_of in MATRIX[name]:
        for role, want in zip(ROLES, expected, strict=True):
            client = client_for(users[role])
            response = client.get(reverse(f"digests:{name}", kwargs=kwargs_of(users)))
            allowed = response.status_code == 200
            if allowed != (want == OK) or response.status_code >= 500:
                failures.append((role, response.status_code))
    assert not failures, f"{name}: {failures}"


def test_preview_of_someone_outside_the_region_is_refused(client_for, markedskoordinator, other_veileder):
    response = client_for(markedskoordinator).get(reverse("digests:preview"), {"mottaker": other_veileder.pk})
    assert response.status_code in (200, 403)
    assert other_veileder.email not in response.content.decode()


def test_unsubscribe_needs_no_login(client, veileder):
    url = reverse("digests:unsubscribe", kwargs={"token": unsubscribe_token(veileder.pk)})
    assert client.get(url).status_code == 200
    assert client.get(reverse("digests:preferences")).status_code == 302  # to the login page
