"""Finding signs that a reader may be at risk in what they write (see ``RiskPhrase``).

A match is a reason to hold a comment and tell a person at once, never a diagnosis, and never a
reason to publish, delete or reply by itself. Holding a harmless comment costs little; missing a
real one costs a great deal, so the matching leans towards holding: whole words, any case,
across line breaks, with the spellings people type in a hurry ("im", "cant", "wanna") and
ordinary word endings ("killing myself" for "kill myself") treated alike.
"""

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Contractions and hurried spellings, written out: each key is one word after apostrophes go.
SPELLED_OUT = {
    "im": "i am",
    "ima": "i am going to",
    "imma": "i am going to",
    "ive": "i have",
    "id": "i would",
    "ill": "i will",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "whats": "what is",
    "thats": "that is",
    "its": "it is",
    "theres": "there is",
    "everyones": "everyone is",
    "anymore": "any more",
    "u": "you",
    "ur": "your",
    "selfharm": "self harm",
    "were": "was",
    "took": "take",
    "everybody": "everyone",
    "everyoned": "everyone would",
}
# Words that change nothing about what someone says of themselves ("I'm such a burden", "I've
# got a plan"): left out on both sides before comparing.
FILLERS = frozenset({"such", "really", "so", "just", "very", "totally", "literally", "got"})
# Two words that people also write as one.
JOINED = {("my", "self"): "myself"}
IRREGULAR = {"dying": "die", "died": "die", "dies": "die"}
ENDINGS = ("ing", "ed", "es", "s")


def stem(word):
    """A word without its ordinary ending, the same for every form of it: "cutting" and
    "cuts" become "cut", "take" and "taking" become "tak". Only ever compared with another
    stem, so it need not be a real word."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]  # "cutt" → "cut", but "kill" stays
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def words(text):
    """``text`` as a list of stemmed words, contractions written out, fillers left out.

    Invisible format characters (a soft hyphen, a zero-width joiner) are dropped first, so
    they cannot split a word in two.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    text = text.casefold().translate(APOSTROPHES).replace("'", "")
    found = []
    for word in WORD.findall(text):
        found.extend(SPELLED_OUT.get(word, word).split())
    joined = []
    for word in found:
        if joined and (joined[-1], word) in JOINED:
            joined[-1:] = JOINED[(joined[-1], word)].split()
        else:
            joined.append(word)
    return [stem(word) for word in joined if word not in FILLERS]


def phrase_pattern(phrase):
    """The stemmed words of a phrase as a tuple, or ``None`` when it has no words."""
    found = tuple(words(phrase))
    return found or None


def matching_phrases(text, phrases):
    """Which of ``phrases`` (plain strings) occur in ``text`` as whole words, in their order."""
    haystack = words(text)
    if not haystack:
        return []
    matched = []
    for phrase in phrases:
        needle = phrase_pattern(phrase)
        if needle and _contains(haystack, needle):
            matched.append(phrase)
    return matched


def _contains(haystack, needle):
    size = len(needle)
    first = needle[0]
    return any(
        haystack[index] == first and tuple(haystack[index : index + size]) == needle
        for index in range(len(haystack) - size + 1)
    )


def active_phrases():
    """Every phrase staff have switched on."""
    from .models import RiskPhrase

    return list(RiskPhrase.objects.filter(is_active=True).values_list("phrase", flat=True))
