#!/usr/bin/python3
"""Generate the territory files of Milan and of the Crema ambito, and the service capacities
of Bologna, from the published figures.

Usage: /usr/bin/python3 scripts/make_territories.py [DATA_DIR]

DATA_DIR holds the CSV files described in its README.md (default: ../shared/data relative to
the repository root). Writes, relative to the repository root:

  scenarios/territories/milano.yaml   (whole file)
  scenarios/territories/crema.yaml    (whole file)
  scenarios/territories/bologna.yaml  (only the services_per_1000_residents rates and their
                                       sources; the rest of the file is kept as written)

The unit costs of the services are read from docs/parameters.md (the model's parameter
dictionary). The output depends only on the inputs: running the script twice gives the same
files. It prints nothing on success; on a problem it prints one message and exits with 1.
See docs/territories.md for where every figure comes from.
"""

import csv
import re
import sys
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
D = Decimal


class Failure(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Published figures (docs/territories.md and the data README give the sources).

MILAN_DS205 = (
    'Comune di Milano open data ds205 "caratteristiche demografiche quartieri 2011-2021", '
    "year 2021")

# MEF tax statistics, Milan taxpayers by taxable income, tax year 2023.
INCOME_BANDS = [("<=10k", 10000), ("10-15k", 15000), ("15-26k", 26000), ("26-55k", 55000),
                ("55-75k", 75000), ("75-120k", 120000), (">120k", None)]
MEF_MILAN_TAXPAYERS = [216716, 93257, 219707, 313650, 63306, 56227, 45925]

# ISTAT 2021: municipal social spending by target (share of the total).
SPENDING_SHARE = {"families": D("37.7"), "disability": D("26.3"), "elderly": D("15"),
                  "poverty": D("10.8")}

# Modelling choices: the share of a target's spending that goes to each service.
SPENDING_SERVICES = [
    # service, target, target label, share of the target's spending (%), parameter, unit noun
    ("day_centre", "disability", "disability", D(70),
     "services.day_centre.cost_per_week", "places"),
    ("budget_di_salute", "disability", "disability", D(30),
     "services.budget_di_salute.cost_per_week", "plans"),
    ("income_support", "poverty", "poverty and adults", D(60),
     "services.income_support.cost_per_week", "places"),
    ("housing_support", "poverty", "poverty and adults", D(40),
     "services.housing_support.cost_per_week", "places"),
    ("children_services", "families", "families and minors", D(60),
     "services.children_services.cost_per_week", "places"),
]
SPENDING_REMAINDER_NOTE = {
    "day_centre": "the other 30% funds Budget di Salute plans",
    "budget_di_salute": "the other 70% funds day centres",
    "income_support": "the other 40% funds housing support",
    "housing_support": "the other 60% funds income support",
    "children_services": "the rest is social work, already counted in case_management",
}

HUB_PLACES = 40          # modelling choice: weekly places per community hub
MILAN_HUBS = 64          # Comune di Milano 2025: 29 socio-recreational centres + 35 CAM
BOLOGNA_HUBS = 33        # Comune di Bologna 2023: Case di Quartiere
SOCIAL_WORKERS_PER_1000 = D("0.2")  # law 178/2020: 1 per 5,000 residents
RSA_BEDS_SHARE_65 = D("2.26")       # % of over-65s, FNP CISL 2024, ATS Milano area
SAD_REACH_65 = D("1.4")             # % of over-65s, ISTAT via Welforum 2020
SAD_HOURS_PER_USER_YEAR = 78


# --------------------------------------------------------------------------------------------
# Numbers and text.

def fmt(value, places=3):
    """A Decimal rounded half-up to `places` decimals, without trailing zeros."""
    q = value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def thousands(n):
    return f"{n:,}"


def pct(value):
    """A percentage figure as published (Decimal), e.g. 10.8 -> '10.8%'."""
    return fmt(value, 2) + "%"


def rounded_shares(values, places, what):
    """Shares rounded to `places` decimals. If they do not sum to exactly 1, the last digit of
    the largest share takes up the difference; returns (shares, note) with the note saying so."""
    shares = [v.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP) for v in values]
    gap = D(1) - sum(shares)
    note = ""
    if gap != 0:
        if abs(gap) > D("0.002"):
            raise Failure(f"{what}: rounded shares miss 1 by {gap}")
        k = max(range(len(shares)), key=lambda i: (shares[i], -i))
        before = shares[k]
        shares[k] += gap
        note = (f" Rounded to {places} decimals the shares sum to {sum(shares) - gap}: the "
                f"largest, {before}, is set to {shares[k]} so that they sum to 1.")
    return shares, note


def q(text):
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_entry(indent, key, text, width=96):
    """`key: "text"` on one line if it fits, else a folded block scalar."""
    pad = " " * indent
    line = f"{pad}{key}: {q(text)}"
    if len(line) <= width:
        return [line]
    body = textwrap.wrap(text, width=width - indent - 2, break_on_hyphens=False,
                         break_long_words=False)
    return [f"{pad}{key}: >-"] + [f"{pad}  {b}" for b in body]


# --------------------------------------------------------------------------------------------
# Inputs.

def read_csv(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise Failure(f"cannot read {path}: {e.strerror}") from e


def unit_costs():
    """EUR per week of the services' unit costs, from docs/parameters.md."""
    path = REPO / "docs" / "parameters.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise Failure(f"cannot read {path}: {e.strerror}") from e
    costs = {}
    for _, _, _, _, param, _ in SPENDING_SERVICES:
        m = re.search(r"^\| `" + re.escape(param) + r"` \| [^|]* \| ([0-9.]+) \|", text, re.M)
        if not m:
            raise Failure(f"{path}: no default value for {param}")
        costs[param] = D(m.group(1))
    return costs


# --------------------------------------------------------------------------------------------
# Service capacities: the same method for every territory.

def capacities(t, costs):
    """Rates per 1,000 residents and their sources. `t` describes the territory:
    name, share65 (Decimal %), share65_text, spending (EUR per inhabitant), spending_text,
    hubs_rate (Decimal per 1,000), hubs_text."""
    rates, sources = {}, {}

    rates["case_management"] = SOCIAL_WORKERS_PER_1000
    sources["case_management"] = (
        "Law 178/2020 (budget law): a minimum of 1 social worker per 5,000 residents, i.e. "
        f"{fmt(SOCIAL_WORKERS_PER_1000)} full-time social workers per 1,000 residents (the "
        "target of 1 per 4,000 is not applied)")

    s65 = t["share65"]
    r = RSA_BEDS_SHARE_65 / 100 * s65 / 100 * 1000
    rates["nursing_home"] = r
    sources["nursing_home"] = (
        f"FNP CISL RSA observatory 2024: authorised RSA beds for {pct(RSA_BEDS_SHARE_65)} of "
        f"over-65s in the ATS Milano area (18,099 beds{t['rsa_note']}), applied to "
        f"{t['share65_text']}: {pct(RSA_BEDS_SHARE_65)} x {pct(s65)} x 1000 = {fmt(r)} beds "
        "per 1,000 residents")

    r = SAD_REACH_65 / 100 * s65 / 100 * 1000 * SAD_HOURS_PER_USER_YEAR / 52
    rates["home_care"] = r
    sources["home_care"] = (
        f"ISTAT via Welforum 2020: municipal home help (SAD) reaches {pct(SAD_REACH_65)} of "
        f"over-65s with {SAD_HOURS_PER_USER_YEAR} hours per user per year; with "
        f"{t['share65_text']}: {pct(SAD_REACH_65)} x {pct(s65)} x 1000 x "
        f"{SAD_HOURS_PER_USER_YEAR} / 52 = {fmt(r)} hours a week per 1,000 residents")

    rates["community_hub"] = t["hubs_rate"]
    sources["community_hub"] = t["hubs_text"]

    spend = t["spending"]
    for service, target, label, share, param, noun in SPENDING_SERVICES:
        cost = costs[param]
        r = spend * SPENDING_SHARE[target] / 100 * share / 100 / (cost * 52) * 1000
        rates[service] = r
        sources[service] = (
            f"{t['spending_text']}; ISTAT 2021: {pct(SPENDING_SHARE[target])} of municipal "
            f"social spending goes to {label}; modelling choice: {share}% of that to this "
            f"service ({SPENDING_REMAINDER_NOTE[service]}); divided by the model's unit cost "
            f"{param} = {fmt(cost, 2)} EUR a week, 52 weeks a year: {spend} x "
            f"{pct(SPENDING_SHARE[target])} x {share}% / ({fmt(cost, 2)} x 52) x 1000 = "
            f"{fmt(r)} {noun} per 1,000 residents")

    order = ["case_management", "nursing_home", "home_care", "community_hub", "day_centre",
             "budget_di_salute", "income_support", "housing_support", "children_services"]
    return [(k, rates[k], sources[k]) for k in order]


def capacity_lines(caps):
    """(sources lines, defaults lines) of the services_per_1000_residents rates."""
    src, dflt = [], ["    services_per_1000_residents:"]
    for key, rate, text in caps:
        src += source_entry(4, f"services_per_1000_residents.{key}", text)
        dflt.append(f"      {key}: {fmt(rate)}")
    return src, dflt


def hubs_text_for(count, residents, lead):
    rate = D(count * HUB_PLACES) / residents * 1000
    return rate, (
        f"{lead}; modelling choice: {HUB_PLACES} weekly places per hub: {count} x "
        f"{HUB_PLACES} / {thousands(residents)} residents x 1000 = {fmt(rate)} places per "
        "1,000 residents")


SPENDING_NW = (
    "ISTAT 2022: municipal social spending of 224 EUR per inhabitant in the North-West's comuni "
    "over 50,000 residents")


# --------------------------------------------------------------------------------------------
# Common parts of a territory file.

def income_block(note_for):
    total = sum(MEF_MILAN_TAXPAYERS)
    shares, note = rounded_shares([D(n) / total for n in MEF_MILAN_TAXPAYERS], 4,
                                  "income_shares")
    counts = " / ".join(thousands(n) for n in MEF_MILAN_TAXPAYERS)
    text = (f"MEF tax statistics, Milan taxpayers by taxable income, tax year 2023 ({counts}; "
            f"{thousands(total)} taxpayers). {note_for} Taxpayers stand in for households.{note}")
    return shares, text


def income_band_lines():
    lines = ["  # Yearly taxable income bands (EUR), an ISEE-like ranking of households.",
             "  income_bands:"]
    for name, upper in INCOME_BANDS:
        if upper is None:
            lines.append(f"    - {{name: {q(name)}}}")
        else:
            lines.append(f"    - {{name: {q(name)}, upper_eur: {upper}}}")
    return lines


def fixed(value, places):
    """A share with exactly `places` decimals, as rounded."""
    return format(value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def share_list(shares, places):
    return "[" + ", ".join(fixed(s, places) for s in shares) + "]"


def size_map(shares, places):
    keys = ["1", "2", "3", "4", "5+"]
    return "{" + ", ".join(f"{q(k)}: {fixed(s, places)}" for k, s in zip(keys, shares)) + "}"


PENDING = []  # (path, text): written only once every file has been made


def write(path, lines):
    PENDING.append((REPO / path, "\n".join(lines) + "\n"))


def flush():
    for path, text in PENDING:
        try:
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                path.write_text(text, encoding="utf-8")
        except OSError as e:
            raise Failure(f"cannot write {path}: {e.strerror}") from e


# --------------------------------------------------------------------------------------------
# Milan.

def milano(data, costs):
    nil = read_csv(data / "milano_nil_2021.csv")
    geo = {r["zone_id"]: r for r in read_csv(data / "geo" / "milano_nil.csv")}
    municipi = read_csv(data / "geo" / "milano_municipi.csv")
    overlap = read_csv(data / "geo" / "milano_nil_municipio_overlap.csv")
    if len(nil) != 88 or set(geo) != {r["id_nil"] for r in nil}:
        raise Failure("milano: expected the same 88 NIL in milano_nil_2021.csv and geo/milano_nil.csv")

    # NIL with more than 2% of their area in a municipio other than their own.
    parts = {}
    for r in overlap:
        if r["MUNICIPIO"].isdigit() and D(r["share_of_nil_area"]) > D("0.02"):
            parts.setdefault(int(r["ID_NIL"]), set()).add(int(r["MUNICIPIO"]))
    straddling = sorted(k for k, v in parts.items() if len(v) > 1)

    residents = sum(int(r["residents"]) for r in nil)
    households = sum(int(r["households"]) for r in nil)
    one_person = sum(int(r["one_person_households"]) for r in nil)

    age, age_note = rounded_shares([D("0.121"), D("0.647"), D("0.148"), D("0.084")], 3, "age")
    sizes, size_note = rounded_shares([D("0.567"), D("0.206"), D("0.116"), D("0.082"),
                                       D("0.029")], 3, "household sizes")
    income, income_text = income_block("Milan's own city-level figures stand in for every NIL.")

    share65 = D("23.2")
    hubs_rate, hubs_text = hubs_text_for(
        MILAN_HUBS, residents,
        "Comune di Milano 2025: over 60 Case di Quartiere and community centres (29 "
        "socio-recreational centres + 35 CAM = 64)")
    caps = capacities({
        "share65": share65,
        "share65_text": "Milan's 23.2% aged 65+ (ISTAT 1/1/2025)",
        "rsa_note": "",
        "spending": 224, "spending_text": SPENDING_NW + " (Milan is one of them)",
        "hubs_rate": hubs_rate, "hubs_text": hubs_text,
    }, costs)
    cap_src, cap_dflt = capacity_lines(caps)

    lines = [
        "# Milan: the 88 NIL (Nuclei di Identita Locale) of the Comune di Milano, in its 9 municipi.",
        "# Generated by scripts/make_territories.py from the published figures in the shared data",
        "# directory (see docs/territories.md); edit the script, not this file.",
        "# Every figure names its source under `sources:`; where a NIL-level figure is not",
        "# published, the source says which city-level figure stands in.",
        "territory:",
        "  name: Milano",
        "  language: it  # tables and reports in Italian unless --lang en",
        "  description: >-",
        "    Comune di Milano, 88 NIL (PGT 2030) in 9 municipi. Residents, households, one-person",
        "    households and foreign citizens per NIL (2021); age, household-size and income",
        "    structure at city level (2023-25).",
        "",
        "  # Lower bounds of the age bands (years); the last band is open up to population.max_age.",
        "  age_bands: [0, 15, 65, 80]",
        "",
    ] + income_band_lines() + [
        "",
        "  sources:",
    ]
    src = [
        ("residents", f"{MILAN_DS205}: residents per NIL (sum {thousands(residents)})"),
        ("households",
         f"{MILAN_DS205}: households per NIL (sum {thousands(households)} as "
         "published; NIL 24, 39 and 73 are lowered, each says why)"),
        ("one_person_households",
         f"{MILAN_DS205}: one-person households per NIL (sum {thousands(one_person)})"),
        ("household_size_shares",
         "Anagrafe comunale 2023, city level: one-person households 56.7%, households of 2 / 3 / "
         "4 / 5+ persons 20.6 / 11.6 / 8.2 / 2.9%. Every NIL gives its own one-person count, "
         "which replaces the size-1 share; its other households split by size in the city's "
         "proportions (city-level figure stands in for every NIL)." + size_note),
        ("age_shares",
         "ISTAT demographic indicators, Milan at 1/1/2025: 0-14 12.1%, 15-64 64.7%, 65+ 23.2%; "
         "80+ 8.4% (115,500, Milan welfare plan 2021-23, year 2020), so 65-79 is 14.8% "
         "(city-level figure stands in for every NIL)." + age_note),
        ("foreign_share",
         f"{MILAN_DS205}: % foreign citizens per NIL, divided by 100 (NIL 8, without "
         "residents, has none and takes the city-level default)"),
        ("income_shares", income_text),
    ]
    for key, text in src:
        lines += source_entry(4, key, text)
    lines += cap_src
    lines += [
        "",
        "  # The 9 municipi. Each NIL belongs to the municipio that holds most of its area (overlay",
        "  # of the NIL boundaries, PGT 2030, and of the municipi boundaries, Comune di Milano open",
        f"  # data ds964 and ds379). {len(straddling)} NIL have more than 2% of their area in another",
        "  # municipio (geo/milano_nil_municipio_overlap.csv):",
    ]
    lines += ["  #   " + l for l in textwrap.wrap(", ".join(str(s) for s in straddling) + ".",
                                                  width=90)]
    lines.append("  districts:")
    for m in municipi:
        lines.append(f"    - {{id: {q(m['zone_id'])}, name: {q(m['zone_name'])}}}")
    lines += [
        "",
        "  # How services are organised (docs/territories.md): Milan's social services (home",
        "  # care, social secretariat, income and housing support, day centres, children's",
        "  # services, Budget di Salute) per municipio; nursing-home beds city-wide (the ATS",
        "  # Milano waiting list); Case di Quartiere in each NIL.",
        "  service_areas:",
    ] + [f"    {svc}: district" for svc in ("home_care", "day_centre", "case_management",
                                          "income_support", "housing_support",
                                          "children_services", "budget_di_salute")] + [
        "    nursing_home: territory",
        "    community_hub: zone",
    ]

    lines += [
        "",
        "  defaults:",
        f"    age_shares: {share_list(age, 3)}",
        f"    household_size_shares: {size_map(sizes, 3)}",
    ]
    lines.append("    foreign_share: {value: 0.212, source: " + q(
        "Anagrafe comunale, Milan at end 2023: 301,149 foreign citizens, 21.2% (city level; "
        "only NIL 8, without residents, has no NIL figure and takes this one)") + "}")
    lines += [
        f"    income_shares: {share_list(income, 4)}",
    ] + cap_dflt + [
        "",
        "  # Centroids: area-weighted, from the NIL boundaries (Comune di Milano ds964, PGT 2030).",
        "  zones:",
    ]

    for r in nil:
        i = r["id_nil"]
        g = geo[i]
        res, hh, one = int(r["residents"]), int(r["households"]), int(r["one_person_households"])
        head = (f"id: {q(i)}, name: {q(g['zone_name'])}, district: {q(g['parent_municipio'])}, "
                f"centroid: {{lon: {g['centroid_lon']}, lat: {g['centroid_lat']}}}")
        feasible = hh <= res and one <= hh and res - one >= 2 * (hh - one) and (res == 0 or hh >= 1)
        if feasible and r["pct_foreign"]:
            lines.append(f"    - {{{head}, residents: {res}, households: {hh}, "
                         f"one_person_households: {one}, foreign_share: "
                         f"{fmt(D(r['pct_foreign']) / 100)}}}")
            continue
        lines += [f"    - id: {q(i)}",
                  f"      name: {q(g['zone_name'])}",
                  f"      district: {q(g['parent_municipio'])}",
                  f"      centroid: {{lon: {g['centroid_lon']}, lat: {g['centroid_lat']}}}"]
        lines.append(f"      residents: {res}")
        if feasible:
            lines.append(f"      households: {hh}")
        else:
            if not (one <= hh <= res):
                raise Failure(f"milano: NIL {i} has figures that cannot be adjusted")
            fixed = one + (res - one) // 2
            lines += ["      households:", f"        value: {fixed}"]
            lines += source_entry(8, "source", (
                f"ds205 (year 2021) publishes {thousands(hh)} households with "
                f"{thousands(one)} one-person households for {thousands(res)} residents: the "
                f"{thousands(hh - one)} other households would need {thousands(2 * (hh - one))} "
                f"residents besides the {thousands(one)} living alone, but only "
                f"{thousands(res - one)} are left. Residents and one-person households are kept "
                f"as published; households are lowered to the most the residents can fill, "
                f"{thousands(one)} + ({thousands(res)} - {thousands(one)}) / 2 rounded down = "
                f"{thousands(fixed)} (every other household of two persons)"))
        lines.append(f"      one_person_households: {one}")
        if r["pct_foreign"]:
            lines.append(f"      foreign_share: {fmt(D(r['pct_foreign']) / 100)}")
        else:
            lines.append("      # No % foreign is published for a NIL without residents: the "
                         "city-level default applies.")
    write("scenarios/territories/milano.yaml", lines)
    return residents


# --------------------------------------------------------------------------------------------
# Crema ambito.

def crema(data, costs):
    pop = read_csv(data / "crema_ambito_comuni_2025.csv")
    geo = {r["zone_id"]: r for r in read_csv(data / "geo" / "crema_ambito_comuni.csv")}
    if len(pop) != 48 or set(geo) != {r["istat_code"] for r in pop}:
        raise Failure("crema: expected the same 48 comuni in crema_ambito_comuni_2025.csv and "
                      "geo/crema_ambito_comuni.csv")
    residents = sum(int(r["residents_anpr_2025_01"]) for r in pop)
    milan_residents = sum(int(r["residents"]) for r in read_csv(data / "milano_nil_2021.csv"))

    age, age_note = rounded_shares([D("0.122"), D("0.635"), D("0.166"), D("0.077")], 3, "age")
    sizes, size_note = rounded_shares([D("0.351"), D("0.271"), D("0.185"), D("0.142"),
                                       D("0.051")], 3, "household sizes")
    income, income_text = income_block(
        "No Cremasco or Lombardy income distribution is in the data: Milan's distribution "
        "stands in for every comune (it overstates the incomes of a mostly rural ambito).")

    share65 = D("24.3")
    hubs_rate = D(MILAN_HUBS * HUB_PLACES) / milan_residents * 1000
    hubs_text = (
        "No count of community hubs (Case di Quartiere, community centres) for the ambito is in "
        "the data: a modelling choice, Milan's density of hubs (64 per "
        f"{thousands(milan_residents)} residents, Comune di Milano 2025), about "
        f"{fmt(D(MILAN_HUBS) * residents / milan_residents, 1)} hubs for the ambito's "
        f"{thousands(residents)} residents, with {HUB_PLACES} weekly places per hub (modelling "
        f"choice): {MILAN_HUBS} x {HUB_PLACES} / {thousands(milan_residents)} x 1000 = "
        f"{fmt(hubs_rate)} places per 1,000 residents")
    caps = capacities({
        "share65": share65,
        "share65_text": "the 24.3% aged 65+ of Italy (ISTAT 1/1/2024, no comune-level figure in "
                        "the data)",
        "rsa_note": "; no figure for the Crema area, ATS Val Padana, is in the data, so the "
                    "ATS Milano rate stands in",
        "spending": 163,
        "spending_text": "ISTAT 2022: municipal social spending of 163 EUR per inhabitant in "
                         "Lombardy (regional figure stands in for the ambito)",
        "hubs_rate": hubs_rate, "hubs_text": hubs_text,
    }, costs)
    cap_src, cap_dflt = capacity_lines(caps)

    lines = [
        "# Crema: the 48 comuni of the Ambito Distrettuale Cremasco (province of Cremona).",
        "# Generated by scripts/make_territories.py from the published figures in the shared data",
        "# directory (see docs/territories.md); edit the script, not this file.",
        "# Every figure names its source under `sources:`. Only residents are published per",
        "# comune; every other figure is a national or regional stand-in, and the source says so.",
        "territory:",
        "  name: Crema",
        "  language: it  # tables and reports in Italian unless --lang en",
        "  description: >-",
        "    Ambito Distrettuale Cremasco, 48 comuni (Piano di Zona 2021-23). Residents per comune",
        "    in January 2025; age, household, citizenship and income structure from Italian,",
        "    Lombard and Milanese figures standing in for the ambito.",
        "",
        "  # Lower bounds of the age bands (years); the last band is open up to population.max_age.",
        "  age_bands: [0, 15, 65, 80]",
        "",
    ] + income_band_lines() + [
        "",
        "  sources:",
    ]
    src = [
        ("residents",
         "ANPR open data, resident population per comune, January 2025 (sum "
         f"{thousands(residents)}; Crema itself 34,204); membership of the ambito from the "
         "Accordo di Programma del Piano di Zona 2021-2023"),
        ("household_size_shares",
         "ISTAT, Censimento permanente della popolazione, Le famiglie in Italia, anni 2018 e "
         "2019 (published March 2022), Italy: households of 1 / 2 / 3 / 4 / 5+ persons 35.1 / "
         "27.1 / 18.5 / 14.2 / 5.1% (5 persons 3.7%, 6+ 1.4%). No comune-level household figure "
         "is in the data: the national figure stands in for every comune (the 2022 census "
         "round, as reported in the press, gives 37.4% one-person households, without the "
         "full split by size)." + size_note),
        ("age_shares",
         "ISTAT, resident population at 1/1/2024, Italy: 0-14 12.2%, 15-64 63.5%, 65+ 24.3%, "
         "80+ 7.7%, so 65-79 is 16.6%. No comune-level age figure is in the data: the national "
         "figure stands in for every comune." + age_note),
        ("foreign_share",
         "ISMU, 30th report on migrations (via ANSA, 17/2/2025): 1,203,138 foreign residents in "
         "Lombardy at 1/1/2024, 12% of the region's residents. No comune-level figure is in the "
         "data: the Lombardy figure stands in for every comune (the province of Cremona had "
         "12.1% at 1/1/2023, ISMU 29th report via Il Giorno, February 2024)."),
        ("income_shares", income_text),
    ]
    for key, text in src:
        lines += source_entry(4, key, text)
    lines += cap_src
    lines += [
        "",
        "  districts:",
        f"    - {{id: CREMASCO, name: {q('Ambito Distrettuale Cremasco')}}}",
        "",
        "  # The Piano di Zona pools the social services of the 48 comuni at ambito level",
        "  # (Comunita Sociale Cremasca); community hubs are local to each comune.",
        "  service_areas:",
    ] + [f"    {svc}: territory" for svc in ("home_care", "day_centre", "nursing_home",
                                           "case_management", "income_support",
                                           "housing_support", "children_services",
                                           "budget_di_salute")] + [
        "    community_hub: zone",
        "",
        "  defaults:",
        f"    age_shares: {share_list(age, 3)}",
        f"    household_size_shares: {size_map(sizes, 3)}",
        "    foreign_share: 0.12",
        f"    income_shares: {share_list(income, 4)}",
    ] + cap_dflt + [
        "",
        "  # id: ISTAT code of the comune. Centroids: area-weighted, from the ISTAT municipal",
        "  # boundaries (via openpolis, 2023).",
        "  zones:",
    ]
    for r in pop:
        g = geo[r["istat_code"]]
        lines.append(
            f"    - {{id: {q(r['istat_code'])}, name: {q(g['zone_name'])}, district: CREMASCO, "
            f"centroid: {{lon: {g['centroid_lon']}, lat: {g['centroid_lat']}}}, "
            f"residents: {int(r['residents_anpr_2025_01'])}}}")
    write("scenarios/territories/crema.yaml", lines)
    return residents


# --------------------------------------------------------------------------------------------
# Bologna: only the service capacities; the rest of the hand-written file is kept.

def bologna(data, costs):
    residents = sum(int(r["residents"]) for r in read_csv(data / "bologna_quartieri_2020.csv"))
    hubs_rate, hubs_text = hubs_text_for(
        BOLOGNA_HUBS, residents, "Comune di Bologna 2023: 33 Case di Quartiere")
    caps = capacities({
        "share65": D("24.5"),
        "share65_text": "Bologna's 24.5% aged 65+ (Comune di Bologna, 31/12/2022)",
        "rsa_note": "; no Bologna figure is in the data, so the ATS Milano rate stands in",
        "spending": 224,
        "spending_text": SPENDING_NW + " (Bologna is in the North-East; no North-East or "
                         "Emilia-Romagna figure is in the data, so this one stands in)",
        "hubs_rate": hubs_rate, "hubs_text": hubs_text,
    }, costs)
    cap_src, cap_dflt = capacity_lines(caps)

    path = REPO / "scenarios" / "territories" / "bologna.yaml"
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as e:
        raise Failure(f"cannot read {path}: {e.strerror}") from e
    if lines and lines[-1] == "":
        lines.pop()

    def replace_entries(lines, section, key_re, new):
        """Replaces the entries of `section` (a 2-space key) whose 4-space keys match key_re
        (each with its more-indented continuation lines) by `new`, where the first was."""
        try:
            start = lines.index(f"  {section}:")
        except ValueError as e:
            raise Failure(f"{path}: no '{section}:' block") from e
        end = start + 1
        while end < len(lines) and (lines[end].startswith("    ") or lines[end].strip() == ""
                                    and end + 1 < len(lines) and lines[end + 1].startswith("    ")):
            end += 1
        out, at, i = [], None, start + 1
        while i < end:
            if re.match(r"    " + key_re, lines[i]):
                if at is None:
                    at = len(out)
                i += 1
                while i < end and lines[i].startswith("     "):
                    i += 1
                continue
            out.append(lines[i])
            i += 1
        if at is None:
            at = len(out)
            while at > 0 and out[at - 1].strip() == "":
                at -= 1
        out[at:at] = new
        return lines[:start + 1] + out + lines[end:]

    lines = replace_entries(lines, "sources", r"services_per_1000_residents\.", cap_src)
    lines = replace_entries(lines, "defaults", r"services_per_1000_residents:", cap_dflt)
    write("scenarios/territories/bologna.yaml", lines)
    return residents


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    data = Path(argv[1]) if len(argv) == 2 else REPO.parent / "shared" / "data"
    try:
        costs = unit_costs()
        milano(data, costs)
        crema(data, costs)
        bologna(data, costs)
        flush()
    except Failure as e:
        print(f"make_territories: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
