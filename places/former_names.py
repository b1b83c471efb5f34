"""Former names of towns and countries, which the gazetteer reports as `former` matches. Pure
module, no Django inside.

GeoNames lists a place's former names among its other names without saying which they are
(Yangon's "Rangoon" sits beside the French "Rangoun"), so they are marked here:

- **Countries**: ISO 3166-3, the standard's list of country names withdrawn, as `pycountry`
  ships it. A withdrawn name is a former name of a country when the standard names that
  country as its successor (the last two letters of its four-letter code: BUMM, Burma → MM)
  and the country kept its numeric code (UN M49): a country renamed keeps its number (Burma
  and Myanmar are both 104), one merged into another or split does not (Sikkim is not a former
  name of India, nor the Gilbert and Ellice Islands of Kiribati).
- **Towns**: the table below, for the countries this project documents most. Each row is a
  renaming by law or decree, with its year and where it is recorded; the town is named by its
  GeoNames id. A spelling of a former name GeoNames lists ("Artemovsk", "Артемовск" for
  "Artemivsk") counts as former too: every one of the town's names with the same phonetic
  skeleton is marked. The rows are written from the acts they name, whose outcomes are widely
  recorded (each town's encyclopaedia entry), not copied from a dataset: each can be checked
  against its act.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

import pycountry


class Renaming(NamedTuple):
    geonames_id: int
    name: str  # the town's name today (GeoNames' main name), for readers and a test
    former: tuple[str, ...]  # its former names, in the spellings reports use
    year: int  # the year of the (last) renaming
    source: str


UKRAINE_2016 = (
    "Resolutions of the Verkhovna Rada of February-July 2016 under the decommunisation law of "
    "9 April 2015 (No. 317-VIII)"
)
SOVIET = "Decrees of the Presidium of the Supreme Soviet of the Soviet republic concerned"
RUSSIA_1990S = "Renamings by the RSFSR and the Russian Federation, 1990-1991"
MYANMAR_1989 = "Adaptation of Expression Law, State Law and Order Restoration Council, 18 June 1989"
CONGO_1966 = "Renaming of the cities with colonial names by President Mobutu, 1966"

TOWNS = (
    # Ukraine: the decommunisation renamings of 2016.
    Renaming(713174, "Bakhmut", ("Artemivsk", "Artemovsk", "Artyomovsk"), 2016, UKRAINE_2016),
    Renaming(709930, "Dnipro", ("Dnipropetrovsk", "Dnepropetrovsk"), 2016, UKRAINE_2016),
    Renaming(705812, "Kropyvnytskyi", ("Kirovohrad", "Kirovograd"), 2016, UKRAINE_2016),
    Renaming(692975, "Kadiyivka", ("Stakhanov",), 2016, UKRAINE_2016),
    Renaming(704202, "Khrustalnyi", ("Krasnyi Luch", "Krasny Luch"), 2016, UKRAINE_2016),
    Renaming(692105, "Dovzhansk", ("Sverdlovsk",), 2016, UKRAINE_2016),
    Renaming(704422, "Pokrovsk", ("Krasnoarmiisk", "Krasnoarmeysk"), 2016, UKRAINE_2016),
    Renaming(709354, "Toretsk", ("Dzerzhynsk", "Dzerzhinsk"), 2016, UKRAINE_2016),
    Renaming(710035, "Myrnohrad", ("Dymytrov", "Dimitrov"), 2016, UKRAINE_2016),
    Renaming(707688, "Chornomors’k", ("Illichivsk", "Ilyichevsk"), 2016, UKRAINE_2016),
    Renaming(6559559, "Horishni Plavni", ("Komsomolsk",), 2016, UKRAINE_2016),
    Renaming(698436, "Pokrov", ("Ordzhonikidze",), 2016, UKRAINE_2016),
    Renaming(704679, "Podilsk", ("Kotovsk",), 2016, UKRAINE_2016),
    Renaming(691037, "Oleshky", ("Tsiurupynsk", "Tsyurupinsk"), 2016, UKRAINE_2016),
    Renaming(705809, "Holubivka", ("Kirovsk",), 2016, UKRAINE_2016),
    Renaming(709932, "Kamyanske", ("Dniprodzerzhynsk", "Dneprodzerzhinsk"), 2016, UKRAINE_2016),
    # Ukraine: Soviet renamings.
    Renaming(709717, "Donetsk", ("Stalino", "Yuzovka", "Hughesovka"), 1961, SOVIET),
    Renaming(702658, "Luhansk", ("Voroshilovgrad", "Voroshylovhrad"), 1990, SOVIET),
    Renaming(701822, "Mariupol", ("Zhdanov",), 1989, SOVIET),
    Renaming(713716, "Alchevsk", ("Kommunarsk", "Voroshilovsk"), 1991, SOVIET),
    Renaming(706369, "Khmelnytskyi", ("Proskuriv", "Proskurov"), 1954, SOVIET),
    Renaming(707471, "Ivano-Frankivsk", ("Stanislav", "Stanislaviv"), 1962, SOVIET),
    # Russia.
    Renaming(498817, "Saint Petersburg", ("Leningrad", "Petrograd"), 1991, RUSSIA_1990S),
    Renaming(472757, "Volgograd", ("Stalingrad", "Tsaritsyn"), 1961, SOVIET),
    Renaming(1486209, "Yekaterinburg", ("Sverdlovsk",), 1991, RUSSIA_1990S),
    Renaming(499099, "Samara", ("Kuybyshev", "Kuibyshev"), 1991, RUSSIA_1990S),
    Renaming(520555, "Nizhniy Novgorod", ("Gorky", "Gorkiy"), 1990, RUSSIA_1990S),
    Renaming(480060, "Tver", ("Kalinin",), 1990, RUSSIA_1990S),
    # Armenia and Azerbaijan.
    Renaming(616635, "Gyumri", ("Leninakan", "Alexandropol"), 1990, SOVIET),
    Renaming(616530, "Vanadzor", ("Kirovakan",), 1993, "Decision of the Republic of Armenia, 1993"),
    Renaming(586523, "Ganja", ("Kirovabad", "Elisavetpol"), 1989, SOVIET),
    # Myanmar.
    Renaming(1298824, "Yangon", ("Rangoon",), 1989, MYANMAR_1989),
    Renaming(1295765, "Sittwe", ("Akyab",), 1989, MYANMAR_1989),
    Renaming(1308465, "Mawlamyine", ("Moulmein",), 1989, MYANMAR_1989),
    Renaming(1328421, "Pathein", ("Bassein",), 1989, MYANMAR_1989),
    Renaming(1300466, "Bago", ("Pegu",), 1989, MYANMAR_1989),
    Renaming(1299154, "Pyay", ("Prome",), 1989, MYANMAR_1989),
    Renaming(1293625, "Dawei", ("Tavoy",), 1989, MYANMAR_1989),
    Renaming(1309611, "Myeik", ("Mergui",), 1989, MYANMAR_1989),
    Renaming(1309937, "Pyin Oo Lwin", ("Maymyo",), 1989, MYANMAR_1989),
    # DR Congo.
    Renaming(2314302, "Kinshasa", ("Léopoldville", "Leopoldville"), 1966, CONGO_1966),
    Renaming(212730, "Kisangani", ("Stanleyville",), 1966, CONGO_1966),
    Renaming(922704, "Lubumbashi", ("Élisabethville", "Elisabethville"), 1966, CONGO_1966),
    Renaming(2312895, "Mbandaka", ("Coquilhatville",), 1966, CONGO_1966),
    Renaming(922741, "Likasi", ("Jadotville",), 1966, CONGO_1966),
    Renaming(217831, "Bukavu", ("Costermansville",), 1966, CONGO_1966),
    Renaming(209228, "Mbuji-Mayi", ("Bakwanga",), 1966, CONGO_1966),
    Renaming(214481, "Kananga", ("Luluabourg",), 1966, CONGO_1966),
    Renaming(215771, "Isiro", ("Paulis",), 1966, CONGO_1966),
    Renaming(214974, "Kalemie", ("Albertville",), 1966, CONGO_1966),
)

FORMER_TOWN_NAMES: dict[int, tuple[str, ...]] = {row.geonames_id: row.former for row in TOWNS}


def marked_former(
    names: Iterable[str], former: Iterable[str], skeleton
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a place's other names into (the rest, its former names): every name with the
    skeleton of a former one is former, and former names missing from `names` are added."""
    names = list(names)
    former = list(former)
    skeletons = {skeleton(name) for name in former}
    marked = [name for name in names if skeleton(name) in skeletons]
    listed = set(marked)
    rest = tuple(name for name in names if name not in listed)
    return rest, tuple(dict.fromkeys([*marked, *former]))


def former_country_names() -> Iterator[tuple[str, str]]:
    """Yield (current alpha-2 code, withdrawn name as ISO 3166-3 writes it) for each country
    renamed: its successor in the four-letter code, with the same numeric code."""
    for historic in pycountry.historic_countries:
        successor = pycountry.countries.get(alpha_2=historic.alpha_4[2:])
        numeric = getattr(historic, "numeric", None)
        if successor is not None and numeric and numeric == successor.numeric:
            yield successor.alpha_2, historic.name
