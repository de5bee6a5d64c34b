"""A snapshot is the published, suppressed figures as of one cutoff date (the end of a closed
quarter). It is built once and never changed, so this week's figures equal last week's; the
periodic job builds the next one when a quarter has closed (docs/apps/dashboards.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class Snapshot(BaseModel):
    cutoff = models.DateField(_("tall per"), unique=True)
    built_at = models.DateTimeField(_("beregnet"))
    build_ms = models.PositiveIntegerField(_("beregningstid (ms)"), default=0)
    checked_at = models.DateTimeField(_("sist kontrollert"), null=True, blank=True)
    # [[key, label], ...] of the period options, and the keys hidden in this snapshot (kept
    # hidden in every later one: a figure once hidden never reappears for a subtraction).
    periods = models.JSONField(default=list)
    hidden_keys = models.JSONField(default=list)

    class Meta:
        ordering = ["-cutoff"]
        verbose_name = _("resultatøyeblikksbilde")
        verbose_name_plural = _("resultatøyeblikksbilder")

    def __str__(self):
        return str(self.cutoff)


class SnapshotView(models.Model):
    """The tables of one node (all, a region, an office or a project) for one period option,
    with suppression applied: what a page or an export shows, read as one row."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="views")
    node = models.CharField(_("enhet"), max_length=40)
    period = models.CharField(_("periode"), max_length=20)
    label = models.CharField(_("navn"), max_length=200)
    data = models.JSONField(default=dict)
    # The tables rendered once when the snapshot is built: a page only inserts this.
    html = models.TextField(blank=True)

    class Meta:
        verbose_name = _("resultatvisning")
        verbose_name_plural = _("resultatvisninger")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "node", "period"], name="snapshotview_once"),
        ]
        indexes = [
            # The filter menu lists every node of a period (344 on the large data set): read from
            # the index alone instead of the wide rows with the pre-rendered tables.
            models.Index(
                fields=["snapshot", "period"], include=["node", "label"], name="snapshotview_menu_idx"
            ),
        ]

    def __str__(self):
        return f"{self.snapshot_id} {self.node} {self.period}"
