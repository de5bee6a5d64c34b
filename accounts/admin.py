from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import GroupMapping, Membership, NavUnit, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("NAV"), {"fields": ("nav_ident", "phone", "oidc_subject")}))
    readonly_fields = ["oidc_subject"]
    list_display = ["username", "first_name", "last_name", "email", "nav_ident", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email", "nav_ident"]
    inlines = [MembershipInline]


@admin.register(NavUnit)
class NavUnitAdmin(admin.ModelAdmin):
    list_display = ["unit_number", "name", "kind", "parent", "county"]
    list_filter = ["kind", "county"]
    search_fields = ["unit_number", "name"]
    filter_horizontal = ["municipalities"]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit__kind", "unit__county"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(GroupMapping)
class GroupMappingAdmin(admin.ModelAdmin):
    """Which identity-provider group gives which role in which unit (single sign-on)."""

    list_display = ["group", "role", "unit"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["group", "unit__name", "unit__unit_number"]
    autocomplete_fields = ["unit"]
