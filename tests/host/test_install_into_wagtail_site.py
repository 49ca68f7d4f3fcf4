"""Install the built wheel into a new ``wagtail start`` site that has its own ``home`` and
``blog`` apps and content, follow the README's steps, and check that nothing of the host's
changed and that the banner, the widget, the signup form and the feedback admin work there.

The host gets its own virtual environment that reuses this one's installed packages (a .pth
file) and installs only the wheel, with no download; ``practice_blog`` must import from the
wheel, never from this repository's ``src/``.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# The README's "Add Practice Blog to an existing Wagtail site" steps, as a host applies them.
PLUGIN_APPS = """    "practice_blog.core",
    "practice_blog.safety",
    "practice_blog.newsletter",
    "practice_blog.feedback",
    "practice_blog.comments",
    "practice_blog.blog",
    "practice_blog.importers",
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "django_tasks_db",
"""
PLUGIN_MIDDLEWARE = """    "practice_blog.core.middleware.PublicCacheHeadersMiddleware",
    "practice_blog.core.middleware.ContentSecurityPolicyMiddleware",
"""
HEALTH_MIDDLEWARE = '    "practice_blog.core.health.HealthCheckMiddleware",\n'
PLUGIN_SETTINGS = """
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PRACTICE_BLOG = {
    "TRUSTED_PROXY_COUNT": 0,
    "PUBLIC_BASE_URL": "https://host.example.org",
}
"""
PLUGIN_URLS = '    path("", include("practice_blog.urls")),\n'
BANNER_TAG = "{% load practice_blog_safety %}{% crisis_banner %}"


def run(command, cwd, env=None):
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def insert_after(path, anchor, text):
    source = path.read_text()
    assert anchor in source, f"{anchor!r} not in {path}"
    path.write_text(source.replace(anchor, anchor + text, 1))


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """A host site, migrated with content before and after installing the plugin."""
    root = tmp_path_factory.mktemp("host")
    dist = root / "dist"
    # Built from a copy of the package's sources, so no earlier build/ folder can leak in.
    source = root / "source"
    shutil.copytree(
        REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "-w", str(dist), "-q"], cwd=root)  # fmt: skip
    wheel = next(dist.glob("practice_blog-*.whl"))

    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=root)
    python = venv / "bin" / "python"
    site_packages = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], root
        ).strip()
    )
    # Reuse the already installed dependencies (Wagtail, Django, …) without a download.
    (site_packages / "reuse_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], root)

    site = root / "site"
    site.mkdir()
    wagtail = Path(sys.executable).parent / "wagtail"
    run([str(python), str(wagtail), "start", "hostsite", str(site)], cwd=root)
    blog = site / "blog"
    shutil.copytree(HERE / "host_blog", blog)
    shutil.copy(blog / "models_before.py", blog / "models.py")
    shutil.copy(HERE / "host_checks.py", site / "host_checks.py")
    settings = site / "hostsite" / "settings" / "base.py"
    insert_after(settings, '    "search",\n', '    "blog",\n')

    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    env["DJANGO_SETTINGS_MODULE"] = "hostsite.settings.dev"

    def manage(*args):
        return run([str(python), "manage.py", *args], cwd=site, env=env)

    manage("makemigrations", "blog")
    manage("migrate", "--no-input")
    manage(
        "shell",
        "-c",
        "from wagtail.models import Page; from blog.models import BlogPage; "
        "home = Page.objects.get(depth=2); "
        "home.add_child(instance=BlogPage(title='Our first post', slug='our-first-post', "
        "body='<p>Hello from the host.</p>'))",
    )
    before = host_json({"python": python, "site": site, "env": env}, "snapshot")

    # The README's steps.
    insert_after(settings, '    "blog",\n', PLUGIN_APPS)
    insert_after(
        settings, '    "django.middleware.security.SecurityMiddleware",\n', PLUGIN_MIDDLEWARE
    )
    insert_after(settings, "MIDDLEWARE = [\n", HEALTH_MIDDLEWARE)
    settings.write_text(settings.read_text() + PLUGIN_SETTINGS)
    urls = site / "hostsite" / "urls.py"
    insert_after(urls, '    path("search/", search_views.search, name="search"),\n', PLUGIN_URLS)
    urls.write_text(urls.read_text() + '\nhandler500 = "practice_blog.core.views.server_error"\n')
    base = site / "hostsite" / "templates" / "base.html"
    source = base.read_text()
    base.write_text(
        re.sub(r"<body[^>]*>", lambda m: f"{m.group(0)}\n        {BANNER_TAG}", source, count=1)
    )
    shutil.copy(blog / "models_after.py", blog / "models.py")
    manage("makemigrations", "blog")
    migrate_output = manage("migrate", "--no-input")
    return {
        "manage": manage,
        "python": python,
        "site": site,
        "env": env,
        "before": before,
        "migrate_output": migrate_output,
    }


def host_json(host, mode):
    output = run([str(host["python"]), "host_checks.py", mode], cwd=host["site"], env=host["env"])
    return json.loads(output.strip().splitlines()[-1])


def test_migrating_the_plugin_leaves_the_hosts_sites_pages_and_groups_alone(host):
    after = host_json(host, "snapshot")
    assert after["sites"] == host["before"]["sites"]
    # The host's home page is the root's first child (path 00010001), as on most real sites.
    assert [page["path"] for page in after["pages"]][:2] == ["0001", "00010001"]
    assert after["pages"] == host["before"]["pages"]
    assert after["groups"] == host["before"]["groups"]
    assert "Editors" in after["groups"]  # wagtail start's own group, untouched
    assert "Practice owners" not in after["groups"]


def test_the_host_tree_is_consistent_and_check_reports_nothing(host):
    fixtree = host["manage"]("fixtree")
    assert "No problems found" in fixtree
    check = host["manage"]("check")
    assert check.strip() == "System check identified no issues (0 silenced)."


def test_a_host_page_type_with_the_mixins_shows_the_banner_widget_and_signup(host):
    seen = host_json(host, "visit")
    assert "site-packages" in seen["plugin_file"]
    assert str(REPO / "src") not in seen["plugin_file"]
    assert seen["page_status"] == 200
    assert seen["has_banner"], "crisis banner missing"
    assert seen["has_widget"], "helpful widget missing"
    assert seen["has_signup"], "newsletter signup missing"
    assert seen["has_comment_form"], "comment form missing"
    assert seen["comment_status"] == 303
    assert seen["comments_waiting"] == 1
    # Each tag brings its own stylesheet: the host's base.html needs no extra block.
    assert seen["stylesheets"] == [
        "comments/comments.css",
        "feedback/css/helpful.css",
        "newsletter/css/signup.css",
        "safety/css/safety.css",
    ]
    assert seen["vote_robots_header"] == "noindex"
    assert seen["vote_status"] in (200, 303)
    assert seen["votes"] == 1
    assert seen["rollup_helpful"] == 1
    assert seen["listing_status"] == 200
    assert seen["listing_shows_page"], "feedback admin does not list the host's page"
    assert seen["overview_status"] == 200
    assert seen["editor_status"] == 200
    assert seen["editor_has_feedback_panel"]
    # Publishing a new host page queues its email; the queue's worker sends it to the reader.
    assert seen["queued_before_worker"] == 1
    # The same run sends the comment's confirmation to its writer.
    assert sorted(seen["emailed"]) == ["reader@example.org", "robin@example.org"]
    assert seen["dispatch_status"] == "sent"
    # The load balancer's check answers on any Host; the worker's follows its heartbeat.
    assert seen["healthz"] == [200, "ok"]
    assert seen["healthz_worker"] == 200
