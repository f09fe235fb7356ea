"""CleverLMS: the provider declaration and the attempts export, declared once.

CleverLMS publishes response shapes and error bodies, but no paths, methods, base URL or
authentication. ``Bearer`` and `DEFAULT_ATTEMPTS_PATH` are therefore defaults, and a client
may move the export to another path with `attempts_endpoint`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .._config import ProviderSpec
from .._errors import ConfigurationError
from .._json import JSONValue
from .._lazy import model_ref
from .._pagination import PageNumber
from .._request import ListEndpoint, Param, fmt_datetime_offset, fmt_id, fmt_page_size, fmt_str

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from .models import TestAttempt

__all__ = [
    "CLEVERLMS",
    "DEFAULT_ATTEMPTS_PATH",
    "EXPORT_TEST_ATTEMPTS",
    "MAX_PER_PAGE",
    "attempts_endpoint",
    "read_error",
]

DEFAULT_ATTEMPTS_PATH = "/v2/materials/tests/attempts"

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


# No ``api_paths``: the export's path is an assumption a client may replace (attempts_path=),
# so no base URL can be known to repeat it.
CLEVERLMS = ProviderSpec(
    name="cleverlms",
    credential_name="token",
    base_url_env="CLEVERLMS_BASE_URL",
    credential_env="CLEVERLMS_TOKEN",
    auth_scheme="Bearer",
    read_error=read_error,
)


EXPORT_TEST_ATTEMPTS: ListEndpoint[TestAttempt] = ListEndpoint(
    method="GET",
    path=DEFAULT_ATTEMPTS_PATH,
    item=model_ref(__package__, "TestAttempt"),
    paging=PageNumber(page_param="page", size_param="perPage", items=("data",)),
    query={
        "after_date": Param("afterDate", fmt_datetime_offset),
        "to_date": Param("toDate", fmt_datetime_offset),
        "per_page": Param("perPage", fmt_page_size(MAX_PER_PAGE)),
        "company_id": Param("companyId", fmt_id),
        "language": Param("language", fmt_str),
        "user_status": Param("userStatus", fmt_str),
        "material_status": Param("materialStatus", fmt_str),
    },
)


def attempts_endpoint(path: str | None) -> ListEndpoint[TestAttempt]:
    """The attempts export at ``path`` (`DEFAULT_ATTEMPTS_PATH` when None).

    Raises:
        TypeError: ``path`` is not a str.
        ConfigurationError: ``path`` does not start with ``/`` or is not a valid URL path
            (it must be escaped already and carry no query or fragment).
    """
    if path is None:
        return EXPORT_TEST_ATTEMPTS
    if not isinstance(path, str):
        raise TypeError(f"attempts_path must be a str, not {type(path).__name__}")
    if "{" in path:
        raise ConfigurationError(
            f"cleverlms: attempts_path must be an escaped URL path without placeholders: {path!r}"
        )
    try:
        return attrs.evolve(EXPORT_TEST_ATTEMPTS, path=path)
    except ValueError as exc:
        raise ConfigurationError(f"cleverlms: attempts_path: {exc}") from None
