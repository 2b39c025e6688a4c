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


# --- the consolidated report's texts (issue 12 item 6) ---------------------------------------


def test_consolidation_lists_each_units_text_in_a_fresh_process(demo_home):
    result = run_styra(
        "report", "consolidation", "--round", "REG-2026-D", "--unit", "REG",
        "--user", "controller", home=demo_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("REG-2026-D REG ")
    assert any(line.split()[:2] == ["RS", "Regionstyrelsen"] and "RS-2026-D" in line
               for line in lines)  # fmt: skip
    section = lines.index(next(line for line in lines if line.startswith("handelser – ")))
    assert lines[section + 1].split()[:2] == ["RS", "text,"]
    assert lines[section + 2].split()[:2] == ["HSN", "text,"]
    assert lines[section + 3].split() == ["RUN", "ingen", "text"]
    refused = run_styra(
        "report", "consolidation", "--round", "REG-2026-D", "--unit", "REG",
        "--user", "rapportor", home=demo_home,
    )  # fmt: skip
    assert refused.returncode == 3
    assert refused.stderr == (
        "styra: Bara controller för enheten får sammanställa rapportens texter.\n"
    )


def test_consolidate_writes_a_section_in_a_fresh_process(demo_home):
    written = run_styra(
        "report", "consolidate", "--round", "REG-2026-D", "--unit", "REG", "--section",
        "handelser", "--from", "HSN,RS", "--version", "0", "--user", "controller",
        home=demo_home,
    )  # fmt: skip
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith("Texten ”")
    assert written.stdout.endswith(" i REG-2026-D för REG sparad (version 1) från HSN, RS.\n")
    listed = run_styra(
        "report", "consolidation", "--round", "REG-2026-D", "--unit", "REG", "--json",
        "--user", "controller", home=demo_home,
    )  # fmt: skip
    section = next(s for s in json.loads(listed.stdout)["sections"] if s["key"] == "handelser")
    assert section["version"] == 1
    assert section["body"].startswith("Hälso- och sjukvårdsnämnden: ")
    refused = run_styra(
        "report", "consolidate", "--round", "REG-2026-D", "--unit", "REG", "--section",
        "handelser", "--from", "RS", "--user", "rapportor", home=demo_home,
    )  # fmt: skip
    assert refused.returncode == 3 and "Traceback" not in refused.stderr
    stale = run_styra(
        "report", "consolidate", "--round", "REG-2026-D", "--unit", "REG", "--section",
        "handelser", "--from", "RS", "--version", "0", "--user", "controller", home=demo_home,
    )  # fmt: skip
    assert stale.returncode == 4 and "Traceback" not in stale.stderr


class TestConsolidateInProcess:
    """`main(argv)` on the demo database of the test (rolled back after each test)."""

    ARGS = ("report", "consolidate", "--round", "REG-2026-D", "--unit", "REG")

    @pytest.fixture(autouse=True)
    def _demo(self, demo, monkeypatch):
        monkeypatch.delenv("STYRA_USER", raising=False)

    def text(self, key="handelser"):
        from styra.followup.models import SectionText

        return SectionText.objects.filter(
            round__code="REG-2026-D", unit__code="REG", key=key
        ).first()

    def test_merges_the_chosen_units_in_the_given_order(self, capsys):
        from styra.cli.main import main

        code = main([*self.ARGS, "--section", "handelser", "--from", "HSN,RS", "--user",
                     "controller"])  # fmt: skip
        out, err = capsys.readouterr()
        assert code == 0, err
        text = self.text()
        assert out == (
            f"Texten ”{text.title}” i REG-2026-D för REG sparad (version {text.version}) "
            "från HSN, RS.\n"
        )
        assert text.body.startswith("Hälso- och sjukvårdsnämnden: ")
        assert "\n\nRegionstyrelsen: " in text.body
        assert text.history.first().history_user.username == "controller"
        # One unit's text alone is taken as written.
        assert main([*self.ARGS, "--section", "handelser", "--from", "RS", "--user",
                     "controller"]) == 0  # fmt: skip
        assert not self.text().body.startswith("Regionstyrelsen:")

    def test_listing_as_json(self, capsys):
        from styra.cli.main import main

        assert main(["report", "consolidation", "--round", "REG-2026-D", "--unit", "REG",
                     "--user", "controller", "--json"]) == 0  # fmt: skip
        data = json.loads(capsys.readouterr().out)
        assert [s["unit"] for s in data["sources"]] == ["RS", "HSN", "RUN"]
        handelser = next(s for s in data["sections"] if s["key"] == "handelser")
        assert [t["unit"] for t in handelser["texts"]] == ["RS", "HSN"]

    def test_unit_without_a_text_or_unknown_section_is_refused(self, capsys):
        from styra.cli.main import main

        before = self.text()
        assert main([*self.ARGS, "--section", "handelser", "--from", "RUN", "--user",
                     "controller"]) == 1  # fmt: skip
        assert "RUN har ingen text i avsnittet handelser; texter finns från: RS, HSN." in (
            capsys.readouterr().err
        )
        assert main([*self.ARGS, "--section", "finns-inte", "--from", "RS", "--user",
                     "controller"]) == 1  # fmt: skip
        assert "har inget textavsnitt finns-inte" in capsys.readouterr().err
        after = self.text()
        assert (after and (after.body, after.version)) == (before and (before.body, before.version))

    def test_reporter_is_refused_and_nothing_changes(self, capsys):
        from styra.cli.main import main

        before = self.text("sammanfattning")
        code = main([*self.ARGS, "--section", "sammanfattning", "--from", "RS", "--user",
                     "rapportor"])  # fmt: skip
        assert code == 3
        assert "Bara controller för enheten" in capsys.readouterr().err
        assert self.text("sammanfattning").version == before.version

    def test_controller_of_another_unit_or_organisation_is_refused(self, capsys):
        from styra.access.models import Role
        from styra.cli.main import main
        from styra.org.models import Unit
        from tests.builders import Builder

        b = Builder()
        b.user("hsnctl", (Unit.objects.get(code="HSN"), Role.CONTROLLER))
        assert main([*self.ARGS, "--section", "handelser", "--from", "HSN", "--user",
                     "hsnctl"]) == 3  # fmt: skip
        assert "Bara controller för enheten" in capsys.readouterr().err
        # Another organisation's tree: the demo's controller has no role there.
        other = b.unit("KOMMUN", "Annan kommun")
        b.round(b.plan("kommun-2026", other), "KOMMUN-2026-D")
        code = main(["report", "consolidate", "--round", "KOMMUN-2026-D", "--unit", "KOMMUN",
                     "--section", "sammanfattning", "--from", "RS", "--user", "controller"])  # fmt: skip
        assert code == 3
        assert "Bara controller för enheten" in capsys.readouterr().err
        assert self.text() is None  # the region has not written this section yet

    def test_locked_round_is_refused_in_swedish(self, capsys):
        from styra.cli.main import main
        from styra.followup.models import Round, RoundState

        round_ = Round.objects.get(code="REG-2026-D")
        round_.state = RoundState.LOCKED
        round_.save()
        assert main([*self.ARGS, "--section", "handelser", "--from", "RS", "--user",
                     "controller"]) == 1  # fmt: skip
        assert capsys.readouterr().err == (
            "styra: Uppföljningstillfället REG-2026-D är fastställt och kan inte ändras.\n"
        )

    def test_hostile_text_from_a_file_is_stored_as_text(self, capsys, tmp_path):
        from styra.cli.main import main

        path = tmp_path / "text.txt"
        path.write_text("<script>alert(1)</script>\x00 & '; DROP TABLE x; --", encoding="utf-8")
        assert main([*self.ARGS, "--section", "handelser", "--text-file", str(path),
                     "--user", "controller"]) == 0, capsys.readouterr().err  # fmt: skip
        assert self.text().body == "<script>alert(1)</script> & '; DROP TABLE x; --"
        path.write_bytes(b"\xff\xfe\x00trasig")
        assert main([*self.ARGS, "--section", "handelser", "--text-file", str(path),
                     "--user", "controller"]) == 1  # fmt: skip
        assert "inte UTF-8" in capsys.readouterr().err

    def test_stale_version_and_missing_choice(self, capsys):
        from styra.cli.main import main

        assert main([*self.ARGS, "--section", "sammanfattning", "--from", "RS",
                     "--version", "0", "--user", "controller"]) == 4  # fmt: skip
        capsys.readouterr()
        assert main([*self.ARGS, "--section", "handelser", "--user", "controller"]) == 2
        assert "ange antingen --from" in capsys.readouterr().err
