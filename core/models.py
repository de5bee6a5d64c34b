"""Shared building blocks: the abstract base model, reference data (geography, occupations),
the e-mail outbox, in-app notifications and the worker heartbeat."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        abstract = True


class InsertOnly:
    """Mixin for logs that may only grow (audit trail, access log): the model refuses to change or
    delete a saved row. Pair it with a PostgreSQL trigger for anyone going around the ORM."""

    insert_only_message = "This log is insert-only."

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self.insert_only_message} Changing a row is refused.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self.insert_only_message} Deleting a row is refused.")


class County(models.Model):
    """Fylke (SSB KLASS 104, 2024 structure)."""

    code = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """Kommune (SSB KLASS 131, 2024 structure). The county is the first two digits of the code."""

    code = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name


class Occupation(models.Model):
    """STYRK-08 occupation (SSB KLASS 7), all four levels, with NAV's job categories on level 4."""

    code = models.CharField(_("STYRK-kode"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=255)
    level = models.PositiveSmallIntegerField(_("nivå"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    category = models.CharField(_("yrkeskategori"), max_length=100, blank=True)
    subcategory = models.CharField(_("underkategori"), max_length=150, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("yrke (STYRK-08)")
        verbose_name_plural = _("yrker (STYRK-08)")

    def __str__(self):
        return f"{self.code} {self.name}"


class OutboxMessage(models.Model):
    """One e-mail to one recipient. Written in the caller's transaction; delivered by a worker.

    The unique dedupe key makes every sender idempotent: asking twice for the same e-mail
    (a periodic job run twice, a retried request) finds the existing row instead of a second one.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    dedupe_key = models.CharField(_("duplikatnøkkel"), max_length=255, unique=True)
    recipient = models.EmailField(_("mottaker"))
    subject = models.CharField(_("emne"), max_length=255)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(_("mal"), max_length=100)
    # Extra message headers fixed when queued, e.g. List-Unsubscribe for the weekly e-mail.
    headers = models.JSONField(_("meldingshoder"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), auto_now_add=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="queued"), name="outbox_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="outbox_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient} ({self.get_status_display()})"


class Notification(models.Model):
    """In-app notice for one user (the bell in the header, the «Varsler» page)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tittel"), max_length=200)
    body = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("lenke"), max_length=500, blank=True)
    # NULL, not "", for "no key": NULLs never collide in the unique constraint below.
    dedupe_key = models.CharField(_("duplikatnøkkel"), max_length=255, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_user_dedupe_unique"),
        ]

    def __str__(self):
        return self.title


class WorkerHeartbeat(models.Model):
    """When the Celery worker last ran the heartbeat task; one row per worker name."""

    worker = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("arbeiderpuls")
        verbose_name_plural = _("arbeiderpuls")

    def __str__(self):
        return f"{self.worker} {self.last_seen:%Y-%m-%d %H:%M:%S}"


class AuditEntry(InsertOnly, models.Model):
    """Who changed which object, when, and which fields (the «Endringshistorikk» on every page).

    Written only through `core.audit` (model_update, audit_record, transition). Insert-only like the
    candidates' access log: the model refuses updates and deletes and a PostgreSQL trigger
    (migration 0004) refuses UPDATE and DELETE for anyone going around the ORM. Because a row can
    never be erased, it never holds a value of a personal-data field ("identity" fields, declared on
    the model as AUDIT_IDENTITY_FIELDS): for those it records only that the field changed.

    `changes` is a list of {"field": name, "old": value, "new": value} or {"field": name,
    "identity": true}; foreign keys are recorded by primary key.
    """

    insert_only_message = "The audit trail is insert-only."
    APPEND_ONLY = True  # core.db_roles grants the app role INSERT/SELECT only on this table

    class Action(models.TextChoices):
        CREATE = "create", _("Opprettet")
        UPDATE = "update", _("Endret")
        DELETE = "delete", _("Slettet")
        TRANSITION = "transition", _("Statusendring")

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("endret av"),
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("endringer"), default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("endringslogg")
        verbose_name_plural = _("endringslogg")
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.content_type_id}:{self.object_id}"
        )

    @property
    def field_names(self) -> list[str]:
        return [change["field"] for change in self.changes]


class ShareLink(models.Model):
    """A link that lets someone outside NAV (an employer contact) see one object without logging in.

    Only a SHA-256 hash of the random token is stored, so a database copy gives no working links.
    The link is scoped to one object (generic relation) and one `scope` (what the page may do with
    it, e.g. "matching.candidate_list"); it expires and can be revoked. Every use is logged in
    ShareLinkAccess. Job fairs reuse it for interview feedback (core.sharing).
    """

    AUDIT_IDENTITY_FIELDS = (
        "recipient_name",
        "recipient_email",
    )  # a person's name: the audit says only "changed"

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("formål"), max_length=60)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    recipient_name = models.CharField(_("mottaker"), max_length=150)
    recipient_email = models.EmailField(_("mottakers e-post"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"))
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delingslenke")
        verbose_name_plural = _("delingslenker")
        indexes = [models.Index(fields=["content_type", "object_id", "scope"], name="sharelink_object_idx")]

    def __str__(self):
        return f"{self.scope} → {self.recipient_name}"

    def is_active(self, now) -> bool:
        return self.revoked_at is None and now < self.expires_at


class ShareLinkAccess(models.Model):
    """One use of a share link, or one refused attempt (link NULL when the token matched none)."""

    class Outcome(models.TextChoices):
        OK = "ok", _("Vist")
        ACTION = "handling", _("Svar registrert")
        UNKNOWN = "ukjent", _("Ukjent lenke")
        EXPIRED = "utlopt", _("Utløpt")
        REVOKED = "trukket", _("Trukket tilbake")
        WRONG_SCOPE = "feil_omfang", _("Gjelder noe annet")
        RATE_LIMITED = "sperret", _("For mange forsøk")

    link = models.ForeignKey(
        ShareLink, on_delete=models.CASCADE, null=True, blank=True, related_name="accesses"
    )
    outcome = models.CharField(_("resultat"), max_length=12, choices=Outcome.choices)
    client = models.CharField(_("klient"), max_length=64, blank=True)  # hash of the IP, not the IP
    detail = models.CharField(_("detalj"), max_length=200, blank=True)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("bruk av delingslenke")
        verbose_name_plural = _("bruk av delingslenker")
        indexes = [models.Index(fields=["link", "-at"], name="sharelinkaccess_link_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"
