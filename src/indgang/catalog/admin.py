from django.contrib import admin

from indgang.catalog.models import Offer, OfferChange


class OfferChangeInline(admin.TabularInline):
    model = OfferChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "person", "source", "created", "diff"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "id", "operator", "level", "format", "status", "is_demo"]
    list_filter = ["status", "level", "format", "instrument", "is_demo"]
    search_fields = ["title", "id", "operator__name"]
    filter_horizontal = ["themes", "regions", "municipalities", "sectors"]
    inlines = [OfferChangeInline]
