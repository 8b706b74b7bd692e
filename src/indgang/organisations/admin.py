from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from indgang.organisations.models import ApiToken, Membership, Organisation, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "id", "type", "level", "municipality", "region", "is_demo"]
    list_filter = ["type", "level", "is_demo", "is_national_board"]
    search_fields = ["name", "id"]
    filter_horizontal = ["municipalities_served"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active", "is_staff", "is_demo"]
    list_filter = ["is_active", "is_staff", "is_demo"]
    search_fields = ["full_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = []
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["person", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["person__email", "name"]
