"""Normalised lookup keys for place names in any spelling and any script. Pure module, no Django.

Three keys, from strict to loose:

- `fold`: the spelling itself, made comparable: Unicode-normalised, apostrophes and soft signs
  dropped, every script transliterated to ASCII (anyascii), case-folded, punctuation to spaces.
  "Svitlodar'sk", "Світлодарськ" and "SVITLODARSK" share one key.
- `skeleton`: a phonetic key that folds the letters transliteration systems disagree on
  (y/i/j, kh/h/g, zh/sh/z/s/ts/c, w/v/f, ou/u, doubled letters), so that the English, German,
  French, Polish, Spanish and Cyrillic forms of a name meet. It is lossy on purpose: a skeleton
  match is a candidate, ranked below an exact one.
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
_SKELETON_PATTERN = re.compile(
    "|".join(
        re.escape(token)
        for token in sorted(
            [*_SIBILANTS, "ch", "kh", "gh", "ph", "ou", "oe", "h", "g", "k", "q", "x"]
            + ["w", "v", "f", "y", "j", "ı"],
            key=len,
            reverse=True,
        )
    )
)
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
    die im
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
_CYRILLIC_GENERIC = ("область", "обл", "край", "республика", "регион", "район", "місто", "город")
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
    text = unicodedata.normalize("NFKC", str(text)).translate(_SILENT)
    ascii_text = anyascii(text).translate(_SILENT).casefold()
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def skeleton_of_fold(folded: str, reading: tuple[str, str]) -> str:
    ch_as, j_as = reading

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token == "ch":
            return ch_as
        if token == "j":
            return j_as
        return _FIXED[token]

    key = _SKELETON_PATTERN.sub(replace, folded.replace(" ", ""))
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


@lru_cache(maxsize=4096)
def region_key(text: str) -> str:
    """Return the key of a region qualifier: generic words and adjectival endings removed,
    so that "Lugansk region", "Luhanska oblast" and "Луганская обл." share one key."""
    cleaned = str(text).casefold()
    for word in _CYRILLIC_GENERIC:
        cleaned = re.sub(rf"(?<!\w){word}(?!\w)", " ", cleaned)
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
