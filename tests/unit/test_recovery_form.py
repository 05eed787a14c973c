"""The recovery form's rule, held to the widget's by the fixture both test suites read."""
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from server.ingest.recoveries import recovery_errors

CASES = json.loads((Path(__file__).parents[1] / "fixtures" / "recovery_form.json").read_text())["cases"]
DETRACTOR = SimpleNamespace(category="detractor")


@pytest.mark.parametrize("case", CASES, ids=lambda c: json.dumps(c)[:60])
def test_the_server_refuses_exactly_what_the_widget_refuses(case):
    message = case["message"] * case.get("repeat_message", 1)
    email = case["email"] * case.get("repeat_email", 1) if case["email"] else None
    assert sorted(recovery_errors(DETRACTOR, message, email, case["consent"])) == case["errors"]
