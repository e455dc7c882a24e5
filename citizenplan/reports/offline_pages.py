"""Her home and her workbook as plain HTML from the server, for the day she has no network.

Reflex pages fetch their data over the websocket, which is gone offline; so, as with her crisis plan
(crisis_plan_page.py, the one mechanism), the server writes a plain copy of each with her words in the HTML.
The service worker (assets/sw.js) keeps the newest copy only when it is marked for her (X-Minvej-Offline) and
shows it when /borger or /arbejdsbog cannot be reached; every other answer, logout and the login page drop
all the copies. A calm line on top says she is offline and when the copy was made.
"""

from html import escape

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citizenplan import i18n, routes
from citizenplan.clock import utcnow
from citizenplan.domain import follow_up, workbook
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import Role
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.reports.crisis_plan_page import document, her_page
from citizenplan.state.workbook import item_lines

READERS = (Role.CITIZEN,)  # whose pages these are (tests/unit/test_plain_danish.py holds them to plain Danish)
OFFLINE_NOW = N_("Du er ikke på nettet lige nu.")
AS_IT_WAS = N_("Sådan så det ud {date}.")
HELLO = N_("Hej {name}")
NEXT_MEETING = N_("Dit næste møde om din plan")
MY_GOALS = N_("Mine mål")
NO_GOALS = N_("Du har ikke skrevet et mål endnu.")
SEE_WORKBOOK = N_("Se din arbejdsbog")
SEE_CRISIS_PLAN = N_("Har du det svært? Se din kriseplan")
WORKBOOK_TITLE = N_("Din arbejdsbog")
EMPTY_WORKBOOK = N_("Der står ikke noget i din arbejdsbog endnu.")
TO_HOME = N_("Til forsiden")
SHOWN = (ItemKind.ABOUT_ME, ItemKind.GOAL, ItemKind.DREAM, ItemKind.HOPE, ItemKind.REMARKS)


def _say(locale: str):
    def _(message: str, **params) -> str:
        return escape(i18n.translate(message, locale, **params))
    return _


def _banner(locale: str) -> str:
    _ = _say(locale)
    return (f'<section class="offline" role="status"><p>{_(OFFLINE_NOW)} '
            f'{_(AS_IT_WAS, date=i18n.date_time(utcnow(), locale))}</p></section>')


def _link(href: str, text: str) -> str:
    return f'<p><a class="tap" href="{escape(href)}">{text}</a></p>'


def _home_data(db, actor) -> dict:
    meeting = follow_up.next_follow_up(db, actor, actor.user_id)
    return {"goals": [workbook.headline(g) for g in workbook.active_goals(db, actor)],
            "meeting": i18n.long_date(meeting.due_on, actor.locale) if meeting else ""}


def _home_html(actor, data: dict) -> str:
    _ = _say(actor.locale)
    parts = []
    if data["meeting"]:
        parts.append(f'<h2>{_(NEXT_MEETING)}</h2><p>{escape(data["meeting"])}</p>')
    parts.append(f"<h2>{_(MY_GOALS)}</h2>")
    if data["goals"]:
        parts.append("<ul>" + "".join(f"<li>{escape(goal)}</li>" for goal in data["goals"]) + "</ul>")
    else:
        parts.append(f"<p>{_(NO_GOALS)}</p>")
    parts.append(_link(routes.WORKBOOK, _(SEE_WORKBOOK)))
    parts.append(_link(routes.CRISIS_PLAN, _(SEE_CRISIS_PLAN)))
    return document(_(HELLO, name=actor.display_name), "".join(parts), actor.locale, _banner(actor.locale))


def _workbook_data(db, actor) -> list[workbook.ItemView]:
    return workbook.items(db, actor, SHOWN)


def _workbook_html(actor, items: list[workbook.ItemView]) -> str:
    _ = _say(actor.locale)
    parts = []
    for view in items:
        lines = item_lines(view.content, actor.locale)
        if not lines:
            continue
        parts.append(f"<h2>{_(KIND_LABELS[view.kind])}</h2>")
        for line in lines:
            label, msgid = line.label, line.msgid  # msgids from state/workbook.py, translated here
            label = f"<strong>{_(label)}:</strong> " if label else ""
            text = escape(line.text) if line.text else _(msgid)
            parts.append(f"<p>{label}{text}</p>")
    if not parts:
        parts.append(f"<p>{_(EMPTY_WORKBOOK)}</p>")
    parts.append(_link(routes.CITIZEN_HOME, _(TO_HOME)))
    return document(_(WORKBOOK_TITLE), "".join(parts), actor.locale, _banner(actor.locale))


def home_copy(request: Request) -> Response:
    return her_page(request, "home", _home_data, _home_html)


def workbook_copy(request: Request) -> Response:
    return her_page(request, "workbook", _workbook_data, _workbook_html)


ROUTES = [Route(routes.OFFLINE_HOME, home_copy, methods=["GET"]),
          Route(routes.OFFLINE_WORKBOOK, workbook_copy, methods=["GET"])]
