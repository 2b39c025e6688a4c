"""Admin for the economy registers: for looking things up and reading the history.

Rows change on the register pages, the CLI and the imports, whose writes go through the
services: there they are checked against who may change what and against the state of
the round and of the owner's report. The admin therefore shows the registers read-only
and cannot revert from history; deleting a forecast, a savings measure or an OÅA row
calls the same service as every other door, with the admin user as the one who acts.
Investment objects are year-wide and cannot be deleted here. The investment categories
are loaded from the organisation's file (`styra register investment-categories load`);
here they are read, and one no object is in can be deleted through its service.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import rules, services
from .models import (
    Forecast,
    Investment,
    InvestmentCategory,
    InvestmentOutcome,
    SavingsMeasure,
    Workforce,
)


class RegisterAdmin(SimpleHistoryAdmin):
    """Read-only; where `deletable`, deletes go through the service in `delete_row`."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_delete(self, request, obj) -> bool:
        raise NotImplementedError

    def delete_row(self, obj, user) -> None:
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        if not self.deletable or not super().has_delete_permission(request, obj):
            return False
        return obj is None or self.may_delete(request, obj)

    def delete_model(self, request, obj):
        self.delete_row(obj, request.user)

    def delete_queryset(self, request, queryset):
        """All or nothing: one refused row keeps every row."""
        try:
            with transaction.atomic():
                for obj in queryset:
                    self.delete_row(obj, request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)


def _round_writable(request, round_, unit_id: int) -> bool:
    return unit_id in rules.writable_unit_ids(round=round_, user=request.user)


@admin.register(Forecast)
class ForecastAdmin(RegisterAdmin):
    list_display = ["round", "unit", "amount", "updated_at", "updated_by"]
    list_filter = ["round"]
    search_fields = ["unit__code"]
    list_select_related = ["round", "unit", "updated_by"]
    deletable = True

    def may_delete(self, request, obj):
        return _round_writable(request, obj.round, obj.unit_id)

    def delete_row(self, obj, user):
        services.forecast_delete(forecast=obj, user=user)


@admin.register(SavingsMeasure)
class SavingsMeasureAdmin(RegisterAdmin):
    list_display = ["round", "code", "name", "unit", "kind", "planned_effect", "outcome", "status"]
    list_filter = ["round", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["round", "unit", "status"]
    deletable = True

    def may_delete(self, request, obj):
        return rules.may_add(request.user, obj.round) and _round_writable(
            request, obj.round, obj.unit_id
        )

    def delete_row(self, obj, user):
        services.savings_measure_delete(measure=obj, user=user)


@admin.register(Workforce)
class WorkforceAdmin(RegisterAdmin):
    list_display = ["round", "unit", "fte", "fte_previous"]
    list_filter = ["round"]
    list_select_related = ["round", "unit"]
    deletable = True

    def may_delete(self, request, obj):
        return _round_writable(request, obj.round, obj.unit_id)

    def delete_row(self, obj, user):
        services.workforce_delete(workforce=obj, user=user)


class InvestmentOutcomeInline(admin.TabularInline):
    model = InvestmentOutcome
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Investment)
class InvestmentAdmin(RegisterAdmin):
    list_display = ["year", "code", "name", "unit", "category", "status", "budget_year"]
    list_filter = ["year", "category", "status"]
    search_fields = ["code", "name"]
    list_select_related = ["unit", "category"]
    inlines = [InvestmentOutcomeInline]


@admin.register(InvestmentCategory)
class InvestmentCategoryAdmin(RegisterAdmin):
    list_display = ["order", "code", "name", "subtotal_label", "for_plan_decisions"]
    search_fields = ["code", "name"]
    deletable = True

    def may_delete(self, request, obj):
        return rules.may_manage_categories(request.user, timezone.localdate())

    def delete_row(self, obj, user):
        services.investment_category_delete(category=obj, user=user)
