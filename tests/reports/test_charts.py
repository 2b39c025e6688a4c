"""Chart specs (styra.reports.charts): kept by their arguments."""

from decimal import Decimal

from styra.reports.charts import kept_spec


def test_a_chart_spec_is_built_once_and_every_caller_gets_its_own():
    """Altair takes milliseconds per spec; the preview, the PDF and the dashboards draw
    the same charts again: a spec is kept by its arguments, and handed out as a copy."""
    built = []

    @kept_spec
    def spec(rows, *, title):
        built.append(title)
        return {"title": title, "values": [float(r["value"]) for r in rows]}

    first = spec([{"value": Decimal("1.5")}], title="Sjukfrånvaro")
    first["title"] = "ändrad av den som fick den"
    again = spec([{"value": Decimal("1.5")}], title="Sjukfrånvaro")
    assert again == {"title": "Sjukfrånvaro", "values": [1.5]} and built == ["Sjukfrånvaro"]
    # Other arguments are another chart, and a decimal is not the same key as its text.
    spec([{"value": Decimal("2.5")}], title="Sjukfrånvaro")
    spec([{"value": "1.5"}], title="Sjukfrånvaro")
    assert len(built) == 3
