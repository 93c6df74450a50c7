"""Which language a text is written in, from its own evidence: its script, then its function words.

Pages declare a language that is often the site's installation language, not the article's
(``lang="en-us"`` over French, Russian or Vietnamese text). ``metadata.language_of`` weighs the
declaration against what this module reads in the text:

- a script other than Latin that makes up ``SCRIPT_SHARE`` of the letters names its language
  (Cyrillic, Arabic, Greek, Hebrew, Thai, Hangul, kana, Han), refined by the letters only one
  language of that script uses (Ukrainian ї, Urdu ے, Persian پ…);
- Latin text of ``MIN_WORDS`` words or more is scored by the share of its words that are function
  words of each language of ``FUNCTION_WORDS`` (Vietnamese, French, Spanish, German, English).
  Words frequent in two of these languages ("la", "de", "en", "que", "des", "es", "an", "entre")
  are left out, so that a hit is evidence for one language.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..patterns import compiled
from ..records import dataclass

SCRIPT_SHARE = 0.3  # of the letters, for a script to name the text's language
MIN_WORDS = 30  # Latin words before function words are evidence

# Script → (its letters as code point ranges, the language it names by default). Ranges, not
# compiled character classes: re takes milliseconds to compile a class spanning thousands of
# code points (the Han block alone), at every start of the command.
_SCRIPTS: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {
    "Cyrl": (((0x0400, 0x04FF),), "ru"),
    "Arab": (((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)), "ar"),
    "Grek": (((0x0370, 0x03FF), (0x1F00, 0x1FFF)), "el"),
    "Hebr": (((0x0590, 0x05FF),), "he"),
    "Thai": (((0x0E00, 0x0E7F),), "th"),
    "Hang": (((0xAC00, 0xD7AF), (0x1100, 0x11FF)), "ko"),
    "Kana": (((0x3040, 0x30FF),), "ja"),
    "Hani": (((0x4E00, 0x9FFF),), "zh"),
}
# The ranges sorted by start (they do not overlap), for a binary search per letter.
_STARTS, _RANGES = zip(*sorted((lo, (lo, hi, code)) for code, (spans, _) in _SCRIPTS.items() for lo, hi in spans),
                       strict=True)
_FIRST = min(_STARTS)  # letters below it (Latin, with its accents) are in none of these scripts
# Languages written in each script: a declaration of one of them is not contradicted by the script.
SCRIPT_LANGUAGES: dict[str, frozenset[str]] = {
    "Cyrl": frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt", "ba", "uz", "az"}),
    "Arab": frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug"}),
    "Grek": frozenset({"el"}),
    "Hebr": frozenset({"he", "iw", "yi"}),
    "Thai": frozenset({"th"}),
    "Hang": frozenset({"ko"}),
    "Kana": frozenset({"ja"}),
    "Hani": frozenset({"zh", "ja", "ko"}),
}
# Letters that only one language of a script uses (tried in this order), at LETTER_SHARE of that
# script's letters: Russian has no і, Ukrainian no ы, Bulgarian neither ы nor э but many ъ.
LETTER_SHARE = 0.005
_OWN_LETTERS: dict[str, tuple[tuple[str, str, int], ...]] = {  # compiled (and cached by re) when used
    "Cyrl": (("kk", "[әғқңөұүһ]", re.IGNORECASE), ("be", "[ў]", re.IGNORECASE), ("uk", "[іїєґ]", re.IGNORECASE),
             ("mk", "[ѓќѕ]", re.IGNORECASE), ("sr", "[јљњћђџ]", re.IGNORECASE), ("ru", "[ыэё]", re.IGNORECASE),
             ("bg", "[ъ]", re.IGNORECASE)),
    "Arab": (("ur", "[ٹڈڑںے]", 0), ("fa", "[پچژگکی]", 0)),  # Persian keheh and yeh, not Arabic ك ي
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words of each Latin-script language, none listed for two of them (lower case, NFC).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "vi": _words("và của có được trong cho các những với một không này đã người để từ khi theo về "
                 "năm cũng đến tại như nhiều sẽ"),
    "fr": _words("le les et est une du dans pour pas sur au aux avec ce cette sont par plus ne qui nous "
                 "vous ils elle été où mais leur être ont sa ses"),
    "es": _words("el los las del y por con para al lo como más pero está fue este esta también sus una "
                 "sobre hay muy ha han"),
    "de": _words("der die das und ist nicht ein eine den dem zu mit sich auf für von im auch wird werden "
                 "sind bei aus nach wie oder dass wir ich noch nur"),
    "en": _words("the and of to is that for with are be by this from have which at not but were has "
                 "it as his their been would"),
}
_WORD = compiled(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Script:
    """The non-Latin script most of a text's letters are in, and the language its letters name."""

    code: str
    language: str


def script_counts(sample: str) -> dict[str, int]:
    """How many characters of ``sample`` each script of ``_SCRIPTS`` has."""
    counts = dict.fromkeys(_SCRIPTS, 0)
    for point in map(ord, sample):
        if point >= _FIRST:
            _, hi, script = _RANGES[bisect_right(_STARTS, point) - 1]
            if point <= hi:
                counts[script] += 1
    return counts


def script_of(sample: str) -> Script | None:
    """The non-Latin script of ``sample`` when it makes up ``SCRIPT_SHARE`` of its letters."""
    letters = sum(1 for c in sample if c.isalpha())
    if not letters:
        return None
    counts = script_counts(sample)
    if counts["Kana"] and counts["Kana"] + counts["Hani"] >= SCRIPT_SHARE * letters:
        return Script("Kana", "ja")  # Japanese mixes kana with Han characters
    code = max(counts, key=lambda c: counts[c])
    if counts[code] < SCRIPT_SHARE * letters:
        return None
    language = _SCRIPTS[code][1]
    for own, marks, flags in _OWN_LETTERS.get(code, ()):
        if len(re.findall(marks, sample, flags)) >= max(1, LETTER_SHARE * counts[code]):
            language = own
            break
    return Script(code, language)


def function_word_shares(sample: str) -> dict[str, float]:
    """Each language's share of the words of ``sample`` that are its function words; empty when
    the text has fewer than ``MIN_WORDS`` words."""
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return {}
    return {lang: sum(1 for w in words if w in vocab) / len(words) for lang, vocab in FUNCTION_WORDS.items()}
