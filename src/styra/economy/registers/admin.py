"""Admin for the economy registers; history (who changed what) via simple-history.

Day-to-day editing happens on the register pages, whose writes go through the
services; the admin is for looking things up and for correcting master data.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Forecast, Investment, InvestmentOutcome, SavingsMeasure, Workforce


@admin.register(Forecast)
class ForecastAdmin(SimpleHistoryAdmin):
    list_display = ["round", "unit", "amount", "updated_at", "updated_by"]
    list_filter = ["round"]
    search_fields = ["unit__code"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(SavingsMeasure)
class SavingsMeasureAdmin(SimpleHistoryAdmin):
    list_display = ["round", "code", "name", "unit", "kind", "planned_effect", "outcome", "status"]
    list_filter = ["round", "kind"]
    search_fields = ["code", "name"]


@admin.register(Workforce)
class WorkforceAdmin(SimpleHistoryAdmin):
    list_display = ["round", "unit", "fte", "fte_previous"]
    list_filter = ["round"]


class InvestmentOutcomeInline(admin.TabularInline):
    model = InvestmentOutcome
    extra = 0


@admin.register(Investment)
class InvestmentAdmin(SimpleHistoryAdmin):
    list_display = ["year", "code", "name", "unit", "category", "status", "budget_year"]
    list_filter = ["year", "category", "status"]
    search_fields = ["code", "name"]
    inlines = [InvestmentOutcomeInline]
