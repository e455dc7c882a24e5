"""The origins allowed to talk to the app (CORS, websocket, /auth/*) come from CITIZENPLAN_PUBLIC_URL alone."""

import pytest

from citizenplan.settings import get_settings, origins_of


@pytest.mark.parametrize(("public_url", "origins"), [
    ("https://minvej.kommune.dk/", ("https://minvej.kommune.dk",)),
    ("https://MinVej.Kommune.dk:443/app", ("https://minvej.kommune.dk",)),
    ("https://minvej.kommune.dk:8443", ("https://minvej.kommune.dk:8443",)),
    ("http://localhost:3000", ("http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000")),
    ("http://127.0.0.1:8080/", ("http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080")),
])
def test_the_public_url_gives_the_origins_a_browser_sends(public_url, origins):
    assert origins_of(public_url) == origins


def test_the_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "https://minvej.example.dk")
    assert get_settings().allowed_origins == ("https://minvej.example.dk",)
