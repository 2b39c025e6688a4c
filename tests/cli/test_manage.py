"""`styra manage …` through the console script, on a fresh clone (no var/ yet)."""

from __future__ import annotations

import sqlite3

from tests.entry_point import run_styra


def test_migrate_on_a_fresh_clone_creates_the_database(styra_home):
    assert not (styra_home / "var").exists()
    result = run_styra("manage", "migrate", home=styra_home)
    assert result.returncode == 0, result.stderr
    assert "Applying followup.0001_initial... OK" in result.stdout
    with sqlite3.connect(styra_home / "var" / "styra.sqlite3") as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
    assert {"org_unit", "plans_plan", "followup_round"} <= tables

    again = run_styra("manage", "migrate", home=styra_home)
    assert again.returncode == 0 and "No migrations to apply." in again.stdout


def test_an_unknown_management_command_fails_without_a_traceback(styra_home):
    result = run_styra("manage", "nosuchcommand", home=styra_home)
    assert result.returncode == 1
    assert "Unknown command: 'nosuchcommand'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_command_before_migrate_says_what_to_do(styra_home):
    result = run_styra("plan", "list", home=styra_home)
    assert result.returncode == 1
    assert result.stderr.startswith("styra: databasen kan inte användas (no such table: ")
    assert result.stderr.endswith("kör 'styra manage migrate' först\n")
    assert "Traceback" not in result.stderr
