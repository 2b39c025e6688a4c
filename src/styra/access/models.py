"""Roles per unit, inherited down the organisation tree (domain guide §1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styra.org.models import Unit


class Role(models.TextChoices):
    READER = "reader", _("Läsare")
    REPORTER = "reporter", _("Rapportör")
    REVIEWER = "reviewer", _("Granskare")
    CONTROLLER = "controller", _("Controller")
    ADMIN = "admin", _("Administratör")


class UnitRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_roles"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="user_roles")
    role = models.CharField(_("roll"), max_length=12, choices=Role.choices)
    inherit = models.BooleanField(_("gäller även underenheter"), default=True)

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unitrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} {self.unit.code}"
