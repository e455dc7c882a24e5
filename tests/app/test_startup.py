"""The app refuses to start on a database that is not migrated, and says which command fixes it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_refuses_an_unmigrated_database_and_names_the_fix(tmp_path):
    env = {**os.environ, "CITIZENPLAN_DATA_DIR": str(tmp_path)}
    env.pop("CITIZENPLAN_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", "import citizenplan.citizenplan"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "make migrate" in result.stderr


def test_the_check_command_says_the_same(tmp_path):
    env = {**os.environ, "CITIZENPLAN_DATA_DIR": str(tmp_path)}
    env.pop("CITIZENPLAN_DATABASE_URL", None)
    cli = [sys.executable, "-m", "citizenplan.cli"]
    first = subprocess.run([*cli, "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 1 and "make migrate" in first.stderr
    subprocess.run([*cli, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    assert subprocess.run([*cli, "check"], cwd=ROOT, env=env, timeout=120).returncode == 0
