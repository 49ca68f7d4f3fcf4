"""Every help text that sends staff to a menu ("Settings → Newsletter") names a menu that
exists, so nobody goes looking for "Snippets → Authors" again."""

import re

import pytest
from django.apps import apps
from django.test import RequestFactory
from wagtail import blocks
from wagtail.admin.menu import admin_menu
from wagtail.admin.panels import get_edit_handler
from wagtail.fields import StreamField

from practice_blog.core import getting_started

pytestmark = pytest.mark.django_db

OUR_APPS = ("practice_blog", "home")
ARROW = re.compile(r"(?P<before>[^.;:(“\"]*?)\s*→\s*(?P<after>[^.;:)”\",]*)")


def menu_paths(request):
    """``{(top-level label, item label)}`` and ``{top-level label}`` of the admin menu."""
    pairs, tops = set(), set()
    for item in admin_menu.menu_items_for_request(request):
        tops.add(str(item.label))
        submenu = getattr(item, "menu", None)
        for child in submenu.menu_items_for_request(request) if submenu else []:
            pairs.add((str(item.label), str(child.label)))
    return pairs, tops


def block_help_texts(block):
    if getattr(block.meta, "help_text", None):
        yield str(block.meta.help_text)
    children = getattr(block, "child_blocks", None) or {}
    for child in children.values():
        yield from block_help_texts(child)
    if isinstance(block, blocks.ListBlock):
        yield from block_help_texts(block.child_block)


def panel_help_texts(panel):
    if getattr(panel, "help_text", None):
        yield str(panel.help_text)
    for child in getattr(panel, "children", []):
        yield from panel_help_texts(child)


def our_help_texts(request):
    for model in apps.get_models():
        if not model.__module__.startswith(OUR_APPS):
            continue
        for field in model._meta.get_fields():
            if getattr(field, "help_text", ""):
                yield f"{model.__name__}.{field.name}", str(field.help_text)
            if isinstance(field, StreamField):
                for text in block_help_texts(field.stream_block):
                    yield f"{model.__name__}.{field.name} (block)", text
        if hasattr(model, "get_edit_handler") or hasattr(model, "panels"):
            try:
                handler = get_edit_handler(model)
            except Exception:  # models without admin forms
                continue
            for text in panel_help_texts(handler):
                yield f"{model.__name__} (panel)", text
    for step in getting_started.steps_for(request):
        yield f"Getting started: {step.label}", step.hint


def test_every_menu_named_in_a_help_text_exists(owner):
    """As a Practice owner sees the menu (the help texts are written for them)."""
    request = RequestFactory().get("/admin/")
    request.user = owner
    pairs, tops = menu_paths(request)
    assert ("Settings", "Newsletter") in pairs  # the walk itself works
    named, wrong = 0, []
    for where, text in our_help_texts(request):
        for match in ARROW.finditer(text):
            named += 1
            before, after = match["before"], match["after"]
            if not any(before.endswith(top) and after.startswith(item) for top, item in pairs):
                wrong.append(f"{where}: “{match.group(0).strip()}”")
    assert named >= 3
    assert wrong == []
    assert "Authors" in tops
