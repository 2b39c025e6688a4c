"""Plan files: YAML in, YAML out, checked against `plan.schema.json`.

- `source`: reading YAML with the line of every field;
- `schema`: JSON Schema validation with Swedish one-line messages;
- `checks`, `org`: semantic checks; `writer`, `org`: writing to the database;
- `importer`: the all-or-nothing import of a file; `exporter`: the canonical export.
"""

from .exporter import export_org, export_plan
from .importer import ImportResult, import_path, import_text
from .source import ImportProblems, Problem

__all__ = [
    "ImportProblems",
    "ImportResult",
    "Problem",
    "export_org",
    "export_plan",
    "import_path",
    "import_text",
]
