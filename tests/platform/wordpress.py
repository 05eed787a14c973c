"""A real WordPress for the plugin's test: Debian's `wordpress` files served by `php -S`, on a MariaDB database
of its own, installed through its own install.php.

Nothing here writes outside a temporary folder and the database it creates: the core files are hard links
(copies across filesystems) of /usr/share/wordpress, with a wp-config.php of our own instead of Debian's,
which reads /etc/wordpress.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from tests.conftest import free_port, missing

CORE = Path(os.environ.get("WORDPRESS_CORE", "/usr/share/wordpress"))
MYSQL_HOST = os.environ.get("TEST_MYSQL_HOST", "127.0.0.1")
MYSQL_PORT = os.environ.get("TEST_MYSQL_PORT", "3306")
# .ci/setup-machine creates this account (root over TCP has no password only on some machines)
MYSQL_USER = os.environ.get("TEST_MYSQL_USER", "touchpoint")
MYSQL_PASSWORD = os.environ.get("TEST_MYSQL_PASSWORD", "touchpoint")
ADMIN_USER, ADMIN_PASSWORD = "admin", "correct horse battery staple"

CONFIG = """<?php
define('DB_NAME', '{db}');
define('DB_USER', '{user}');
define('DB_PASSWORD', '{password}');
define('DB_HOST', '{host}:{port}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
$table_prefix = 'wp_';
define('WP_DEBUG', true);            // notices go to the log the test reads, never into pages
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', '{log}');
define('FS_METHOD', 'direct');       // "Upload Plugin" writes straight into wp-content
define('DISABLE_WP_CRON', true);     // no loopback requests to a single-process server
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);  // no wordpress.org update checks; the Touchpoint server is on 127.0.0.1
define('WP_ACCESSIBLE_HOSTS', '127.0.0.1');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
"""
SALTS = ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT",
         "LOGGED_IN_SALT", "NONCE_SALT")


def mysql(sql: str, database: str = "") -> str:
    """Run SQL with the mysql client as the test account; returns its tab-separated output."""
    command = ["mysql", "-h", MYSQL_HOST, "-P", MYSQL_PORT, "-u", MYSQL_USER, "-N", "-B", "-e", sql]
    env = {**os.environ, "MYSQL_PWD": MYSQL_PASSWORD}
    result = subprocess.run(command + ([database] if database else []), capture_output=True, text=True, env=env,
                            timeout=30)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return result.stdout


def link_or_copy(source: str, target: str) -> None:
    """Hard-link a core file (instant); copy it when the temporary folder is on another filesystem."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def requirements() -> None:
    """Skip (or fail with CI=true) when PHP, its MySQL driver, the WordPress files or MariaDB are missing."""
    if not shutil.which("php"):
        missing("PHP", "php not found (apt-get install php-cli php-mysql php-curl)")
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout.lower()
    if "mysqli" not in modules:
        missing("PHP", "the mysqli extension is missing (apt-get install php-mysql)")
    if not (CORE / "wp-settings.php").exists():
        missing("WordPress", f"{CORE} not found (apt-get install wordpress)")
    if not shutil.which("mysql"):
        missing("MariaDB", "the mysql client is missing (apt-get install mariadb-client)")


def group_alive(pgid: int) -> bool:
    """Is any process of this process group still running?"""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


class WordPress:
    """One WordPress site on http://localhost:<port>, its database and its debug log."""

    def __init__(self, root: Path):
        requirements()
        self.root, self.port = root / "wordpress", free_port()
        self.url = f"http://localhost:{self.port}"
        self.db = f"touchpoint_wp_{os.getpid()}"
        self.log = root / "debug.log"
        self.process = None
        try:
            mysql(f"DROP DATABASE IF EXISTS `{self.db}`; CREATE DATABASE `{self.db}`")
        except RuntimeError as exc:
            missing("MariaDB", str(exc))

    def start(self) -> WordPress:
        """Lay out the files, serve them and run the installer."""
        shutil.copytree(CORE, self.root, symlinks=True, copy_function=link_or_copy,
                        ignore=shutil.ignore_patterns("wp-config.php", "languages", "akismet"))
        for folder in ("uploads", "upgrade"):
            (self.root / "wp-content" / folder).mkdir(parents=True, exist_ok=True)
        salts = "\n".join(f"define('{name}', '{os.urandom(24).hex()}');" for name in SALTS)
        (self.root / "wp-config.php").write_text(CONFIG.format(
            db=self.db, user=MYSQL_USER, password=MYSQL_PASSWORD, host=MYSQL_HOST, port=MYSQL_PORT, salts=salts,
            log=self.log))
        # several workers: a page may ask the server for something while another request is in flight
        env = {**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}
        # a process group of its own: its worker processes are stopped with it (stop), never left behind
        self.process = subprocess.Popen(["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.root)], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.wait_listening()
        answer = requests.post(f"{self.url}/wp-admin/install.php?step=2", timeout=60, data={
            "weblog_title": "Touchpoint test shop", "user_name": ADMIN_USER, "admin_password": ADMIN_PASSWORD,
            "admin_password2": ADMIN_PASSWORD, "pw_weak": "on", "admin_email": "admin@shop.example",
            "blog_public": "0", "language": ""})
        assert answer.status_code == 200 and "wp-login.php" in answer.text, answer.text[:2000]
        return self

    def wait_listening(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("php -S did not start")

    def option(self, name: str) -> str | None:
        """An option's raw value from the database, or None when the row does not exist."""
        rows = mysql(f"SELECT option_value FROM wp_options WHERE option_name = '{name}'", self.db).splitlines()
        return rows[0] if rows else None

    def errors(self) -> list[str]:
        """PHP notices, warnings and errors logged so far."""
        return self.log.read_text().splitlines() if self.log.exists() else []

    def stop(self) -> None:
        if self.process is not None:
            # the server and its PHP_CLI_SERVER_WORKERS children: terminating the parent alone orphaned them
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
            deadline = time.monotonic() + 10
            while group_alive(self.process.pid):
                assert time.monotonic() < deadline, "php -S workers outlived their server"
                time.sleep(0.05)
        with contextlib.suppress(RuntimeError):  # a database left behind is dropped by the next run of this pid
            mysql(f"DROP DATABASE IF EXISTS `{self.db}`")
