from django.contrib import admin

from indgang.crm.models import ContactRequest


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "operator", "contact_name", "routed_as_local"]
    list_filter = ["routed_as_local"]
    search_fields = ["contact_name", "email", "company_name", "cvr"]
    readonly_fields = ["consent_text", "consent_given_at", "created_at"]
