"""mypy-baseline.txt holds only old errors, and none in the type-clean parts (docs/typing.md)."""

import re
from pathlib import PurePosixPath

from tests.paths import REPO_ROOT

BASELINE = REPO_ROOT / "mypy-baseline.txt"
LINE = re.compile(r"(?P<path>src/styra/\S+\.py):0: error: .+  \[[a-z-]+\]")

# Files in the type-clean parts that still have errors; being rewritten on other branches.
# Remove an entry when its file is clean: the list only shrinks, like the baseline.
NOT_YET_CLEAN: set[str] = set()


def is_type_clean_part(path: str) -> bool:
    """formats/, the SIE reader, every selectors and services module or package."""
    parts = PurePosixPath(path).with_suffix("").parts
    return (
        path.startswith(("src/styra/formats/", "src/styra/economy/ledger/sie/"))
        or "selectors" in parts
        or "services" in parts
    )


def baseline_paths() -> list[str]:
    lines = [line for line in BASELINE.read_text(encoding="utf-8").splitlines() if line]
    malformed = [line for line in lines if not LINE.fullmatch(line)]
    assert malformed == [], "every baseline line is one error without its line number"
    return [match["path"] for match in map(LINE.fullmatch, lines) if match]


def test_the_type_clean_parts_are_recognised():
    assert is_type_clean_part("src/styra/formats/numbers.py")
    assert is_type_clean_part("src/styra/economy/ledger/sie/reader.py")
    assert is_type_clean_part("src/styra/org/selectors.py")
    assert is_type_clean_part("src/styra/followup/services/rounds.py")
    assert not is_type_clean_part("src/styra/economy/ledger/models.py")
    assert not is_type_clean_part("src/styra/reports/builders/goals.py")


def test_the_type_clean_parts_have_no_errors_in_the_baseline():
    in_clean_parts = {path for path in baseline_paths() if is_type_clean_part(path)}
    assert in_clean_parts - NOT_YET_CLEAN == set()


def test_files_that_became_clean_are_struck_from_the_not_yet_list():
    assert NOT_YET_CLEAN - set(baseline_paths()) == set()


# `# type: ignore` comments still waiting for their owner's fix (the list only shrinks).
IGNORES_AWAITING: set[str] = set()
IGNORE = re.compile(r"#\s*type:\s*ignore\b(?P<codes>\[[a-z-, ]+\])?(?P<reason>\s*#\s*\S.*)?")
STYRA_IMPORT = re.compile(r"\s*(from|import)\s+styra\b")


def bad_ignores(source: str) -> list[str]:
    """Each `type: ignore` that is on an import of Styra's own code, or that names no
    error code or gives no reason (a comment after it), as "line: text"."""
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = IGNORE.search(line)
        if match is None:
            continue
        if STYRA_IMPORT.match(line) or not match["codes"] or not match["reason"]:
            found.append(f"{number}: {line.strip()}")
    return found


def test_the_ignore_check_knows_a_good_ignore_from_a_bad_one():
    source = (
        "from styra.x import y  # type: ignore[attr-defined]  # gone\n"
        "call()  # type: ignore\n"
        "call()  # type: ignore[arg-type]\n"
        "call()  # type: ignore[arg-type]  # the stubs say str, the library takes bytes\n"
    )
    assert [entry.split(":")[0] for entry in bad_ignores(source)] == ["1", "2", "3"]


def test_every_type_ignore_is_on_a_third_party_call_with_a_reason():
    package = REPO_ROOT / "src" / "styra"
    found = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        bad = bad_ignores(path.read_text(encoding="utf-8"))
        if relative in IGNORES_AWAITING:
            assert bad, f"{relative} is fixed now: remove it from IGNORES_AWAITING"
        elif bad:
            found[relative] = bad
    assert found == {}
