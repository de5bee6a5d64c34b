from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from core.demo import LARGE, SMALL, DemoContext, seeders


class Command(BaseCommand):
    help = "Lager demodata (idempotent). --scale large gir store datamengder for ytelsesmåling."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2018, help="Frø for tilfeldige data (deterministisk)."
        )
        parser.add_argument("--scale", choices=[SMALL, LARGE], default=SMALL)

    def handle(self, *args, seed, scale, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("seed_demo kan ikke kjøres med produksjonsinnstillinger.")
        autodiscover_modules("demo")
        ctx = DemoContext(seed=seed, scale=scale, stdout=self.stdout)
        for entry in seeders():
            self.stdout.write(f"Demodata: {entry.name} ({scale})")
            # One transaction per app: a failure leaves earlier apps' data and rolls back its own.
            with transaction.atomic():
                entry.func(ctx)
        self.stdout.write(self.style.SUCCESS("Demodata er klare."))
