"""The exception tree drawn at the top of attempts_sdk/_errors.py is the real one, and
`attempts_sdk.errors` exports every public exception and warning."""

from __future__ import annotations

import re

import attempts_sdk
from attempts_sdk import _errors, errors

_NODE = re.compile(r"^(?P<indent>[ │├└─]*?)(?P<name>[A-Z][A-Za-z]+)(?:\s|$)")


def _drawn_tree() -> dict[str, str | None]:
    """Class name -> the name of its parent in the diagram (None for the root)."""
    doc = _errors.__doc__ or ""
    block = doc.split("::", 1)[1].split("Warnings", 1)[0]
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        match = _NODE.match(line.strip("\n")[4:])  # the block is indented by four spaces
        if match is None:
            continue
        depth = len(match["indent"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[match["name"]] = stack[-1][1] if stack else None
        stack.append((depth, match["name"]))
    return parents


def test_the_diagram_draws_every_exception_under_its_real_base() -> None:
    drawn = _drawn_tree()
    exceptions = {
        name: cls
        for name in _errors.__all__
        if isinstance(cls := getattr(_errors, name), type) and issubclass(cls, Exception)
        if not issubclass(cls, Warning)
    }
    assert set(drawn) == set(exceptions)
    for name, parent in drawn.items():
        base = exceptions[name].__bases__[0]
        assert base.__name__ == (parent or "Exception"), name


def test_the_diagram_names_every_warning() -> None:
    doc = _errors.__doc__ or ""
    warnings = doc.split("Warnings", 1)[1]
    for name in ("DataWarning", "HeartbeatWarning"):
        assert f"    {name} " in warnings
        assert issubclass(getattr(_errors, name), UserWarning)


def test_errors_exports_every_public_exception_and_warning() -> None:
    public = {
        name
        for name in attempts_sdk.__all__
        if isinstance(obj := getattr(attempts_sdk, name), type)
        and issubclass(obj, (Exception, Warning))
    }
    assert {"DataWarning", "HeartbeatWarning", "ResponseTooLargeError"} <= public
    assert set(errors.__all__) == public
    for name in public:
        assert getattr(errors, name) is getattr(attempts_sdk, name)
