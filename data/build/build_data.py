#!/usr/bin/env python3
"""Build grantplan's shipped data set (data/states.csv, data/2026/*, data/2028/*).

Reads the public election data in <repo>/../shared/data and writes the CSV files
described in MODEL.md section 1. Everything invented (the illustrative partner groups
in groups.csv) comes from random.Random with a fixed seed, drawn only through the
small helpers below (Rng), so the output is byte-identical from run to run.

Usage:  python3 data/build/build_data.py [--shared DIR]

Standard library only. See data/SOURCES.md for every source, rule and judgment.
"""

import csv
import math
import os
import random
import re
import statistics
import sys
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))        # <repo>/data/build
REPO = os.path.dirname(os.path.dirname(HERE))            # <repo>
OUT = os.path.join(REPO, "data")
DEFAULT_SHARED = os.path.normpath(os.path.join(REPO, "..", "shared", "data"))

SEED_PLACES = 1729          # place-name pool (shared by both cycles so no name repeats)
SEED_2026 = 2026            # 2026 groups
SEED_2028 = 2028            # 2028 groups
SEED_C3 = 503               # c3_room, drawn after everything else so no other value moves

DATE_2026 = "2026-11-03"
DATE_2028 = "2028-11-07"

GROUPS_COMMENT = ("# ILLUSTRATIVE DATA: every group in this file is fictional; names, numbers "
                  "and programs are invented for demonstration.")

STATES_COLS = ["state", "name", "electoral_votes", "pres_margin"]
CHAMBER_COLS = ["chamber", "name", "seats", "needed", "d_not_up", "control_value"]
RACE_COLS = ["race", "state", "office", "district", "date", "margin", "margin_sd", "rating",
             "turnout", "stakes", "chamber", "seats", "name"]
GROUP_COLS = ["group", "name", "state", "constituencies", "races", "dollars_per_net_vote",
              "room", "peer_committed", "annual_budget", "power", "c3_room"]

OFFICES = {"president", "senate", "house", "governor", "state_senate", "state_house",
           "attorney_general", "secretary_of_state", "judicial", "ballot_measure", "local"}
RATINGS = {"solid_d", "likely_d", "lean_d", "tossup", "lean_r", "likely_r", "solid_r"}
TAGS = ["youth", "black", "latino", "aapi", "native", "lgbtq", "immigrant", "rural",
        "working_class", "bipoc"]


# --------------------------------------------------------------------------- helpers

def fail(msg):
    raise SystemExit("build_data.py: CHECK FAILED: " + msg)


def check(cond, msg):
    if not cond:
        fail(msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, cols, rows, comment=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        if comment is not None:
            f.write(comment + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            extra = set(r) - set(cols)
            check(not extra, "%s: unknown columns %s" % (path, sorted(extra)))
            w.writerow([r.get(c, "") for c in cols])


def dec2(x):
    """Points rounded half-up to 2 decimals, as text; never '-0.00'."""
    s = str(Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return "0.00" if s == "-0.00" else s


def round_half_up(x):
    return int(Decimal(repr(x)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def round_to(x, step):
    return step * round_half_up(x / step)


class Rng:
    """Every random draw goes through rng.random(), whose sequence for an int seed is
    stable across Python 3 versions (unlike e.g. the internals of sample/choices)."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def u(self):
        return self.r.random()

    def uniform(self, a, b):
        return a + (b - a) * self.u()

    def loguniform(self, a, b):
        return math.exp(self.uniform(math.log(a), math.log(b)))

    def index(self, n):
        return min(int(self.u() * n), n - 1)

    def choice(self, seq):
        return seq[self.index(len(seq))]

    def weighted(self, items, weights):
        total = float(sum(weights))
        x = self.u() * total
        acc = 0.0
        for it, w in zip(items, weights):
            acc += w
            if x < acc:
                return it
        return items[-1]

    def weighted_sample(self, items, weights, k):
        items, weights = list(items), list(weights)
        out = []
        for _ in range(min(k, len(items))):
            it = self.weighted(items, weights)
            i = items.index(it)
            out.append(it)
            del items[i]
            del weights[i]
        return out

    def shuffle(self, lst):
        for i in range(len(lst) - 1, 0, -1):
            j = self.index(i + 1)
            lst[i], lst[j] = lst[j], lst[i]


def blank_race():
    return {c: "" for c in RACE_COLS}


def leg_label(label):
    """'Hillsborough 15' -> 'HILLSBOROUGH-15'; '10A' -> '10A'."""
    s = label.strip().upper().replace(" ", "-")
    check(re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", s) is not None, "odd district label %r" % label)
    return s


# --------------------------------------------------------------------------- chambers

# chamber id -> (name, seats, needed, d_not_up, control_value)
CHAMBERS_2026 = {
    "US-SEN": ("US Senate", 100, 51, 34, 20),
    "US-HOUSE": ("US House", 435, 218, 0, 15),
    "US-EC": ("Electoral College", 538, 270, 0, 0),
    "PA-HOUSE": ("Pennsylvania House of Representatives", 203, 102, 0, 3),
    "MI-HOUSE": ("Michigan House of Representatives", 110, 56, 0, 3),
    "WI-ASSEMBLY": ("Wisconsin State Assembly", 99, 50, 0, 3),
    "MN-HOUSE": ("Minnesota House of Representatives", 134, 68, 0, 3),
    "NH-HOUSE": ("New Hampshire House of Representatives", 400, 201, 0, 3),
    "GA-HOUSE": ("Georgia House of Representatives", 180, 91, 0, 3),
    "NV-ASSEMBLY": ("Nevada Assembly", 42, 22, 0, 3),
}
CHAMBERS_2028 = {
    "US-EC": ("Electoral College", 538, 270, 0, 40),
    "US-SEN": ("US Senate", 100, 51, 32, 20),
    "US-HOUSE": ("US House", 435, 218, 0, 15),
}
STATE_CHAMBERS = ["PA-HOUSE", "MI-HOUSE", "WI-ASSEMBLY", "MN-HOUSE", "NH-HOUSE", "GA-HOUSE",
                  "NV-ASSEMBLY"]
# 2024 winners per chamber (D, R), the table in ../shared/data/SOURCES.md section 5
WINNERS_2024 = {
    "PA-HOUSE": (102, 101), "MI-HOUSE": (52, 58), "WI-ASSEMBLY": (45, 54),
    "MN-HOUSE": (67, 67), "NH-HOUSE": (178, 222), "GA-HOUSE": (80, 100),
    "NV-ASSEMBLY": (27, 15), "WI-SENATE": (10, 6),
}
SENATE_D_CAUCUS_NOW = 47    # 45 D + King + Sanders, Jan 2025 onwards


def chamber_rows(table):
    return [{"chamber": cid, "name": v[0], "seats": str(v[1]), "needed": str(v[2]),
             "d_not_up": str(v[3]), "control_value": str(v[4])}
            for cid, v in sorted(table.items())]


# --------------------------------------------------------------------------- races

def states_rows(states):
    rows = []
    for s in sorted(states, key=lambda r: r["state"]):
        rows.append({"state": s["state"], "name": s["name"],
                     "electoral_votes": str(int(s["electoral_votes"])),
                     "pres_margin": dec2(s["pres_2024_margin"])})
    check(len(rows) == 51, "states.csv should have 51 rows")
    check(sum(int(r["electoral_votes"]) for r in rows) == 538, "EV total != 538")
    return rows


def statewide_prev_race(r, date, chamber, turnout):
    """Senate / governor row from races_2026.csv or races_2028.csv."""
    row = blank_race()
    row.update(race=r["race_id"], state=r["state"], office=r["office"], date=date,
               turnout=str(turnout), chamber=chamber)
    if r["prev_two_major_parties"] == "true":
        row["margin"] = dec2(r["prev_margin"])
    else:
        dem_missing = r["prev_dem_candidate"] == ""
        rep_missing = r["prev_rep_candidate"] == ""
        check(dem_missing != rep_missing, "%s: which party is missing?" % r["race_id"])
        row["rating"] = "solid_r" if dem_missing else "solid_d"
        check(row["rating"][-1] == r["prev_winner_party"].lower(),
              "%s: rating disagrees with the winner" % r["race_id"])
    return row


def house_races(house, year, date):
    """435 US House races on 2024 lines, 2024 results."""
    check(len(house) == 435, "house_2024.csv should have 435 rows")
    by_state = {}
    for h in house:
        if h["total_votes"]:
            by_state.setdefault(h["state"], []).append(int(h["total_votes"]))
    rows = []
    notes = []
    for h in house:
        row = blank_race()
        row.update(race="%d-HOUSE-%s" % (year, h["district_id"]), state=h["state"],
                   office="house", district=h["district_id"], date=date, chamber="US-HOUSE")
        contested = h["two_major_parties"] == "true" and h["unopposed_no_vote"] == "false"
        if contested:
            check(h["margin"] != "", "%s: contested without margin" % h["district_id"])
            row["margin"] = dec2(h["margin"])
        else:
            check(h["winner_party"] in ("D", "R"), "%s: winner %s" % (h["district_id"],
                                                                      h["winner_party"]))
            row["rating"] = "solid_d" if h["winner_party"] == "D" else "solid_r"
        if h["total_votes"]:
            row["turnout"] = str(int(h["total_votes"]))
        else:
            check(h["unopposed_no_vote"] == "true", "%s: no votes" % h["district_id"])
            med = statistics.median(by_state[h["state"]])
            row["turnout"] = str(round_half_up(med))
            notes.append((h["district_id"], row["turnout"], len(by_state[h["state"]])))
        rows.append(row)
    check(sorted(n[0] for n in notes) == ["FL-20", "OK-03"], "unexpected no-vote seats %s" % notes)
    return rows, notes


def statelegs_races(legs):
    rows = []
    for cid in STATE_CHAMBERS + ["WI-SENATE"]:
        rr = [r for r in legs if r["chamber"] == cid]
        d = sum(int(r["dem_seats_won"]) for r in rr)
        rep = sum(int(r["rep_seats_won"]) for r in rr)
        o = sum(int(r["other_seats_won"]) for r in rr)
        check((d, rep) == WINNERS_2024[cid] and o == 0,
              "%s: 2024 winners %d D %d R %d O, expected %s" % (cid, d, rep, o, WINNERS_2024[cid]))
    for r in legs:
        if r["chamber"] == "WI-SENATE":
            continue          # 2026 WI Senate seats are the odd ones, not in the data
        check(r["chamber"] in STATE_CHAMBERS, "unknown chamber %s" % r["chamber"])
        k = int(r["seats_in_district"])
        check(k >= 1, "seats_in_district < 1")
        check(int(r["dem_seats_won"]) + int(r["rep_seats_won"]) + int(r["other_seats_won"]) == k,
              "%s %s: winners != seats" % (r["chamber"], r["district"]))
        label = leg_label(r["district"])
        row = blank_race()
        row.update(race="2026-%s-%s" % (r["chamber"], label), state=r["state"],
                   office="state_house", district="%s-%s" % (r["chamber"], label),
                   date=DATE_2026, chamber=r["chamber"], seats=str(k))
        if r["uncontested"] == "true":
            check(r["winner_party"] in ("D", "R"),
                  "%s %s: uncontested but winner %s" % (r["chamber"], r["district"],
                                                         r["winner_party"]))
            row["rating"] = "solid_d" if r["winner_party"] == "D" else "solid_r"
        else:
            row["margin"] = dec2(r["margin"])
        tv = int(r["total_votes"])
        check(tv > 0, "%s %s: no votes" % (r["chamber"], r["district"]))
        row["turnout"] = str(round_half_up(tv / k))
        rows.append(row)
    return rows


def presidential_races(r28):
    rows = []
    for r in r28:
        if r["office"] != "president":
            continue
        row = blank_race()
        district = ""
        if r["district"]:
            district = "%s-%02d" % (r["state"], int(r["district"]))
            check(r["race_id"] == "US-PRES-2028-" + district, "odd id %s" % r["race_id"])
        check(r["prev_two_major_parties"] == "true", "%s: one-party" % r["race_id"])
        row.update(race=r["race_id"], state=r["state"], office="president", district=district,
                   date=DATE_2028, margin=dec2(r["prev_margin"]),
                   turnout=str(int(r["prev_turnout"])), chamber="US-EC",
                   seats=str(int(r["electoral_votes"])))
        rows.append(row)
    check(len(rows) == 56, "56 presidential contests expected")
    check(sum(int(x["seats"]) for x in rows) == 538, "EV sum != 538")
    for st in ("ME", "NE"):
        sw = [x for x in rows if x["state"] == st and not x["district"]]
        ds = [x for x in rows if x["state"] == st and x["district"]]
        check(len(sw) == 1 and sw[0]["seats"] == "2", "%s statewide row must carry 2 EV" % st)
        check(all(x["seats"] == "1" for x in ds), "%s district rows must carry 1 EV" % st)
    return rows


# A readable name for each race (races.csv `name`), "Body, place": see SOURCES.md.
CHAMBER_SHORT = {
    "PA-HOUSE": "Pennsylvania House", "MI-HOUSE": "Michigan House",
    "WI-ASSEMBLY": "Wisconsin Assembly", "MN-HOUSE": "Minnesota House",
    "NH-HOUSE": "New Hampshire House", "GA-HOUSE": "Georgia House",
    "NV-ASSEMBLY": "Nevada Assembly",
}
OFFICE_TITLE = {"senate": "US Senate", "governor": "Governor", "judicial": "Supreme Court",
                "president": "President"}


def name_races(races, state_by_code, legs):
    """Fill `name`: 'US Senate, Georgia', 'US House, Pennsylvania District 7', 'US House, Alaska
    at-large', 'President, Maine District 2', 'New Hampshire House, Coos 5',
    'Pennsylvania House, District 172'."""
    label_of = {}
    for r in legs:
        label_of["%s-%s" % (r["chamber"], leg_label(r["district"]))] = r["district"].strip()
    for row in races:
        state = state_by_code[row["state"]]["name"]
        office = row["office"]
        if office == "house":
            num = row["district"].split("-")[1]
            place = "%s at-large" % state if num == "AL" else "%s District %d" % (state, int(num))
            row["name"] = "US House, %s" % place
        elif office == "state_house":
            chamber = row["chamber"]
            label = label_of[row["district"]]
            place = "District %s" % label if label[0].isdigit() else label
            row["name"] = "%s, %s" % (CHAMBER_SHORT[chamber], place)
        elif office == "president" and row["district"]:
            row["name"] = "President, %s District %d" % (state, int(row["district"].split("-")[1]))
        else:
            check(office in OFFICE_TITLE, "%s: no name rule for %s" % (row["race"], office))
            row["name"] = "%s, %s" % (OFFICE_TITLE[office], state)


def add_c3_room(groups, rng):
    """c3_room: the part of the room left after peer money that is nonpartisan 501(c)(3) work
    (registration, civic education). Invented like the rest of the group: a share drawn
    uniformly in [0.2, 0.6] of the room left, in whole $5,000 (0 when no room is left)."""
    for g in groups:
        left = int(g["room"]) - int(g["peer_committed"])
        share = rng.uniform(0.2, 0.6)
        g["c3_room"] = str(min(left, round_to(left * share, 5000)))
        check(0 <= int(g["c3_room"]) <= left, "%s: c3_room" % g["group"])


def check_races(races, chambers, states):
    ids = [r["race"] for r in races]
    check(len(ids) == len(set(ids)), "duplicate race ids")
    for r in races:
        check(r["state"] in states, "%s: unknown state" % r["race"])
        check(r["office"] in OFFICES, "%s: office %s" % (r["race"], r["office"]))
        check(re.fullmatch(r"\d{4}-\d\d-\d\d", r["date"]) is not None, "%s: date" % r["race"])
        check((r["margin"] == "") != (r["rating"] == ""), "%s: need exactly one of margin/rating"
              % r["race"])
        if r["margin"]:
            check(-100 <= float(r["margin"]) <= 100, "%s: margin" % r["race"])
        if r["rating"]:
            check(r["rating"] in RATINGS, "%s: rating" % r["race"])
        check(int(r["turnout"]) > 0, "%s: turnout" % r["race"])
        if r["chamber"]:
            check(r["chamber"] in chambers, "%s: unknown chamber %s" % (r["race"], r["chamber"]))
        if r["seats"]:
            check(int(r["seats"]) > 0 and r["chamber"], "%s: seats" % r["race"])
        for c in ("margin_sd", "stakes"):
            check(r[c] == "", "%s: %s should be blank" % (r["race"], c))


def check_chamber_seats(races, chambers, up_rule):
    """up_rule: chamber -> number of seats that must be on the ballot."""
    for cid, (name, seats, needed, d_not_up, cv) in sorted(chambers.items()):
        got = sum(int(r["seats"] or 1) for r in races if r["chamber"] == cid)
        check(got == up_rule[cid], "%s: %d seats on the ballot, expected %d" % (cid, got,
                                                                             up_rule[cid]))
        check(0 < needed <= seats and d_not_up + got <= seats, "%s: needed/seats" % cid)


# --------------------------------------------------------------------------- groups

# Handcrafted vocabulary. Prefixes are uncommon plant / bird / mineral words; combined with a
# landform they make invented place names ("Sable Ridge"), never a real organization's name.
PREFIXES = [
    "Tamarack", "Sable", "Kestrel", "Larkspur", "Yarrow", "Thistle", "Teasel", "Chicory",
    "Dunlin", "Nightjar", "Bramble", "Cinder", "Fallow", "Umber", "Vesper", "Willet",
    "Saffron", "Quillwater", "Ironweed", "Goldthread", "Blackhaw", "Mallow", "Foxglove",
    "Redwing", "Silverbell", "Jessamine", "Moonseed", "Bittern", "Sorrel", "Pokeweed",
    "Snowberry", "Spicebush", "Tanager", "Veery", "Whimbrel", "Sweetfern", "Loosestrife",
    "Pipewort", "Switchgrass", "Bellwort", "Coneflower", "Dogbane", "Gentian", "Harebell",
    "Inkberry", "Jewelweed", "Nannyberry", "Oxeye", "Quillwort", "Ragwort", "Smartweed",
    "Toadflax", "Vervain", "Grebe", "Phalarope", "Plover", "Sanderling", "Shrike", "Thrasher",
    "Towhee", "Vireo", "Feldspar", "Mica", "Obsidian", "Marrowind", "Brackenfold",
    "Lanternbrook", "Heronsgate", "Copperleaf", "Wrenfield", "Alderwick", "Hollin", "Merlin",
    "Killdeer", "Bunchberry", "Buttonbush", "Cattail", "Chokecherry", "Dewberry", "Elderleaf",
    "Fireweed", "Groundsel", "Hackberry", "Indigo", "Juneberry", "Kinnikinnick", "Leadplant",
    "Milkvetch", "Ninebark", "Oatgrass", "Partridgeberry", "Pennycress", "Rushwick",
    "Sandwort", "Tupelo", "Wintercress", "Woodsorrel",
]
SUFFIX_GENERIC = ["Creek", "Ridge", "Hollow", "Bend", "Crossing", "Run", "Falls", "Valley",
                  "Point", "Bluff", "Landing", "Fork", "Heights", "Basin", "Grove", "River"]
SUFFIX_REGION = {
    "AZ": ["Mesa", "Wash", "Arroyo", "Canyon", "Butte"],
    "NV": ["Mesa", "Wash", "Canyon", "Butte", "Flats"],
    "TX": ["Mesa", "Arroyo", "Prairie", "Draw", "Flats"],
    "CA": ["Canyon", "Arroyo", "Flats"],
    "GA": ["Branch", "Shoals", "Piedmont Crossing"],
    "NC": ["Branch", "Shoals", "Gap"],
    "FL": ["Hammock", "Key", "Shoals"],
    "LA": ["Bayou", "Parish Landing", "Levee"],
    "MS": ["Bayou", "Bottoms", "Levee"],
    "KY": ["Knob", "Gap", "Holler"],
    "MI": ["Narrows", "Harbor", "Portage"],
    "WI": ["Narrows", "Portage", "Coulee"],
    "MN": ["Portage", "Narrows", "Prairie"],
    "NH": ["Notch", "Intervale", "Brook"],
    "ME": ["Cove", "Notch", "Brook"],
    "AK": ["Inlet", "Sound", "Slough"],
    "IA": ["Prairie", "Bottoms"],
    "NE": ["Prairie", "Sandhills Crossing"],
    "OH": ["Bottoms", "Lick"],
    "PA": ["Gap", "Hollow", "Glen"],
    "NY": ["Kill", "Glen"],
}

PROGRAMS = {
    "youth": ["{P} Youth Voters", "{P} Student Vote Project", "{P} Young Voters Collective",
              "Campus Ballot League of {P}", "{P} Youth Civic Table", "{P} First-Time Voters Network"],
    "black": ["{P} Black Voter Project", "{P} Black Civic Alliance", "{P} Black Families Vote",
              "{P} Black Community Ballot Circle", "Black Voter Council of {P}"],
    "latino": ["{P} Latino Civic Alliance", "{P} Latino Families Vote", "{P} Latino Voter Network",
               "{P} Hispanic Civic League"],
    "aapi": ["{P} AAPI Civic Table", "{P} Asian American Voter Network", "{P} AAPI Families Vote"],
    "native": ["{P} Native Vote Circle", "{P} Tribal Voter Alliance",
               "{P} Indigenous Voters Council"],
    "lgbtq": ["{P} Pride Votes", "{P} LGBTQ Civic Alliance", "{P} Queer Voter Project"],
    "immigrant": ["{P} New Americans Coalition", "{P} Immigrant Families Vote",
                  "{P} Newcomer Civic League"],
    "rural": ["{P} Rural Neighbors Network", "{P} Farm and Town Voters", "{P} Rural Civic Circle",
              "{P} Small Towns Vote"],
    "working_class": ["{P} Workers Civic Council", "{P} Tenants and Workers Alliance",
                      "{P} Shift Workers Vote", "{P} Laborers Civic League"],
    "bipoc": ["{P} Communities of Color Alliance", "{P} Multiracial Voter Project",
              "{P} People's Civic Table"],
}
# words that would echo real organizations; asserted absent from every name
REAL_ORG_WORDS = ["indivisible", "sunrise", "nextgen", "next gen", "mi familia", "working families",
                  "fair fight", "new georgia", "lucha", "voces", "voters matter", "mijente",
                  "unidos", "one pennsylvania", "down home", "take action", "isaiah", "bloc",
                  "poder", "jolt", "step up", "emgage", "appleseed", "four directions"]

# Constituency weights per state: which tags a plausible group there carries. Tags absent
# from a state's table are never drawn there (e.g. `native` only where there are sizeable
# tribal nations in the program area: AZ, AK, MN, NC, NV, WI).
BASE = {"youth": 6, "lgbtq": 2, "rural": 2, "working_class": 3, "bipoc": 2}


def tagw(**kw):
    d = dict(BASE)
    d.update(kw)
    return d


STATE_TAGS = {
    "GA": tagw(black=6, latino=2, aapi=2, immigrant=2, rural=2),
    "MI": tagw(black=4, latino=1, aapi=1, immigrant=2, rural=2),
    "NC": tagw(black=5, latino=2, native=1.5, immigrant=1, rural=3),
    "PA": tagw(black=4, latino=3, aapi=1, immigrant=2, rural=2),
    "WI": tagw(black=3, latino=2, aapi=1.5, native=1, immigrant=1, rural=3),
    "AZ": tagw(latino=6, native=3, immigrant=3, aapi=0.5, black=0.5),
    "NV": tagw(latino=5, aapi=3, black=2, immigrant=3, native=1),
    "NH": tagw(rural=4, immigrant=1, lgbtq=2, bipoc=1),
    "MN": tagw(native=2, immigrant=3, aapi=2, black=2, rural=3),
    "ME": tagw(rural=5, immigrant=1.5, lgbtq=2, bipoc=0.5),
    "TX": tagw(latino=6, black=3, aapi=1.5, immigrant=3),
    "OH": tagw(black=4, rural=3, immigrant=0.5, latino=0.5),
    "IA": tagw(rural=5, latino=1.5, immigrant=1.5),
    "NE": tagw(rural=4, latino=2, black=1.5, immigrant=2),
    "AK": tagw(native=5, rural=3, aapi=1),
    "CA": tagw(latino=4, aapi=4, immigrant=3),
    "NY": tagw(latino=2, black=2, aapi=2, immigrant=3),
    "FL": tagw(latino=4, black=3, immigrant=3),
    "KY": tagw(black=3, rural=5, immigrant=0.5),
    "LA": tagw(black=6, rural=2, immigrant=0.5, latino=0.5),
    "MS": tagw(black=7, rural=3),
}

# groups per state
COUNTS_2026 = {"GA": 14, "MI": 14, "NC": 12, "PA": 14, "WI": 12, "AZ": 12, "NV": 10, "NH": 9,
               "MN": 10, "ME": 5, "TX": 6, "OH": 6, "IA": 4, "NE": 5, "AK": 3, "CA": 4, "NY": 4,
               "FL": 5}
COUNTS_2028 = {"PA": 15, "MI": 14, "WI": 13, "GA": 14, "NC": 14, "AZ": 12, "NV": 11, "NE": 5,
               "ME": 5, "NH": 6, "MN": 6, "TX": 6, "FL": 5, "OH": 5, "IA": 4, "KY": 5, "LA": 4,
               "MS": 5}
# groups that must list district races: CA/NY programs are House-district programs (2026);
# NE/ME groups are NE-02 / ME-02 programs (2028)
FORCE_DISTRICT_2026 = {"CA": 4, "NY": 4}
PAIRED_2028 = {"NE": 4, "ME": 3}        # groups listing the -02 presidential + House pair
FULLY_COVERED = 4                       # groups with peer_committed == room


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower().replace("'", "")).strip("-")


class PlaceNames:
    def __init__(self, seed):
        self.rng = Rng(seed)
        self.used = set()

    def new_file(self):
        self.prefix_count = {}
        self.prefix_state = set()

    def draw(self, state):
        suffixes = SUFFIX_REGION.get(state, []) * 2 + SUFFIX_GENERIC
        for _ in range(10000):
            p = self.rng.choice(PREFIXES)
            s = self.rng.choice(suffixes)
            name = p + " " + s
            if (name in self.used or self.prefix_count.get(p, 0) >= 2
                    or (p, state) in self.prefix_state):
                continue
            self.used.add(name)
            self.prefix_count[p] = self.prefix_count.get(p, 0) + 1
            self.prefix_state.add((p, state))
            return name
        fail("ran out of place names")


def district_pool(races, state):
    """District races a group in `state` may list: the competitive ones (|margin| < 10);
    where a state has fewer than 4, its 4 closest contested district races. Also returns the
    most races one group lists there: 4, or (fewer than 3 competitive races) one more than
    the number of competitive races, at least 2."""
    cands = [r for r in races if r["state"] == state and r["district"] and r["margin"]]
    comp = [r for r in cands if abs(float(r["margin"])) < 10]
    max_list = 4 if len(comp) >= 3 else max(2, len(comp) + 1)
    if len(comp) < 4:
        comp = sorted(cands, key=lambda r: (abs(float(r["margin"])), r["race"]))[:4]
    return sorted(comp, key=lambda r: r["race"]), max_list


def draw_shares(rng, k):
    """k shares, 2 decimals, each in (0, 1], summing to at most 1 (or a bare race when k=1)."""
    if k == 1:
        if rng.u() < 0.5:
            return [None]
        return [round_half_up(rng.uniform(0.3, 1.0) * 100)]
    total = rng.uniform(0.6, 1.0)
    w = [rng.uniform(0.3, 1.0) for _ in range(k)]
    s = sum(w)
    cents = [max(5, int(math.floor(total * x / s * 100))) for x in w]
    return cents


# Cost per net vote, dollars: log-uniform over this range (README "What money can move",
# data/SOURCES.md §5: tens of dollars per additional vote for the best contact tactics, divided
# by the net share of a mobilized voter; far more for impersonal tactics).
DPNV_RANGE = (60, 600)
# Reach: one group alone, with all its room, buys at most this many points of the turnout of
# any race it reaches (a listed district at its share, a statewide race in its state at 1).
# Twice the default effect ceiling (2 points); `grantplan validate` warns at three times.
REACH_POINTS = 4.0
# A listed district's share is lowered no further than this (in cents) before the room is.
MIN_REACH_CENTS = 10


def fit_reach(room, dpnv, listed, turnout_of, statewide, same_share=False):
    """Make a group's reach respect the size of the races it reaches (SOURCES.md §5, Reach).
    Its full room buys room/dpnv net votes: at most REACH_POINTS% of the smallest statewide
    race in its state, and, at a listed district's share, at most REACH_POINTS% of that
    district's turnout. Where the share would have to fall below MIN_REACH_CENTS (or its drawn
    share, if smaller) the room comes down instead (in whole $5,000, at least $50,000); then
    each share is lowered, in whole cents, to fit. Deterministic; draws nothing."""
    def most(turnout):          # dollars whose net votes are REACH_POINTS% of the turnout
        return REACH_POINTS / 100.0 * turnout * dpnv

    cap = float(room)
    if statewide is not None:
        cap = min(cap, most(statewide))
    for r, c in listed:
        floor_cents = min(100 if c is None else c, MIN_REACH_CENTS)
        cap = min(cap, most(turnout_of[r]) * 100.0 / floor_cents)
    room = max(50000, min(room, 5000 * int(cap // 5000)))
    fitted = []
    for r, c in listed:
        allowed = int(math.floor(most(turnout_of[r]) * 100.0 / room))
        cents = 100 if c is None else c
        fitted.append((r, c if cents <= allowed else min(cents, allowed)))
    if same_share and fitted:
        low = min(100 if c is None else c for _, c in fitted)
        fitted = [(r, None if low >= 100 else low) for r, _ in fitted]
    for r, c in fitted:
        cents = 100 if c is None else c
        check(cents >= 1, "%s: a share under 0.01 would fit" % r)
        check(room * cents / 100.0 <= most(turnout_of[r]) + 1e-6, "%s: reach" % r)
    check(statewide is None or room <= most(statewide) + 1e-6, "statewide reach")
    return room, fitted


def fmt_share(race, cents):
    if cents is None or cents >= 100:
        return race
    return "%s:%s" % (race, dec2(cents / 100.0))


def make_groups(cycle, counts, races, rng, places, force_district=None, paired=None):
    force_district = force_district or {}
    paired = paired or {}
    places.new_file()
    turnout_of = {r["race"]: int(r["turnout"]) for r in races}
    statewide_turnout = {}          # state -> turnout of its smallest statewide race
    for r in races:
        if not r["district"]:
            t = int(r["turnout"])
            statewide_turnout[r["state"]] = min(t, statewide_turnout.get(r["state"], t))
    groups = []
    for st in sorted(counts):
        pool, max_list = district_pool(races, st)
        check(pool, "%s: no district races to choose from" % st)
        n = counts[st]
        # which groups in this state list district races
        n_dist = force_district.get(st, paired.get(st, None))
        if n_dist is None:
            n_dist = round_half_up(n * 0.55)
        with_races = [True] * n_dist + [False] * (n - n_dist)
        rng.shuffle(with_races)
        for i in range(n):
            weights = STATE_TAGS[st]
            tags = sorted(weights)
            k = rng.weighted([1, 2, 3], [0.4, 0.4, 0.2])
            chosen = rng.weighted_sample(tags, [weights[t] for t in tags], k)
            primary = chosen[0]
            template = rng.choice(PROGRAMS[primary])
            place = places.draw(st)
            name = template.replace("{P}", place)
            gid = "%s-%s" % (st.lower(), slug(name))
            # constituencies listed in canonical tag order
            cons = ";".join(t for t in TAGS if t in chosen)

            listed = []                 # (race id, share in cents or None = bare)
            if with_races[i]:
                if st in paired:
                    pair = ["US-PRES-%d-%s-02" % (cycle, st), "%d-HOUSE-%s-02" % (cycle, st)]
                    c = draw_shares(rng, 1)[0]
                    listed = [(r, c) for r in pair]
                else:
                    nr = min(max_list, rng.weighted([1, 2, 3, 4], [0.35, 0.30, 0.20, 0.15]))
                    picked = rng.weighted_sample(
                        [r["race"] for r in pool],
                        [1.0 / (2.0 + abs(float(r["margin"]))) for r in pool], nr)
                    picked.sort()
                    shares = draw_shares(rng, len(picked))
                    listed = list(zip(picked, shares))

            dpnv = round_half_up(rng.loguniform(*DPNV_RANGE))
            room = min(2000000, max(50000, round_to(rng.loguniform(50000, 2000000), 5000)))
            room, listed = fit_reach(room, dpnv, listed, turnout_of, statewide_turnout.get(st),
                                     same_share=st in paired)
            race_list = [fmt_share(r, c) for r, c in listed]
            peer = 0
            if rng.u() >= 0.5:
                peer = min(room, max(5000, round_to(room * rng.uniform(0.05, 0.60), 5000)))
            budget = ""
            if rng.u() >= 0.10:
                budget = str(round_to(room * rng.uniform(1.2, 4.0), 10000))
            power = ""
            if rng.u() >= 0.05:
                power = dec2(rng.uniform(0.1, 0.9))
            groups.append({
                "group": gid, "name": name, "state": st, "constituencies": cons,
                "races": ";".join(race_list), "dollars_per_net_vote": str(dpnv),
                "room": str(room), "peer_committed": str(peer), "annual_budget": budget,
                "power": power,
            })
    groups.sort(key=lambda g: g["group"])
    # a few groups whose room is fully covered by other funders
    cand = [g for g in groups if g["peer_committed"] != "0"]
    for _ in range(FULLY_COVERED):
        g = cand.pop(rng.index(len(cand)))
        g["peer_committed"] = g["room"]
    return groups


def check_groups(groups, races, cycle, counts):
    by_id = {r["race"]: r for r in races}
    ids = [g["group"] for g in groups]
    check(len(ids) == len(set(ids)), "duplicate group ids")
    check(ids == sorted(ids), "groups not sorted")
    names = [g["name"] for g in groups]
    check(len(names) == len(set(names)), "duplicate group names")
    tagcount = {t: 0 for t in TAGS}
    with_races = 0
    full = 0
    for g in groups:
        check(re.fullmatch(r"[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*", g["group"]) is not None,
              "bad id %s" % g["group"])
        check(g["group"].startswith(g["state"].lower() + "-"), "%s: id/state" % g["group"])
        low = g["name"].lower()
        for w in REAL_ORG_WORDS:
            check(w not in low, "%s: name echoes a real organization (%s)" % (g["name"], w))
        cons = g["constituencies"].split(";")
        check(1 <= len(cons) <= 3 and len(set(cons)) == len(cons), "%s: tags" % g["group"])
        for t in cons:
            check(t in TAGS and STATE_TAGS[g["state"]].get(t, 0) > 0,
                  "%s: tag %s not allowed in %s" % (g["group"], t, g["state"]))
            tagcount[t] += 1
        if g["races"]:
            with_races += 1
            items = g["races"].split(";")
            check(1 <= len(items) <= 4, "%s: 1-4 races" % g["group"])
            seen = set()
            total = Decimal(0)
            for it in items:
                rid, _, share = it.partition(":")
                check(rid in by_id, "%s: unknown race %s" % (g["group"], rid))
                check(rid not in seen, "%s: race listed twice" % g["group"])
                seen.add(rid)
                r = by_id[rid]
                check(r["state"] == g["state"], "%s: race %s in another state" % (g["group"], rid))
                check(r["district"] != "", "%s: statewide race %s listed" % (g["group"], rid))
                if share:
                    check(re.fullmatch(r"[01]\.\d\d", share) is not None
                          and 0 < Decimal(share) <= 1, "%s: share %s" % (g["group"], share))
                    total += Decimal(share)
        dpnv = int(g["dollars_per_net_vote"])
        room = int(g["room"])
        peer = int(g["peer_committed"])
        check(DPNV_RANGE[0] <= dpnv <= DPNV_RANGE[1], "%s: dollars_per_net_vote" % g["group"])
        check(50000 <= room <= 2000000 and room % 5000 == 0, "%s: room" % g["group"])
        check(0 <= peer <= room and peer % 5000 == 0, "%s: peer" % g["group"])
        full += peer == room
        if g["annual_budget"]:
            b = int(g["annual_budget"])
            check(b % 10000 == 0 and 1.15 * room <= b <= 4.05 * room, "%s: budget" % g["group"])
        if g["power"]:
            check(0.1 <= float(g["power"]) <= 0.9, "%s: power" % g["group"])
    check(full == FULLY_COVERED, "fully covered groups: %d" % full)
    for t in TAGS:
        check(tagcount[t] >= 4, "tag %s used by only %d groups" % (t, tagcount[t]))
    check(tagcount["youth"] >= 20, "youth: %d" % tagcount["youth"])
    check(tagcount["immigrant"] >= 10, "immigrant: %d" % tagcount["immigrant"])
    share = with_races / float(len(groups))
    check(0.5 <= share <= 0.7, "share of groups with district races: %.2f" % share)
    per_state = {}
    for g in groups:
        per_state[g["state"]] = per_state.get(g["state"], 0) + 1
    check(per_state == counts, "groups per state")
    return tagcount, with_races


# --------------------------------------------------------------------------- verify

def verify_outputs():
    """Re-read the written files and check them as the tool will see them."""
    def load(rel, cols, comment=None):
        path = os.path.join(OUT, rel)
        with open(path, newline="", encoding="utf-8") as f:
            lines = f.read().split("\n")
        check(lines[-1] == "", "%s: must end with a newline" % rel)
        lines = lines[:-1]
        if comment is not None:
            check(lines[0] == comment, "%s: first line must be the illustrative-data comment" % rel)
            lines = lines[1:]
        check(all(not ln.startswith("#") for ln in lines), "%s: stray comment line" % rel)
        rows = list(csv.reader(lines))
        check(rows[0] == cols, "%s: header" % rel)
        check(all(len(r) == len(cols) for r in rows), "%s: ragged rows" % rel)
        return [dict(zip(cols, r)) for r in rows[1:]]

    st = load("states.csv", STATES_COLS)
    codes = {r["state"] for r in st}
    check([r["state"] for r in st] == sorted(codes) and len(codes) == 51, "states.csv order")
    for cycle in ("2026", "2028"):
        ch = load(os.path.join(cycle, "chambers.csv"), CHAMBER_COLS)
        ra = load(os.path.join(cycle, "races.csv"), RACE_COLS)
        gr = load(os.path.join(cycle, "groups.csv"), GROUP_COLS, comment=GROUPS_COMMENT)
        chambers = {c["chamber"]: c for c in ch}
        ids = [r["race"] for r in ra]
        check(ids == sorted(ids) and len(ids) == len(set(ids)), "%s races order/unique" % cycle)
        races = {r["race"]: r for r in ra}
        for r in ra:
            check(r["state"] in codes, "%s: state" % r["race"])
            check(r["chamber"] == "" or r["chamber"] in chambers, "%s: chamber" % r["race"])
        for cid, c in chambers.items():
            seats = sum(int(r["seats"] or 1) for r in ra if r["chamber"] == cid)
            total = int(c["seats"])
            if cid in STATE_CHAMBERS or cid in ("US-HOUSE",) or (cid == "US-EC" and seats):
                check(seats == total, "%s %s: seats on ballot %d != %d" % (cycle, cid, seats, total))
            else:
                check(seats + int(c["d_not_up"]) <= total, "%s %s: seats" % (cycle, cid))
        for g in gr:
            check(g["state"] in codes, "%s: state" % g["group"])
            for it in filter(None, g["races"].split(";")):
                rid = it.split(":")[0]
                check(rid in races and races[rid]["state"] == g["state"]
                      and races[rid]["district"] != "", "%s: race %s" % (g["group"], rid))


# --------------------------------------------------------------------------- main

def main(argv):
    shared = DEFAULT_SHARED
    if len(argv) == 3 and argv[1] == "--shared":
        shared = os.path.abspath(argv[2])
    elif len(argv) != 1:
        raise SystemExit(__doc__)

    states = read_csv(os.path.join(shared, "states.csv"))
    r26 = read_csv(os.path.join(shared, "races_2026.csv"))
    r27 = read_csv(os.path.join(shared, "races_2027.csv"))
    r28 = read_csv(os.path.join(shared, "races_2028.csv"))
    house = read_csv(os.path.join(shared, "house_2024.csv"))
    legs = read_csv(os.path.join(shared, "statelegs_2024.csv"))
    state_codes = {s["state"] for s in states}
    state_by_code = {s["state"]: s for s in states}

    # ---------------- states.csv
    srows = states_rows(states)
    write_csv(os.path.join(OUT, "states.csv"), STATES_COLS, srows)

    # ---------------- 2026
    sen26 = [r for r in r26 if r["office"] == "senate"]
    gov26 = [r for r in r26 if r["office"] == "governor"]
    check(len(sen26) == 35 and len(gov26) == 36, "races_2026: 35 Senate + 36 governor")
    d_up_26 = sum(r["incumbent_party"] == "D" for r in sen26)
    check(d_up_26 == 13, "13 D Senate seats up in 2026, got %d" % d_up_26)
    check(CHAMBERS_2026["US-SEN"][3] == SENATE_D_CAUCUS_NOW - d_up_26, "2026 d_not_up")

    races26 = []
    for r in r26:
        races26.append(statewide_prev_race(r, DATE_2026,
                                           "US-SEN" if r["office"] == "senate" else "",
                                           int(r["prev_total_votes"])))
    h26, nov = house_races(house, 2026, DATE_2026)
    races26 += h26
    races26 += statelegs_races(legs)
    races26.sort(key=lambda r: r["race"])
    name_races(races26, state_by_code, legs)
    check_races(races26, CHAMBERS_2026, state_codes)
    up26 = {"US-SEN": 35, "US-HOUSE": 435, "US-EC": 0}
    for c in STATE_CHAMBERS:
        up26[c] = CHAMBERS_2026[c][1]       # every seat is up (two-year terms)
    check_chamber_seats(races26, CHAMBERS_2026, up26)

    places = PlaceNames(SEED_PLACES)
    g26 = make_groups(2026, COUNTS_2026, races26, Rng(SEED_2026), places,
                      force_district=FORCE_DISTRICT_2026)
    tags26, wr26 = check_groups(g26, races26, 2026, COUNTS_2026)

    write_csv(os.path.join(OUT, "2026", "chambers.csv"), CHAMBER_COLS, chamber_rows(CHAMBERS_2026))
    write_csv(os.path.join(OUT, "2026", "races.csv"), RACE_COLS, races26)
    add_c3_room(g26, Rng(SEED_C3 + 2026))
    write_csv(os.path.join(OUT, "2026", "groups.csv"), GROUP_COLS, g26, comment=GROUPS_COMMENT)

    # ---------------- 2028
    sen28 = [r for r in r28 if r["office"] == "senate"]
    gov28 = [r for r in r28 if r["office"] == "governor"]
    check(len(sen28) == 34 and len(gov28) == 11, "races_2028: 34 Senate + 11 governor")
    d_up_28 = sum(r["incumbent_party"] == "D" for r in sen28)
    check(d_up_28 == 15, "15 D Class III seats, got %d" % d_up_28)
    check(CHAMBERS_2028["US-SEN"][3] == SENATE_D_CAUCUS_NOW - d_up_28, "2028 d_not_up")

    races28 = presidential_races(r28)
    for r in sen28:
        # same ballot as the presidential race: expected votes = 2024 presidential valid votes
        races28.append(statewide_prev_race(r, DATE_2028, "US-SEN",
                                           int(state_by_code[r["state"]]["total_votes_2024"])))
    for r in gov28:
        races28.append(statewide_prev_race(r, DATE_2028, "", int(r["prev_turnout"])))
    h28, _ = house_races(house, 2028, DATE_2028)
    races28 += h28
    check(len(r27) == 4, "races_2027: 4 rows")
    for r in r27:
        row = blank_race()
        row.update(race=r["race_id"], state=r["state"], office=r["office"], date=r["date"],
                   margin=dec2(r["prev_margin"]), turnout=str(int(r["prev_total_votes"])))
        races28.append(row)
    races28.sort(key=lambda r: r["race"])
    name_races(races28, state_by_code, legs)
    check_races(races28, CHAMBERS_2028, state_codes)
    check_chamber_seats(races28, CHAMBERS_2028, {"US-EC": 538, "US-SEN": 34, "US-HOUSE": 435})

    g28 = make_groups(2028, COUNTS_2028, races28, Rng(SEED_2028), places, paired=PAIRED_2028)
    tags28, wr28 = check_groups(g28, races28, 2028, COUNTS_2028)
    for st in ("KY", "LA", "MS"):
        check(sum(g["state"] == st for g in g28) >= 4, "2028: need 4+ groups in %s" % st)

    write_csv(os.path.join(OUT, "2028", "chambers.csv"), CHAMBER_COLS, chamber_rows(CHAMBERS_2028))
    write_csv(os.path.join(OUT, "2028", "races.csv"), RACE_COLS, races28)
    add_c3_room(g28, Rng(SEED_C3 + 2028))
    write_csv(os.path.join(OUT, "2028", "groups.csv"), GROUP_COLS, g28, comment=GROUPS_COMMENT)

    verify_outputs()

    # ---------------- report
    print("states.csv: %d states" % len(srows))
    for cycle, races, chambers, groups, tags, wr in (
            (2026, races26, CHAMBERS_2026, g26, tags26, wr26),
            (2028, races28, CHAMBERS_2028, g28, tags28, wr28)):
        print("%d/chambers.csv: %d chambers" % (cycle, len(chambers)))
        print("%d/races.csv: %d races" % (cycle, len(races)))
        offices = {}
        for r in races:
            offices[r["office"]] = offices.get(r["office"], 0) + 1
        print("  by office: " + ", ".join("%s %d" % kv for kv in sorted(offices.items())))
        for cid in sorted(chambers):
            rr = [r for r in races if r["chamber"] == cid]
            seats = sum(int(r["seats"] or 1) for r in rr)
            rated = sum(1 for r in rr if r["rating"])
            print("  %-12s races %4d  seats %4d  (of %d; needed %d; d_not_up %d)  rated %d"
                  % (cid, len(rr), seats, chambers[cid][1], chambers[cid][2], chambers[cid][3],
                     rated))
        print("%d/groups.csv: %d groups, %d list district races" % (cycle, len(groups), wr))
        print("  tags: " + ", ".join("%s %d" % (t, tags[t]) for t in TAGS))
    for d, t, n in nov:
        print("turnout for %s = median of the other %d districts in the state = %s" % (d, n, t))


if __name__ == "__main__":
    main(sys.argv)
