"""Schemathesis against /api/openapi.json: zero 5xx and zero schema violations, public and admin API.

Each operation is one test, fed positive and negative cases generated from the
document (bounded so the run fits in `make test`; SCHEMATHESIS_EXAMPLES raises
the bound). Schemathesis' own pytest plugin is not used: its lazy loader does
not run under pytest 9.

Admin operations run signed in as an admin: the session cookie goes through
schemathesis' ``cookies`` (its WSGI client drops a Cookie header, so the
earlier run here never reached an admin handler), every case carries the CSRF
token, ids in paths are typed integers so the seeded site and
surveys are found, and each admin operation must reach its handler at least
once rather than stop at the guard or the router.
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
from server.catalog.users import user_by_email
from server.extensions import db
from server.models import Site
from server.outbox.alert_rules import create_rule
from server.outbox.endpoints import create_endpoint, send_test_event
from tests.admin.case_data import open_cases, shop_with_cases
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, TEST_SECRET, sign_in
from tests.factories import ORIGIN, make_survey, update_survey

BACKENDS = ("sqlite", "postgres")
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "30"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
NEGATIVE_CHECKS = CHECKS + [negative_data_rejection]
# 413 is a rejection too (schemathesis' default list leaves it out); 5xx never is
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {
    "expected-statuses": [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]}}})
LOGIN = "POST /api/admin/session"
# statuses the guard or the router answers before any handler runs
NOT_REACHED = {401, 403, 404, 405}


def operation_labels() -> list[str]:
    """Every documented operation (the routes do not depend on the database)."""
    document = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": TEST_SECRET}))
    return sorted(op.ok().label for op in document.get_all_operations())


class AdminSession:
    """An admin's session cookie and CSRF token, signed in again whenever a case ended it.

    A case may sign out, or change the admin's own password (which ends the
    session by design): the password is put back and the admin signs in anew.
    """

    def __init__(self, app):
        self.app = app
        self.refresh()

    def refresh(self) -> None:
        """Reset the admin's password, sign in and keep the new cookie and token."""
        with self.app.app_context():
            user = user_by_email(ADMIN_EMAIL)
            user.set_password(ADMIN_PASSWORD)
            db.session.commit()
        client = self.app.test_client()
        self.token = sign_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        self.cookies = {"session": client.get_cookie("session").value}

    @property
    def headers(self) -> dict:
        """Origin for the public API, the CSRF token for admin writes, and no compression: schemathesis reads
        bodies over WSGI without decoding a Content-Encoding (tests/api/test_config_api.py covers gzip)."""
        return {"Origin": ORIGIN, "X-CSRF-Token": self.token, "Accept-Encoding": "identity"}


@pytest.fixture
def admin_session(app, make_user):
    make_user(ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    return AdminSession(app)


@pytest.fixture
def known_ids(app, admin_session) -> dict[str, int]:
    """A site with two surveys (the first with its link on), a case, a webhook endpoint with one delivery and an alert
    rule; the ids a case may use in its path to find a row (the admin is user 1)."""
    site_id, key, survey_id = shop_with_cases(app)
    update_survey(app, survey_id, link={"enabled": True})
    make_survey(app, site_id, "exit_intent")
    open_cases(app, app.test_client(), key, survey_id, [1])
    with app.app_context():
        endpoint, _ = create_endpoint(db.session.get(Site, site_id), "https://hooks.example/in", ["response.created"])
        delivery_id = send_test_event(endpoint).id
        endpoint_id = endpoint.id
        rule_id = create_rule(db.session.get(Site, site_id), {"name": "All", "recipients": ["cx@shop.example"]}).id
    return {"site_id": site_id, "survey_id": survey_id, "user_id": 1, "endpoint_id": endpoint_id,
            "delivery_id": delivery_id, "rule_id": rule_id, "case_id": 1}


@pytest.fixture
def api_document(app, known_ids):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=CONFIG)


def finding_rows(cases, known_ids: dict[str, int]):
    """Cases whose path ids are, half the time, those of existing rows: a random id is nearly always a 404."""
    def swap(case_and_known):
        case, known = case_and_known
        if known and case.path_parameters:
            case.path_parameters = {name: known_ids.get(name, value) for name, value in case.path_parameters.items()}
        return case
    return st.tuples(cases, st.booleans()).map(swap)


@pytest.mark.parametrize("label", operation_labels())
def test_operation_conforms_and_never_5xx(api_document, admin_session, known_ids, label):
    operation = api_document.find_operation_by_label(label)
    positive = finding_rows(operation.as_strategy(GenerationMode.POSITIVE), known_ids)
    strategy = st.one_of(positive.map(lambda c: (c, CHECKS)),
                         operation.as_strategy(GenerationMode.NEGATIVE).map(lambda c: (c, NEGATIVE_CHECKS)))
    statuses = set()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
              database=None)
    @given(strategy)
    def run(case_and_checks):
        case, checks = case_and_checks
        # the document declares the session cookie, so a case carries a made-up one (swapped for the real one)
        # or, as a negative case, none at all (sent without, to be refused)
        signed_in = "session" in (case.cookies or {})
        response = case.call_and_validate(headers=admin_session.headers, checks=checks,
                                          cookies=admin_session.cookies if signed_in else None)
        statuses.add(response.status_code)
        if signed_in and response.status_code == 401:
            admin_session.refresh()
    run()
    if " /api/admin/" in label and label != LOGIN:
        assert statuses - NOT_REACHED, f"{label} never reached its handler: {sorted(statuses)}"
