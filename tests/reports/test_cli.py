"""`styra report ...` through its real entry point."""

import json

from styra.cli.main import main
from styra.followup.models import SectionText


def test_build_writes_every_format(report_region, tmp_path, capsys):
    code = main(["report", "build", "--round", "2026-T1", "--unit", "RS", "--out", str(tmp_path)])
    assert code == 0
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert written == [".docx", ".html", ".pdf", ".xlsx"]


def test_build_rejects_unknown_round_and_format(report_region, tmp_path, capsys):
    assert (
        main(["report", "build", "--round", "2099-T9", "--unit", "RS", "--out", str(tmp_path)]) == 1
    )
    assert "2099-T9" in capsys.readouterr().err
    assert main(["report", "build", "--round", "2026-T1", "--unit", "RS", "--format", "odt"]) == 2


def test_check_exit_code_and_json(report_region, capsys):
    assert main(["report", "check", "--round", "2026-T1", "--unit", "RS"]) == 0
    assert "0 anmärkningar, varav 0 fel." in capsys.readouterr().out
    SectionText.objects.filter(key="handelser").update(body="Text skall in")
    assert main(["report", "check", "--round", "2026-T1", "--unit", "RS", "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["kind"], f["severity"]) for f in findings] == [("placeholder", "error")]


def test_batch_builds_every_unit_and_lists_failures(report_region, tmp_path, capsys):
    code = main(
        [
            "report",
            "batch",
            "--round",
            "2026-T1",
            "--format",
            "xlsx",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["RS", "RS-DIG"]
    assert "2 av 2 rapporter" in capsys.readouterr().out


def test_templates_list_and_validate(tmp_path, capsys, db):
    assert main(["report", "templates"]) == 0
    assert "t1-2026-rs" in capsys.readouterr().out
    bad = tmp_path / "egen.yaml"
    bad.write_text(
        "code: egen\nname: Egen\ntitle: T\nsections:\n  - kind: text\n    heading: X\n  - kind: okänd\n"
    )
    assert main(["report", "templates", "--validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:5:" in err and "text_key" in err
