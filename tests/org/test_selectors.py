"""The organisation's name: one source for the web header and every report."""

from datetime import date

from styra.org.selectors import organisation_name


def test_the_top_unit_names_the_organisation(builder):
    assert organisation_name(date(2026, 1, 1)) == ""
    region = builder.unit("REG", "Region Exempel", type_code="region")
    builder.unit("RS", "Regionstyrelsen", parent=region)
    assert organisation_name(date(2026, 1, 1)) == "Region Exempel"
    assert organisation_name(date(2019, 12, 31)) == ""  # before the tree existed


def test_the_setting_overrides_the_tree(builder, settings):
    builder.unit("REG", "Region Exempel", type_code="region")
    settings.STYRA_ORGANISATION_NAME = "Region Norr"
    assert organisation_name(date(2026, 1, 1)) == "Region Norr"
