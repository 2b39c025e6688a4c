"""Writes of the planning data: one function per write, taking the acting user.

Every function checks permission and state, changes the data and records history in
one transaction; the web, the CLI, the planning-file import and the demo call these.
"""

from .budget import (
    BudgetFeed,
    budget_adopt,
    budget_line_type_save,
    budget_save,
    frame_change_delete,
    frame_change_save,
    frame_delete,
    frame_group_save,
    frame_save,
)
from .calendar import (
    MeetingItemInput,
    follow_up_areas_set,
    meeting_delete,
    meeting_save,
    plan_text_save,
)
from .inspel import inspel_need_delete, inspel_need_save, inspel_round_create
from .internal_control import (
    control_follow_up_save,
    control_process_save,
    control_risk_save,
    control_save,
    internal_control_plan_adopt,
    internal_control_plan_save,
    risk_scale_save,
)
from .investments import (
    investment_decision_delete,
    investment_decision_save,
    investment_plan_decide,
    investment_plan_follow_up,
    investment_plan_save,
    investment_request_decide,
    investment_request_delete,
    investment_request_renew,
    investment_request_save,
)

__all__ = [
    "BudgetFeed",
    "MeetingItemInput",
    "budget_adopt",
    "budget_line_type_save",
    "budget_save",
    "control_follow_up_save",
    "control_process_save",
    "control_risk_save",
    "control_save",
    "follow_up_areas_set",
    "frame_change_delete",
    "frame_change_save",
    "frame_delete",
    "frame_group_save",
    "frame_save",
    "inspel_need_delete",
    "inspel_need_save",
    "inspel_round_create",
    "internal_control_plan_adopt",
    "internal_control_plan_save",
    "investment_decision_delete",
    "investment_decision_save",
    "investment_plan_decide",
    "investment_plan_follow_up",
    "investment_plan_save",
    "investment_request_decide",
    "investment_request_delete",
    "investment_request_renew",
    "investment_request_save",
    "meeting_delete",
    "meeting_save",
    "plan_text_save",
    "risk_scale_save",
]
