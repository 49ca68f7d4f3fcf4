"""The safe-messaging checker: pure Python, no database, no Django.

Given text chunks (title, summary, each text block) and phrase rules, it returns findings an
editor can act on: the words as written, a suggested wording and the reason. It advises; it
never blocks saving or publishing.

Phrases are written by staff in a small, forgiving syntax (see :func:`compile_phrase`):
whole words, any capitalisation, regular word endings matched automatically, ``/`` for
alternatives and ``*`` for "any ending". Words that are fine on their own ("brave",
"without warning") are only flagged near words about suicide or self-harm.
"""

import functools
import re
from dataclasses import dataclass

#: Words that mean the text is about suicide or self-harm (document-level checks, context).
SUICIDE_OR_SELF_HARM = re.compile(
    r"(?<!\w)(?:"
    r"suicid\w*"
    r"|self[\s-]*harm\w*"
    r"|self[\s-]*injur\w*"
    r"|kill(?:s|ed|ing)?\s+(?:himself|herself|themselves|themself|myself|yourself|oneself)"
    r"|(?:take|takes|took|taken|taking)\s+(?:his|her|their|my|your|one's)\s+own\s+life"
    r"|end(?:s|ed|ing)?\s+(?:his|her|their|my|your)\s+(?:own\s+)?life"
    r")(?!\w)",
    re.IGNORECASE,
)

#: How far (in characters, about 30 words) a context word may be from a context-only phrase.
CONTEXT_WINDOW = 200

# Short function words are matched exactly: inflecting them only invites false alarms.
_EXACT_WORDS = {
    "a", "an", "and", "at", "by", "for", "her", "him", "his", "in", "it", "its", "my", "no",
    "of", "on", "or", "our", "out", "the", "their", "them", "to", "up", "your",
}  # fmt: skip
_VOWELS = set("aeiou")
_WORD_SEPARATOR = r"[\s\u00a0\-\u2010\u2011]+"


class PhraseError(ValueError):
    """A staff-written phrase that cannot be used (shown as a form error)."""


@dataclass(frozen=True)
class Rule:
    """A phrase to look for, what to write instead, and why."""

    phrase: str
    suggestion: str
    reason: str
    needs_context: bool = False


@dataclass(frozen=True)
class Finding:
    """One piece of advice for the editor.

    ``kind`` is "phrase" (words in the text), "warning" (something missing from the whole
    article) or "tip" (general advice). ``flagged`` is the text exactly as written.
    """

    kind: str
    where: str
    flagged: str
    suggestion: str
    reason: str
    excerpt: str = ""


def _inflections(word):
    """Regular endings of an English word: -s, -es, -ed, -d, -ing, doubled consonants, -y/-ies."""
    lower = word.lower()
    forms = {lower, lower + "s", lower + "es", lower + "ed", lower + "d", lower + "ing"}
    if lower.endswith("e"):
        forms.add(lower[:-1] + "ing")
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in _VOWELS:
        forms.update({lower[:-1] + "ies", lower[:-1] + "ied"})
    if (
        len(lower) >= 3
        and lower[-1] not in _VOWELS | {"w", "x", "y"}
        and lower[-2] in _VOWELS
        and lower[-3] not in _VOWELS
    ):
        # commit -> committed, committing; stop -> stopped
        forms.update({lower + lower[-1] + "ed", lower + lower[-1] + "ing"})
    return forms


def _word_pattern(word):
    word = word.strip()
    if not word or word == "*":
        raise PhraseError("A word is missing between the slashes or spaces.")
    if word.endswith("*"):
        return re.escape(word[:-1]).replace("'", "['’]") + r"[\w'’]*"
    if not word.isalpha() or word.lower() in _EXACT_WORDS:
        return re.escape(word).replace("'", "['’]")
    forms = sorted(_inflections(word), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(form) for form in forms) + ")"


@functools.lru_cache(maxsize=1024)
def compile_phrase(phrase):
    """Turn a staff-written phrase into a case-insensitive, whole-word regular expression
    (remembered: the checker reads every piece of every article with each rule).

    ``"commit suicide"`` finds "committed suicide" and "Commits  suicide";
    ``"chose/decided to end his/her/their life"`` finds any of those combinations;
    ``"suicid*"`` finds "suicide", "suicides" and "suicidal". Spaces and hyphens between
    words are interchangeable ("attention seeking" finds "attention-seeking").
    """
    words = [word for word in re.split(r"[\s\-]+", (phrase or "").strip()) if word]
    if not words:
        raise PhraseError("Enter at least one word.")
    parts = []
    for word in words:
        alternatives = [_word_pattern(alternative) for alternative in word.split("/")]
        parts.append("(?:" + "|".join(alternatives) + ")")
    return re.compile(r"(?<![\w'’])" + _WORD_SEPARATOR.join(parts) + r"(?!\w)", re.I)


def mentions_suicide_or_self_harm(text):
    """True if the text talks about suicide or self-harm."""
    return bool(SUICIDE_OR_SELF_HARM.search(text or ""))


def _has_context(text, start, end):
    window = text[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW]
    return mentions_suicide_or_self_harm(window)


def _excerpt(text, start, end, width=60):
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    prefix = "…" if start > width else ""
    suffix = "…" if end + width < len(text) else ""
    return f"{prefix}{before}{text[start:end]}{after}{suffix}".strip()


def find_phrases(text, rules, where=""):
    """Phrase findings in one piece of text, in reading order, without overlaps."""
    text = text or ""
    matches = []
    for rule in rules:
        pattern = compile_phrase(rule.phrase)
        for match in pattern.finditer(text):
            if rule.needs_context and not _has_context(text, match.start(), match.end()):
                continue
            matches.append((match.start(), -match.end(), rule, match))
    findings = []
    covered_until = -1
    for start, negative_end, rule, match in sorted(matches, key=lambda item: item[:2]):
        end = -negative_end
        if end <= covered_until:
            continue  # inside a longer phrase already flagged
        covered_until = max(covered_until, end)
        findings.append(
            Finding(
                kind="phrase",
                where=where,
                flagged=match.group(0),
                suggestion=rule.suggestion,
                reason=rule.reason,
                excerpt=_excerpt(text, start, end),
            )
        )
    return findings


MISSING_CONTENT_NOTE = Finding(
    kind="warning",
    where="Whole article",
    flagged="Mentions suicide or self-harm without a content note",
    suggestion='Tick "Discusses a sensitive subject" and check the content note text.',
    reason="A note near the top lets readers choose whether and when to read on.",
)
MISSING_HELP = Finding(
    kind="warning",
    where="Whole article",
    flagged="Mentions suicide or self-harm without pointing to help",
    suggestion='Mark the article sensitive (adds a help section at its end), add a "Crisis '
    'help" block, or switch the crisis banner on.',
    reason="Guidelines ask that every piece about suicide says where help is available.",
)
HOPE_TIP = Finding(
    kind="tip",
    where="Whole article",
    flagged="Include hope, treatment and help-seeking",
    suggestion="Where it fits, say that people recover, that treatment works, and how "
    "someone can reach out.",
    reason="Stories of coping and recovery protect readers (the Action Alliance's "
    '"positive narrative"). This is advice; the checker cannot measure it.',
)


def check_document(chunks, rules, *, has_content_note, has_help):
    """Findings for a whole article.

    ``chunks`` is an iterable of ``(where, text)`` pairs (e.g. ``("Title", "…")``);
    ``has_content_note`` and ``has_help`` say whether the article carries a content note and
    points readers to help (a help block, the help section of sensitive pages, or the banner).
    """
    rules = list(rules)
    findings = []
    mentions = False
    for where, text in chunks:
        findings.extend(find_phrases(text, rules, where=where))
        mentions = mentions or mentions_suicide_or_self_harm(text)
    if mentions:
        if not has_content_note:
            findings.append(MISSING_CONTENT_NOTE)
        if not has_help:
            findings.append(MISSING_HELP)
        findings.append(HOPE_TIP)
    return findings
