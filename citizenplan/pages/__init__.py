"""Every page, registered in one place."""

import reflex as rx

from citizenplan import routes
from citizenplan.pages import (
    access_log,
    activation,
    chat,
    citizen_home,
    contact_home,
    follow_up,
    item,
    login,
    manager_home,
    my_data,
    my_plan,
    print_plan,
    relative_home,
    relatives,
    report,
    shared_plan,
    workbook,
)
from citizenplan.state.access_log import AccessLogState
from citizenplan.state.activation import ActivationState
from citizenplan.state.chat import ChatState
from citizenplan.state.citizen_home import CitizenHomeState
from citizenplan.state.contact_home import ContactHomeState
from citizenplan.state.follow_up import FollowUpState
from citizenplan.state.fresh_start import FreshStartState
from citizenplan.state.handover import HandoverState
from citizenplan.state.item import ItemState
from citizenplan.state.login import LoginState
from citizenplan.state.manager_home import ManagerHomeState
from citizenplan.state.my_data import MyDataState
from citizenplan.state.my_plan import MyPlanState
from citizenplan.state.print_plan import PrintPlanState
from citizenplan.state.relative_home import RelativeHomeState
from citizenplan.state.relatives import RelativesState
from citizenplan.state.report import ReportState
from citizenplan.state.shared_plan import SharedPlanState
from citizenplan.state.workbook import WorkbookState

TITLE = "Min Vej"

PAGES = [
    (routes.LOGIN, login.page, LoginState.load),
    (routes.ACTIVATE, activation.page, ActivationState.load),
    (routes.CITIZEN_HOME, citizen_home.page, CitizenHomeState.load),
    (routes.CONTACT_PERSON_HOME, contact_home.page, ContactHomeState.load),
    (routes.MANAGER_HOME, manager_home.page, ManagerHomeState.load),
    (routes.MANAGER_REPORT, report.page, ReportState.load),
    (routes.RELATIVE_HOME, relative_home.page, RelativeHomeState.load),
    (routes.CHAT, chat.page, ChatState.load),
    (routes.WORKBOOK, workbook.page, WorkbookState.load),
    (routes.WORKBOOK_ITEM, item.page, ItemState.load),
    (routes.ACCESS_LOG, access_log.page, AccessLogState.load),
    (routes.SHARED_PLAN, shared_plan.page, SharedPlanState.load),
    (routes.FOLLOW_UP, follow_up.page, FollowUpState.load),
    (routes.PRINT_PLAN, print_plan.page, PrintPlanState.load),
    (routes.MY_RELATIVES, relatives.page, RelativesState.load),
    (routes.MY_PLAN, my_plan.page, MyPlanState.load),
    (routes.MY_DATA, my_data.page, MyDataState.load),
]

# States a page shows besides its own (the one whose load its route calls).
ALSO_SHOWS = {
    routes.CITIZEN_HOME: {FreshStartState},
    routes.CONTACT_PERSON_HOME: {HandoverState, FreshStartState},
    routes.MANAGER_HOME: {HandoverState, FreshStartState},
    routes.RELATIVE_HOME: {FreshStartState},
    routes.MY_RELATIVES: {HandoverState},
}


def page_states() -> dict[str, frozenset[type[rx.State]]]:
    """Each route's states: what the page shows, and so what may stay in the tab while it is open."""
    return {route: frozenset({on_load.state, *ALSO_SHOWS.get(route, ())}) for route, _component, on_load in PAGES}


def register(app: rx.App) -> None:
    for route, component, on_load in PAGES:
        app.add_page(component, route=route, title=TITLE, on_load=on_load)
