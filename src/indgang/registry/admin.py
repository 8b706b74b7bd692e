from django.contrib import admin

from indgang.registry.models import Company, ProductionUnit, YearlyFigures


class ProductionUnitInline(admin.TabularInline):
    model = ProductionUnit
    extra = 0
    raw_id_fields = ["municipality"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["cvr", "name", "municipality", "db07_code", "status", "is_fictitious"]
    list_filter = ["status", "db07_section", "employees_band", "is_fictitious"]
    search_fields = ["cvr", "name"]
    inlines = [ProductionUnitInline]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # A CVR number never changes on a stored company.
        return ["cvr"] if obj else []


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(admin.ModelAdmin):
    list_display = ["company", "year", "employees_fte", "turnover_dkk", "value_added_dkk"]
    raw_id_fields = ["company"]
    list_filter = ["year"]
