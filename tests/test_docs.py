"""The code samples in docs/*.md run: each block's test functions are called."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
SAMPLES = [
    (page.name, index, code)
    for page in sorted(DOCS.glob("*.md"))
    for index, code in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), re.S))
]


@pytest.mark.parametrize(
    ("page", "index", "code"), SAMPLES, ids=[f"{p}-{i}" for p, i, _ in SAMPLES]
)
def test_docs_sample_runs(page: str, index: int, code: str) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(code, f"{page} sample {index}", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert tests, f"{page} sample {index} defines no test"
    for test in tests:
        test()
