"""GET /kriseplan: the citizen's crisis plan for the bad day, as one plain HTML page from the server.

Not a Reflex page: those fetch their data over the websocket, which is gone offline. This page carries her
words in the HTML itself, so the service worker (assets/sw.js) can keep the last copy and show it without
a network. It keeps it only when this response says it may (X-Minvej-Offline), for the person logged in:
the copy is dropped at logout, on the login page, and whenever the server answers this address with anything
but her plan (logged out, expired, someone else). The browser's own HTTP cache never keeps it (no-store).

112 and the psychiatric emergency line are named on the page; no other number is printed unless she wrote it.
"""

from collections.abc import Callable
from html import escape
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from citizenplan import i18n, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.clock import utcnow
from citizenplan.db import session_scope
from citizenplan.domain import accounts, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, AccessDenied
from citizenplan.domain.vocabulary import Role
from citizenplan.domain.workbook import ItemKind

READERS = (Role.CITIZEN,)  # whose page this is (tests/unit/test_plain_danish.py holds it to plain Danish)
OFFLINE_HEADER = "X-Minvej-Offline"
# No number is invented: each region has its own, so the line is named and she finds it in her own plan.
PSYCHIATRIC_LINE = N_("Har du det svært psykisk? Så ring til akuttelefonen i din region. Du kan også ringe til den "
                      "psykiatriske akutmodtagelse.")
NO_STORE = {"Cache-Control": "no-store"}
URGENT = N_("Er det akut?")
CALL_112 = N_("Ring 112")
NO_PLAN = N_("Du har ikke lavet en kriseplan endnu.")
MAKE_PLAN = N_("Lav din kriseplan")
STAFF_MAY_CALL = N_("Personalet må ringe til")
CHANGE_PLAN = N_("Ret din kriseplan")
FETCHED = N_("Hentet {date}")
TO_HOME = N_("Til forsiden")
TITLE = N_("Min kriseplan")
READ_ALOUD = N_("Læs op")  # the same button as the app's pages (components/read_aloud.py), read by minvej.js
SPEAKER = ('<svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
           'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><polygon points="11 5 6 9 2 9 2 15 6 15 11 '
           '19 11 5"/><path d="M15.54 8.46a5 5 0 0 1 0 7.07"/><path d="M19.07 4.93a10 10 0 0 1 0 14.14"/></svg>')

FIELDS = (("signs", N_("Tegn på, at jeg får det værre")), ("helps", N_("Det hjælper")),
          ("not_helps", N_("Det hjælper ikke")), ("practical", N_("Praktiske ting")))

STYLE = """
:root { color-scheme: light dark; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: #1a1a1a; font-family: "IBM Plex Sans", system-ui, -apple-system, "Segoe UI",
  Roboto, Arial, sans-serif; font-size: 1.125rem; line-height: 1.5; }
header { background: #fff; border-top: 4px solid #1f5f5b; border-bottom: 1px solid #d9d9e0; padding: 0.5rem 1rem; }
header a { color: #1c2024; font-weight: 700; font-size: 1.25rem; text-decoration: none; display: inline-flex;
  align-items: center; min-height: 44px; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.75rem; margin: 0.5rem 0 1rem; }
h1, h2, p, li { overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 1.25rem 0 0.25rem; }
p { margin: 0 0 0.5rem; white-space: pre-wrap; }
.emergency { border: 3px solid #8a1c1c; border-radius: 10px; padding: 0.75rem 1rem; margin-bottom: 1rem; }
.emergency h2 { margin-top: 0; color: #8a1c1c; }
a.call { display: flex; align-items: center; justify-content: center; min-height: 52px; border-radius: 8px;
  background: #8a1c1c; color: #fff; font-weight: 700; font-size: 1.25rem; text-decoration: none; margin: 0.5rem 0; }
ul { padding-left: 1.25rem; }
li { margin: 0.25rem 0; }
a { color: #1f5f5b; }
a.tap { display: inline-flex; align-items: center; min-height: 44px; }
a:focus-visible { outline: 3px solid #1c2024; outline-offset: 2px; }
.fetched { color: #444; font-size: 1rem; }
.offline { background: #eef5f4; border-left: 4px solid #1f5f5b; border-radius: 6px; padding: 0.75rem 1rem;
  margin: 0.5rem 0 1rem; }
.offline p { margin: 0; }
.read-aloud { display: none; }
html.may-speak .read-aloud { visibility: hidden; }
html:is(.may-speak, .can-speak) .read-aloud { display: inline-flex; align-items: center; gap: 0.4rem; min-height: 44px;
  padding: 0 0.75rem; border: 1px solid #1f5f5b; border-radius: 6px; background: none; color: #1f5f5b;
  font: inherit; font-weight: 600; cursor: pointer; margin-bottom: 0.75rem; }
html.can-speak .read-aloud { visibility: visible; }
html.can-speak .read-aloud[aria-pressed="true"] { background: #1f5f5b; color: #fff; }
html .read-aloud-skip, html.can-speak .read-aloud.read-aloud-skip { display: none; }
html.easy-read body { font-size: 1.4rem; line-height: 1.6; }
html.easy-read main { max-width: 34rem; }
html.easy-read a.tap, html.easy-read .read-aloud { min-height: 52px; }
@media (prefers-color-scheme: dark) {
  :root { color-scheme: dark; }
  html.can-speak .read-aloud { color: #8fd3cb; border-color: #8fd3cb; }
  html.can-speak .read-aloud[aria-pressed="true"] { background: #8fd3cb; color: #121212; }
  body { background: #121212; color: #ececec; }
  header { background: #121212; border-top-color: #8fd3cb; border-bottom-color: #3a3f45; }
  header a { color: #ececec; }
  a:focus-visible { outline-color: #f1f3f5; }
  a, h2 { color: #8fd3cb; }
  .fetched { color: #c4c4c4; }
  .offline { background: #1d2b2a; }
  .emergency { border-color: #ff8a8a; }
  .emergency h2 { color: #ff9c9c; }
  a.call { background: #ff9592; color: #121212; }  /* the dark red stood at 2:1 on the dark page: 8.9:1 */
}
"""


def her_page(request: Request, mark: str, read: Callable[[Session, Actor], Any],
             render: Callable[[Actor, Any], str]) -> Response:
    """One of her pages for the offline copy (this one, and citizenplan/reports/offline_pages.py): only for the
    citizen whose cookie it is, marked `mark` so the service worker keeps it; anyone else is sent on, unmarked,
    and the worker drops every copy it holds."""
    with session_scope() as db:
        actor = accounts.actor_from_token(db, token_from_cookie_header(request.headers.get("cookie")))
        if actor is None:
            return Response(status_code=303, headers={"Location": routes.LOGIN, **NO_STORE})
        if actor.role is not Role.CITIZEN:
            return Response(status_code=303, headers={"Location": routes.home_for(actor.role), **NO_STORE})
        try:
            data = read(db, actor)
        except AccessDenied:
            return Response(status_code=303, headers={"Location": routes.LOGIN, **NO_STORE})
    return HTMLResponse(render(actor, data), headers={**NO_STORE, OFFLINE_HEADER: mark, "Vary": "Cookie"})


def crisis_plan_page(request: Request) -> Response:
    return her_page(request, "crisis-plan",
                    lambda db, actor: next(iter(workbook.items(db, actor, (ItemKind.CRISIS_PLAN,))), None),
                    lambda actor, plan: _html(plan.content if plan else None, actor.locale))


def _html(content: dict | None, locale: str) -> str:
    def _(message: str, **params) -> str:
        return escape(i18n.translate(message, locale, **params))

    parts = [
        f'<section class="emergency" aria-labelledby="now"><h2 id="now">{_(URGENT)}</h2>',
        f'<a class="call" href="tel:112">{_(CALL_112)}</a>',
        f"<p>{_(PSYCHIATRIC_LINE)}</p></section>",
    ]
    if not content:
        parts.append(f'<p>{_(NO_PLAN)}</p>')
        parts.append(f'<p><a class="tap" href="{escape(routes.chat("crisis_plan"))}">'
                     f'{_(MAKE_PLAN)}</a></p>')
    else:
        for key, label in FIELDS[:3]:
            if content.get(key):
                parts.append(f"<h2>{_(label)}</h2><p>{escape(str(content[key]))}</p>")
        contacts = [c for c in content.get("contacts", []) if c.get("name") or c.get("phone")]
        if contacts:
            parts.append(f'<h2>{_(STAFF_MAY_CALL)}</h2><ul>')
            for c in contacts:
                name, phone = escape(str(c.get("name") or "")), str(c.get("phone") or "")
                number = "".join(ch for ch in phone if ch.isdigit())
                call = f' <a class="tap" href="tel:+45{number}">{escape(phone)}</a>' if number else ""
                parts.append(f"<li>{name}{call}</li>")
            parts.append("</ul>")
        key, label = FIELDS[3]
        if content.get(key):
            parts.append(f"<h2>{_(label)}</h2><p>{escape(str(content[key]))}</p>")
        parts.append(f'<p><a class="tap" href="{escape(routes.chat("crisis_plan"))}">'
                     f'{_(CHANGE_PLAN)}</a></p>')
    parts.append(f'<p class="fetched">{_(FETCHED, date=i18n.date_time(utcnow(), locale))}</p>')
    parts.append(f'<p><a class="tap" href="{routes.CITIZEN_HOME}">{_(TO_HOME)}</a></p>')
    return document(_(TITLE), "".join(parts), locale)


def document(title: str, main: str, locale: str, before: str = "") -> str:
    """A whole plain page of hers: `title` and `main` already escaped HTML; `before` goes above the heading."""
    lang = "en" if i18n.supported(locale) == "en" else "da"
    # minvej.js in <head>: her "Let at læse" before the first paint, and "Læs op" (shown where the phone can speak).
    read_aloud = (f'<button type="button" class="read-aloud" data-read-aloud data-speak-from="main" aria-pressed="false">'
                  f'{SPEAKER} {escape(i18n.translate(READ_ALOUD, locale))}</button>')
    return (f'<!doctype html><html lang="{lang}" dir="ltr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="theme-color" content="#1f5f5b"><link rel="icon" href="/favicon.ico">'
            f'<title>{title} – Min Vej</title><style>{STYLE}</style><script src="/minvej.js"></script></head><body>'
            f'<header><a href="{routes.CITIZEN_HOME}">Min Vej</a></header>'
            f'<main>{before}<h1>{title}</h1>{read_aloud}{main}</main></body></html>')


ROUTES = [Route(routes.CRISIS_PLAN, crisis_plan_page, methods=["GET"])]
