"""rxconfig.py gives `--backend-only` only a backend port and `--frontend-only` only a frontend port (Reflex
refuses the other), `make run`'s one port to both, and binds the backend to loopback unless told."""

import importlib.util
import sys

import pytest

from tests.support.app_server import PROJECT_DIR


def _config(monkeypatch, argv: list[str], **env: str):
    monkeypatch.setattr(sys, "argv", ["reflex", "run", "--env", "prod", *argv])
    for name in ("PORT", "CITIZENPLAN_BIND", "REFLEX_BACKEND_ONLY", "REFLEX_FRONTEND_ONLY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("rxconfig_under_test", PROJECT_DIR / "rxconfig.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.config


@pytest.mark.parametrize(("argv", "env", "frontend", "backend"), [
    ([], {"PORT": "8080"}, 8080, 8080),
    (["--backend-only", "--backend-port", "9001"], {"PORT": "8080"}, None, 8080),
    (["--frontend-only"], {"PORT": "8080"}, 8080, None),
    ([], {"PORT": "8080", "REFLEX_BACKEND_ONLY": "true"}, None, 8080),
])
def test_each_mode_gets_only_its_own_port(monkeypatch, argv, env, frontend, backend):
    config = _config(monkeypatch, argv, **env)
    assert (config.frontend_port, config.backend_port) == (frontend, backend)


def test_the_backend_listens_on_loopback_unless_told(monkeypatch):
    assert _config(monkeypatch, ["--backend-only"]).backend_host == "127.0.0.1"
    assert _config(monkeypatch, ["--backend-only"], CITIZENPLAN_BIND="10.0.0.7").backend_host == "10.0.0.7"
