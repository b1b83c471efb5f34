"""Normalised lookup keys for place names in any spelling and any script. Pure module, no Django.

Three keys, from strict to loose:

- `fold`: the spelling itself, made comparable: Unicode-normalised, apostrophes and soft signs
  dropped, every script transliterated to ASCII (anyascii), case-folded, punctuation to spaces.
  "Svitlodar'sk", "Світлодарськ" and "SVITLODARSK" share one key.
- `skeleton`: a phonetic key that folds the letters transliteration systems disagree on
  (y/i/j, kh/h/g, zh/sh/z/s/ts/c, w/v/f, ou/u, doubled letters), so that the English, German,
  French, Polish, Spanish and Cyrillic forms of a name meet. It is lossy on purpose: a skeleton
  match is a candidate, ranked below an exact one.
- `loose_key`: the skeleton's consonants only, with the Arabic article (al-, el-, ad-, ar-, ez-…)
  dropped: the romanisations of Arabic names disagree mostly on vowels ("Deir ez-Zor", "Dayr
  az Zawr", "Dair al-Zour"), so this key lets them meet. It is loose, so its matches rank below
  every other kind and only names of at least four consonants get one.
- `region_key`: a skeleton for region qualifiers, without generic words ("oblast", "region",
  "область") and adjectival endings ("Luhanska", "Luganskaya" → "Luhansk").

`split_qualifiers` separates "Popasna (Luhansk Oblast, Ukraine)" into the name and its
qualifiers. Nothing here raises on any text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Apostrophes, primes and the Cyrillic soft and hard signs carry no letter of their own.
_SILENT = dict.fromkeys(map(ord, "'’‘ʼʻ`´′″\"ьъЬЪ"), None)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Longest first, so that "shch" wins over "sh" and "tsch" over "ts".
_SIBILANTS = "shtsch schtsch shch szcz tsch dzh sch tch zh sh cz sz zs dz ts tz ss zz s z c".split()  # noqa: SIM905
_FIXED = {
    **dict.fromkeys(_SIBILANTS, "S"),
    **dict.fromkeys(("kh", "gh", "h", "g"), "H"),
    **dict.fromkeys(("k", "q"), "k"),
    **dict.fromkeys(("w", "v", "f", "ph"), "v"),
    **dict.fromkeys(("y", "ı"), "i"),
    "ou": "u",
    "oe": "u",
    "x": "kS",
}
_REPEATS = re.compile(r"(.)\1+")

# How "ch" and "j" read differ by language: English ch is ч, German and Polish ch is х;
# j is й in German and Polish, х in Spanish ("Járkov"), ж in French ("Zaporijjia").
# The first reading is the default (used for the index); a query also tries the others.
CH_READINGS = ("S", "H")
J_READINGS = ("i", "H", "S")
DEFAULT_READING = ("S", "i")

GENERIC_REGION_WORDS = frozenset(
    """
    oblast oblasti oblastu oblasty obl region regione province provincia provinz obwod
    obwodu voblasts rayon raion district krai kray kraj respublika resp republic republique
    avtonomnaya autonomous okrug okruh ao area city misto gorod horod of the de del di la le
    die im state governorate gouvernorat muhafazah muhafazat wilayah wilaya division
    prefecture departement department territory
    """.split()  # noqa: SIM905
)
# Words after a name that say what kind of place it is, not which ("Kharkiv city",
# "Perevalsk prison"), in English, Ukrainian and Russian (folded).
GENERIC_PLACE_WORDS = GENERIC_REGION_WORDS | frozenset(
    """
    town village settlement urban smt selo selyshche poselok posyolok hromada prison jail
    colony penal camp detention basement centre center airport station railway base
    outskirts suburb suburbs oblast oblasti raion rayon misto gorod tiurma tyurma
    vyazhnytsia viaznytsia koloniia koloniya
    """.split()  # noqa: SIM905
)
# The same in Cyrillic, removed before transliteration ("Луганская обл.").
_CYRILLIC_GENERIC = re.compile(
    r"(?<!\w)(?:область|обл|край|республика|регион|район|місто|город)(?!\w)"
)
_ADJECTIVE_ENDING = re.compile(r"Sk[aeiou]*$")
_TRAILING_VOWELS = re.compile(r"[aeiou]+$")

# Words before a name that say what it is, not which it is ("the town of Izium", "м. Ізюм").
_LEADING_WORDS = re.compile(
    r"^(?:(?:the\s+)?(?:city|town|village|settlement|urban-type settlement)\s+of\s+|near\s+|"
    r"(?:м|г|с|смт|пгт|місто|город|село|селище)\.?\s+)",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"[(\[]([^)\]]*)[)\]]?")
_SEPARATORS = re.compile(r"[,;]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return the exact lookup key: ASCII, case-folded, apostrophes and punctuation removed."""
    if text.isascii():
        # Most names are plain ASCII already: NFKC and anyascii would leave them as they are.
        return _NON_ALNUM.sub(" ", text.translate(_SILENT).casefold()).strip()
    text = unicodedata.normalize("NFKC", str(text)).translate(_SILENT)
    ascii_text = anyascii(text).translate(_SILENT).casefold()
    return _NON_ALNUM.sub(" ", ascii_text).strip()


# Scripts whose names are transliterated to Latin for lookup. Names in other scripts (Arabic,
# Hebrew, Chinese, Thai…) are looked up as written: their romanisation by anyascii drops the
# vowels an abjad does not write, so "يوم" (day) would meet Yuma and "من" (from) Amman.
TRANSLITERATED_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN"})
_LETTER = re.compile(r"[^\W\d_]")
_TATWEEL = "\u0640"


def script_of(text: str) -> str:
    """Return the Unicode script of the first letter of a text ("LATIN", "ARABIC"…), or ""."""
    first = _LETTER.search(str(text))
    if first is None:
        return ""
    letter = first.group()
    return "LATIN" if letter.isascii() else unicodedata.name(letter, "").split(" ", 1)[0]


@lru_cache(maxsize=65536)
def exact_key(text: str) -> str:
    """Return the exact lookup key of a name: its fold if it is written in a script that is
    transliterated (see TRANSLITERATED_SCRIPTS), else the name as written, normalised (NFKC,
    case-folded, without vowel marks, tatweel or punctuation)."""
    if text.isascii() or script_of(text) in TRANSLITERATED_SCRIPTS:
        return fold(text)
    normalised = unicodedata.normalize("NFKD", str(text).replace(_TATWEEL, "")).casefold()
    kept = "".join(
        char if char.isalnum() else " "
        for char in normalised
        if not unicodedata.category(char).startswith("M")
    )
    return unicodedata.normalize("NFKC", " ".join(kept.split()))


_MULTI_LETTER_TOKENS = sorted(
    (token for token in [*_SIBILANTS, "ch", "kh", "gh", "ph", "ou", "oe"] if len(token) > 1),
    key=len,
    reverse=True,
)
_MULTI_LETTER_PATTERN = re.compile("|".join(map(re.escape, _MULTI_LETTER_TOKENS)))
# Single letters go through str.translate (fast), after the multi-letter tokens; their
# replacements are letters no table maps again.
_SINGLE_LETTERS = {
    token: _FIXED[token] for token in _FIXED if len(token) == 1 and token in "szchgkqwvfyx"
}
_SINGLE_TABLES = {j_as: str.maketrans({**_SINGLE_LETTERS, "j": j_as}) for j_as in J_READINGS}


def skeleton_of_fold(folded: str, reading: tuple[str, str]) -> str:
    ch_as, j_as = reading

    def replace(match: re.Match) -> str:
        token = match.group(0)
        return ch_as if token == "ch" else _FIXED[token]

    # Doubled letters are folded first too, so that a doubled vowel cannot hide a digraph
    # ("Kooutiala": o + ou).
    key = _MULTI_LETTER_PATTERN.sub(replace, _REPEATS.sub(r"\1", folded.replace(" ", "")))
    key = key.translate(_SINGLE_TABLES[j_as])
    # Russian е is "ye", "ie" or "e" depending on who writes it (Yenakiieve, Enakievo).
    return _REPEATS.sub(r"\1", _REPEATS.sub(r"\1", key).replace("ie", "e"))


def skeleton(text: str) -> str:
    """Return the phonetic key of a name, reading ch as in English and j as in German."""
    return skeleton_of_fold(fold(text), DEFAULT_READING)


def skeleton_variants(text: str) -> list[str]:
    """Return the phonetic keys of a query: the default reading first, then the other readings
    of ch and j when the query has them (each applied to every occurrence)."""
    folded = fold(text)
    variants = [skeleton_of_fold(folded, DEFAULT_READING)]
    ch_readings = CH_READINGS if "ch" in folded else CH_READINGS[:1]
    j_readings = J_READINGS if "j" in folded else J_READINGS[:1]
    for ch_as in ch_readings:
        for j_as in j_readings:
            variant = skeleton_of_fold(folded, (ch_as, j_as))
            if variant not in variants:
                variants.append(variant)
    return variants


# The Arabic article as romanised before a name ("al-Bab", "Deir ez-Zor", "Ash Shaykh"), and the
# letters the romanisations of Arabic disagree on (vowels, and w/y written for them).
ARABIC_ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ed",
        "ar",
        "er",
        "as",
        "es",
        "az",
        "ez",
        "an",
        "en",
        "at",
        "et",
        "ash",
        "esh",
        "ath",
        "adh",
        "l",
    ]
)
_VOWELS = re.compile(r"[aeiouv]+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")  # Raqqah, Hamah: the ta marbuta, written or not
LOOSE_MIN_CONSONANTS = 4


def article_key(folded: str) -> str:
    """Return the skeleton of a folded name with each Arabic article written "al" ("el mayadin",
    "ad dindar", "deir ez zor"), or "" when it has none: the article's vowel and its
    assimilation to the next consonant are the commonest difference between romanisations."""
    words = folded.split()
    if len(words) < 2 or not any(word in ARABIC_ARTICLES for word in words):
        return ""
    canonical = " ".join("al" if word in ARABIC_ARTICLES else word for word in words)
    return skeleton_of_fold(canonical, DEFAULT_READING)


def loose_key(folded: str) -> str:
    """Return the consonant key of a folded name (see the module's docstring), or "" when it
    would be too short to say anything."""
    words = [word for word in folded.split() if word not in ARABIC_ARTICLES]
    if not words:
        return ""
    joined = _FINAL_H.sub("", " ".join(words)).replace("w", "u").replace("y", "i")
    key = _REPEATS.sub(r"\1", _VOWELS.sub("", skeleton_of_fold(joined, DEFAULT_READING)))
    return key if len(key) >= LOOSE_MIN_CONSONANTS else ""


ABJAD_MIN_CONSONANTS = 4
_PLAIN_VOWELS = re.compile(r"[aeiou]")


def abjad_key(text: str, *, abjad: bool = False) -> str:
    """Return the consonants of a name's skeleton, p read as b: how an Arabic spelling, which
    writes few vowels and no p, meets a Latin one ("ستاخانوف" and "Stakhanov"). In an abjad's
    transliteration (`abjad`) w and y are vowels (و, ي) and are dropped too."""
    folded = fold(text)
    if abjad:
        folded = folded.replace("w", "").replace("y", "")
    key = skeleton_of_fold(folded, DEFAULT_READING).replace("p", "b")
    return _REPEATS.sub(r"\1", _PLAIN_VOWELS.sub("", key))


@lru_cache(maxsize=4096)
def region_key(text: str) -> str:
    """Return the key of a region qualifier: generic words and adjectival endings removed,
    so that "Lugansk region", "Luhanska oblast" and "Луганская обл." share one key."""
    cleaned = str(text).casefold()
    if not cleaned.isascii():
        cleaned = _CYRILLIC_GENERIC.sub(" ", cleaned)
    kept = [word for word in fold(cleaned).split() if word not in GENERIC_REGION_WORDS]
    key = skeleton_of_fold(" ".join(kept), DEFAULT_READING)
    key = _ADJECTIVE_ENDING.sub("", key)
    return _TRAILING_VOWELS.sub("", key) or key


def is_generic_word(word: str) -> bool:
    """Return True for a word that names a kind of place ("city", "oblast", "prison")."""
    return fold(word) in GENERIC_PLACE_WORDS


def strip_leading_words(text: str) -> str:
    """Return the name without a leading "town of", "near", "м." and the like."""
    return _LEADING_WORDS.sub("", text.strip(), count=1).strip()


def split_qualifiers(text: str) -> tuple[str, tuple[str, ...]]:
    """Split "X, Luhansk Oblast, Ukraine" or "X (Lugansk region)" into the name and its
    qualifiers, outermost last. A text with no separator is all name."""
    text = unicodedata.normalize("NFKC", str(text))
    qualifiers: list[str] = []
    for inside in _PARENTHESES.findall(text):
        qualifiers.extend(_SEPARATORS.split(inside))
    outside = _PARENTHESES.sub(",", text)
    head, *rest = _SEPARATORS.split(outside)
    parts = [part.strip() for part in rest + qualifiers]
    return strip_leading_words(head), tuple(part for part in parts if fold(part))
