"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from citizenplan.models.audit import AuditEvent
from citizenplan.models.auth import AuthSession, Invitation, LoginThrottle
from citizenplan.models.conversation import Conversation, ConversationAnswer
from citizenplan.models.people import ContactAssignment, ManagedUnit, RelativeGrant, Unit, User
from citizenplan.models.sharing import Comment, RewordingProposal, SharedSnapshot, ShareEvent
from citizenplan.models.workbook import ItemVersion, WorkbookItem

__all__ = [
    "AuditEvent",
    "AuthSession",
    "Comment",
    "ContactAssignment",
    "Conversation",
    "ConversationAnswer",
    "Invitation",
    "ItemVersion",
    "LoginThrottle",
    "ManagedUnit",
    "RelativeGrant",
    "RewordingProposal",
    "ShareEvent",
    "SharedSnapshot",
    "Unit",
    "User",
    "WorkbookItem",
]
