"""Create the database roles and the PostgreSQL database if they do not exist yet (core.db_roles)."""

from django.core.management.base import BaseCommand

from core.db_roles import ensure_roles_and_database


class Command(BaseCommand):
    help = "Oppretter databaserollene og databasen hvis de mangler."

    def handle(self, *args, **options):
        ensure_roles_and_database(self.stdout)
