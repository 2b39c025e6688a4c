"""Report templates are data: YAML files that list a report's sections in order.

A template is validated against ``template_schema.json``; an error names the file and
line, like the plan importer does, so a controller can fix a region's own template
without reading code. Shipped templates live in ``templates_data/``; a region may
point ``STYRA_REPORT_TEMPLATE_DIRS`` (settings) at folders of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema
from django.utils.translation import gettext as _
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from styra.formats.yamlfile import YamlLimitError, check_yaml, read_yaml_text
from styra.planfile.schema import swedish_message

DATA_DIR = Path(__file__).parent / "templates_data"
SCHEMA_PATH = Path(__file__).parent / "template_schema.json"


class TemplateError(ValueError):
    """A template that cannot be used; `str()` is 'file:line: message'."""


@dataclass(frozen=True)
class SectionSpec:
    """One section of a template, as written (docs/report-templates.md lists every field)."""

    kind: str
    heading: str = ""
    level: int = 1
    key: str = ""
    text_key: str = ""
    intro: str = ""
    # Texts the template asks for: who writes them (unit codes or unit type codes; every
    # unit when empty), an instruction shown beside the text box, a drafted text.
    instruction: str = ""
    written_by: tuple[str, ...] = ()
    draft: str = ""
    item_kind: str = ""
    area: str = ""
    indicator: str = ""
    chart: str = ""
    comment_key: str = ""
    comment_heading: str = ""
    comment_instruction: str = ""
    comment_draft: bool = False
    caption: str = ""
    required: bool = False
    options: dict = field(default_factory=dict)
    line: int = 0  # the section's line in its file, for messages
    source: str = ""  # the template file, for messages and files next to it

    @property
    def name(self) -> str:
        """How messages name the section: its key, else its heading, else its kind."""
        return self.key or self.heading or self.kind

    def where(self) -> str:
        return f"{self.source}:{self.line}: avsnitt ”{self.name}”"


@dataclass(frozen=True)
class ReportTemplate:
    code: str
    name: str
    title: str
    subtitle: str = ""
    description: str = ""
    toc: bool = True
    sections: tuple[SectionSpec, ...] = ()
    path: str = ""
    # Which rounds use this template unless one is named: plan codes and round kinds.
    applies_to: dict = field(default_factory=dict)
    # Whose own rounds of the same period feed the report's texts (unit codes or unit
    # type codes under the report's unit, e.g. the boards and committees under the
    # region): the consolidation page shows their texts beside each text section.
    consolidates: tuple[str, ...] = ()

    def fits(self, round_) -> int:
        """How well the template fits `round_`: 0 not at all, 1 by round kind, 2 by plan,
        3 by both (plans and kinds the template lists must both match)."""
        plans = self.applies_to.get("plans") or []
        kinds = self.applies_to.get("round_kinds") or []
        if not plans and not kinds:
            return 0
        if (plans and round_.plan.code not in plans) or (kinds and round_.kind not in kinds):
            return 0
        return (2 if plans else 0) + (1 if kinds else 0)


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _line_of(node, path) -> int | None:
    """The 1-based line of the YAML node at `path` (ruamel keeps line/column)."""
    line = None
    for part in path:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        try:
            if isinstance(part, int):
                line = lc.item(part)[0] + 1
            else:
                line = lc.key(part)[0] + 1
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    if line is None and getattr(node, "lc", None) is not None:
        line = node.lc.line + 1
    return line


def _plain(node):
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def template_parse(text: str, *, source: str = "<mall>") -> ReportTemplate:
    """Parse and validate one template; raise `TemplateError` with file:line."""
    try:
        check_yaml(text)  # size, nesting and alias expansion (formats.yamlfile)
    except YamlLimitError as exc:
        raise TemplateError(f"{source}:{exc.line or 1}: {exc.message}") from None
    try:
        data = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise TemplateError(
            _("%(source)s:%(line)s: ogiltig YAML: %(problem)s")
            % {"source": source, "line": line, "problem": problem}
        ) from exc
    if not isinstance(data, dict):
        raise TemplateError(
            _("%(source)s:1: mallen måste vara en YAML-mappning") % {"source": source}
        )
    problems = _schema_problems(data, source)
    if problems:
        raise TemplateError("\n".join(problems))
    plain = _plain(data)
    sections = []
    for index, spec in enumerate(plain.pop("sections")):
        spec["written_by"] = tuple(spec.get("written_by", ()))
        line = _line_of(data, ["sections", index]) or 1
        sections.append(SectionSpec(**spec, line=line, source=source))
    problems = _semantic_problems(sections)
    if problems:
        raise TemplateError("\n".join(problems))
    plain["consolidates"] = tuple(plain.get("consolidates", ()))
    return ReportTemplate(sections=tuple(sections), path=source, **plain)


def _section_label(data, index: int) -> str:
    """'avsnitt 3 ”sammanfattning”': the 1-based number and the key (or heading, kind)."""
    try:
        section = data["sections"][index]
        name = section.get("key") or section.get("heading") or section.get("kind") or ""
    except (KeyError, IndexError, TypeError, AttributeError):
        name = ""
    label = _("avsnitt %(n)s") % {"n": index + 1}
    return f"{label} ”{name}”" if name else label


def _schema_problems(data, source: str) -> list[str]:
    """Every schema failure as 'file:line: avsnitt N ”key”: field: Swedish message'."""
    validator = jsonschema.Draft202012Validator(_schema())
    found: dict[tuple, str] = {}
    for error in validator.iter_errors(_plain(data)):
        for leaf in _leaves(error):
            path = list(leaf.absolute_path)
            line = _line_of(data, path) or 1
            where = []
            rest = path
            if len(path) >= 2 and path[0] == "sections" and isinstance(path[1], int):
                where.append(_section_label(data, path[1]))
                rest = path[2:]
            if rest:
                where.append("/".join(str(p) for p in rest))
            place = ": ".join(where) or _("mallen")
            found.setdefault((line, place), f"{source}:{line}: {place}: {swedish_message(leaf)}")
    return [found[key] for key in sorted(found)]


def _leaves(error):
    """The most specific failures: `if/then` and `$ref` wrap the real ones."""
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def _semantic_problems(sections: list[SectionSpec]) -> list[str]:
    """What the schema cannot say: keys used twice, area comments without {area_code}."""
    problems = []
    seen: dict[str, SectionSpec] = {}
    for spec in sections:
        if spec.key and spec.key in seen:
            problems.append(
                _("%(where)s: nyckeln används redan av avsnittet på rad %(line)s")
                % {"where": spec.where(), "line": seen[spec.key].line}
            )
        if spec.key:
            seen.setdefault(spec.key, spec)
        if spec.kind == "goal_areas" and spec.comment_key and not spec.area:
            if "{area_code}" not in spec.comment_key:
                problems.append(
                    _(
                        "%(where)s: comment_key måste innehålla {area_code} så att varje "
                        "område får en egen text"
                    )
                    % {"where": spec.where()}
                )
    return problems


#: Parsed templates by file: (modification time, size, template). Finding a round's
#: template reads every template, and a consolidated report asks once per board;
#: parsing them each time was most of a delårsrapport's build (bench/report_bench.py).
_PARSED: dict[str, tuple[int, int, ReportTemplate]] = {}


def template_load(path: Path | str) -> ReportTemplate:
    """The template in the file at `path`, parsed again only when the file changed."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        stat = None  # read_yaml_text below says why in Swedish
    key = str(path.resolve())
    if stat is not None:
        cached = _PARSED.get(key)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
    template = _template_read(path)
    if stat is not None:
        _PARSED[key] = (stat.st_mtime_ns, stat.st_size, template)
    return template


def _template_read(path: Path) -> ReportTemplate:
    try:
        text = read_yaml_text(path)
    except YamlLimitError as exc:
        raise TemplateError(f"{path}:1: {exc.message}") from None
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}:1: filen är inte kodad i UTF-8") from exc
    except OSError as exc:
        raise TemplateError(
            _("%(source)s:1: kan inte läsas: %(reason)s") % {"source": path, "reason": exc.strerror}
        ) from exc
    return template_parse(text, source=str(path))


def template_dirs() -> list[Path]:
    from django.conf import settings

    extra = [Path(p) for p in settings.STYRA_REPORT_TEMPLATE_DIRS]
    return [*extra, DATA_DIR]


def template_list() -> list[ReportTemplate]:
    """All templates by code; a region's own folder wins over a shipped one."""
    found: dict[str, ReportTemplate] = {}
    for directory in reversed(template_dirs()):
        for path in sorted(directory.glob("*.yaml")):
            template = template_load(path)
            found[template.code] = template
    return sorted(found.values(), key=lambda t: t.code)


def template_get(code_or_path: str) -> ReportTemplate:
    if code_or_path.endswith((".yaml", ".yml")) or "/" in code_or_path:
        return template_load(code_or_path)
    for template in template_list():
        if template.code == code_or_path:
            return template
    raise TemplateError(
        _("%(code)s:1: det finns ingen rapportmall med koden %(code)s") % {"code": code_or_path}
    )


def template_for_round(round_) -> ReportTemplate:
    """The template a round's report uses unless one is named: the template whose
    `applies_to` fits the round best (its plan and kind), else STYRA_DEFAULT_REPORT_TEMPLATE."""
    from django.conf import settings

    fitting = [(t.fits(round_), t) for t in template_list()]
    fitting = [(score, t) for score, t in fitting if score]
    if fitting:
        best = max(score for score, _t in fitting)
        return next(t for score, t in fitting if score == best)
    return template_get(settings.STYRA_DEFAULT_REPORT_TEMPLATE)
