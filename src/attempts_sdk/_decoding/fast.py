"""The fast path: one structure function per model class, compiled from Python source written
for that class.

Why it exists: exports and list walks decode hundreds of thousands of records, nearly all of
them clean. A generic structure function (cattrs', or the careful path's) pays on every field
for what a clean record never needs: a call per field through a hook, path bookkeeping for
warnings, a context-variable look-up, and the keyword-argument ``__init__`` of a frozen attrs
class. Decoding was several times slower than building the same objects by hand.

What it does: `compile_fast` writes, once per class, a function such as::

    def structure(o, _type=None):
        if type(o) is not dict: ...               # None -> None; anything else is refused
        self = _new(_builder)                     # the class's layout, plain attribute stores
        get = o.get
        v = get('score')
        self.score = _c if (_c := _cache0(v)) is not None else _rest0(v)   # parse_decimal
        v = get('exam')
        self.exam = _p1(v)                        # a nested model's own compiled function
        ...
        if not _known.issuperset(o):
            self._extra = {k: x for k, x in o.items() if k not in _known}
        self.__class__ = _cls                     # the real, frozen class
        return self

Each field's parser is bound at compile time (no dispatch per call). A scalar field's value
goes through its parser's *shortcut*, pasted in as written in ``parsers.py`` (the very
expression the careful path's parser evaluates), so the common cases cost no call at all. The
record is built as an instance of a private subclass whose only change is the plain
``object.__setattr__``, then given its real class (same layout; users only see the frozen
class).

When it falls back: it keeps no bookkeeping, so it raises on anything unusual -- a value a
parser refuses (`_Invalid`), a missing or null required field, a list item that is null, a
timestamp ``fromisoformat`` does not read, a nested record that is not an object. The caller
(``decode.py``) then decodes the whole record again, from scratch, on the careful path, which
decides (a ``DataWarning``, a ``DecodeError``) and repairs what it can. A page is decoded by
the fast path in one go; any refusal sends each of its records through the careful path.
"""

from __future__ import annotations

import linecache
import typing
from collections.abc import Callable
from typing import Any

import attrs

from .._models import Model, references, wire_names
from .context import _Invalid
from .field_parser import SHORTCUTS, Parser

__all__ = ["compile_fast", "fast_list_parser", "fast_map_parser"]

ParserFor = Callable[[object], "tuple[Parser, bool]"]

_LISTS: set[Parser] = set()  # the fast list parsers: a None list is inlined as []


def fast_list_parser(item: Parser, allow_null: bool) -> Parser:
    """A list field's parser that refuses the whole list on any bad item."""

    def parse_list(value: object, _type: object = None) -> list[object]:
        if value is None:
            return []
        if type(value) is not list:
            raise _Invalid("expected a list")
        out = [item(raw) for raw in value]
        if not allow_null and any(parsed is None for parsed in out):
            raise _Invalid("null item in a list")
        return out

    _LISTS.add(parse_list)
    return parse_list


def fast_map_parser(item: Parser) -> Parser:
    """An object-of-records field's parser that refuses the whole object on any bad value."""

    def parse_map(value: object, _type: object = None) -> dict[str, object]:
        if value is None:
            return {}
        if type(value) is not dict:
            raise _Invalid("expected an object")
        out = {key: item(raw) for key, raw in value.items()}
        if any(parsed is None for parsed in out.values()):
            raise _Invalid("null value in an object of records")
        return out

    return parse_map


def _empty_source(cls: type[Model], field: attrs.Attribute[Any]) -> str:
    """The source of an optional field's empty value: the parsers give None, [] or {}."""
    if field.default is None:
        return "None"
    factory = getattr(field.default, "factory", None)
    if factory is list:
        return "[]"
    if factory is dict:
        return "{}"
    raise TypeError(f"attempts_sdk: unsupported default for {cls.__name__}.{field.name}")


def _value_expression(parse: Parser, index: int, env: dict[str, object]) -> str:
    """The source that gives an optional field's value from its raw value ``v``."""
    env[f"_p{index}"] = parse
    declared = SHORTCUTS.get(parse)
    if declared is not None and declared.inline:

        def bind(key: str, obj: object) -> str:
            env[f"_{key}{index}"] = obj
            return f"_{key}{index}"

        return declared.expression("v", bind)
    if parse in _LISTS:
        return f"[] if v is None else _p{index}(v)"
    return f"_p{index}(v)"


def compile_fast(cls: type[Model], parser_for: ParserFor) -> Parser:
    """Compile the fast structure function of a model class. ``parser_for(field_type)`` gives
    each field's parser (for nested models: their fast structure functions)."""
    attrs_cls: Any = cls
    attrs.resolve_types(attrs_cls)
    names = wire_names(cls)
    known = frozenset(names.values())
    builder = type(
        f"_{cls.__name__}Builder",
        (cls,),
        {
            "__slots__": (),
            "__module__": cls.__module__,
            # both, or CPython keeps the slow Python-level attribute slot of the frozen class
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
        },
    )
    env: dict[str, object] = {
        "_new": object.__new__,
        "_builder": builder,
        "_cls": cls,
        "_known": known,
        "_Invalid": _Invalid,
    }
    lines = [
        "def structure(o, _type=None):",
        "    if type(o) is not dict:",
        "        if o is None:",
        "            return None",
        "        raise _Invalid('expected an object')",
        "    self = _new(_builder)",
        "    get = o.get",
    ]
    refs = references(cls)
    derived = []
    for index, field in enumerate(attrs.fields(attrs_cls)):
        if not field.name.isidentifier():  # attrs guarantees it; the source relies on it
            raise TypeError(f"attempts_sdk: field name {field.name!r} is not an identifier")
        if not field.init:  # not on the wire: set after the wire fields
            derived.append(field)
            continue
        parse, _ = parser_for(field.type)
        wire = repr(names[field.name])
        if field.default is attrs.NOTHING:
            env[f"_p{index}"] = parse
            lines += [
                f"    v = _p{index}(o[{wire}])",
                "    if v is None:",
                "        raise _Invalid('required value is missing')",
                f"    self.{field.name} = v",
            ]
            continue
        _empty_source(cls, field)
        expression = _value_expression(parse, index, env)
        lines += [f"    v = get({wire})"]
        id_name = refs.get(field.name)
        if id_name is None:
            lines += [f"    self.{field.name} = {expression}"]
            continue
        lines += [  # the record, or only its id
            "    if type(v) is int:",
            f"        self.{field.name} = None",
            f"        self.{id_name} = v",
            "    else:",
            f"        self.{field.name} = r = {expression}",
            f"        self.{id_name} = None if r is None else r.id",
        ]
    for field in derived:
        if field.name not in refs.values():
            lines.append(f"    self.{field.name} = {_empty_source(cls, field)}")
    lines += [
        "    if not _known.issuperset(o):",
        "        self._extra = {k: x for k, x in o.items() if k not in _known}",
        "    self.__class__ = _cls",
        "    return self",
    ]
    filename = f"<attempts_sdk structure {cls.__module__}.{cls.__qualname__}>"
    source = "\n".join(lines) + "\n"
    exec(compile(source, filename, "exec"), env)  # our own generated source
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return typing.cast(Parser, env["structure"])
