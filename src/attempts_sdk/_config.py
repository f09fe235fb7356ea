"""Client configuration: one place for base URL, credential, auth, timeout, retries, headers,
caching and rate limit, resolved from arguments, environment variables and defaults.

`ClientConfig` is a plain read-only value: the services its settings describe (the response
cache, the rate limiter) are built by the client (``_base_client.py``), one set per client.
Also the provider declaration (`ProviderSpec`) every provider package fills in once, and the
redaction of secrets from any text the SDK produces.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

import httpx

from ._cache import cache_identity
from ._errors import ConfigurationError, ErrorReader
from ._json import JSONValue
from ._limits import (
    ACCEPT_ENCODING,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_SIZE,
    check_deadline,
    check_max_response_size,
)
from ._ratelimit import check_rate_limit
from ._record import Record
from ._retry import RetryPolicy
from ._urls import is_loopback
from ._version import __version__

if TYPE_CHECKING:
    import hishel

__all__ = [
    "DEFAULT",
    "DEFAULT_TIMEOUT",
    "ClientConfig",
    "HeaderAuth",
    "ProviderSpec",
    "cache_storage",
    "check_max_retries",
    "check_timeout",
    "merge_headers",
    "replace",
    "resolve_config",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
USER_AGENT = f"attempts-sdk/{__version__}"
REDACTED = "[REDACTED]"


class _Default(enum.Enum):
    DEFAULT = "DEFAULT"


DEFAULT: Literal[_Default.DEFAULT] = _Default.DEFAULT
"""Stands for "the provider's default" where None already means something."""


class HeaderAuth(httpx.Auth):
    """Sends ``Authorization: <scheme> <credential>``; its repr never shows the credential."""

    def __init__(self, scheme: str, credential: str) -> None:
        self._value = f"{scheme} {credential}"
        self._scheme = scheme

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        yield request

    def __eq__(self, other: object) -> bool:
        if type(other) is not HeaderAuth:
            return NotImplemented
        return self._value == other._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return f"HeaderAuth(scheme={self._scheme!r}, credential={REDACTED!r})"


class ProviderSpec(Record):
    """Everything the core needs to know about one provider, declared once in its package.

    Attributes:
        name: the provider's short name, used in errors, warnings and logs.
        credential_name: the constructor keyword of the credential (``token`` or ``api_key``).
        base_url_env / credential_env: the environment variables read as fallbacks.
        auth_scheme: the word before the credential in the ``Authorization`` header.
        default_base_url: used when neither the argument nor the variable is set.
        read_error: extracts (message, structured errors) from an error body.
        retry_after_from_body: extracts a wait in seconds from an error body, for providers that
            put it there when the ``Retry-After`` header is missing.
        default_cache: whether clients cache GET responses unless told otherwise (``cache=``).
        default_rate_limit: requests per second clients send at most unless told otherwise
            (``rate_limit=``); None: no limit.
        api_paths: the path prefixes its endpoints start with (``/api/v2.2/``): a base URL
            that already ends with one of them, or with its first segments, is refused, since
            every call would then ask for the prefix twice and get a 404.
    """

    name: str
    credential_name: str
    base_url_env: str
    credential_env: str
    auth_scheme: str
    read_error: ErrorReader
    default_base_url: str | None = None
    retry_after_from_body: Callable[[JSONValue], float | None] | None = None
    default_cache: bool = False
    default_rate_limit: float | None = None
    api_paths: tuple[str, ...] = ()


class Redactor(Record, kw_only=False):
    """Replaces each secret, as written or percent-encoded, by ``[REDACTED]`` in a text. A
    value: two redactors of the same secrets are equal (so are two configurations)."""

    _hidden = ("forms",)
    forms: tuple[str, ...]

    def __call__(self, text: str) -> str:
        for form in self.forms:
            if form in text:
                text = text.replace(form, REDACTED)
        return text


def _redactor(secrets: Sequence[str]) -> Redactor:
    forms = {
        form
        for secret in secrets
        if len(secret) >= 4
        for form in (secret, quote(secret, "", errors="surrogatepass"))
    }
    return Redactor(tuple(sorted(forms, key=lambda form: (-len(form), form))))


class ClientConfig(Record):
    """The resolved configuration of one client: plain settings, no services. Build it with
    `resolve_config`; the client builds its cache and rate limiter from ``cache``,
    ``cache_scope`` and ``rate_limit``.

    Attributes:
        cache: False (no caching), True (a private in-memory cache) or the hishel storage to
            keep responses in.
        cache_scope: what cache keys are scoped to (from `cache_identity`).
        rate_limit: requests per second at most; None: no limit.
        max_response_size: the most bytes of a response body, after decompression; None: no
            limit.
        deadline: the most seconds one call may take in all; None: none.
        secrets: the texts to redact from anything the SDK produces; ``redact`` does that.
        extra_query: query parameters added to every request (one call's ``extra_query``).
    """

    _hidden = ("auth", "secrets", "redact", "cache_scope")
    provider: ProviderSpec
    base_url: httpx.URL
    auth: httpx.Auth | None
    timeout: httpx.Timeout
    headers: Mapping[str, str]
    retry: RetryPolicy
    strict: bool
    redact: Callable[[str], str]
    cache: bool | hishel.BaseStorage = False
    cache_scope: str = ""
    rate_limit: float | None = None
    max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE
    deadline: float | None = DEFAULT_DEADLINE
    secrets: tuple[str, ...] = ()
    extra_query: tuple[tuple[str, str], ...] = ()

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (already escaped) under the base URL, as a string for
        httpx to parse once (the base URL has no query or fragment: the path is appended)."""
        return str(self.base_url).rstrip("/") + path


def _base_url(
    value: str | httpx.URL, provider: ProviderSpec, allow_insecure_http: bool
) -> httpx.URL:
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"{provider.name}: base_url is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"{provider.name}: base_url must be an absolute http(s) URL, not {str(url)!r}"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"{provider.name}: base_url must not have a query or fragment")
    _check_api_path(url, provider)
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        raise ConfigurationError(
            f"{provider.name}: refusing plain http to {url.host}: credentials would travel in "
            f"clear text. Use https, or pass allow_insecure_http=True"
        )
    return url


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _check_api_path(url: httpx.URL, provider: ProviderSpec) -> None:
    """Refuse a base URL whose path ends where an API path of the provider begins
    (``https://x.testpress.in/api/v2.2/`` for endpoints under ``/api/v2.2/``)."""
    base = _segments(url.path)
    for prefix in provider.api_paths:
        api = _segments(prefix)
        for size in range(min(len(base), len(api)), 0, -1):
            if base[-size:] == api[:size]:
                carried = "/" + "/".join(api[:size]) + "/"
                root = url.copy_with(path="/" + "/".join(base[:-size]))
                raise ConfigurationError(
                    f"{provider.name}: base_url {str(url)!r} already ends with {carried}, "
                    f"which the endpoint paths start with ({prefix}...): every call would ask "
                    f"for it twice. Pass base_url={str(root).rstrip('/')!r}"
                )


def resolve_config(
    provider: ProviderSpec,
    *,
    base_url: str | httpx.URL | None,
    credential: str | None,
    auth: httpx.Auth | None = None,
    timeout: float | httpx.Timeout | None = None,
    max_retries: int = 2,
    retry_policy: RetryPolicy | None = None,
    headers: Mapping[str, str] | None = None,
    strict: bool = False,
    anonymous: bool = False,
    extra_secrets: Sequence[str] = (),
    allow_insecure_http: bool = False,
    cache: bool | hishel.BaseStorage | Literal[_Default.DEFAULT] = DEFAULT,
    rate_limit: float | Literal[_Default.DEFAULT] | None = DEFAULT,
    max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
    deadline: float | None = DEFAULT_DEADLINE,
) -> ClientConfig:
    """Resolve arguments, environment variables and defaults into a `ClientConfig`.

    Raises:
        ConfigurationError: the base URL or credential is missing (naming the variable to set)
            or malformed, or the base URL is plain ``http://`` to a host that is not loopback
            and ``allow_insecure_http`` is False (tokens would travel in clear text).
            ``anonymous=True`` builds a configuration that sends no credential. ``cache`` is
            not True, False or a synchronous hishel storage.
        ValueError: a numeric option is out of range (``rate_limit``, ``max_response_size``
            and ``deadline`` included).
    """
    if base_url is None:
        base_url = os.environ.get(provider.base_url_env) or provider.default_base_url
    if base_url is None:
        raise ConfigurationError(
            f"{provider.name}: no base URL: pass base_url= or set {provider.base_url_env}"
        )
    if anonymous:  # e.g. the login request, which is how a credential is obtained
        credential, auth = None, None
    elif credential is None:
        credential = os.environ.get(provider.credential_env) or None
    custom_auth = auth is not None
    if auth is None and credential is not None:
        # sent in a header: printable ASCII only (httpx cannot encode anything else there)
        if not credential.strip() or not (credential.isascii() and credential.isprintable()):
            raise ConfigurationError(f"{provider.name}: {provider.credential_name} is malformed")
        auth = HeaderAuth(provider.auth_scheme, credential)
    if auth is None and not anonymous:
        raise ConfigurationError(
            f"{provider.name}: no credential: pass {provider.credential_name}= "
            f"or set {provider.credential_env}"
        )
    resolved_timeout = DEFAULT_TIMEOUT if timeout is None else check_timeout(timeout)
    check_max_retries(max_retries)
    # Accept-Encoding: only what `BodyReader` decodes in bounded steps (httpx would also ask
    # for br and zstd when their packages are installed)
    base = {
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    merged = merge_headers(provider, base, headers)
    secrets = tuple(s for s in (credential, *extra_secrets) if s)
    rate = check_rate_limit(provider.default_rate_limit if rate_limit is DEFAULT else rate_limit)
    storage = cache_storage(provider, provider.default_cache if cache is DEFAULT else cache)
    return ClientConfig(
        provider=provider,
        base_url=_base_url(base_url, provider, allow_insecure_http),
        auth=auth,
        timeout=resolved_timeout,
        headers=merged,
        retry=retry_policy or RetryPolicy(max_retries=max_retries),
        strict=strict,
        redact=_redactor(secrets),
        cache=storage,
        cache_scope=cache_identity(credential, custom_auth),  # also for with_options(cache=)
        rate_limit=rate,
        max_response_size=check_max_response_size(max_response_size),
        deadline=check_deadline(deadline),
        secrets=secrets,
    )


def check_timeout(timeout: object) -> httpx.Timeout:
    """A timeout option (seconds, or an `httpx.Timeout`) as an `httpx.Timeout`.

    Raises:
        ValueError: a number that is not positive. TypeError: neither a number nor a Timeout.
    """
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"timeout must be seconds or an httpx.Timeout, not {type(timeout).__name__}"
        )
    if not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return httpx.Timeout(timeout)


def check_max_retries(max_retries: object) -> int:
    """``max_retries`` checked: an int >= 0."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, not {max_retries!r}")
    return max_retries


def merge_headers(
    provider: ProviderSpec, base: Mapping[str, str], extra: Mapping[str, str] | None
) -> Mapping[str, str]:
    """``base`` with ``extra`` added (replacing a header of the same name, in any case), each
    added header checked (`_checked_headers`).

    Raises:
        ConfigurationError: a header name that is no HTTP token, a value that is not a str or
            holds a CR, LF or NUL.
    """
    if not extra:
        return base
    merged = dict(base)
    for name, value in _checked_headers(provider, extra).items():
        for same in [key for key in merged if key.lower() == name.lower()]:
            del merged[same]
        merged[name] = value
    return merged


def replace(config: ClientConfig, **changes: object) -> ClientConfig:
    """A copy of ``config`` with some fields changed (values already checked)."""
    fields = {name: getattr(config, name) for name in type(config)._fields_}
    return ClientConfig(**{**fields, **changes})


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_FORBIDDEN = re.compile(r"[\r\n\x00]")


def _checked_headers(provider: ProviderSpec, headers: Mapping[str, str]) -> Mapping[str, str]:
    """``headers=`` refused now, not after the retries of the first request: a CR, LF or NUL
    would split or end the header (a header injection), and httpx only fails when sending."""
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise ConfigurationError(f"{provider.name}: {name!r} is not a valid header name")
        if not isinstance(value, str):
            raise ConfigurationError(
                f"{provider.name}: header {name} must be a str, not {type(value).__name__}"
            )
        if _FORBIDDEN.search(value):
            raise ConfigurationError(
                f"{provider.name}: header {name} holds a CR, LF or NUL character"
            )
    return headers


def cache_storage(provider: ProviderSpec, value: object) -> bool | hishel.BaseStorage:
    """``cache=`` checked: True, False, or a synchronous hishel storage."""
    if isinstance(value, bool):
        return value
    import hishel  # only now: importing it costs more than the rest of the SDK

    if isinstance(value, hishel.BaseStorage):
        return value
    hint = (
        ": the cache runs inside the SDK's request flow, for the sync and async clients alike; "
        "use a synchronous storage such as hishel.SqliteStorage"
        if isinstance(value, hishel.AsyncBaseStorage)
        else ""
    )
    raise ConfigurationError(
        f"{provider.name}: cache must be True, False or a hishel.BaseStorage, "
        f"not {type(value).__name__}{hint}"
    )
