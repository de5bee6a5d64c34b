from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Felles"

    def ready(self):
        # Each app contributes menu items and home sections in its own navigation.py, so the
        # lower layer (core) never imports a higher app.
        autodiscover_modules("navigation")
