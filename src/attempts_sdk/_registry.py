"""The provider registry: `Provider`, one declaration per provider, and `PROVIDERS`.

Each provider package declares its one entry in its ``provider.py`` (``PROVIDER = Provider(...)``):
its `ProviderSpec`, its two clients, its fake, the words its attempts use for status and
pass/fail, how an export walks its attempts, and documented calls its fake answers. Everything
that concerns "every provider" (the CLI, the summaries, the export, the Spark source, the
provider-wide tests) iterates `PROVIDERS` and knows no provider by name.

Adding a provider: write its package (models, endpoints, client, ``provider.py``) and its fake,
then add its package name to `PACKAGES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from ._record import Record

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient
    from ._config import ProviderSpec
    from ._models import Model
    from ._pagination import Page
    from ._status import SummaryStatus
    from ._summary import AttemptSummary
    from .testing import FakeAPI

__all__ = [
    "PACKAGES",
    "PROVIDERS",
    "Example",
    "ExportWalk",
    "Provider",
    "Row",
    "RowPage",
    "Window",
    "register",
    "unregister",
]

PACKAGES: tuple[str, ...] = ("testpress", "cleverlms", "thoughtindustries", "indeed")
"""The provider packages under ``attempts_sdk``, in the contract's order."""


class Window(Record):
    """Bounds on when attempts started (timezone-aware; None: unbounded), inclusive.

    An export walk asks the provider for at least this window (its filters with the margin
    their granularity needs); `contains` then keeps exactly the attempts inside it.
    """

    since: datetime | None
    until: datetime | None

    def __init__(self, since: datetime | None = None, until: datetime | None = None) -> None:
        for bound in (since, until):
            if bound is not None and bound.utcoffset() is None:
                raise ValueError(f"window bounds must be timezone-aware, not {bound!r}")
        if since is not None and until is not None and since > until:
            raise ValueError(f"the window starts after it ends: {since} > {until}")
        super().__init__(since=since, until=until)

    def contains(self, moment: datetime | None) -> bool:
        """Whether an attempt that started at ``moment`` is inside; with a bound set, an
        attempt whose start is unknown (or naive) is not."""
        if self.since is None and self.until is None:
            return True
        if moment is None or moment.utcoffset() is None:
            return False
        return (self.since is None or moment >= self.since) and (
            self.until is None or moment <= self.until
        )


Row = tuple["Model", "AttemptSummary"]
"""An attempt record and its summary."""


class RowPage(list[Row]):
    """One page of an export walk: a list of rows, plus how far the walk has come.

    Attributes:
        listed: the items of the provider's list on this page (the attempts, or for Indeed
            the assignments that embed them).
        total: the items of the whole list, when the provider reports it (else None): with
            ``listed``, what a progress bar needs for its estimate.
    """

    __slots__ = ("listed", "total")

    def __init__(self, rows: Iterable[Row], *, listed: int, total: int | None = None) -> None:
        super().__init__(rows)
        self.listed = listed
        self.total = total

    @classmethod
    def of(cls, page: Page[Any], rows: Iterable[Row]) -> RowPage:
        """The rows made from a `Page` of the provider's list."""
        return cls(rows, listed=len(page), total=page.total)


class ExportWalk(Protocol):
    """``walk(client, window, *, concurrency=1)``: the pages of every attempt the provider's
    sync ``client`` can see that may have started inside ``window``, as `RowPage`s, in the
    list's order (the caller keeps exactly the window). ``concurrency`` is handed to
    ``pages(concurrency=...)``: lists whose pages the SDK can plan fetch that many at once;
    the client's rate limit holds whatever the concurrency."""

    def __call__(
        self, client: Any, window: Window, *, concurrency: int = 1
    ) -> Iterator[RowPage]: ...


class Example(Record, kw_only=False):
    """A documented call that the provider's fake answers: ``call(client)`` runs it on a sync or
    an async client configured for a fresh fake (it returns a model, a paginator or an
    awaitable of a model). The provider-wide tests run each one, sync and async.

    ``credential`` names the fake's attribute holding the credential to call with (default:
    the one named like the clients' keyword, e.g. ``fake.token``)."""

    _hidden = ("call",)
    name: str
    call: Callable[[Any], Any]
    credential: str | None = None


class Provider(Record):
    """One provider, as everything that iterates "all providers" sees it.

    Attributes:
        name: the short name (``"testpress"``), also the key in `PROVIDERS`.
        spec: the core's declaration (auth, environment variables, errors, limits).
        client / async_client: the sync and async client classes.
        fake_credential: the fake's attribute holding the credential an export uses (one that
            can see every attempt, e.g. Testpress's admin token).
        status_words: the provider's status words (lower case) -> `SummaryStatus`.
        passed_words: the words that say whether an attempt passed (lower case) -> passed.
        walk: how an export walks its attempts (`ExportWalk`).
        date_filter: whether ``walk`` narrows the request by the window (else it reads all).
        filter_margin: how far outside the window the date filter may reach because of its
            granularity (Testpress's whole days: a day); ``walk`` asks for that much more.
        sync_overlap: how far back before the previous sync (and before the newest start
            time it stored) the next sync reads again: the time an attempt may take to show
            up in the list after it started, plus clock skew.
        examples: documented calls its fake answers (`Example`).
        export_forbidden_hint: what a 403 on the export's walk usually means, added to the
            command line's message (Testpress: the walk reads the admin API).
        model_modules: the modules holding its models (default: the clients' package's
            ``models`` and ``*_models`` modules).
    """

    _hidden = ("_fake", "spec", "walk", "examples", "status_words", "passed_words", "model_modules")
    name: str
    spec: ProviderSpec
    client: type[SyncAPIClient]
    async_client: type[AsyncAPIClient]
    _fake: str
    fake_credential: str
    status_words: Mapping[str, SummaryStatus]
    passed_words: Mapping[str, bool]
    walk: ExportWalk
    date_filter: bool
    filter_margin: timedelta
    sync_overlap: timedelta
    examples: tuple[Example, ...]
    export_forbidden_hint: str | None
    model_modules: tuple[str, ...]

    def __init__(
        self,
        *,
        spec: ProviderSpec,
        client: type[SyncAPIClient],
        async_client: type[AsyncAPIClient],
        fake: str,
        walk: ExportWalk,
        date_filter: bool,
        filter_margin: timedelta = timedelta(0),
        sync_overlap: timedelta = timedelta(hours=1),
        fake_credential: str | None = None,
        status_words: Mapping[str, SummaryStatus] | None = None,
        passed_words: Mapping[str, bool] | None = None,
        examples: Sequence[Example] = (),
        export_forbidden_hint: str | None = None,
        model_modules: Sequence[str] = (),
    ) -> None:
        """``fake`` names the fake class as ``"module:Class"``: it is imported on first use
        (the fakes carry seed data that programs using the registry rarely need)."""
        if ":" not in fake:
            raise ValueError(f"fake must be 'module:Class', not {fake!r}")
        super().__init__(
            name=spec.name,
            spec=spec,
            client=client,
            async_client=async_client,
            _fake=fake,
            fake_credential=fake_credential or spec.credential_name,
            status_words=MappingProxyType(dict(status_words or {})),
            passed_words=MappingProxyType(dict(passed_words or {})),
            walk=walk,
            date_filter=date_filter,
            filter_margin=filter_margin,
            sync_overlap=sync_overlap,
            examples=tuple(examples),
            export_forbidden_hint=export_forbidden_hint,
            model_modules=tuple(model_modules),
        )

    @property
    def fake(self) -> type[FakeAPI]:
        """The provider's fake (`attempts_sdk.testing`), imported now."""
        module, _, name = self._fake.partition(":")
        value = getattr(importlib.import_module(module), name)
        if not isinstance(value, type):
            raise TypeError(f"{self._fake} is not a class")
        return value

    def new_fake(self) -> FakeAPI:
        """A new fake of this provider, with its seed data."""
        fake: FakeAPI = self.fake()  # type: ignore[call-arg]  # each fake's own defaults
        return fake

    @property
    def credential(self) -> str:
        """The clients' keyword for the credential (``token`` or ``api_key``)."""
        return self.spec.credential_name

    @property
    def environment(self) -> tuple[str, str]:
        """The environment variables the clients read: (base URL, credential)."""
        return self.spec.base_url_env, self.spec.credential_env

    def models(self) -> tuple[type[Model], ...]:
        """Every model class of the provider: the `Model` subclasses defined in its
        ``model_modules`` (imported now)."""
        from ._models import Model

        names = self.model_modules or _model_modules(self.client.__module__.rpartition(".")[0])
        found: list[type[Model]] = []
        for module in map(importlib.import_module, names):
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, Model)
                    and value.__module__ == module.__name__
                ):
                    found.append(value)
        return tuple(found)

    def open_client(
        self,
        *,
        base_url: str | None = None,
        credential: str | None = None,
        asynchronous: bool = False,
        **options: Any,
    ) -> Any:
        """A new client of this provider (async with ``asynchronous=True``); ``credential``
        goes to the clients' own keyword (``token`` or ``api_key``), ``options`` as they are.
        Missing values come from the environment, as with the client classes."""
        cls: Any = self.async_client if asynchronous else self.client  # constructors differ
        if credential is not None:
            options[self.credential] = credential
        return cls(base_url=base_url, **options)

    def client_for(
        self,
        fake: FakeAPI,
        *,
        asynchronous: bool = False,
        credential: str | None = None,
        **options: Any,
    ) -> Any:
        """A client of this provider (async with ``asynchronous=True``) answered in memory by
        ``fake``, with no client-side rate limit (fakes have none). ``credential`` names the
        fake's attribute holding the credential (default: the one named like the clients'
        keyword, e.g. ``fake.token``)."""
        options.setdefault("rate_limit", None)
        return self.open_client(
            base_url=fake.base_url,
            credential=str(getattr(fake, credential or self.credential)),
            asynchronous=asynchronous,
            transport=fake.transport,
            **options,
        )


def _model_modules(package: str) -> list[str]:
    """The modules of ``package`` named ``models`` or ``*_models``."""
    import pkgutil

    root = importlib.import_module(package)
    return [
        f"{package}.{info.name}"
        for info in sorted(pkgutil.iter_modules(getattr(root, "__path__", [])))
        if info.name == "models" or info.name.endswith("_models")
    ]


_ENTRIES: dict[str, Provider] = {}


def _entries() -> dict[str, Provider]:
    """The entries, importing each package's ``provider`` module on the first call."""
    if not _ENTRIES:
        for package in PACKAGES:
            entry = importlib.import_module(f"attempts_sdk.{package}.provider").PROVIDER
            if not isinstance(entry, Provider):
                raise TypeError(f"attempts_sdk.{package}.provider.PROVIDER is not a Provider")
            _ENTRIES.setdefault(entry.name, entry)
    return _ENTRIES


def register(entry: Provider) -> None:
    """Add a provider that lives outside this package (a plugin, or a test's toy provider)
    after the built-in ones.

    Raises:
        ValueError: a provider of that name is registered already.
    """
    if entry.name in _entries():
        raise ValueError(f"a provider named {entry.name!r} is registered already")
    _ENTRIES[entry.name] = entry


def unregister(name: str) -> None:
    """Remove a provider added with `register` (built-in ones stay)."""
    if name in PACKAGES:
        raise ValueError(f"{name!r} is built in and cannot be removed")
    _ENTRIES.pop(name, None)


class _Registry(Mapping[str, Provider]):
    """`PROVIDERS`: a read-only view of the entries, loading them on first use."""

    def __getitem__(self, name: str) -> Provider:
        return _entries()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_entries())

    def __len__(self) -> int:
        return len(_entries())

    def __repr__(self) -> str:
        return f"PROVIDERS({', '.join(_entries())})"


PROVIDERS: Mapping[str, Provider] = _Registry()
"""Every provider, keyed by name, in the contract's order: testpress, cleverlms,
thoughtindustries, indeed (then any added with `register`)."""
