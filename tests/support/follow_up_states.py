"""The follow-up page's state for state tests: Anna's goals, the page loaded for a contact person, the frame's
form and what is stored."""

from dataclasses import fields

from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import col, select

from citizenplan import demo_plans, routes
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.db import session_scope
from citizenplan.models import PlanFrame
from citizenplan.state.follow_up import FollowUpState
from citizenplan.state.follow_up_rows import FrameRow, RecordDefaults
from tests.support.states import token_for, user_id_of

ANNA_GOALS = [g["title"] for g in demo_plans.ANNA_GOALS]


def _router(token: str | None, path: str) -> RouterData:
    headers = {"cookie": f"{COOKIE_NAME}={token}"} if token else {}
    return RouterData.from_router_data({"headers": headers | {"origin": "http://localhost:3000"}, "asPath": path})


def _state_at(state_class, username: str | None, path: str):
    """Like tests.support.states.state_of, with the page's URL (the handlers read ?id= from it)."""
    root = State(_reflex_internal_init=True)
    root.router = _router(token_for(username) if username else None, path)
    return root.get_substate(state_class.get_full_name().split(".")[1:])


async def _follow_up_page(username: str, citizen: str) -> FollowUpState:
    page = _state_at(FollowUpState, username, routes.follow_up(user_id_of(citizen)))
    await FollowUpState.load.fn(page)
    return page


def _frame_form(page: FollowUpState, **changes: str) -> dict[str, str]:
    """What the browser posts: the fields as shown (the frame's values) and the version, with the changes."""
    shown = {f.name: getattr(page.frame, f.name) for f in fields(FrameRow) if f.name != "special"}
    return shown | dict(page.frame.special) | {"frame_version": str(page.frame_version)} | changes


def _posted_defaults(defaults: RecordDefaults) -> dict[str, str]:
    """What the browser posts for the record form as filled in from `defaults` (one set of fields per goal)."""
    form = {"held_on": defaults.held_on, "participants": defaults.participants, "note": defaults.note,
            "purpose_judgement": defaults.purpose_judgement}
    for item_id, goal in defaults.goals.items():
        form |= {f"degree-{item_id}": goal.degree, f"description-{item_id}": goal.description,
                 f"citizen_view-{item_id}": goal.citizen_view, f"citizen_degree-{item_id}": goal.citizen_degree}
    return form


def _stored_frame(citizen: str) -> PlanFrame:
    with session_scope() as db:
        return db.exec(select(PlanFrame).where(PlanFrame.citizen_id == user_id_of(citizen))
                       .order_by(col(PlanFrame.version).desc())).first()


def _goal_id(page: FollowUpState, title: str) -> str:
    return next(g.id for g in page.goals if g.title == title)
