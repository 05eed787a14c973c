"""CSV export of a survey's filtered responses and per-site export and erasure (API and CLI), on both databases."""
import csv
import io
import json

import pytest

from server.reporting.exports import answer_text, csv_lines, neutralise, score_text
from tests.admin.data import add_event_counts, add_responses
from tests.conftest import sql
from tests.factories import make_site, make_survey

BACKENDS = ("sqlite", "postgres")
HEADER = ",".join(f'"{name}"' for name in (
    "response_id", "created_at", "survey_id", "survey", "completed", "score", "category", "comment", "page_url",
    "referrer", "device", "browser", "os", "locale", "trigger", "channel", "recovery_message", "recovery_consent",
    "recovery_email", "answer.score", "answer.followup"))


@pytest.mark.parametrize("cell, safe", [("=1+2", "'=1+2"), ("+33 6", "'+33 6"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
                                        ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""),
                                        ("\nx", "'\nx"), (" =1+1", "' =1+1"), ("\n=1+1", "'\n=1+1"),
                                        ("\u200b=1+1", "'\u200b=1+1"), ("\ufeff@SUM(A1)", "'\ufeff@SUM(A1)"),
                                        ("\u00a0+1", "'\u00a0+1"), ("\uff1d1+1", "'\uff1d1+1"),
                                        ("\uff0b1", "'\uff0b1"), ("\uff0d1", "'\uff0d1"), ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
                                        (" hello", " hello"), ("a;b", "a;b")])
def test_formula_cells_are_neutralised(cell, safe):
    assert neutralise(cell) == safe


# (hostile cell, what a spreadsheet must show) whichever separator, comma or semicolon, it splits on
HOSTILE_CELLS = [
    (";=1+1", ";=1+1"), ("x;=1+1", "x;=1+1"), ("a,=1+1", "a,=1+1"), ('";=1+1', '";=1+1'),
    ("=1+1", "'=1+1"), (" =1+1", "' =1+1"), ("\t=1+1", "'\t=1+1"), ("\r\n=1+1", "'\r\n=1+1"),
    ("\u200b=cmd|' /C calc'!A0", "'\u200b=cmd|' /C calc'!A0"), ("\uff1dHYPERLINK(\"http://evil\")", "'\uff1dHYPERLINK(\"http://evil\")"),
    ("-2+3;=4", "'-2+3;=4"), ("plain", "plain"),
]


@pytest.mark.parametrize("hostile, shown", HOSTILE_CELLS)
def test_hostile_cells_stay_one_inert_cell_for_either_separator(hostile, shown):
    """Excel in a ';' locale splits an unquoted line at ';': quoting every cell leaves nothing to split."""
    row = "".join(csv_lines(["a", "b"], [[hostile, "next"]])).split("\r\n", 1)[1]
    assert row.startswith('"') and row.endswith('","next"\r\n'), "every cell is quoted"
    assert next(csv.reader(io.StringIO(row))) == [shown, "next"]
    as_semicolon = next(csv.reader(io.StringIO(row), delimiter=";"))
    assert len(as_semicolon) == 1 and as_semicolon[0].startswith(shown), "no ';' inside a cell starts a new one"


def test_cells_are_formatted_for_people():
    assert (score_text(9.0), score_text(25 / 3), score_text(None)) == ("9", "8.33", "")
    assert answer_text(["a", "b"]) == "a; b" and answer_text({"recommend": 9}) == '{"recommend":9}'
    assert answer_text(None) == "" and answer_text(7) == "7"


def test_csv_lines_stream_in_chunks_with_rfc4180_quoting():
    chunks = list(csv_lines(["a", "b"], ([f"x{i}", 'say "hi", then\nleave'] for i in range(5)), batch=2))
    assert len(chunks) == 3
    assert "".join(chunks).splitlines()[1] == '"x0","say ""hi"", then'


@pytest.fixture
def survey(app):
    site_id, key = make_site(app, name="Shop")
    survey_id = make_survey(app, site_id, "nps")
    ids = add_responses(app, survey_id, [
        {"answers": {"score": 10, "followup": 'Loved it, "really"'}, "created_at": "2025-03-03 10:00", "device": "mobile",
         "browser": "Safari", "os": "iOS", "locale": "en-GB", "page_url": "https://shop.example/a?x=1,2", "referrer": ""},
        {"answers": {"score": 3, "followup": "=HYPERLINK(\"http://evil\")"}, "created_at": "2025-03-04 11:30:15",
         "recovery": {"message": "Late,\nagain", "contact_consent": True, "email": "ann@example.com"}},
        {"answers": {"score": 7}, "created_at": "2025-03-05 00:00", "completed": False},
    ])
    return survey_id, ids, site_id, key


def test_the_csv_export_has_exactly_these_rows(admin_client, survey):
    survey_id, (promoter, detractor, passive), _, _ = survey
    response = admin_client.get(f"/api/admin/surveys/{survey_id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="Net-Promoter-Score-{survey_id}.csv"'
    text = response.get_data(as_text=True)
    assert text.split("\r\n")[0] == HEADER
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        [passive, "2025-03-05T00:00:00Z", str(survey_id), "Net Promoter Score", "false", "7", "passive", "",
         "https://shop.example/", "", "desktop", "Chrome", "Linux", "en", "exit_intent", "web", "", "", "", "7", ""],
        [detractor, "2025-03-04T11:30:15Z", str(survey_id), "Net Promoter Score", "true", "3", "detractor",
         "'=HYPERLINK(\"http://evil\")", "https://shop.example/", "", "desktop", "Chrome", "Linux", "en", "exit_intent",
         "web", "Late,\nagain", "true", "ann@example.com", "3", "'=HYPERLINK(\"http://evil\")"],
        [promoter, "2025-03-03T10:00:00Z", str(survey_id), "Net Promoter Score", "true", "10", "promoter",
         'Loved it, "really"', "https://shop.example/a?x=1,2", "", "mobile", "Safari", "iOS", "en-GB", "exit_intent",
         "web", "", "", "", "10", 'Loved it, "really"'],
    ]


def test_the_csv_export_carries_the_filters(admin_client, survey):
    survey_id, (promoter, detractor, _), _, _ = survey
    rows = list(csv.DictReader(io.StringIO(admin_client.get(
        f"/api/admin/surveys/{survey_id}/export.csv", query_string={"category": "detractor"}).get_data(as_text=True))))
    assert [r["response_id"] for r in rows] == [detractor]
    rows = list(csv.DictReader(io.StringIO(admin_client.get(
        f"/api/admin/surveys/{survey_id}/export.csv",
        query_string={"from": "2025-03-03", "to": "2025-03-03", "device": "mobile", "q": "REALLY"}).get_data(as_text=True))))
    assert [r["response_id"] for r in rows] == [promoter]


def test_a_large_export_streams_in_batches(app, admin_client):
    site_id, _ = make_site(app)
    survey_id = make_survey(app, site_id, "nps")
    add_responses(app, survey_id, [{"score": i % 11, "created_at": f"2025-01-01 00:{i // 60:02d}:{i % 60:02d}"}
                                   for i in range(2500)])
    response = admin_client.get(f"/api/admin/surveys/{survey_id}/export.csv", buffered=False)
    chunks = list(response.response)
    assert len(chunks) > 10  # written as it is read, not built whole
    assert len(b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks).decode().splitlines()) == 2501
    response.close()


def test_site_export_as_ndjson_and_csv(admin_client, survey):
    survey_id, (promoter, detractor, passive), site_id, key = survey
    response = admin_client.get(f"/api/admin/sites/{site_id}/export")
    assert response.mimetype == "application/x-ndjson"
    assert response.headers["Content-Disposition"] == f'attachment; filename="touchpoint-{key}.ndjson"'
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [r["id"] for r in records] == [promoter, detractor, passive]  # oldest first
    assert records[1]["answers"] == {"score": 3, "followup": '=HYPERLINK("http://evil")'}  # JSON keeps data as is
    assert records[1]["recovery"] == {"message": "Late,\nagain", "contact_consent": True, "email": "ann@example.com",
                                      "created_at": "2025-03-04T11:30:15Z"}
    assert records[0]["recovery"] is None and records[0]["survey"] == "Net Promoter Score"
    as_csv = list(csv.DictReader(io.StringIO(admin_client.get(f"/api/admin/sites/{site_id}/export?format=csv")
                                             .get_data(as_text=True))))
    assert [r["response_id"] for r in as_csv] == [promoter, detractor, passive]
    assert json.loads(as_csv[0]["answers"]) == {"score": 10, "followup": 'Loved it, "really"'}
    assert admin_client.get(f"/api/admin/sites/{site_id}/export?format=xml").status_code == 422


def test_site_erasure_through_the_api(app, admin_client, survey):
    survey_id, _, site_id, key = survey
    other_site, _ = make_site(app, name="Other")
    kept = make_survey(app, other_site, "csat")
    add_responses(app, kept, [{"score": 5}])
    add_event_counts(app, survey_id, {"2025-03-03": 7})
    sql(app, "INSERT INTO events (uuid, survey_id, type, created_at) VALUES (:u, :s, 'display', :t)",
        u="0b6f1c2e5c7d4f519d1a3f0c4b8a9e11", s=survey_id,
        t="2025-03-03 10:00:00")
    erased = admin_client.delete(f"/api/admin/sites/{site_id}/responses")
    assert erased.get_json() == {"responses": 3, "recoveries": 1, "events": 1, "event_counts": 1}
    assert sql(app, "SELECT site_id FROM responses") == [(other_site,)]
    assert admin_client.get(f"/api/admin/surveys/{survey_id}").status_code == 200  # the survey stays
    assert admin_client.delete(f"/api/admin/sites/{site_id}/responses").get_json()["responses"] == 0


def test_site_export_and_erasure_from_the_command_line(app, runner, survey, tmp_path):
    survey_id, (promoter, detractor, passive), site_id, key = survey
    out = tmp_path / "site.ndjson"
    result = runner.invoke(args=["export-site", key, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [promoter, detractor, passive]
    as_csv = runner.invoke(args=["export-site", key, "--format", "csv"])
    assert as_csv.exit_code == 0 and as_csv.output.splitlines()[0].startswith('"response_id","created_at"')
    assert runner.invoke(args=["export-site", "nokey123"]).exit_code != 0
    refused = runner.invoke(args=["delete-site-responses", key], input="n\n")
    assert refused.exit_code != 0 and sql(app, "SELECT count(*) FROM responses")[0][0] == 3
    done = runner.invoke(args=["delete-site-responses", key, "--yes"])
    assert done.exit_code == 0 and "Deleted 3 responses, 1 recoveries" in done.output
    assert sql(app, "SELECT count(*) FROM responses")[0][0] == 0
