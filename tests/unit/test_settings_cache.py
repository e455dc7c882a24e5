"""get_settings() is cached by the values of the variables it reads: a variable Settings reads but the
cache key leaves out would keep old settings after a change."""

import re
from pathlib import Path

from citizenplan import settings


def test_the_cache_key_holds_every_variable_the_settings_read():
    source = Path(settings.__file__).read_text()
    read = set(re.findall(r'"(CITIZENPLAN_[A-Z0-9_]+|PORT)"', source)) | set(re.findall(r"'(PORT)'", source))
    assert read == set(settings.ENVIRONMENT)


def test_a_changed_variable_gives_new_settings_at_once(monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_SESSION_IDLE_MINUTES", "17")
    assert settings.get_settings().session_idle_minutes == 17
    monkeypatch.setenv("CITIZENPLAN_SESSION_IDLE_MINUTES", "18")
    assert settings.get_settings().session_idle_minutes == 18


def test_links_carry_the_port_actually_served_when_no_public_url_is_set(monkeypatch):
    """`PORT=8080 make run` serves on 8080; an activation link or QR code that says 3000 leads nowhere."""
    monkeypatch.delenv("CITIZENPLAN_PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "8080")
    assert settings.get_settings().public_url == "http://localhost:8080"
    monkeypatch.delenv("PORT")
    assert settings.get_settings().public_url == "http://localhost:3000"


def test_a_public_url_that_is_set_wins_over_the_port(monkeypatch):
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("CITIZENPLAN_PUBLIC_URL", "https://minvej.example.dk")
    assert settings.get_settings().public_url == "https://minvej.example.dk"
