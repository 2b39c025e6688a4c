"""Plan files: YAML in, YAML out, checked against `plan.schema.json`.

- `source`: reading YAML with the line of every field;
- `schema`: JSON Schema validation with Swedish one-line messages;
- `checks`, `org`: semantic checks; `writer`, `org`: writing through the services of
  the organisation (`styra.orgadmin`), plans (`styra.plans.services`) and rounds
  (`styra.followup.services`), as the acting user;
- `importer`: the all-or-nothing import of a file; `exporter`: the canonical export.

Problems are `styra.formats.problems.ImportProblem`s (file, line, field path), raised
together as `ImportFailed`.
"""

from .exporter import export_org, export_plan
from .importer import ImportResult, import_path, import_text

__all__ = [
    "ImportResult",
    "export_org",
    "export_plan",
    "import_path",
    "import_text",
]
