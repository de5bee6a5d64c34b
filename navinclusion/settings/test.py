"""pytest: real PostgreSQL, tasks eager unless a test starts a real worker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# pytest-django creates, migrates and flushes the test database: that is the owner's work. The
# application role is exercised by tests/core/test_database_roles.py on the same test database.
DATABASES["default"].update(USER=DATABASE_OWNER.get("USER"), PASSWORD=DATABASE_OWNER.get("PASSWORD", ""))  # noqa: F405
# Keep the suite's broker apart from a developer's running worker.
REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/14")
CELERY_BROKER_URL = REDIS_URL
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("TEST_CACHE_URL", default="redis://127.0.0.1:6379/13"),
        # pytest-xdist workers share the Redis database; each keeps its own keys.
        "KEY_PREFIX": env("PYTEST_XDIST_WORKER", default=""),
    },
    "fragments": CACHES["fragments"],  # noqa: F405
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOW_SYNTHETIC_FNR = True
# Serve static files straight from the finders (no collectstatic needed for the live server).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
