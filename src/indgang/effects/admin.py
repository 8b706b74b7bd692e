from django.contrib import admin

from indgang.effects.models import EffectRun


@admin.register(EffectRun)
class EffectRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "progress", "started_by", "organisation", "created_at"]
    list_filter = ["status", "is_demo"]
    readonly_fields = [f.name for f in EffectRun._meta.fields if f.name != "result"]
    exclude = ["result"]

    def has_add_permission(self, request):
        return False
