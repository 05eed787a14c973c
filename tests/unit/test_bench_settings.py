"""The bench runs gunicorn as the Procfile does: its workers, requests in the app per worker and connection cap."""
import pytest

from bench.common import GUNICORN, procfile_default


def setting(flag: str) -> str:
    return GUNICORN[GUNICORN.index(flag) + 1]


def test_the_bench_takes_the_procfiles_defaults():
    assert procfile_default("GUNICORN_THREADS") == "8"
    assert (setting("--workers"), setting("--threads"), setting("--worker-connections")) == (
        procfile_default("WEB_CONCURRENCY"), procfile_default("GUNICORN_THREADS"), procfile_default("WORKER_CONNECTIONS"))


def test_a_setting_the_procfile_does_not_default_is_an_error():
    with pytest.raises(LookupError, match="NO_SUCH_SETTING"):
        procfile_default("NO_SUCH_SETTING")
