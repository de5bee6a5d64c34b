from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobfairsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobfairs"
    verbose_name = _("Jobbmesser og arrangementer")
