"""The app's pages as the tests see them: the pages the server writes itself (not Reflex), and the role a Reflex
page's load lets in."""


from citizenplan import routes
from citizenplan.domain.vocabulary import Role
from citizenplan.reports import crisis_plan_page, offline_pages

SERVER_PAGES = {routes.CRISIS_PLAN: crisis_plan_page, routes.OFFLINE_HOME: offline_pages,
                routes.OFFLINE_WORKBOOK: offline_pages}  # written by the server, not Reflex: must open offline


def _reflex_role(on_load) -> Role | None:
    """The role routes.PAGE_ROLES lets into the page whose load this is (None: a public page, such as the login)."""
    from citizenplan import pages

    return next((routes.PAGE_ROLES.get(route) for route, _page, load in pages.PAGES if load is on_load), None)
