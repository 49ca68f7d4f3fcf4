"""``feedback``, ``safety``, ``newsletter`` and ``comments`` each work with only ``core`` beside
them: the site passes ``check`` with no warning, migrates, and its admin and the site's pages
answer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

VISIT = """
from django.contrib.auth import get_user_model
from django.test import Client
admin = get_user_model().objects.create_superuser("alone", "a@example.com", "pw-123456")
client = Client()
client.force_login(admin)
print("admin", client.get("/admin/").status_code)
print("home", Client().get("/").status_code)
"""


@pytest.mark.parametrize("app", ["feedback", "safety", "newsletter", "comments"])
def test_an_app_works_with_only_core_beside_it(app, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core.settings_alone",
        "PRACTICE_BLOG_ALONE": app,
        "PRACTICE_BLOG_ALONE_DB": str(tmp_path / "alone.sqlite3"),
    }

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    assert manage("check", "--fail-level", "WARNING").strip() == (
        "System check identified no issues (0 silenced)."
    )
    manage("migrate", "--no-input", "-v", "0")
    visited = manage("shell", "-c", VISIT)
    assert "admin 200" in visited
    assert "home 200" in visited
