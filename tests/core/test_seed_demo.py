import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory

from accounts.models import Membership, NavUnit, Role, User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def authenticate(*, username, password):
    # django-axes wants the request, as the real login view passes it.
    return django_authenticate(
        RequestFactory().post("/accounts/login/"), username=username, password=password
    )


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts():
    return {
        "units": NavUnit.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "municipality_links": NavUnit.municipalities.through.objects.count(),
    }


def test_seed_is_idempotent():
    seed(seed=7)
    first = counts()
    seed(seed=7)
    assert counts() == first
    assert first["units"] > 40


def snapshot_after_seed(seed_value: int):
    """Seed inside a savepoint, read what it made, and roll it back."""
    with transaction.atomic():
        seed(seed=seed_value, only=["accounts"])
        names = list(User.objects.order_by("username").values_list("username", "first_name", "last_name"))
        transaction.set_rollback(True)
    return names


def test_seed_is_deterministic_for_a_seed():
    first = snapshot_after_seed(11)
    assert first == snapshot_after_seed(11)
    assert first != snapshot_after_seed(12)


def test_each_demo_role_can_log_in_with_the_demo_password():
    seed()
    expected = {
        "veileder": (Role.VEILEDER, "NAV Hamar"),
        "radgiver": (Role.IA_RADGIVER, "NAV Arbeidslivssenter Innlandet"),
        "markedskoordinator": (Role.MARKEDSKOORDINATOR, "NAV Marked og virkemidler Innlandet"),
        "koordinator": (Role.PROSJEKTKOORDINATOR, "NAV Hamar"),
        "leder": (Role.LEDER, "NAV Hamar"),
    }
    for username, (role, unit) in expected.items():
        user = authenticate(username=username, password="navdemo")
        assert user is not None, username
        assert Membership.objects.filter(user=user, role=role, unit__name=unit).exists(), username
    admin = authenticate(username="admin", password="navdemo")
    assert admin.is_staff and admin.is_superuser


def test_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "annet-passord")
    seed()
    assert authenticate(username="veileder", password="annet-passord") is not None
    assert authenticate(username="veileder", password="navdemo") is None


def test_report_regions_and_ta_sjansen_offices_exist():
    seed()
    hedmarken = set(
        NavUnit.objects.filter(county__code="34", kind=NavUnit.Kind.OFFICE).values_list("name", flat=True)
    )
    assert {"NAV Hamar", "NAV Ringsaker", "NAV Stange", "NAV Løten"} <= hedmarken
    hamar = NavUnit.objects.get(name="NAV Hamar")
    assert list(hamar.municipalities.values_list("name", flat=True)) == ["Hamar"]
    for code in ("46", "33", "18", "32"):  # Vestland, Buskerud, Nordland, Akershus
        assert NavUnit.objects.filter(county__code=code, kind=NavUnit.Kind.WORKLIFE_CENTRE).exists()


def test_refuses_production_settings(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="produksjonsinnstillinger"):
        seed()
    assert User.objects.count() == 0


def test_only_runs_the_named_apps_and_rejects_unknown_ones():
    seed(only=["accounts"])
    assert User.objects.filter(username="veileder").exists()
    with pytest.raises(CommandError, match="Ukjent app"):
        seed(only=["finnesikke"])


def test_large_scale_shows_progress_and_adds_more_staff():
    small_out = seed(scale="small", only=["accounts"])
    small_users = User.objects.count()
    large_out = seed(scale="large", only=["accounts"])
    assert User.objects.count() > small_users * 5
    assert "rader" in large_out and "rader" not in small_out  # the tqdm bar only on large


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "navinclusion.settings.production",
        "SECRET_KEY": "q8#kz1Lw5vT0pXn3rY7uB2eH9cJ4mF6aS0dG8hK1lZ5xC3vN7bM2",
        "ALLOWED_HOSTS": "inkludering.nav.no",
    }
    # The browser tests relax Django's async check for this test process; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
