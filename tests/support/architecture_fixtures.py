"""Planted violations and clean look-alikes for the architecture reader (tests/support/architecture.py).

Each PLANTED snippet is a way the review of issue 22 (or a plain variant of it) got past the old name-matching
test; each must be reported. Each CLEAN snippet is the allowed way to do the same thing; it must not be.
Snippets are parsed as if they were a module of the package (the name before the snippet), never imported.
"""

STATE = "citizenplan.state.planted"
DOMAIN = "citizenplan.domain.planted"
AUTH = "citizenplan.auth.planted"

_STATE_HEAD = """
import reflex as rx
from citizenplan.db import session_scope
from citizenplan.domain import workbook
from citizenplan.state.session import SessionState
"""

# --- a state brings in tables or SQL ---------------------------------------------------------------
TABLES_PLANTED = {
    "the models package by `from citizenplan import models`": "from citizenplan import models\n",
    "the models package as an alias": "import citizenplan.models as m\nx = m.WorkbookItem\n",
    "a table through a domain module": "from citizenplan.domain.workbook import WorkbookItem\n",
    "a table as an attribute of a domain module": "from citizenplan.domain import workbook\nx = workbook.WorkbookItem\n",
    "a table under another name": "from citizenplan.models.workbook import WorkbookItem as Item\n",
    "sqlmodel's select under another name": "from sqlmodel import select as query\n",
    "a models module by its dotted name": "import citizenplan.models.workbook\n",
    "sqlalchemy imported inside a function": "def f():\n    import sqlalchemy\n    return sqlalchemy\n",
}
TABLES_CLEAN = {
    "an enum and labels of a domain module": "from citizenplan.domain.workbook import KIND_LABELS, ItemKind\n",
    "a domain module and its function": "from citizenplan.domain import workbook\nf = workbook.save\n",
}

# --- a state uses the session itself, or hands it to something that is not the domain --------------
SESSION_PLANTED = {
    "a unit of work written in place that runs SQL itself": _STATE_HEAD + """
from citizenplan import offload
class S(SessionState):
    async def load(self):
        def work(db):
            return db.exec("select 1")
        await offload.DATA.run_with_db(work)
""",
    "`with session_scope() as s:` and s.exec": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        actor = self._actor()
        with session_scope() as s:
            return s.exec(workbook.thing)
""",
    "the opener under another name": _STATE_HEAD + """
from citizenplan.db import session_scope as unit_of_work
class S(SessionState):
    def load(self):
        actor = self._actor()
        with unit_of_work() as work:
            work.add(actor)
""",
    "the session handed to a table": _STATE_HEAD + """
from citizenplan.models import WorkbookItem
class S(SessionState):
    def load(self):
        actor = self._actor()
        with session_scope() as db:
            WorkbookItem.read(db)
""",
    "a module-level helper that uses the session itself": _STATE_HEAD + """
def _rows(db):
    return db.exec("select 1")
""",
    "a lambda handed to the state's helper that uses the session itself": _STATE_HEAD + """
from citizenplan.models import WorkbookItem
class S(SessionState):
    def save(self):
        self._act(lambda db, actor: db.add(WorkbookItem()))
""",
    "a thread's unit of work running a table's query": _STATE_HEAD + """
from citizenplan import offload
from sqlmodel import select
class S(SessionState):
    async def load(self):
        actor = self._actor()
        await offload.HEAVY.run_with_db(select)
""",
    "a closure run in a thread's unit of work that uses the session itself": _STATE_HEAD + """
from citizenplan import offload
from citizenplan.state.session import actor_of_cookie
class S(SessionState):
    async def load(self):
        def work(db, cookie):
            actor = actor_of_cookie(db, cookie)
            return db.exec("select 1")
        await offload.DATA.run_with_db(work, self.router.headers.cookie)
""",
}
SESSION_CLEAN = {
    "the session handed to a domain function": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        actor = self._actor()
        with session_scope() as s:
            self.items = workbook.items_of(s, actor)
""",
    "a lambda of domain calls run by the state's helper": _STATE_HEAD + """
class S(SessionState):
    def save(self):
        self._act(lambda db, actor: workbook.save(db, actor, 1))

    def _act(self, action):
        with session_scope() as db:
            actor = self._actor_in(db)
            return action(db, actor)
""",
    "a closure run in a thread's unit of work, handing the session to the domain": _STATE_HEAD + """
from citizenplan import offload
from citizenplan.state.session import actor_of_cookie
class S(SessionState):
    async def _as_actor(self, action):
        def work(db, cookie):
            actor = actor_of_cookie(db, cookie)
            return action(db, actor)
        return await offload.DATA.run_with_db(work, self.router.headers.cookie)
""",
}

# --- a handler opens the database without finding the actor, or finds it too late -------------------
HANDLER_PLANTED = {
    "no actor at all": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        with session_scope() as db:
            self.items = workbook.items_of(db, None)
""",
    "a module-level helper that opens the database": _STATE_HEAD + """
def _load_everything():
    with session_scope() as db:
        return workbook.everything(db)

class S(SessionState):
    def load(self):
        self.items = _load_everything()
""",
    "a helper of another state module that reads the database before the actor": _STATE_HEAD + """
from citizenplan.state.tab_owner import _user_behind
class S(SessionState):
    def load(self):
        with session_scope() as db:
            self.owner = _user_behind(db, "token")
""",
    "the opener under another name": _STATE_HEAD + """
from citizenplan import db as database
class S(SessionState):
    async def load(self):
        with database.session_scope() as s:
            self.items = workbook.items_of(s, None)
""",
    "the actor looked up after the read": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        with session_scope() as db:
            items = workbook.items_of(db, None)
            actor = self._actor_in(db)
            self.items = items if actor else []
""",
    "the actor looked up only in dead code": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        if False:
            actor = self._actor()
        with session_scope() as db:
            self.items = workbook.items_of(db, None)
""",
    "a thread's unit of work before the actor": _STATE_HEAD + """
from citizenplan import offload
class S(SessionState):
    async def load(self):
        rows = await offload.HEAVY.run_with_db(workbook.everything)
        actor = self._actor()
""",
    "a closure in a thread's unit of work that reads before it finds the actor": _STATE_HEAD + """
from citizenplan import offload
from citizenplan.state.session import actor_of_cookie
class S(SessionState):
    async def load(self):
        def work(db, cookie):
            items = workbook.everything(db)
            actor = actor_of_cookie(db, cookie)
            return items if actor else []
        self.items = await offload.DATA.run_with_db(work, self.router.headers.cookie)
""",
    "a closure in a thread's unit of work that never finds the actor": _STATE_HEAD + """
from citizenplan import offload
class S(SessionState):
    async def load(self):
        def work(db, cookie):
            return workbook.everything(db)
        self.items = await offload.DATA.run_with_db(work, self.router.headers.cookie)
""",
    "a ranked unit of work before the actor": _STATE_HEAD + """
from citizenplan import offload
class S(SessionState):
    async def load(self):
        rows = await offload.PASSWORDS.run_with_db_ranked(3, workbook.everything)
        actor = self._actor()
""",
}
HANDLER_CLEAN = {
    "a unit of work in a thread that finds the actor first": _STATE_HEAD + """
from citizenplan import offload
from citizenplan.state.session import actor_of_cookie
class S(SessionState):
    async def load(self, action=None):
        def work(db, cookie):
            actor = actor_of_cookie(db, cookie)
            return action(db, actor)
        self.items = await offload.DATA.run_with_db(work, self.router.headers.cookie)
""",
    "actor first, then one unit of work": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with session_scope() as db:
            self.items = workbook.items_of(db, actor)
""",
    "actor inside the unit of work, before the read": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        with session_scope() as db:
            actor = self._actor_in(db)
            self.items = workbook.items_of(db, actor)
""",
    "a closure in a thread's unit of work that finds the actor first": _STATE_HEAD + """
from citizenplan import offload
from citizenplan.state.session import actor_of_cookie
class S(SessionState):
    async def load(self):
        def work(db, cookie):
            actor = actor_of_cookie(db, cookie)
            return workbook.items_of(db, actor)
        self.items = await offload.DATA.run_with_db(work, self.router.headers.cookie)
""",
    "the state's helper that runs the domain call in a thread as the actor": _STATE_HEAD + """
class S(SessionState):
    async def save(self):
        await self._as_actor(lambda db, actor: workbook.save(db, actor, 1))
""",
    "a helper of the state that does the read after the actor": _STATE_HEAD + """
class S(SessionState):
    def load(self):
        actor = self._actor()
        self._refresh(actor)

    def _refresh(self, actor):
        with session_scope() as db:
            self.items = workbook.items_of(db, actor)
""",
}

# --- a domain function on a person's data takes no actor or does not ask the policy -----------------
_DOMAIN_HEAD = """
from sqlmodel import Session
from citizenplan.domain.actors import Actor
from citizenplan.domain.policy import Action, authorize
"""
DOMAIN_PLANTED = {
    "`*, db` and no actor": _DOMAIN_HEAD + "def items_of(citizen_id, *, db):\n    return db.get(citizen_id)\n",
    "a parameter named session and no actor": _DOMAIN_HEAD + "def items_of(session, citizen_id):\n    return 1\n",
    "a session under any name, by its type": _DOMAIN_HEAD + "def items_of(s: Session, citizen_id):\n    return 1\n",
    "`*, db, actor` that never asks": _DOMAIN_HEAD + "def items_of(*, db, actor):\n    return db.get(1)\n",
    "authorize only after return": _DOMAIN_HEAD + """
def items_of(db, actor, citizen_id):
    return db.get(citizen_id)
    authorize(actor, Action.READ_WORKBOOK, citizen_id)
""",
    "authorize only under `if False`": _DOMAIN_HEAD + """
def items_of(db, actor, citizen_id):
    if False:
        authorize(actor, Action.READ_WORKBOOK, citizen_id)
    return db.get(citizen_id)
""",
    "authorize only in a nested function never called": _DOMAIN_HEAD + """
def items_of(db, actor, citizen_id):
    def check():
        authorize(actor, Action.READ_WORKBOOK, citizen_id)
    return db.get(citizen_id)
""",
    "a home-made authorize that hides the policy's": _DOMAIN_HEAD + """
def authorize(*args):
    return None

def items_of(db, actor, citizen_id):
    authorize(actor, citizen_id)
    return db.get(citizen_id)
""",
}
DOMAIN_CLEAN = {
    "asks, then reads": _DOMAIN_HEAD + """
def items_of(db, actor, citizen_id):
    authorize(actor, Action.READ_WORKBOOK, citizen_id)
    return db.get(citizen_id)
""",
    "`*, db, actor` asking under an alias": """
from citizenplan.domain import policy as rules
def items_of(*, db, actor, citizen_id):
    rules.authorize(actor, rules.Action.READ_WORKBOOK, citizen_id)
    return db.get(citizen_id)
""",
    "asks through another domain function that asks": _DOMAIN_HEAD + """
def _check(actor, citizen_id):
    authorize(actor, Action.READ_WORKBOOK, citizen_id)

def readable(db, actor, citizen_id):
    _check(actor, citizen_id)
    return db.get(citizen_id)

def items_of(db, actor, citizen_id):
    return readable(db, actor, citizen_id)
""",
    "a pure function without the database": "def label(kind):\n    return kind.title()\n",
}

# --- layers: what a layer may not bring in ----------------------------------------------------------
LAYER_PLANTED = {
    (DOMAIN, "reflex under another name"): "import reflex as web\n",
    (DOMAIN, "a state through a relative import"): "from ..state import session\n",
    (AUTH, "the domain's workbook"): "from citizenplan.domain import workbook\n",
    (AUTH, "a domain function through the package"): "import citizenplan.domain.accounts\n",
}
LAYER_CLEAN = {
    (DOMAIN, "the auth layer below it"): "from citizenplan.auth import sessions\n",
    (AUTH, "the shared vocabulary"): "from citizenplan.domain.errors import N_\nfrom citizenplan.domain.vocabulary import Role\n",
}

# --- a state reaching auth/ straight ----------------------------------------------------------------
AUTH_PLANTED = {
    "ending another's sessions": "from citizenplan.auth import sessions\nf = sessions.end_all_for_user\n",
    "issuing a code under another name": "from citizenplan.auth.invitations import issue as new_code\n",
}
AUTH_CLEAN = {
    "the cookie's token, for the domain": "from citizenplan.auth.cookies import token_from_cookie_header\n",
}

# --- a Starlette route's path -----------------------------------------------------------------------
ROUTE_PLANTED = {
    "a literal path": "from starlette.routing import Route\nROUTES = [Route('/auth/x', None)]\n",
    "a local constant": "from starlette.routing import Route\nPATH = '/x'\nROUTES = [Route(PATH, None)]\n",
}
ROUTE_CLEAN = {
    "a routes.py constant": "from starlette.routing import Route\nfrom citizenplan import routes\n"
                            "ROUTES = [Route(routes.PLAN_PDF, None)]\n",
    "a routes.py constant imported by name": "from starlette import routing\nfrom citizenplan.routes import PLAN_PDF\n"
                                             "ROUTES = [routing.Route(PLAN_PDF, None)]\n",
}

# --- a Starlette endpoint opens the database without finding the actor first ------------------------
_ENDPOINT_HEAD = """
from starlette.routing import Route
from citizenplan import offload, routes
from citizenplan.db import session_scope
from citizenplan.domain import accounts, workbook
"""
ENDPOINT_PLANTED = {
    "the actor looked up after the read": _ENDPOINT_HEAD + """
def page(request):
    with session_scope() as db:
        items = workbook.items(db, None)
        actor = accounts.actor_from_token(db, request.headers.get("cookie"))
ROUTES = [Route(routes.CRISIS_PLAN, page)]
""",
    "no actor, in a thread": _ENDPOINT_HEAD + """
async def page(request):
    return await offload.HEAVY.run(_page, request)

def _page(request):
    with session_scope() as db:
        return workbook.items(db, None)
ROUTES = [Route(routes.CRISIS_PLAN, page)]
""",
}
ENDPOINT_CLEAN = {
    "the actor from the cookie first, in a thread": _ENDPOINT_HEAD + """
async def page(request):
    return await offload.HEAVY.run(_page, request.headers.get("cookie"))

def _page(cookie):
    with session_scope() as db:
        actor = accounts.actor_from_token(db, cookie)
        return workbook.items(db, actor)
ROUTES = [Route(routes.CRISIS_PLAN, page)]
""",
}
