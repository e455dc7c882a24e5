"""The rx.App: pages and routes, and what every response and log line passes through."""

import sys
from pathlib import Path

import reflex as rx
from reflex import constants
from reflex.utils import prerequisites
from starlette.applications import Starlette

from citizenplan import log_redaction, migrations, pages, private_files, readiness
from citizenplan.auth import http as auth_http
from citizenplan.components import connection
from citizenplan.components.layout import TAP, TEAL
from citizenplan.first_paint import BuiltFiles
from citizenplan.reports import crisis_plan_page, fhir_http, my_data_http, offline_pages
from citizenplan.reports import http as report_http
from citizenplan.reports.first_data import HerDataFirst
from citizenplan.security_headers import SecurityHeaders
from citizenplan.state.outage import handle_backend_exception
from citizenplan.state.session import EASY_READ_KEY
from citizenplan.state.tab_owner import TabOwnerGuard

if pending := migrations.pending_revision():
    sys.exit(f"Databasen er ikke opdateret (står på {pending}). Kør: make migrate")

log_redaction.install()


def _built_pages() -> Path:
    """Where `reflex run --env prod` builds the pages the backend serves (REFLEX_WEB_WORKDIR decides)."""
    return prerequisites.get_web_dir() / constants.Dirs.STATIC


# Her "Let at læse" before the first paint (no flash of the plain page): an inline script in <head>, as Reflex's
# own colour-mode script, allowed by its SHA-256 like that one (security_headers.py reads them from the build).
EASY_READ_FIRST = ("try { if (localStorage.getItem('" + EASY_READ_KEY + "') === '1') "
                   "document.documentElement.classList.add('easy-read'); } catch (e) {}")

# "Læs op" keeps its room from the first paint where the browser can speak at all (assets/styles.css, html.may-speak):
# minvej.js, which finds the voices, runs only after the scripts, and the button appearing then moved the page.
SPEECH_FIRST = "if ('speechSynthesis' in window) document.documentElement.classList.add('may-speak');"


def _websocket_url() -> str:
    """Where the pages open the Reflex websocket (REFLEX_API_URL): the CSP must let them."""
    return rx.config.get_config().api_url


app = rx.App(
    html_lang="da",
    head_components=[
        rx.el.script(EASY_READ_FIRST),
        rx.el.script(SPEECH_FIRST),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.meta(name="theme-color", content=TEAL),
        rx.el.link(rel="icon", href="/favicon.ico"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.script(src="/minvej.js"),  # also registers the service worker: no inline script of ours (CSP)
    ],
    stylesheets=["/styles.css"],
    # PostgreSQL away for a moment: a calm Danish "prøver igen", never a stack trace or an English toast.
    backend_exception_handler=handle_backend_exception,
    style={"font_size": "1rem", rx.button: {"min_height": TAP}},
    # Our routes first; then the security headers around everything, the built pages and assets included.
    api_transformer=[
        Starlette(routes=[*auth_http.ROUTES, *report_http.ROUTES, *crisis_plan_page.ROUTES, *offline_pages.ROUTES,
                          *my_data_http.ROUTES, *fhir_http.ROUTES,
                          *readiness.ROUTES]),
        lambda backend: BuiltFiles(backend, static_dir=_built_pages),
        lambda backend: HerDataFirst(backend, static_dir=_built_pages),  # her data in /min-plan's first response
        lambda backend: SecurityHeaders(backend, static_dir=_built_pages, backend_url=_websocket_url),
    ],
)
# Our calm Danish status line instead of Reflex's red English "Cannot connect to server" toast and icon.
app.app_wraps = {**app.app_wraps, (5, "Overlay"): connection.overlay}
app.add_middleware(TabOwnerGuard(pages.page_states()), index=0)
pages.register(app)


def _private_state_store() -> None:
    """In the serving process only (not in `reflex export`): each tab's pickled state holds what its page
    showed, so the state folder and every file in it are the app's alone."""
    from reflex.utils.prerequisites import get_states_dir

    private_files.private_from_now_on()
    private_files.keep_private(get_states_dir())


app.register_lifespan_task(_private_state_store)
