"""Reads of the planning data, one module per part."""
