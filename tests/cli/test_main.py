"""Every `styra` subcommand is run through its real entry point by at least one test.

`build_parser()` is walked to its leaves (`plan import`, `round lock`, `manage` …); each
leaf must have an entry in REAL_ENTRY_POINT_TESTS naming a test that runs the
installed console script in a fresh process on real files (see tests/entry_point.py:
`run_styra(...)`, with the `styra_home` / `demo_home` fixtures of tests/conftest.py)
and asserts on its output and exit code. A test that calls `main(argv)` inside the test
process does not count: there Django is already set up and the test database exists,
which is exactly what hid the crashes of issue 8.

HOW TO ADD A COMMAND (or make one of AWAITING real):
1. Write the test, e.g. tests/cli/test_<module>.py or beside the feature's tests, using
   `run_styra("ledger", "import", ..., home=demo_home)`; assert stdout/stderr and the
   exit code. The test's module must pass the command's words as string literals.
2. Add `"ledger import": "tests/…/test_x.py::test_name"` to REAL_ENTRY_POINT_TESTS.
3. Remove the command from AWAITING if it was there. An AWAITING entry that is no
   longer a command fails this test: the list only shrinks.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pytest

from styra.cli.main import build_parser
from tests.paths import REPO_ROOT

REAL_ENTRY_POINT_TESTS: dict[str, str] = {
    "demo": "tests/demo/test_cli_demo.py::test_demo_runs_end_to_end_and_is_idempotent",
    "serve": "tests/cli/test_serve.py::test_serve_answers_and_stops_on_ctrl_c",
    "plan import": "tests/cli/test_plan.py::test_export_list_and_import_as_the_acting_user",
    "plan export": "tests/cli/test_plan.py::test_export_list_and_import_as_the_acting_user",
    "plan list": "tests/cli/test_plan.py::test_export_list_and_import_as_the_acting_user",
    "sie inspect": "tests/economy/ledger/test_sie_cli.py::test_valid_file_gives_json_and_exit_0",
    "report build": "tests/cli/test_report.py::test_build_writes_the_files",
    "report check": "tests/cli/test_report.py::test_check_reports_findings_as_json",
    "report batch": "tests/cli/test_report.py::test_batch_builds_every_unit",
    "report templates": "tests/cli/test_report.py::test_templates_list_and_validate",
    "report consolidation": "tests/cli/test_report.py::test_consolidation_lists_each_units_text_in_a_fresh_process",
    "report consolidate": "tests/cli/test_report.py::test_consolidate_writes_a_section_in_a_fresh_process",
    "round list": "tests/cli/test_round.py::test_list_and_status",
    "round status": "tests/cli/test_round.py::test_list_and_status",
    "round open": "tests/cli/test_round.py::test_close_open_and_lock_as_the_controller",
    "round close": "tests/cli/test_round.py::test_close_open_and_lock_as_the_controller",
    "round lock": "tests/cli/test_round.py::test_close_open_and_lock_as_the_controller",
    "round report": "tests/cli/test_round.py::test_report_and_import_as_the_reporter",
    "round import": "tests/cli/test_round.py::test_report_and_import_as_the_reporter",
    "manage": "tests/cli/test_manage.py::test_migrate_on_a_fresh_clone_creates_the_database",
    "ledger import sie": "tests/cli/test_ledger.py::test_import_sie_again_replaces_and_a_dry_run_needs_no_user",
    "ledger import csv": "tests/cli/test_ledger.py::test_import_csv_of_another_year_and_the_table",
    "ledger import balances": "tests/cli/test_ledger.py::test_import_balances_from_csv",
    "register adjustments import": "tests/cli/test_registers.py::test_adjustments_and_records_import_and_list",
    "register adjustments list": "tests/cli/test_registers.py::test_adjustments_and_records_import_and_list",
    "register records import": "tests/cli/test_registers.py::test_adjustments_and_records_import_and_list",
    "ledger table": "tests/cli/test_ledger.py::test_import_csv_of_another_year_and_the_table",
    "ledger mapping load": "tests/cli/test_ledger.py::test_mapping_load",
    "register forecast set": "tests/cli/test_registers.py::test_forecast_set_and_list",
    "register forecast list": "tests/cli/test_registers.py::test_forecast_set_and_list",
    "register forecast import": "tests/cli/test_registers.py::test_imports_run_as_the_named_user",
    "register savings import": "tests/cli/test_registers.py::test_imports_run_as_the_named_user",
    "register savings list": "tests/cli/test_registers.py::test_savings_oaa_and_list",
    "register savings oaa": "tests/cli/test_registers.py::test_savings_oaa_and_list",
    "register savings oaa-import": "tests/cli/test_registers.py::test_imports_run_as_the_named_user",
    "register investments import": "tests/cli/test_registers.py::test_imports_run_as_the_named_user",
    "register investments list": "tests/cli/test_registers.py::test_investments_list",
    "register investment-categories load": (
        "tests/cli/test_registers.py::test_investment_categories_load_and_list"
    ),
    "register investment-categories list": (
        "tests/cli/test_registers.py::test_investment_categories_load_and_list"
    ),
    "stats list": "tests/stats/test_cli.py::test_console_script_on_the_demo",
    "stats show": "tests/stats/test_cli.py::test_console_script_on_the_demo",
    "stats import": "tests/stats/test_cli.py::test_console_script_on_the_demo",
    "stats export": "tests/cli/test_stats_and_jobs.py::test_stats_config_export_and_assess",
    "stats config load": "tests/cli/test_stats_and_jobs.py::test_stats_config_export_and_assess",
    "stats config show": "tests/cli/test_stats_and_jobs.py::test_stats_config_export_and_assess",
    "stats assess": "tests/cli/test_stats_and_jobs.py::test_stats_config_export_and_assess",
    "kolada sync": "tests/stats/test_cli.py::test_console_script_on_the_demo",
    "kolada kpi": "tests/cli/test_stats_and_jobs.py::test_kolada_kpi_from_recorded_responses",
    "job list": "tests/cli/test_stats_and_jobs.py::test_job_reports_queued_then_listed",
    "job reports": "tests/cli/test_stats_and_jobs.py::test_job_reports_queued_then_listed",
    "job import": "tests/jobs/test_worker_process.py::test_a_worker_killed_mid_import_leaves_the_ledger_as_it_was_and_the_job_is_retried",
    "job show": "tests/jobs/test_worker_process.py::test_a_worker_killed_mid_import_leaves_the_ledger_as_it_was_and_the_job_is_retried",
    "worker": "tests/jobs/test_worker_process.py::test_a_worker_killed_mid_import_leaves_the_ledger_as_it_was_and_the_job_is_retried",
    "token create": "tests/cli/test_token.py::test_create_list_and_revoke_a_token_as_its_owner",
    "token list": "tests/cli/test_token.py::test_create_list_and_revoke_a_token_as_its_owner",
    "token revoke": "tests/cli/test_token.py::test_create_list_and_revoke_a_token_as_its_owner",
    "user create": "tests/cli/test_user.py::test_create_deactivate_and_reactivate_an_account",
    "user deactivate": "tests/cli/test_user.py::test_create_deactivate_and_reactivate_an_account",
    "user reactivate": "tests/cli/test_user.py::test_create_deactivate_and_reactivate_an_account",
    "dump": "tests/backup/test_dump.py::test_dump_restore_dump_is_exact_between_sqlite_and_postgresql",
    "restore": "tests/backup/test_dump.py::test_a_broken_dump_leaves_the_empty_database_empty",
}

# Commands whose real-entry-point test is being written on another branch (empty: every
# command has one).
AWAITING: dict[str, str] = {}


def leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every runnable subcommand, as the words a user types after `styra`."""
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        return [" ".join(prefix)] if prefix else []
    found: list[str] = []
    for group in groups:
        for name, sub in group.choices.items():
            found += leaf_commands(sub, (*prefix, name))
    return found


def test_the_walk_finds_nested_commands():
    commands = leaf_commands(build_parser())
    assert {"plan import", "round lock", "manage", "serve"} <= set(commands)
    assert "plan" not in commands and "round" not in commands


def test_every_command_has_a_real_entry_point_test():
    commands = set(leaf_commands(build_parser()))
    missing = sorted(commands - set(REAL_ENTRY_POINT_TESTS) - set(AWAITING))
    assert missing == [], (
        f"no real-entry-point test for: {', '.join(missing)} (see this file's docstring)"
    )
    assert sorted(set(REAL_ENTRY_POINT_TESTS) - commands) == [], "entries for no command"
    assert sorted(set(AWAITING) - commands) == [], "AWAITING names a command that is gone"
    assert sorted(set(AWAITING) & set(REAL_ENTRY_POINT_TESTS)) == [], "tested: drop from AWAITING"


def _uses_a_fresh_process(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "subprocess" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "tests.entry_point":
            return True
    return False


@pytest.mark.parametrize("command", sorted(REAL_ENTRY_POINT_TESTS))
def test_the_named_test_exists_and_runs_the_command_in_a_fresh_process(command):
    path, name = REAL_ENTRY_POINT_TESTS[command].split("::")
    source = Path(REPO_ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert name in functions, f"{path} has no {name}"
    assert _uses_a_fresh_process(tree), f"{path} runs no fresh process (run_styra/subprocess)"
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert set(command.split()) <= literals, f"{path} never passes {command.split()}"
