"""What a package on PyPI is expected to carry: a license, a changelog, a versioning policy,
project URLs that agree with the documentation site, README links that work away from the
repository, and a demo that installs only what it needs."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the suite runs on 3.11 here
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _site_url() -> str:
    match = re.search(r"^site_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert match is not None, "mkdocs.yml has no site_url"
    return match.group(1)


def test_the_license_is_the_mit_license_pyproject_names() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_the_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "[Keep a Changelog](https://keepachangelog.com/" in text
    versions = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert versions[0] == "Unreleased"
    from attempts_sdk import __version__

    assert __version__ in versions
    for version in versions:  # each heading links to its diff or release
        assert re.search(rf"^\[{re.escape(version)}\]: https://", text, re.M), version


def test_the_project_urls_and_the_sites_address_agree() -> None:
    urls = PYPROJECT["project"]["urls"]
    assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
    assert urls["Documentation"] == _site_url()
    assert urls["Changelog"].endswith("/CHANGELOG.md")


def test_readme_links_are_absolute_and_reach_a_page_of_the_site() -> None:
    site = _site_url()
    links = LINK.findall(README)
    assert links
    for link in links:
        assert link.startswith("https://"), f"{link}: relative links break on PyPI"
        if link.startswith(site):
            page = link[len(site) :].split("#")[0].strip("/")
            source = ROOT / "docs" / (f"{page}.md" if page else "index.md")
            assert source.is_file(), f"{link}: no docs/{page}.md"


def test_the_versioning_page_is_on_the_site() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "versioning.md" in nav
    page = (ROOT / "docs" / "versioning.md").read_text(encoding="utf-8")
    assert "What counts as a breaking change" in page
    assert "Types are part of the API" in page


def test_the_demo_installs_the_runtime_only_and_the_tests_the_dev_tools() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = re.search(r"^demo: (\S+)$", makefile, re.M)
    assert demo is not None
    rule = re.search(rf"^{re.escape(demo.group(1))}:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert rule is not None
    assert "install" in rule.group(1)
    assert "[dev]" not in rule.group(1) and "-e ." in rule.group(1)
    assert re.search(r"^test: .*\bunit\b", makefile, re.M)
    assert "-e '.[dev]'" in makefile
