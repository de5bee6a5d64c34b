"""Production: every secret from the environment, HTTPS only, no synthetic test identities."""

import os

from .nais import export_urls

# Before the base settings read the environment: NAIS gives database and Valkey details in pieces.
export_urls(os.environ)

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

IS_PRODUCTION = True
DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
ALLOW_SYNTHETIC_FNR = False
# Single sign-on only, unless an operator deliberately allows passwords (never with real data).
PASSWORD_LOGIN_ENABLED = env.bool("PASSWORD_LOGIN_ENABLED", default=False)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# /healthz, /healthz/live and /healthz/ready are probed over plain HTTP inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
