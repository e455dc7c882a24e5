"""Login sessions, one-time invitations and login throttling."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class AuthSession(SQLModel, table=True):
    """A login. Only the SHA-256 of its token is stored.

    A row starts as a one-minute login ticket (live=False); the HTTP endpoint swaps the ticket for
    the real cookie token, so the token itself never passes through JavaScript.
    """

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    live: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    # The browser's User-Agent when the ticket became a cookie, so "Mine logins" can name the device.
    user_agent: str = Field(default="", max_length=300)


class Invitation(SQLModel, table=True):
    """A single-use activation code for a user who must choose a password."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    purpose: str = Field(max_length=20)  # "activate" or "reset"
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    # Someone other than the code's maker confirmed that the person set up their own access
    # (the two-person rule for contact persons, domain/account_codes.py).
    confirmed_by_id: int | None = Field(default=None, foreign_key="user.id")
    confirmed_at: datetime | None = None
    withdrawn_at: datetime | None = None  # the citizen removed the person before the code was used


class LoginThrottle(SQLModel, table=True):
    """Failed logins per typed user name, known or not, so that a wait reveals nothing."""

    __tablename__ = "login_throttle"

    username: str = Field(primary_key=True, max_length=60)
    failures: int = 0
    locked_until: datetime | None = None


class LoginAddressThrottle(SQLModel, table=True):
    """Failed logins per client address (an IPv6 address by its /64), whatever user names were typed, so
    that made-up names from one place cannot keep the password hashing busy."""

    __tablename__ = "login_address_throttle"

    address: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    counting_since: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None
