"""Remove the demo practice: its content goes, the owner's own work and the site's frame stay.

:func:`plan_removal` works out, without changing anything, what removal would do: which demo
articles, authors, pictures, subscribers and newsletter emails go, which kept pages and settings
get neutral wording in place of the demo's, and what it is unsure of and keeps. The admin screen
and ``load_demo --remove`` show that plan before :func:`remove_demo` carries it out.

What counts as "edited by the owner":

- a page or author whose latest revision is not the one the demo made, or any piece of content
  whose fields differ from the fingerprint ``load_demo`` recorded (:mod:`home.demo.records`);
- a page with pages under it that are not the demo's (never deleted: that would delete them);
- a picture, author or other non-page item still used by something that stays (a demo
  picture in the owner's article, a demo author credited on it). A demo article linked from a
  kept page still goes (the confirmation lists it); the kept page only loses the link.

All of those are kept and listed as unsure. A database made by an older ``load_demo`` has no
records: the demo is then recognised by the names it uses (:mod:`home.demo.inventory`), and a
recognised item counts as unedited only if no one has ever saved it in the admin (no history
entry by a staff account). Demo votes (voter keys starting ``demo-``) and the readers' notes
left with them are the demo's by construction and always go.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists
from taggit.models import Tag
from wagtail.actions.delete import DeleteAction
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Site,
)

from home.models import DemoRecord, PracticeSettings
from practice_blog.blog.models import ArticlePage, Author
from practice_blog.comments.models import ReaderComment
from practice_blog.core.getting_started import log_entries_by_people
from practice_blog.core.page_cache import content_changed
from practice_blog.feedback.models import HelpfulVote
from practice_blog.newsletter.models import Dispatch, Subscriber
from practice_blog.newsletter.sending import automatic_emails_paused

from .articles import ARTICLES
from .comments import demo_comments
from .feedback import remove_demo_votes
from .inventory import (
    ARTICLE_SLUGS,
    AUTHOR_SLUGS,
    NEUTRAL_WORDING,
    TOGETHER,
    demo_content,
    demo_structure,
    known_demo_wording,
)
from .records import field_value, fingerprint, latest_revision_id

REMOVE_ACTION = "home.remove_demo"

# How each kind of content is named to the owner, in the order the confirmation lists them.
KIND_NAMES = [
    (ArticlePage, "Articles", "article"),
    (Page, "Pages", "page"),
    (Author, "Authors", "author"),
    (get_image_model(), "Pictures", "picture"),
    (Collection, "Picture folders", "picture folder"),
    (Subscriber, "Newsletter subscribers", "newsletter subscriber"),
    (Dispatch, "Newsletter emails", "newsletter email"),
]


def kind_name(obj, singular=False):
    """What the owner calls this kind of thing: "Pictures" (or "picture")."""
    for model, plural, one in KIND_NAMES:
        if isinstance(obj, model):
            return one if singular else plural
    meta = obj._meta
    return str(meta.verbose_name if singular else meta.verbose_name_plural.capitalize())


def counted(number, obj):
    """Say how many, in the owner's words: "1 picture", "12 pictures"."""
    return f"{number} {kind_name(obj, singular=True) if number == 1 else kind_name(obj).lower()}"


def describe(obj):
    """How the owner knows ``obj``: a page's or picture's title, an author's name, an email."""
    if isinstance(obj, Page):
        return obj.title
    if isinstance(obj, Subscriber):
        return obj.email
    if isinstance(obj, Dispatch):
        return f"{obj.get_kind_display()}: {obj.subject}"
    return str(obj)


def field_label(obj, name):
    label = str(obj._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


@dataclass
class Item:
    """One object in the plan, with why it is kept when removal is unsure of it."""

    obj: object
    reason: str = ""

    @property
    def kind(self):
        return kind_name(self.obj)

    @property
    def kind_singular(self):
        name = kind_name(self.obj, singular=True)
        return name[:1].upper() + name[1:]

    @property
    def label(self):
        return describe(self.obj)


@dataclass
class WordingReset:
    """A kept page or setting and the demo wording it still has."""

    obj: object
    fields: dict  # {field name: neutral value}
    note: str = ""

    @property
    def label(self):
        if isinstance(self.obj, Page):
            return f"{self.obj._meta.verbose_name.capitalize()} “{self.obj.title}”"
        if isinstance(self.obj, Site):
            return "The site's name (in browser tabs and shared links)"
        return f"{self.obj._meta.verbose_name.capitalize()} (Settings)"

    @property
    def field_labels(self):
        return [field_label(self.obj, name) for name in self.fields]


@dataclass
class RemovalPlan:
    """Everything removal will delete, reset and keep, worked out before anything changes."""

    remove: list = field(default_factory=list)  # [Item]
    reset: list = field(default_factory=list)  # [WordingReset]
    unsure: list = field(default_factory=list)  # [Item], kept
    kept_structure: list = field(default_factory=list)  # kept pages with nothing to reset
    structure: list = field(default_factory=list)  # every kept page and setting
    tags: list = field(default_factory=list)  # tag names no longer used afterwards
    votes: int = 0
    comments: int = 0
    reader_comments: int = 0  # the demo's reader comments (and the practice's replies)
    recorded: bool = True  # False: an older load_demo, recognised by names

    @property
    def is_empty(self):
        return not (self.remove or self.reset or self.unsure or self.votes or self.reader_comments)

    def removals_by_kind(self):
        """``[(kind name, [Item])]`` in the order the owner reads them."""
        groups = defaultdict(list)
        for item in self.remove:
            groups[item.kind].append(item)
        order = [name for _, name, _ in KIND_NAMES]
        return sorted(
            groups.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else 99
        )

    def token(self):
        """A short digest of what this plan removes, resets and keeps: the confirmation
        carries it, so removal goes ahead only if it would still do what the person saw."""
        parts = [
            *(f"remove {reference_key(item.obj)}" for item in self.remove),
            *(f"keep {reference_key(item.obj)}" for item in self.unsure),
            *(f"reset {reference_key(reset.obj)} {sorted(reset.fields)}" for reset in self.reset),
            f"votes {self.votes}",
            f"reader comments {self.reader_comments}",
            f"tags {sorted(self.tags)}",
        ]
        return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:32]

    def summary(self):
        """One line: what removal did (or would do)."""
        counts = [counted(len(items), items[0].obj) for _, items in self.removals_by_kind()]
        if self.votes:
            counts.append(f"{self.votes} made-up answers to “Was this article helpful?”")
        if self.reader_comments:
            counts.append(f"{self.reader_comments} made-up reader comments")
        parts = [", ".join(counts) or "nothing"]
        if self.reset:
            parts.append(f"replaced the demo wording in {len(self.reset)} pages and settings")
        if self.unsure:
            things = "item" if len(self.unsure) == 1 else "items"
            parts.append(f"kept {len(self.unsure)} {things} that may be yours now")
        return "Removed the demo content: " + "; ".join(parts) + "."


def demo_is_present():
    """True while demo content is left to remove (one query; for the Getting started list).

    With records: any demo content not yet removed or kept. Without any (a database made by an
    older ``load_demo``): a demo author or article found by its name.
    """
    any_record = DemoRecord.objects.all()
    content = DemoRecord.objects.filter(kind=DemoRecord.Kind.CONTENT, kept=False)
    unrecorded = Exists(Author.objects.filter(slug__in=AUTHOR_SLUGS)) | Exists(
        ArticlePage.objects.filter(slug__in=ARTICLE_SLUGS)
    )
    # The root page always exists: a one-row query to hang the conditions on.
    return (
        Page.objects.filter(depth=1)
        .filter(Exists(content) | (~Exists(any_record) & unrecorded))
        .exists()
    )


def recorded_objects(kind):
    """``[(object, record)]`` for the live records of ``kind`` whose objects still exist."""
    records = DemoRecord.objects.filter(kind=kind, kept=False).select_related("content_type")
    by_model = defaultdict(dict)
    for record in records:
        model = record.content_type.model_class()
        if model is not None:
            by_model[model][record.object_id] = record
    found = []
    for model, records_by_id in by_model.items():
        for obj in model._default_manager.filter(pk__in=list(records_by_id)):
            found.append((obj, records_by_id[str(obj.pk)]))
    return sorted(found, key=lambda pair: (kind_order(pair[0]), str(pair[0].pk)))


def kind_order(obj):
    for number, (model, *_) in enumerate(KIND_NAMES):
        if isinstance(obj, model):
            return number
    return len(KIND_NAMES)


def edited_by_someone(obj):
    """For a database without records: has a staff account ever saved ``obj`` in the admin?"""
    if isinstance(obj, Page):
        return PageLogEntry.objects.filter(page_id=obj.pk, user__isnull=False).exists()
    return log_entries_by_people(obj).exists()


def why_changed(obj, record):
    """Why removal should not delete ``obj`` by itself; ``""`` if it is as the demo left it."""
    if record is None:
        if edited_by_someone(obj):
            return "Someone has edited it in the admin."
        return ""
    if record.revision_id is not None and latest_revision_id(obj) != record.revision_id:
        return "It has been edited since the demo was loaded."
    if record.fingerprint and fingerprint(obj) != record.fingerprint:
        return "It has been changed since the demo was loaded."
    return ""


def reference_key(obj):
    """``(base content type id, id)``, as the reference index names an object."""
    model = type(obj)
    parents = model._meta.get_parent_list()
    base = parents[-1] if parents else model
    return ContentType.objects.get_for_model(base).pk, str(obj.pk)


def used_by_others(candidates):
    """``{key: description}`` for candidates used by something that is not itself a candidate.

    Pages are left out: a kept article that links to a demo article only loses the link (the
    confirmation lists the demo article as going), whereas a picture or an author it shows
    would leave a hole in it.
    """
    keys = {reference_key(obj) for obj in candidates}
    used = {}
    targets = [obj for obj in candidates if not isinstance(obj, Page)]
    references = ReferenceIndex.get_references_to_in_bulk(targets).select_related("content_type")
    for reference in references:
        source = (reference.base_content_type_id, reference.object_id)
        target = (reference.to_content_type_id, reference.to_object_id)
        if source in keys or target in used:
            continue
        model = reference.content_type.model_class()
        source_object = model._default_manager.filter(pk=reference.object_id).first()
        if source_object is not None:
            used[target] = f"Used by {describe(source_object)}."
    target_keys = {reference_key(obj) for obj in targets}
    for target, source in current_references(keys):
        if target in target_keys and target not in used:
            used[target] = f"Used by {describe(source)}."
    return used


def current_references(candidate_keys):
    """``(target key, source)`` for what the pages and authors that are not candidates use now,
    drafts included.

    Wagtail's reference index holds only published rows and is brought up to date by a
    background task, so a picture set in an owner's draft, or in an article published a moment
    ago, is not in it yet: these are read from the content itself.
    """
    sources = [
        *Page.objects.filter(depth__gt=1).specific(),
        *Author.objects.all(),
    ]
    for source in sources:
        if reference_key(source) in candidate_keys:
            continue
        versions = [source]
        if getattr(source, "has_unpublished_changes", False) or not getattr(source, "live", True):
            draft = source.get_latest_revision_as_object()
            if draft is not source:
                versions.append(draft)
        for version in versions:
            for (
                to_content_type_id,
                to_object_id,
                _,
                _,
            ) in ReferenceIndex._extract_references_from_object(version):
                yield (to_content_type_id, str(to_object_id)), source


def keep_unsure(candidates, reasons):
    """Move candidates that cannot safely go into ``reasons`` until nothing more changes.

    A page goes only if every page under it goes too; anything goes only if nothing that stays
    still uses it. Keeping one thing can make another unsafe (a kept article keeps its
    pictures), hence the repetition.
    """
    while True:
        going = [obj for obj in candidates if reference_key(obj) not in reasons]
        going_pages = {obj.pk for obj in going if isinstance(obj, Page)}
        changed = False
        for obj in going:
            if isinstance(obj, Page):
                below = Page.objects.descendant_of(obj).values_list("pk", flat=True)
                if set(below) - going_pages:
                    reasons[reference_key(obj)] = "It has pages of yours under it."
                    changed = True
            if isinstance(obj, Collection):
                others = (
                    get_image_model()
                    .objects.filter(collection=obj)
                    .exclude(pk__in=[o.pk for o in going if isinstance(o, get_image_model())])
                )
                if others.exists() or obj.get_children().exists() or has_documents(obj):
                    reasons[reference_key(obj)] = "Pictures or documents that stay are in it."
                    changed = True
        for key, reason in used_by_others(
            [obj for obj in candidates if reference_key(obj) not in reasons]
        ).items():
            reasons[key] = reason
            changed = True
        if not changed:
            return


def has_documents(collection):
    from wagtail.documents import get_document_model

    return get_document_model().objects.filter(collection=collection).exists()


def unused_tags(going_pages):
    """Names of the demo's topics that nothing will use once ``going_pages`` are gone."""
    names = {tag for data in ARTICLES for tag in data["tags"]}
    unused = []
    for tag in Tag.objects.filter(name__in=names).order_by("name"):
        if not tag_used_elsewhere(tag, going_pages):
            unused.append(tag.name)
    return unused


def tag_used_elsewhere(tag, going_pages):
    # The rows that tie a tag to something (many-to-many relations run through them).
    for relation in Tag._meta.related_objects:
        if relation.many_to_many:
            continue
        items = relation.related_model._default_manager.filter(**{relation.field.name: tag})
        if relation.related_model._meta.label_lower == "practice_blog_blog.articlepagetag":
            items = items.exclude(content_object_id__in=going_pages)
        if items.exists():
            return True
    return False


def editable_version(obj):
    """What the owner edits: a page's latest revision (their draft, if any), else ``obj``."""
    if isinstance(obj, Page):
        return obj.get_latest_revision_as_object()
    return obj


def wording_reset(obj, record):
    """The demo wording ``obj`` still has, as a :class:`WordingReset` (or None)."""
    neutral = NEUTRAL_WORDING.get(type(obj), {})
    demo = record.wording if record is not None else known_demo_wording(obj)
    current = editable_version(obj)
    fields = {}
    unchanged = True
    for name, value in neutral.items():
        now = field_value(current, name)
        if name not in demo or now != demo[name]:
            unchanged = False
        elif now != neutral_value(obj, name, value):
            fields[name] = value
    if type(obj) in TOGETHER and not unchanged:
        fields = {}
    if not fields:
        return None
    note = ""
    if isinstance(obj, Page) and obj.has_unpublished_changes:
        note = "It has unpublished changes: the wording is reset in the draft, for you to publish."
    return WordingReset(obj=obj, fields=fields, note=note)


def neutral_value(obj, name, value):
    """The neutral ``value`` of a field in the form :func:`field_value` gives."""
    blank = type(obj)()
    model_field = obj._meta.get_field(name)
    setattr(blank, model_field.attname if model_field.is_relation else name, value)
    return field_value(blank, name)


def plan_removal():
    """Work out what removal would do; changes nothing."""
    recorded = DemoRecord.objects.exists()
    if recorded:
        content = recorded_objects(DemoRecord.Kind.CONTENT)
        structure = recorded_objects(DemoRecord.Kind.STRUCTURE)
    else:
        content = [(obj, None) for obj in demo_content()]
        structure = [(obj, None) for obj in demo_structure()]
    reasons = {}
    for obj, record in content:
        reason = why_changed(obj, record)
        if reason:
            reasons[reference_key(obj)] = reason
    candidates = [obj for obj, _ in content]
    for page in pages_with_readers_comments(candidates):
        reasons.setdefault(reference_key(page), READERS_COMMENTED)
    keep_unsure(candidates, reasons)
    plan = RemovalPlan(recorded=recorded)
    for obj in candidates:
        reason = reasons.get(reference_key(obj))
        (plan.unsure if reason else plan.remove).append(Item(obj, reason or ""))
    plan.structure = [obj for obj, _ in structure]
    for obj, record in structure:
        reset = wording_reset(obj, record)
        if reset is not None:
            plan.reset.append(reset)
        elif isinstance(obj, Page):
            plan.kept_structure.append(obj)
    demo_votes = HelpfulVote.objects.demo()
    plan.votes = demo_votes.count()
    plan.comments = demo_votes.with_comment().count()
    plan.reader_comments = demo_comments().count()
    if not recorded and not plan.is_empty:
        plan.unsure.extend(unrecognised_wording(structure))
    plan.tags = unused_tags([item.obj.pk for item in plan.remove if isinstance(item.obj, Page)])
    return plan


READERS_COMMENTED = "readers have commented on it (removing it would delete their comments)"


def pages_with_readers_comments(candidates):
    """Demo pages that real readers have commented on: their comments are not the demo's."""
    page_ids = {obj.pk for obj in candidates if isinstance(obj, Page)}
    commented = set(
        ReaderComment.objects.filter(page_id__in=page_ids)
        .exclude(pk__in=demo_comments().values("pk"))
        .values_list("page_id", flat=True)
    )
    return [obj for obj in candidates if isinstance(obj, Page) and obj.pk in commented]


def unrecognised_wording(structure):
    """Without records, fields whose demo wording cannot be recognised, for the owner to check."""
    items = []
    for obj, _ in structure:
        known = known_demo_wording(obj)
        unknown = [name for name in NEUTRAL_WORDING.get(type(obj), {}) if name not in known]
        if unknown:
            labels = ", ".join(field_label(obj, name) for name in unknown)
            items.append(Item(obj, f"Check it for demo wording in: {labels}."))
    return items


def admin_url(user, obj):
    """Where the owner edits ``obj``, if anywhere they may."""
    return AdminURLFinder(user).get_edit_url(obj) if user is not None else None


class PlanChanged(Exception):
    """The demo content changed between the confirmation and the removal: nothing was done."""


def remove_demo(user=None, progress=None, expected=None):
    """Carry out :func:`plan_removal` in one transaction; returns the plan that was carried out.

    ``progress`` (optional) is called with a line of text before each step. ``expected`` is
    the :meth:`RemovalPlan.token` of the plan the person confirmed: if the plan is no longer
    the same (something was edited, used or deleted meanwhile), :class:`PlanChanged` is raised
    and nothing changes.
    """
    say = progress or (lambda message: None)
    with transaction.atomic(), automatic_emails_paused():
        plan = plan_removal()
        if expected is not None and plan.token() != expected:
            raise PlanChanged
        if plan.is_empty:  # e.g. a second press of the button: nothing to do or log
            return plan
        say(f"Removing {plan.votes} demo answers to “Was this article helpful?”…")
        remove_demo_votes()
        if plan.reader_comments:
            say(f"Removing {plan.reader_comments} demo reader comments…")
            demo_comments().delete()
            content_changed()  # a kept demo article no longer shows them
        going = [item.obj for item in plan.remove]
        delete_pages([obj for obj in going if isinstance(obj, Page)], user, say)
        for obj in going:
            if not isinstance(obj, Page | Collection):
                say(f"Removing {kind_name(obj, singular=True)}: {describe(obj)}")
                DeleteAction(obj, user=user).execute(skip_permission_checks=True)
        for obj in going:
            if isinstance(obj, Collection):
                say(f"Removing the picture folder “{obj.name}”")
                log(instance=obj, action="wagtail.delete", user=user, deleted=True)
                Collection.objects.get(pk=obj.pk).delete()
        Tag.objects.filter(name__in=plan.tags).delete()
        for reset in plan.reset:
            say(f"Replacing the demo wording: {reset.label}")
            apply_reset(reset, user)
        forget_records(plan)
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            # Filed under the practice's details, which Practice owners may see, so the entry
            # shows in their Reports → Site history (entries about a Site do not).
            log(
                instance=PracticeSettings.for_site(site),
                action=REMOVE_ACTION,
                user=user,
                data={
                    "summary": plan.summary(),
                    "kept": [f"{item.kind_singular}: {item.label}" for item in plan.unsure],
                },
            )
    return plan


def delete_pages(pages, user, say):
    """Delete pages through Wagtail's tree, top-most first (a page takes its demo children)."""
    ids = {page.pk for page in pages}
    for page in sorted(pages, key=lambda page: page.path):
        parent_going = page.get_parent().pk in ids if page.depth > 1 else False
        if parent_going:
            continue
        # Fresh from the database (the tree's paths change as siblings go) and locked, so a
        # page someone adds under it meanwhile waits, or is seen here and keeps it.
        current = Page.objects.select_for_update().get(pk=page.pk)
        if Page.objects.descendant_of(current).exclude(pk__in=ids).exists():
            say(f"Keeping {page.title}: someone has just added a page under it.")
            continue
        say(f"Removing {kind_name(page.specific, singular=True)}: {page.title}")
        current.delete(user=user)


def apply_reset(reset, user):
    """Put neutral wording in place of the demo's, publishing pages that had no draft."""
    obj = reset.obj
    if isinstance(obj, Page):
        # Without a draft this is the page itself, which saving a revision marks as changed.
        publish = obj.live and not obj.has_unpublished_changes
        draft = obj.get_latest_revision_as_object()
        for name, value in reset.fields.items():
            setattr(draft, name, value)
        revision = draft.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        return
    for name, value in reset.fields.items():
        model_field = obj._meta.get_field(name)
        setattr(obj, model_field.attname if model_field.is_relation else name, value)
    obj.save()
    # Not the owner's own change: Getting started must not count it as filling anything in.
    log(instance=obj, action="wagtail.edit", user=user, content_changed=False)


def forget_records(plan):
    """After a removal: what went is forgotten (see ``home.models``), what was kept is the
    owner's now, and kept pages and settings have no demo wording left to reset.

    Writing the records even on a database that had none means removal never falls back to
    recognising the demo by its names again.
    """
    structure = {reference_key(obj) for obj in plan.structure}
    for item in plan.unsure:
        if reference_key(item.obj) in structure:
            continue
        update_record(item.obj, DemoRecord.Kind.CONTENT, kept=True)
    for obj in plan.structure:
        update_record(obj, DemoRecord.Kind.STRUCTURE, wording={})


def update_record(obj, kind, **values):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    DemoRecord.objects.update_or_create(
        content_type=content_type,
        object_id=str(obj.pk),
        defaults={"kind": kind, **values},
    )
