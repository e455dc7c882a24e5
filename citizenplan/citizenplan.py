"""The rx.App: pages and routes, nothing else."""

import sys

import reflex as rx
from starlette.applications import Starlette

from citizenplan import migrations, pages, private_files, readiness
from citizenplan.auth import http as auth_http
from citizenplan.components.layout import TAP, TEAL
from citizenplan.reports import http as report_http
from citizenplan.state.tab_owner import TabOwnerGuard

if pending := migrations.pending_revision():
    sys.exit(f"Databasen er ikke opdateret (står på {pending}). Kør: make migrate")

REGISTER_SERVICE_WORKER = """
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => navigator.serviceWorker.register('/sw.js').catch(() => {}));
}
"""

app = rx.App(
    html_lang="da",
    head_components=[
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.meta(name="theme-color", content=TEAL),
        rx.el.link(rel="icon", href="/favicon.ico"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.script(REGISTER_SERVICE_WORKER),
        rx.script(src="/minvej.js"),
    ],
    stylesheets=["/styles.css"],
    style={"font_size": "1rem", rx.button: {"min_height": TAP}},
    api_transformer=Starlette(routes=[*auth_http.ROUTES, *report_http.ROUTES, *readiness.ROUTES]),
)
app.add_middleware(TabOwnerGuard(pages.page_states()), index=0)
pages.register(app)


def _private_state_store() -> None:
    """In the serving process only (not in `reflex export`): each tab's pickled state holds what its page
    showed, so the state folder and every file in it are the app's alone."""
    from reflex.utils.prerequisites import get_states_dir

    private_files.private_from_now_on()
    private_files.keep_private(get_states_dir())


app.register_lifespan_task(_private_state_store)
