"""Styra: planning, follow-up and reporting for Swedish regions and municipalities."""

__version__ = "0.1.0"
