"""Files of jobs in storage: an upload copy that does not complete leaves nothing."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.core.files import File

from styra.jobs.files import store_upload


def test_a_full_disk_while_storing_an_upload_leaves_no_half_file(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    source = tmp_path / "huvudbok.se"
    source.write_bytes(b"#FLAGGA 0\n" * 20_000)

    def chunks_until_full(self, chunk_size=None):
        yield self.read(4096)  # the first chunk reaches the disk, then it is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(File, "chunks", chunks_until_full)
    with pytest.raises(OSError) as caught:
        store_upload(source)
    assert caught.value.errno == errno.ENOSPC
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_an_upload_is_stored_whole_under_its_name(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    source = tmp_path / "huvudbok.se"
    source.write_bytes(b"#FLAGGA 0\n" * 20_000)
    name = store_upload(source)
    assert name.startswith("jobs/uploads/") and name.endswith("/huvudbok.se")
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == source.read_bytes()
