"""The demo users and their roles. One password for all, printed by `styra demo`."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from styra.access.models import Role, UnitRole
from styra.org.models import Unit

DEMO_PASSWORD = "styra-demo-2026"

# (username, first name, last name, role, unit code, superuser)
DEMO_USERS = [
    ("controller", "Cecilia", "Controller", Role.CONTROLLER, "REG", False),
    ("rapportor", "Rasmus", "Rapportör", Role.REPORTER, "RS-DIG", False),
    ("granskare", "Greta", "Granskare", Role.REVIEWER, "RS", False),
    ("admin", "Adam", "Administratör", Role.ADMIN, "REG", True),
]

# Swedish descriptions for the printed summary.
ROLE_TEXT = {
    "controller": "controller för hela regionen",
    "rapportor": "rapportör för Digitalisering och service (RS-DIG)",
    "granskare": "granskare för Regionstyrelsen (RS)",
    "admin": "administratör (även /admin/)",
}


#: The demo user who loads the ledger and the registers (a controller for the region).
LOADING_USER = "controller"

#: The demo user, created first, who imports the organisation and the plans (and creates
#: the region-wide cost centre): through the services and their permission checks, as
#: the region's own administrator would.
DEMO_ADMIN = "admin"


def _demo_user(username: str):
    _name, first, last, _role, _unit, superuser = next(u for u in DEMO_USERS if u[0] == username)
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.first_name, user.last_name = first, last
        user.email = f"{username}@exempel.se"
        user.is_staff = user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def demo_admin():
    """The demo's administrator (a superuser), created first: the demo acts as it."""
    return _demo_user(DEMO_ADMIN)


def demo_users_create() -> list[str]:
    """The demo users and their roles on the demo organisation (which must exist)."""
    names = []
    for username, _first, _last, role, unit_code, _superuser in DEMO_USERS:
        user = _demo_user(username)
        UnitRole.objects.get_or_create(
            user=user, unit=Unit.objects.get(code=unit_code), role=role, defaults={"inherit": True}
        )
        names.append(username)
    return names
