"""NAV's platform (NAIS) injects connection details in pieces; our settings read whole URLs.

`export_urls(environ)` fills DATABASE_URL (the application role), DATABASE_OWNER_URL (the owner,
which runs `migrate`) and REDIS_URL/CACHE_URL from them, unless they are set already. Called by
navinclusion/settings/production.py before the base settings read the environment.

- Cloud SQL (spec.gcp.sqlInstances[].databases[], envVarPrefix DB): the default user's
  DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD (the owner) and, for the extra user
  `navinclusion_app`, DB_NAVINCLUSION_APP_HOST … _PASSWORD (the application role).
- Valkey (spec.valkey[].instance, named in VALKEY_INSTANCE): VALKEY_URI_<INSTANCE>,
  VALKEY_USERNAME_<INSTANCE>, VALKEY_PASSWORD_<INSTANCE>.
"""

from collections.abc import MutableMapping
from urllib.parse import quote, urlsplit, urlunsplit


def _database_url(environ, prefix: str) -> str | None:
    keys = ("HOST", "PORT", "DATABASE", "USERNAME", "PASSWORD")
    if not all(f"{prefix}_{key}" in environ for key in keys):
        return None
    host, port, name, user, password = (environ[f"{prefix}_{key}"] for key in keys)
    return f"postgres://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}/{name}"


def _valkey_url(environ) -> str | None:
    instance = environ.get("VALKEY_INSTANCE", "").upper().replace("-", "_")
    uri = environ.get(f"VALKEY_URI_{instance}") if instance else None
    if not uri:
        return None
    user = environ.get(f"VALKEY_USERNAME_{instance}", "")
    password = environ.get(f"VALKEY_PASSWORD_{instance}", "")
    parts = urlsplit(uri)
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{parts.hostname}:{parts.port}"
    # Celery refuses rediss:// without a certificate policy; verify the server's certificate.
    query = parts.query or ("ssl_cert_reqs=required" if parts.scheme == "rediss" else "")
    return urlunsplit((parts.scheme, netloc, parts.path or "/0", query, ""))


def export_urls(environ: MutableMapping[str, str]) -> None:
    owner = _database_url(environ, "DB")
    app = _database_url(environ, "DB_NAVINCLUSION_APP") or owner
    if app:
        environ.setdefault("DATABASE_URL", app)
    if owner:
        environ.setdefault("DATABASE_OWNER_URL", owner)
    valkey = _valkey_url(environ)
    if valkey:
        environ.setdefault("REDIS_URL", valkey)
        environ.setdefault("CACHE_URL", valkey)
