"""SECRET_KEY: generated and kept for the embedded default, required on PostgreSQL and in production (issue 13)."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from server import create_app
from server.runtime.secret_key import HOW_TO_MAKE_ONE, KEY_FILE, OLD_DEFAULT, SecretKeyError
from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
# what the app reads from the environment about its key and its mode, removed so each test sets its own
KEY_VARIABLES = ("SECRET_KEY", "DATABASE_URL", "FLASK_ENV", "TOUCHPOINT_ENV", "REDIS_URL")
PRINT_KEY = ("import sys; from server import create_app; "
             "print(create_app({'REDIS_URL': None}, instance_path=sys.argv[1]).config['SECRET_KEY'])")


def clean_env(**settings) -> dict:
    """This process's environment without any key or mode settings, plus ``settings``."""
    env = {name: value for name, value in os.environ.items() if name not in KEY_VARIABLES}
    return {**env, **settings}


def embedded(tmp_path) -> dict:
    """The embedded default as `make run` has it: SQLite, no key, not production."""
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'tp.sqlite'}", "SECRET_KEY": None,
            "PRODUCTION": False, "REDIS_URL": None}


def test_the_embedded_default_generates_a_key_once_keeps_it_private_and_reuses_it(tmp_path):
    instance = tmp_path / "instance"
    key = create_app(embedded(tmp_path), instance_path=str(instance)).config["SECRET_KEY"]
    assert len(key) >= 60 and key != OLD_DEFAULT
    kept = instance / KEY_FILE
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600, "only the app's user may read the key"
    assert create_app(embedded(tmp_path), instance_path=str(instance)).config["SECRET_KEY"] == key
    again = subprocess.run([sys.executable, "-c", PRINT_KEY, str(instance)], cwd=ROOT, env=clean_env(),
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == key, "a later process reuses the kept key"
    assert sorted(os.listdir(instance)) == [KEY_FILE], "no temporary file is left behind"


def test_processes_starting_together_agree_on_one_key(tmp_path):
    """Gunicorn's workers build the app at the same moment: they must not each keep a key of their own."""
    instance = tmp_path / "instance"
    starts = [subprocess.Popen([sys.executable, "-c", PRINT_KEY, str(instance)], cwd=ROOT, env=clean_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    keys = set()
    for proc in starts:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        keys.add(out.strip())
    assert keys == {(instance / KEY_FILE).read_text().strip()}
    assert sorted(os.listdir(instance)) == [KEY_FILE]


@pytest.mark.parametrize("key,problem", [(None, "not set"), ("", "not set"), ("   ", "not set"),
                                         (OLD_DEFAULT, "the old public development default"),
                                         ("x" * 31, "shorter than 32 characters")])
@pytest.mark.parametrize("mode", ["postgres", "production"])
def test_a_production_like_app_without_a_real_key_refuses_to_start(tmp_path, key, problem, mode):
    if mode == "postgres":
        config = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:5432/unused", "PRODUCTION": False}
    else:
        config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'tp.sqlite'}", "PRODUCTION": True}
    instance = tmp_path / "instance"
    with pytest.raises(SecretKeyError) as refused:
        create_app({**config, "SECRET_KEY": key, "REDIS_URL": None}, instance_path=str(instance))
    message = str(refused.value)
    assert message.startswith(f"SECRET_KEY is {problem}:") and HOW_TO_MAKE_ONE in message and "\n" not in message
    assert not (instance / KEY_FILE).exists(), "production never falls back to a generated key"


def test_a_real_key_starts_on_postgresql(pg_url, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": pg_url, "SECRET_KEY": TEST_SECRET, "REDIS_URL": None},
                     instance_path=str(tmp_path / "instance"))
    assert app.config["SECRET_KEY"] == TEST_SECRET
    assert not (tmp_path / "instance" / KEY_FILE).exists()


def test_flask_cli_on_postgresql_without_a_key_exits_with_the_reason(pg_url):
    env = clean_env(DATABASE_URL=pg_url.replace("postgresql+psycopg://", "postgresql://"))
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "server", "db", "current"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "SECRET_KEY is not set:" in done.stderr and HOW_TO_MAKE_ONE in done.stderr


def test_flask_cli_in_production_with_a_real_key_runs(tmp_path):
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'tp.sqlite'}", FLASK_ENV="production",
                    SECRET_KEY=TEST_SECRET)
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "server", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_gunicorn_in_production_without_a_key_exits_with_the_reason(tmp_path):
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'tp.sqlite'}", TOUCHPOINT_ENV="production",
                    SECRET_KEY=OLD_DEFAULT)
    done = subprocess.run([sys.executable, "-m", "gunicorn", "--worker-class",
                           "server.runtime.gunicorn_worker.GeventWorker", "--workers", "1", "-b", "127.0.0.1:0",
                           "server:create_app()"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "SECRET_KEY is the old public development default:" in done.stderr and HOW_TO_MAKE_ONE in done.stderr
