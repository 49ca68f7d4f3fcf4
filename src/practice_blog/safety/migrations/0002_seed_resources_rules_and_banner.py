"""Seed the crisis resources (US on, other countries as presets), the safe-messaging rules,
and the default site's crisis banner (988 and Crisis Text Line, emergency 911).

The data is frozen here, as it stood when this migration was written, so later edits to the
code never change what a migration does. Pages, Sites and groups are not touched; a site
without a default Site gets its banner chosen later under Settings → Crisis banner.

Facts from ``reference/safety.md`` (SAMHSA/988, Crisis Text Line, Samaritans, Shout, NHS,
Canada's 9-8-8, Lifeline Australia, Find A Helpline). Every resource carries the date these
details were gathered, so an install that never re-checks them is reminded after six months.
Retired options are deliberately absent: 988's LGBTQ+ "press 3" line ended on 17 July 2025.
"""

import datetime

from django.db import migrations

VERIFIED_ON = datetime.date(2026, 11, 22)

# (name, fields). Only the US defaults are switched on; the rest are presets for other countries.
RESOURCES = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "description": "Free, confidential support for anyone in distress or thinking about "
        "suicide, and for people worried about someone.",
        "phone_number": "988",
        "text_number": "988",
        "chat_url": "https://988lifeline.org",
        "hours": "24/7",
        "languages": "English and Spanish",
        "audience": "Anyone",
        "country": "US",
        "is_active": True,
        "sort_order": 10,
    },
    {
        "name": "Crisis Text Line",
        "description": "A trained volunteer texts with you, free, any time.",
        "text_number": "741741",
        "text_keyword": "HOME",
        "hours": "24/7",
        "audience": "Anyone who would rather text",
        "country": "US",
        "is_active": True,
        "sort_order": 20,
    },
    {
        "name": "Veterans Crisis Line",
        "description": "Support for veterans, service members and the people who care about them.",
        "phone_number": "988",
        "phone_instructions": "then press 1",
        "text_number": "838255",
        "hours": "24/7",
        "audience": "Veterans, service members and their families",
        "country": "US",
        "is_active": True,
        "sort_order": 30,
    },
    {
        "name": "Emergency services",
        "description": "Police, fire and ambulance.",
        "phone_number": "911",
        "hours": "24/7",
        "country": "US",
        "is_emergency": True,
        "is_active": True,
        "sort_order": 1,
    },
    {
        "name": "Samaritans",
        "description": "Free support for anyone who is struggling, whatever it is.",
        "phone_number": "116 123",
        "hours": "24/7",
        "audience": "Anyone",
        "country": "UK-IE",
        "is_active": False,
        "sort_order": 10,
    },
    {
        "name": "Shout",
        "description": "Free, confidential text support.",
        "text_number": "85258",
        "text_keyword": "SHOUT",
        "hours": "24/7",
        "audience": "Anyone in the UK who would rather text",
        "country": "UK-IE",
        "is_active": False,
        "sort_order": 20,
    },
    {
        "name": "NHS 111",
        "description": "Urgent help that is not an emergency, in England.",
        "phone_number": "111",
        "phone_instructions": "then choose the mental health option",
        "hours": "24/7",
        "audience": "Anyone in England",
        "country": "UK-IE",
        "is_active": False,
        "sort_order": 30,
    },
    {
        "name": "Emergency services (UK)",
        "description": "Police, fire and ambulance.",
        "phone_number": "999",
        "hours": "24/7",
        "country": "UK-IE",
        "is_emergency": True,
        "is_active": False,
        "sort_order": 1,
    },
    {
        "name": "Emergency services (Ireland)",
        "description": "Police, fire and ambulance; 112 also works across the EU.",
        "phone_number": "112",
        "hours": "24/7",
        "country": "UK-IE",
        "is_emergency": True,
        "is_active": False,
        "sort_order": 2,
    },
    {
        "name": "9-8-8 Suicide Crisis Helpline",
        "description": "Free support for anyone in Canada thinking about suicide.",
        "phone_number": "988",
        "text_number": "988",
        "hours": "24/7",
        "languages": "English and French",
        "audience": "Anyone in Canada",
        "country": "CA",
        "is_active": False,
        "sort_order": 10,
    },
    {
        "name": "Emergency services (Canada)",
        "description": "Police, fire and ambulance.",
        "phone_number": "911",
        "hours": "24/7",
        "country": "CA",
        "is_emergency": True,
        "is_active": False,
        "sort_order": 1,
    },
    {
        "name": "Lifeline Australia",
        "description": "Crisis support and suicide prevention for anyone in Australia.",
        "phone_number": "13 11 14",
        "hours": "24/7",
        "audience": "Anyone in Australia",
        "country": "AU",
        "is_active": False,
        "sort_order": 10,
    },
    {
        "name": "Emergency services (Australia)",
        "description": "Police, fire and ambulance.",
        "phone_number": "000",
        "hours": "24/7",
        "country": "AU",
        "is_emergency": True,
        "is_active": False,
        "sort_order": 1,
    },
    {
        "name": "Find A Helpline",
        "description": "A checked directory of free helplines in other countries.",
        "website_url": "https://findahelpline.com",
        "audience": "Anyone, anywhere",
        "country": "INT",
        "is_active": False,
        "sort_order": 10,
    },
]

#: The two services the banner shows out of the box (by name), before staff choose.
BANNER_DEFAULTS = ["988 Suicide & Crisis Lifeline", "Crisis Text Line"]

_METHOD = {
    "suggestion": "Leave out the method; keep any place general.",
    "reason": "Details of method or place are the strongest factor in copycat suicides.",
    "needs_context": True,
    "source": "reportingonsuicide.org; Samaritans",
}
_CHOICE = {
    "suggestion": 'Neutral, factual wording, e.g. "died by suicide".',
    "reason": "It presents suicide as a choice or a solution, or judges the person.",
    "source": "reportingonsuicide.org; #chatsafe",
}
_UNPREVENTABLE = {
    "suggestion": "Mention warning signs and where to get help.",
    "reason": "It portrays suicide as unpreventable; most people show warning signs.",
    "needs_context": True,
    "source": "reportingonsuicide.org",
}
_SINGLE_CAUSE = {
    "suggestion": "Suicide has many causes, often including mental health conditions.",
    "reason": "There is no single cause; naming one oversimplifies and invites imitation.",
    "source": "reportingonsuicide.org; AFSP",
}
_STIGMA = {
    "suggestion": "A sign someone needs support.",
    "reason": "It is stigmatising and discourages people from telling anyone.",
    "source": "AFSP; #chatsafe",
}
_SENSATIONAL = {
    "suggestion": "A rise in suicides (give the data and its date).",
    "reason": "Sensational framing makes suicide seem common and normal.",
    "source": "reportingonsuicide.org",
}

RULES = [
    {
        "phrase": "commit suicide",
        "suggestion": "died by suicide; took their own life",
        "reason": '"Committed" suggests a crime or a sin.',
        "source": "reportingonsuicide.org; AFSP; Samaritans",
    },
    {
        "phrase": "completed suicide",
        "suggestion": "died by suicide",
        "reason": "It suggests an achievement.",
        "source": "AFSP",
    },
    {
        "phrase": "successful suicide",
        "suggestion": "died by suicide; suicide death",
        "reason": "Nothing about it is a success.",
        "source": "reportingonsuicide.org; AFSP",
    },
    {
        "phrase": "failed/unsuccessful suicide attempt",
        "suggestion": "suicide attempt; survived a suicide attempt",
        "reason": "It implies the person who survived failed.",
        "source": "reportingonsuicide.org; AFSP",
    },
    {
        "phrase": "failed/unsuccessful attempt",
        "suggestion": "suicide attempt; survived a suicide attempt",
        "reason": "It implies the person who survived failed.",
        "needs_context": True,
        "source": "reportingonsuicide.org; AFSP",
    },
    {"phrase": "suicide epidemic", **_SENSATIONAL},
    {"phrase": "epidemic of suicide*", **_SENSATIONAL},
    {"phrase": "skyrocket/soar", "needs_context": True, **_SENSATIONAL},
    {"phrase": "growing problem", "needs_context": True, **_SENSATIONAL},
    {
        "phrase": "suicide pact",
        "suggestion": "Describe what happened factually.",
        "reason": "Sensational framing invites imitation.",
        "source": "Samaritans",
    },
    {
        "phrase": "suicide note",
        "suggestion": "a note was found (without its contents)",
        "reason": "Quoting a note invites readers to over-identify with the person.",
        "source": "reportingonsuicide.org",
    },
    {"phrase": "chose/decided to end his/her/their/my/your life", **_CHOICE},
    {"phrase": "chose/decided to take his/her/their/my/your own life", **_CHOICE},
    {"phrase": "the only way out", "needs_context": True, **_CHOICE},
    {"phrase": "the easy way out", "needs_context": True, **_CHOICE},
    {"phrase": "selfish/cowardly/coward", "needs_context": True, **_CHOICE},
    {"phrase": "brave/courageous act/choice/decision", "needs_context": True, **_CHOICE},
    {"phrase": "without warning", **_UNPREVENTABLE},
    {"phrase": "out of nowhere", **_UNPREVENTABLE},
    {"phrase": "no sign/signs/warning", **_UNPREVENTABLE},
    {"phrase": "drive/drove/driven him/her/them/someone to suicide", **_SINGLE_CAUSE},
    {"phrase": "lead/led to his/her/their suicide", **_SINGLE_CAUSE},
    {"phrase": "cause his/her/their suicide", **_SINGLE_CAUSE},
    {
        "phrase": "because of the/a/his/her/their breakup/divorce/bullying",
        "needs_context": True,
        **_SINGLE_CAUSE,
    },
    {"phrase": "hang", **_METHOD},
    {"phrase": "overdose", **_METHOD},
    {"phrase": "pill", **_METHOD},
    {"phrase": "gun/firearm", **_METHOD},
    {"phrase": "jump from/off", **_METHOD},
    {"phrase": "bridge/cliff", **_METHOD},
    {"phrase": "railway/train track/tracks/line", **_METHOD},
    {"phrase": "cry for help", **_STIGMA},
    {"phrase": "attention seek*", **_STIGMA},
    {"phrase": "don't do anything stupid", **_STIGMA},
    {
        "phrase": "suicide victim",
        "suggestion": "person who died by suicide; suicide loss survivor (for the bereaved)",
        "reason": '"Victim" frames the person only by their death.',
        "source": "AFSP; retext-equality",
    },
    {
        "phrase": "suicidal person/people/man/woman/men/women/teen/teenager/patient/individual",
        "suggestion": "person experiencing suicidal thoughts",
        "reason": "Person-first language: the person is more than their thoughts.",
        "source": "#chatsafe; Action Alliance",
    },
    {
        "phrase": "kill himself/herself/themselves/themself",
        "suggestion": "died by suicide",
        "reason": "Guidelines disagree on this one, so it is for information only; staff can "
        "switch this rule off.",
        "source": "retext-equality (disputed)",
    },
]


def seed(apps, schema_editor):
    CrisisResource = apps.get_model("practice_blog_safety", "CrisisResource")
    SafeMessagingRule = apps.get_model("practice_blog_safety", "SafeMessagingRule")
    CrisisBannerSettings = apps.get_model("practice_blog_safety", "CrisisBannerSettings")
    CrisisBannerResource = apps.get_model("practice_blog_safety", "CrisisBannerResource")
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
        ("practice_blog_safety", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
