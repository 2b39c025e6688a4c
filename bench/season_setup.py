"""Users for the season benchmark: `styra manage shell < bench/season_setup.py`.

REPORTERS reporters on the units that own items (round-robin, as season.py assigns
them), REVIEWERS reviewers and CONTROLLERS controllers of Regionstyrelsen, all with the
demo password. The password is hashed once and shared: hashing it hundreds of times
would take minutes.
"""

import os
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from styra.access.models import UnitRole
from styra.org.models import Unit

User = get_user_model()
password = make_password(os.environ.get("BENCH_PASSWORD", "styra-demo-2026"))
units = ["RS-DIG", "RS-EKO", "RS-LOB"]
rs = Unit.objects.get(code="RS")
made = 0
for kind, count, role in (
    ("rapp", int(os.environ.get("REPORTERS", "160")), "reporter"),
    ("gransk", int(os.environ.get("REVIEWERS", "60")), "reviewer"),
    ("kontr", int(os.environ.get("CONTROLLERS", "60")), "controller"),
):
    for number in range(1, count + 1):
        username = f"{kind}-{number:03d}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"password": password}
        )
        made += created
        unit = Unit.objects.get(code=units[number % len(units)]) if kind == "rapp" else rs
        UnitRole.objects.get_or_create(user=user, unit=unit, role=role)
print(f"{made} belastningsanvändare skapade ({date.today()}).")
