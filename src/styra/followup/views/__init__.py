"""Views of the reporting workflow; each parses the request, calls a service or selector, renders."""

from .reporting import item_history, item_report
from .rounds import round_action, round_list, round_overview
from .tasks import my_tasks, notification_read, notifications, notifications_read_all
from .unit_reports import (
    section_draft,
    section_text,
    unit_report,
    unit_report_action,
    unit_review,
)

__all__ = [
    "item_history",
    "item_report",
    "my_tasks",
    "notification_read",
    "notifications",
    "notifications_read_all",
    "round_action",
    "round_list",
    "round_overview",
    "section_draft",
    "section_text",
    "unit_report",
    "unit_report_action",
    "unit_review",
]
