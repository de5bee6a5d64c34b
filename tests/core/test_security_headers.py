"""Issue 10, item 7: CSP without 'unsafe-inline', a restrictive Permissions-Policy and
`Cache-Control: no-store, private` on every page each role reaches, under the production settings."""

import importlib
import re

import pytest
from django.test import override_settings

from tests.crawl import build_world, crawl

pytestmark = pytest.mark.django_db

ROLES = ["veileder", "other_veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]
PRODUCTION_KEYS = [
    "MIDDLEWARE",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "DEBUG",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
]


@pytest.fixture
def production_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    production = importlib.import_module("navinclusion.settings.production")
    production = importlib.reload(production)
    with override_settings(**{key: getattr(production, key) for key in PRODUCTION_KEYS}):
        yield production


def _directive(policy: str, name: str) -> str:
    match = re.search(rf"(?:^|;)\s*{name} ([^;]*)", policy)
    return match.group(1) if match else ""


def test_every_page_every_role_reaches_sends_the_headers(
    request, client_for, production_settings, office, veileder, other_office, other_veileder, leder
):
    build_world(
        office=office,
        veileder=veileder,
        other_office=other_office,
        other_veileder=other_veileder,
        leder=leder,
    )
    checked = 0
    for role in ROLES:
        client = client_for(request.getfixturevalue(role))
        result = crawl(client, admin=role == "admin_user", secure=True, limit=80)
        assert len(result.pages) > 3, role
        for url, response in result.pages.items():
            where = f"{role} {url} ({response.status_code})"
            policy = response.get("Content-Security-Policy", "")
            assert policy, where
            for name in ("script-src", "style-src"):
                assert "'unsafe-inline'" not in _directive(policy, name), where
                assert "'unsafe-eval'" not in _directive(policy, name), where
            assert "frame-ancestors 'none'" in policy, where
            assert "camera=()" in response.get("Permissions-Policy", ""), where
            assert "microphone=()" in response.get("Permissions-Policy", ""), where
            cache = response.get("Cache-Control", "")
            assert "no-store" in cache and "private" in cache, where
            if "html" in response.get("Content-Type", "") and not url.startswith("/admin/"):
                content = response.content.decode()
                assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content), f"inline script on {where}"
                assert not re.search(r"<style\b|\sstyle=\"", content), f"inline style on {where}"
                assert not re.search(r"\son[a-z]+=\"", content), f"inline handler on {where}"
            checked += 1
    assert checked > 100, checked


def test_login_page_has_csp_and_permissions_policy(client, production_settings):
    response = client.get("/accounts/login/", secure=True)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
