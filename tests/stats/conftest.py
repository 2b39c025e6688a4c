"""A small region with statistics: the standard configuration and a controller."""

from types import SimpleNamespace

import pytest

from styra.stats.config import STANDARD_CONFIG
from styra.stats.services import stats_config_load


@pytest.fixture
def region(builder):
    reg = builder.unit("REG", "Region Test", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=reg)
    hr = builder.unit("RS-HR", "HR-avdelningen", parent=rs)
    dig = builder.unit("RS-DIG", "Digitalisering och service", parent=rs)
    hsn = builder.unit("HSN", "Hälso- och sjukvårdsnämnden", parent=reg)
    clinic_a = builder.unit("HSN-A", "Klinik A", parent=hsn)
    clinic_b = builder.unit("HSN-B", "Klinik B", parent=hsn)
    controller = builder.user("carl", (reg, "controller"))
    hr_controller = builder.user("hanna", (hr, "controller"))
    reader = builder.user("rut", (reg, "reader"))
    stats_config_load(path=STANDARD_CONFIG, user=controller)
    return SimpleNamespace(
        reg=reg,
        rs=rs,
        hr=hr,
        dig=dig,
        hsn=hsn,
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        controller=controller,
        hr_controller=hr_controller,
        reader=reader,
    )


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path
