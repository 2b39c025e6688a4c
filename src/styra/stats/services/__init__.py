"""The write paths of statistics: configuration, values (files, Kolada), indicator links."""

from .config import ConfigResult, stats_config_load
from .imports import ImportResult, stat_values_import, stat_values_write

__all__ = [
    "ConfigResult",
    "ImportResult",
    "stat_values_import",
    "stat_values_write",
    "stats_config_load",
]
