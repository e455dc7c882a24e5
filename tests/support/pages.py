"""The app's pages as the tests see them: the pages the server writes itself (not Reflex), and the role a Reflex
page's load lets in."""

import inspect
import re

from citizenplan import routes
from citizenplan.domain.vocabulary import Role
from citizenplan.reports import crisis_plan_page, offline_pages

SERVER_PAGES = {routes.CRISIS_PLAN: crisis_plan_page, routes.OFFLINE_HOME: offline_pages,
                routes.OFFLINE_WORKBOOK: offline_pages}  # written by the server, not Reflex: must open offline


def _reflex_role(on_load) -> Role | None:
    """The role a page's load() lets in (None: an open page, such as the login)."""
    found = re.search(r"_enter\(Role\.(\w+)", inspect.getsource(on_load.fn if hasattr(on_load, "fn") else on_load))
    return Role[found.group(1)] if found else None
