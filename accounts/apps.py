from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Brukere og enheter"

    def ready(self):
        from . import lockout  # noqa: F401  (connects the per-address failure counter)
