"""The ceiling: a bare Flask "hello" app, served by gunicorn with the same settings as Touchpoint."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The cheapest possible Flask response."""
    return "hello"
