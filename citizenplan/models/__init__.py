"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from citizenplan.models.audit import AuditEvent
from citizenplan.models.auth import AuthSession, Invitation, LoginAddressThrottle, LoginThrottle
from citizenplan.models.conversation import Conversation, ConversationAnswer
from citizenplan.models.follow_up import (
    CaseView,
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    MunicipalGoal,
    PlanFrame,
)
from citizenplan.models.people import ContactAssignment, ManagedUnit, RelativeGrant, Unit, User
from citizenplan.models.provider_plan import OtherActor, SubGoal, SubGoalAnswer, SubGoalAssessment, UnmetNeed
from citizenplan.models.report import ReportGoalFact, ReportPlanFact
from citizenplan.models.sharing import Comment, RewordingProposal, SharedSnapshot, ShareEvent
from citizenplan.models.workbook import ItemVersion, WorkbookItem

__all__ = [
    "AuditEvent",
    "AuthSession",
    "CaseView",
    "Comment",
    "ContactAssignment",
    "Conversation",
    "ConversationAnswer",
    "FollowUp",
    "FollowUpRecord",
    "GoalAssessment",
    "GoalFulfilment",
    "Invitation",
    "ItemVersion",
    "LoginAddressThrottle",
    "LoginThrottle",
    "ManagedUnit",
    "MunicipalGoal",
    "OtherActor",
    "PlanFrame",
    "RelativeGrant",
    "ReportGoalFact",
    "ReportPlanFact",
    "RewordingProposal",
    "ShareEvent",
    "SharedSnapshot",
    "SubGoal",
    "SubGoalAnswer",
    "SubGoalAssessment",
    "Unit",
    "UnmetNeed",
    "User",
    "WorkbookItem",
]
