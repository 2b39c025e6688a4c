"""Roles per unit, inherited down the organisation tree (domain guide §1)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

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
    # Who gave or took away a role, and when: `unit_role_grant` and `unit_role_revoke`.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unitrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} {self.unit.code}"


class TokenScope(models.TextChoices):
    """What a personal API token may do, on top of (never beyond) its owner's roles."""

    READ = "read", _("Läsa")
    WRITE = "write", _("Rapportera bedömningar, värden och statistik")
    REPORTS = "reports", _("Bygga och hämta rapporter")


class ApiToken(models.Model):
    """A personal API token: acts as its owner, within its scopes, until revoked.

    Only the SHA-256 of the token is stored; the token itself is shown once, when it is
    created. Creating and revoking it are kept in its history with who did it; each use
    is an `ApiTokenUse`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("ägare"),
    )
    name = models.CharField(_("namn"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("början"), max_length=12)
    scopes = models.JSONField(_("behörigheter"), default=list)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gäller till"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class ApiTokenUse(models.Model):
    """One request made with a token: who (the token's owner), what, when, the answer."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    method = models.CharField(_("metod"), max_length=10)
    path = models.CharField(_("adress"), max_length=300)
    status = models.PositiveSmallIntegerField(_("svar"))
    address = models.CharField(_("från adress"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("användning av API-nyckel")
        verbose_name_plural = _("användningar av API-nycklar")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["token", "-at"], name="apitokenuse_token_at")]

    def __str__(self) -> str:
        return f"{self.token} {self.method} {self.path} {self.status}"


# Who added an account, changed its names or e-mail, deactivated or reactivated it: the
# account services (`user_create`, `user_update`, `user_deactivate`, ...) save through
# `history.save_as`. The password hash is never copied into the history. A sign-in
# saves `last_login` only, which adds a row without a changed field.
register(User, app="styra.access", excluded_fields=["password", "last_login"])
