"""Client configuration: one place for base URL, credential, auth, timeout, retries and headers.

Also the provider declaration (`ProviderSpec`) every provider package fills in once, and the
redaction of secrets from any text the SDK produces.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import re
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

import httpx

from ._cache import ResponseCache, cache_identity
from ._errors import ConfigurationError, ErrorReader
from ._json import JSONValue
from ._ratelimit import RateLimiter, check_rate_limit
from ._record import Record
from ._retry import RetryPolicy
from ._version import __version__

if TYPE_CHECKING:
    import hishel

__all__ = [
    "DEFAULT",
    "DEFAULT_TIMEOUT",
    "ClientConfig",
    "HeaderAuth",
    "ProviderSpec",
    "resolve_config",
    "same_origin",
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
    """

    __slots__ = (
        "auth_scheme",
        "base_url_env",
        "credential_env",
        "credential_name",
        "default_base_url",
        "default_cache",
        "default_rate_limit",
        "name",
        "read_error",
        "retry_after_from_body",
    )
    name: str
    credential_name: str
    base_url_env: str
    credential_env: str
    auth_scheme: str
    read_error: ErrorReader
    default_base_url: str | None
    retry_after_from_body: Callable[[JSONValue], float | None] | None
    default_cache: bool
    default_rate_limit: float | None

    def __init__(
        self,
        *,
        name: str,
        credential_name: str,
        base_url_env: str,
        credential_env: str,
        auth_scheme: str,
        read_error: ErrorReader,
        default_base_url: str | None = None,
        retry_after_from_body: Callable[[JSONValue], float | None] | None = None,
        default_cache: bool = False,
        default_rate_limit: float | None = None,
    ) -> None:
        self._set(
            name=name,
            credential_name=credential_name,
            base_url_env=base_url_env,
            credential_env=credential_env,
            auth_scheme=auth_scheme,
            read_error=read_error,
            default_base_url=default_base_url,
            retry_after_from_body=retry_after_from_body,
            default_cache=default_cache,
            default_rate_limit=default_rate_limit,
        )


def _redactor(secrets: Sequence[str]) -> Callable[[str], str]:
    forms = sorted(
        {form for secret in secrets if len(secret) >= 4 for form in (secret, quote(secret, ""))},
        key=len,
        reverse=True,
    )

    def redact(text: str) -> str:
        for form in forms:
            if form in text:
                text = text.replace(form, REDACTED)
        return text

    return redact


class ClientConfig(Record):
    """The resolved configuration of one client. Build it with `resolve_config`."""

    __slots__ = (
        "auth",
        "base_url",
        "cache",
        "headers",
        "provider",
        "rate_limiter",
        "redact",
        "retry",
        "secrets",
        "strict",
        "timeout",
    )
    _hidden = ("auth", "secrets", "redact")
    provider: ProviderSpec
    base_url: httpx.URL
    auth: httpx.Auth | None
    timeout: httpx.Timeout
    headers: Mapping[str, str]
    retry: RetryPolicy
    strict: bool
    cache: ResponseCache | None
    rate_limiter: RateLimiter | None
    secrets: tuple[str, ...]
    redact: Callable[[str], str]

    def __init__(
        self,
        *,
        provider: ProviderSpec,
        base_url: httpx.URL,
        auth: httpx.Auth | None,
        timeout: httpx.Timeout,
        headers: Mapping[str, str],
        retry: RetryPolicy,
        strict: bool,
        cache: ResponseCache | None = None,
        rate_limiter: RateLimiter | None = None,
        secrets: tuple[str, ...] = (),
    ) -> None:
        self._set(
            provider=provider,
            base_url=base_url,
            auth=auth,
            timeout=timeout,
            headers=headers,
            retry=retry,
            strict=strict,
            cache=cache,
            rate_limiter=rate_limiter,
            secrets=secrets,
            redact=_redactor(secrets),
        )

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (already escaped) under the base URL, as a string for
        httpx to parse once (the base URL has no query or fragment: the path is appended)."""
        return str(self.base_url).rstrip("/") + path


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """Same scheme, host and port (default ports made explicit)."""
    defaults = {"http": 80, "https": 443}
    return (
        a.scheme == b.scheme
        and a.host == b.host
        and (a.port or defaults.get(a.scheme)) == (b.port or defaults.get(b.scheme))
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise ConfigurationError(
            f"{provider.name}: refusing plain http to {url.host}: credentials would travel in "
            f"clear text. Use https, or pass allow_insecure_http=True"
        )
    return url


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
) -> ClientConfig:
    """Resolve arguments, environment variables and defaults into a `ClientConfig`.

    Raises:
        ConfigurationError: the base URL or credential is missing (naming the variable to set)
            or malformed, or the base URL is plain ``http://`` to a host that is not loopback
            and ``allow_insecure_http`` is False (tokens would travel in clear text).
            ``anonymous=True`` builds a configuration that sends no credential. ``cache`` is
            not True, False or a synchronous hishel storage.
        ValueError: a numeric option is out of range (``rate_limit`` included).
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
        if not credential.strip() or any(c in credential for c in "\r\n"):
            raise ConfigurationError(f"{provider.name}: {provider.credential_name} is malformed")
        auth = HeaderAuth(provider.auth_scheme, credential)
    if auth is None and not anonymous:
        raise ConfigurationError(
            f"{provider.name}: no credential: pass {provider.credential_name}= "
            f"or set {provider.credential_env}"
        )
    if isinstance(timeout, bool) or (isinstance(timeout, (int, float)) and timeout <= 0):
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, not {max_retries!r}")
    if timeout is None:
        resolved_timeout = DEFAULT_TIMEOUT
    elif isinstance(timeout, httpx.Timeout):
        resolved_timeout = timeout
    else:
        resolved_timeout = httpx.Timeout(timeout)
    merged = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    merged.update(_checked_headers(provider, headers or {}))
    secrets = tuple(s for s in (credential, *extra_secrets) if s)
    rate = check_rate_limit(provider.default_rate_limit if rate_limit is DEFAULT else rate_limit)
    storage = _cache_storage(provider, provider.default_cache if cache is DEFAULT else cache)
    response_cache = None
    if storage is not False:
        identity = cache_identity(credential, custom_auth)
        response_cache = ResponseCache(
            storage=None if storage is True else storage,
            identity=identity,
            redact=_redactor(secrets),
        )
    return ClientConfig(
        provider=provider,
        base_url=_base_url(base_url, provider, allow_insecure_http),
        auth=auth,
        timeout=resolved_timeout,
        headers=merged,
        retry=retry_policy or RetryPolicy(max_retries=max_retries),
        strict=strict,
        cache=response_cache,
        rate_limiter=None if rate is None else RateLimiter(rate),
        secrets=secrets,
    )


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


def _cache_storage(provider: ProviderSpec, value: object) -> bool | hishel.BaseStorage:
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
