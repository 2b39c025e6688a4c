"""Finding 3: one character stopped the region's report.

A comment with ESC, BEL or U+FFFE (VT and form feed for Word and Excel) was accepted,
and then the PDF, Word and Excel of that unit and of the whole board failed with 500;
emoji, Chinese and Thai failed the PDF's font check; once the round was locked the
text could never be fixed. Now text is cleaned where it comes in and again in every
renderer, a glyph no font has is replaced, and a batch goes on past a failing unit.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

from styra.followup.models import Assessment, RoundState, SectionText
from styra.reports.document import Document, Paragraph, Section
from styra.reports.renderers import FORMATS, render
from tests.security.conftest import HOSTILE, HOSTILE_STORED, UNPRINTABLE

ITEM = "U02"  # an assignment of RS-DIG, printed in RS-DIG's and the board's report
FORMATS_TO_FETCH = ("pdf", "docx", "xlsx", "html")


def _item_url(demo) -> str:
    return f"/uppfoljning/{demo.round.code}/poster/{ITEM}/"


def _downloads(browser, demo, unit: str) -> dict[str, bytes]:
    files = {}
    for fmt in FORMATS_TO_FETCH:
        response = browser.get(f"/rapporter/{demo.round.code}/{unit}/ladda-ned/{fmt}/")
        assert response.status_code == 200, (unit, fmt, response.status_code)
        files[fmt] = response.content
    return files


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def test_hostile_comment_is_cleaned_at_input_and_every_report_builds(demo, browser):
    reporter = browser("rapportor")
    version = Assessment.objects.get(round=demo.round, item__code=ITEM).version
    response = reporter.post(
        _item_url(demo),
        {"version": version, "status_code": "", "completed": "", "comment": HOSTILE},
    )
    assert response.status_code == 200

    stored = Assessment.objects.get(round=demo.round, item__code=ITEM).comment
    assert not UNPRINTABLE.search(stored)
    assert stored.startswith("Före[31m röd")  # only the unprintable characters went
    assert "中文 ภาษาไทย" in stored and "🎉👍🏽" in stored and stored.endswith("\nEfter")

    controller = browser("controller")
    for unit in ("RS-DIG", "RS"):
        files = _downloads(controller, demo, unit)
        assert "Efter" in _docx_text(files["docx"])
        assert "Efter" in files["html"].decode()


def test_text_stored_before_the_rule_cannot_stop_a_locked_report(demo, browser):
    """Text that reached the database unclean (before this fix, or by a path that
    forgot) still renders in every format, for the unit and for the board."""
    Assessment.objects.filter(round=demo.round, item__code=ITEM).update(comment=HOSTILE_STORED)
    SectionText.objects.filter(round=demo.round, unit__code="RS", key="sammanfattning").update(
        title="Samman\x1bfattning\ufffe", body=HOSTILE_STORED
    )
    type(demo.round).objects.filter(pk=demo.round.pk).update(state=RoundState.LOCKED)

    controller = browser("controller")
    for unit in ("RS-DIG", "RS"):
        files = _downloads(controller, demo, unit)
        assert "\x1b" not in _docx_text(files["docx"])
        with zipfile.ZipFile(io.BytesIO(files["xlsx"])) as archive:
            for name in archive.namelist():
                assert not UNPRINTABLE.search(archive.read(name).decode(errors="replace")), name


GLYPHS = "Kinesiska 中文 thai ภาษาไทย emoji 🎉👍🏽 arabiska مرحبا"


def test_pdf_prints_glyphs_the_fonts_lack_as_a_replacement(tmp_path):
    document = Document(
        title="Tecken",
        unit_code="U",
        unit_name="Enheten",
        sections=[Section(heading="Tecken 中文", blocks=[Paragraph(GLYPHS)])],
    )
    pdf = render(document, "pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for word in ("中", "ภ", "🎉"):  # printed where a font has it, else U+FFFD
        assert word in text or "\ufffd" in text
    assert "Kinesiska" in text and "mرحبا"[1:] in text

    if shutil.which("pdftoppm"):  # the page as a picture, for a person to look at
        (tmp_path / "tecken.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", "2", "-l", "2", "tecken.pdf", "sida"],
            cwd=tmp_path,
            check=True,
        )
        assert list(tmp_path.glob("sida*.png"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_renderer_takes_every_unprintable_character(fmt):
    every = "".join(chr(c) for c in [*range(0, 32), *range(127, 160)])
    every += "\ufffe\uffff\ufdd0\U0010ffff\ud800\udc00 text"
    document = Document(
        title=every,
        unit_code="U",
        unit_name=every,
        sections=[Section(heading=every, blocks=[Paragraph(every)])],
    )
    assert render(document, fmt)


def test_batch_reports_a_failing_unit_and_builds_the_others(demo, tmp_path, monkeypatch, capsys):
    """A unit whose report cannot be built is named; every other unit's report is
    written (the board's report must never wait for one unit)."""
    from styra.cli.main import main
    from styra.reports import services

    real = services.render

    def render_or_fail(document, fmt, **options):
        if document.unit_code == "RS-HR":
            raise RuntimeError("trasig enhet")
        return real(document, fmt, **options)

    monkeypatch.setattr(services, "render", render_or_fail)
    code = main(
        ["report", "batch", "--round", demo.round.code, "--format", "html", "--out", str(tmp_path)]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "RS-HR: RuntimeError: trasig enhet" in err
    assert list((tmp_path / "RS").glob("*.html")) and list((tmp_path / "RS-DIG").glob("*.html"))
