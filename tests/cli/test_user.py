"""`styra user create|deactivate|reactivate` through the installed console script."""

from __future__ import annotations

import re

from styra.cli.main import main
from tests.entry_point import run_styra


def _shell(home, code: str) -> str:
    done = run_styra("manage", "shell", "-c", code, home=home)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


#: The server's key: the one-time link is signed with it.
KEY = {"STYRA_SECRET_KEY": "cli-test-key-0123456789abcdefghijklmnopqrstuvwxyz"}


def test_create_deactivate_and_reactivate_an_account(demo_home):
    create = (
        "user", "create", "nora", "--first-name", "Nora", "--last-name", "<b>Nyberg</b>",
        "--email", "nora@exempel.se", "--user", "controller",
    )  # fmt: skip
    # Without the server's key no link can be made, and no account is added.
    keyless = run_styra(*create, home=demo_home)
    assert keyless.returncode == 1
    assert keyless.stderr.strip() == (
        "styra: sätt STYRA_SECRET_KEY (samma som servern har) för att göra inloggningslänken"
    )
    made = run_styra(*create, home=demo_home, env=KEY)
    assert made.returncode == 0, made.stderr
    assert "Kontot nora (Nora <b>Nyberg</b>) är upplagt." in made.stdout
    link = re.search(r"^(http://localhost:8000/konto/valj-losenord/\S+/\S+/)$", made.stdout, re.M)
    assert link and "visas inte igen" in made.stdout
    state = "from django.contrib.auth.models import User; u = User.objects.get(username='nora'); "
    assert _shell(demo_home, state + "print(u.has_usable_password(), u.last_name)") == (
        "False <b>Nyberg</b>"
    )
    who = "print(u.history.latest().history_user.username)"
    assert _shell(demo_home, state + who) == "controller"

    # The same username in other letters is refused, naming the field (exit code 1); a
    # reporter is refused as every permission refusal of the CLI is (exit code 3).
    again = run_styra(
        "user", "create", "NORA", "--first-name", "N", "--last-name", "N",
        "--user", "admin", home=demo_home, env=KEY,
    )  # fmt: skip
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "styra: Användarnamnet NORA finns redan (stora och små bokstäver räknas som samma)."
    )
    refused = run_styra(
        "user", "create", "olle", "--first-name", "O", "--last-name", "O",
        "--user", "rapportor", home=demo_home, env=KEY,
    )  # fmt: skip
    assert refused.returncode == 3
    assert refused.stderr.strip() == (
        "styra: Bara administratörer och controller får lägga upp och ändra användare."
    )
    nobody = run_styra("user", "deactivate", "nora", home=demo_home)
    assert nobody.returncode == 1 and "--user ANVÄNDARNAMN" in nobody.stderr

    off = run_styra("user", "deactivate", "nora", "--user", "controller", home=demo_home)
    assert off.returncode == 0, off.stderr
    assert "Kontot nora är inaktiverat; dess roller och historik finns kvar." in off.stdout
    assert _shell(demo_home, state + "print(u.is_active)") == "False"
    twice = run_styra("user", "deactivate", "nora", "--user", "controller", home=demo_home)
    assert twice.returncode == 1
    assert twice.stderr.strip() == "styra: Kontot nora är redan inaktiverat."
    # Nobody deactivates a superuser but a superuser, nor their own account.
    admin = run_styra("user", "deactivate", "admin", "--user", "controller", home=demo_home)
    assert admin.returncode == 3 and "superanvändare" in admin.stderr
    own = run_styra("user", "deactivate", "controller", "--user", "controller", home=demo_home)
    assert own.returncode == 3
    assert own.stderr.strip() == "styra: Du kan inte ändra eller inaktivera ditt eget konto här."

    on = run_styra("user", "reactivate", "nora", "--user", "admin", home=demo_home)
    assert on.returncode == 0, on.stderr
    assert _shell(demo_home, state + "print(u.is_active)") == "True"
    missing = run_styra("user", "reactivate", "ingen", "--user", "admin", home=demo_home)
    assert missing.returncode == 1 and missing.stderr.strip() == "styra: kontot ingen finns inte"


def test_user_without_a_command_prints_its_commands(capsys):
    assert main(["user"]) == 2
    out = capsys.readouterr().out
    assert all(command in out for command in ("create", "deactivate", "reactivate"))
