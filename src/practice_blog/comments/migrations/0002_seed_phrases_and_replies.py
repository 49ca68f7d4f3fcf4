"""Seed the risk phrases (signs that a reader may be at risk, from the warning signs the 988
Lifeline and AFSP publish) and one canned reply. Only adds rows to this app's own tables, and
only those missing, so staff edits and deletions survive."""

from django.db import migrations

RISK_PHRASES = {
    "wanting to die": [
        "I want to die",
        "I wish I was dead",
        "I'd be better off dead",
        "I want it all to end",
    ],
    "intent or plan": [
        "I'm going to kill myself",
        "kill myself",
        "end my life",
        "take my own life",
        "take all my pills",
        "I have a plan",
    ],
    "no reason to live": [
        "no reason to live",
        "nothing to live for",
        "I can't go on",
        "what's the point of living",
    ],
    "feeling a burden": [
        "everyone would be better off without me",
        "better off without me",
        "I'm a burden",
    ],
    "trapped or in unbearable pain": [
        "I can't take it anymore",
        "I feel trapped",
        "feel trapped",
        "the pain won't stop",
    ],
    "saying goodbye": [
        "this is my last post",
        "goodbye everyone",
        "I won't be here much longer",
    ],
    "self-harm": ["cutting myself", "hurt myself", "self-harm", "burn myself"],
    "direct words": [
        "suicidal",
        "I'm thinking about suicide",
        "thinking about suicide",
        "thinking of suicide",
    ],
}

CANNED_REPLIES = {
    "Not clinical advice": (
        "Thank you for your comment. What we write here is general information, not clinical "
        "advice, and we cannot give advice about your own situation in a public comment. "
        "Please contact us directly, and we will be glad to talk it through with you."
    ),
}


def seed(apps, schema_editor):
    RiskPhrase = apps.get_model("practice_blog_comments", "RiskPhrase")
    CannedReply = apps.get_model("practice_blog_comments", "CannedReply")
    for group, phrases in RISK_PHRASES.items():
        for phrase in phrases:
            RiskPhrase.objects.get_or_create(phrase=phrase, defaults={"group": group})
    for title, text in CANNED_REPLIES.items():
        CannedReply.objects.get_or_create(title=title, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("practice_blog_comments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
