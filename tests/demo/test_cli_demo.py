"""`styra demo --no-serve` end to end in a fresh directory, twice."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

STYRA = Path(sys.executable).with_name("styra")


def run_demo(tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="styra.settings.dev",
        STYRA_VAR_DIR=str(tmp_path / "var"),
        STYRA_OUT_DIR=str(tmp_path / "out"),
    )
    return subprocess.run(
        [str(STYRA), "demo", "--no-serve"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608
            for table in ("plans_planitem", "followup_assessment", "org_unit", "auth_user")
        }


@pytest.mark.slow
def test_demo_runs_end_to_end_and_is_idempotent(tmp_path):
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Plan rs-2026: 58 poster." in first.stdout
    assert "Uppföljning 2026-T1: 49 bedömningar." in first.stdout
    assert "Plan hsn-2026: 65 poster." in first.stdout
    assert "Uppföljning HSN-2026-T1: 49 bedömningar." in first.stdout
    assert "Rapport HSN (pdf)" in first.stdout
    # The region's delårsrapport and årsredovisning (generated demo data), clean checks.
    assert first.stdout.count("Rapport REG (pdf)") == 2
    assert first.stdout.count("Rapportkontroll REG: 0 anmärkningar, varav 0 fel.") == 2
    # The verksamhetsplan 2022, built from the plan without a round, in every format.
    assert "Plan rs-vp-2022 (pdf)" in first.stdout
    assert "Planering rs-vp-2022: 5 ramar, 21 ramförändringar, 27 planerade investeringar" in (
        first.stdout
    )
    assert sorted(p.suffix for p in (tmp_path / "out").glob("vp-2022-rs-rs-vp-2022-rs.*")) == [
        ".docx",
        ".html",
        ".pdf",
        ".xlsx",
    ]
    assert "rapportor   lösenord styra-demo-2026" in first.stdout
    assert "http://127.0.0.1:8000/" in first.stdout
    db = tmp_path / "var" / "styra.sqlite3"
    after_first = counts(db)
    # Other apps' demo steps may add units or users; the plans and round are ours.
    # rs-2026, rs-vp-2022, hsn-2026, the region's reg-2026 (one goal area) and the plans
    # of the company (7 items, 3 assessed) and the foundation (4 items, 2 assessed).
    assert after_first["plans_planitem"] == 58 + 77 + 65 + 1 + 7 + 4
    assert after_first["followup_assessment"] == 49 + 49 + 3 + 2
    assert after_first["org_unit"] >= 20 and after_first["auth_user"] >= 4

    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Demoregionen finns redan" in second.stdout
    assert counts(db) == after_first
