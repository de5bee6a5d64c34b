"""Single sign-on against a real OpenID Connect provider on 127.0.0.1 (tests/oidc/conftest.py):
login, group mapping, a changed group, groups gone, logout at both ends, and ID tokens that are
expired or tampered with refused."""

import base64
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import GroupMapping, Membership, Role, User
from core.models import AuditEntry
from tests.oidc.conftest import Browser, sso_login

pytestmark = pytest.mark.django_db

VEILEDER_GROUP = "0b7c6a2e-veiledere-kontor"
LEDER_GROUP = "4f1d9e3a-ledere-kontor"
UNMAPPED_GROUP = "9e9e9e9e-annen-gruppe"


@pytest.fixture
def mappings(office, worklife_centre):
    GroupMapping.objects.create(group=VEILEDER_GROUP, unit=office, role=Role.VEILEDER)
    GroupMapping.objects.create(group=LEDER_GROUP, unit=office, role=Role.LEDER)
    GroupMapping.objects.create(group=LEDER_GROUP, unit=worklife_centre, role=Role.IA_RADGIVER)


def roles(user) -> set[tuple[int, str]]:
    return set(Membership.objects.filter(user=user).values_list("unit_id", "role"))


def signed_in(client) -> bool:
    return client.get(reverse("core:home")).status_code == 200


def test_login_creates_the_user_with_the_roles_its_groups_map_to(client, oidc, browser, mappings, office):
    oidc.set_account(
        "kari",
        name="Nordmann, Kari",
        NAVident="K123456",
        email="kari@nav.no",
        groups=[VEILEDER_GROUP, UNMAPPED_GROUP],
    )
    response = sso_login(client, browser, "kari")
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    user = User.objects.get(oidc_subject="oid-kari")
    assert (user.username, user.nav_ident, user.first_name, user.last_name) == (
        "k123456",
        "K123456",
        "Kari",
        "Nordmann",
    )
    assert not user.has_usable_password() and not user.is_staff
    assert roles(user) == {(office.pk, Role.VEILEDER)}
    page = client.get(reverse("core:home")).content.decode()
    assert "Kari Nordmann" in page and "Veileder" in page


def test_login_returns_to_the_page_asked_for(client, oidc, browser, mappings):
    oidc.set_account("ola", NAVident="O123456", groups=[VEILEDER_GROUP])
    response = sso_login(client, browser, "ola", next_url=reverse("core:notifications"))
    assert response["Location"] == reverse("core:notifications")


def test_a_changed_group_changes_the_roles_at_next_login_and_no_group_refuses(
    client, oidc, provider, mappings, office, worklife_centre
):
    oidc.set_account("per", NAVident="P123456", groups=[VEILEDER_GROUP])
    sso_login(client, Browser(provider), "per")
    user = User.objects.get(oidc_subject="oid-per")
    assert roles(user) == {(office.pk, Role.VEILEDER)}
    client.post(reverse("logout"))

    oidc.set_account("per", NAVident="P123456", groups=[LEDER_GROUP])
    sso_login(client, Browser(provider), "per")
    assert roles(user) == {(office.pk, Role.LEDER), (worklife_centre.pk, Role.IA_RADGIVER)}
    assert signed_in(client)
    # Each membership gained and lost is in the audit trail, by the user the sign-on was for.
    actions = AuditEntry.objects.filter(content_type__model="membership", user=user).values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["create", "create", "create", "delete"]
    client.post(reverse("logout"))

    oidc.set_account("per", NAVident="P123456", groups=[UNMAPPED_GROUP])
    response = sso_login(client, Browser(provider), "per")
    assert response["Location"] == reverse("login") + "?sso=avvist"
    assert roles(user) == set()
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Innloggingen ble avvist" in page


def test_a_person_with_no_mapped_group_gets_no_account(client, oidc, browser, mappings):
    oidc.set_account("ukjent", NAVident="U123456", groups=[UNMAPPED_GROUP])
    response = sso_login(client, browser, "ukjent")
    assert response["Location"] == reverse("login") + "?sso=avvist"
    assert not User.objects.filter(oidc_subject="oid-ukjent").exists()


def test_groups_gone_end_a_running_session_at_its_next_check(client, oidc, browser, mappings, settings):
    oidc.set_account("siri", NAVident="S123456", groups=[VEILEDER_GROUP])
    sso_login(client, browser, "siri")
    assert signed_in(client)
    oidc.set_account("siri", NAVident="S123456", groups=[])
    later = timezone.now() + timedelta(seconds=settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS + 60)
    with time_machine.travel(later, tick=False):
        check = client.get(reverse("core:home"))
        # The session is re-checked with the provider without asking the person (prompt=none)…
        assert check.status_code == 302 and check["Location"].startswith(oidc.issuer)
        assert parse_qs(urlsplit(check["Location"]).query)["prompt"] == ["none"]
    # …which still knows them, but their groups no longer give access: signed out, no roles.
    back = urlsplit(browser.follow(check["Location"]))
    response = client.get(back.path + "?" + back.query)
    assert response["Location"] == reverse("login") + "?sso=avvist"
    assert not signed_in(client)
    assert not Membership.objects.filter(user__oidc_subject="oid-siri").exists()


def test_logout_ends_our_session_and_the_providers(client, oidc, browser, mappings):
    oidc.set_account("lise", NAVident="L123456", groups=[VEILEDER_GROUP])
    sso_login(client, browser, "lise")
    response = client.post(reverse("logout"))
    assert not signed_in(client)
    end_session = response["Location"]
    assert end_session.startswith(f"{oidc.issuer}/session/end")
    query = parse_qs(urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    # The provider asks to confirm; the browser confirms and is sent back to our login page.
    page = browser.http.get(end_session, timeout=10)
    action, fields = browser._form(page.text)
    done = browser.http.post(
        requests.compat.urljoin(page.url, action),
        data={**fields, "logout": "yes"},
        allow_redirects=False,
        timeout=10,
    )
    assert done.headers["Location"].startswith("http://testserver/accounts/login/")
    # A new login now asks for credentials again: the provider's session is gone too.
    start = client.get(reverse("oidc_authentication_init"))
    with pytest.raises(AssertionError, match="asked for a login"):
        browser.follow(start["Location"], login=None)


def test_an_expired_id_token_is_refused(client, oidc, browser, mappings):
    oidc.set_account("eva", NAVident="E123456", groups=[VEILEDER_GROUP])
    start = client.get(reverse("oidc_authentication_init"))
    back = urlsplit(browser.follow(start["Location"], login="eva"))
    # The token the provider issues now is checked two hours later (its lifetime is one hour).
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        response = client.get(back.path + "?" + back.query)
    assert response["Location"] == reverse("login") + "?sso=avvist"
    assert not signed_in(client)
    assert not User.objects.filter(oidc_subject="oid-eva").exists()


class TamperingTokenEndpoint:
    """Stands between us and the provider's token endpoint and changes the ID token's claims
    (more groups) without being able to sign them: what an attacker in the path could do."""

    def __init__(self, upstream: str, tamper):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = requests.post(
                    upstream, data=body, headers={"Content-Type": self.headers["Content-Type"]}, timeout=10
                )
                tokens = answer.json()
                if "id_token" in tokens:
                    tokens["id_token"] = tamper(tokens["id_token"])
                outer.seen += 1
                payload = json.dumps(tokens).encode()
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.seen = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def more_groups(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(_unb64(payload))
    claims["groups"] = [*claims.get("groups", []), LEDER_GROUP]
    return ".".join([header, _b64(json.dumps(claims).encode()), signature])


def unsigned(token: str) -> str:
    _header, payload, _signature = token.split(".")
    return ".".join([_b64(json.dumps({"alg": "none", "typ": "JWT"}).encode()), payload, ""])


@pytest.mark.parametrize("tamper", [more_groups, unsigned], ids=["claims-changed", "alg-none"])
def test_a_tampered_id_token_is_refused(client, oidc, browser, mappings, settings, tamper):
    oidc.set_account("tor", NAVident="T123456", groups=[VEILEDER_GROUP])
    real_endpoint = requests.get(settings.OIDC_OP_DISCOVERY_URL, timeout=5).json()["token_endpoint"]
    proxy = TamperingTokenEndpoint(real_endpoint, tamper)
    settings.OIDC_OP_TOKEN_ENDPOINT = proxy.url
    try:
        response = sso_login(client, browser, "tor")
    finally:
        proxy.close()
    assert proxy.seen == 1
    assert response["Location"] == reverse("login") + "?sso=avvist"
    assert not signed_in(client)
    assert not User.objects.filter(oidc_subject="oid-tor").exists()


def test_the_same_login_untampered_through_the_same_path_succeeds(client, oidc, browser, mappings, settings):
    """The control for the test above: the proxy itself breaks nothing."""
    oidc.set_account("tor", NAVident="T123456", groups=[VEILEDER_GROUP])
    real_endpoint = requests.get(settings.OIDC_OP_DISCOVERY_URL, timeout=5).json()["token_endpoint"]
    proxy = TamperingTokenEndpoint(real_endpoint, lambda token: token)
    settings.OIDC_OP_TOKEN_ENDPOINT = proxy.url
    try:
        response = sso_login(client, browser, "tor")
    finally:
        proxy.close()
    assert response["Location"] == reverse("core:home")
    assert signed_in(client)
