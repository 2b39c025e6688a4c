"""One problem vocabulary for every import: tables name a column, structured files a field."""

from styra.formats.problems import ImportFailed, ImportProblem


def test_a_table_names_row_and_column():
    problem = ImportProblem("prognoser.csv", 3, "belopp", "”tre” är inget tal")
    assert str(problem) == "prognoser.csv, rad 3, kolumn belopp: ”tre” är inget tal"
    assert str(ImportProblem("p.csv", 4, "", "raden är tom")) == "p.csv, rad 4: raden är tom"


def test_a_structured_file_names_line_and_field_path():
    problem = ImportProblem("plan.yaml", 42, "", "okänd nivå x", field="items[3].level")
    assert str(problem) == "plan.yaml:42: items[3].level: okänd nivå x"
    assert str(ImportProblem("plan.yaml", None, "", "filen finns inte")) == (
        "plan.yaml: filen finns inte"
    )


def test_failed_summary_is_the_first_problem_and_how_many_more():
    failed = ImportFailed(
        [
            ImportProblem("a.yaml", 1, "", "ett", field="x"),
            ImportProblem("a.yaml", 2, "", "två", field="y"),
            ImportProblem("a.yaml", 3, "", "tre", field="z"),
        ]
    )
    assert failed.summary() == "a.yaml:1: x: ett (och 2 fel till)"
    assert str(failed).splitlines() == ["a.yaml:1: x: ett", "a.yaml:2: y: två", "a.yaml:3: z: tre"]
