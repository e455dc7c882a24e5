""""Hvem har set min plan": each visit in which someone other than the citizen opened one of their items,
with the words they were shown, and each time her access was set up again with a code someone made
(whoever used it could read everything).

Every opening stays in the audit log (policy.authorize writes it); this list folds the openings of one
item by one reader into visits, so that reloading a page six times in a minute is one line, not six. A
visit ends after VISIT_GAP without that reader opening that item again (the same half hour after which an
idle login ends), or when the citizen shares new words for it: then the reader saw something else.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from citizenplan.domain import account_codes, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.policy import CONTENT_READS, Action, authorize
from citizenplan.domain.vocabulary import Role
from citizenplan.models import AuditEvent, SharedSnapshot, User

VISIT_GAP = timedelta(minutes=30)  # the page says "en halv time"


@dataclass(frozen=True)
class Viewing:
    who: str
    role: Role | None  # None: a code made by no person (the command line)
    at: datetime  # when the visit began
    item_id: int | None
    kind: str = ""  # the item's kind and the approved words the reader was shown ("" if not an item,
    words: str = ""  # or from before the log kept which copy was shown and none could be found)
    fresh_start: bool = False  # `who` made a code that set up her access again
    action: str = ""  # the kind of reading (policy.Action), e.g. "export_plan": her shared plan taken as a file


@dataclass
class _Visit:
    actor_id: int
    began: datetime
    item_id: int | None
    snapshot_id: int | None
    action: str = ""


def who_has_seen(db: Session, actor: Actor, limit: int = 200) -> list[Viewing]:
    """The newest `limit` visits, newest first. Openings are read newest first and folded as they come,
    so reading stops soon after the last visit that is listed."""
    authorize(db, actor, Action.READ_ACCESS_LOG, workbook.own(actor))
    openings = db.exec(select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.target_id,
                              AuditEvent.snapshot_id, AuditEvent.at).where(
        AuditEvent.citizen_id == actor.user_id, AuditEvent.actor_id != actor.user_id,
        AuditEvent.allowed.is_(True), AuditEvent.action.in_([a.value for a in CONTENT_READS]))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).execution_options(yield_per=500))
    visits: list[_Visit] = []
    latest: dict[tuple, _Visit] = {}  # per reader, kind of reading, item and copy: its oldest visit so far
    previous_at = None
    for actor_id, action, item_id, snapshot_id, at in openings:
        if len(visits) >= limit and previous_at - at > VISIT_GAP:
            break  # older than every listed visit by more than a gap: it can only start visits not listed
        previous_at = at
        key = (actor_id, action, item_id, snapshot_id)
        visit = latest.get(key)
        if visit is not None and visit.began - at <= VISIT_GAP:
            visit.began = at
        else:
            latest[key] = visit = _Visit(actor_id, at, item_id, snapshot_id, action)
            visits.append(visit)
    openings.close()
    visits = sorted(visits, key=lambda v: v.began, reverse=True)[:limit]
    viewings = _described(db, actor, visits)
    viewings += [Viewing(use.maker_name or "", use.maker_role, use.at, None, fresh_start=True)
                 for use in account_codes.fresh_starts(db, actor)]
    return sorted(viewings, key=lambda v: v.at, reverse=True)[:limit]


def _described(db: Session, actor: Actor, visits: list[_Visit]) -> list[Viewing]:
    """Who each reader is and what they were shown: two queries for the whole list."""
    people = dict(db.exec(select(User.id, User).where(User.id.in_({v.actor_id for v in visits}))).all())
    wanted = {v.snapshot_id for v in visits if v.snapshot_id is not None}
    copies = {s.id: s for s in db.exec(select(SharedSnapshot).where(
        SharedSnapshot.citizen_id == actor.user_id, SharedSnapshot.id.in_(wanted)))} if wanted else {}
    found = []
    for visit in visits:
        person, copy = people[visit.actor_id], copies.get(visit.snapshot_id)
        found.append(Viewing(person.display_name, Role(person.role), visit.began, visit.item_id,
                             copy.kind if copy else "", workbook.headline_of(copy.content) if copy else "",
                             action=visit.action))
    return found
