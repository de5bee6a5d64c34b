"""Acceptance: role × page × candidate (own office / other office) → allow, anonymised, hidden or deny,
for every URL of the candidates app."""

import pytest
from django.urls import reverse

from candidates import services
from tests.candidates.factories import identity_strings, make_consent

pytestmark = pytest.mark.django_db

ALLOW, ANON, HIDDEN, DENY = "allow", "anon", "hidden", "deny"
ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]
# "veileder" is a counsellor at the own office; "other_veileder" at the other office. The project
# coordinator and the leader work at the own office but must not see identity either.


# fmt: off
#                 veileder        other_veileder  radgiver      markedskoord.  koordinator    leder           admin
IDENTITY_PAGE = [(ALLOW, DENY),   (DENY, ALLOW),   (DENY, DENY), (DENY, DENY), (DENY, DENY), (DENY, DENY),   (DENY, DENY)]
LIST_PAGE =     [(ALLOW, HIDDEN), (HIDDEN, ALLOW), (DENY, DENY), (DENY, DENY), (DENY, DENY), (DENY, DENY),   (DENY, DENY)]
OFFICE_PAGE =   [(HIDDEN, HIDDEN), (HIDDEN, HIDDEN), (DENY, DENY), (DENY, DENY), (DENY, DENY), (DENY, DENY), (DENY, DENY)]
PROFILE_PAGE =  [(ANON, ANON),    (ANON, ANON),    (ANON, ANON), (ANON, ANON), (ANON, ANON), (DENY, DENY),   (DENY, DENY)]
LOG_PAGE =      [(DENY, DENY),    (DENY, DENY),    (DENY, DENY), (DENY, DENY), (DENY, DENY), (HIDDEN, HIDDEN), (HIDDEN, HIDDEN)]
# fmt: on

# url name → (method, expected per role, how to build kwargs from the candidate)
MATRIX = {
    "list": ("get", LIST_PAGE, None),
    "export": ("get", LIST_PAGE, None),
    "create": ("get", OFFICE_PAGE, None),
    "detail": ("get", IDENTITY_PAGE, "pk"),
    "edit": ("get", IDENTITY_PAGE, "pk"),
    "profile_edit": ("get", IDENTITY_PAGE, "pk"),
    "facilitation_edit": ("get", IDENTITY_PAGE, "pk"),
    "consent_create": ("get", IDENTITY_PAGE, "pk"),
    "follow_up": ("post", IDENTITY_PAGE, "pk"),
    "consent_revoke": ("post", IDENTITY_PAGE, "consent"),
    "profiles": ("get", PROFILE_PAGE, None),
    "profile_export": ("get", PROFILE_PAGE, None),
    "profile_detail": ("get", PROFILE_PAGE, "code"),
    "access_log": ("get", LOG_PAGE, None),
}


def test_matrix_covers_every_candidates_url():
    from candidates import urls

    names = {p.name for p in urls.urlpatterns}
    # Transfers between offices have their own access tests (test_transfers.py).
    # The statistics address redirects to the dashboards (tests/dashboards/test_views.py).
    assert names - {"transfers", "transfer_request", "transfer_decide", "statistics"} == set(MATRIX)


CASES = [(name, role, which) for name in MATRIX for role in ROLES for which in ("own", "other")]


@pytest.mark.parametrize("name,role,which", CASES)
def test_access(request, client_for, name, role, which, own_candidate, other_candidate):
    method, expected_rows, kwarg = MATRIX[name]
    expected = dict(zip(ROLES, expected_rows, strict=True))[role][0 if which == "own" else 1]
    candidate = own_candidate if which == "own" else other_candidate
    owner = candidate.counsellor
    services.access_log_record(user=owner, candidates=[candidate], page="detail")
    user = request.getfixturevalue(role)
    kwargs = {}
    if kwarg == "pk":
        kwargs = {"pk": candidate.pk}
    elif kwarg == "code":
        kwargs = {"code": candidate.profile.code}
    elif kwarg == "consent":
        consent = make_consent(candidate=candidate, by=owner)
        kwargs = {"pk": candidate.pk, "consent_pk": consent.pk}
    url = reverse(f"candidates:{name}", kwargs=kwargs)
    client = client_for(user)
    response = client.post(url, {"to": "pause"}) if method == "post" else client.get(url)
    content = response.content.decode()
    secrets = identity_strings(candidate)

    if expected == DENY:
        assert response.status_code in (403, 404), f"{name} as {role}: {response.status_code}"
    elif expected == ALLOW:
        assert response.status_code in (200, 302), f"{name} as {role}: {response.status_code}"
        if method == "get":  # the page is about this candidate (name, or code on the profile form)
            assert candidate.last_name in content or candidate.profile.code in content
    else:
        assert response.status_code == 200, f"{name} as {role}: {response.status_code}"
        leaked = [s for s in secrets if s in content]
        assert not leaked, f"{name} as {role} shows identity of the {which} candidate: {leaked}"
        if expected == ANON:
            assert candidate.profile.code in content
