"""The plugin stands apart from the demo site: nothing under ``src/practice_blog`` imports the
demo's apps, and the package's apps cannot collide with a host's app labels."""

import ast
from pathlib import Path

from django.apps import apps

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "practice_blog"
DEMO_MODULES = {"home", "website", "tests"}


def imported_top_level_names(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno


def test_no_plugin_module_imports_the_demo_site():
    found = [
        f"{path.relative_to(PACKAGE)}:{line} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, line in imported_top_level_names(path)
        if name in DEMO_MODULES
    ]
    assert found == []


def test_every_plugin_app_has_a_label_no_host_app_would_use():
    configs = [c for c in apps.get_app_configs() if c.name.startswith("practice_blog.")]
    assert {c.label for c in configs} == {
        "practice_blog_core",
        "practice_blog_blog",
        "practice_blog_comments",
        "practice_blog_feedback",
        "practice_blog_importers",
        "practice_blog_newsletter",
        "practice_blog_safety",
    }
    assert all(c.default_auto_field == "django.db.models.BigAutoField" for c in configs)


def test_the_plugin_is_imported_from_the_installed_package():
    import practice_blog

    # An editable install of this repository's src/ folder, never the repository root.
    assert Path(practice_blog.__file__).resolve().parent == PACKAGE
