"""`styra token create|list|revoke` through the installed console script."""

from __future__ import annotations

import re

from styra.cli.main import main
from tests.entry_point import run_styra


def test_create_list_and_revoke_a_token_as_its_owner(demo_home):
    made = run_styra(
        "token", "create", "--name", "Lönesystemet", "--scope", "read,write",
        "--days", "30", "--user", "rapportor", home=demo_home,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    number = re.search(
        r"^Nyckel (\d+) \(Lönesystemet; read, write, gäller till ", made.stdout, re.M
    )
    assert number, made.stdout
    raw = re.search(r"^(sty_[A-Za-z0-9_-]{40,})$", made.stdout, re.M)
    assert raw and "visas inte igen" in made.stdout

    listed = run_styra("token", "list", "--user", "rapportor", home=demo_home)
    assert listed.returncode == 0, listed.stderr
    assert "Lönesystemet" in listed.stdout and "aktiv" in listed.stdout
    assert raw.group(1) not in listed.stdout  # only its first characters are kept
    assert raw.group(1)[:12] in listed.stdout

    # Someone else may not revoke it (a permission refusal: exit code 3); a wrong scope is
    # refused in Swedish (invalid input: 1).
    other = run_styra("token", "revoke", number.group(1), "--user", "granskare", home=demo_home)
    assert other.returncode == 3
    assert other.stderr.strip() == "styra: Du får bara återkalla dina egna API-nycklar."
    wrong = run_styra(
        "token", "create", "--name", "x", "--scope", "allt", "--user", "rapportor", home=demo_home
    )
    assert wrong.returncode == 1 and "Okänd eller ingen behörighet: allt" in wrong.stderr

    revoked = run_styra("token", "revoke", number.group(1), "--user", "rapportor", home=demo_home)
    assert revoked.returncode == 0, revoked.stderr
    assert "är återkallad" in revoked.stdout
    after = run_styra("token", "list", "--user", "rapportor", home=demo_home)
    assert "återkallad" in after.stdout


def test_token_without_a_command_prints_its_commands(capsys):
    assert main(["token"]) == 2
    out = capsys.readouterr().out
    assert all(command in out for command in ("create", "list", "revoke"))
