"""What the season pages show, as a report document for the Excel renderer.

The same words and figures as the page; the Excel renderer (`styra.reports.renderers`)
writes the sheet, so an export has the reports' number formats and sheet names.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.followup.labels import kind_count
from styra.followup.models import Round
from styra.followup.selectors import UnitProgress
from styra.reports.document import Cell, Column, Document, Row, Section, Table


def round_progress_document(round_: Round, progress: list[UnitProgress], today: date) -> Document:
    deadline = round_.reporting_deadline
    table = Table(
        key="rapporteringslage",
        caption=_("Rapporteringsläge per enhet – %(round)s") % {"round": round_.name},
        columns=[
            Column(_("Enhet")),
            Column(_("Kod")),
            Column(_("Rapporterat")),
            Column(_("Rapportens status")),
            Column(_("Sista dag")),
            Column(_("Dagar sen"), align="right"),
        ],
    )
    for p in progress:
        late = p.days_late(deadline, today)
        parts = ", ".join(
            _("%(reported)s av %(due)s") % {"reported": reported, "due": kind_count(kind, due)}
            for kind, reported, due in p.kinds
        )
        table.rows.append(
            Row(
                cells=[
                    Cell(p.name),
                    Cell(p.code),
                    Cell(parts),
                    Cell(p.state_label),
                    Cell(deadline.isoformat() if deadline else "–"),
                    Cell(str(late), value=Decimal(late), number_format="0")
                    if late is not None
                    else Cell("–"),
                ]
            )
        )
    return Document(
        title=round_.name,
        subtitle=_("Rapporteringsläge %(day)s") % {"day": today.isoformat()},
        round_code=round_.code,
        round_name=round_.name,
        sections=[Section(heading=_("Rapporteringsläge"), blocks=[table])],
    )
