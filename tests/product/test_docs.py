"""Every code sample on the documentation site runs.

The convention every page under ``docs/`` follows (authors of new pages: follow it too):

* Every ```` ```python ```` block in ``docs/**/*.md`` is a sample, and this module runs it:
  top-level blocks and blocks indented inside content tabs (``=== "Sync"``), admonitions or
  lists alike (the indentation is removed first). A block that is not meant to run (a shell
  command, a config file, some output) uses another fence (``bash``, ``text``, ``toml``, ...);
  the aliases ``py``, ``py3``, ``python3`` and ``pycon`` are refused, so nothing that looks like
  Python escapes this test.
* A block is exec'd as-is, alone, in a fresh namespace: it has its own imports and never relies
  on another block. What the reader sees is exactly what runs: no hidden setup.
* It runs offline, against the built-in fakes of ``attempts_sdk.testing``::

      fake = FakeTestpress()
      client = TestpressClient(base_url=fake.base_url, token=fake.token, transport=fake.transport)

  (the async client takes the same ``transport``), or ``with fake.serve() as base_url:`` for a
  real server on 127.0.0.1, or an ``httpx.MockTransport`` defined in the block itself.
  Constructing a client with a real provider URL is fine (nothing is sent until a method is
  called); sending to one is not: while a sample runs, connections to anything but loopback
  fail, and the providers' environment variables are unset.
* It asserts what it shows (``assert attempt.state == "Completed"``, or
  ``with pytest.raises(NotFoundError):``): a block with neither fails.
* Then each ``test_*`` function the block defines is called with no arguments; an
  ``async def test_*`` runs under ``asyncio.run``. Top-level async code calls
  ``asyncio.run(main())`` itself.
* Warnings are errors, as in the rest of the suite: a sample that meets a ``DataWarning`` on
  purpose catches it (``warnings.catch_warnings`` or ``pytest.warns``).

Tracebacks name the page and the line of the Markdown file.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import ipaddress
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from _pytest.assertion.rewrite import rewrite_asserts

from attempts_sdk import PROVIDERS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
PYTHON_ALIASES = {"py", "py3", "python3", "pycon"}


class Block(NamedTuple):
    """One fenced code block of a page."""

    page: str  # relative to the repository root, e.g. "docs/pagination.md"
    line: int  # 1-based line of the block's first code line
    language: str
    code: str  # dedented


def fenced_blocks(text: str, page: str) -> Iterator[Block]:
    """The fenced code blocks of a Markdown text, at any indentation, dedented."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = opening.group("indent"), opening.group("fence")
        language = (opening.group("info").split() or [""])[0].lstrip("{.").rstrip("}")
        body: list[str] = []
        index += 1
        start = index
        while index < len(lines):
            closing = FENCE.match(lines[index])
            if (
                closing is not None
                and not closing.group("info")
                and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= len(fence)
                and len(closing.group("indent")) <= len(indent)
            ):
                break
            line = lines[index]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            index += 1
        else:
            raise AssertionError(f"{page}:{start}: a code fence is never closed")
        index += 1
        yield Block(page, start + 1, language, "\n".join(body) + "\n")


def _pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


BLOCKS = [
    block
    for page in _pages()
    for block in fenced_blocks(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)))
]
SAMPLES = [block for block in BLOCKS if block.language == "python"]


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut off everything but loopback, and unset the providers' environment variables."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host.decode() if isinstance(host, bytes) else host):
            raise OSError(f"docs samples run offline: no lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise OSError(f"docs samples run offline: no connection to {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


def _asserts(node: ast.AST) -> bool:
    """An ``assert`` statement, or a ``with pytest.raises(...)`` / ``pytest.warns(...)``."""
    if isinstance(node, ast.Assert):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("raises", "warns")
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pytest"
    )


def test_the_site_has_samples_on_every_guide() -> None:
    pages_with_samples = {block.page for block in SAMPLES}
    guides = ("index", "pagination", "errors", "retries", "decoding", "exam-sessions", "testing")
    for page in (f"{guide}.md" for guide in guides):
        assert f"docs/{page}" in pages_with_samples
    for provider in PROVIDERS:
        assert f"docs/quickstart/{provider}.md" in pages_with_samples


def test_tabbed_blocks_are_found_and_dedented() -> None:
    text = '=== "Sync"\n\n    ```python\n    if True:\n        x = 1\n    ```\n\n```bash\nls\n```\n'
    blocks = list(fenced_blocks(text, "page.md"))
    assert blocks == [
        Block("page.md", 4, "python", "if True:\n    x = 1\n"),
        Block("page.md", 9, "bash", "ls\n"),
    ]


def test_no_block_hides_python_under_another_name() -> None:
    hidden = [f"{b.page}:{b.line}" for b in BLOCKS if b.language in PYTHON_ALIASES]
    assert hidden == [], "use ```python (run by this test) or a non-Python fence"


@pytest.mark.parametrize("block", SAMPLES, ids=[f"{b.page}:{b.line}" for b in SAMPLES])
@pytest.mark.usefixtures("offline")
def test_docs_sample_runs(block: Block) -> None:
    where = f"{block.page}:{block.line}"
    # padded with blank lines, so that tracebacks give the line numbers of the Markdown file
    source = "\n" * (block.line - 1) + block.code
    tree = ast.parse(source, filename=block.page)
    assert any(_asserts(node) for node in ast.walk(tree)), (
        f"{where}: a sample asserts what it shows (no assert, pytest.raises or pytest.warns)"
    )
    rewrite_asserts(tree, source.encode(), block.page)  # pytest's detailed assert messages
    namespace: dict[str, Any] = {"__name__": "docs_sample"}
    exec(compile(tree, block.page, "exec"), namespace)
    tests = [
        value
        for name, value in namespace.items()
        if name.startswith("test_")
        and inspect.isfunction(value)
        and value.__code__.co_filename == block.page
    ]
    for test in tests:
        parameters = inspect.signature(test).parameters
        assert not parameters, f"{where}: {test.__name__} must take no arguments"
        if inspect.iscoroutinefunction(test):
            asyncio.run(test())
        else:
            test()


DOCSTRING_MODULES = tuple(f"attempts_sdk.{provider}" for provider in PROVIDERS)


@pytest.mark.parametrize("module_name", DOCSTRING_MODULES)
def test_docstring_examples_on_the_site_run(module_name: str) -> None:
    """The API reference renders the packages' docstrings: their examples run too."""
    import doctest
    import importlib

    module = importlib.import_module(module_name)
    tests = [test for test in doctest.DocTestFinder().find(module) if test.examples]
    assert tests, f"{module_name} shows no example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_no_docstring_example_is_skipped() -> None:
    """An example that cannot run is not shown: none is marked ``+SKIP``."""
    sources = Path(__file__).resolve().parents[2] / "src" / "attempts_sdk"
    skipped = [str(path) for path in sources.rglob("*.py") if "doctest: +SKIP" in path.read_text()]
    assert skipped == []
