"""Getting started: the checklist on a Practice owner's admin dashboard.

Each app adds its own steps through the ``register_getting_started_steps`` hook: a function that
takes the request and returns a :class:`Step` (or ``None`` to leave the step out, e.g. for a
user who may not open its screen). A step ticks itself: ``done`` is worked out from the site's
data each time the dashboard is shown, never ticked by hand. The demo site adds its own steps
the same way (its practice details and "Replace the demo content").
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import ModelLogEntry

from .groups import PRACTICE_OWNERS

STEPS_HOOK = "register_getting_started_steps"
# What Wagtail logs when someone saves an object in the admin (other entries filed under the
# same object, such as the demo's removal, are not the owner's own edit).
SAVE_ACTIONS = ("wagtail.create", "wagtail.edit", "wagtail.publish")


@dataclass(frozen=True)
class Step:
    """One line of the checklist."""

    key: str
    label: str
    done: bool
    url: str
    hint: str = ""
    order: int = 100


def is_practice_owner(user):
    """Superusers and members of the Practice owners group (the checklist's readers)."""
    return user.is_superuser or user.groups.filter(name=PRACTICE_OWNERS).exists()


def steps_for(request):
    """Every registered step that applies to this user, in order."""
    steps = (step_function(request) for step_function in hooks.get_hooks(STEPS_HOOK))
    return sorted((step for step in steps if step is not None), key=lambda step: step.order)


def log_entries_by_people(instance):
    """What staff accounts did to ``instance``, as Wagtail logged it (the demo's and the
    migrations' saves are not logged)."""
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        user__isnull=False,
    )


def saved_by_a_person(instance):
    """True once someone has changed ``instance`` in the admin (Wagtail logs every admin save,
    and whether it changed anything), so demo values, or pressing Save on them unchanged, never
    tick a step."""
    if instance is None or instance.pk is None:
        return False
    return (
        log_entries_by_people(instance)
        .filter(action__in=SAVE_ACTIONS, content_changed=True)
        .exists()
    )


def setting_step(request, model, *, done, **step):
    """A step about a site setting (``model``): left out for users who may not change it,
    linked to its edit screen, and done when ``done(setting)`` says so."""
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return None
    setting = model.for_request(request)
    return Step(
        done=bool(done(setting)),
        url=reverse("wagtailsettings:edit", args=[opts.app_label, opts.model_name]),
        **step,
    )


class GettingStartedPanel(Component):
    """The dashboard checklist: what is done, what is next, each linked to its screen."""

    name = "getting_started"
    template_name = "practice_blog/core/admin/getting_started_panel.html"
    order = 10  # first on the dashboard

    def __init__(self, steps):
        self.steps = steps

    def get_context_data(self, parent_context=None):
        done = sum(step.done for step in self.steps)
        next_step = next((step for step in self.steps if not step.done), None)
        return {
            "steps": self.steps,
            "done": done,
            "total": len(self.steps),
            "next_step": next_step,
        }
