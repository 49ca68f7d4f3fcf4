"""The safe-messaging checker on a fixed corpus: what it must flag, and what it must not."""

from importlib import import_module

import pytest

from practice_blog.safety.checker import (
    HOPE_TIP,
    MISSING_CONTENT_NOTE,
    MISSING_HELP,
    PhraseError,
    Rule,
    check_document,
    compile_phrase,
    find_phrases,
    mentions_suicide_or_self_harm,
)

# The rules exactly as the safety migration seeds them.
RULES = import_module("practice_blog.safety.migrations.0002_seed_resources_rules_and_banner").RULES

SEEDED_RULES = [
    Rule(
        phrase=rule["phrase"],
        suggestion=rule["suggestion"],
        reason=rule["reason"],
        needs_context=rule.get("needs_context", False),
    )
    for rule in RULES
]

# (sentence, the words that must be flagged, a word of the expected suggestion)
TRUE_POSITIVES = [
    ("He committed suicide last spring.", "committed suicide", "died by suicide"),
    ("Nobody commits suicide for one reason.", "commits suicide", "died by suicide"),
    ("Committing  Suicide is a phrase we avoid.", "Committing  Suicide", "died by suicide"),
    ("The report counted one completed suicide.", "completed suicide", "died by suicide"),
    ("It was a successful suicide attempt.", "successful suicide", "died by suicide"),
    ("She survived a failed suicide attempt.", "failed suicide attempt", "suicide attempt"),
    (
        "After an unsuccessful suicide attempt he moved home.",
        "unsuccessful suicide attempt",
        "suicide attempt",
    ),
    (
        "After a failed attempt to take his own life, he moved home.",
        "failed attempt",
        "suicide attempt",
    ),
    ("Reporters called it a suicide epidemic.", "suicide epidemic", "rise in suicides"),
    ("Suicides are skyrocketing among teens.", "skyrocketing", "rise in suicides"),
    ("The couple made a suicide pact.", "suicide pact", "factually"),
    ("The suicide note said he was sorry.", "suicide note", "a note was found"),
    ("She chose to end her life.", "chose to end her life", "factual"),
    ("He decided to take his own life.", "decided to take his own life", "factual"),
    ("He felt suicide was the only way out.", "the only way out", "factual"),
    ("Calling suicide selfish hurts the bereaved.", "selfish", "factual"),
    ("His suicide came without warning.", "without warning", "warning signs"),
    ("There were no signs before her suicide.", "no signs", "warning signs"),
    ("The breakup drove her to suicide.", "drove her to suicide", "many causes"),
    ("Bullying led to his suicide.", "led to his suicide", "many causes"),
    ("Her self-harm was dismissed as a cry for help.", "cry for help", "needs support"),
    ("Teachers called it attention-seeking.", "attention-seeking", "needs support"),
    ("Don't do anything stupid, he told her.", "Don't do anything stupid", "needs support"),
    ("Don’t do anything stupid.", "Don’t do anything stupid", "needs support"),
    ("The suicide victim's family spoke out.", "suicide victim", "died by suicide"),
    ("How to talk to a suicidal person.", "suicidal person", "suicidal thoughts"),
    ("Her brother killed himself in 2019.", "killed himself", "died by suicide"),
]

TRUE_NEGATIVES = [
    # From the reference's "must not be flagged" list
    "Suicide prevention starts with a conversation.",
    "Her father died by suicide when she was twelve.",
    "He is a suicide attempt survivor and a peer counsellor.",
    "Suicidal thoughts are treatable.",
    "Call or text the 988 Suicide & Crisis Lifeline.",
    "Together we wrote a crisis plan.",
    "Commit to a routine that includes sleep.",
    "It was a failed attempt at baking bread.",
    "She was brave to ask for help.",
    # Ordinary text that shares words with the list
    "The committee on suicide prevention meets monthly.",
    "He committed to suicide prevention work after training.",
    "Suicide rates rose between 2019 and 2022, according to the CDC.",
    "Hang the picture in the hallway.",
    "The bridge club meets on Tuesdays.",
    "Out of nowhere, the sun came out.",
    "There was no warning before the storm.",
    "I failed my driving test twice.",
    "She took a pill for her headache.",
    "Victims of crime can get free support.",
    "Anxiety is a growing problem at work.",
    "Prices are soaring this winter.",
    "A brave decision to change careers.",
    "People who have suicidal thoughts can and do recover.",
]


@pytest.mark.parametrize(("sentence", "flagged", "suggestion_word"), TRUE_POSITIVES)
def test_checker_flags_harmful_wording(sentence, flagged, suggestion_word):
    findings = find_phrases(sentence, SEEDED_RULES, where="Body")
    assert [finding.flagged for finding in findings] == [flagged]
    assert suggestion_word.lower() in findings[0].suggestion.lower()
    assert findings[0].reason
    assert findings[0].where == "Body"


@pytest.mark.parametrize("sentence", TRUE_NEGATIVES)
def test_checker_leaves_ordinary_and_good_wording_alone(sentence):
    assert find_phrases(sentence, SEEDED_RULES) == []


def test_method_and_place_details_near_suicide_are_each_flagged():
    findings = find_phrases("He died by suicide after jumping from a bridge.", SEEDED_RULES)
    assert [finding.flagged for finding in findings] == ["jumping from", "bridge"]
    assert all("method" in finding.suggestion for finding in findings)


def test_a_switched_off_rule_is_not_applied():
    rules = [rule for rule in SEEDED_RULES if not rule.phrase.startswith("kill ")]
    assert find_phrases("Her brother killed himself in 2019.", rules) == []


def test_findings_are_in_reading_order_with_an_excerpt():
    text = "He committed suicide. It was a cry for help that nobody heard."
    findings = find_phrases(text, SEEDED_RULES)
    assert [finding.flagged for finding in findings] == ["committed suicide", "cry for help"]
    assert "It was a cry for help" in findings[1].excerpt


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("commit suicide", "committed suicide", True),
        ("commit suicide", "committing suicide", True),
        ("commit suicide", "commitment suicide", False),
        ("cry for help", "cries for help", True),
        ("cry for help", "crying for help", True),
        ("drive/drove her to suicide", "driving her to suicide", True),
        ("attention seek*", "an attention seeker", True),
        ("attention seeking", "attention-seeking", True),
        ("suicide pact", "suicide pacts", True),
        ("suicide pact", "suicide impact", False),
        ("pill", "pillow", False),
    ],
)
def test_phrases_match_whole_words_and_their_inflections(phrase, text, matches):
    assert bool(compile_phrase(phrase).search(text)) is matches


@pytest.mark.parametrize("phrase", ["", "   ", "commit / suicide", "a//b"])
def test_unusable_phrases_are_refused(phrase):
    with pytest.raises(PhraseError):
        compile_phrase(phrase)


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Talking about suicide does not plant the idea.", True),
        ("Self-harm is a way some people cope with pain.", True),
        ("She was self harming at fifteen.", True),
        ("He took his own life in May.", True),
        ("Boundaries with clients, and why they matter.", False),
        ("Anxiety before the first session is normal.", False),
    ],
)
def test_mentions_of_suicide_or_self_harm_are_recognised(text, mentions):
    assert mentions_suicide_or_self_harm(text) is mentions


def test_article_about_suicide_without_note_or_help_gets_both_warnings():
    chunks = [("Title", "Talking with teenagers about suicide"), ("Body", "Ask directly.")]
    findings = check_document(chunks, SEEDED_RULES, has_content_note=False, has_help=False)
    assert MISSING_CONTENT_NOTE in findings
    assert MISSING_HELP in findings
    assert HOPE_TIP in findings


def test_article_about_suicide_with_note_and_help_gets_only_the_tip():
    chunks = [("Title", "Talking with teenagers about suicide")]
    findings = check_document(chunks, SEEDED_RULES, has_content_note=True, has_help=True)
    assert findings == [HOPE_TIP]


def test_article_not_about_suicide_gets_no_document_warnings():
    chunks = [("Title", "Setting boundaries"), ("Body", "Commit to a routine.")]
    assert check_document(chunks, SEEDED_RULES, has_content_note=False, has_help=False) == []


def test_document_check_reports_where_each_phrase_was_found():
    chunks = [("Title", "After a suicide"), ("Body, block 2 (Paragraph)", "a cry for help")]
    findings = check_document(chunks, SEEDED_RULES, has_content_note=True, has_help=True)
    assert [
        (finding.where, finding.flagged) for finding in findings if finding.kind == "phrase"
    ] == [("Body, block 2 (Paragraph)", "cry for help")]
