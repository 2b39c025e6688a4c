"""The T1 2026 report of RS, built from the demo region by the real CLI, read back from
the generated PDF, Word and Excel files and compared with the published figures
(/work/shared/reference/figures/t1-2026.json, copied below as the report prints them).

Where Styra prints something else than the published report, it is because the
published figure is wrong and Styra computes it (domain spec §7.7, §11): the savings
"Totalt" row and the OÅA change. Those rows assert what Styra computes.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from styra.cli.main import main
from styra.formats.numbers import parse_number
from tests.builders import xlsx_sheet
from tests.paths import FIGURES

NB = "\u00a0"
STEM = "t1-2026-rs-2026-t1-rs"

# --- the published figures, as Styra prints them (Swedish format) --------------------------

# code, outcome, target, status — in report order (goal areas LED, then STD).
INDICATORS = [
    ("N01", "−34,2 %", "−33,2 %", "Delvis uppfyllt"),
    ("N02", "2,6 %", "−0,6 %", "Ej uppfyllt"),
    ("N03", "3,3 %", "−1,3 %", "Ej uppfyllt"),
    ("N04", "86 %", "95 %", "Delvis uppfyllt"),
    ("N05", "14 %", "16 %", "Helt uppfyllt"),
    ("N06", "2,2 %", "−0,6 %", "Ej uppfyllt"),
    ("N07", "82 %", "95 %", "Delvis uppfyllt"),
    ("N08", "6,8 %", "8,8 % (riket)", "Helt uppfyllt"),  # target: the national figure
    ("N09", "−36 %", "−41 %", "Delvis uppfyllt"),  # change against 2019, in the title
    ("N10", "Följs upp på helår", "42 %", "Ej rapporterat"),
    ("N11", "42,7 %", "55 %", "Ej uppfyllt"),
    ("N12", "45,12 %", "45 %", "Helt uppfyllt"),
    ("N13", "5,18 index", "5 index", "Helt uppfyllt"),
    ("N14", "5,17 index", "4,7 index", "Helt uppfyllt"),
    ("N15", "5,7 %", "5,5 %", "Delvis uppfyllt"),
    ("N16", "2 %", "10 %", "Ej uppfyllt"),
    ("N17", "43 %", "70 %", "Ej uppfyllt"),
    ("N18", "60 %", "70 %", "Delvis uppfyllt"),
]
KITCHENS = [("Kaffe, te och choklad", "42 %"), ("Kostenheten", "45 %"), ("Birka", "49 %"),
            ("Bäckedal", "47 %")]  # fmt: skip

# label, Ack utfall, Ack budget, Bud-Utf Diff, Ack utfall fg år, Diff, Utfall diff %
ECONOMIC_TABLE = [
    ("Patientavgifter", "1 278", "300", "978", "312", "966", "309,5 %"),
    ("Försäljning", "158 448", "128 298", "30 151", "149 026", "9 422", "6,3 %"),
    ("Erhållna bidrag", "133 632", "79 133", "54 499", "154 669", "−21 037", "−13,6 %"),
    ("Övriga intäkter", "2 595", "2 017", "578", "1 152", "1 443", "125,2 %"),
    ("Intäkter", "295 954", "209 748", "86 206", "305 160", "−9 206", "−3,0 %"),
    ("Personalkostnader", "−217 860", "−326 841", "108 981", "−207 085", "−10 775", "5,2 %"),
    ("Köpt riks- och regionvård", "−1 902", "−2 863", "961", "−2 480", "578", "−23,3 %"),
    ("Köp av verksamhet", "−373 278", "−313 971", "−59 306", "−367 942", "−5 336", "1,5 %"),
    ("Verksamhetsanknutna tjänster", "−5 767", "−2 294", "−3 473", "−5 706", "−61", "1,1 %"),
    ("Inhyrd bemanning", "0", "0", "0", "0", "0", "0,0 %"),
    ("Läkemedel", "−11 244", "−12 338", "1 094", "−13 401", "2 157", "−16,1 %"),
    ("Sjukvårdsart, övr mat o varor", "−68 049", "−57 528", "−10 522", "−62 390", "−5 660",
     "9,1 %"),
    ("Lämnade bidrag", "1 406", "−4 581", "5 986", "−2 133", "3 539", "−165,9 %"),
    ("Fastighetskostnader", "−44 642", "−50 324", "5 682", "−42 126", "−2 516", "6,0 %"),
    ("Konsultkostnader", "−54 710", "−56 887", "2 177", "−58 244", "3 534", "−6,1 %"),
    ("Övriga kostnader", "−65 730", "−77 272", "11 541", "−66 720", "989", "−1,5 %"),
    ("Avskrivningar/finansnetto", "−49 362", "−40 911", "−8 451", "−43 341", "−6 021",
     "13,9 %"),
    ("Bruttokostnader", "−891 140", "−945 810", "54 670", "−871 568", "−19 572", "2,2 %"),
    ("Verksamhetens nettokostnader", "−595 186", "−736 062", "140 876", "−566 408", "−28 778",
     "5,1 %"),
]  # fmt: skip

FORECAST = [
    ("Regiondirektör", "−39,2", "−37,8", "−1,4"),
    ("Ekonomiavdelningen", "−55,5", "−55,6", "0,1"),
    ("HR-avdelningen", "−59,0", "−62,4", "3,4"),
    ("Kommunikationsavdelningen", "−12,0", "−11,2", "−0,8"),
    ("Digitalisering och service", "−650,7", "−649,7", "−1,0"),
    ("Ledningsstöd och beredskap", "−108,7", "−106,8", "−1,9"),
    ("Vårdval", "−993,2", "−999,2", "6,0"),
    ("Totalt", "−1 918,3", "−1 922,7", "4,4"),
]

# Åtgärd, status, effect, utfall 2026, utfall 2025, förändring. Totalt is computed: the
# published row (28,2 · −171,5 · −173,3 · 1,3) does not add up (spec §7.7).
SAVINGS = [
    ("Flexibel arbetsplats", "● Grön", "3,3", "−1,0", "−2,0", "1,0"),
    ("FBTÅS", "● Grön", "4,0", "−31,6", "−35,5", "3,9"),
    ("Övrigt", "● Grön", "8,2", "−5,8", "−9,5", "3,7"),
    ("Delsumma", "", "15,5", "−38,4", "−47,0", "8,6"),
    ("Personalkostnad", "", "12,7", "−163,6", "−156,3", "−7,3"),
    ("Totalt", "", "28,2", "−202,0", "−203,3", "1,3"),
]

# Published without a total row; Totalt is Styra's sum.
ELECTED = [
    ("Regionfullmäktige", "−5 266", "−5 967", "701"),
    ("Regionstyrelse", "−1 250", "−1 433", "183"),
    ("Totalt", "−6 516", "−7 400", "884"),
]

INVESTMENT_CATEGORIES = [
    ("Årets beslutade och avslutade investeringar", "2 813", "3 085"),
    ("Beslutade och avslutade investeringar överförda från föregående år", "3 399", "3 600"),
    ("Under året beviljade och påbörjade investeringar som ännu inte genomförts", "7 908",
     "137 779"),
    ("Beslutade investeringar överförda från föregående år som ännu inte genomförts", "3 381",
     "127 448"),
    ("Beviljat ur potten för oförutsedda investeringar", "784", "8 689"),
    ("Övriga investeringar utanför beslutad ram", "86", "0"),
    ("Totalt", "18 371", "280 601"),
]  # fmt: skip

FIGURES_JSON = FIGURES / "t1-2026.json"


# --- building once per module ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(_demo_loaded, django_db_blocker, tmp_path_factory):
    """The four files, built by `styra report build` as a user would run it."""
    out = tmp_path_factory.mktemp("demo-report")
    stdout = io.StringIO()
    with django_db_blocker.unblock(), contextlib.redirect_stdout(stdout):
        code = main(
            [
                "report",
                "build",
                "--round",
                "2026-T1",
                "--unit",
                "RS",
                "--format",
                "pdf,docx,html,xlsx",
                "--out",
                str(out),
            ]
        )
    assert code == 0, stdout.getvalue()
    files = {p.suffix[1:]: p for p in out.iterdir()}
    assert sorted(files) == ["docx", "html", "pdf", "xlsx"]
    reader = PdfReader(files["pdf"])
    pdf_text = "\n".join(page.extract_text() for page in reader.pages).replace(NB, " ")
    docx = DocxDocument(files["docx"])
    tables = [
        [[cell.text.replace(NB, " ") for cell in row.cells] for row in table.rows]
        for table in docx.tables
    ]
    return SimpleNamespace(
        files=files,
        pdf=reader,
        pdf_text=pdf_text,
        pdf_words=" ".join(pdf_text.split()),
        docx=docx,
        tables=tables,
        xlsx=load_workbook(files["xlsx"]),
    )


def _rounded(number, places: int = 0) -> Decimal:
    """An Excel number rounded as the report rounds (half up, from the exact value)."""
    return Decimal(str(number)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _sheet_row(sheet, label: str) -> list:
    return next(
        [c.value for c in row] for row in sheet.iter_rows(min_row=2) if row[0].value == label
    )


def _table(built, first_header: str, *, contains: str = "") -> list[list[str]]:
    for table in built.tables:
        if table[0][0] == first_header and (
            not contains or any(contains in row[0] for row in table)
        ):
            return table
    raise AssertionError(f"no table headed {first_header!r} ({contains!r})")


def _tables(built, header: str) -> list[list[list[str]]]:
    return [t for t in built.tables if len(t[0]) > 1 and t[0][1] == header]


# --- the report check ---------------------------------------------------------------------------


def test_report_check_of_the_clean_demo_has_no_errors_or_warnings(demo_full, capsys):
    code = main(["report", "check", "--round", "2026-T1", "--unit", "RS", "--json"])
    findings = json.loads(capsys.readouterr().out)
    assert [f for f in findings if f["severity"] in ("error", "warning")] == []
    assert code == 0


# --- goal fulfilment ---------------------------------------------------------------------------


def test_goal_fulfilment_counts(demo_full, built):
    assert (
        "Totalt har Regionstyrelsen 31 uppdrag och 18 kortsiktiga nyckeltal att redovisa i "
        "tertialrapport 1 2026. Ytterligare 3 långsiktiga nyckeltal följs upp på helår."
        in built.pdf_words
    )
    indicators = _table(built, "Status", contains="Helt uppfyllt")
    counts = {row[0]: row[1] for row in indicators[1:]}
    assert counts == {
        "● Helt uppfyllt": "5",
        "◐ Delvis uppfyllt": "6",
        "○ Ej uppfyllt": "6",
        "– Ej rapporterat": "1",
        "Totalt": "18",
    }
    assignments = _table(built, "Status", contains="Pågående enligt plan")
    assignment_counts = {row[0]: row[1] for row in assignments[1:]}
    assert assignment_counts["✔ Avslutad/klar"] == "1"
    assert assignment_counts["● Pågående enligt plan"] == "30"
    assert assignment_counts["Totalt"] == "31"
    sheet = xlsx_sheet(built.xlsx, "Måluppfyllelse, kortsiktiga nyckeltal")
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[1] for v in values] == [5, 6, 6, 1, 18]
    assert all(isinstance(v[1], int | float) for v in values)


def test_excel_sheets_are_named_by_their_captions_in_swedish(built):
    """A sheet is named by its table's caption (Excel's 31 characters, cut at a word), never
    by an internal code such as "maluppfyllelse-indicator" or "inv-decided_finished"."""
    names = built.xlsx.sheetnames
    assert names[0] == "Rapport"
    assert "Måluppfyllelse, uppdrag" in names
    assert "Ekonomisk analys…" in names
    assert "Årets beslutade och avslutade…" in names
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= 31 for n in names)
    assert not [n for n in names if "_" in n or "indicator" in n or "assignment" in n]
    listed = [row[0] for row in built.xlsx["Rapport"].iter_rows(min_row=7, values_only=True)]
    assert listed == names[1:]


def test_every_indicator_outcome_target_and_status(demo_full, built):
    published = {i["id"]: i for i in json.load(open(FIGURES_JSON, encoding="utf-8"))["indicators"]}
    rows = [row for table in _tables(built, "Kortsiktiga nyckeltal") for row in table[1:] if row[0]]
    assert len(rows) == 18
    for (code, outcome, target, status), row in zip(INDICATORS, rows, strict=True):
        source = published[code]
        assert row[1].startswith(source["name"]), (code, row[1])
        assert row[0].endswith(status), (code, row[0])
        assert (row[2], row[3]) == (outcome, target), code
        # The expected texts are the published figures.
        if source["outcome"] is not None:
            assert parse_number(outcome.split(" ")[0]) == Decimal(str(source["outcome"]))
        assert parse_number(target.split(" ")[0]) == Decimal(str(source["target"]))
    for code, outcome, target, _status in INDICATORS:
        assert outcome in built.pdf_words and target in built.pdf_words, code
    breakdown = [
        (row[1], row[2])
        for table in _tables(built, "Kortsiktiga nyckeltal")
        for row in table[1:]
        if not row[0]
    ]
    assert breakdown == KITCHENS


def test_every_assignment_status(demo_full, built):
    published = json.load(open(FIGURES_JSON, encoding="utf-8"))["assignments"]
    rows = [row for table in _tables(built, "Uppdrag") for row in table[1:]]
    assert len(rows) == 31
    for source, row in zip(published, rows, strict=True):
        assert row[0].endswith(source["status_text"]), (source["id"], row[0])
        assert row[1] == source["label_sv"], source["id"]


# --- economy ------------------------------------------------------------------------------------


def test_economic_analysis_table(demo_full, built):
    table = _table(built, "", contains="Patientavgifter")
    assert [tuple(row) for row in table[1:]] == ECONOMIC_TABLE
    sheet = xlsx_sheet(built.xlsx, "Ekonomisk analys, Regionstyrelsen")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for label, *texts in ECONOMIC_TABLE:
        numbers = [c.value for c in rows[label][1:7]]
        assert all(isinstance(n, int | float) for n in numbers), label
        # Excel keeps the exact tkr; rounded they are the printed figures.
        for number, text in zip(numbers[:5], texts[:5], strict=True):
            assert _rounded(number) == parse_number(text), (label, text)
        assert _rounded(numbers[5], 1) == parse_number(texts[5]), label
    for label, *texts in ECONOMIC_TABLE:
        assert " ".join([label, *texts]) in built.pdf_words, label


def test_economic_totals_are_the_sums_of_their_unrounded_rows(demo_full, built):
    """Styra prints the published subtotals exactly, because it sums unrounded amounts.

    The sum of the *printed* rows differs from three printed subtotals, as in the
    published report: Intäkter, Ack utfall: rows 295 953, total 295 954 (−1);
    Bruttokostnader, Ack utfall: rows −891 138, total −891 140 (+2, twelve rounded rows);
    Intäkter, Ack utfall fg år: rows 305 159, total 305 160 (−1).
    """
    printed = {label: [parse_number(t) for t in texts[:5]] for label, *texts in ECONOMIC_TABLE}
    income = [label for label, *_ in ECONOMIC_TABLE[0:4]]
    costs = [label for label, *_ in ECONOMIC_TABLE[5:17]]

    def gaps(rows, total):
        return [sum(printed[r][c] for r in rows) - printed[total][c] for c in range(5)]

    assert gaps(income, "Intäkter") == [-1, 0, 0, -1, 0]
    assert gaps(costs, "Bruttokostnader") == [2, 0, 0, 0, 0]
    sheet = xlsx_sheet(built.xlsx, "Ekonomisk analys, Regionstyrelsen")
    exact = {
        row[0].value: [Decimal(str(c.value)) for c in row[1:6]]
        for row in sheet.iter_rows(min_row=2)
    }
    for column in range(5):
        assert sum(exact[r][column] for r in income) == exact["Intäkter"][column]
        assert sum(exact[r][column] for r in costs) == exact["Bruttokostnader"][column]
        assert (
            exact["Intäkter"][column] + exact["Bruttokostnader"][column]
            == exact["Verksamhetens nettokostnader"][column]
        )


def test_forecast_table_has_the_seven_departments_and_their_total(demo_full, built):
    table = _table(built, "", contains="Regiondirektör")
    assert [tuple(row) for row in table[1:]] == FORECAST
    assert "Totalt är summan av raderna." in built.pdf_words
    assert "Regionfullmäktige, förtroendevalda (budget −17,9 mkr)" in built.pdf_words
    total = _sheet_row(xlsx_sheet(built.xlsx, "Helårsprognos, Regionstyrelsen"), "Totalt")
    assert [_rounded(v, 1) for v in total[1:4]] == [
        Decimal("-1918.3"),
        Decimal("-1922.7"),
        Decimal("4.4"),
    ]


def test_savings_measures_with_computed_totals(demo_full, built):
    table = _table(built, "Åtgärd")
    assert [tuple(row) for row in table[1:]] == SAVINGS
    assert "Omräknad årsarbetskraft (OÅA): 567,0 år 2026, 565,5 år 2025, förändring 1,5." in (
        built.pdf_words
    )


def test_elected_members_budget(demo_full, built):
    table = _table(built, "Kostnadsställe")
    assert [tuple(row) for row in table[1:]] == ELECTED


def test_investments_by_category_and_grand_total(demo_full, built):
    table = _table(built, "Kategori")
    assert [tuple(row) for row in table[1:]] == INVESTMENT_CATEGORIES
    total = _sheet_row(xlsx_sheet(built.xlsx, "Investeringar per kategori, totalt"), "Totalt")
    assert (_rounded(total[1]), _rounded(total[2])) == (18371, 280601)
    assert "Totalt 18 371 280 601" in built.pdf_words


# --- texts and the PDF itself ---------------------------------------------------------------------


def test_section_texts_appear(demo_full, built):
    from styra.followup.models import SectionText

    texts = SectionText.objects.filter(round__code="2026-T1", unit__code="RS")
    assert texts.count() >= 13
    for text in texts:
        first_sentence = re.split(r"(?<=[.!?])\s", " ".join(text.body.split()))[0]
        assert first_sentence in built.pdf_words, text.key
    headings = [p.text for p in built.docx.paragraphs if p.style.name.startswith("Heading")]
    for heading in [
        "Sammanfattning",
        "Händelser av väsentlig betydelse",
        "Målområde Ledningsprocesser",
        "Ekonomiskt utfall mot föregående år",
        "Ekonomiskt utfall jämfört med budget",
        "Orsaker till ändrad/lagd prognos",
        "Väsentliga personalförhållanden",
        "Investeringar",
    ]:
        assert heading in headings


def test_pdf_is_tagged_swedish_pdf_ua(demo_full, built):
    root = built.pdf.trailer["/Root"]
    assert built.pdf.metadata.title == "Tertialrapport – Regionstyrelsen, januari–april 2026"
    assert str(root["/Lang"]).startswith("sv")
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part>\s*1\s*<", xmp)
