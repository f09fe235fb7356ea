"""`FieldParser`: a field type's parser declared as one expression that both decoding paths
evaluate (see ``parsers.py`` for the declarations and ``fast.py`` for the inlining)."""

from __future__ import annotations

import linecache
from collections.abc import Callable, Mapping
from typing import Any

from .context import _Invalid

__all__ = ["SHORTCUTS", "FieldParser", "Parser"]

Parser = Callable[[Any], Any]

SHORTCUTS: dict[Parser, FieldParser] = {}
"""Compiled parser -> the `FieldParser` it was compiled from (for the fast path to inline)."""


class FieldParser:
    """One field type's parser: the shortcut expression both paths evaluate, and the function
    that decides every other value.

    Args:
        shortcut: a Python expression in which ``{v}`` is the raw value, ``{rest}`` the rest
            function and ``{name}`` each of ``names``; it may name the value many times. It
            gives the common values their result at once and hands the others to ``rest``. It
            may also fail with a `ValueError` or `TypeError` (``fromisoformat`` on a form it
            does not read, a cache look-up of an unhashable value): ``rest`` then decides.
        rest: gives the result of every value the shortcut does not answer itself, those it
            fails on included (or raises `_Invalid`).
        label: names the compiled function (tracebacks, profiles).
        names: other objects the shortcut uses (a cache's ``get``, an enum's member table).
        inline: whether the fast path pastes the shortcut in (else it calls `parse`): False
            where the shortcut would fail for too many values, each failure sending its record
            to the careful path.
    """

    __slots__ = ("_parse", "inline", "label", "names", "rest", "shortcut")

    def __init__(
        self,
        shortcut: str,
        rest: Parser | None,
        *,
        label: str,
        names: Mapping[str, object] | None = None,
        inline: bool = True,
    ) -> None:
        self.shortcut = shortcut
        self.rest = rest
        self.label = label
        self.names = dict(names or {})
        self.inline = inline
        self._parse: Parser | None = None

    def expression(self, value: str, bind: Callable[[str, object], str]) -> str:
        """The shortcut as source over the variable ``value``; ``bind(key, obj)`` puts each
        object the shortcut uses in the compiled code's namespace and gives its name there."""
        mapping = {key: bind(key, obj) for key, obj in self.names.items()}
        if self.rest is not None:
            mapping["rest"] = bind("rest", self.rest)
        return self.shortcut.format(v=value, **mapping)

    @property
    def parse(self) -> Parser:
        """The parser as one function ``(value, _type=None) -> parsed``, compiled on first use
        (not at import)."""
        if self._parse is None:
            self._parse = self._compile()
            SHORTCUTS[self._parse] = self
        return self._parse

    def __call__(self, value: object, _type: object = None) -> Any:
        return self.parse(value)

    def __repr__(self) -> str:
        return f"FieldParser({self.label})"

    def _compile(self) -> Parser:
        env: dict[str, object] = {"_Invalid": _Invalid}

        def bind(key: str, obj: object) -> str:
            env[f"_{key}"] = obj
            return f"_{key}"

        body = self.expression("value", bind)
        lines = ["def parse(value, _type=None):"]
        if self.rest is None:
            lines.append(f"    return {body}")
        else:
            lines += [
                "    try:",
                f"        return {body}",
                "    except _Invalid:",
                "        raise",
                "    except (ValueError, TypeError):",
                "        return _rest(value)",
            ]
        filename = f"<attempts_sdk parser {self.label}>"
        source = "\n".join(lines) + "\n"
        exec(compile(source, filename, "exec"), env)  # our own source, from declarations here
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        parse: Parser = env["parse"]  # type: ignore[assignment]
        return parse

    def with_rest(self, rest: Parser, label: str) -> FieldParser:
        """The same shortcut in front of another rest function."""
        return FieldParser(
            self.shortcut,
            rest,
            label=label,
            names=self.names,
            inline=self.inline,
        )
