"""Who may do what: the one place where access is decided (DESIGN section 1).

`can` is pure and cheap; `authorize` asks it, writes the audit log, and raises on a refusal.
Every domain function that reads or writes a person's data calls `authorize` first.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import insert
from sqlmodel import Session

from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.models import AuditEvent


class Action(StrEnum):
    # the citizen's own workbook
    READ_DRAFT = "read_draft"
    WRITE_ITEM = "write_item"
    SHARE_ITEM = "share_item"
    ANSWER_PROPOSAL = "answer_proposal"
    READ_ACCESS_LOG = "read_access_log"
    MANAGE_RELATIVES = "manage_relatives"
    EXPORT_OR_ERASE = "export_or_erase"
    # what the citizen shared
    READ_SHARED = "read_shared"
    COMMENT = "comment"
    PROPOSE_REWORDING = "propose_rewording"
    # follow-up, the professional's side
    READ_FOLLOW_UP = "read_follow_up"
    RECORD_FRAME = "record_frame"
    RECORD_FOLLOW_UP = "record_follow_up"
    PRINT_PLAN = "print_plan"
    EXPORT_PLAN = "export_plan"  # the shared plan downloaded as FHIR, to hand on to another system
    # people and units
    VIEW_CITIZEN = "view_citizen"
    CREATE_CITIZEN = "create_citizen"
    RESET_CITIZEN_PASSWORD = "reset_citizen_password"  # noqa: S105 - an action name
    INVITE_CONTACT_PERSON = "invite_contact_person"
    RESET_CONTACT_PASSWORD = "reset_contact_password"  # noqa: S105 - an action name
    ASSIGN_CONTACT_PERSON = "assign_contact_person"
    READ_UNIT_REPORT = "read_unit_report"
    # codes: who set up whose access (names and dates, never a plan's content)
    OVERSEE_CODES = "oversee_codes"
    CONFIRM_ACCOUNT = "confirm_account"  # a colleague: this contact person set up their own access
    # one's own account: whoever set it up again with a code (everyone is told; no silent takeover)
    READ_OWN_ACCOUNT = "read_own_account"


@dataclass(frozen=True)
class Target:
    """What an action is done to.

    citizen_id: whose data it is. unit_id: the unit it belongs to. audience: who the citizen shared
    the approved version with (empty: private). user_id: a staff account, for actions on accounts.
    """

    kind: str
    citizen_id: int | None = None
    unit_id: int | None = None
    audience: frozenset[Audience] = field(default_factory=frozenset)
    user_id: int | None = None
    item_id: int | None = None  # a workbook item, so the access log can say which
    snapshot_id: int | None = None  # the approved copy a reader is shown, so the log can say what they saw


OWNER_ACTIONS = frozenset({
    Action.READ_DRAFT, Action.WRITE_ITEM, Action.SHARE_ITEM, Action.ANSWER_PROPOSAL,
    Action.READ_ACCESS_LOG, Action.MANAGE_RELATIVES, Action.EXPORT_OR_ERASE,
    Action.READ_SHARED, Action.COMMENT, Action.READ_FOLLOW_UP, Action.PRINT_PLAN,
    Action.VIEW_CITIZEN,
})
CONTACT_SHARED_ACTIONS = frozenset({Action.READ_SHARED, Action.COMMENT, Action.PROPOSE_REWORDING})
CONTACT_CASE_ACTIONS = frozenset({
    Action.READ_FOLLOW_UP, Action.RECORD_FRAME, Action.RECORD_FOLLOW_UP, Action.PRINT_PLAN, Action.EXPORT_PLAN,
    Action.VIEW_CITIZEN, Action.RESET_CITIZEN_PASSWORD,
})
# Reading another person's content: logged even when allowed ("Hvem har set min plan").
CONTENT_READS = frozenset({Action.READ_SHARED, Action.READ_FOLLOW_UP, Action.PRINT_PLAN, Action.EXPORT_PLAN})


def own_account(actor: Actor) -> Target:
    return Target(kind="account", user_id=actor.user_id)


def can(actor: Actor, action: Action, target: Target) -> bool:
    if action is Action.READ_OWN_ACCOUNT:
        return target.kind == "account" and target.user_id == actor.user_id and target.citizen_id is None
    if actor.role is Role.CITIZEN:
        return target.citizen_id == actor.user_id and action in OWNER_ACTIONS
    if actor.role is Role.CONTACT_PERSON:
        return _contact_person_can(actor, action, target)
    if actor.role is Role.RELATIVE:
        return _relative_can(actor, action, target)
    if actor.role is Role.MANAGER:
        return _manager_can(actor, action, target)
    return False


def _contact_person_can(actor: Actor, action: Action, target: Target) -> bool:
    if action is Action.CREATE_CITIZEN:
        return target.citizen_id is None and actor.unit_id is not None and target.unit_id == actor.unit_id
    if action is Action.CONFIRM_ACCOUNT:  # a colleague in the same unit, never themselves
        return (target.citizen_id is None and target.user_id not in (None, actor.user_id)
                and actor.unit_id is not None and target.unit_id == actor.unit_id)
    if target.citizen_id is None or target.citizen_id not in actor.citizen_ids:
        return False
    if action in CONTACT_SHARED_ACTIONS:
        return Audience.CONTACT_PERSON in target.audience
    return action in CONTACT_CASE_ACTIONS


def _relative_can(actor: Actor, action: Action, target: Target) -> bool:
    if target.citizen_id is None or target.citizen_id not in actor.citizen_ids:
        return False
    if action is Action.VIEW_CITIZEN:
        return True
    shared_with_me = Audience.RELATIVE in target.audience
    if action is Action.READ_SHARED:
        return shared_with_me
    if action is Action.COMMENT:
        return shared_with_me and target.citizen_id in actor.may_comment_for
    return False


def _manager_can(actor: Actor, action: Action, target: Target) -> bool:
    in_my_unit = target.unit_id is not None and target.unit_id in actor.managed_unit_ids
    if action in (Action.READ_UNIT_REPORT, Action.INVITE_CONTACT_PERSON, Action.OVERSEE_CODES):
        return in_my_unit and target.citizen_id is None and target.user_id is None
    if action in (Action.RESET_CONTACT_PASSWORD, Action.CONFIRM_ACCOUNT):
        return in_my_unit and target.user_id is not None and target.citizen_id is None
    if action is Action.ASSIGN_CONTACT_PERSON:
        return in_my_unit and target.citizen_id is not None
    return False


def authorize(db: Session, actor: Actor, action: Action, target: Target, log_read: bool = True) -> None:
    """Raise AccessDenied unless allowed; log refusals and every read of another person's content
    (log_read=False where the same opening is already logged, such as an item's comments)."""
    allowed = can(actor, action, target)
    logged = not allowed or (log_read and _is_content_read(actor, action, target))
    if not logged:  # most checks: allowed and not a read of someone else's content; no row to build
        return
    event = _event(actor, action, target, allowed)
    if not allowed:
        db.add(event)  # kept if the caller catches the refusal; re-added by session_scope if it rolls back
        raise AccessDenied(audit=event)
    db.add(event)


def authorize_reads(db: Session, actor: Actor, action: Action, targets: list[Target]) -> None:
    """`authorize` for every target of one page (each shared item a reader opens): the same decision and
    the same log, but the reads are written with one statement however many items there are."""
    for target in targets:
        authorize(db, actor, action, target, log_read=False)
    rows = [_event(actor, action, target, True).model_dump(exclude={"id"}) for target in targets
            if _is_content_read(actor, action, target)]
    if rows:
        db.flush()  # anything pending is written first, so the log keeps its order
        db.execute(insert(AuditEvent.__table__), rows)


def _is_content_read(actor: Actor, action: Action, target: Target) -> bool:
    return target.citizen_id is not None and target.citizen_id != actor.user_id and action in CONTENT_READS


def _event(actor: Actor, action: Action, target: Target, allowed: bool) -> AuditEvent:
    return AuditEvent(
        actor_id=actor.user_id, action=action.value, allowed=allowed,
        citizen_id=target.citizen_id, target_kind=target.kind,
        target_id=target.item_id or ((target.user_id or target.unit_id) if target.citizen_id is None else None),
        snapshot_id=target.snapshot_id if allowed else None,
    )


def manages_no_unit(actor: Actor) -> bool:
    """A manager not linked to a unit (yet). Decided here once for all her screens: she sees no figures and
    no people, and is told to ask for her unit."""
    return actor.role is Role.MANAGER and not actor.managed_unit_ids


def require_role(actor: Actor, role: Role, page: str) -> None:
    """A page belongs to one role; anyone else is refused, and the attempt is logged."""
    if actor.role is not role:
        raise AccessDenied(audit=AuditEvent(
            actor_id=actor.user_id, action="open_page", allowed=False, target_kind="page", detail=page[:500]))
