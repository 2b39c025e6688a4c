"""Writes of the follow-up workflow. Every path (web, HTMX, admin, CLI, import) uses these."""

from .assessments import ValueInput, assessment_save
from .errors import ConflictError, RoundLockedError
from .guards import ensure_report_editable, ensure_round_editable
from .imports import assessments_import
from .notifications import notification_mark_read, notify
from .plan_items import (
    ensure_plan_items_editable,
    item_deletion_refusal,
    plan_item_create,
    plan_item_delete,
    plan_item_move,
    plan_item_update,
    target_create,
    target_delete,
    target_update,
)
from .rounds import (
    ROUND_TRANSITIONS,
    round_action_to,
    round_change_state,
    round_close,
    round_create,
    round_delete,
    round_lock,
    round_open,
    round_update,
)
from .scales import (
    can_manage_scale,
    ensure_scale_editable,
    scale_plans,
    status_level_create,
    status_level_delete,
    status_level_refusal,
    status_level_update,
    status_scale_update,
)
from .texts import section_text_consolidate, section_text_save
from .unit_reports import (
    TRANSITIONS,
    allowed_actions,
    unit_report_approve,
    unit_report_return,
    unit_report_submit,
)

__all__ = [
    "ROUND_TRANSITIONS",
    "TRANSITIONS",
    "ConflictError",
    "RoundLockedError",
    "ValueInput",
    "allowed_actions",
    "can_manage_scale",
    "assessment_save",
    "assessments_import",
    "ensure_plan_items_editable",
    "ensure_report_editable",
    "ensure_scale_editable",
    "ensure_round_editable",
    "notification_mark_read",
    "notify",
    "item_deletion_refusal",
    "plan_item_create",
    "plan_item_delete",
    "plan_item_move",
    "plan_item_update",
    "round_action_to",
    "round_change_state",
    "round_close",
    "round_create",
    "round_delete",
    "round_lock",
    "round_open",
    "round_update",
    "scale_plans",
    "section_text_consolidate",
    "section_text_save",
    "status_level_create",
    "status_level_delete",
    "status_level_refusal",
    "status_level_update",
    "status_scale_update",
    "target_create",
    "target_delete",
    "target_update",
    "unit_report_approve",
    "unit_report_return",
    "unit_report_submit",
]
