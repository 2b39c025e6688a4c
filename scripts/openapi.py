"""Write the API's OpenAPI schema to docs/api/openapi.json (`make openapi`).

The committed file is what clients and schemathesis read; tests/api/test_openapi.py
fails when the served schema (/api/openapi.json) differs from it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "docs" / "api" / "openapi.json"


def render() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styra.settings.test")
    import django

    django.setup()
    from styra.api.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"{TARGET.relative_to(Path.cwd())}\n")
