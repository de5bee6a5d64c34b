"""Queue a test e-mail through the outbox, to check the SMTP path of an environment."""

import uuid

from django.core.management.base import BaseCommand
from django.core.validators import validate_email

from core.services import email_send


class Command(BaseCommand):
    help = "Legger en test-e-post i utboksen (leveres av Celery-arbeideren)."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True)

    def handle(self, *args, to, **options):
        validate_email(to)
        message = email_send(
            to=to, template="test_message", context={}, dedupe_key=f"test-email:{uuid.uuid4()}"
        )
        self.stdout.write(f"Lagt i utboksen som nr. {message.pk}.")
