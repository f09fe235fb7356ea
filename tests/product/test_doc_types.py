"""The docs type check (``make doctypes``): each block alone, errors at the Markdown line, a
block marked ``# mypy: skip — <why>`` counted as skipped, and a mark without a reason refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.doc_blocks import Block, fenced_blocks
from support.doc_types import check, skip_reason

PAGE = """# A page

```python
from attempts_sdk.testing import FakeTestpress

fake = FakeTestpress()
client = fake.client()
attempt = client.get_attempt(125002)
print(attempt.exam.title)
```

```python
title: str = "defined here"
```

```python
print(title)
```

```python
# mypy: skip — the missing import is the mistake shown
print(undefined_name)
```
"""


def test_errors_are_reported_per_block_at_the_lines_of_the_page(tmp_path: Path) -> None:
    blocks = [b for b in fenced_blocks(PAGE, "docs/page.md") if b.language == "python"]
    report = check(blocks, tmp_path / "blocks")

    assert (report.checked, report.skipped) == (3, 1)
    assert set(report.failing) == {"docs/page.md:4", "docs/page.md:17"}
    # the Optional exam, at its line of the page
    assert report.failing["docs/page.md:4"] == [
        'docs/page.md:9: error: Item "None" of "Exam | None" has no attribute "title"  [union-attr]'
    ]
    # a block never sees another block's names
    assert report.failing["docs/page.md:17"][0].startswith(
        'docs/page.md:17: error: Name "title" is not defined'
    )


def test_a_skip_mark_must_say_why() -> None:
    marked = Block("docs/page.md", 3, "python", "# mypy: skip — a planted mistake\nx = 1\n")
    assert skip_reason(marked) == "a planted mistake"
    assert skip_reason(Block("docs/page.md", 3, "python", "x = 1  # mypy: skip\n")) is None
    with pytest.raises(ValueError, match="must say why"):
        skip_reason(Block("docs/page.md", 3, "python", "# mypy: skip\nx = 1\n"))
