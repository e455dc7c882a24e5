"""Who is acting: what the policy needs to know about a logged-in person, loaded once per event."""

from dataclasses import dataclass, field

from citizenplan.domain.vocabulary import Role


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: Role
    display_name: str
    locale: str = "da"
    easy_read: bool = False  # "Let at læse": her choice, kept on her user
    unit_id: int | None = None
    # contact person: the citizens assigned now; relative: the citizens whose grant is live now
    citizen_ids: frozenset[int] = field(default_factory=frozenset)
    # relative: the citizens who let this relative comment
    may_comment_for: frozenset[int] = field(default_factory=frozenset)
    # manager: the units they lead
    managed_unit_ids: frozenset[int] = field(default_factory=frozenset)
