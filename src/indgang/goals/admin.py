from django.contrib import admin

from indgang.goals.models import (
    Goal,
    Kpi,
    KpiValue,
    PerformanceContract,
    Spending,
    Target,
    YearlyReport,
)


class KpiInline(admin.TabularInline):
    model = Kpi
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    inlines = [KpiInline]


@admin.register(KpiValue)
class KpiValueAdmin(admin.ModelAdmin):
    list_display = ["kpi", "year", "value", "source", "computed"]
    list_filter = ["computed", "year"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(PerformanceContract)
class PerformanceContractAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "operator"]
    list_filter = ["year"]
    inlines = [TargetInline]


@admin.register(YearlyReport)
class YearlyReportAdmin(admin.ModelAdmin):
    list_display = ["contract", "as_of", "frozen_at"]
    readonly_fields = ["contract", "as_of", "rows", "frozen_at", "frozen_by"]


@admin.register(Spending)
class SpendingAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "amount_dkk", "source"]
    list_filter = ["year"]
