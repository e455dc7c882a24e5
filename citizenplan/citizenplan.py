"""The rx.App: pages and routes, nothing else."""

import sys

import reflex as rx

from citizenplan import migrations, pages
from citizenplan.auth.http import auth_api
from citizenplan.components.layout import TAP, TEAL

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
    api_transformer=auth_api(),
)
pages.register(app)
