"""The public API's CORS headers are exactly what the flask-cors extension would give, for every kind of request."""
import itertools

import pytest
from flask import Blueprint, Flask
from flask_cors import CORS

from server.web.cors import PUBLIC_CORS, cors_headers

ORIGINS = [None, "https://shop.example", "http://localhost:3000", "null", "file://x", "https://evil.example"]
METHODS = ["GET", "POST", "OPTIONS"]
PREFLIGHTS = [{}, {"Access-Control-Request-Method": "POST"}, {"Access-Control-Request-Method": "DELETE"},
              {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-evil"},
              {"Access-Control-Request-Private-Network": "true"}]
CORS_NAMES = ("access-control-", "vary")


def extension_app() -> Flask:
    app = Flask(__name__)
    bp = Blueprint("public", __name__, url_prefix="/v1")
    bp.add_url_rule("/thing", "thing", lambda: "ok", methods=["GET", "POST"])
    CORS(bp, **PUBLIC_CORS)
    app.register_blueprint(bp)
    return app


@pytest.mark.parametrize("origin, method, extra", list(itertools.product(ORIGINS, METHODS, PREFLIGHTS)))
def test_the_cached_headers_are_the_extensions(origin, method, extra):
    headers = {**({"Origin": origin} if origin else {}), **extra}
    answer = extension_app().test_client().open("/v1/thing", method=method, headers=headers)
    expected = sorted((k.lower(), v) for k, v in answer.headers.items() if k.lower().startswith(CORS_NAMES))
    environ = {"REQUEST_METHOD": method, **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}}
    ours = sorted((k.lower(), v) for k, v in cors_headers(environ))
    assert ours == expected
