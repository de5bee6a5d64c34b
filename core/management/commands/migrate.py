"""`migrate` as the owner role (DATABASE_OWNER_URL): the application role may not change the schema."""

from django.core.management.commands.migrate import Command as MigrateCommand

from core.db_roles import as_owner


class Command(MigrateCommand):
    def handle(self, *args, **options):
        with as_owner(options["database"]):
            return super().handle(*args, **options)
