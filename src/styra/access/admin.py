"""Admin for roles: who reads, reports, reviews and controls which units."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import permissions
from .models import ApiToken, ApiTokenUse, UnitRole
from .services import unit_role_grant, unit_role_revoke
from .tokens import api_token_revoke


class UnitRoleForm(forms.ModelForm):
    """Checks what `unit_role_grant` will check, so that a refusal is a form error."""

    class Meta:
        model = UnitRole
        fields = ["user", "unit", "role", "inherit"]

    #: The person acting, set on the form class the admin makes for each request.
    acting_user: Any = None

    def clean(self):
        data = super().clean() or {}
        unit, role = data.get("unit"), data.get("role")
        if unit is not None and role and self.acting_user is not None:
            if not permissions.can_grant_role(
                self.acting_user, unit, role, bool(data.get("inherit")), timezone.localdate()
            ):
                raise forms.ValidationError(
                    _("Du får bara ge roller som du själv har på enheten och dess underenheter.")
                )
        return data


@admin.register(UnitRole)
class UnitRoleAdmin(SimpleHistoryAdmin):
    """Roles are given and taken away through the services (permission, history with
    who did it, one transaction), as on the administration pages; a role is not edited
    in place: take it away and give the new one."""

    form = UnitRoleForm
    list_display = ["user", "unit", "role", "inherit"]
    list_filter = ["role", "inherit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # A new class per request (modelform_factory), so the attribute is this request's.
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return True

    def save_model(self, request, obj, form, change):
        granted = unit_role_grant(
            holder=obj.user, unit=obj.unit, role=obj.role, inherit=obj.inherit, user=request.user
        )
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        unit_role_revoke(unit_role=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for unit_role in queryset:
            unit_role_revoke(unit_role=unit_role, user=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are made by their owners (account page, `styra token create`); here they
    are seen, with their history, and revoked through the service."""

    list_display = [
        "name",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    @admin.action(description=_("Återkalla markerade API-nycklar"))
    def revoke(self, request, queryset):
        try:
            for token in queryset:
                api_token_revoke(token=token, user=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("Nycklarna är återkallade."), messages.SUCCESS)


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    """Every request made with a token: who (the token's owner), what, when, the answer."""

    list_display = ["at", "token", "method", "path", "status", "address"]
    list_filter = ["method", "status"]
    search_fields = ["token__name", "token__prefix", "token__user__username", "path"]
    list_select_related = ["token", "token__user"]
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
