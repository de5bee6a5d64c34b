"""A real OpenID Connect provider (panva/oidc-provider on Node, tests/oidc/provider.mjs) on
127.0.0.1 and a free port for the whole session, and helpers that walk its login pages with a
real HTTP client, as a browser would."""

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.servers import free_port, wait_for_port

HERE = Path(__file__).resolve().parent
CLIENT_ID, CLIENT_SECRET = "nav-inkludering-test", "test-secret-" + "x" * 32
CALLBACK = "http://testserver/oidc/callback/"
AFTER_LOGOUT = "http://testserver/accounts/login/"


class Provider:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.accounts_file = tmp / "accounts.json"
        self.accounts: dict[str, dict] = {}
        self.process: subprocess.Popen | None = None

    def set_account(self, account_id: str, **claims) -> None:
        """Create or change an account; the provider reads the file at every lookup."""
        self.accounts[account_id] = {"oid": f"oid-{account_id}", **claims}
        self.accounts_file.write_text(json.dumps(self.accounts))

    def start(self) -> "Provider":
        if not (HERE / "node_modules" / "oidc-provider").is_dir():
            pytest.fail("oidc-provider is not installed: run `make oidc-deps` (npm ci in tests/oidc)")
        self.accounts_file.write_text("{}")
        env = {
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "PORT": str(self.port),
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "REDIRECT_URI": CALLBACK,
            "POST_LOGOUT_REDIRECT_URI": AFTER_LOGOUT,
            "ACCOUNTS_FILE": str(self.accounts_file),
        }
        node = shutil.which("node") or "/usr/bin/node"
        self.process = subprocess.Popen(
            [node, "provider.mjs"], cwd=HERE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, up=True, timeout=20)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    running = Provider(tmp_path_factory.mktemp("oidc")).start()
    yield running
    running.stop()


@pytest.fixture
def oidc(settings, provider):
    """Our settings pointed at the provider, the way the environment configures production."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = f"{provider.issuer}/.well-known/openid-configuration"
    settings.OIDC_RP_SCOPES = "openid profile email groups"
    settings.OIDC_SUBJECT_CLAIM = "oid"
    return provider


class Browser:
    """The person's browser at the provider: its own cookie jar, so a second Browser is a second
    person (or the same person on a new machine)."""

    def __init__(self, provider: Provider):
        self.provider = provider
        self.http = requests.Session()

    def _form(self, html: str) -> tuple[str, dict]:
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
        assert form, html[:500]
        fields = {
            name: unescape(value)
            for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(2))
        }
        return unescape(form.group(1)), fields

    def follow(self, url: str, *, login: str | None = None) -> str:
        """Follow the provider's redirects (logging in as `login` when it asks) until it sends the
        browser back to us; returns that URL."""
        response = self.http.get(url, allow_redirects=False, timeout=10)
        for _ in range(10):
            if response.is_redirect:
                target = urljoin(response.url, response.headers["Location"])
                if urlsplit(target).hostname == "testserver":
                    return target
                response = self.http.get(target, allow_redirects=False, timeout=10)
                continue
            assert response.status_code == 200, (response.status_code, response.text[:300])
            assert login is not None, "the provider asked for a login nobody was meant to give"
            action, fields = self._form(response.text)
            fields.update(login=login, password="any")
            response = self.http.post(
                urljoin(response.url, action), data=fields, allow_redirects=False, timeout=10
            )
            login = None
        raise AssertionError("the provider never sent the browser back")


@pytest.fixture
def browser(oidc):
    return Browser(oidc)


def sso_login(client, browser: Browser, login: str | None, *, next_url: str = ""):
    """Click «Logg inn med NAV-kontoen din», log in at the provider, land on our callback."""
    start = client.get("/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302 and start["Location"].startswith(browser.provider.issuer)
    back = browser.follow(start["Location"], login=login)
    parts = urlsplit(back)
    return client.get(parts.path + "?" + parts.query)
