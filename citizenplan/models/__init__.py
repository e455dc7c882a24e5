"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from citizenplan.models.audit import AuditEvent
from citizenplan.models.auth import AuthSession, Invitation, LoginThrottle
from citizenplan.models.people import ContactAssignment, ManagedUnit, RelativeGrant, Unit, User

__all__ = [
    "AuditEvent",
    "AuthSession",
    "ContactAssignment",
    "Invitation",
    "LoginThrottle",
    "ManagedUnit",
    "RelativeGrant",
    "Unit",
    "User",
]
