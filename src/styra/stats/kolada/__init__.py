"""Kolada, the national database of municipal and regional key figures (API v3)."""
