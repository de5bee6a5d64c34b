"""Settings shared by every environment. Values come from the environment (12-factor)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# True only in navinclusion.settings.production; demo seeding and synthetic numbers check it.
IS_PRODUCTION = False

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A stale form gets our own page with a way on, not Django's English one.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # The admin with a site that refuses lookups, ordering and search on identity fields.
    "core.apps.GuardedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "django_htmx",
    "axes",
    "core",
    "accounts",
    "employers",
    "candidates",
    "projects",
    "matching",
    "jobfairs",
    "placements",
    "digests",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionIdleMiddleware",
    "core.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # NUL bytes and over-long values in GET/POST answer 400, not a database error (500).
    "core.middleware.OddInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Permissions-Policy everywhere; Cache-Control: no-store, private on every signed-in response.
    "core.middleware.SecurityHeadersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A single-sign-on session is re-checked with the provider every OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS.
    "accounts.oidc.SessionRefresh",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes requirement).
    "axes.middleware.AxesMiddleware",
]

# --- Security headers (issue 10, item 7) ----------------------------------------------------------
# No 'unsafe-inline' for scripts or styles: templates carry no inline <script>, <style> or style=""
# (JavaScript in static/js, configured by data- attributes). A page that truly needs inline code
# uses {{ request.csp_nonce }}; htmx's own indicator <style> is switched off by a meta tag.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(), usb=(), "
    "xr-spatial-tracking=(), interest-cohort=()"
)

ROOT_URLCONF = "navinclusion.urls"
WSGI_APPLICATION = "navinclusion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.list_query",
            ],
        },
    },
]

# --- Database: PostgreSQL only ---------------------------------------------------------------
# Two roles (core/db_roles.py): the application connects as DATABASE_URL (navinclusion_app: no
# superuser, owns nothing, cannot change the append-only logs); `migrate` and test-database creation
# use DATABASE_OWNER_URL (navinclusion_owner). Given only DATABASE_URL, that role does both.
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://navinclusion_app@127.0.0.1:5432/navinclusion"),
}
DATABASE_OWNER = env.db(
    "DATABASE_OWNER_URL",
    default=env("DATABASE_URL", default="postgres://navinclusion_owner@127.0.0.1:5432/navinclusion"),
)
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="navinclusion_app")
# Superuser used only by `ensure_database` to create the roles and the database on a fresh machine.
DATABASE_ADMIN = env.db("DATABASE_ADMIN_URL", default="postgres://postgres@127.0.0.1:5432/postgres")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection is checked before each request reuses it: a restarted PostgreSQL costs the
# requests in flight, not every request after it (tests/core/test_database_restart.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache -------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default="redis://127.0.0.1:6379/1"),
        "TIMEOUT": 300,
    },
    # Rendered HTML that is a pure function of its cache key (a list's filter form for given
    # filters and language): in each process's memory, so it needs no Redis (issue 16).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, as django-axes requires
    "accounts.lockout.AddressLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (accounts/oidc.py); answers only the OIDC callback, and only when configured.
    "accounts.oidc.OIDCBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Username and password: demo, development and tests. Production has single sign-on only
# (navinclusion/settings/production.py); there the login page and the admin refuse passwords.
PASSWORD_LOGIN_ENABLED = env.bool("PASSWORD_LOGIN_ENABLED", default=True)

# --- Single sign-on: OpenID Connect, Entra ID at NAV (accounts/oidc.py, docs/security.md) ------------
# On NAIS the azure sidecar-less integration injects AZURE_APP_*; OIDC_* wins where both are set.
# Issuer and endpoints come from the discovery document unless set one by one.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default=env("AZURE_APP_CLIENT_ID", default=""))
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default=env("AZURE_APP_CLIENT_SECRET", default=""))
OIDC_OP_DISCOVERY_URL = env("OIDC_OP_DISCOVERY_URL", default=env("AZURE_APP_WELL_KNOWN_URL", default=""))
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = None  # claims come from the verified ID token (Entra ID: groups are there)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid profile email")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's logout (id_token_hint)
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=5)
OIDC_LEEWAY_SECONDS = 30  # clock skew allowed on exp/iat
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env.int("OIDC_RENEW_SECONDS", default=15 * 60)
OIDC_EXEMPT_URLS = ["healthz", "healthz_live", "healthz_ready", "logout", "login"]
# Claims: the person's stable id (Entra ID: `oid`), their NAV-ident (username) and their groups.
OIDC_SUBJECT_CLAIM = env("OIDC_SUBJECT_CLAIM", default="oid")
OIDC_NAVIDENT_CLAIM = env("OIDC_NAVIDENT_CLAIM", default="NAVident")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", default="groups")
# Group ids whose members are administrators (Django staff); roles in units come from GroupMapping.
OIDC_ADMIN_GROUPS = env.list("OIDC_ADMIN_GROUPS", default=[])

# Sessions live in PostgreSQL, so logins survive while Redis is down. They end after two idle
# hours and when the browser closes: shared office PCs are common. A request renews the idle
# deadline when it was last moved SESSION_RENEW_SECONDS ago or more (core.middleware.
# SessionIdleMiddleware), not with a session write on every request (issue 16).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Pages warn this long before the idle timeout, with a button that keeps the session alive.
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=5 * 60)

# Lockout: five wrong passwords for the same user from the same address lock that pair for 15 min.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# …and this many failed logins from one address, whatever the user names, lock the address
# (accounts/lockout.py): one password tried against many users.
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# --- Forms ----------------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ("aksel",)
CRISPY_TEMPLATE_PACK = "aksel"
CRISPY_FAIL_SILENTLY = False

# --- E-mail ------------------------------------------------------------------------------------------------
# consolemail:// locally; smtp://… in production. Delivery always goes through core.email's outbox.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="NAV Inkludering <noreply@nav-inkludering.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A failed delivery is retried after 1, 2, 4 … minutes, capped at an hour; after this many it is failed.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)

# --- Celery -----------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
# A task is acknowledged after it ran, so a worker killed mid-task does not lose it; our tasks are
# idempotent (they re-check state in PostgreSQL) so a redelivery is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task a killed worker held comes back after the visibility timeout (tests/core/test_worker_integration.py
# shortens it to prove that); the beat sweeps usually finish the work long before.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=60 * 60),
    "socket_connect_timeout": 2,
}
# Publishing from a web request must not hang when Redis is down: fail fast, the sweep picks it up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# Celery keeps Django's LOGGING (navinclusion/celery.py answers setup_logging), so its lines are masked.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Every Monday at 07:00 Europe/Oslo (CELERY_TIMEZONE), and catch-ups until the afternoon.
DIGEST_SCHEDULE = {"day_of_week": "mon", "hour": 7, "minute": 0}
DIGEST_CATCH_UP_SCHEDULE = {"day_of_week": "mon", "hour": "8-16", "minute": 0}
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "core.tasks.record_heartbeat", "schedule": timedelta(seconds=30)},
    "outbox-sweep": {"task": "core.tasks.outbox_sweep", "schedule": timedelta(seconds=60)},
    "sessions-cleanup": {"task": "core.tasks.clear_expired_sessions", "schedule": crontab(hour=3, minute=15)},
    "employers-import-sweep": {"task": "employers.tasks.import_sweep", "schedule": timedelta(seconds=60)},
    "candidates-retention": {
        "task": "candidates.tasks.retention_sweep",
        "schedule": crontab(hour=2, minute=30),
    },
    "jobfairs-sweep": {"task": "jobfairs.tasks.jobfairs_sweep", "schedule": timedelta(minutes=5)},
    "matching-board-escalation": {
        "task": "matching.tasks.board_escalation_sweep",
        "schedule": timedelta(minutes=15),
    },
    # Folds the ranking cache's change rows (versions unchanged) and drops day-old entries.
    "matching-ranking-cache-sweep": {
        "task": "matching.tasks.ranking_cache_sweep",
        "schedule": crontab(minute=40),
    },
    # Placement reminders: rows with a unique key, so a missed, late or repeated run is harmless.
    "placements-reminders": {
        "task": "placements.tasks.reminders_daily",
        "schedule": crontab(hour=6, minute=0),
    },
    # The weekly market e-mail (issue 14), then hourly catch-ups the same day: a run that Redis or
    # the worker missed starts late; the send log makes every extra run a no-op per recipient.
    "digests-weekly": {"task": "digests.tasks.weekly_fan_out", "schedule": crontab(**DIGEST_SCHEDULE)},
    "digests-catch-up": {
        "task": "digests.tasks.weekly_fan_out",
        "schedule": crontab(**DIGEST_CATCH_UP_SCHEDULE),
    },
    # Builds the closed quarter's published figures once; otherwise notes that it checked.
    "dashboards-snapshot": {"task": "dashboards.tasks.snapshot_refresh", "schedule": crontab(minute=20)},
}
# The health page reports the worker down when its last heartbeat is older than this.
HEALTH_WORKER_MAX_AGE = timedelta(seconds=env.int("HEALTH_WORKER_MAX_AGE_SECONDS", default=120))
HEALTH_REDIS_TIMEOUT_SECONDS = 1.0
# /healthz reports an outbox backlog when a queued e-mail is overdue by more than this.
HEALTH_OUTBOX_OVERDUE = timedelta(minutes=env.int("HEALTH_OUTBOX_OVERDUE_MINUTES", default=10))

# --- Personal data ---------------------------------------------------------------------------------------------
# Synthetic fødselsnumre (Test Norge, month + 80) are accepted only outside production.
ALLOW_SYNTHETIC_FNR = env.bool("ALLOW_SYNTHETIC_FNR", default=True)
# A candidate's identity is erased this many months after their follow-up ended (candidates app).
# The contact log warns about other NAV contacts with the same employer this far back (domain.md §4.4).
COORDINATION_WINDOW_DAYS = env.int("COORDINATION_WINDOW_DAYS", default=14)
CANDIDATE_RETENTION_MONTHS = env.int("CANDIDATE_RETENTION_MONTHS", default=12)
# A case on the board (matching) is tried at the own office this many days, then escalated to the
# Arbeidslivssenter's board (Team Follo: locally first, then the weekly board meeting).
BOARD_ESCALATE_AFTER_DAYS = env.int("BOARD_ESCALATE_AFTER_DAYS", default=14)

# --- Job fairs ------------------------------------------------------------------------------------------------
# At most this many employers per candidate per event (Ta sjansen: two, L3901).
JOBFAIRS_MAX_EMPLOYERS_PER_CANDIDATE = env.int("JOBFAIRS_MAX_EMPLOYERS_PER_CANDIDATE", default=2)
# How long a booking waits for the slot's lock before it answers «prøv igjen».
JOBFAIRS_LOCK_TIMEOUT_MS = env.int("JOBFAIRS_LOCK_TIMEOUT_MS", default=5000)

# Every handler masks 11-digit numbers (core.logging): root, django.request, django.server (the
# development server's request lines), gunicorn and Celery (navinclusion/celery.py, gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_fnr": {"()": "core.logging.MaskFodselsnummerFilter"}},
    "formatters": {
        "plain": {
            "()": "core.logging.MaskingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "server": {
            "()": "core.logging.MaskingServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_fnr"], "formatter": "plain"},
        "server": {"class": "logging.StreamHandler", "filters": ["mask_fnr"], "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replace Django's defaults (whose handlers have no mask): requests and errors go to ours.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "celery": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}
