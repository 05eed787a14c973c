"""The headers every answer carries, added at the WSGI edge (server/web/headers.py)."""
from server.web.headers import finished_headers, joined_vary
from tests.factories import DESKTOP_UA, ORIGIN, make_site


def test_a_config_answer_names_origin_and_encoding_in_one_vary_header(app, client):
    _, key = make_site(app)
    for origin in (ORIGIN, None):
        headers = {"User-Agent": DESKTOP_UA, **({"Origin": origin} if origin else {})}
        response = client.get(f"/v1/sites/{key}/config", headers=headers)
        assert response.headers.getlist("Vary") == ["Accept-Encoding, Origin"], origin
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Referrer-Policy" not in response.headers, "JSON for scripts renders no document with links"


def test_an_unknown_path_under_the_public_api_is_readable_by_the_page(client):
    """Flask answers it before any blueprint hook could run: the edge still adds CORS, so the widget reads the 404."""
    response = client.get("/v1/nothing-here", headers={"Origin": ORIGIN})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert response.headers.getlist("Vary") == ["Origin"]


def test_pages_keep_their_own_policies_and_others_get_the_default(client):
    assert client.get("/demo").headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    widget = client.get("/widget.js")
    assert widget.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    assert "Access-Control-Allow-Origin" in widget.headers and "Vary" in widget.headers
    assert widget.headers.getlist("Referrer-Policy") == ["strict-origin-when-cross-origin"]


def test_an_answers_own_headers_win():
    environ = {"PATH_INFO": "/s/abc"}
    own = [("Referrer-Policy", "no-referrer"), ("x-content-type-options", "nosniff")]
    assert finished_headers(own, environ) == own
    public = finished_headers([("Vary", "Accept-Encoding, origin")], {"PATH_INFO": "/v1/x", "HTTP_ORIGIN": ORIGIN})
    assert [h for h in public if h[0] == "Vary"] == [("Vary", "Accept-Encoding, origin")]


def test_vary_lists_are_joined_once():
    assert joined_vary(("Vary", "Accept-Encoding"), "Origin") == ("Vary", "Accept-Encoding, Origin")
    assert joined_vary(("Vary", "Accept-Encoding , ORIGIN"), "Origin") == ("Vary", "Accept-Encoding , ORIGIN")
