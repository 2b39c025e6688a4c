"""Files that jobs read and write, in Django's default storage.

An upload is copied into storage before its job is queued, so that the worker (on this
machine or another) reads the same bytes; a job's output goes to storage too, which is
a directory on one machine and S3-compatible storage with django-storages on several
(docs/scaling.md). A file is stored whole or not at all: it is written to a temporary
file first and handed to storage only when complete.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage


def store_upload(source: Path, *, name: str | None = None) -> str:
    """Copy `source` into storage under jobs/uploads/; returns the storage name.

    As `store_output`: a copy that does not complete (a full disk) is removed again, so
    no half file is left for a job to read.
    """
    target = f"jobs/uploads/{uuid.uuid4().hex}/{name or source.name}"
    try:
        with open(source, "rb") as handle:
            return default_storage.save(target, File(handle))
    except BaseException:
        default_storage.delete(target)
        raise


@contextlib.contextmanager
def local_copy(name: str) -> Iterator[Path]:
    """A path on this machine to the stored file `name` (the file itself on disk storage)."""
    try:
        yield Path(default_storage.path(name))
        return
    except NotImplementedError:
        pass  # remote storage: fetch a copy
    with tempfile.TemporaryDirectory(prefix="styra-job-") as tmp:
        path = Path(tmp) / Path(name).name
        with default_storage.open(name, "rb") as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        yield path


def store_output(source: Path, *, job_id: int, name: str) -> str:
    """Put a finished output file into storage under jobs/<id>/; returns the storage name.

    Storage writes in place (Django's FileSystemStorage leaves what it wrote when the
    disk fills up half-way), so a failed copy is removed here: the name is chosen
    first, and deleted again if the copy does not complete.
    """
    target = default_storage.get_available_name(f"jobs/{job_id}/{name}")
    try:
        with open(source, "rb") as handle:
            return default_storage.save(target, File(handle))
    except BaseException:
        default_storage.delete(target)
        raise


def delete_stored(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
