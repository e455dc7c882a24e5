"""Units, users and who is linked to whom."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from citizenplan.clock import utcnow


class Unit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    service_area: str = Field(max_length=40, index=True)  # values of domain.vocabulary.ServiceArea


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str | None = Field(default=None, max_length=60, unique=True, index=True)
    display_name: str = Field(max_length=200)
    role: str = Field(max_length=20, index=True)  # values of domain.vocabulary.Role
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    locale: str = Field(default="da", max_length=5)
    # "Let at læse" (issue 21): larger text and a picture for each life area, chosen by her and kept here,
    # so it follows her to every device.
    easy_read: bool = Field(default=False)
    password_hash: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    activated_at: datetime | None = None
    # The municipality's identifier for the citizen ("system|value", a Patient.identifier in FHIR): an import
    # of the municipality's handleplan is taken only when its Patient carries this (domain/fhir/importing.py).
    municipal_ref: str | None = Field(default=None, max_length=300, unique=True, index=True)


class ManagedUnit(SQLModel, table=True):
    """A manager leads one or more units."""

    __tablename__ = "managed_unit"

    manager_id: int = Field(foreign_key="user.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


class ContactAssignment(SQLModel, table=True):
    """A contact person follows a citizen from started_at until ended_at."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    contact_person_id: int = Field(foreign_key="user.id", index=True)
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class RelativeGrant(SQLModel, table=True):
    """A relative's access to one citizen, as the citizen granted it."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="user.id", index=True)
    relative_id: int = Field(foreign_key="user.id", index=True)
    relation: str = Field(default="", max_length=100)
    can_comment: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    duration: str | None = Field(default=None, max_length=10)  # the citizen's last choice; None: not known
    ended_at: datetime | None = None
