"""`make run-scale` is configured only by the environment: a wrong value stops the start with one Danish
sentence naming it, the PostgreSQL sizing rule is checked before anything starts, and nginx sends every
backend path, with the websocket upgrade, to the workers."""

import re
from pathlib import Path

import pytest

from citizenplan.ops import nginx
from citizenplan.ops.stack import ConfigError, read_config


def test_the_defaults_are_two_workers_on_loopback_behind_port_3000():
    config = read_config({})
    assert (config.workers, config.port, config.bind, config.public_url) == (2, 3000, "127.0.0.1",
                                                                             "http://localhost:3000")
    assert config.connections_needed == 2 * (5 + 10) + 5 <= config.pg_max_connections == 100


@pytest.mark.parametrize(("name", "value"), [
    ("WORKERS", "to"), ("WORKERS", "0"), ("PORT", "99999"), ("CITIZENPLAN_BIND", "localhost"),
    ("CITIZENPLAN_PUBLIC_URL", "minvej.example.dk"), ("CITIZENPLAN_DB_POOL_SIZE", "-1"),
    ("CITIZENPLAN_WORKER_HUNG_S", "1"),
])
def test_a_wrong_value_is_one_danish_sentence_naming_it(name, value):
    with pytest.raises(ConfigError) as error:
        read_config({name: value})
    message = str(error.value.code)
    assert message.startswith(name) and message.endswith(".") and message.count(". ") == 0
    assert repr(value) in message


def test_more_connections_than_postgresql_allows_stops_the_start():
    # Reflex's default of 2 × cores + 1 Granian processes per backend would be 7 × 15 on 3 cores.
    with pytest.raises(ConfigError) as error:
        read_config({"WORKERS": "7"})
    assert "WORKERS" in str(error.value.code) and "110" in str(error.value.code)
    assert read_config({"WORKERS": "7", "CITIZENPLAN_PG_MAX_CONNECTIONS": "110"}).workers == 7


def test_nginx_sends_every_backend_path_to_the_workers_with_the_websocket_upgrade():
    text = nginx.config(listen="127.0.0.1:8080", backends=["127.0.0.1:9001", "127.0.0.1:9002"],
                        site=Path("/srv/site"), folder=Path("/srv/nginx"), headers={}, run_as_root=False)
    backend = re.compile(nginx.backend_location())
    for path in ("/_event/?EIO=4&transport=websocket", "/_upload", "/_health", "/_ready", "/ping",
                 "/auth/session", "/pdf/handleplan", "/min-plan", "/arbejdsbog/punkt"):  # the last two: her data in them
        assert backend.match(path), path
    for path in ("/", "/borger", "/pingvin", "/assets/app.js", "/sw.js", "/arbejdsbog", "/min-planer"):
        assert not backend.match(path), path
    assert "server 127.0.0.1:9001" in text and "server 127.0.0.1:9002" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "pid /srv/nginx/nginx.pid;" in text and "user root" not in text


def test_workers_behind_nginx_count_the_client_s_address_not_nginx_s(tmp_path):
    """The login limit per address would otherwise see every login come from nginx on 127.0.0.1."""
    from citizenplan.ops.stack import Stack

    class _Started(Stack):
        database_url = "postgresql://minvej@127.0.0.1/minvej"
        redis_url = "redis://127.0.0.1:6379/0"

    stack = _Started.__new__(_Started)
    stack.config, stack.folder = read_config({}), tmp_path

    assert stack.app_environment()["REFLEX_TRUSTED_PROXY_HOPS"] == "1"
    site = nginx.config(listen="127.0.0.1:3000", backends=["127.0.0.1:8001"], site=tmp_path, folder=tmp_path,
                        headers={})
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in site


def test_the_sample_in_the_operations_guide_is_the_generated_configuration():
    """docs/operations.md shows what `make run-scale` writes, not a hand-kept copy that drifts."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    shown = text.split("```nginx\n", 1)[1].split("```", 1)[0]
    assert shown == nginx.sample()
