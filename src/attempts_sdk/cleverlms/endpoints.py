"""CleverLMS: the provider declaration and the two exports (test attempts, test answers),
each declared once.

CleverLMS publishes response shapes and error bodies, but no paths, methods, base URL or
authentication. ``Bearer``, `DEFAULT_ATTEMPTS_PATH` and `DEFAULT_ANSWERS_PATH` are therefore
defaults, and a client may move an export to another path with `at_path`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import attrs

from .._config import ProviderSpec
from .._errors import ConfigurationError
from .._json import JSONValue
from .._lazy import model_ref
from .._pagination import PageNumber
from .._request import (
    ListEndpoint,
    Param,
    fmt_bool,
    fmt_datetime_offset,
    fmt_id,
    fmt_int_list,
    fmt_page_size,
    fmt_str,
    fmt_str_list,
)

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from .models import TestAnswer, TestAttempt

__all__ = [
    "CLEVERLMS",
    "DEFAULT_ANSWERS_PATH",
    "DEFAULT_ATTEMPTS_PATH",
    "EXPORT_TEST_ANSWERS",
    "EXPORT_TEST_ATTEMPTS",
    "MAX_PER_PAGE",
    "at_path",
    "attempts_endpoint",
    "read_error",
]

DEFAULT_ATTEMPTS_PATH = "/v2/materials/tests/attempts"
DEFAULT_ANSWERS_PATH = "/v2/materials/tests/answers"

MAX_PER_PAGE = 10_000
"""The upper bound CleverLMS documents for ``perPage`` (on a sibling v2 export). Its documented
lower bound, 100, is not enforced: a smaller page is the server's to refuse."""


def read_error(body: JSONValue) -> tuple[str | None, list[JSONValue]]:
    """CleverLMS errors: ``{"errors": [{"code", "field", "message"}, ...]}``.

    The message is every ``message`` joined with ``"; "``; the list itself becomes ``.errors``.
    """
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return None, []
    messages: list[str] = []
    for item in errors:
        message = item.get("message") if isinstance(item, dict) else None
        if isinstance(message, str):
            messages.append(message)
    return "; ".join(messages) or None, errors


CLEVERLMS = ProviderSpec(
    name="cleverlms",
    credential_name="token",
    base_url_env="CLEVERLMS_BASE_URL",
    credential_env="CLEVERLMS_TOKEN",
    auth_scheme="Bearer",
    read_error=read_error,
)


PAGES = PageNumber(page_param="page", size_param="perPage", items=("data",))
EXPORT_QUERY = {
    "after_date": Param("afterDate", fmt_datetime_offset),
    "to_date": Param("toDate", fmt_datetime_offset),
    "per_page": Param("perPage", fmt_page_size(MAX_PER_PAGE)),
    "company_id": Param("companyId", fmt_id),
    "language": Param("language", fmt_str),
    "user_status": Param("userStatus", fmt_str),
    "material_status": Param("materialStatus", fmt_str),
}

EXPORT_TEST_ATTEMPTS: ListEndpoint[TestAttempt] = ListEndpoint(
    method="GET",
    path=DEFAULT_ATTEMPTS_PATH,
    item=model_ref(__package__, "TestAttempt"),
    paging=PAGES,
    query=EXPORT_QUERY,
)


def fmt_php_bool(name: str, value: object) -> int:
    """A bool as PHP validators accept it in a query string: 1 or 0 (``true`` is a string
    there, which Laravel's ``boolean`` rule refuses)."""
    return int(fmt_bool(name, value))


# The answers export documents a ``filters`` object (its errors name ``filters.question``...).
# In a query string it is sent as PHP reads a nested array: ``filters[question][]=6163``.
EXPORT_TEST_ANSWERS: ListEndpoint[TestAnswer] = ListEndpoint(
    method="GET",
    path=DEFAULT_ANSWERS_PATH,
    item=model_ref(__package__, "TestAnswer"),
    paging=PAGES,
    query={
        **EXPORT_QUERY,
        "question": Param("filters[question][]", fmt_int_list, explode=True),
        "login": Param("filters[login][]", fmt_str_list, explode=True),
        "question_type": Param("filters[question_type][]", fmt_str_list, explode=True),
        "answer_status": Param("filters[answer_status][]", fmt_str_list, explode=True),
        "with_reset": Param("filters[with_reset]", fmt_php_bool),
    },
)

_T = TypeVar("_T")


def at_path(endpoint: ListEndpoint[_T], path: str | None, option: str) -> ListEndpoint[_T]:
    """``endpoint`` moved to ``path`` (unchanged when None); ``option`` names the client
    option that gave the path, for the error message.

    Raises:
        TypeError: ``path`` is not a str.
        ConfigurationError: ``path`` does not start with ``/`` or is not a valid URL path
            (it must be escaped already and carry no query or fragment).
    """
    if path is None:
        return endpoint
    if not isinstance(path, str):
        raise TypeError(f"{option} must be a str, not {type(path).__name__}")
    if "{" in path:
        raise ConfigurationError(
            f"cleverlms: {option} must be an escaped URL path without placeholders: {path!r}"
        )
    try:
        return attrs.evolve(endpoint, path=path)
    except ValueError as exc:
        raise ConfigurationError(f"cleverlms: {option}: {exc}") from None


def attempts_endpoint(path: str | None) -> ListEndpoint[TestAttempt]:
    """The attempts export at ``path`` (`DEFAULT_ATTEMPTS_PATH` when None); see `at_path`."""
    return at_path(EXPORT_TEST_ATTEMPTS, path, "attempts_path")
