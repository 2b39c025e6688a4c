"""Admin for roles: who reads, reports, reviews and controls which units."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, ApiTokenUse, UnitRole
from .tokens import api_token_revoke


@admin.register(UnitRole)
class UnitRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "inherit"]
    list_filter = ["role", "inherit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user"]


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
