"""The ceiling: a bare Flask "hello" app, served by gunicorn with the same settings as Touchpoint.

``/shaped`` is the same hello answering with a recorded config answer's bytes and headers
(BENCH_SHAPE_FILE, written by bench/load.py from Touchpoint's own answer): it computes
nothing, so its cost over the hello is what the answer's shape alone costs, the ceiling
of any config implementation that sends that answer.
"""
import base64
import json
import os
from functools import cache
from pathlib import Path

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The cheapest possible Flask response."""
    return "hello"


@app.get("/shaped")
def shaped():
    """A recorded answer, replayed: its body and headers, nothing computed."""
    body, headers = recorded_answer()
    return app.response_class(body, headers=headers)


@cache
def recorded_answer() -> tuple[bytes, tuple[tuple[str, str], ...]]:
    recorded = json.loads(Path(os.environ["BENCH_SHAPE_FILE"]).read_text())
    return base64.b64decode(recorded["body"]), tuple((name, value) for name, value in recorded["headers"])
