"""Writing and reading a dump (see the package doc); `dump_write` and `dump_restore`."""

from __future__ import annotations

import datetime
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

FORMAT = "styra-dump"
VERSION = 1
CHUNK = 2000

# What a dump leaves out: Django's own bookkeeping (rebuilt by migrate), sessions,
# login-throttling records, background jobs and their task rows (they belong to the
# running installation, not to the organisation's data).
EXCLUDED_APPS = {"admin", "contenttypes", "sessions", "django_tasks_database", "jobs", "axes"}
EXCLUDED_MODELS = {"auth.permission"}
# Configuration a migration creates in every new database (economy 0003: the T1 2026
# investment categories). A freshly migrated database holds these rows and still counts
# as empty; a restore replaces them with the dump's, in its transaction.
SEEDED_MODELS = {"economy.investmentcategory", "economy.historicalinvestmentcategory"}


class DumpError(Exception):
    """A dump that cannot be restored here; the message says why (Swedish)."""


@dataclass
class DumpSummary:
    counts: dict[str, int] = field(default_factory=dict)
    templates: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def dumped_models() -> list[type[models.Model]]:
    """Every model of the organisation's data, each after the models it refers to."""
    chosen = [
        model
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED_APPS
        for model in config.get_models()
        if model._meta.label_lower not in EXCLUDED_MODELS and not model._meta.proxy
    ]
    ordered = serializers.sort_dependencies([(None, chosen)], allow_cycles=True)
    return [m for m in ordered if m in chosen]


def _template_dirs() -> list[Path]:
    return [Path(d) for d in settings.STYRA_REPORT_TEMPLATE_DIRS]


def _records() -> Iterator[dict[str, Any]]:
    for model in dumped_models():
        queryset = model._default_manager.order_by("pk")
        for obj in queryset.iterator(chunk_size=CHUNK):
            (record,) = serializers.serialize(
                "python", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=False
            )
            yield record
    for directory in _template_dirs():
        for path in sorted(directory.glob("*.yaml")):
            yield {"template": path.name, "content": path.read_text(encoding="utf-8")}


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's cuts them to
    milliseconds, so a history row saved at .000412 would come back as a different time)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _line(record: dict[str, Any]) -> str:
    # Sorted keys: PostgreSQL's jsonb keeps keys in its own order, SQLite in the
    # order written; sorting makes both dumps of the same data the same bytes.
    return json.dumps(record, cls=_Encoder, sort_keys=True, ensure_ascii=False)


def dump_write(*, path: Path) -> DumpSummary:
    """Write the organisation's data to `path` (gzip'd JSON lines); a file is whole or absent."""
    summary = DumpSummary()
    partial = path.with_name(path.name + ".partial")
    with transaction.atomic():  # one consistent snapshot on PostgreSQL
        with gzip.open(partial, "wt", encoding="utf-8") as out:
            out.write(_line({"format": FORMAT, "version": VERSION}) + "\n")
            for record in _records():
                out.write(_line(record) + "\n")
                if "template" in record:
                    summary.templates.append(record["template"])
                else:
                    summary.counts[record["model"]] = summary.counts.get(record["model"], 0) + 1
    partial.replace(path)
    return summary


def _read(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            first = json.loads(handle.readline() or "{}")
            if first.get("format") != FORMAT:
                raise DumpError(_("%(file)s är ingen Styra-dump.") % {"file": path.name})
            if first.get("version") != VERSION:
                raise DumpError(
                    _("%(file)s har version %(v)s; den här Styra läser version %(ours)s.")
                    % {"file": path.name, "v": first.get("version"), "ours": VERSION}
                )
            for number, line in enumerate(handle, start=2):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DumpError(
                        _("%(file)s:%(line)s: trasig rad (%(error)s).")
                        % {"file": path.name, "line": number, "error": exc.msg}
                    ) from exc
    except (OSError, EOFError) as exc:
        raise DumpError(
            _("%(file)s kan inte läsas: %(error)s") % {"file": path.name, "error": exc}
        ) from exc


def _not_empty() -> list[str]:
    return [
        model._meta.label
        for model in dumped_models()
        if model._meta.label_lower != "auth.group"
        and model._meta.label_lower not in SEEDED_MODELS
        and model._default_manager.exists()
    ]


def _seeded_clear() -> None:
    """Remove what the migrations created (`SEEDED_MODELS`): the dump brings its own.
    The history goes last: deleting a row writes a history row of the deletion."""
    seeded = [m for m in dumped_models() if m._meta.label_lower in SEEDED_MODELS]
    for model in sorted(
        seeded, key=lambda m: m._meta.label_lower.split(".")[1].startswith("historical")
    ):
        model._default_manager.all().delete()


def _needs_raw_save(model: type[models.Model]) -> bool:
    """bulk_create would stamp auto_now fields with today; a raw save keeps the dump's."""
    return any(
        getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        for f in model._meta.concrete_fields
    )


def _flush(batch: list[Any], summary: DumpSummary) -> None:
    if not batch:
        return
    model = type(batch[0].object)
    if _needs_raw_save(model) or any(obj.m2m_data for obj in batch):
        for obj in batch:
            # Setting a restored row's many-to-many (a plan item's co-owners) would write
            # a history row of its own; the dump brings the history as it was.
            setattr(obj.object, "skip_history_when_saving", True)  # noqa: B010 - simple-history's name
            obj.save()
    else:
        model._default_manager.bulk_create([obj.object for obj in batch], batch_size=CHUNK)
    summary.counts[model._meta.label_lower] = summary.counts.get(model._meta.label_lower, 0) + len(
        batch
    )
    batch.clear()


def dump_restore(*, path: Path, template_dir: Path | None = None) -> DumpSummary:
    """Read a dump into this database, which must hold no organisation data yet (what
    the migrations create, `SEEDED_MODELS`, is replaced by the dump's).

    All or nothing: the data is written in one transaction, so a broken file or a
    refused row leaves the database empty as it was. Sequences are moved past the
    restored ids (PostgreSQL), so new rows get new ids.
    """
    found = _not_empty()
    if found:
        raise DumpError(
            _("Databasen har redan data (%(models)s); återläs bara till en tom, migrerad databas.")
            % {"models": ", ".join(found[:5])}
        )
    summary = DumpSummary()
    templates: list[dict[str, str]] = []
    restored: set[type[models.Model]] = set()
    with transaction.atomic():
        _seeded_clear()
        batch: list[Any] = []
        deferred: list[Any] = []
        records = (r for r in _read(path))
        objects = serializers.deserialize(
            "python", _objects_only(records, templates), handle_forward_references=True
        )
        for obj in objects:
            if batch and type(obj.object) is not type(batch[0].object):
                _flush(batch, summary)
            restored.add(type(obj.object))
            batch.append(obj)
            if obj.deferred_fields:
                deferred.append(obj)
        _flush(batch, summary)
        # References to rows that came later in the file (a history row's user, when
        # the history's model sorts before the users) are set now that every row is in.
        for obj in deferred:
            obj.save_deferred_fields()
        sql = connection.ops.sequence_reset_sql(no_style(), list(restored))
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
    if templates:
        target = template_dir or next(iter(_template_dirs()), None)
        if target is None:
            raise DumpError(
                _(
                    "Dumpen har egna rapportmallar men STYRA_REPORT_TEMPLATE_DIRS är inte satt; "
                    "datan är återläst, mallarna inte."
                )
            )
        target.mkdir(parents=True, exist_ok=True)
        for record in templates:
            (target / Path(record["template"]).name).write_text(record["content"], encoding="utf-8")
            summary.templates.append(record["template"])
    return summary


def _objects_only(
    records: Iterator[dict[str, Any]], templates: list[dict[str, str]]
) -> Iterator[dict[str, Any]]:
    for record in records:
        if "template" in record:
            templates.append(record)
        else:
            yield record
