"""The chat page's state for state tests: a citizen's chat opened as the page opens it."""

from reflex.istate.data import RouterData
from reflex.state import State

from citizenplan import routes
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.state.chat import ChatState


async def _open_chat(token: str, flow: str = "getting_started") -> ChatState:
    """A new tab on a flow ("Kom godt i gang" unless told), logged in with `token`."""
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({
        "headers": {"cookie": f"{COOKIE_NAME}={token}", "origin": "http://localhost:3000"},
        "asPath": f"{routes.CHAT}?flow={flow}", "query": {"flow": flow}})
    page = root.get_substate(ChatState.get_full_name().split(".")[1:])
    await ChatState.load.fn(page)
    assert page.conversation_id and not page.error, page.error
    return page
