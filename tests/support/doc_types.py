"""Type-check every Python block of the README and of the docs with ``mypy --strict``.

``make doctypes`` (part of ``make test``; ``PYTHONPATH=tests python -m support.doc_types``)
writes each block, as the tests run it (dedented, alone), to a module of its own and checks
them all in one mypy run with the project's configuration: a block sees only its own imports,
never another block's names. Errors are reported at the line of the Markdown page. It prints
one line per error, then ``doc types: N blocks, P passed, S skipped, F failing``, and exits 1
when F > 0.

A block that shows a mistake on purpose starts with ``# mypy: skip — <why>`` (the reason is
required); it is counted as skipped.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from support.doc_blocks import ROOT, Block, python_blocks

SKIP = re.compile(r"#\s*mypy:\s*skip\b\s*(?:[\u2014\u2013-]+\s*(?P<why>.*\S))?")
# where the modules are written: a stable place, so that mypy's cache stays useful across runs
WORK = ROOT / ".venv" / "doc-types"
ERROR = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$")


def skip_reason(block: Block) -> str | None:
    """The reason given by a block's ``# mypy: skip — <why>`` first line; None when the block
    has no such line.

    Raises:
        ValueError: the block is marked but gives no reason.
    """
    first = block.code.lstrip("\n").split("\n", 1)[0].strip()
    match = SKIP.fullmatch(first)
    if match is None:
        return None
    if not match.group("why"):
        raise ValueError(f"{block.page}:{block.line}: '# mypy: skip' must say why after a dash")
    return match.group("why")


def module_name(index: int, block: Block) -> str:
    """A module name naming the block's page and line, e.g. ``docs_pagination_md_75``."""
    stem = re.sub(r"\W", "_", block.page.lower())
    return f"b{index:03d}_{stem}_{block.line}"


class Report(NamedTuple):
    """What one run found: the errors of each failing block (at the Markdown lines, keyed by
    ``page:line`` of the block), and how many blocks were checked and skipped."""

    failing: dict[str, list[str]]
    checked: int
    skipped: int


def check(blocks: Sequence[Block], work: Path = WORK) -> Report:
    """Type-check ``blocks``, each as a module of its own written under ``work`` (emptied
    first), in one mypy run."""
    from mypy import api

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    where: dict[str, Block] = {}
    skipped = 0
    for index, block in enumerate(blocks):
        if skip_reason(block) is not None:
            skipped += 1
            continue
        path = work / f"{module_name(index, block)}.py"
        path.write_text(block.code, encoding="utf-8")
        where[path.name] = block
    failing: dict[str, list[str]] = {}
    if not where:
        return Report(failing, 0, skipped)
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--strict",
            "--cache-dir",
            str(ROOT / ".venv" / "doc-types-cache"),
            *sorted(str(work / name) for name in where),
        ]
    )
    for line in stdout.splitlines():
        found = ERROR.match(line)
        if found is None:
            continue
        block = where[Path(found["file"]).name]
        markdown_line = block.line + int(found["line"]) - 1
        failing.setdefault(f"{block.page}:{block.line}", []).append(
            f"{block.page}:{markdown_line}: {found['kind']}: {found['text']}"
        )
    if status != 0 and not failing:  # mypy itself failed: say so rather than pass
        failing["mypy"] = [f"mypy exited {status}: {stdout}{stderr}"]
    return Report(failing, len(where), skipped)


def main() -> int:
    blocks = python_blocks()
    report = check(blocks)
    for lines in report.failing.values():
        print("\n".join(lines))
    print(
        f"doc types: {len(blocks)} blocks, {report.checked - len(report.failing)} passed, "
        f"{report.skipped} skipped, {len(report.failing)} failing"
    )
    return 1 if report.failing else 0


if __name__ == "__main__":
    sys.exit(main())
