"""`styra plan import/export/list` through the real entry point."""

from __future__ import annotations

import pytest

from styra.cli.main import main
from styra.planfile.services import plan_export
from styra.plans.models import Plan
from tests.builders import SYSTEM_ADMIN, system_admin

pytestmark = pytest.mark.django_db
ADMIN = SYSTEM_ADMIN


@pytest.fixture
def files(tmp_path, org_yaml, plan_yaml):
    system_admin()
    (tmp_path / "org.yaml").write_text(org_yaml, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan_yaml, encoding="utf-8")
    return tmp_path


def test_import_export_and_list(files, capsys):
    assert main(["plan", "import", str(files / "org.yaml"), "--user", ADMIN]) == 0
    assert main(["plan", "import", str(files / "plan.yaml"), "--user", ADMIN]) == 0
    out = capsys.readouterr().out
    assert "Importerad: organisation med 4 enheter och 1 kostnadsställen." in out
    assert "Importerad: plan test-2026 (ny): 4 nya, 0 ändrade, 0 borttagna poster." in out

    assert main(["plan", "export", "--plan", "test-2026"]) == 0
    exported = capsys.readouterr().out
    assert exported == plan_export(plan=Plan.objects.get(code="test-2026"))

    target = files / "out.yaml"
    assert main(["plan", "export", "--plan", "test-2026", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == exported
    assert main(["plan", "import", str(target), "--user", ADMIN]) == 0
    # The import of an export changes nothing, and says so.
    assert "(uppdaterad): 0 nya, 0 ändrade, 0 borttagna" in capsys.readouterr().out

    assert main(["plan", "list"]) == 0
    assert "test-2026" in capsys.readouterr().out


def test_import_error_is_one_line_with_file_line_and_field(files, plan_yaml, capsys):
    main(["plan", "import", str(files / "org.yaml"), "--user", ADMIN])
    capsys.readouterr()
    broken = plan_yaml.replace("owner: RS-EKO", "owner: NOPE")
    (files / "bad.yaml").write_text(broken, encoding="utf-8")
    assert main(["plan", "import", str(files / "bad.yaml"), "--user", ADMIN]) == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "owner: NOPE" in text)
    assert err == f"styra: bad.yaml:{line}: items[0].children[0].owner: okänd enhet NOPE\n"
    assert not Plan.objects.exists()


def test_dry_run_checks_and_saves_nothing(files, plan_yaml, capsys):
    main(["plan", "import", str(files / "org.yaml"), "--user", ADMIN])
    assert main(["plan", "import", str(files / "plan.yaml"), "--dry-run", "--user", ADMIN]) == 0
    assert "Kontrollerad (inget sparat): plan test-2026" in capsys.readouterr().out
    assert not Plan.objects.exists()
    broken = plan_yaml.replace("level: nyckeltal", "level: fel").replace("kind: tertial", "kind: x")
    (files / "bad.yaml").write_text(broken, encoding="utf-8")
    assert main(["plan", "import", str(files / "bad.yaml"), "--dry-run", "--user", ADMIN]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "rounds[0].kind: 'x'" in lines[0]  # schema errors come first
    fixed = broken.replace("kind: x", "kind: tertial")
    (files / "bad.yaml").write_text(fixed, encoding="utf-8")
    assert main(["plan", "import", str(files / "bad.yaml"), "--dry-run", "--user", ADMIN]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all("okänd nivå fel" in line for line in lines)


def test_missing_file_and_unknown_plan(tmp_path, capsys):
    system_admin()
    assert main(["plan", "import", str(tmp_path / "nope.yaml"), "--user", ADMIN]) == 1
    assert "nope.yaml: filen finns inte" in capsys.readouterr().err
    assert main(["plan", "export", "--plan", "nope"]) == 1
    assert capsys.readouterr().err == "styra: planen nope finns inte\n"
