"""Preview or send the weekly market e-mail for a given week.

manage.py market_email --week 2026-W48 --dry-run              # who would get it, and sizes
manage.py market_email --week 2026-W48 --dry-run --show 42    # one recipient's text part
manage.py market_email --week 2026-W48                        # queue it now (once per recipient)
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.services import email_render
from digests import selectors, services
from digests.selectors import Week


class Command(BaseCommand):
    help = "Forhåndsvis eller send ukens markeds-e-post for en uke (--dry-run sender ingenting)."

    def add_arguments(self, parser):
        parser.add_argument("--week", help="ISO-uke, f.eks. 2026-W48 (standard: denne uken)")
        parser.add_argument("--dry-run", action="store_true", help="vis mottakere, send ingenting")
        parser.add_argument("--show", type=int, metavar="USER_ID", help="skriv ut e-posten til én mottaker")

    def handle(self, *args, week=None, dry_run=False, show=None, **options):
        try:
            target = Week.parse(week) if week else selectors.this_week()
        except ValueError as exc:
            raise CommandError(f"Ugyldig uke «{week}»: bruk formen 2026-W48.") from exc
        if show is not None:
            user = User.objects.filter(pk=show).first()
            context = selectors.digest_content(user=user, week=target) if user else None
            if context is None:
                self.stdout.write(f"Bruker {show} får ingen markeds-e-post i {target.label}.")
                return
            rendered = email_render(template=services.TEMPLATE, context=context)
            self.stdout.write(f"Emne: {rendered['subject']}\nTil: {user.email}\n\n{rendered['text']}")
            return
        ids = selectors.recipient_ids(week=target)
        if dry_run:
            self.stdout.write(f"{target.label}: {len(ids)} mottakere som ikke har fått uke-e-posten ennå.")
            for user in User.objects.filter(pk__in=ids).order_by("pk"):
                self.stdout.write(f"  {user.pk}\t{user.email}")
            return
        fits = selectors.week_fit_counts(recipient_ids=ids, week=target)
        queued = sum(
            1
            for user_id in ids
            if services.digest_queue(user_id=user_id, week=target, fit=fits.get(user_id, {})) is not None
        )
        self.stdout.write(
            f"{target.label}: {queued} e-poster lagt i kø ({len(ids) - queued} tomme eller allerede sendt)."
        )
