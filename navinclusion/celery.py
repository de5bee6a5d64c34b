"""The Celery application. Configuration lives in Django settings under the CELERY_ prefix."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.local")

app = Celery("navinclusion")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**_kwargs):
    """Celery configures no logging of its own: Django's LOGGING (every handler masks fødselsnumre)."""
    import logging.config

    from django.conf import settings

    from core.logging import install_masking

    logging.config.dictConfig(settings.LOGGING)
    install_masking()
