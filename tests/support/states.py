"""Drive Reflex state handlers without a browser: a state tree whose websocket carries a cookie."""

from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import select

from citizenplan.auth import sessions
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.db import session_scope
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.models import User


def state_of(state_class: type[State], cookie_token: str | None = None, client_ip: str = "") -> State:
    """The `state_class` instance in a fresh state tree, as one browser tab would have it (connected from
    `client_ip`, when given)."""
    root = State(_reflex_internal_init=True)
    headers = {"cookie": f"{COOKIE_NAME}={cookie_token}"} if cookie_token else {}
    root.router = RouterData.from_router_data({"headers": headers, "ip": client_ip})
    return root.get_substate(state_class.get_full_name().split(".")[1:])


def _events(result) -> list:
    if result is None:
        return []
    return list(result) if isinstance(result, list | tuple) else [result]


def _arg(event, name: str):
    for key, value in getattr(event, "args", ()):
        if key._js_expr == name:
            return getattr(value, "_var_value", None)
    return None


def redirect_of(result) -> str | None:
    """Where a handler's result sends the browser, if anywhere."""
    for event in _events(result):
        if (path := _arg(event, "path")) is not None:
            return path
    return None


def script_of(result) -> str:
    """The JavaScript of the rx.call_script events a handler returned, joined."""
    return "\n".join(code for event in _events(result) if (code := _arg(event, "javascript_code")))


def token_for(username: str, password: str = DEMO_PASSWORD) -> str:
    """A live session's cookie token for a person, made the way the login page makes one."""
    with session_scope() as db:
        outcome = sessions.begin_login(db, username, password)
    with session_scope() as db:
        return sessions.redeem_ticket(db, outcome.ticket)


def user_id_of(username: str) -> int:
    with session_scope() as db:
        return db.exec(select(User.id).where(User.username == username)).one()
