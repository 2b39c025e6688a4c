"""Finding 7: resource exhaustion in the importers.

Measured before the fix: a quoted SIE field cost ~140 bytes of memory per byte; a
spreadsheet declaring a huge sheet took 5.7 GB; a 635 kB zip bomb 1.7 GB; a 509-byte
YAML alias bomb 3.5 GB; a 50 MB YAML file of comments ran for more than 10 minutes;
deep nesting ended in a RecursionError traceback.

Each attack runs the installed `styra` console script in a process of its own, with
its address space capped (`RLIMIT_AS`) and a time limit, so that the unfixed reader
fails the test by running out of memory or time instead of taking the machine down.
The fixed reader refuses each file at once with a Swedish message naming it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from styra.formats import limits

STYRA = Path(sys.executable).with_name("styra")
MEMORY = 1024 * 1024 * 1024  # 1 GiB of address space; Styra's imports need about 400 MB
SECONDS = 60


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def styra(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`styra ARGS` in a fresh process with an empty data folder and capped memory."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "styra.settings.dev",
        "STYRA_VAR_DIR": str(cwd),
        "STYRA_PROJECT_DIR": str(cwd),
        "STYRA_USER": "admin",
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [str(STYRA), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_cap_memory,
    )


def refused(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode != 0
    for fragment in fragments:
        assert fragment in result.stderr + result.stdout, result.stderr[-2000:]


# --- SIE ------------------------------------------------------------------------------


def test_sie_line_of_30_mb_is_refused_with_its_line(tmp_path):
    path = tmp_path / "lang.se"
    with path.open("w", encoding="cp437") as out:
        out.write('#FLAGGA 0\n#SIETYP 4\n#RAR 0 20260101 20261231\n#FNAMN "')
        out.write("x" * (30 * 1024 * 1024))
        out.write('"\n#KONTO 5010 Löner\n')
    result = styra("sie", "inspect", str(path), cwd=tmp_path)
    refused(result, f"lang.se:4: raden är längre än {limits.SIE_MAX_LINE_CHARS} tecken")
    result = styra(
        "ledger", "import", "sie", str(path), "--year", "2026", "--dry-run", cwd=tmp_path
    )
    refused(result, "lang.se:4: raden är längre än")


# --- XLSX -----------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1">'
    + "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip(
            "ABCDE", ["kostnadsställe", "konto", "månad", "typ", "belopp"], strict=True
        )
    )
    + "</row>"
)


def _sheet(dimension: str, rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>'
    )


def _xlsx(path: Path, sheet: str, shared_strings=None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is None:
            archive.writestr(
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            )
        else:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                for chunk in shared_strings:
                    part.write(chunk)
    return path


def test_xlsx_declaring_a_sheet_of_a_million_rows_and_16384_columns_is_refused(tmp_path):
    sheet = _sheet(
        "A1:XFD1048576",
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    path = _xlsx(tmp_path / "enorm.xlsx", sheet)
    assert path.stat().st_size < 2000
    result = styra(
        "ledger", "import", "csv", str(path), "--year", "2026", "--dry-run", cwd=tmp_path
    )
    refused(result, f"enorm.xlsx, rad {limits.TABLE_MAX_ROWS + 2}: filen har fler än")


def test_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    """A few hundred kB that unpack to 300 MB of shared strings."""
    big = b"A" * (1024 * 1024)
    chunks = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>']
    chunks += [big] * 300
    chunks += [b"</t></si></sst>"]
    path = _xlsx(tmp_path / "bomb.xlsx", _sheet("A1:E1", ""), shared_strings=chunks)
    assert path.stat().st_size < 1024 * 1024
    result = styra(
        "ledger", "import", "csv", str(path), "--year", "2026", "--dry-run", cwd=tmp_path
    )
    refused(result, "bomb.xlsx: filen packas upp till 300,0 MB")


# --- CSV ------------------------------------------------------------------------------


def test_csv_line_longer_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "lang.csv"
    path.write_text(
        f'kostnadsställe;konto;månad;typ;belopp\n1010;5010;2026-01;"{"x" * 200_000}";1\n'
    )
    result = styra(
        "ledger", "import", "csv", str(path), "--year", "2026", "--dry-run", cwd=tmp_path
    )
    refused(result, "lang.csv, rad 2: raden har 200")


def test_table_file_larger_than_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "stor.csv"
    row = "1010;5010;2026-01;utfall;1\n"
    with path.open("w") as out:
        out.write("kostnadsställe;konto;månad;typ;belopp\n")
        out.write(row * (limits.TABLE_MAX_FILE_BYTES // len(row) + 1))
    result = styra(
        "ledger", "import", "csv", str(path), "--year", "2026", "--dry-run", cwd=tmp_path
    )
    refused(result, "stor.csv: filen är 50,0 MB; högst 50,0 MB kan läsas in")


@pytest.mark.parametrize(
    ("limit", "value", "content", "message"),
    [
        ("TABLE_MAX_ROWS", 3, "h\n" + "1\n" * 4, "t.csv, rad 5: filen har fler än 3 rader"),
        (
            "TABLE_MAX_COLUMNS",
            3,
            "a;b;c;d\n1;2;3;4\n",
            "t.csv, rad 1: raden har fler än 3 kolumner",
        ),
        (
            "TABLE_MAX_CELL_CHARS",
            5,
            "a;b\n123456;1\n",
            "t.csv, rad 2, kolumn a: cellen har 6 tecken",
        ),
    ],
)
def test_rows_columns_and_cells_past_the_limits(
    tmp_path, monkeypatch, capsys, limit, value, content, message
):
    from styra.cli.main import main

    monkeypatch.setattr(limits, limit, value)
    path = tmp_path / "t.csv"
    path.write_text(content)
    assert main(["ledger", "import", "csv", str(path), "--year", "2026", "--dry-run"]) == 1
    assert message in capsys.readouterr().err


# --- YAML: plan files, report templates, row sets ---------------------------------------

ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
ALIAS_BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + ALIAS_BOMB


def _yaml_doors(path: Path) -> list[tuple[str, ...]]:
    return [
        ("plan", "import", str(path)),
        ("report", "templates", "--validate", str(path)),
        ("ledger", "mapping", "load", str(path)),
    ]


def test_yaml_alias_bomb_is_refused_by_every_yaml_reader(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB)
    assert len(ALIAS_BOMB) < 520
    for door in _yaml_doors(path):
        result = styra(*door, cwd=tmp_path)
        refused(result, "bomb.yaml", "noder när alias (*namn) har ersatts")


def test_deeply_nested_yaml_is_refused_without_a_traceback(tmp_path):
    path = tmp_path / "djup.yaml"
    path.write_text("code: x\nitems: " + "[" * 5000 + "]" * 5000 + "\n")
    for door in _yaml_doors(path):
        result = styra(*door, cwd=tmp_path)
        refused(result, "djup.yaml", f"nästlad djupare än {limits.YAML_MAX_DEPTH} nivåer")


def test_yaml_file_of_comments_is_refused_by_its_size_at_once(tmp_path):
    path = tmp_path / "kommentarer.yaml"
    with path.open("w") as out:
        out.write("code: x\n")
        out.write(("# " + "kommentar " * 7 + "\n") * (10 * 1024 * 1024 // 80))
    for door in _yaml_doors(path):
        result = styra(*door, cwd=tmp_path)
        refused(result, "kommentarer.yaml", "kB; högst 2048 kB kan läsas in")
