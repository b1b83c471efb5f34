"""Report passages written for this project (not quoted from any report), with the places and
dates each must yield. Used by the extraction tests and by `bench/extraction.py`.

Each place is the mention as written and the true point (GeoNames coordinates of the town);
each date is the phrase as written, the day or days the passage's event truly fell on
(`truth`) and the widest span the phrase allows (`window`): a reading is right when its span
covers the truth and stays inside the window.
"""

from __future__ import annotations

from typing import NamedTuple


class Place(NamedTuple):
    mention: str
    latitude: float
    longitude: float


class Date(NamedTuple):
    mention: str
    truth: str  # "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD"
    window: str  # "YYYY-MM-DD/YYYY-MM-DD"


class Passage(NamedTuple):
    text: str
    published: str | None
    places: tuple[Place, ...]
    dates: tuple[Date, ...]


KADIIVKA = (48.5682, 38.6435)
POPASNA = (48.6317, 38.371)
PEREVALSK = (48.4392, 38.8284)
BRIANKA = (48.511, 38.6722)
ALCHEVSK = (48.4691, 38.7974)
LUHANSK = (48.5681, 39.3055)
KHRUSTALNYI = (48.1424, 38.9237)
IZIUM = (49.207, 37.2768)
SVITLODARSK = (48.4337, 38.2233)
KYIV = (50.4547, 30.5238)
KHARKIV = (49.9818, 36.2548)
MARIUPOL = (47.0951, 37.5413)
SIEVIERODONETSK = (48.9441, 38.4875)
LYSYCHANSK = (48.9121, 38.4209)
BAKHMUT = (48.5942, 37.9989)
HORLIVKA = (48.2999, 38.0171)
DONETSK = (48.023, 37.8022)
ANTRATSYT = (48.1164, 39.0886)
ROVENKY = (48.0828, 39.377)
MELITOPOL = (46.8473, 35.382)
KHERSON = (46.6369, 32.6146)
NOVA_KAKHOVKA = (46.7597, 33.3559)
ENERHODAR = (47.4905, 34.662)
BERDIANSK = (46.7558, 36.7882)
SOROKYNE = (48.2933, 39.7333)
RUBIZHNE = (49.0085, 38.3797)


def _place(mention: str, point: tuple[float, float]) -> Place:
    return Place(mention, *point)


PASSAGES: tuple[Passage, ...] = (
    Passage(
        "At the end of March 2022 armed men detained at least four residents of Stakhanov "
        "and took them to an unknown location.",
        "2022-08-03",
        (_place("Stakhanov", KADIIVKA),),
        (Date("end of March 2022", "2022-03-29", "2022-03-15/2022-04-03"),),
    ),
    Passage(
        "In early July, relatives of a teacher from Kadiivka said she had been held for "
        "eleven days in the basement of a police building.",
        "2022-08-03",
        (_place("Kadiivka", KADIIVKA),),
        (Date("early July", "2022-07-04", "2022-06-28/2022-07-15"),),
    ),
    Passage(
        "Shelling destroyed the hospital in Popasna on 24.02.2022, according to the head of "
        "the district administration.",
        None,
        (_place("Popasna", POPASNA),),
        (Date("24.02.2022", "2022-02-24", "2022-02-24/2022-02-24"),),
    ),
    Passage(
        "Former inmates of the colony in Perevalsk described beatings in mid-May 2022 after a "
        "new commander arrived.",
        None,
        (_place("Perevalsk", PEREVALSK),),
        (Date("mid-May 2022", "2022-05-16", "2022-05-08/2022-05-24"),),
    ),
    Passage(
        "In June and July volunteers in Brianka were questioned repeatedly about their "
        "contacts abroad.",
        "2022-08-03",
        (_place("Brianka", BRIANKA),),
        (Date("June and July", "2022-06-15/2022-07-20", "2022-06-01/2022-07-31"),),
    ),
    Passage(
        "From March 7 to April 1 the water supply of Alchevsk was cut off several times.",
        "2022-08-03",
        (_place("Alchevsk", ALCHEVSK),),
        (Date("From March 7 to April 1", "2022-03-07/2022-04-01", "2022-03-07/2022-04-01"),),
    ),
    Passage(
        "Before 3 August 2022 at least twenty people from Lugansk had been sent to the front "
        "against their will.",
        "2022-08-10",
        (_place("Lugansk", LUHANSK),),
        (Date("Before 3 August 2022", "2022-06-01/2022-08-02", "1900-01-01/2022-08-02"),),
    ),
    Passage(
        "Earlier this month a journalist was detained in Krasnyi Luch and his equipment seized.",
        "2022-08-12",
        (_place("Krasnyi Luch", KHRUSTALNYI),),
        (Date("Earlier this month", "2022-08-05", "2022-08-01/2022-08-12"),),
    ),
    Passage(
        "Residents of Izium said that last week the remaining bridge was damaged again.",
        "2022-05-18",
        (_place("Izium", IZIUM),),
        (Date("last week", "2022-05-11", "2022-05-08/2022-05-17"),),
    ),
    Passage(
        "Yesterday two workers of the power plant near Svitlodarsk were injured by a mine.",
        "2022-06-21",
        (_place("Svitlodarsk", SVITLODARSK),),
        (Date("Yesterday", "2022-06-20", "2022-06-20/2022-06-20"),),
    ),
    Passage(
        "In summer 2022 several families left Sievierodonetsk and Lysychansk for the west.",
        None,
        (_place("Sievierodonetsk", SIEVIERODONETSK), _place("Lysychansk", LYSYCHANSK)),
        (Date("summer 2022", "2022-07-10", "2022-06-01/2022-08-31"),),
    ),
    Passage(
        "Late 2022 saw new checkpoints between Horlivka and Donetsk, witnesses told us.",
        None,
        (_place("Horlivka", HORLIVKA), _place("Donetsk", DONETSK)),
        (Date("Late 2022", "2022-11-15", "2022-09-01/2022-12-31"),),
    ),
    Passage(
        "Around 20 June 2022 the market in Bakhmut was hit while people queued for bread.",
        None,
        (_place("Bakhmut", BAKHMUT),),
        (Date("Around 20 June 2022", "2022-06-20", "2022-06-10/2022-06-30"),),
    ),
    Passage(
        "In Stajánov and Krasnyi, at the end of March 2022, searches targeted former miners.",
        "2022-08-03",
        (_place("Stajánov", KADIIVKA), _place("Krasnyi", KHRUSTALNYI)),
        (Date("end of March 2022", "2022-03-30", "2022-03-15/2022-04-03"),),
    ),
    Passage(
        "Début juillet, des habitants de Stakhanov ont été convoqués par la police.",
        "2022-08-03",
        (_place("Stakhanov", KADIIVKA),),
        (Date("Début juillet", "2022-07-05", "2022-06-28/2022-07-15"),),
    ),
    Passage(
        "Selon des témoins, la prison de Perevalsk a accueilli des civils le 12 avril 2022.",
        None,
        (_place("Perevalsk", PEREVALSK),),
        (Date("12 avril 2022", "2022-04-12", "2022-04-12/2022-04-12"),),
    ),
    Passage(
        "Fin mars, les liaisons entre Brianka et Alchevsk ont été interrompues.",
        "2022-08-03",
        (_place("Brianka", BRIANKA), _place("Alchevsk", ALCHEVSK)),
        (Date("Fin mars", "2022-03-28", "2022-03-15/2022-04-03"),),
    ),
    Passage(
        "Anfang März wurden in Mariupol Dutzende Zivilisten in einem Theater eingeschlossen.",
        "2022-08-03",
        (_place("Mariupol", MARIUPOL),),
        (Date("Anfang März", "2022-03-05", "2022-02-25/2022-03-15"),),
    ),
    Passage(
        "A principios de mayo de 2022 llegaron a Melitopol nuevos funcionarios.",
        None,
        (_place("Melitopol", MELITOPOL),),
        (Date("principios de mayo de 2022", "2022-05-05", "2022-04-25/2022-05-15"),),
    ),
    Passage(
        "اعتقل مسلحون عددا من سكان ستاخانوف ولوغانسك في 24.02.2022 حسب شهود.",
        None,
        (_place("ستاخانوف", KADIIVKA), _place("لوغانسك", LUHANSK)),
        (Date("24.02.2022", "2022-02-24", "2022-02-24/2022-02-24"),),
    ),
    Passage(
        "وفي ماريوبول وخاركيف تضررت مبان سكنية يوم 15.03.2022.",
        None,
        (_place("ماريوبول", MARIUPOL), _place("خاركيف", KHARKIV)),
        (Date("15.03.2022", "2022-03-15", "2022-03-15/2022-03-15"),),
    ),
    Passage(
        "В Стаханове и Брянке 10.06.2022 прошли обыски у бывших шахтёров.",
        None,
        (_place("Стаханове", KADIIVKA), _place("Брянке", BRIANKA)),
        (Date("10.06.2022", "2022-06-10", "2022-06-10/2022-06-10"),),
    ),
    Passage(
        "Жителі Попасної розповіли, що 01.04.2022 місто залишилося без світла.",
        None,
        (_place("Попасної", POPASNA),),
        (Date("01.04.2022", "2022-04-01", "2022-04-01/2022-04-01"),),
    ),
    Passage(
        "On 9 May 2022 Sergei, a driver from Antratsyt, was stopped at a checkpoint near Rovenky.",
        None,
        (_place("Antratsyt", ANTRATSYT), _place("Rovenky", ROVENKY)),
        (Date("9 May 2022", "2022-05-09", "2022-05-09/2022-05-09"),),
    ),
    Passage(
        "The dam at Nova Kakhovka was damaged on 6 June 2023 and water reached Kherson within "
        "hours.",
        None,
        (_place("Nova Kakhovka", NOVA_KAKHOVKA), _place("Kherson", KHERSON)),
        (Date("6 June 2023", "2023-06-06", "2023-06-06/2023-06-06"),),
    ),
    Passage(
        "Staff of the nuclear plant in Enerhodar said in March 2022 that soldiers had "
        "moved into the turbine halls.",
        None,
        (_place("Enerhodar", ENERHODAR),),
        (Date("March 2022", "2022-03-10", "2022-03-01/2022-03-31"),),
    ),
    Passage(
        "In mid-April fishermen in Berdiansk were forbidden to go to sea, Olga told us.",
        "2022-08-03",
        (_place("Berdiansk", BERDIANSK),),
        (Date("mid-April", "2022-04-15", "2022-04-08/2022-04-24"),),
    ),
    Passage(
        "In May General Lapin visited Rubizhne; the shelling of Krasnodon continued through "
        "the spring of 2022.",
        "2022-08-03",
        (_place("Rubizhne", RUBIZHNE), _place("Krasnodon", SOROKYNE)),
        (
            Date("May", "2022-05-20", "2022-05-01/2022-05-31"),
            Date("spring of 2022", "2022-04-15", "2022-03-01/2022-05-31"),
        ),
    ),
)
