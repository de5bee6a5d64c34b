from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobfairsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobfairs"
    verbose_name = _("Jobbmesser og arrangementer")

    def ready(self):
        # The candidate's «Forslag» ranks free places at upcoming fairs beside open needs; matching
        # sits below jobfairs and may not import it, so the fairs offer their places as a source.
        from matching import sources

        from .selectors import jobfair_places

        sources.register("jobfairs", jobfair_places)
