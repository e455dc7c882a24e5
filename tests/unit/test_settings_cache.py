"""get_settings() is cached by the values of the variables it reads: a variable Settings reads but the
cache key leaves out would keep old settings after a change."""

import re
from pathlib import Path

from citizenplan import settings


def test_the_cache_key_holds_every_variable_the_settings_read():
    source = Path(settings.__file__).read_text()
    read = set(re.findall(r'"(CITIZENPLAN_[A-Z0-9_]+)"', source))
    assert read == set(settings.ENVIRONMENT)


def test_a_changed_variable_gives_new_settings_at_once(monkeypatch):
    monkeypatch.setenv("CITIZENPLAN_SESSION_IDLE_MINUTES", "17")
    assert settings.get_settings().session_idle_minutes == 17
    monkeypatch.setenv("CITIZENPLAN_SESSION_IDLE_MINUTES", "18")
    assert settings.get_settings().session_idle_minutes == 18
