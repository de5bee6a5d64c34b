"""Admin: no identity in lists or forms, the logs read-only, erasure on request as an action.

Admins are not counsellors, so the candidate admin shows no name, fødselsnummer or contact data;
it exists to find a candidate by code and erase the identity on request. An admin who needs a
person by fødselsnummer uses the product's own POST search (a number in a URL ends up in logs and
history). Every change page writes an access-log row: it shows the innsatsgruppe.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import AccessLogEntry, Candidate, Consent, RetentionLog

NON_IDENTITY_FIELDS = [
    "office",
    "innsatsgruppe",
    "follow_up_status",
    "follow_up_started_on",
    "follow_up_ended_on",
    "erased_at",
    "created_at",
]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "profile_code",
        "office",
        "follow_up_status",
        "follow_up_ended_on",
        "erased_at",
    ]
    list_filter = ["follow_up_status", "office__county"]
    # Exact code only: never by fødselsnummer or name (core.admin_guard refuses those anyway).
    search_fields = ["=profile__code"]
    fields = NON_IDENTITY_FIELDS
    readonly_fields = NON_IDENTITY_FIELDS
    actions = ["erase_on_request"]
    list_select_related = ["office", "profile"]

    @admin.display(description=_("kode"))
    def profile_code(self, obj):
        return obj.profile.code if hasattr(obj, "profile") else ""

    @admin.action(description=_("Slett identiteten (på forespørsel)"))
    def erase_on_request(self, request, queryset):
        if not request.user.is_staff:
            return
        for candidate in queryset:
            services.candidate_erase(candidate=candidate, reason=RetentionLog.Reason.REQUEST, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Identiteten til %d kandidat er slettet.", "Identiteten til %d kandidater er slettet.", count
            )
            % count,
            messages.SUCCESS,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidate = self.get_object(request, object_id)
        if candidate is not None:
            services.access_log_record(
                user=request.user, candidates=[candidate], page=AccessLogEntry.Page.ADMIN
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        # Erasure is the one write the admin may make here, even though change is off.
        actions = super().get_actions(request)
        return actions if request.user.is_staff else {}


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["accessed_at", "user", "candidate_id", "page"]
    list_filter = ["page"]
    search_fields = ["=candidate__id", "=candidate__profile__code", "user__username"]
    list_select_related = ["user"]


@admin.register(RetentionLog)
class RetentionLogAdmin(ReadOnlyAdmin):
    list_display = ["erased_at", "candidate_id", "reason", "erased_by"]
    list_filter = ["reason"]


class WithoutEmployerFilter(admin.SimpleListFilter):
    """«Samtykker uten arbeidsgiver»: consents whose orgnr the register did not know when they were
    recorded or migrated. Valid as text; a person resolves them by registering the employer and
    running «Koble til arbeidsgiver», or by asking the counsellor to record the consent again."""

    title = _("samtykker uten arbeidsgiver")
    parameter_name = "uten_arbeidsgiver"

    def lookups(self, request, model_admin):
        return [("1", _("Samtykker uten arbeidsgiver")), ("0", _("Koblet til arbeidsgiver"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(employer__isnull=True)
        if self.value() == "0":
            return queryset.filter(employer__isnull=False)
        return queryset


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """Read-only (a consent is changed only by revoking it, on the candidate page); no identity."""

    list_display = [
        "candidate_id",
        "employer_orgnr",
        "employer_name",
        "employer",
        "purpose",
        "subject",
        "expires_on",
        "revoked_at",
    ]
    list_filter = [WithoutEmployerFilter, "purpose"]
    search_fields = ["=employer_orgnr", "=candidate__profile__code"]
    list_select_related = ["employer"]
    actions = ["link_employers"]

    def has_change_permission(self, request, obj=None):
        # Needed for the action; the change form itself has no editable fields.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=_("Koble til arbeidsgiver etter organisasjonsnummer"))
    def link_employers(self, request, queryset):
        linked = services.consents_link_employers()
        self.message_user(
            request,
            ngettext("%(n)s samtykke ble koblet.", "%(n)s samtykker ble koblet.", linked) % {"n": linked},
            messages.SUCCESS,
        )
