"""Builders: (template, round, unit) → `Document`, from data only."""

from .document import document_build, plan_document_build

__all__ = ["document_build", "plan_document_build"]
