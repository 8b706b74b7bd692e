"""A synthetic company register: fictitious companies and their yearly figures.

Deterministic for a seed. The CVR numbers pass the modulus-11 check, the companies are
spread over the municipalities by population, most have 0–9 employees and few over 250,
and the figures for 2016–2024 grow or shrink year by year, with companies starting and
closing along the way. Each company still active has its production units (P-numbers, 10
digits, unique): most one at the company's own address, larger companies several, some of
them in other municipalities. No Django import: the benchmark and the demo feed the rows to
the same importers a user's files go through.
"""

import csv
import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2016, 2024
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
# The columns of the files import_companies and import_figures read.
COMPANY_COLUMNS = [
    "cvr",
    "name",
    "municipality_code",
    "db07_code",
    "company_form",
    "founded_date",
    "closed_date",
    "status",
    "employees_band",
]
# The optional column of production units: "P-number:municipality code" separated by ";".
UNITS_COLUMN = "production_units"
COMPANY_FILE_COLUMNS = [*COMPANY_COLUMNS, UNITS_COLUMN]
FIGURE_COLUMNS = [
    "cvr",
    "year",
    "employees_fte",
    "turnover_dkk",
    "value_added_dkk",
    "exports_dkk",
    "wage_bill_dkk",
]

# (DB07 code, name word, weight, value added per FTE in kDKK, export share)
INDUSTRIES = [
    ("011100", "Landbrug", 6, 520, 0.25),
    ("014100", "Kvægbrug", 3, 480, 0.2),
    ("031100", "Fiskeri", 1, 700, 0.6),
    ("101300", "Pølsemageri", 1, 600, 0.3),
    ("107100", "Bageri", 2, 380, 0.02),
    ("161000", "Savværk", 1, 560, 0.2),
    ("222200", "Plast", 1, 680, 0.5),
    ("251100", "Stålkonstruktion", 2, 640, 0.35),
    ("281100", "Maskinfabrik", 1, 820, 0.65),
    ("281500", "Transmission", 1, 900, 0.7),
    ("310100", "Møbelfabrik", 1, 560, 0.45),
    ("351100", "Energi", 1, 2200, 0.3),
    ("412000", "Byggeri", 6, 520, 0.02),
    ("432100", "El-service", 5, 540, 0.01),
    ("432200", "VVS", 4, 530, 0.01),
    ("433200", "Tømrer", 5, 500, 0.01),
    ("433400", "Maler", 3, 460, 0.0),
    ("452000", "Autoværksted", 4, 470, 0.0),
    ("464900", "Engros", 4, 820, 0.25),
    ("471100", "Købmand", 3, 360, 0.0),
    ("477100", "Tøjbutik", 3, 330, 0.0),
    ("494100", "Transport", 5, 520, 0.15),
    ("561010", "Restaurant", 6, 300, 0.0),
    ("561020", "Pizzeria", 3, 260, 0.0),
    ("620100", "Software", 6, 950, 0.2),
    ("620200", "IT-rådgivning", 5, 900, 0.15),
    ("682040", "Ejendomme", 8, 1200, 0.0),
    ("691000", "Advokat", 2, 900, 0.05),
    ("692000", "Revision", 3, 780, 0.02),
    ("702200", "Consult", 8, 820, 0.1),
    ("711100", "Arkitekt", 2, 700, 0.1),
    ("711290", "Ingeniør", 3, 800, 0.2),
    ("731100", "Reklame", 2, 640, 0.1),
    ("812100", "Rengøring", 3, 340, 0.0),
    ("862300", "Tandlæge", 2, 700, 0.0),
    ("869690", "Fysioterapi", 2, 450, 0.0),
    ("960200", "Frisør", 4, 260, 0.0),
]
PREFIXES = [
    "Nord",
    "Syd",
    "Øst",
    "Vest",
    "Lind",
    "Birke",
    "Eg",
    "Bøge",
    "Strand",
    "Fjord",
    "Skov",
    "Mølle",
    "Sten",
    "Bakke",
    "Eng",
    "Sø",
    "Å",
    "Klint",
    "Lyng",
    "Havn",
    "Dal",
    "Hede",
    "Kilde",
    "Bro",
    "Kløver",
    "Rose",
    "Falk",
    "Ravn",
    "Ørn",
    "Svane",
    "Hjort",
    "Bjørn",
    "Ulv",
    "Nova",
    "Nordic",
    "Dansk",
    "Viking",
    "Polar",
    "Atlas",
    "Kompas",
    "Stjerne",
    "Sol",
    "Måne",
    "Regn",
    "Vind",
    "Lys",
    "Gran",
    "Ask",
]
SURNAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frederiksen",
    "Holm",
    "Lund",
    "Bech",
    "Dahl",
    "Frost",
]
# (form, weight); sole proprietorships and ApS dominate.
FORMS = [
    ("ENK", 42),
    ("ApS", 38),
    ("A/S", 7),
    ("I/S", 5),
    ("IVS", 3),
    ("K/S", 2),
    ("P/S", 1),
    ("FMBA", 1),
    ("AMBA", 1),
]
# (band, weight, typical FTE low, high)
BANDS = [
    ("0", 430, 0.0, 0.0),
    ("1", 170, 0.6, 1.0),
    ("2-4", 180, 1.5, 4.0),
    ("5-9", 100, 4.0, 8.5),
    ("10-19", 60, 9.0, 18.0),
    ("20-49", 38, 18.0, 45.0),
    ("50-99", 12, 45.0, 90.0),
    ("100-199", 5, 90.0, 180.0),
    ("200-499", 3, 180.0, 450.0),
    ("500-999", 1, 450.0, 900.0),
    ("1000+", 0.6, 900.0, 5000.0),
]


# Production units by the latest employee band: (share of companies with more than one
# unit, mean number of extra units when they have). Most companies have one unit, at their
# own address; chains and large companies many.
MULTI_UNIT = {
    "0": (0.01, 1),
    "1": (0.02, 1),
    "2-4": (0.04, 1),
    "5-9": (0.08, 1.2),
    "10-19": (0.18, 1.5),
    "20-49": (0.35, 2),
    "50-99": (0.55, 3),
    "100-199": (0.7, 5),
    "200-499": (0.85, 10),
    "500-999": (0.95, 20),
    "1000+": (1.0, 50),
}
SHARE_WITHOUT_UNIT = 0.06  # of the active companies with no employees (holding companies)
SHARE_EXTRA_UNITS_AT_HOME = 0.4  # the others in a municipality picked by population
# P-numbers: 10 digits, 1100000000-1999999999 (10xxxxxxxx is left to the sample files).
P_FIRST, P_LAST = 1_100_000_000, 1_999_999_999


def band_for(fte: float) -> str:
    for band, _w, _low, high in BANDS:
        if fte <= high:
            return band
    return "1000+"


def is_valid_cvr(number: int) -> bool:
    digits = f"{number:08d}"
    return sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS, strict=True)) % 11 == 0


def _new_cvr(rng: random.Random, used: set[int]) -> int:
    while True:
        head = rng.randrange(1_000_000, 10_000_000)  # 7 digits, the first not 0
        total = sum(int(d) * w for d, w in zip(f"{head:07d}", CVR_WEIGHTS, strict=False))
        check = (-total) % 11
        if check == 10:
            continue
        number = head * 10 + check
        if number not in used:
            used.add(number)
            return number


@dataclass
class SyntheticRegister:
    companies: list[dict]  # CSV-shaped rows (import_companies)
    figures: list[dict]  # CSV-shaped rows (import_figures)


def generate(
    municipalities: list[tuple[str, int]], n: int, *, seed: int = 2024
) -> SyntheticRegister:
    """``n`` fictitious companies over ``municipalities`` ([(code, population)]) and their
    figures, the same for the same seed."""
    companies, figures = [], []
    for company, rows in iter_register(municipalities, n, seed=seed):
        companies.append(company)
        figures.extend(rows)
    return SyntheticRegister(companies, figures)


def iter_register(
    municipalities: list[tuple[str, int]], n: int, *, seed: int = 2024
) -> Iterator[tuple[dict, list[dict]]]:
    rng = random.Random(seed)
    # The units draw from their own generator, so the companies and figures stay as they
    # were for a seed before production units came along.
    units = _UnitMaker(municipalities, random.Random(f"{seed}-production-units"))
    codes = [code for code, _ in municipalities]
    populations = [population for _, population in municipalities]
    industry_weights = [i[2] for i in INDUSTRIES]
    form_names, form_weights = zip(*FORMS, strict=True)
    band_weights = [b[1] for b in BANDS]
    used: set[int] = set()
    names_used: dict[str, int] = {}
    last_day = dt.date(LAST_YEAR, 12, 31)
    for _ in range(n):
        cvr = _new_cvr(rng, used)
        municipality = rng.choices(codes, populations)[0]
        code, word, _w, va_per_fte, export_share = rng.choices(INDUSTRIES, industry_weights)[0]
        # Age: many young companies, a long tail of old ones.
        age_years = min(rng.expovariate(1 / 11), 90)
        founded = last_day - dt.timedelta(days=int(age_years * 365.25) + rng.randrange(365))
        band, _bw, low, high = rng.choices(BANDS, band_weights)[0]
        form = rng.choices(form_names, form_weights)[0]
        if form == "ENK" and band not in ("0", "1", "2-4", "5-9"):
            form = "ApS"
        owner = rng.choice(SURNAMES) if rng.random() < 0.45 else rng.choice(PREFIXES)
        name = f"{owner} {word}" if rng.random() < 0.7 else f"{owner}{word.lower()}"
        count = names_used.get(name, 0)
        names_used[name] = count + 1
        if count:
            name = f"{name} {rng.choice(PREFIXES)}"
        name = f"{name} {form}"
        # Exit: about 4 % a year, more for young and small companies.
        closed = None
        status = "active"
        hazard = 0.06 if age_years < 5 else 0.025
        if band in ("0", "1"):
            hazard *= 1.4
        start = max(founded, dt.date(FIRST_YEAR, 1, 1))
        years_open = (last_day - start).days / 365.25
        if rng.random() < 1 - math.exp(-hazard * years_open):
            closed = start + dt.timedelta(days=rng.randrange(max(1, int(years_open * 365))))
            status = "closed"
        elif rng.random() < 0.006:
            status = rng.choice(["under_bankruptcy", "under_liquidation"])
        fte = 0.0 if high == 0 else rng.uniform(low, high)
        growth = rng.gauss(0.02, 0.06)
        productivity = va_per_fte * 1000 * rng.lognormvariate(0, 0.35)
        exporter = export_share > 0 and rng.random() < min(1.0, export_share * 2)
        rows = []
        final_fte = fte
        for year in range(max(FIRST_YEAR, founded.year), LAST_YEAR + 1):
            if closed and year > closed.year:
                break
            year_fte = max(0.0, fte)
            if high == 0:
                value_added = int(rng.lognormvariate(math.log(250_000), 0.8))
                wage_bill = 0
            else:
                value_added = int(year_fte * productivity * rng.lognormvariate(0, 0.08))
                wage_bill = int(year_fte * rng.uniform(380_000, 520_000))
            turnover = int(max(value_added, 0) / rng.uniform(0.25, 0.5))
            if rng.random() < 0.05:
                value_added = -abs(value_added) // 4  # a year with a loss
            exports = int(turnover * export_share * rng.uniform(0.5, 1.5)) if exporter else 0
            rows.append(
                {
                    "cvr": f"{cvr:08d}",
                    "year": year,
                    "employees_fte": f"{year_fte:.2f}",
                    "turnover_dkk": turnover,
                    "value_added_dkk": value_added,
                    "exports_dkk": exports,
                    "wage_bill_dkk": wage_bill,
                }
            )
            final_fte = year_fte
            fte = year_fte * math.exp(growth + rng.gauss(0, 0.1)) if high else 0.0
        companies = {
            "cvr": f"{cvr:08d}",
            "name": name,
            "municipality_code": municipality,
            "db07_code": code,
            "company_form": form,
            "founded_date": founded.isoformat(),
            "closed_date": closed.isoformat() if closed else "",
            "status": status,
            "employees_band": band_for(final_fte) if high else "0",
        }
        companies[UNITS_COLUMN] = units.for_company(companies)
        yield companies, rows


class _UnitMaker:
    """The production units of one company after another, as the CSV column's text."""

    def __init__(self, municipalities: list[tuple[str, int]], rng: random.Random):
        self.rng = rng
        self.codes = [code for code, _ in municipalities]
        self.cumulative = list(accumulate(population for _, population in municipalities))
        self.used: set[int] = set()

    def _p_number(self) -> str:
        while True:
            number = self.rng.randint(P_FIRST, P_LAST)
            if number not in self.used:
                self.used.add(number)
                return str(number)

    def for_company(self, company: dict) -> str:
        rng = self.rng
        if company["status"] == "closed":
            return ""  # a closed company's units have closed with it
        band = company["employees_band"]
        if band == "0" and rng.random() < SHARE_WITHOUT_UNIT:
            return ""
        home = company["municipality_code"]
        places = [home]
        share, mean_extra = MULTI_UNIT.get(band, MULTI_UNIT["0"])
        if rng.random() < share:
            extra = max(1, round(rng.expovariate(1 / mean_extra)))
            for _ in range(min(extra, 400)):
                if rng.random() < SHARE_EXTRA_UNITS_AT_HOME:
                    places.append(home)
                else:
                    places.append(rng.choices(self.codes, cum_weights=self.cumulative)[0])
        return ";".join(f"{self._p_number()}:{code}" for code in places)


def write_files(
    municipalities: list[tuple[str, int]],
    n: int,
    directory: Path,
    *,
    seed: int = 2024,
    figures_format: str = "csv",
) -> tuple[Path, Path, int]:
    """Write companies.csv and figures.csv (or .parquet) for ``n`` companies; return the
    paths and the number of figure rows. Streams, so a whole register fits in little memory."""
    directory.mkdir(parents=True, exist_ok=True)
    companies_path = directory / "companies.csv"
    figures_path = directory / f"figures.{figures_format}"
    figure_rows = 0
    writer_pq = None
    buffer: list[dict] = []
    with companies_path.open("w", newline="", encoding="utf-8") as cf:
        companies_out = csv.DictWriter(cf, COMPANY_FILE_COLUMNS)
        companies_out.writeheader()
        ff = (
            figures_path.open("w", newline="", encoding="utf-8")
            if figures_format == "csv"
            else None
        )
        figures_out = csv.DictWriter(ff, FIGURE_COLUMNS) if ff else None
        if figures_out:
            figures_out.writeheader()
        for company, rows in iter_register(municipalities, n, seed=seed):
            companies_out.writerow(company)
            figure_rows += len(rows)
            if figures_out:
                figures_out.writerows(rows)
            else:
                buffer.extend(rows)
                if len(buffer) >= 200_000:
                    writer_pq = _write_parquet(buffer, figures_path, writer_pq)
                    buffer = []
        if ff:
            ff.close()
    if figures_format != "csv":
        if buffer or writer_pq is None:
            writer_pq = _write_parquet(buffer, figures_path, writer_pq)
        writer_pq.close()
    return companies_path, figures_path, figure_rows


def _write_parquet(rows: list[dict], path: Path, writer):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("cvr", pa.string()),
            ("year", pa.int16()),
            ("employees_fte", pa.float64()),
            ("turnover_dkk", pa.int64()),
            ("value_added_dkk", pa.int64()),
            ("exports_dkk", pa.int64()),
            ("wage_bill_dkk", pa.int64()),
        ]
    )
    table = pa.Table.from_pylist(
        [{**r, "employees_fte": float(r["employees_fte"])} for r in rows], schema=schema
    )
    if writer is None:
        writer = pq.ParquetWriter(path, schema)
    writer.write_table(table)
    return writer
