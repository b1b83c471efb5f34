"""Place mentions in a text, found with the gazetteer. Pure module, no Django inside.

`find_places(text, index)` scans a text in any script and returns every run of one to four
words that the gazetteer knows as a place name, with character offsets into the text as given,
ranked candidates and an `ambiguous` flag. It only *proposes*: an editor reviews every mention.

What keeps ordinary words out, in order:

1. In a cased script (Latin, Cyrillic, Greek) a name starts with a capital letter: "may" and
   "march" are never looked up; "Donetsk" is.
2. A stop list of capitalised words that are names of places somewhere but are far likelier
   to be something else in a report: months and weekdays (English, French, German, Spanish,
   Russian, Ukrainian), given names ("Sergei", "Olga"), titles, and common words that start a
   sentence ("Well", "Bar", "Police").
3. A word right after a given name or a title is a surname, not a town ("Sergei Popov",
   "General Lapin").
4. Loose matches need more evidence than exact ones: a spelling that only sounds like a place
   (skeleton) needs five letters, a shortened name ("Krasnyi" for "Krasnyi Luch") needs six and
   a town of MIN_POPULATION_SHORTENED people, and a bare single-word alternate name of a hamlet
   is ignored at the start of a sentence.
5. Inflected Russian and Ukrainian forms ("в Стаханове", "у Попасній") are tried once the
   word as written is unknown, as are Arabic words with a one-letter prefix ("وستاخانوف").

Ambiguity: the candidates of one mention are *ambiguous* when the runner-up lies more than
SAME_PLACE_KM away and is nearly as good: a score within AMBIGUITY_MARGIN and a population
within a factor of AMBIGUITY_POPULATION_RATIO. Before that is decided, the text itself is
used as context: the best candidate within CONTEXT_KM of a place the text names without
doubt goes to the top when it is CONTEXT_RATIO times nearer to them than the first, and the
mention stays ambiguous only if the nearby candidates are ambiguous among themselves
("Krasnyi" next to "Stakhanov" is Krasnyi Luch, not Kyzyl, also once called Krasnyi).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from places import names
from places.matching import GazetteerIndex, Match

MAX_WORDS = 4
CANDIDATE_LIMIT = 5
MIN_SKELETON_LETTERS = 5
MIN_SHORTENED_LETTERS = 6
MIN_POPULATION_SHORTENED = 10_000
# A single word that is only some language's alternate name of a place this small is noise
# when it starts a sentence (capitalised for grammar, not as a name).
MIN_POPULATION_SENTENCE_START = 20_000
MIN_POPULATION_SOUND_AT_START = 100_000
AMBIGUITY_MARGIN = 0.05
AMBIGUITY_POPULATION_RATIO = 10
SAME_PLACE_KM = 10
CONTEXT_KM = 120
EARTH_DIAMETER_KM = 12742
# Arabic spellings the gazetteer does not list are matched on consonants alone: only towns of
# matching.ABJAD_MIN_POPULATION, by keys of names.ABJAD_MIN_CONSONANTS, which the index holds.
MIN_POPULATION_ABJAD_ALONE = 200_000
CONSONANT_CONTEXT_KM = 60
QUALITY_CONSONANTS = 0.8
# An ambiguous mention looks this far down its candidates for one near the text's other places.
CONTEXT_POOL = 25
CONTEXT_RATIO = 3

# Words, apostrophes and hyphens inside them ("Pereval's'k", "Rostov-on-Don", "Слов'янськ").
_WORD = re.compile(r"[^\W_]+(?:['’ʼ‘\-][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# French and Italian elision: "d'Odessa", "l’Ukraine", "qu'Izioum".
_ELISION = re.compile(r"(?:[dDlLjJnNsScCmMtT]|[qQ]u)['’](?=[A-Z])")
_SENTENCE_END = re.compile(r"[.!?:;…\n]\s*[\"'«»“”()\[\]]*\s*$")
_CASED_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
_ABJADS = ("ARABIC", "HEBREW", "SYRIAC")
_ARABIC_PREFIXES = "وبلفك"

# Folded keys (places.names.fold), so one entry covers every script and spelling.
_MONTHS = """
january february march april may june july august september october november december
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
januar februar marz maerz juni juli oktober dezember enero febrero marzo abril mayo junio
julio agosto septiembre setiembre octubre noviembre diciembre
ianvar fevral mart aprel mai iiun iiul avgust sentiabr oktiabr noiabr dekabr
sichen liutyi berezen kviten traven cherven lypen serpen veresen zhovten lystopad hruden
ianvaria fevralia marta aprelia maia iiunia iiulia avgusta sentiabria oktiabria noiabria
dekabria sichnia liutoho bereznia kvitnia travnia chervnia lypnia serpnia veresnia zhovtnia
lystopada hrudnia
"""
_WEEKDAYS = """
monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi
samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag lunes martes
miercoles jueves viernes sabado domingo ponedelnik vtornik sreda chetverg piatnitsa subbota
voskresene ponedilok vivtorok sereda chetver piatnytsia subota nedilia
"""
GIVEN_NAMES = frozenset(
    """
    sergei sergey serhii serhiy sergiy aleksandr alexander alexandre oleksandr oleksander
    alexei aleksei alexey oleksii oleksiy andrei andrey andrii andriy dmitri dmitry dmytro
    ivan ivana mykola nikolai nikolay vladimir volodymyr vladislav vladyslav yuri yurii yuriy
    viktor victor igor ihor oleg oleh pavel pavlo petro pyotr mikhail mykhailo maxim maksym
    roman ruslan denis denys artem artyom anton bohdan bogdan taras vasyl vasily vasili
    hennadii gennady yevhen evgeny yevgeny eugene stepan stanislav vitaly vitalii vadim vadym
    konstantin kostiantyn leonid borys boris anatoly anatolii arsen timur kirill kyrylo
    olga olha natalia nataliya natalya tetiana tatiana tatyana iryna irina yulia yuliia
    oksana svitlana svetlana lyudmila liudmyla kateryna ekaterina maria mariia anna hanna
    olena elena alina daria darya viktoriia victoria valentina valentyna larysa larisa
    nadia nadiya nadezhda vira vera lyubov liubov halyna galina zoya zoia sofia marina
    mary john james david michael peter paul george thomas william robert mark anne jean
    pierre marie sophie ahmed mohammed muhammad ali hassan omar fatima
    """.split()  # noqa: SIM905
)
TITLES = frozenset(
    """
    mr mrs ms dr prof general colonel major captain lieutenant sergeant commander president
    minister governor mayor deputy senator judge father saint st sainte san santa lord lady
    """.split()  # noqa: SIM905
)
COMMON_WORDS = frozenset(
    """
    the a an and or but in on at of to for from by with as this that these those there here
    he she it we they his her its their our my your you i me him them who what when where
    why how which while after before during since until then than so if not no yes all some
    many most more one two three first last next new old red white black green blue big
    north south east west central upper lower great little good well bar police army state
    union victory peace freedom hope liberty independence glory unity justice pravda mir
    city town village region district oblast street square park bridge river lake sea
    port station airport centre center school church hospital prison market plant factory
    mine camp base road way line front war battle attack army forces troops soldiers
    people report reports according witnesses residents local officials sources
    monday news press media today yesterday tomorrow morning evening night day week month
    year summer winter spring autumn fall early late mid end beginning
    russian russia russians ukrainian ukraine ukrainians soviet european english french
    german spanish arabic international national
    le la les un une des du de et en au aux dans sur pour par avec selon il elle ils elles
    der die das und im am zum zur von mit nach el los las y en con por para segun
    mariia pobeda zvezda oktiabr pervomaisk buy smile luck lazy blast hat hut cop chop sad
    bile bore wary spat shack marine postal tin ray skit vary gut lug reading split nice still
    along over none never same young golden silver eastern western northern southern long bay
    island forest valley hill independent medicine schools hence
    """.split()  # noqa: SIM905
)
STOP_WORDS = (
    frozenset(_MONTHS.split()) | frozenset(_WEEKDAYS.split()) | GIVEN_NAMES | TITLES
) | COMMON_WORDS
# Words after which a capitalised word is a person's surname, not a place.
_BEFORE_SURNAME = GIVEN_NAMES | TITLES

# Russian and Ukrainian case endings, tried only when the word as written is unknown:
# (ending, what the name may end with instead). Longest endings first.
_CYRILLIC_ENDINGS = (
    ("ому", ""),
    ("ого", ""),
    ("ой", "а"),
    ("ой", "ая"),
    ("ій", "а"),
    ("ої", "а"),
    ("ую", "ая"),
    ("ом", ""),
    ("ем", ""),
    ("ці", "ка"),
    ("ах", "и"),
    ("ах", "ы"),
    ("е", ""),
    ("і", ""),
    ("у", ""),
    ("а", ""),
    ("ы", ""),
    ("и", ""),
    ("у", "а"),
    ("е", "а"),
    ("і", "а"),
    ("и", "а"),
    ("и", "ь"),
    ("і", "ь"),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a mention may name."""

    name: str
    latitude: float
    longitude: float
    geonames_id: int
    score: float
    population: int
    country_code: str = ""
    admin1: str = ""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A run of the text that names a place, with its candidates best first."""

    mention: str
    start: int
    end: int
    candidates: tuple[Candidate, ...]
    ambiguous: bool
    by_consonants: bool = False  # an abjad spelling matched on its consonants alone


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int


def candidates_for(index: GazetteerIndex, name: str, limit: int = CANDIDATE_LIMIT) -> list:
    """Return the ranked candidates for one name. The only call into the gazetteer's matcher,
    so that a change in its lookup API is a change here alone."""
    return [_candidate(match) for match in index.search(name, limit)]


def _abjad_candidates(index: GazetteerIndex, word: str, limit: int) -> list[Candidate]:
    key = names.abjad_key(word, abjad=True)
    if len(key) < names.ABJAD_MIN_CONSONANTS:
        return []
    entries = sorted(
        (index.entries[position] for position in index.abjad_positions(key)),
        key=lambda entry: (-entry.population, entry.geonames_id),
    )
    return [
        Candidate(
            name=entry.name,
            latitude=entry.latitude,
            longitude=entry.longitude,
            geonames_id=entry.geonames_id,
            score=QUALITY_CONSONANTS,
            population=entry.population,
            country_code=entry.country_code,
            admin1=entry.admin1,
        )
        for entry in entries[:limit]
    ]


def _candidate(match: Match) -> Candidate:
    entry = match.entry
    return Candidate(
        name=entry.name,
        latitude=entry.latitude,
        longitude=entry.longitude,
        geonames_id=entry.geonames_id,
        score=match.score,
        population=entry.population,
        country_code=entry.country_code,
        admin1=entry.admin1,
    )


def find_places(
    text: str, index: GazetteerIndex, *, limit: int = CANDIDATE_LIMIT
) -> list[PlaceMention]:
    """Return the place mentions of a text in order, with offsets into `text` as given and at
    most `limit` candidates each."""
    text = str(text)
    tokens = _tokens(text)
    # A long report names the same towns, and starts sentences with the same words, again.
    lookups: dict[str, tuple[str | None, list[Candidate]]] = {}
    found: list[PlaceMention] = []
    position = 0
    while position < len(tokens):
        mention = _longest_mention(text, tokens, position, index, lookups)
        if mention is None:
            position += 1
            continue
        found.append(mention[0])
        position += mention[1]
    return [
        replace(mention, candidates=mention.candidates[: max(limit, 1)])
        for mention in _with_context(_confirmed(found))
    ]


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _WORD.finditer(text):
        word, start, end = match.group(0), match.start(), match.end()
        elided = _ELISION.match(word)
        if elided and len(word) > elided.end() + 1:
            word, start = word[elided.end() :], start + elided.end()
        possessive = _POSSESSIVE.search(word)
        if possessive and len(word) > 3:
            word, end = word[: possessive.start()], start + possessive.start()
        tokens.append(_Token(word, start, end))
    return tokens


@lru_cache(maxsize=65536)
def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ", 1)[0]
    return ""


def _looks_like_a_name(word: str) -> bool:
    """A name in a cased script starts with a capital; other scripts have no case."""
    script = _script(word)
    if not script:
        return False  # digits only
    if script in _CASED_SCRIPTS:
        return word[0].isupper()
    return True


def _sentence_start(text: str, token: _Token) -> bool:
    before = text[max(0, token.start - 8) : token.start]
    return token.start == 0 or not before.strip() or bool(_SENTENCE_END.search(before))


def _longest_mention(text, tokens, position, index, lookups):
    """Return (mention, words used) for the longest name starting at `position`, or None."""
    first = tokens[position]
    if not _looks_like_a_name(first.text):
        return None
    folded_first = names.fold(first.text)
    if position > 0 and names.fold(tokens[position - 1].text) in _BEFORE_SURNAME:
        between = text[tokens[position - 1].end : first.start]
        if between.strip(" .") == "" and _looks_like_a_name(tokens[position - 1].text):
            return None
    for count in range(min(MAX_WORDS, len(tokens) - position), 0, -1):
        words = tokens[position : position + count]
        if not _joined_by_spaces(text, words) or not _looks_like_a_name(words[-1].text):
            continue
        if count == 1 and folded_first in STOP_WORDS:
            return None
        mention = _lookup(text, words, index, lookups)
        if mention is not None:
            return mention, count
    return None


def _joined_by_spaces(text: str, words: list[_Token]) -> bool:
    return all(
        text[left.end : right.start] in (" ", "\u00a0")
        for left, right in zip(words, words[1:], strict=False)
    )


def _lookup(text, words, index, lookups) -> PlaceMention | None:
    start, end = words[0].start, words[-1].end
    written = text[start:end]
    for offset, name in _forms(written):
        if name not in lookups:
            kind = _key_kind(index, name, written)
            lookups[name] = (kind, candidates_for(index, name, CONTEXT_POOL) if kind else [])
        kind, candidates = lookups[name]
        if kind is None:
            continue
        if not candidates or not _enough_evidence(kind, candidates, text, words, name):
            continue
        return _mention(text, start + offset, end, candidates)
    if len(words) == 1 and _script(written) in _ABJADS:
        forms = list(_forms(written))
        if written[0] == "و":
            forms.reverse()  # "and": the consonant key would drop this vowel letter anyway
        for offset, name in forms:
            key = f"abjad:{name}"
            if key not in lookups:
                lookups[key] = ("consonants", _abjad_candidates(index, name, CONTEXT_POOL))
            candidates = lookups[key][1]
            if candidates:
                return replace(_mention(text, start + offset, end, candidates), by_consonants=True)
    return None


def _mention(text, start, end, candidates) -> PlaceMention:
    # The whole pool is kept until the text's context has been read, then cut to `limit`.
    return PlaceMention(text[start:end], start, end, tuple(candidates), ambiguous=False)


def _forms(written: str):
    """Yield (offset into the mention, form to look up): the text as written, then, for a
    single Cyrillic or Arabic word, its uninflected or unprefixed forms."""
    yield 0, written
    if " " in written:
        return
    script = _script(written)
    if script == "CYRILLIC":
        lowered = written.casefold()
        for ending, replacement in _CYRILLIC_ENDINGS:
            if lowered.endswith(ending) and len(written) - len(ending) >= 4:
                yield 0, written[: len(written) - len(ending)] + replacement
    elif script in _ABJADS and written[0] in _ARABIC_PREFIXES and len(written) > 4:
        yield 1, written[1:]


def _key_kind(index: GazetteerIndex, name: str, written: str) -> str | None:
    """Return how the gazetteer knows the name: 'exact', 'sound' or 'shortened'; None if not."""
    folded = names.fold(name)
    if not folded:
        return None
    if folded in index.exact:
        return "exact"
    letters = len(folded.replace(" ", ""))
    if _script(written) not in _CASED_SCRIPTS or letters < MIN_SKELETON_LETTERS:
        return None
    variants = names.skeleton_variants(name)
    if any(variant in index.skeletons for variant in variants):
        return "sound"
    if " " not in folded and letters >= MIN_SHORTENED_LETTERS and variants[0] in index.first_words:
        return "shortened"
    return None


def _enough_evidence(kind, candidates, text, words, name) -> bool:
    best = candidates[0]
    if kind != "exact" and len(words) == 1 and _sentence_start(text, words[0]):
        # Capitalised for grammar: "Island" sounds like Iceland, "Silver" begins Silver Spring.
        # A city's other spelling ("Lougansk") still counts.
        big_town = best.geonames_id and best.population >= MIN_POPULATION_SOUND_AT_START
        if kind != "sound" or not big_town:
            return False
    if kind == "shortened":
        return best.population >= MIN_POPULATION_SHORTENED
    if names.fold(best.name) != names.fold(name) and (
        _inside_a_longer_name(text, words[-1]) or _after_a_name(text, words[0])
    ):
        return False  # "Human Rights Watch": words of a longer name, not Uman's old name
    # A hamlet's foreign name capitalised only because it starts a sentence is not a mention.
    return not (
        len(words) == 1
        and _sentence_start(text, words[0])
        and best.population < MIN_POPULATION_SENTENCE_START
        and names.fold(best.name) != names.fold(name)
    )


def _inside_a_longer_name(text: str, last: _Token) -> bool:
    """Return True if a capitalised word that says nothing of a place follows the mention."""
    following = _WORD.match(text, last.end + 1) if text[last.end : last.end + 1] == " " else None
    if following is None or not _looks_like_a_name(following.group(0)):
        return False
    word = following.group(0)
    return _script(word) in _CASED_SCRIPTS and not names.is_generic_word(word)


def _after_a_name(text: str, first: _Token) -> bool:
    """Return True if the mention follows, in mid-sentence, a capitalised word that is not a
    common word ("Rights Watch")."""
    if first.start < 2 or text[first.start - 1] != " ":
        return False
    before = list(_WORD.finditer(text, max(0, first.start - 40), first.start - 1))
    if not before or before[-1].end() != first.start - 1:
        return False
    word = before[-1].group(0)
    previous = _Token(word, before[-1].start(), before[-1].end())
    return (
        not _sentence_start(text, previous)  # "Жителі Луганська", "Near Krasnyi"
        and _script(word) in _CASED_SCRIPTS
        and word[0].isupper()
        and names.fold(word) not in STOP_WORDS
        and not names.is_generic_word(word)
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points in kilometres."""
    radians = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * radians / 2) ** 2
        + math.cos(lat1 * radians)
        * math.cos(lat2 * radians)
        * math.sin((lon2 - lon1) * radians / 2) ** 2
    )
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(a)))


def _is_ambiguous(candidates: tuple[Candidate, ...]) -> bool:
    if len(candidates) < 2:
        return False
    best = candidates[0]
    for other in candidates[1:]:
        far = distance_km(best.latitude, best.longitude, other.latitude, other.longitude)
        if (
            far > SAME_PLACE_KM
            and other.score >= best.score - AMBIGUITY_MARGIN
            and other.population * AMBIGUITY_POPULATION_RATIO >= best.population
        ):
            return True
    return False


def _confirmed(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Drop the consonant-only matches nothing confirms: in a world of places, many an Arabic
    word ("مسؤولون", officials; "سكنية", residential) has the consonants of some town. One
    stays when a candidate lies within CONSONANT_CONTEXT_KM of a candidate of another place
    the text names, or when it is a city of MIN_POPULATION_ABJAD_ALONE in a country the text's
    other places are in (or the text names no other place)."""
    if not any(mention.by_consonants for mention in mentions):
        return mentions
    # Every candidate point by one-degree cell, with the mentions it belongs to: a long report
    # names thousands of places, and each guess looks only at the cells around it.
    cells: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    for position, mention in enumerate(mentions):
        for candidate in mention.candidates:
            cell = (math.floor(candidate.latitude), math.floor(candidate.longitude))
            cells.setdefault(cell, []).append((candidate.latitude, candidate.longitude, position))
    countries: dict[str, set[int]] = {}
    for position, mention in enumerate(mentions):
        countries.setdefault(mention.candidates[0].country_code, set()).add(position)
    kept = []
    for position, mention in enumerate(mentions):
        if not mention.by_consonants or _near_another(mention, position, cells):
            kept.append(mention)
            continue
        best = mention.candidates[0]
        if best.population >= MIN_POPULATION_ABJAD_ALONE and (
            len(mentions) == 1 or countries.get(best.country_code, set()) - {position}
        ):
            kept.append(mention)
    return kept


def _near_another(mention: PlaceMention, position: int, cells) -> bool:
    for candidate in mention.candidates:
        row, column = math.floor(candidate.latitude), math.floor(candidate.longitude)
        # A degree of longitude shrinks towards the poles: look as many cells east and west as
        # CONSONANT_CONTEXT_KM spans there.
        degree_km = 111.2 * max(math.cos(math.radians(candidate.latitude)), 0.01)
        span = min(180, math.ceil(CONSONANT_CONTEXT_KM / degree_km))
        for r in (row - 1, row, row + 1):
            for c in range(column - span, column + span + 1):
                for latitude, longitude, owner in cells.get((r, (c + 180) % 360 - 180), ()):
                    if owner != position and (
                        distance_km(candidate.latitude, candidate.longitude, latitude, longitude)
                        <= CONSONANT_CONTEXT_KM
                    ):
                        return True
    return False


def _with_context(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Mark ambiguous mentions, after letting the places the text names without doubt choose
    between the candidates of the others."""
    doubtful = [_is_ambiguous(mention.candidates) for mention in mentions]
    anchors = {
        (mention.candidates[0].latitude, mention.candidates[0].longitude)
        for mention, doubt in zip(mentions, doubtful, strict=True)
        if not doubt
    }
    settled_by_candidates: dict[tuple[Candidate, ...], tuple[tuple[Candidate, ...], bool]] = {}
    settled = []
    for mention, doubt in zip(mentions, doubtful, strict=True):
        if not doubt:
            settled.append(mention)
            continue
        if mention.candidates not in settled_by_candidates:
            settled_by_candidates[mention.candidates] = _settle(mention.candidates, anchors)
        candidates, ambiguous = settled_by_candidates[mention.candidates]
        settled.append(replace(mention, candidates=candidates, ambiguous=ambiguous))
    return settled


def _settle(candidates, anchors) -> tuple[tuple[Candidate, ...], bool]:
    """Return the candidates, the one the anchors favour first, and whether they remain
    ambiguous. A candidate far down the ranking is lifted only when it lies near the text's
    other places and CONTEXT_RATIO times nearer than the first."""
    if not anchors:
        return candidates, True
    distance = {
        candidate: min(
            distance_km(candidate.latitude, candidate.longitude, *anchor) for anchor in anchors
        )
        for candidate in candidates
    }
    near = [candidate for candidate in candidates if distance[candidate] <= CONTEXT_KM]
    if not near:
        return candidates, True
    best = near[0]
    if best is not candidates[0] and distance[best] * CONTEXT_RATIO > distance[candidates[0]]:
        return candidates, True
    return (best, *(c for c in candidates if c is not best)), _is_ambiguous(tuple(near))
