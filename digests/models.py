"""The weekly market e-mail: who wants it (preferences) and who got it which week (send log)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class DigestPreference(BaseModel):
    """A user's choice: opt out of the weekly e-mail, or add regions beyond their own units'.

    No row means the default: a counsellor gets the e-mail for the counties of their offices.
    Anyone (a coordinator, an adviser, a leader) who adds regions subscribes.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    opted_out = models.BooleanField(_("ikke send meg ukens markeds-e-post"), default=False)
    extra_counties = models.ManyToManyField(
        "core.County", blank=True, related_name="+", verbose_name=_("flere regioner")
    )

    class Meta:
        verbose_name = _("innstilling for markeds-e-post")
        verbose_name_plural = _("innstillinger for markeds-e-post")

    def __str__(self):
        return str(self.user)


class DigestSend(models.Model):
    """One weekly e-mail queued for one recipient. Written in the transaction that queues the
    outbox row, and unique per (recipient, ISO year, ISO week): every later attempt that week
    (a second run, a second beat, a late start, a redelivered task) finds it and stops."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    iso_year = models.PositiveSmallIntegerField(_("år"))
    iso_week = models.PositiveSmallIntegerField(_("uke"))
    message = models.ForeignKey(
        "core.OutboxMessage", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("e-post")
    )
    needs = models.PositiveIntegerField(_("behov i e-posten"), default=0)
    created_at = models.DateTimeField(_("lagt i kø"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sendt markeds-e-post")
        verbose_name_plural = _("sendte markeds-e-poster")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "iso_year", "iso_week"], name="digestsend_once_a_week"
            ),
        ]
        indexes = [models.Index(fields=["iso_year", "iso_week"], name="digestsend_week_idx")]

    def __str__(self):
        return f"{self.recipient} {self.iso_year}-W{self.iso_week:02d}"
