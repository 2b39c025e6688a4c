"""Admin for the follow-up models: for inspection, and for rounds' names and deadlines.

Reported data (assessments, values, texts, unit reports) is view-only here: it changes
through the services (reporting screens, CLI, import) so that permissions, versions and
state transitions are always checked. A locked round and everything in it is view-only
too, reverting from history is disabled, and round state changes are admin actions that
call the services.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Assessment,
    AssessmentValue,
    Notification,
    Round,
    RoundState,
    SectionText,
    UnitReport,
)


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    """History can be read; reverting would bypass the services, so it is refused."""

    def round_of(self, obj) -> Round | None:
        raise NotImplementedError

    def is_locked(self, obj) -> bool:
        round_ = self.round_of(obj) if obj is not None else None
        return bool(round_ and round_.state == RoundState.LOCKED)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_locked(obj)


class ViewOnlyAdmin(GuardedHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "plan",
            "code",
            "name",
            "kind",
            "period_start",
            "period_end",
            "reporting_deadline",
            "review_deadline",
            "publication_date",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                services.ensure_round_editable(self.instance)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return cleaned


@admin.register(Round)
class RoundAdmin(GuardedHistoryAdmin):
    form = RoundForm
    list_display = ["code", "name", "plan", "kind", "period_start", "period_end", "state"]
    list_filter = ["state", "kind", "plan"]
    search_fields = ["code", "name"]
    readonly_fields = ["state"]
    actions = ["open_rounds", "close_rounds", "lock_rounds"]

    def round_of(self, obj):
        return obj

    def get_readonly_fields(self, request, obj=None):
        # Plan and code identify the round once it exists.
        return ["state", "plan", "code"] if obj is not None else ["state"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.state == RoundState.PLANNED)

    def save_model(self, request, obj, form, change):
        if change:
            services.ensure_round_editable(obj)
            obj._history_user = request.user
            obj.save()
            return
        data = form.cleaned_data
        created = services.round_create(
            plan=data["plan"],
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            reporting_deadline=data.get("reporting_deadline"),
            review_deadline=data.get("review_deadline"),
            publication_date=data.get("publication_date"),
            user=request.user,
        )
        obj.pk, obj.state = created.pk, created.state

    def _run(self, request, queryset, service, done):
        for round_ in queryset:
            try:
                service(round=round_, user=request.user)
            except (PermissionDenied, ValidationError) as exc:
                text = " ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{round_.code}: {text}", messages.ERROR)
            else:
                self.message_user(request, f"{round_.code}: {done}", messages.SUCCESS)

    @admin.action(description=_("Öppna för rapportering"))
    def open_rounds(self, request, queryset):
        self._run(request, queryset, services.round_open, _("öppnat"))

    @admin.action(description=_("Stäng för rapportering"))
    def close_rounds(self, request, queryset):
        self._run(request, queryset, services.round_close, _("stängt"))

    @admin.action(description=_("Fastställ (lås)"))
    def lock_rounds(self, request, queryset):
        self._run(request, queryset, services.round_lock, _("fastställt"))


class AssessmentValueInline(admin.TabularInline):
    model = AssessmentValue
    extra = 0
    can_delete = False
    fields = ["dimension", "member", "value", "missing_reason", "period_label", "comparison_value"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ViewOnlyAdmin):
    list_display = ["round", "item", "status", "status_overridden", "version", "updated_by"]
    list_filter = ["round", "status_overridden"]
    search_fields = ["item__code", "item__title", "comment"]
    list_select_related = ["round", "item", "status", "updated_by"]
    inlines = [AssessmentValueInline]

    def round_of(self, obj):
        return obj.round


@admin.register(SectionText)
class SectionTextAdmin(ViewOnlyAdmin):
    list_display = ["round", "unit", "key", "title", "version", "updated_by"]
    list_filter = ["round", "key"]
    list_select_related = ["round", "unit", "updated_by"]

    def round_of(self, obj):
        return obj.round


@admin.register(UnitReport)
class UnitReportAdmin(ViewOnlyAdmin):
    list_display = ["round", "unit", "state", "submitted_by", "decided_by"]
    list_filter = ["round", "state"]
    list_select_related = ["round", "unit", "submitted_by", "decided_by"]

    def round_of(self, obj):
        return obj.round


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "text", "created", "read_at"]
    list_filter = ["read_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
