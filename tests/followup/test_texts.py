"""section_text_save: permission, optimistic locking, state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.followup.models import SectionText
from styra.followup.services import ConflictError, section_text_save


def write(region, body, user=None, version=None, key="sammanfattning"):
    return section_text_save(
        round=region.round,
        unit=region.dig,
        key=key,
        title="Sammanfattning",
        body=body,
        user=user or region.anna,
        expected_version=version,
    )


def test_save_and_conflict_keeps_the_first_text(region):
    write(region, "Första", version=0)
    with pytest.raises(ConflictError) as exc:
        write(region, "Andra", version=0)
    assert exc.value.body == "Första"
    assert exc.value.updated_by == "Anna"
    assert SectionText.objects.get().body == "Första"
    assert write(region, "Tredje", version=1).version == 2


def test_other_units_reporter_cannot_write(region):
    with pytest.raises(PermissionDenied):
        write(region, "x", user=region.bertil)


def test_key_must_be_a_slug(region):
    with pytest.raises(ValidationError):
        write(region, "x", key="Not a slug")
