"""Admin for roles: who reads, reports, reviews and controls which units."""

from django.contrib import admin

from .models import UnitRole


@admin.register(UnitRole)
class UnitRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "inherit"]
    list_filter = ["role", "inherit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user"]
