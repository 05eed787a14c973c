"""The words of the e-mails the worker sends: an alert, the notice that an endpoint was disabled, and the digest.

Pure functions from plain values to (subject, text, html); every value from a
visitor or an admin is escaped in the HTML part.
"""
from __future__ import annotations

from html import escape
from typing import NamedTuple

CATEGORY_WORDS = {"detractor": "Detractor", "passive": "Passive", "promoter": "Promoter"}
TRIGGER_WORDS = {"answer": "a completed answer", "recovery": "a recovery form"}
TREND_WORDS = {"up": "↑ up", "down": "↓ down", "flat": "→ flat", "none": "–"}


class Mail(NamedTuple):
    subject: str
    text: str
    html: str


def score_words(score, category) -> str:
    """"2 (Detractor)", "No score"."""
    text = "No score" if score is None else f"{score:g}"
    word = CATEGORY_WORDS.get(category or "")
    return f"{text} ({word})" if word and score is not None else text


def html_page(title: str, body: str) -> str:
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body style="font-family:system-ui,sans-serif;color:#1f2933;max-width:40em">{body}</body></html>')


def rows_html(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top">{escape(k)}</th>'
                    f'<td style="padding:4px 0;white-space:pre-wrap">{escape(v)}</td></tr>' for k, v in rows)
    return f"<table>{cells}</table>"


def alert_mail(facts: dict, rule_name: str, site_name: str, trigger: str, link: str | None) -> Mail:
    """An alert: score, comment, page, device, the consented contact e-mail, and a link to the answer."""
    where = facts.get("touchpoint") or f"survey {facts.get('survey_id')}"
    subject = f"Alert: {score_words(facts.get('score'), facts.get('category'))} · {where} · {site_name}"
    rows = [("Score", score_words(facts.get("score"), facts.get("category")))]
    if facts.get("comment"):
        rows.append(("Comment", facts["comment"]))
    if facts.get("message"):
        rows.append(("Recovery message", facts["message"]))
    rows += [("Page", facts.get("page_url") or "–"), ("Device", facts.get("device") or "–"),
             ("Touchpoint", where)]
    if facts.get("email"):  # present only when the customer consented on the recovery page
        rows.append(("Contact (consented)", facts["email"]))
    intro = f'The alert rule "{rule_name}" on {site_name} matched {TRIGGER_WORDS.get(trigger, trigger)}.'
    footer = f'You get this e-mail as a recipient of the alert rule "{rule_name}" (Alerts tab of {site_name}).'
    text = "\n".join([intro, "", *(f"{k}: {v}" for k, v in rows), ""]
                     + ([f"Open the answer in Touchpoint: {link}", ""] if link else []) + ["-- ", footer]) + "\n"
    html = html_page(subject, f"<p>{escape(intro)}</p>{rows_html(rows)}"
                     + (f'<p><a href="{escape(link)}">Open the answer in Touchpoint</a></p>' if link else "")
                     + f'<p style="color:#66727f;font-size:0.9em">{escape(footer)}</p>')
    return Mail(subject, text, html)


def endpoint_disabled_mail(endpoint_name: str, url: str, reason: str, when: str, site_name: str,
                           link: str | None) -> Mail:
    """The notice to a site's admins that the worker disabled a webhook endpoint."""
    subject = f"Webhook endpoint disabled: {endpoint_name} · {site_name}"
    intro = (f"Touchpoint stopped sending events to a webhook endpoint of {site_name}. "
             "Events that happen while it is disabled are not sent to it.")
    rows = [("Endpoint", endpoint_name), ("URL", url), ("Why", reason), ("Since", when)]
    action = "Fix the receiver, then enable the endpoint again on the site's Webhooks tab"
    text = "\n".join([intro, "", *(f"{k}: {v}" for k, v in rows), "", f"{action}{': ' + link if link else '.'}"]) + "\n"
    html = html_page(subject, f"<p>{escape(intro)}</p>{rows_html(rows)}<p>"
                     + (f'<a href="{escape(link)}">{escape(action)}</a>' if link else escape(action) + ".") + "</p>")
    return Mail(subject, text, html)


def digest_mail(site_name: str, period: str, frequency: str, digest: dict, link: str | None) -> Mail:
    """The digest: score and trend per touchpoint, new detractor comments, and the cases section when there is one."""
    subject = f"Touchpoint {frequency} digest · {site_name} · {period}"
    text, html = [f"{site_name}, {period}", ""], [f"<h1 style=\"font-size:1.3em\">{escape(site_name)}, {escape(period)}</h1>"]
    text.append("Score per touchpoint (trend against the period before)")
    html.append("<h2 style=\"font-size:1.1em\">Score per touchpoint</h2>")
    if digest["touchpoints"]:
        cells = []
        for row in digest["touchpoints"]:
            score = "–" if row["score"] is None else f"{row['score']:g} {row['metric'] or ''}".strip()
            trend = TREND_WORDS[row["trend"]]
            text.append(f"- {row['touchpoint']}: {score}, {trend} ({row['responses']} answers)")
            cells.append(f"<tr><td style=\"padding:4px 12px 4px 0\">{escape(row['touchpoint'])}</td>"
                         f"<td style=\"padding:4px 12px 4px 0\">{escape(score)}</td>"
                         f"<td style=\"padding:4px 12px 4px 0\">{escape(trend)}</td><td>{row['responses']}</td></tr>")
        html.append("<table><tr><th style=\"text-align:left\">Touchpoint</th><th style=\"text-align:left\">Score</th>"
                    "<th style=\"text-align:left\">Trend</th><th style=\"text-align:left\">Answers</th></tr>"
                    + "".join(cells) + "</table>")
    else:
        text.append("- No surveys yet.")
        html.append("<p>No surveys yet.</p>")
    text += ["", "New detractor comments"]
    html.append("<h2 style=\"font-size:1.1em\">New detractor comments</h2>")
    if digest["detractor_comments"]:
        for item in digest["detractor_comments"]:
            text.append(f"- {item['touchpoint']}, score {item['score']:g}: {item['comment']}")
        html.append("<ul>" + "".join(f"<li><b>{escape(item['touchpoint'])}</b>, score {item['score']:g}: "
                                     f"{escape(item['comment'])}</li>" for item in digest["detractor_comments"])
                    + "</ul>")
        if digest["more_comments"]:
            text.append(f"- and {digest['more_comments']} more")
            html.append(f"<p>and {digest['more_comments']} more</p>")
    else:
        text.append("- None in this period.")
        html.append("<p>None in this period.</p>")
    cases = digest.get("cases")
    if cases:  # the case inbox fills this section; without it there is no heading at all
        text += ["", cases["title"], *(f"- {line}" for line in cases["lines"])]
        html.append(f"<h2 style=\"font-size:1.1em\">{escape(cases['title'])}</h2><ul>"
                    + "".join(f"<li>{escape(line)}</li>" for line in cases["lines"]) + "</ul>")
    if link:
        text += ["", f"Open the touchpoint map: {link}"]
        html.append(f'<p><a href="{escape(link)}">Open the touchpoint map</a></p>')
    return Mail(subject, "\n".join(text) + "\n", html_page(subject, "".join(html)))
