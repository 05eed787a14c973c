"""Links into the admin that messages carry (Slack, e-mail): built from PUBLIC_URL, none without it.

The worker has no request to take a host from, so a message links only when
PUBLIC_URL is set. An answer with a case links to the case page.
"""
from __future__ import annotations


def admin_link(admin_base: str | None, route: str) -> str | None:
    """``{PUBLIC_URL}/admin/#/{route}``, or None without a public base URL."""
    if not admin_base:
        return None
    return f"{admin_base.rstrip('/')}/admin/#/{route}"


def case_link(case_id: int, admin_base: str | None) -> str | None:
    """The case page, or None without a public base URL."""
    return admin_link(admin_base, f"cases/{case_id}")


def response_link(data: dict, admin_base: str | None) -> str | None:
    """The admin page that shows an event's answer: its case, else its survey's results; None without a base URL."""
    if data.get("case_id") is not None:
        return case_link(data["case_id"], admin_base)
    if data.get("survey_id") is None:
        return None
    return admin_link(admin_base, f"surveys/{data['survey_id']}/results")
