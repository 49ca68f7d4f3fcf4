"""What ``load_demo`` made, recorded so that removal can tell it from the owner's own work.

Each piece of demo content is recorded with a fingerprint of its fields and, for pages and
authors, its latest revision: if either differs at removal time, someone has edited it since.
Each kept page or setting is recorded with the demo's value of every field that removal resets.
"""

import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.fields import StreamField

from home.models import DemoRecord

from .inventory import NEUTRAL_WORDING, demo_content, demo_structure, known_demo_wording

# Fields that change without anyone editing the object: a page's place in the tree (it moves
# when a parent is renamed or a sibling added) and an image's lazily computed size and hash.
UNSTABLE_FIELDS = {"path", "depth", "numchild", "url_path", "file_size", "file_hash"}


def without_block_ids(data):
    """StreamField data without its block ids, which say nothing about the wording."""
    if isinstance(data, list):
        return [without_block_ids(item) for item in data]
    if isinstance(data, dict):
        return {key: without_block_ids(value) for key, value in data.items() if key != "id"}
    return data


def field_value(obj, name):
    """One field of ``obj`` as a string, comparable between a record and the object today."""
    field = obj._meta.get_field(name)
    value = field.value_to_string(obj)
    if isinstance(field, StreamField):
        if isinstance(value, str):
            value = json.loads(value or "[]")
        value = without_block_ids(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder)


def fingerprint(obj):
    """A hash of every stored field of ``obj`` (its specific type, for a page)."""
    fields = {
        field.attname: field_value(obj, field.name)
        for field in obj._meta.concrete_fields
        if field.attname not in UNSTABLE_FIELDS
    }
    encoded = json.dumps(fields, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def latest_revision_id(obj):
    return getattr(obj, "latest_revision_id", None)


def demo_wording(obj):
    """The demo's value of each field removal resets, as ``obj`` has it now.

    A field is left out when a value ``load_demo`` would write is known and this is not it:
    the owner filled it in before loading the demo (the newsletter's sender, for example, is
    only set by the demo when it is empty).
    """
    known = known_demo_wording(obj)
    wording = {}
    for name in NEUTRAL_WORDING.get(type(obj), {}):
        value = field_value(obj, name)
        if name not in known or known[name] == value:
            wording[name] = value
    return wording


def record_object(obj, kind, **values):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    DemoRecord.objects.update_or_create(
        content_type=content_type,
        object_id=str(obj.pk),
        defaults={"kind": kind, "kept": False, **values},
    )


def record_demo():
    """Record the demo as it is now (at the end of ``load_demo``); returns how many records."""
    content = demo_content()
    for obj in content:
        record_object(
            obj,
            DemoRecord.Kind.CONTENT,
            fingerprint=fingerprint(obj),
            revision_id=latest_revision_id(obj),
            wording={},
        )
    structure = demo_structure()
    for obj in structure:
        record_object(
            obj,
            DemoRecord.Kind.STRUCTURE,
            fingerprint="",
            revision_id=latest_revision_id(obj),
            wording=demo_wording(obj),
        )
    return len(content) + len(structure)
