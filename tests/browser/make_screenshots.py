"""Regenerate the README's screenshots in docs/screenshots/ (run by ``make screenshots``).

Not collected by a normal test run (the file name does not start with ``test_``); pytest runs
it when it is named on the command line, with the browser harness and the demo practice.
"""

from pathlib import Path

import pytest

from .screenshots import capture_screenshots

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_write_readme_screenshots(site, new_context, owner):
    """Write the article (phone, desktop) and analytics overview PNGs for the README."""
    for path in capture_screenshots(new_context, site, owner.username, FOLDER):
        print(f"wrote {path.relative_to(FOLDER.parents[1])}")
