"""The demo region "Region Exempel": YAML files in `data/` and the code that loads them."""

from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    """The demo's data files (plans, organisation, rounds, registers, statistics)."""
    return Path(str(resources.files("styra.demo").joinpath("data")))
