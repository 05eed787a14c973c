"""Command-line tools: create-admin, seed-demo (with its webhook), demo-info, worker, export-site, delete-site-responses."""
from __future__ import annotations

import logging
import os
import secrets

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from .catalog.demo import demo_site, seed_demo
from .catalog.links import link_path
from .catalog.sites import site_by_key
from .catalog.users import create_user
from .database import db
from .errors import ApiError
from .ingest.erasure import erase_site_responses
from .models import ROLES, User
from .outbox.alert_rules import seed_demo_rule
from .outbox.demo_receiver import seed_demo_endpoint
from .reporting.exports import site_export

DEMO_ADMIN_EMAIL = "admin@touchpoint.local"


def demo_credentials_path() -> str:
    return os.path.join(current_app.instance_path, "demo-admin.txt")


def seed_demo_webhook(site, port: int) -> None:
    """Point a webhook endpoint of the demo site at the built-in receiver (PUBLIC_URL, else 127.0.0.1:port).

    The receiver is on this machine, so the SSRF guard must allow private
    addresses: `make run` sets WEBHOOKS_ALLOW_PRIVATE=1; without it the demo has no endpoint, and says why.
    """
    base = current_app.config["PUBLIC_URL"] or f"http://127.0.0.1:{port}"
    try:
        endpoint = seed_demo_endpoint(site, base)
    except ApiError as exc:
        click.echo(f"No demo webhook endpoint: {'; '.join(exc.errors.get('url', [exc.message]))} "
                   "(`make run` sets WEBHOOKS_ALLOW_PRIVATE=1 for the local demo).")
        return
    if endpoint is not None:
        click.echo(f"Demo webhook endpoint: {endpoint.url} (see what arrives at {base}/demo/webhook-log)")


def ensure_demo_admin() -> None:
    """On an empty install, create an admin with a random password kept in the instance folder (0600)."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return
    password = secrets.token_urlsafe(12)
    create_user(DEMO_ADMIN_EMAIL, password, "admin")
    os.makedirs(current_app.instance_path, exist_ok=True)
    path = demo_credentials_path()
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
        handle.write(f"{DEMO_ADMIN_EMAIL}\n{password}\n")


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""

    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    @click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
    def create_admin(email: str, password: str, role: str):
        """Create an admin-panel user (or reset their password)."""
        if len(password) < 8:
            raise click.BadParameter("use at least 8 characters", param_hint="--password")
        user = create_user(email, password, role)
        click.echo(f"{user.role} {user.email} is ready.")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the demo site already exists.")
    @click.option("--port", default=5000, show_default=True, help="Where the demo's webhook receiver listens.")
    def seed_demo_command(if_empty: bool, port: int):
        """Create the demo site with its surveys (exit-intent NPS, cart abandonment, a feedback tab, a survey link),
        a webhook endpoint and an alert rule."""
        ensure_demo_admin()
        existing = demo_site()
        if existing and if_empty:
            click.echo(f"Demo site exists: {existing.key}")
        else:
            existing = seed_demo()
            click.echo(f"Demo site created: {existing.key}")
        seed_demo_webhook(existing, port)
        for survey in existing.surveys:
            if link_path(survey):
                base = current_app.config["PUBLIC_URL"] or f"http://127.0.0.1:{port}"
                click.echo(f"Demo survey link ({survey.name}): {base.rstrip('/')}{link_path(survey)}?order=A-1001")
        rule = seed_demo_rule(existing)
        if rule is not None:
            mail = "sent" if current_app.config["MAIL_SERVER"] else "recorded (MAIL_SERVER is not set, so not sent)"
            click.echo(f"Demo alert rule: every detractor, e-mailed to {rule.recipients[0]}: {mail}")

    @app.cli.command("export-site")
    @click.argument("site_key")
    @click.option("--output", "-o", default="-", type=click.Path(dir_okay=False, allow_dash=True),
                  help="File to write (default: standard output).")
    @click.option("--format", "fmt", type=click.Choice(["ndjson", "csv"]), default="ndjson", show_default=True)
    def export_site_command(site_key: str, output: str, fmt: str):
        """Export every response of a site (with recovery answers), streamed."""
        site = site_by_key(site_key)
        if site is None:
            raise click.ClickException(f"No site has the key {site_key!r}.")
        with click.open_file(output, "wb") as handle:
            for chunk in site_export(site, fmt):
                handle.write(chunk.encode("utf-8"))
        if output != "-":
            click.echo(f"Exported the responses of {site.name} ({site.key}) to {output}.", err=True)

    @app.cli.command("delete-site-responses")
    @click.argument("site_key")
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def delete_site_responses_command(site_key: str, yes: bool):
        """Delete every response, recovery answer and event of a site (its surveys stay)."""
        site = site_by_key(site_key)
        if site is None:
            raise click.ClickException(f"No site has the key {site_key!r}.")
        if not yes:
            click.confirm(f"Delete every response of {site.name} ({site.key})? This cannot be undone.", abort=True)
        counts = erase_site_responses(site)
        click.echo("Deleted " + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()) + ".")

    @app.cli.command("worker")
    @click.option("--threads", type=int, default=None, help="Deliveries in flight at once (default: WORKER_THREADS).")
    def worker_command(threads: int | None):
        """Run the outbox worker: drain events into signed webhook deliveries, with retries, until stopped."""
        from .outbox.queue import OutboxQueue  # huey is loaded by the worker only, not by every web process
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
        logging.getLogger("huey").setLevel(logging.WARNING)  # not two lines a second for the pump's rounds
        logging.getLogger("huey.consumer").setLevel(logging.INFO)  # but say that it started, and how
        app_object = current_app._get_current_object()
        OutboxQueue(app_object).run(threads or app_object.config["WORKER_THREADS"])

    @app.cli.command("demo-info")
    @click.option("--port", default=5000, show_default=True)
    def demo_info(port: int):
        """Print where the demo runs and how to sign in to the admin."""
        base = f"http://127.0.0.1:{port}"
        click.echo(f"\n  Touchpoint is starting on {base}")
        click.echo(f"  Demo shop (the real snippet):  {base}/demo")
        click.echo(f"  A feedback tab, order page:    {base}/demo/thanks")
        click.echo(f"  An inline survey, help page:   {base}/demo/help")
        click.echo(f"  Admin panel:                   {base}/admin/")
        click.echo(f"  Webhooks the demo receives:    {base}/demo/webhook-log")
        try:
            with open(demo_credentials_path()) as handle:
                email, password = handle.read().split()[:2]
            click.echo(f"  Admin sign-in:                 {email} / {password}")
        except (OSError, ValueError):
            click.echo("  Admin sign-in: create one with `flask --app server create-admin`")
        click.echo(f"  OpenAPI:                       {base}/api/openapi.json\n")
