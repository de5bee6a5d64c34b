"""The container image and the NAIS manifests, checked for structure (no Docker engine or NAIS
schema is available offline on this machine; docs/deploy.md). Plus the translation of NAIS's
injected variables into our URLs."""

import re
from pathlib import Path

import pytest
import yaml

from navinclusion.settings.nais import export_urls

ROOT = Path(__file__).resolve().parents[2]
NAIS = ROOT / ".nais"
MANIFESTS = ["app.yaml", "worker.yaml", "beat.yaml", "migrate.yaml"]


def render(template: str, values: dict) -> str:
    """The subset of Handlebars that nais/deploy's templating gives the manifests."""

    def each(match):
        return "".join(match.group(2).replace("{{ this }}", str(item)) for item in values[match.group(1)])

    text = re.sub(r"\{\{#each (\w+)\}\}\n(.*?)\{\{/each\}\}\n", each, template, flags=re.S)

    def value(match):
        assert match.group(1) in values, f"no value for {match.group(1)}"
        return str(values[match.group(1)])

    return re.sub(r"\{\{ (\w+) \}\}", value, text)


@pytest.fixture(params=["vars-dev.yaml", "vars-prod.yaml"])
def manifests(request) -> dict[str, dict]:
    values = yaml.safe_load((NAIS / request.param).read_text())
    return {name: yaml.safe_load(render((NAIS / name).read_text(), values)) for name in MANIFESTS}


def env_of(spec) -> dict[str, str]:
    return {item["name"]: item["value"] for item in spec.get("env", [])}


def test_every_manifest_is_a_nais_resource_of_the_team(manifests):
    for name, doc in manifests.items():
        assert doc["apiVersion"] in ("nais.io/v1alpha1", "nais.io/v1"), name
        assert doc["kind"] == ("Naisjob" if name == "migrate.yaml" else "Application"), name
        assert doc["metadata"]["labels"]["team"] == doc["metadata"]["namespace"], name
        assert doc["spec"]["image"].startswith("europe-north1-docker.pkg.dev/"), name
        assert env_of(doc["spec"])["DJANGO_SETTINGS_MODULE"] == "navinclusion.settings.production", name
        requests = doc["spec"]["resources"]["requests"]
        assert requests["cpu"] and requests["memory"], name
        assert doc["spec"]["resources"]["limits"]["memory"], name


def test_web_has_probes_on_the_health_endpoints_and_scales_out(manifests):
    spec = manifests["app.yaml"]["spec"]
    assert spec["liveness"]["path"] == "/healthz/live"
    assert spec["readiness"]["path"] == "/healthz/ready"
    assert spec["port"] == 8080
    assert spec["replicas"]["min"] >= 2 and spec["replicas"]["max"] > spec["replicas"]["min"]
    assert len(spec["ingresses"]) == 1 and spec["ingresses"][0].startswith("https://")


def test_web_declares_postgresql_with_backups_and_both_roles_and_valkey(manifests):
    spec = manifests["app.yaml"]["spec"]
    (instance,) = spec["gcp"]["sqlInstances"]
    assert instance["type"].startswith("POSTGRES_")
    assert (
        instance["pointInTimeRecovery"] and instance["retainedBackups"] >= 7 and instance["highAvailability"]
    )
    (database,) = instance["databases"]
    assert database["envVarPrefix"] == "DB"
    assert [user["name"] for user in database["users"]] == ["navinclusion_app"]
    assert spec["valkey"] == [{"instance": "inkludering", "access": "readwrite"}]
    assert env_of(spec)["VALKEY_INSTANCE"] == "inkludering"


def test_web_signs_on_with_entra_id_only(manifests):
    spec = manifests["app.yaml"]["spec"]
    azure = spec["azure"]["application"]
    assert azure["enabled"] and azure["allowAllUsers"] is False
    assert azure["replyURLs"] == [spec["ingresses"][0] + "/oidc/callback/"]
    assert azure["claims"]["groups"] and all(g["id"] for g in azure["claims"]["groups"])
    env = env_of(spec)
    assert env["PASSWORD_LOGIN_ENABLED"] == "false"
    assert env["OIDC_SUBJECT_CLAIM"] == "oid"


def test_workers_scale_and_exactly_one_beat(manifests):
    worker, beat = manifests["worker.yaml"]["spec"], manifests["beat.yaml"]["spec"]
    assert worker["command"][:4] == ["celery", "-A", "navinclusion", "worker"]
    assert worker["replicas"]["min"] >= 1 and "ingresses" not in worker
    assert beat["command"][:4] == ["celery", "-A", "navinclusion", "beat"]
    assert beat["replicas"] == {"min": 1, "max": 1}
    assert beat["strategy"]["type"] == "Recreate"  # never two schedulers during a rollout
    assert "scalingStrategy" not in beat["replicas"]


def test_migrations_run_as_the_owner_in_a_job(manifests):
    job = manifests["migrate.yaml"]["spec"]
    assert job["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert {"secret": "google-sql-nav-inkludering"} in job["envFrom"]
    assert env_of(job)["DATABASE_APP_ROLE"] == "navinclusion_app"


def test_dockerfile_runs_gunicorn_as_a_non_root_user_with_static_files_collected():
    dockerfile = (ROOT / "Dockerfile").read_text()
    final = dockerfile.split("\nFROM ")[-1]  # the runtime stage
    user = re.findall(r"^USER (\S+)", final, re.M)
    assert user and user[-1].split(":")[0] not in ("root", "0")
    assert "collectstatic --noinput" in dockerfile and "compilemessages" in dockerfile
    assert re.search(r"^CMD \[.*gunicorn navinclusion\.wsgi:application", final, re.M)
    assert "--bind 0.0.0.0:${PORT}" in final and "EXPOSE 8080" in final
    assert "navinclusion.settings.production" in final
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".git", ".venv", "node_modules/"} <= set(ignored)


def test_nais_variables_become_our_urls():
    environ = {
        "DB_HOST": "10.0.0.2", "DB_PORT": "5432", "DB_DATABASE": "navinclusion",
        "DB_USERNAME": "nav-inkludering", "DB_PASSWORD": "ei/r@",
        "DB_NAVINCLUSION_APP_HOST": "10.0.0.2", "DB_NAVINCLUSION_APP_PORT": "5432",
        "DB_NAVINCLUSION_APP_DATABASE": "navinclusion", "DB_NAVINCLUSION_APP_USERNAME": "navinclusion_app",
        "DB_NAVINCLUSION_APP_PASSWORD": "p:w",
        "VALKEY_INSTANCE": "inkludering", "VALKEY_URI_INKLUDERING": "rediss://valkey.example:26000",
        "VALKEY_USERNAME_INKLUDERING": "default", "VALKEY_PASSWORD_INKLUDERING": "v@lkey",
    }  # fmt: skip
    export_urls(environ)
    assert environ["DATABASE_URL"] == "postgres://navinclusion_app:p%3Aw@10.0.0.2:5432/navinclusion"
    assert environ["DATABASE_OWNER_URL"] == "postgres://nav-inkludering:ei%2Fr%40@10.0.0.2:5432/navinclusion"
    assert environ["REDIS_URL"] == "rediss://default:v%40lkey@valkey.example:26000/0?ssl_cert_reqs=required"
    assert environ["CACHE_URL"] == environ["REDIS_URL"]
    # Set explicitly, a URL wins; nothing injected, nothing changes.
    explicit = {
        "DATABASE_URL": "postgres://x@y/z",
        **{k: v for k, v in environ.items() if k.startswith("DB_")},
    }
    export_urls(explicit)
    assert explicit["DATABASE_URL"] == "postgres://x@y/z"
    empty: dict[str, str] = {}
    export_urls(empty)
    assert empty == {}
