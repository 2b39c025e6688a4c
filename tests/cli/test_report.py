"""`styra report …` through the console script, on the demo database."""

from __future__ import annotations

import json

import pytest

from tests.entry_point import run_styra

pytestmark = pytest.mark.xdist_group("demo-home")


def test_build_writes_the_files(demo_home):
    result = run_styra(
        "report", "build", "--round", "2026-T1", "--unit", "RS", "--format", "html,xlsx",
        "--out", "rapporter", home=demo_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (demo_home / "rapporter").iterdir())
    assert [name.rsplit(".", 1)[1] for name in written] == ["html", "xlsx"]
    assert result.stdout.splitlines()[0].startswith("html: rapporter/")
    html = next((demo_home / "rapporter").glob("*.html")).read_text(encoding="utf-8")
    assert "Region Exempel" in html  # the organisation's name, from the tree
    unknown = run_styra("report", "build", "--round", "2099-T9", "--unit", "RS", home=demo_home)
    assert unknown.returncode == 1
    assert unknown.stderr == "styra: det finns inget uppföljningstillfälle med koden 2099-T9\n"


def test_check_reports_findings_as_json(demo_home):
    result = run_styra(
        "report", "check", "--round", "2026-T1", "--unit", "RS", "--json", home=demo_home
    )
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)
    assert isinstance(findings, list)
    assert all({"kind", "severity", "message"} <= set(f) for f in findings)
    assert result.returncode == int(any(f["severity"] == "error" for f in findings))


def test_batch_builds_every_unit(demo_home):
    result = run_styra(
        "report", "batch", "--round", "2026-T1", "--format", "html", "--out", "alla",
        "--quiet", home=demo_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in (demo_home / "alla").iterdir())
    assert "RS" in built and "RS-DIG" in built
    assert result.stdout == f"{len(built)} av {len(built)} rapporter skrivna till alla.\n"


def test_templates_list_and_validate(styra_home):
    listed = run_styra("report", "templates", home=styra_home)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("t1-2026-rs") or "\nt1-2026-rs" in listed.stdout
    (styra_home / "egen.yaml").write_text(
        "code: egen\nname: Egen\ntitle: T\nsections:\n  - kind: okänd\n", encoding="utf-8"
    )
    invalid = run_styra("report", "templates", "--validate", "egen.yaml", home=styra_home)
    assert invalid.returncode == 1
    assert invalid.stderr.startswith("styra: egen.yaml:5:")
