"""Seed the crisis resources (US on, other countries as presets), the safe-messaging rules,
and the default site's crisis banner (988 and Crisis Text Line, emergency 911)."""

from django.db import migrations

from safety.seed import BANNER_DEFAULTS, RESOURCES, RULES, VERIFIED_ON


def seed(apps, schema_editor):
    CrisisResource = apps.get_model("safety", "CrisisResource")
    SafeMessagingRule = apps.get_model("safety", "SafeMessagingRule")
    CrisisBannerSettings = apps.get_model("safety", "CrisisBannerSettings")
    CrisisBannerResource = apps.get_model("safety", "CrisisBannerResource")
    Site = apps.get_model("wagtailcore", "Site")

    for fields in RESOURCES:
        fields = dict(fields)
        name = fields.pop("name")
        CrisisResource.objects.update_or_create(
            name=name, defaults={**fields, "last_verified": VERIFIED_ON}
        )
    for fields in RULES:
        fields = dict(fields)
        phrase = fields.pop("phrase")
        SafeMessagingRule.objects.update_or_create(phrase=phrase, defaults=fields)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    banner, created = CrisisBannerSettings.objects.get_or_create(site=site)
    if created:
        banner.emergency_resource = CrisisResource.objects.get(name="Emergency services")
        banner.save()
        for position, name in enumerate(BANNER_DEFAULTS):
            CrisisBannerResource.objects.create(
                setting=banner,
                resource=CrisisResource.objects.get(name=name),
                sort_order=position,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0001_initial"),
        ("home", "0002_home_page_and_groups"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
