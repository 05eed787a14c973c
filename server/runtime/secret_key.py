"""SECRET_KEY at start-up: a real one wherever it matters, a generated one kept for the embedded default.

SECRET_KEY signs admin sessions and keys the IP hashes. A key everyone knows
(the old built-in default) lets anyone forge a session, so:

- on PostgreSQL, or with FLASK_ENV / TOUCHPOINT_ENV set to ``production``, the
  app refuses to start unless SECRET_KEY is set to something long enough;
- on the embedded SQLite default with no key set, a random key is generated
  once and kept in the instance folder (mode 0600), so `make run` needs no
  setting and sessions survive restarts.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import tempfile

MIN_LENGTH = 32
OLD_DEFAULT = "dev-only-change-me"
KEY_FILE = "secret_key"
HOW_TO_MAKE_ONE = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class SecretKeyError(RuntimeError):
    """The app must not start with this SECRET_KEY; the message says why and how to make one."""


def production_like(config) -> bool:
    """True on PostgreSQL (anything but SQLite) or when the environment is declared production."""
    return bool(config.get("PRODUCTION")) or not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def weakness(key: str | None) -> str | None:
    """Why ``key`` is no real secret, or None when it will do."""
    if not key or not key.strip():
        return "not set"
    if key == OLD_DEFAULT:
        return "the old public development default"
    if len(key) < MIN_LENGTH:
        return f"shorter than {MIN_LENGTH} characters"
    return None


def resolve_secret_key(config, instance_path: str) -> str:
    """The key the app runs with; raises SecretKeyError where a real key is required and missing."""
    key = config.get("SECRET_KEY")
    if production_like(config):
        problem = weakness(key)
        if problem:
            raise SecretKeyError(
                f"SECRET_KEY is {problem}: on PostgreSQL or in production Touchpoint needs a random SECRET_KEY of "
                f"at least {MIN_LENGTH} characters, the same on every instance; make one with: {HOW_TO_MAKE_ONE}")
        return key
    if key:
        return key
    return kept_key(os.path.join(instance_path, KEY_FILE))


def kept_key(path: str) -> str:
    """The key stored at ``path``, created first if missing.

    Workers that start together may both find no file: each writes its own key
    to a private temporary file (mkstemp: mode 0600) and hard-links it into place,
    which fails for all but the first; everyone then reads the winner's key.
    """
    try:
        return read_key(path)
    except FileNotFoundError:
        pass
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".secret_key.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process won the race: everybody uses its key
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return read_key(path)


def read_key(path: str) -> str:
    """The key in a key file; an empty file is refused rather than silently used."""
    with open(path) as handle:
        key = handle.read().strip()
    if not key:
        raise SecretKeyError(f"{path} is empty: delete it to have a new SECRET_KEY generated, or set SECRET_KEY")
    return key
