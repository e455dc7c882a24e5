"""A contact person may propose other words for a shared goal; the citizen sees the proposal beside
their own words and accepts it (a new version in their name, marked as accepted) or declines it."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from citizenplan.clock import utcnow
from citizenplan.domain import sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.domain.text import clean_text
from citizenplan.domain.vocabulary import Audience
from citizenplan.models import RewordingProposal, SharedSnapshot, User

PROPOSABLE_FIELDS = ("title", "success", "why")


@dataclass(frozen=True)
class ProposalView:
    proposal_id: int
    item_id: int
    field: str
    text: str
    author_name: str
    created_at: datetime


def propose(db: Session, actor: Actor, citizen_id: int, item_id: int, field: str, text: str,
            now: datetime | None = None) -> ProposalView:
    snapshot = db.exec(select(SharedSnapshot).where(
        SharedSnapshot.item_id == item_id, SharedSnapshot.citizen_id == citizen_id,
        SharedSnapshot.audience == Audience.CONTACT_PERSON.value, SharedSnapshot.revoked_at.is_(None))).first()
    citizen = db.get(User, citizen_id)
    authorize(db, actor, Action.PROPOSE_REWORDING, Target(
        kind="item", citizen_id=citizen_id, unit_id=citizen.unit_id if citizen else None, item_id=item_id,
        audience=frozenset({Audience.CONTACT_PERSON}) if snapshot else frozenset()))
    if snapshot.kind != workbook.ItemKind.GOAL.value or field not in PROPOSABLE_FIELDS:
        raise UserError(N_("Man kan kun foreslå andre ord for et mål."))
    words = clean_text(text, longest=2000, field="proposal")
    row = RewordingProposal(citizen_id=citizen_id, item_id=item_id, author_id=actor.user_id, field=field,
                            text=words, based_on_version=snapshot.approved_version, created_at=now or utcnow())
    db.add(row)
    db.flush()
    return ProposalView(row.id, item_id, field, words, actor.display_name, row.created_at)


def open_proposals(db: Session, actor: Actor) -> list[ProposalView]:
    """The proposals waiting for the citizen's answer."""
    authorize(db, actor, Action.ANSWER_PROPOSAL, workbook.own(actor))
    rows = db.exec(select(RewordingProposal, User.display_name).join(User, User.id == RewordingProposal.author_id)
                   .where(RewordingProposal.citizen_id == actor.user_id, RewordingProposal.answered_at.is_(None))
                   .order_by(RewordingProposal.created_at)).all()
    return [ProposalView(p.id, p.item_id, p.field, p.text, name, p.created_at) for p, name in rows]


def answer(db: Session, actor: Actor, proposal_id: int, accept: bool, now: datetime | None = None) -> None:
    """Accepting writes the proposed words as a new version in the citizen's name (via "proposal"). If the
    citizen had no unshared changes, the accepted words are shared as they were; otherwise they wait
    for "Del ændringen" like any other change."""
    row = db.get(RewordingProposal, proposal_id)
    authorize(db, actor, Action.ANSWER_PROPOSAL, Target(kind="proposal", citizen_id=row.citizen_id if row else None,
                                                        unit_id=actor.unit_id, item_id=row.item_id if row else None))
    if row.answered_at is not None:
        raise UserError(N_("Du har allerede svaret på forslaget."))
    now = now or utcnow()
    row.answered_at, row.accepted = now, accept
    db.add(row)
    if accept:
        before = sharing.state_of(db, actor, row.item_id)
        view = workbook.write_fields(db, actor, row.item_id, {row.field: row.text}, via="proposal", now=now)
        if before.audiences and not before.has_unshared_changes:
            sharing.share(db, actor, row.item_id, set(before.audiences), view.version, now)
    db.flush()
