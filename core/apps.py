from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Felles"

    def ready(self):
        # Each app contributes menu items and home sections in its own navigation.py, so the
        # lower layer (core) never imports a higher app.
        autodiscover_modules("navigation")
        from django.db.models.signals import post_migrate

        from .logging import install_masking

        install_masking()

        from .db_roles import grant_app_role

        post_migrate.connect(grant_app_role, sender=self, dispatch_uid="core.grant_app_role")

        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_renewed_on_login

        user_logged_in.connect(session_renewed_on_login, dispatch_uid="core.session_renewed_on_login")


class GuardedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with a site that refuses identity lookups (core.admin_guard)."""

    default = False  # CoreConfig stays the default config of the core app
    default_site = "core.admin_guard.GuardedAdminSite"
