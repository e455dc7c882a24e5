"""Reflex configuration. Everything that differs between machines comes from the environment."""

import os

import reflex as rx

from citizenplan.settings import get_settings

config = rx.Config(
    app_name="citizenplan",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="light",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="teal", gray_color="slate", radius="large", appearance="light"),
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # A tab's state (in Redis, or in .states/ on one machine) holds what its page showed: kept no longer than
    # an idle login lives (30 minutes); the database is the only memory that counts.
    redis_token_expiration=int(os.environ.get("CITIZENPLAN_STATE_EXPIRY_SECONDS", "1800")),
    frontend_port=int(os.environ.get("PORT", "3000")),
    backend_port=int(os.environ.get("PORT", "3000")),
    # CORS on every route and the websocket handshake (socket.io) accept only pages of the app itself
    # (CITIZENPLAN_PUBLIC_URL; see Settings.allowed_origins). Reflex's default is every origin, with credentials.
    cors_allowed_origins=list(get_settings().allowed_origins),
)
