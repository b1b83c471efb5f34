"""The gazetteer index and its matcher. Pure module, no Django inside.

`GazetteerIndex.search(phrase, limit)` is the lookup API: it takes a phrase ("Mossoul",
"Tripoli, Lebanon", "Krasnyi (Luhansk Oblast)") and returns ranked `Match`es, each saying how
it matched (`how`) and how sure it is (`score`); `GazetteerIndex.lookup` adds whether the
answer is ambiguous. Places, regions and countries are all entries.

How a phrase is matched:

1. it is split into a name and qualifiers ("Brianka, Lugansk region"); qualifiers are looked
   up among the names of the index's regions and countries;
2. the name is looked up by its exact key, its phonetic skeleton (every reading of an
   ambiguous ch/j), its consonant key (romanisations of Arabic, see `places.names.loose_key`),
   its skeleton with each Arabic article written "al" (`places.names.article_key`: "El-Mayadin",
   "Er-Raqqah") and as the first word of longer names ("Krasnyi" for "Krasnyi Luch");
3. when nothing agrees with the qualifiers, trailing words that name a region or a kind of
   place are peeled off ("Izium Kharkiv Oblast", "Perevalsk prison"), and then typos are
   looked for by edit distance on skeletons (rapidfuzz), among skeletons that share the
   query's first two letters;
4. candidates are ranked by qualifier agreement, then match quality, then population (see
   `_rank`).

Storage: the index is a few files that `GazetteerIndex.open` memory-maps, so the processes of
one machine share one copy: marisa-trie tries for the keys, a fixed-width record per entry and
a blob of its names. `GazetteerIndex(entries)` builds the same structures in memory (tests,
small fixtures). Settlements are stored sorted by one-degree cell, so that `nearest` reads
only the cells around a point.

Former names (`GazetteerEntry.former_names`, marked by `places.former_names`: GeoNames lists
them with the rest, unmarked) are stored after the other names, and a match on one says
`former`.
"""

from __future__ import annotations

import heapq
import math
import mmap
import os
import re
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import marisa_trie
from rapidfuzz import process
from rapidfuzz.distance import OSA

from places import names

QUALITY_EXACT = 1.0
QUALITY_SKELETON = 0.95
QUALITY_FIRST_WORD_SAME = 0.94
QUALITY_OTHER_READING = 0.9
# Below CONFIDENT_SCORE: vowels carry meaning too, so a match on consonants alone is a guess.
QUALITY_LOOSE = 0.84
LOOSE_MIN_POPULATION = 5_000
QUALITY_FIRST_WORD = 0.85
QUALITY_FUZZY_SCALE = 0.8
# In the top tier (exact, skeleton, same first word), 0.05 of quality weighs a factor of 10
# in population.
DECADES_PER_QUALITY = 20
# A population prior for typos only: one more edit weighs more than any population difference.
FUZZY_POPULATION_WEIGHT = 0.005
FUZZY_MIN_SIMILARITY = 0.75
# A typo is looked for only in names this long (as skeletons): shorter ones have too many
# neighbours one edit away for a guess to mean anything.
FUZZY_MIN_LENGTH = 5
FUZZY_CANDIDATES = 25
# A typo's score never reaches CONFIDENT_SCORE: it is a suggestion, never an answer.
FUZZY_MAX_QUALITY = 0.7
QUALIFIER_PENALTY = 0.2
MAX_QUERY_LENGTH = 200
# A first word shared by more names than this ("Saint", "Novo") says nothing on its own.
FIRST_WORD_MAX_HITS = 300
# A result is confident when its score reaches this and nothing else is as likely.
CONFIDENT_SCORE = 0.85
# Regions and countries rank as if ten times smaller than they are: "Kharkiv" is the city
# before the oblast, "Lebanon" the country before Lebanon, Pennsylvania.
AREA_DECADES = 1
TOWN_BEFORE_AREA_DECADES = 3
AREA_SOUND_ALIKE_DECADES = 5
# A query this short ("Po", "Gao") is confidently a place only by its main name: short other
# names are often abbreviations or syllables of other languages' names.
SHORT_QUERY_LETTERS = 4

# Scripts whose names get loose (skeleton, first-word, typo) keys: transliterations of Arabic,
# Chinese or Hebrew spellings are too far from anything a Latin or Cyrillic typist writes.
_FUZZY_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
# Countries whose names are romanised from Arabic script, where consonant keys are indexed.
LOOSE_COUNTRIES = frozenset(
    [
        "AE",
        "AF",
        "BH",
        "DJ",
        "DZ",
        "EG",
        "EH",
        "EY",
        "IQ",
        "IR",
        "JO",
        "KM",
        "KW",
        "LB",
        "LY",
        "MA",
        "ML",
        "MR",
        "NE",
        "OM",
        "PK",
        "PS",
        "QA",
        "SA",
        "SD",
        "SO",
        "SS",
        "SY",
        "TD",
        "TN",
        "YE",
        "ER",
        "ET",
        "BF",
    ]
)

_LETTER = re.compile(r"[^\W\d_]")

SETTLEMENT, REGION, COUNTRY = "settlement", "region", "country"
KINDS = (SETTLEMENT, REGION, COUNTRY)

# How a result matched, from the most to the least certain.
HOW_EXACT = "exact"  # the place's main name
HOW_ALTERNATE = "alternate"  # another of its names: other languages and scripts
HOW_FORMER = "former"  # a name it had before a renaming, or a spelling of one
HOW_TRANSLITERATION = "transliteration"  # another spelling of one of its names
HOW_PARTIAL = "partial"  # the first word of a longer name
HOW_TYPO = "typo"  # one or two letters off


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    geonames_id: int
    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1_code: str
    population: int
    alternate_names: tuple[str, ...] = ()
    kind: str = SETTLEMENT
    admin1: str = ""  # the region's name
    # Those of its alternate names that it had before a renaming (also in alternate_names).
    former_names: tuple[str, ...] = ()

    @property
    def precision(self) -> str:
        """Return how exactly a point for this entry is known: settlement, region or country."""
        return self.kind


@dataclass(frozen=True, slots=True)
class Match:
    entry: GazetteerEntry
    matched_name: str
    quality: float
    score: float
    unmet_qualifiers: int
    how: str = HOW_EXACT
    distance_km: float | None = None


@dataclass(frozen=True, slots=True)
class Lookup:
    """The answer to a phrase: its ranked matches and whether the first one stands out."""

    matches: list[Match]
    ambiguous: bool

    @property
    def confident(self) -> bool:
        """Return True when the first match can be taken without asking."""
        return (
            bool(self.matches) and not self.ambiguous and self.matches[0].score >= (CONFIDENT_SCORE)
        )


@dataclass(frozen=True, slots=True)
class Qualifiers:
    """What a query's qualifiers say: the regions and countries it may be in."""

    regions: frozenset[tuple[str, str]] = frozenset()
    countries: frozenset[str] = frozenset()
    count: int = 0

    def unmet(self, entry: GazetteerEntry) -> int:
        """Return how many recognised qualifiers the entry does not satisfy."""
        unmet = 0
        if self.regions and (entry.country_code, entry.admin1_code) not in self.regions:
            unmet += 1
        if self.countries and entry.country_code not in self.countries:
            unmet += 1
        return unmet


def _written_by_people(name: str) -> bool:
    """Return True for a Latin, Cyrillic or Greek name as people write it. GeoNames also lists
    all-lowercase machine romanisations of Arabic, Thai or Chinese names ("kx rx stæy");
    they are kept for exact lookup only, as their loose keys would match noise."""
    if name == name.lower():
        return False
    first = _LETTER.search(name)
    if first is None:
        return False
    letter = first.group()
    return letter.isascii() or unicodedata.name(letter, "").split(" ", 1)[0] in _FUZZY_SCRIPTS


def _shorter_heads(head: str, read_qualifiers):
    """Yield (shorter name, trailing words as qualifiers) for a name with trailing words that
    name a region ("Izium Kharkiv Oblast") or only say what it is ("Perevalsk prison",
    "Kharkiv city"), longest first."""
    words = head.split()
    for cut in range(len(words) - 1, 0, -1):
        tail = " ".join(words[cut:])
        if read_qualifiers([tail]).count:
            yield " ".join(words[:cut]), [tail]
        elif all(names.is_generic_word(word) for word in words[cut:]):
            yield " ".join(words[:cut]), []


# Storage ----------------------------------------------------------------------------------

# geonames_id, latitude, longitude, population, kind, country, names offset, names length,
# number of the first former name (0: none; former names are stored last)
_RECORD = struct.Struct("<IddQB2sQIH")
# One record per key: (entry position, number of the name: 0 is the main name).
_KEY_FORMAT = "<IH"
_EXACT, _SKELETON, _FIRST_WORD, _FIRST_SPELLING, _LOOSE, _QUALIFIER = "e", "s", "w", "f", "l", "q"
_ARTICLE = "a"
_ABJAD = "c"  # the consonant keys that an Arabic-script name is looked up by (places.mentions)
# Towns of at least this many people get abjad keys for their Latin names: an Arabic text
# names a foreign town only if it is large, and below this the keys would be mostly noise.
ABJAD_MIN_POPULATION = 15_000
_SEPARATOR = "\x1f"
_FILES = ("keys.marisa", "skeletons.marisa", "records.bin", "names.bin", "cells.bin")
_CELLS = 180 * 360
_CELL = struct.Struct("<I")


def _cell(latitude: float, longitude: float) -> int:
    band = min(max(int(math.floor(latitude + 90)), 0), 179)
    return band * 360 + int(math.floor(longitude + 180)) % 360


def _clean(text: str) -> str:
    return str(text).replace(_SEPARATOR, " ").strip()


def _keys_of(
    position: int, entry: GazetteerEntry, cache: dict, loose: bool
) -> Iterator[tuple[str, tuple[int, int]]]:
    """Yield the keys of an entry's names. `cache` keeps the folds and skeletons of names seen
    before: many places share names, and computing keys is most of the build's time."""
    seen = set()
    abjad = entry.kind == SETTLEMENT and entry.population >= ABJAD_MIN_POPULATION
    for number, name in enumerate((entry.name, *entry.alternate_names)):
        folded = cache.get(name)
        if folded is None:
            folded = cache[name] = names.exact_key.__wrapped__(name)
        if not folded:
            continue
        record = (position, number)
        # Every spelling keeps its exact key, so that the match reports the one the query
        # used ("Тестівка", not "Testivka"); looser keys once per folded spelling.
        yield _EXACT + folded, record
        if folded in seen:
            continue
        seen.add(folded)
        if entry.kind != SETTLEMENT:
            yield _QUALIFIER + names.region_key(name), record
        if abjad and names.script_of(name) == "LATIN":
            key = names.abjad_key(name)
            if len(key) >= names.ABJAD_MIN_CONSONANTS:
                yield _ABJAD + key, (position, 0)
        if not _written_by_people(name):
            continue
        skeleton = cache.get(("s", folded))
        if skeleton is None:
            skeleton = cache[("s", folded)] = names.skeleton_of_fold(folded, names.DEFAULT_READING)
        yield _SKELETON + skeleton, record
        parts = folded.split()
        if len(parts) > 1 and len(parts[0]) >= 4:
            yield _FIRST_WORD + names.skeleton_of_fold(parts[0], names.DEFAULT_READING), record
            yield _FIRST_SPELLING + parts[0], record
        if loose:
            key = names.loose_key(folded)
            if key:
                yield _LOOSE + key, record
            key = names.article_key(folded)
            if key and key != skeleton:
                yield _ARTICLE + key, record
    if entry.kind == COUNTRY:
        yield _QUALIFIER + entry.country_code.lower(), (position, 0)


def _former_last(entry: GazetteerEntry) -> GazetteerEntry:
    """Return the entry with its former names after its other alternate names (and among them)."""
    if not entry.former_names:
        return entry
    former = tuple(dict.fromkeys(entry.former_names))  # _first_former counts them
    rest = tuple(name for name in entry.alternate_names if name not in former)
    return replace(entry, alternate_names=rest + former, former_names=former)


def _first_former(entry: GazetteerEntry) -> int:
    """Return the number of the entry's first former name (0 is the main name), 0 if none."""
    if not entry.former_names:
        return 0
    return 1 + len(entry.alternate_names) - len(entry.former_names)


def _sorted_entries(entries: Iterable[GazetteerEntry]) -> list[GazetteerEntry]:
    """Settlements by cell (for `nearest`), then regions, then countries."""
    return sorted(
        entries,
        key=lambda entry: (
            KINDS.index(entry.kind),
            _cell(entry.latitude, entry.longitude) if entry.kind == SETTLEMENT else 0,
            -entry.population,
            entry.geonames_id,
        ),
    )


def build_files(entries: Iterable[GazetteerEntry]) -> dict[str, bytes]:
    """Return the index's files, by name, for the given entries."""
    ordered = _sorted_entries(_former_last(entry) for entry in entries)
    records = bytearray()
    blob = bytearray()
    cell_counts = [0] * (_CELLS + 1)
    keys: list[tuple[str, tuple[int, int]]] = []
    fold_cache: dict[str, str] = {}
    for position, entry in enumerate(ordered):
        strings = [entry.name, entry.admin1, entry.admin1_code, *entry.alternate_names]
        joined = _SEPARATOR.join(strings)
        if joined.count(_SEPARATOR) != len(strings) - 1:
            joined = _SEPARATOR.join(_clean(text) for text in strings)
        encoded = joined.encode()
        records += _RECORD.pack(
            entry.geonames_id,
            entry.latitude,
            entry.longitude,
            entry.population,
            KINDS.index(entry.kind),
            entry.country_code.encode()[:2],
            len(blob),
            len(encoded),
            _first_former(entry),
        )
        blob += encoded
        if entry.kind == SETTLEMENT:
            cell_counts[_cell(entry.latitude, entry.longitude) + 1] += 1
        keys.extend(_keys_of(position, entry, fold_cache, entry.country_code in LOOSE_COUNTRIES))
    starts = bytearray()
    total = 0
    for count in cell_counts:
        total += count
        starts += _CELL.pack(total)
    skeletons = {key[1:] for key, _ in keys if key[0] == _SKELETON}
    return {
        "keys.marisa": marisa_trie.RecordTrie(_KEY_FORMAT, keys).tobytes(),
        "skeletons.marisa": marisa_trie.Trie(
            skeleton for skeleton in skeletons if len(skeleton) >= FUZZY_MIN_LENGTH - 1
        ).tobytes(),
        "records.bin": bytes(records),
        "names.bin": bytes(blob),
        "cells.bin": bytes(starts),
    }


def write_index(entries: Iterable[GazetteerEntry], directory: str | os.PathLike) -> Path:
    """Write the index of `entries` into `directory` (created; its files replaced)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in build_files(entries).items():
        (directory / name).write_bytes(content)
    return directory


def _mapped(path: Path):
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return b""
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


# The index --------------------------------------------------------------------------------


class GazetteerIndex:
    """Entries under their exact, skeleton, first-word and consonant keys, in tries; the
    entries themselves as packed records read on demand."""

    def __init__(self, entries: Iterable[GazetteerEntry] | None = None, *, files=None):
        if files is None:
            files = build_files(entries or ())
            keys = marisa_trie.RecordTrie(_KEY_FORMAT).frombytes(files["keys.marisa"])
            skeletons = marisa_trie.Trie().frombytes(files["skeletons.marisa"])
        else:
            keys, skeletons = files["keys.marisa"], files["skeletons.marisa"]
        self._keys = keys
        self._skeletons = skeletons
        self._records = files["records.bin"]
        self._names = files["names.bin"]
        self._cells = files["cells.bin"]
        self._length = len(self._records) // _RECORD.size
        self._areas = self._read_areas()

    @classmethod
    def open(cls, directory: str | os.PathLike) -> GazetteerIndex:
        """Return the index written in `directory`, memory-mapped (shared between processes)."""
        directory = Path(directory)
        keys = marisa_trie.RecordTrie(_KEY_FORMAT)
        keys.mmap(str(directory / "keys.marisa"))
        skeletons = marisa_trie.Trie()
        skeletons.mmap(str(directory / "skeletons.marisa"))
        files = {name: _mapped(directory / name) for name in _FILES[2:]}
        return cls(files={"keys.marisa": keys, "skeletons.marisa": skeletons, **files})

    def __len__(self) -> int:
        return self._length

    # Entries ------------------------------------------------------------------------------

    def _record(self, position: int) -> tuple:
        return _RECORD.unpack_from(self._records, position * _RECORD.size)

    def _strings(self, record: tuple) -> list[str]:
        offset, length = record[6], record[7]
        return bytes(self._names[offset : offset + length]).decode().split(_SEPARATOR)

    def entry(self, position: int) -> GazetteerEntry:
        """Return the entry stored at `position`."""
        record = self._record(position)
        name, admin1, admin1_code, *alternates = self._strings(record)
        first_former = record[8]
        return GazetteerEntry(
            geonames_id=record[0],
            name=name,
            latitude=record[1],
            longitude=record[2],
            country_code=record[5].decode(),
            admin1_code=admin1_code,
            population=record[3],
            alternate_names=tuple(alternates),
            kind=KINDS[record[4]],
            admin1=admin1,
            former_names=tuple(alternates[first_former - 1 :]) if first_former else (),
        )

    @property
    def entries(self) -> Sequence[GazetteerEntry]:
        """Every entry by position, settlements first, each read when asked for."""
        return _Entries(self)

    def abjad_positions(self, key: str) -> list[int]:
        """Return the positions of the towns of ABJAD_MIN_POPULATION people or more that have
        a Latin name with this abjad key (`places.names.abjad_key`), in index order."""
        return sorted({position for position, _ in self._keys.get(_ABJAD + key, ())})

    @property
    def exact(self) -> _Keys:
        """The exact keys (folded names), for `key in index.exact`."""
        return _Keys(self._keys, _EXACT)

    @property
    def skeletons(self) -> _Keys:
        """The skeleton keys, for `key in index.skeletons`."""
        return _Keys(self._keys, _SKELETON)

    @property
    def first_words(self) -> _Keys:
        """The skeletons of first words of longer names, for `key in index.first_words`."""
        return _Keys(self._keys, _FIRST_WORD)

    def _name(self, position: int, number: int) -> str:
        strings = self._strings(self._record(position))
        return strings[0] if number == 0 else strings[number + 2]

    def _read_areas(self) -> dict[tuple[str, str], list[int]]:
        """Return the positions of regions ((country, admin1 code)) and countries ((country,
        "")), found after the settlements."""
        areas: dict[tuple[str, str], list[int]] = {}
        for position in range(self._settlement_count(), len(self)):
            record = self._record(position)
            country_code = record[5].decode()
            admin1_code = self._strings(record)[2] if KINDS[record[4]] == REGION else ""
            areas.setdefault((country_code, admin1_code), []).append(position)
        return areas

    def _settlement_count(self) -> int:
        return _CELL.unpack_from(self._cells, _CELLS * _CELL.size)[0] if self._cells else 0

    def counts(self) -> dict[str, int]:
        """Return how many entries of each kind the index holds."""
        counts = dict.fromkeys(KINDS, 0)
        counts[SETTLEMENT] = self._settlement_count()
        for position in range(self._settlement_count(), len(self)):
            counts[KINDS[self._record(position)[4]]] += 1
        return counts

    def area(
        self, country_code: str, admin1_code: str = "", name: str = ""
    ) -> GazetteerEntry | None:
        """Return the region (or, with no admin1 code, the country) with these codes; the one
        called `name` when several regions share a GeoNames code."""
        positions = self._areas.get((country_code, admin1_code), [])
        entries = [self.entry(position) for position in positions]
        named = [entry for entry in entries if name and entry.name == name]
        return (named or entries or [None])[0]

    # Qualifiers ---------------------------------------------------------------------------

    def read_qualifiers(self, parts: Iterable[str]) -> Qualifiers:
        """Return the regions and countries named by qualifier texts; unknown ones are
        ignored."""
        regions: set[tuple[str, str]] = set()
        countries: set[str] = set()
        count = 0
        for part in parts:
            key = names.region_key(part)
            hits = self._keys.get(_QUALIFIER + key) if key else None
            if not hits:
                continue
            found_countries = set()
            found_regions = set()
            for position, _ in hits:
                record = self._record(position)
                country_code = record[5].decode()
                if KINDS[record[4]] == COUNTRY:
                    found_countries.add(country_code)
                else:
                    found_regions.add((country_code, self._strings(record)[2]))
            # A country's name outweighs a region's of the same spelling ("Lebanon").
            if found_countries:
                countries |= found_countries
            else:
                regions |= found_regions
            count += 1
        return Qualifiers(frozenset(regions), frozenset(countries), count)

    # Search -------------------------------------------------------------------------------

    def lookup(self, phrase: str, limit: int = 5) -> Lookup:
        """Return the ranked matches of a phrase and whether the answer is ambiguous: when
        another candidate, not the region or country around the first, matched as well and is
        about as big (17 villages called Novoselivka), or matched the spelling exactly where
        the first only sounds alike."""
        matches = self.search(phrase, max(limit, 2))
        ambiguous = False
        if len(matches) > 1:
            best = matches[0]
            for other in matches[1:]:
                if _contains(other.entry, best.entry) or _contains(best.entry, other.entry):
                    continue
                ambiguous = other.unmet_qualifiers == best.unmet_qualifiers and (
                    (
                        other.quality >= best.quality
                        and _magnitude(other.entry) > _magnitude(best.entry) - 1
                    )
                    # A bigger place that only sounds like the query ("Masha": Massa) is a guess
                    # when another is spelled exactly so (Mashah's "Masha").
                    or other.quality >= QUALITY_EXACT > best.quality
                )
                break
        if ambiguous:
            matches = [_capped(match, CONFIDENT_SCORE - 0.05) for match in matches]
        return Lookup(matches[: max(limit, 0)], ambiguous)

    def search(self, query: str, limit: int = 5) -> list[Match]:
        """Return up to `limit` matches for a query, best first."""
        head, qualifier_parts = names.split_qualifiers(str(query)[:MAX_QUERY_LENGTH])
        matches = self._search(head, qualifier_parts, limit)
        if len(names.exact_key(head).replace(" ", "")) < SHORT_QUERY_LETTERS:
            matches = [
                match if match.how == HOW_EXACT else _capped(match, CONFIDENT_SCORE - 0.05)
                for match in matches
            ]
        return matches

    def _search(self, head: str, qualifier_parts: tuple[str, ...], limit: int) -> list[Match]:
        qualifiers = self.read_qualifiers(qualifier_parts)
        # How many of a place's names share the query's skeleton: when GeoNames lists a name
        # under two places, the one known by it in more languages is the likelier.
        support: dict[int, int] = {}
        found = self._candidates(head, support)
        if not self._agree(qualifiers, found):
            for shorter, tail in _shorter_heads(head, self.read_qualifiers):
                tail_qualifiers = self.read_qualifiers([*qualifier_parts, *tail])
                shorter_found = self._candidates(shorter, support)
                if self._agree(tail_qualifiers, shorter_found):
                    found, qualifiers = shorter_found, tail_qualifiers
                    break
        if not self._agree(qualifiers, found):
            self._add_fuzzy(head, found)
        return self._rank(found, qualifiers, support, limit)

    def _agree(self, qualifiers: Qualifiers, found: dict) -> bool:
        """Return True if any found place satisfies every recognised qualifier."""
        if not found:
            return False
        if not qualifiers.count:
            return True
        return any(not qualifiers.unmet(self._light_entry(position)) for position in found)

    def _light_entry(self, position: int) -> GazetteerEntry:
        """The entry without its alternate names (enough to rank it)."""
        record = self._record(position)
        name, admin1, admin1_code = self._strings(record)[:3]
        return GazetteerEntry(
            record[0],
            name,
            record[1],
            record[2],
            record[5].decode(),
            admin1_code,
            record[3],
            kind=KINDS[record[4]],
            admin1=admin1,
        )

    def _candidates(self, head: str, support: dict[int, int]) -> dict[int, tuple]:
        """Return the places a name matches by exact key, skeleton, consonants or first word:
        position -> (quality, name number, how)."""
        found: dict[int, tuple] = {}

        def add(hits, quality, how):
            for position, number in hits:
                if found.get(position, (0.0,))[0] < quality:
                    found[position] = (quality, number, how)

        folded = names.exact_key(head)
        if not folded:
            return found
        exact = self._keys.get(_EXACT + folded, [])
        # Report the spelling the query used when the place has several with one key.
        as_written = head.strip().casefold()
        exact.sort(key=lambda hit: self._name(*hit).casefold() != as_written)
        for position, number in exact:
            add([(position, number)], QUALITY_EXACT, HOW_EXACT if number == 0 else HOW_ALTERNATE)
        if not folded.isascii():
            return found  # a name in Arabic, Hebrew, Chinese… script: as written, or nothing
        variants = names.skeleton_variants(head)
        same_skeleton = self._keys.get(_SKELETON + variants[0], [])
        add(same_skeleton, QUALITY_SKELETON, HOW_TRANSLITERATION)
        for position, _ in same_skeleton:
            support[position] = support.get(position, 0) + 1
        for variant in variants[1:]:
            add(self._keys.get(_SKELETON + variant, []), QUALITY_OTHER_READING, HOW_TRANSLITERATION)
        latin = names.script_of(head) == "LATIN"
        article = names.article_key(folded) if latin else ""
        if article:
            # "El-Mayadin" for Al Mayadin: names written with "al" have that skeleton already,
            # the others ("Ad Dindar") an article key; only where names are romanised Arabic.
            hits = self._keys.get(_ARTICLE + article, []) + [
                hit
                for hit in self._keys.get(_SKELETON + article, [])
                if self._record(hit[0])[5].decode() in LOOSE_COUNTRIES
            ]
            add(hits, QUALITY_SKELETON, HOW_TRANSLITERATION)
        loose = names.loose_key(folded) if latin else ""
        if loose:
            # Romanisations of Arabic are written in Latin letters; and a village whose
            # consonants happen to agree is noise, so only towns.
            hits = self._keys.get(_LOOSE + loose, [])
            towns = [hit for hit in hits if self._record(hit[0])[3] >= LOOSE_MIN_POPULATION]
            add(towns, QUALITY_LOOSE, HOW_TRANSLITERATION)
        if " " not in folded:
            # A report may shorten "Krasnyi Luch" to "Krasnyi": nearly as good as a full match.
            same_spelling = self._keys.get(_FIRST_SPELLING + folded, [])
            if len(same_spelling) <= FIRST_WORD_MAX_HITS:
                add(same_spelling, QUALITY_FIRST_WORD_SAME, HOW_PARTIAL)
            same_sound = self._keys.get(_FIRST_WORD + variants[0], [])
            if len(same_sound) <= FIRST_WORD_MAX_HITS:
                add(same_sound, QUALITY_FIRST_WORD, HOW_PARTIAL)
        return found

    def _add_fuzzy(self, head: str, found: dict[int, tuple]) -> None:
        """Add the places with a name one or two edits off, found by skeleton and then checked
        on the letters themselves: a skeleton forgets which sibilant or vowel was written, so
        nonsense ("Zzyzzogrof") can land one edit from a real skeleton."""
        skeleton = names.skeleton(head)
        folded = names.fold(head).replace(" ", "")
        if len(skeleton) < FUZZY_MIN_LENGTH or not names.exact_key(head).isascii():
            return
        pool = self._skeletons.keys(skeleton[:2])
        for candidate, _, _ in process.extract(
            skeleton,
            pool,
            scorer=OSA.normalized_similarity,
            score_cutoff=FUZZY_MIN_SIMILARITY,
            limit=FUZZY_CANDIDATES,
        ):
            for position, number in self._keys.get(_SKELETON + candidate, []):
                name = names.fold(self._name(position, number)).replace(" ", "")
                similarity = OSA.normalized_similarity(folded, name)
                if similarity < FUZZY_MIN_SIMILARITY:
                    continue
                population = self._record(position)[3]
                quality = QUALITY_FUZZY_SCALE * similarity + FUZZY_POPULATION_WEIGHT * (
                    math.log10(population + 1)
                )
                quality = min(quality, FUZZY_MAX_QUALITY)
                if found.get(position, (0.0,))[0] < quality:
                    found[position] = (quality, number, HOW_TYPO)

    def _rank(
        self,
        found: dict[int, tuple],
        qualifiers: Qualifiers,
        support: dict[int, int],
        limit: int,
    ) -> list[Match]:
        ranked = []
        entries = {position: self._light_entry(position) for position in found}
        # A region or country whose name is also that of a town inside it that matched as well
        # ("Nikolayev", "Gaza", "Tombouctou") comes after the town: the town is what reports
        # mean by it.
        named_towns = {
            key
            for position, (quality, *_) in found.items()
            if quality >= QUALITY_SKELETON and entries[position].kind == SETTLEMENT
            for key in (
                (entries[position].country_code, entries[position].admin1_code),
                (entries[position].country_code, ""),
            )
        }
        for position, (quality, number, how) in found.items():
            entry = entries[position]
            unmet = qualifiers.unmet(entry)
            # Exact spellings, skeleton matches and same-spelled first words form one tier of
            # match quality; inside it, a lesser match costs population: 0.05 of quality is
            # worth a factor of ten ("Nikolayev" is the city Mykolaiv, spelled "Nikolaev" in
            # GeoNames, before a town of 15,000 that lists "Nikolayev" exactly).
            strong = quality >= QUALITY_FIRST_WORD_SAME
            tier = QUALITY_EXACT if strong else quality
            magnitude = _magnitude(entry)
            if entry.kind != SETTLEMENT and (entry.country_code, entry.admin1_code) in named_towns:
                magnitude -= TOWN_BEFORE_AREA_DECADES
            if entry.kind != SETTLEMENT and quality < QUALITY_EXACT:
                # A region or country is known by the names it is given; a name that merely
                # sounds like one ("Sīnā", China) must not win on its population.
                magnitude = min(magnitude, AREA_SOUND_ALIKE_DECADES)
            if strong:
                magnitude -= (QUALITY_EXACT - quality) * DECADES_PER_QUALITY
            first_former = self._record(position)[8]
            former = bool(first_former) and number >= first_former
            if former and how in (HOW_ALTERNATE, HOW_TRANSLITERATION):
                how = HOW_FORMER
            # Then, within an order of magnitude, a place that is *called* this now beats one
            # that once was or is so called abroad (Pokrovsk, not Engels). A former name weighs
            # as much as a foreign one: reports name a town by its old name as often as
            # by an exonym ("Artemovsk" is Bakhmut before a Russian village of that size).
            ranked.append(
                (unmet, -tier, -round(magnitude), -quality, number != 0, entry.kind != SETTLEMENT)
                + (-support.get(position, 0),)
                + (-entry.population, entry.geonames_id)
                + (position, number, quality, how)
            )
        best = heapq.nsmallest(max(limit, 0), ranked)
        return [
            Match(
                entry=self.entry(position),
                matched_name=self._name(position, number),
                quality=round(quality, 3),
                score=round(quality * (1 - QUALIFIER_PENALTY * unmet), 3),
                unmet_qualifiers=unmet,
                how=how,
            )
            for unmet, *_, position, number, quality, how in best
        ]

    # Reverse geocoding --------------------------------------------------------------------

    def nearest(self, latitude: float, longitude: float, limit: int = 5) -> list[Match]:
        """Return the settlements nearest to a point, nearest first, with their distance."""
        if not self._cells or limit <= 0:
            return []
        band, column = _cell(latitude, longitude) // 360, _cell(latitude, longitude) % 360
        candidates: list[tuple[float, int]] = []
        # Rings of one-degree cells around the point, until a ring past the first one that
        # held enough places (about 110 km a ring; 12 rings reach most coasts from the sea).
        enough_at = None
        for ring in range(13):
            for row in range(band - ring, band + ring + 1):
                if not 0 <= row < 180:
                    continue
                for col in range(column - ring, column + ring + 1):
                    if (
                        ring
                        and row not in (band - ring, band + ring)
                        and col
                        not in (
                            column - ring,
                            column + ring,
                        )
                    ):
                        continue
                    cell = row * 360 + col % 360
                    start = _CELL.unpack_from(self._cells, cell * _CELL.size)[0]
                    end = _CELL.unpack_from(self._cells, (cell + 1) * _CELL.size)[0]
                    for position in range(start, end):
                        record = self._record(position)
                        distance = distance_km(latitude, longitude, record[1], record[2])
                        candidates.append((distance, position))
            if enough_at is None and len(candidates) >= limit:
                enough_at = ring
            if enough_at is not None and ring > enough_at:
                break
        return [
            Match(
                entry=self.entry(position),
                matched_name="",
                quality=0.0,
                score=0.0,
                unmet_qualifiers=0,
                how="nearest",
                distance_km=round(distance, 2),
            )
            for distance, position in heapq.nsmallest(limit, candidates)
        ]


class _Entries(Sequence):
    def __init__(self, index: GazetteerIndex):
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self._index.entry(i) for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        return self._index.entry(position)


class _Keys:
    """Membership in one kind of key of the index's trie."""

    def __init__(self, trie, prefix: str):
        self._trie, self._prefix = trie, prefix

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (self._prefix + key) in self._trie


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points, in km."""
    radians = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * radians / 2) ** 2
        + math.cos(lat1 * radians)
        * math.cos(lat2 * radians)
        * math.sin((lon2 - lon1) * radians / 2) ** 2
    )
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


def _capped(match: Match, score: float) -> Match:
    """Return the match with its score no higher than `score`."""
    return replace(match, score=min(match.score, round(score, 3)))


def _magnitude(entry: GazetteerEntry) -> float:
    magnitude = math.log10(entry.population + 1)
    return magnitude - AREA_DECADES if entry.kind != SETTLEMENT else magnitude


def _contains(area: GazetteerEntry, entry: GazetteerEntry) -> bool:
    """Return True if `area` is the region or country `entry` lies in."""
    if area.kind == COUNTRY:
        return entry.country_code == area.country_code and entry.kind != COUNTRY
    if area.kind == REGION:
        return entry.kind == SETTLEMENT and (entry.country_code, entry.admin1_code) == (
            area.country_code,
            area.admin1_code,
        )
    return False
