"""Import plan, organisation and planning documents: all or nothing, as the acting user.

A file holds one or more YAML documents, each `format: styra-org/1`,
`format: styra-plan/1` or `format: styra-planning/1` (a plan's budget, investments,
calendar and internal control). Every document is checked against the schema first,
then organisation documents are checked and written, then plan documents (which may
name units from the organisation documents of the same file), then planning documents.
The writes go through the services of the organisation (`styra.orgadmin`), plans
(`styra.plans.services`), rounds (`styra.followup.services`) and planning, each checked
against `user`. A file that would write needs a user; without one it is still read and
checked, so a broken file is refused for what is wrong with it first. Everything
happens in one transaction: one error or refusal and nothing is changed. `dry_run`
checks everything, writes inside the transaction and rolls it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .checks import check_plan
from .org import check_org, org_units_in, write_org
from .planning import PlanningImportSummary, write_planning
from .schema import PLANNING_FORMAT, validate_document
from .source import Document, import_failed, read_documents, read_file
from .writer import PlanImportSummary, write_plan


@dataclass
class ImportResult:
    plans: list[PlanImportSummary] = field(default_factory=list)
    units: int = 0
    cost_centres: int = 0
    planning: list[PlanningImportSummary] = field(default_factory=list)
    dry_run: bool = False


class _DryRun(Exception):
    pass


def _checked_documents(*, text: str, filename: str) -> list[Document]:
    documents = read_documents(text=text, filename=filename)
    problems = [p for doc in documents for p in validate_document(doc)]
    if problems:
        raise import_failed(problems)
    return documents


def check_path(*, path: Path | str) -> None:
    """Read the file and check it against the schema; nothing touches the database."""
    text, name = read_file(path)
    _checked_documents(text=text, filename=name)


def import_text(
    *, text: str, filename: str = "<text>", dry_run: bool = False, user
) -> ImportResult:
    """Import `text` as `user`; `user` None refuses any file that holds a document."""
    documents = _checked_documents(text=text, filename=filename)
    if documents and user is None:
        message = _(
            "en plan-, organisations- eller planeringsfil importeras av en användare; ange --user"
        )
        raise import_failed([documents[0].problem((), message)])
    org_docs = [d for d in documents if d.data["format"] == "styra-org/1"]
    plan_docs = [d for d in documents if d.data["format"] == "styra-plan/1"]
    planning_docs = [
        d for d in documents if isinstance(d.data, dict) and d.data["format"] == PLANNING_FORMAT
    ]
    result = ImportResult(dry_run=dry_run)
    try:
        with transaction.atomic():
            for doc in org_docs:
                problems = check_org(doc)
                if problems:
                    raise import_failed(problems)
                counts = write_org(doc.data, user=user)
                result.units += counts["units"]
                result.cost_centres += counts["cost_centres"]
            new_units = {code for doc in org_docs for code in org_units_in(doc.data)}
            for doc in plan_docs:
                problems = check_plan(doc, extra_units=new_units)
                if problems:
                    raise import_failed(problems)
                result.plans.append(write_plan(doc, user=user))
            for doc in planning_docs:
                result.planning.append(write_planning(doc, user=user))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def import_path(*, path: Path | str, dry_run: bool = False, user) -> ImportResult:
    text, name = read_file(path)
    return import_text(text=text, filename=name, dry_run=dry_run, user=user)
