"""Reflex configuration. Everything that differs between machines comes from the environment."""

import os
import sys

import reflex as rx

from citizenplan.first_paint import FirstPaintPlugin
from citizenplan.settings import get_settings

_TRUE = ("1", "true", "yes", "on")


def _ports() -> dict[str, int]:
    """`make run` serves frontend and backend on one port, PORT. Reflex refuses a frontend port for
    `--backend-only` (and a backend port for `--frontend-only`), so each of those modes gets only its own:
    a backend worker of `make run-scale` is `reflex run --env prod --backend-only --backend-port N`."""
    port = int(os.environ.get("PORT", "3000"))
    backend_only = "--backend-only" in sys.argv or os.environ.get("REFLEX_BACKEND_ONLY", "").lower() in _TRUE
    frontend_only = "--frontend-only" in sys.argv or os.environ.get("REFLEX_FRONTEND_ONLY", "").lower() in _TRUE
    if backend_only:
        return {"backend_port": port}
    if frontend_only:
        return {"frontend_port": port}
    return {"frontend_port": port, "backend_port": port}


config = rx.Config(
    app_name="citizenplan",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="system",  # dark mode when the phone asks for it (prefers-color-scheme); assets/styles.css
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="teal", gray_color="slate", radius="medium", appearance="inherit"),
        ),
        FirstPaintPlugin(),  # the built pages paint before their scripts run; only the Radix CSS in use (issue 21)
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # No page imports the whole of Radix Themes for dynamic components it never renders (issue 21: ~60 KB of
    # JavaScript on every first load); Reflex loads such a library when a dynamic component first needs it.
    # Radix Themes is not on that list at all (FirstPaintPlugin.pre_compile): its lazy import() alone kept the
    # whole package in the chunk every page loads.
    frontend_lazy_bundled_libraries=True,
    # Brotli beside gzip: the built files are some 15 % smaller again for every browser that asks for it.
    frontend_compression_formats=["brotli", "gzip"],
    # A tab's state (in Redis, or in .states/ on one machine) holds what its page showed: kept no longer than
    # an idle login lives (30 minutes); the database is the only memory that counts.
    redis_token_expiration=int(os.environ.get("CITIZENPLAN_STATE_EXPIRY_SECONDS", "1800")),
    # Reflex warns of a tab's lock held for 1 s, with a formatted message on the event loop: an overloaded
    # worker wrote thousands of them (benchmarks/README.md, load.py), costing the loop more time exactly when it
    # had none. Warned at half of the lock's 10 s expiry, it still says when a save is about to be lost.
    redis_lock_warning_threshold=5000,
    # CORS on every route and the websocket handshake (socket.io) accept only pages of the app itself
    # (CITIZENPLAN_PUBLIC_URL; see Settings.allowed_origins). Reflex's default is every origin, with credentials.
    cors_allowed_origins=list(get_settings().allowed_origins),
    # Loopback unless the operator says otherwise (CITIZENPLAN_BIND=0.0.0.0 behind a firewall, or the
    # address nginx on another machine reaches): a backend is never open to the network by accident.
    backend_host=os.environ.get("CITIZENPLAN_BIND", "").strip() or "127.0.0.1",
    **_ports(),
)
