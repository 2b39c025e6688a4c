"""`stream_table`: a large CSV or XLSX read row by row, with `read_table`'s limits."""

import pytest

from styra.formats import limits
from styra.formats.problems import ImportFailed
from styra.formats.tabular import read_table, stream_table


def _rows(table):
    return list(table.rows)


def test_streams_the_same_rows_as_read_table(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Serie;Enhet;Värde\nx;RS;1,5\n\n y ;HSN;2\n", encoding="utf-8")
    stream = stream_table(path)
    assert stream.header == read_table(path).header == ["serie", "enhet", "värde"]
    assert _rows(stream) == [(2, {"serie": "x", "enhet": "RS", "värde": "1,5"}),
                             (4, {"serie": "y", "enhet": "HSN", "värde": "2"})]  # fmt: skip


def test_windows_1252_and_a_bom(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes("enhet;värde\nÖrnsköldsvik;1\n".encode("cp1252"))
    assert _rows(stream_table(path)) == [(2, {"enhet": "Örnsköldsvik", "värde": "1"})]
    path.write_bytes("\ufeffenhet;värde\nÅre;2\n".encode())
    assert stream_table(path).header == ["enhet", "värde"]


def test_limits_are_kept_while_streaming(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "TABLE_MAX_ROWS", 2)
    path = tmp_path / "c.csv"
    path.write_text("a;b\n1;2\n3;4\n5;6\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="filen har fler än 2 rader"):
        _rows(stream_table(path))
    monkeypatch.setattr(limits, "TABLE_MAX_CELL_CHARS", 5)
    path.write_text("a;b\n1;123456\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="cellen har 6 tecken"):
        _rows(stream_table(path))
    monkeypatch.setattr(limits, "TABLE_MAX_FILE_BYTES", 10)
    with pytest.raises(ImportFailed, match="högst 0,0 MB kan läsas in"):
        stream_table(path)


def test_a_broken_xlsx_is_one_problem(tmp_path):
    path = tmp_path / "d.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ImportFailed) as failed:
        stream_table(path)
    assert "ingen läsbar XLSX-fil" in str(failed.value)
