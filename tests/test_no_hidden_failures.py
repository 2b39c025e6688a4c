"""No code hides a failure: a missing module, function or setting fails loudly.

Scans the source for the guards issue 8 removed: `except ImportError` /
`ModuleNotFoundError`, `importlib.import_module`, and `getattr(x, "name", default)` on
`settings` or on anything imported (a module, a selectors module, a settings object),
which turns a missing function or an undeclared setting into a silent default.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.paths import REPO_ROOT

SRC = REPO_ROOT / "src" / "styra"

# Guards still waiting for their owner's fix. An entry must name a guard that is still
# there (a fixed one fails this test until its entry is removed), so the list only shrinks.
AWAITING: dict[str, str] = {}


def _imported_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
    return names


def hidden_failures(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    imported = _imported_names(tree) | {"settings"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            for name in caught:
                if isinstance(name, ast.Name) and name.id in ("ImportError", "ModuleNotFoundError"):
                    found.append(f"{node.lineno}: except {name.id}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "import_module":
                found.append(f"{node.lineno}: import_module")
            if (
                isinstance(func, ast.Name)
                and func.id == "getattr"
                and len(node.args) == 3
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in imported
            ):
                found.append(f"{node.lineno}: getattr({node.args[0].id}, …, default)")
    return sorted(found, key=lambda text: int(text.split(":")[0]))


def test_no_import_guards_or_swallowing_lookups():
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        guards = hidden_failures(path)
        if relative in AWAITING:
            assert guards, f"{relative} is clean now: remove it from AWAITING"
        elif guards:
            found[relative] = guards
    assert found == {}


def test_the_scan_finds_each_kind_of_guard(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import importlib\n"
        "from django.conf import settings\n"
        "from styra.reports import selectors\n"
        "try:\n    import foo\nexcept ImportError:\n    foo = None\n"
        "try:\n    import bar\nexcept (ValueError, ModuleNotFoundError):\n    bar = None\n"
        "module = importlib.import_module('x')\n"
        "name = getattr(settings, 'STYRA_X', '')\n"
        "function = getattr(selectors, 'missing', None)\n"
        "fine = getattr(object(), 'indicator', None)\n"
    )
    assert hidden_failures(sample) == [
        "6: except ImportError",
        "10: except ModuleNotFoundError",
        "12: import_module",
        "13: getattr(settings, …, default)",
        "14: getattr(selectors, …, default)",
    ]
