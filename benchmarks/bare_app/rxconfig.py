"""The bare Reflex app's configuration: the same Reflex, theme and port setup as Min Vej, nothing else."""

import os

import reflex as rx

config = rx.Config(
    app_name="barechat",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="light",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="teal", gray_color="slate", radius="large", appearance="light"),
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    frontend_port=int(os.environ.get("PORT", "3000")),
    backend_port=int(os.environ.get("PORT", "3000")),
)
