"""Indeed Assessments: the provider declaration and every endpoint, each declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._config import ProviderSpec
from .._json import JSONValue
from .._lazy import model_ref
from .._pagination import PageNumber
from .._request import Endpoint, ListEndpoint, Param, fmt_bool, fmt_page_size, fmt_str

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from .models import Assessment, Assignment, Attempt, Role


def read_error(body: JSONValue) -> tuple[str | None, list[JSONValue]]:
    """Indeed errors: ``{"error": "Validation failed: Name can't be blank"}``."""
    if isinstance(body, dict):
        message = body.get("error")
        if isinstance(message, str) and message.strip():
            return message, []
    return None, []


INDEED = ProviderSpec(
    name="indeed",
    credential_name="api_key",
    base_url_env="INDEED_ASSESSMENTS_BASE_URL",
    credential_env="INDEED_ASSESSMENTS_API_KEY",
    auth_scheme="token",
    read_error=read_error,
    default_base_url="https://api.indeedassessments.com/v1",
    # the API's README: clients must use ETag / Last-Modified (304 has no body), and may send
    # 1 request per second per API key (indeedassessments/api-documentation)
    default_cache=True,
    default_rate_limit=1.0,
)


def pages_of(item_key: str) -> PageNumber:
    """Indeed's list envelope: ``{"meta": {"total_count", "count", "pages"}, "results":
    [{item_key: {...}}, ...]}``, walked with ``page`` and ``per``."""
    return PageNumber(
        page_param="page",
        size_param="per",
        items=("results",),
        item_key=item_key,
        total_pages=("meta", "pages"),
        total_count=("meta", "total_count"),
    )


PAGES = pages_of("assignment")
PER_PAGE = {"per_page": Param("per", fmt_page_size(None))}

GET_ATTEMPT: Endpoint[Attempt] = Endpoint(
    method="GET",
    path="/attempts/{attempt_id}.json",
    model=model_ref(__package__, "Attempt"),
    envelope="attempt",
)
LIST_ASSIGNMENTS: ListEndpoint[Assignment] = ListEndpoint(
    method="GET",
    path="/assignments.json",
    item=model_ref(__package__, "Assignment"),
    paging=PAGES,
    query=PER_PAGE,
)
GET_ASSIGNMENT: Endpoint[Assignment] = Endpoint(
    method="GET",
    path="/assignments/{assignment_id}.json",
    model=model_ref(__package__, "Assignment"),
    envelope="assignment",
)
# 201 with the new assignment, as `GET_ASSIGNMENT` returns it. A POST: retried only when it
# certainly did not reach the server (the core's rule), so a candidate is never invited twice.
CREATE_ASSIGNMENT: Endpoint[Assignment] = Endpoint(
    method="POST",
    path="/assignments.json",
    model=model_ref(__package__, "Assignment"),
    envelope="assignment",
    body={
        "email": Param("email", fmt_str),
        "role_id": Param("role_id", fmt_str),
        "completion_webhook_url": Param("completion_webhook_url", fmt_str),
        "completion_webhook_name": Param("completion_webhook_name", fmt_str),
        "skip_email": Param("skip_email", fmt_bool),
    },
)
LIST_ROLES: ListEndpoint[Role] = ListEndpoint(
    method="GET",
    path="/roles.json",
    item=model_ref(__package__, "Role"),
    paging=pages_of("role"),
    query=PER_PAGE,
)
GET_ROLE: Endpoint[Role] = Endpoint(
    method="GET",
    path="/roles/{role_id}.json",
    model=model_ref(__package__, "Role"),
    envelope="role",
)
LIST_ASSESSMENTS: ListEndpoint[Assessment] = ListEndpoint(
    method="GET",
    path="/assessments.json",
    item=model_ref(__package__, "Assessment"),
    paging=pages_of("assessment"),
    query=PER_PAGE,
)
GET_ASSESSMENT: Endpoint[Assessment] = Endpoint(
    method="GET",
    path="/assessments/{assessment_id}.json",
    model=model_ref(__package__, "Assessment"),
    envelope="assessment",
)
