from django.contrib import admin

from .models import (
    ContactLogEntry,
    ContactPerson,
    Employer,
    ImportJob,
    Need,
    NeedEvent,
    Network,
    NetworkMeeting,
)


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "orgnr", "sector", "municipality", "status", "primary_contact", "last_contact_at"]
    list_filter = ["sector", "status", "county"]
    search_fields = ["name", "orgnr"]
    raw_id_fields = ["primary_contact", "municipality", "nav_office"]
    inlines = [ContactPersonInline]


@admin.register(ContactLogEntry)
class ContactLogEntryAdmin(admin.ModelAdmin):
    list_display = ["employer", "occurred_at", "channel", "user", "unit", "purpose"]
    list_filter = ["channel"]
    raw_id_fields = ["employer", "user", "unit"]
    date_hierarchy = "occurred_at"


class NeedEventInline(admin.TabularInline):
    model = NeedEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]
    can_delete = False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    # Status changes only through the services (history rows); the admin shows it read-only.
    list_display = ["title", "employer", "status", "municipality", "places", "opened_at"]
    list_filter = ["status", "county"]
    search_fields = ["title", "employer__name"]
    raw_id_fields = ["employer", "occupation", "municipality"]
    readonly_fields = ["status", "opened_at"]
    inlines = [NeedEventInline]


class NetworkMeetingInline(admin.StackedInline):
    model = NetworkMeeting
    extra = 0
    raw_id_fields = ["attendees"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county"]
    raw_id_fields = ["members"]
    inlines = [NetworkMeetingInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "created_by", "status", "total_rows", "created_count", "created_at"]
    readonly_fields = ["content", "errors"]
