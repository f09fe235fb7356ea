"""The fenced code blocks of the README and of the documentation site, as the tests run them.

`tests/test_docs.py` runs every ``python`` block of ``docs/``, `tests/test_readme.py` every one
of the README, and `tests/support/doc_types.py` type-checks them all: each block alone, dedented.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")


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


def doc_pages() -> list[Path]:
    """Every Markdown page of the documentation site."""
    return sorted(DOCS.rglob("*.md"))


def blocks_of(path: Path) -> list[Block]:
    """The fenced blocks of one Markdown file (its page named relative to the repository)."""
    return list(fenced_blocks(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))))


def python_blocks() -> list[Block]:
    """Every ``python`` block of the README and of the documentation site, in page order."""
    return [
        block
        for path in [ROOT / "README.md", *doc_pages()]
        for block in blocks_of(path)
        if block.language == "python"
    ]
