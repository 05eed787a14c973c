"""Schemathesis against /api/openapi.json: zero 5xx and zero schema violations, public and admin API.

Each operation is one test, fed positive and negative cases generated from the
document (bounded so the run fits in `make test`; SCHEMATHESIS_EXAMPLES raises
the bound). Schemathesis' own pytest plugin is not used: its lazy loader does
not run under pytest 9.
"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from server import create_app
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, TEST_SECRET, sign_in
from tests.factories import ORIGIN, make_site, make_survey

BACKENDS = ("sqlite", "postgres")
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "30"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
NEGATIVE_CHECKS = CHECKS + [negative_data_rejection]
# 413 is a rejection too (schemathesis' default list leaves it out); 5xx never is
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {
    "expected-statuses": [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]}}})
# logging out mid-run would turn every later admin case into a 401
SKIPPED = {"DELETE /api/admin/session"}


def operation_labels() -> list[str]:
    """Every documented operation (the routes do not depend on the database)."""
    document = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": TEST_SECRET}))
    return sorted(op.ok().label for op in document.get_all_operations())


@pytest.fixture
def session_headers(app, make_user):
    """Origin for the public API; an admin session cookie and its CSRF token for the admin API."""
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client = app.test_client()
    token = sign_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    cookie = client.get_cookie("session")
    return {"Origin": ORIGIN, "X-CSRF-Token": token, "Cookie": f"session={cookie.value}"}


@pytest.fixture
def api_document(app, session_headers):
    site_id, _ = make_site(app)
    make_survey(app, site_id, "nps")
    make_survey(app, site_id, "exit_intent")
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=CONFIG)


@pytest.mark.parametrize("label", [label for label in operation_labels() if label not in SKIPPED])
def test_operation_conforms_and_never_5xx(api_document, session_headers, label):
    operation = api_document.find_operation_by_label(label)
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE).map(lambda c: (c, CHECKS)),
                         operation.as_strategy(GenerationMode.NEGATIVE).map(lambda c: (c, NEGATIVE_CHECKS)))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
              database=None)
    @given(strategy)
    def run(case_and_checks):
        case, checks = case_and_checks
        case.call_and_validate(headers=session_headers, checks=checks)
    run()
