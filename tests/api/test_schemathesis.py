"""Property-based run over /openapi.json (in process, ASGI): no input may produce a 5xx.

Bounded examples per operation keep the run well under two minutes. The token is sent so the
write endpoints are exercised past authentication, against a throwaway ledger.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.api.conftest import AUTH, TOKEN
from warledger.api.app import create_app


@pytest.fixture
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("schemathesis") / "ledger.db"
    app = create_app(db, token=TOKEN, max_body_bytes=256 * 1024, dashboard=False)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_input_produces_a_server_error(case: Any) -> None:
    case.call_and_validate(headers=AUTH, checks=[not_a_server_error,
                                                 response_schema_conformance])
