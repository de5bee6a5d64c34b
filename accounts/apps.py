from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Brukere og enheter"

    def ready(self):
        from . import lockout  # noqa: F401  (connects the per-address failure counter)

        # Each app keeps its access rules in its own rules.py, so accounts holds only the mechanism.
        from .access import load_rule_modules

        load_rule_modules()
