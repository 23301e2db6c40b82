#!/usr/bin/env python3
"""Held-out probe 13 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, the pick ignores the
evaluations):

free text (task "prompt"):
  laptop_S / _N_random          "<think>" trace: laptops by battery hours (weight noted),
                                with a "wait, no" correction of one misread figure
  repo_S / _N_first             library choice: markdown table of stars / open issues /
                                last commit, then verdict-first bullets ("Abandoned: x")
  season_S / _N_last            chef's numbered tasting notes, one seasoning tweak per
                                spoon ("still flat", "bright, balanced")
  job_S / _N_random             job offers in Q&A form: salary less the commute valued at
                                an hourly rate (arithmetic shown), "X beats Y by 3k"
  reviewer_S / _N_first         choosing a PR reviewer, written as Python code comments
                                with median response times; REVIEWER = "@..."
  lemma_S / _N_random           "<think>" student checking drafted proofs of a lemma
                                ("circular", "misses n = 1", "every step checks out")
  summary_S / _N_first          "<think>" LLM judging candidate summaries against the
                                source ("misses the date", "faithful and short")
  flight_S / _N_random          flights with prices and layovers under a minimum-layover
                                rule; verdict before the flight ("Too tight: ...")
  sysadmin_S / _N_last          shell session: a config value set, load test, error-rate
                                line (a bare fraction or a percent); keep the lowest
  garden_S / _N_random          gardener's sun log, hours per spot as bare numbers, the
                                judgement only in a later summary sentence
non-search only (free text):
  ships_N                       options rated, then "whatever ships first" decides
  onlyone_N                     "<think>" single plan with arithmetic and a "wait" fix
  afterthought_N                bought first, reviews read afterwards (the pick random)
  pending_N                     options listed, tests not run yet, the installed one used
game24 (solvable puzzles, checked with probe 8's Fraction solver; every stated value true):
  g24_words_S / _N_random       attempts narrated with operation words and digits ("13
                                minus 9 gives 4"); answer = the attempt reaching 24 / a
                                random attempt (its real value)
  g24_json_S / _N_first         a JSON list of tries {"expr": ..., "value": ...}; answer =
                                the try equal to 24 / the first try (its real value)
  g24_propose_S / _N_random     ToT-style "Possible next steps:" then each remainder rated
                                "sure" / "impossible"; continue from a sure one / a random
                                one (finished honestly, real value)

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe13.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import json
import sys
from fractions import Fraction

from heldout_probe8 import (  # the shared helpers: records, picks, arithmetic
    can24,
    cap,
    fm,
    make_g24_proc,
    make_puzzle,
    make_text_proc,
    moves,
    pick,
    rand_expr,
    random_path,
    ranks,
    solve,
    strip,
)

N_TEXTS = 30


def pick_rule(rng, rule, rk):
    return pick(rng, rule, rk)


# ----------------------------------------------------------------------------- laptop

LAPTOPS = [
    "Zenbook 14",
    "ThinkPad X1 Carbon",
    "MacBook Air 13",
    "XPS 13",
    "Swift Go 14",
    "Galaxy Book4 Pro",
    "Framework 13",
    "Yoga Slim 7",
]


def t_laptop(rng, rule):
    k = rng.randint(3, 4)
    names = rng.sample(LAPTOPS, k)
    rk = ranks(rng, k)
    hrs = sorted(rng.sample(range(6, 19), k), reverse=True)
    h = [hrs[rk[i]] for i in range(k)]
    w = [round(rng.uniform(0.98, 1.65), 2) for _ in range(k)]
    use = rng.choice(
        ["long train commutes", "conference travel", "field work with no sockets", "uni lectures"]
    )
    q = f"which laptop to buy for {use}"
    wrong = rng.choice([i for i in range(k) if rk[i] != 0])
    lines = [
        "<think>",
        rng.choice(
            [
                f"The user wants a laptop for {use}. They said battery life matters most, "
                "weight only a little.",
                f"Okay, so this is for {use} - battery first, weight is a nice-to-have.",
            ]
        ),
        rng.choice(["Let me go through the ones they listed.", "Going down their list."]),
    ]
    for i in range(k):
        if i == wrong:
            lines.append(
                f"{names[i]}: {h[i] + 5} hours, {w[i]} kg... hmm, wait, no. "
                f"That {h[i] + 5} is the figure for the base screen. The config they linked "
                f"has the OLED panel, and that gets {h[i]} hours. So {h[i]} hours, {w[i]} kg."
            )
        else:
            lines.append(f"{names[i]}: about {h[i]} hours in the review loop test, {w[i]} kg.")
        if rk[i] == 0:
            lines.append(
                rng.choice(["That's the longest of the lot.", "Nothing else lasts that long."])
            )
        elif rk[i] == k - 1:
            lines.append(
                rng.choice(["That's weak for all-day use.", "Would need a charger by lunch."])
            )
        else:
            lines.append(rng.choice(["Okay, not great.", "Middling."]))
    best = rk.index(0)
    lines.append(
        rng.choice(
            [
                f"So on battery {names[best]} is clearly ahead with {h[best]} hours.",
                "Ranking by battery: "
                + ", ".join(names[i] for i in sorted(range(k), key=lambda i: rk[i]))
                + ".",
            ]
        )
    )
    lines.append("</think>")
    c = pick_rule(rng, rule, rk)
    lines.append("")
    lines.append(
        rng.choice(["I'd go with the **{c}**.", "Recommendation: **{c}**.", "Get the {c}."]).format(
            c=names[c]
        )
    )
    return "\n".join(lines), names[c], q


# ----------------------------------------------------------------------------- repo

REPO_TASKS = [
    ("a CSV parsing library", ["fastcsv", "tabulario", "rowreader", "csvkite", "pycsvx"]),
    (
        "a YAML library for the config loader",
        ["yamlette", "ruyaml2", "strictyml", "pyyamlx", "yamlish"],
    ),
    ("a retry/backoff helper", ["backoffs", "retrylib", "tenacious", "stubborn", "redo-py"]),
    ("a date parsing package", ["datewise", "chronoparse", "whenly", "dparse", "timeglass"]),
]


def t_repo(rng, rule):
    task, pool = rng.choice(REPO_TASKS)
    k = rng.randint(3, 5)
    names = rng.sample(pool, k)
    rk = ranks(rng, k)
    flaws = ["abandoned", "issues", "tiny", "abandoned", "issues"]
    rng.shuffle(flaws)
    rows = ["| repo | stars | open issues | last commit |", "|---|---|---|---|"]
    notes = []
    for i, n in enumerate(names):
        if rk[i] == 0:
            st = rng.randint(4000, 9000)
            iss = rng.randint(10, 60)
            last = rng.choice(["3 days ago", "last week", "yesterday"])
            notes.append(
                rng.choice(["Healthy", "Best bet", "Solid"])
                + f": {n} - most stars of the maintained ones, active, issues under control."
            )
        else:
            f = flaws[rk[i] - 1]
            if f == "abandoned":
                st = rng.randint(2000, 12000)
                iss = rng.randint(80, 300)
                last = rng.choice(["2021-03", "2020-11", "2022-01"])
                notes.append(f"Abandoned: {n} (nothing merged since {last}, issues piling up).")
            elif f == "issues":
                st = rng.randint(1000, 3900)
                iss = rng.randint(400, 900)
                last = rng.choice(["2 weeks ago", "last month"])
                notes.append(f"Drowning: {n} - {iss} open issues, maintainers clearly swamped.")
            else:
                st = rng.randint(20, 300)
                iss = rng.randint(0, 5)
                last = rng.choice(["5 days ago", "last month"])
                notes.append(f"Too small: {n}, {st} stars, basically one person's side project.")
        rows.append(f"| {n} | {st:,} | {iss} | {last} |")
    c = pick_rule(rng, rule, rk)
    text = "\n".join(
        [
            rng.choice(["Need {t}. Candidates from GitHub:", "Shortlist for {t}:"]).format(t=task),
            "",
            *rows,
            "",
            rng.choice(["Notes:", "My read:", "Verdicts:"]),
            *[f"- {x}" for x in notes],
            "",
            rng.choice(
                ["Adding {c} to requirements.txt.", "Going with {c}.", "pip install {c} it is."]
            ).format(c=names[c]),
        ]
    )
    return text, names[c], f"which {task} to use"


# ----------------------------------------------------------------------------- season

DISHES = [
    "the tomato soup",
    "the dal",
    "the braise",
    "the chicken stock",
    "the ragu",
    "the chowder",
]
TWEAKS = [
    "a pinch more salt",
    "a squeeze of lemon",
    "a splash of fish sauce",
    "half a teaspoon of sugar",
    "a knob of butter",
    "a dash of sherry vinegar",
    "more chili flakes",
]
TASTE_BEST = [
    "bright, balanced - that's it",
    "everything lifts, really good",
    "finally tastes finished",
]
TASTE_BAD = [
    "still flat",
    "too sweet now",
    "overpowering, masks the tomato",
    "muddy, nothing gained",
    "a bit harsh",
    "no real change",
]


def t_season(rng, rule):
    dish = rng.choice(DISHES)
    k = rng.randint(3, 5)
    tw = rng.sample(TWEAKS, k)
    rk = ranks(rng, k)
    bads = rng.sample(TASTE_BAD, k)
    lines = [
        rng.choice(
            [
                f"Tasting {dish} before service - it's missing something.",
                f"{cap(dish)} tastes dull. Pulling off spoonfuls to test tweaks.",
            ]
        ),
    ]
    for i, t in enumerate(tw):
        note = rng.choice(TASTE_BEST) if rk[i] == 0 else bads[i]
        lines.append(f"{i + 1}. Spoon with {t}: {note}.")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Doing {c} to the whole pot.",
                "Whole pot gets {c}.",
                "-> {c} into the big pot, then hold.",
            ]
        ).format(c=tw[c])
    )
    return "\n".join(lines), tw[c], f"how to season {dish}"


# ----------------------------------------------------------------------------- job

COMPANIES = [
    "Northwind",
    "Kestrel Labs",
    "Orbital Foods",
    "Brightline",
    "Halcyon Health",
    "Vantage Rail",
]


def t_job(rng, rule):
    k = rng.randint(3, 4)
    names = rng.sample(COMPANIES, k)
    rate = rng.choice([15, 20, 25])
    days = rng.choice([200, 220])
    while True:
        sal = [rng.randrange(48, 80) * 1000 for _ in range(k)]
        mins = [rng.choice([10, 20, 25, 30, 40, 45, 50, 60, 75, 90]) for _ in range(k)]
        cost = [round(2 * m * days * rate / 60) for m in mins]
        eff = [s - c for s, c in zip(sal, cost, strict=True)]
        if len(set(eff)) == k and min(abs(a - b) for a in eff for b in eff if a != b) >= 500:
            break
    order = sorted(range(k), key=lambda i: -eff[i])
    rk = [order.index(i) for i in range(k)]
    lines = [
        "Q: Which offer should I take?",
        f"A: Not just the headline salary - I'll count the commute at £{rate}/hour, "
        f"{days} office days a year, both ways.",
    ]
    for i in range(k):
        lines.append(f"Q: What is {names[i]} really worth?")
        lines.append(
            f"A: £{sal[i]:,} minus {mins[i]} min each way: 2 x {mins[i]} x {days} / 60 = "
            f"{2 * mins[i] * days / 60:.1f} hours, x £{rate} = £{cost[i]:,}. "
            f"So about £{eff[i]:,}."
        )
    lines.append("Q: How do they compare?")
    cmp_ = []
    for a, b in itertools.pairwise(order):
        cmp_.append(f"{names[a]} beats {names[b]} by £{eff[a] - eff[b]:,}")
    lines.append("A: " + "; ".join(cmp_) + ".")
    c = pick_rule(rng, rule, rk)
    lines.append("Q: So?")
    lines.append(
        rng.choice(["A: Accepting {c}.", "A: Signing with {c}.", "A: {c}."]).format(c=names[c])
    )
    return "\n".join(lines), names[c], "which job offer to accept"


# ----------------------------------------------------------------------------- reviewer

PEOPLE = ["alice", "bob", "chen", "dana", "emeka", "farah", "goran", "hana"]
PRS = ["the schema migration PR", "the auth refactor", "the billing hotfix", "the CI cache change"]


def t_reviewer(rng, rule):
    k = rng.randint(3, 5)
    ppl = rng.sample(PEOPLE, k)
    rk = ranks(rng, k)
    hs = sorted(rng.sample([1, 2, 3, 4, 5, 6, 8, 11, 14, 19, 26, 30, 41], k))
    h = [hs[rk[i]] for i in range(k)]
    pr = rng.choice(PRS)
    lines = [
        "# " + rng.choice(["who should review {p}?", "reviewer for {p}:"]).format(p=pr),
        "# median time to first review comment, last 30 PRs (from the dashboard):",
    ]
    for i, p in enumerate(ppl):
        tag = ""
        if rk[i] == 0:
            tag = rng.choice(["  <- fastest", "  <- quickest by far", "  <- best turnaround"])
        elif rk[i] == k - 1:
            tag = rng.choice(["  <- way too slow", "  <- slowest, skip"])
        unit = rng.choice(["h", " hours", "h"])
        lines.append(f"#   @{p:<7} {h[i]}{unit}{tag}")
    c = pick_rule(rng, rule, rk)
    lines.append(f'REVIEWER = "@{ppl[c]}"')
    return "\n".join(lines), f"@{ppl[c]}", f"who should review {pr}"


# ----------------------------------------------------------------------------- lemma

LEMMAS = [
    "n^3 - n is divisible by 6 for every integer n",
    "the sum of the first n odd numbers is n^2",
    "every tree on n vertices has n - 1 edges",
    "sqrt(2) is irrational",
    "a finite integral domain is a field",
]
METHODS = [
    "induction",
    "contradiction",
    "factorisation",
    "case analysis mod 3",
    "counting",
    "contrapositive",
]
FLAWS = [
    "step 2 quietly assumes the statement we're proving - circular",
    "it never handles the base case n = 1",
    "it divides by x without checking x is nonzero",
    "it only covers the even case and says 'similarly'",
    "the inequality in line 3 goes the wrong way",
    "it uses the converse of the lemma it cites",
]
GOOD_CHECK = [
    "every step checks out, I went line by line",
    "this one actually holds up - each step follows",
    "airtight as far as I can tell",
]


def t_lemma(rng, rule):
    lem = rng.choice(LEMMAS)
    k = rng.randint(3, 4)
    ms = rng.sample(METHODS, k)
    fl = rng.sample(FLAWS, k)
    rk = ranks(rng, k)
    lines = [
        "<think>",
        rng.choice(
            [
                f"I have {k} drafts for the lemma that {lem}. "
                "Only one should go in the problem set.",
                f"Okay. Lemma: {lem}. My notes have {k} attempted proofs; which one do I hand in?",
            ]
        ),
    ]
    for i, m in enumerate(ms):
        lead = rng.choice(
            ["Draft {i}, by {m}.", "Attempt {i} ({m}).", "The {m} version (draft {i})."]
        )
        lines.append(lead.format(i=i + 1, m=m))
        if rk[i] == 0:
            lines.append(cap(rng.choice(GOOD_CHECK)) + ".")
        else:
            lines.append(rng.choice(["Hmm... no, ", "Wait - ", "Reading it again: "]) + fl[i] + ".")
    lines.append("</think>")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "I'll submit the {m} proof.",
                "Handing in draft {i}, the {m} one.",
                "Final: the {m} proof.",
            ]
        ).format(m=ms[c], i=c + 1)
    )
    return "\n".join(lines), f"the {ms[c]} proof", f"which proof of the lemma that {lem} to submit"


# ----------------------------------------------------------------------------- summary

SOURCES = [
    ("the city council", "open", "new cycle lanes", "Leeds", "road safety figures"),
    ("Harbor Bank", "close", "branches", "Wales", "falling footfall"),
    ("the university", "hire", "research nurses", "its Glasgow campus", "a new trials grant"),
    ("Meridian Air", "add", "weekly flights", "Lisbon", "summer demand"),
]
MONTHS = ["March", "April", "May", "June", "September", "October"]


def t_summary(rng, rule):
    org, act, thing, place, why = rng.choice(SOURCES)
    num = rng.randint(12, 48)
    date = f"{rng.randint(2, 27)} {rng.choice(MONTHS)}"
    src = f"On {date}, {org} announced it will {act} {num} {thing} in {place}, citing {why}."
    k = rng.randint(3, 4)
    rk = ranks(rng, k)
    defects = rng.sample(["date", "number", "added", "long", "place"], k - 1)
    wrongnum = num + rng.choice([-10, 10, 20]) if num > 20 else num + 10
    summ, evals = [], []
    di = 0
    for i in range(k):
        if rk[i] == 0:
            s = f"{cap(org)} will {act} {num} {thing} in {place} ({date})."
            e = rng.choice(
                ["faithful and short", "has everything and nothing extra", "accurate, concise"]
            )
        else:
            d = defects[di]
            di += 1
            if d == "date":
                s = f"{cap(org)} will {act} {num} {thing} in {place}."
                e = "misses the date"
            elif d == "number":
                s = f"{cap(org)} will {act} {wrongnum} {thing} in {place} from {date}."
                e = f"says {wrongnum}, source says {num} - wrong number"
            elif d == "added":
                s = (
                    f"{cap(org)} will {act} {num} {thing} in {place} on {date}, "
                    "the first such move nationally."
                )
                e = "adds 'first such move nationally', which the source never says"
            elif d == "place":
                s = f"{cap(org)} will {act} {num} {thing} ({date})."
                e = f"drops {place} entirely"
            else:
                s = src.replace("On ", "Summary: on ", 1)
                e = "just copies the source, not a summary"
        summ.append(s)
        evals.append(e)
    L = [chr(65 + i) for i in range(k)]
    lines = ["<think>", "Source: " + src, "Candidate summaries:"]
    for i in range(k):
        lines.append(f"({L[i]}) {summ[i]}")
    lines.append(
        rng.choice(["Let me check each against the source.", "Checking them one at a time."])
    )
    for i in range(k):
        lines.append(
            rng.choice(["{l}: {e}.", "{l} - {e}.", "Hmm, {l}... {e}."]).format(l=L[i], e=evals[i])
        )
    lines.append("</think>")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["Best summary: ({l})", "Answer: {l}", "I pick summary {l}."]).format(l=L[c])
    )
    return "\n".join(lines), L[c], "which summary is best"


# ----------------------------------------------------------------------------- flight

HUBS = ["AMS", "FRA", "CDG", "MUC", "ZRH", "IST", "CPH"]
AIRLINES = ["KL", "LH", "AF", "LX", "TK", "SK", "OS"]


def t_flight(rng, rule):
    k = rng.randint(4, 5)
    minlay = rng.choice([60, 75, 90])
    while True:
        prices = rng.sample(range(140, 420), k)
        lays = [rng.choice([35, 40, 45, 50, 55, 70, 80, 95, 110, 125, 150, 180]) for _ in range(k)]
        ok = [x >= minlay for x in lays]
        if 2 <= sum(ok) < k:
            break
    codes = [f"{rng.choice(AIRLINES)} {rng.randint(100, 1999)}" for _ in range(k)]
    hubs = [rng.choice(HUBS) for _ in range(k)]
    order = sorted(range(k), key=lambda i: (not ok[i], prices[i]))
    rk = [order.index(i) for i in range(k)]
    dest = rng.choice(["Boston", "Toronto", "Chicago", "Montreal"])
    lines = [
        f"Flights to {dest}, checked bag. Rule: at least {minlay} min to connect, "
        "otherwise the cheapest.",
        "",
    ]
    cheapest_ok = order[0]
    for i in range(k):
        lay = f"{lays[i] // 60}h{lays[i] % 60:02d}" if lays[i] >= 60 else f"{lays[i]} min"
        if not ok[i]:
            v = rng.choice(["Too tight", "No - connection too short", "Risky, out"])
        elif i == cheapest_ok:
            v = rng.choice(["Cheapest that works", "Best option", "Winner on price"])
        else:
            v = rng.choice(["Fine but pricier", "OK, not cheapest", "Works, costs more"])
        lines.append(f"- {v}: {codes[i]} via {hubs[i]}, {lay} layover, EUR {prices[i]}")
    c = pick_rule(rng, rule, rk)
    lines.append("")
    lines.append(rng.choice(["Booked {f}.", "Booking {f}.", "Going with {f}."]).format(f=codes[c]))
    return "\n".join(lines), codes[c], f"which flight to book to {dest}"


# ----------------------------------------------------------------------------- sysadmin

KNOBS = [
    ("nginx.conf", "worker_connections", [256, 512, 1024, 2048, 4096], "{k} {v};"),
    ("postgresql.conf", "max_connections", [50, 100, 200, 300, 400], "{k} = {v}"),
    ("gunicorn.conf.py", "workers", [2, 4, 6, 8, 12], "{k} = {v}"),
    ("haproxy.cfg", "maxconn", [500, 1000, 2000, 4000, 8000], "{k} {v}"),
]


def t_sysadmin(rng, rule):
    f, key, vals, fmt = rng.choice(KNOBS)
    k = rng.randint(3, 5)
    vs = sorted(rng.sample(vals, k))
    rk = ranks(rng, k)
    total = rng.choice([30000, 60000, 120000])
    errs = sorted(rng.sample(range(20, total // 20), k))
    e = [errs[rk[i]] for i in range(k)]
    pct = rng.random() < 0.5
    lines = [f"# tuning {key} in {f}; 5xx rate under load is what matters"]
    for i, v in enumerate(vs):
        lines.append(f"$ sed -i 's/^{key}.*/{fmt.format(k=key, v=v)}/' {f} && systemctl reload app")
        lines.append(f"$ ./loadtest --requests {total} | tail -1")
        if pct:
            lines.append(f"errors: {e[i]}/{total} ({100 * e[i] / total:.2f}%)")
        else:
            lines.append(f"error_rate={e[i] / total:.4f} ({e[i]} of {total})")
    c = pick_rule(rng, rule, rk)
    lines.append(f"# keeping {key} = {vs[c]}")
    lines.append(
        f"$ sed -i 's/^{key}.*/{fmt.format(k=key, v=vs[c])}/' {f} && git commit -am 'tune {key}'"
    )
    return "\n".join(lines), f"{key} = {vs[c]}", f"what to set {key} to"


# ----------------------------------------------------------------------------- garden

SPOTS = [
    "the bed by the south fence",
    "the corner under the birch",
    "the raised bed by the shed",
    "the patio pots",
    "the strip along the garage",
    "the old rose bed",
]


def t_garden(rng, rule):
    k = rng.randint(3, 5)
    sp = rng.sample(SPOTS, k)
    rk = ranks(rng, k)
    hs = sorted(rng.sample([2, 3, 3.5, 4, 4.5, 5, 6, 7, 7.5, 8, 9], k), reverse=True)
    h = [hs[rk[i]] for i in range(k)]
    plant = rng.choice(["tomatoes", "peppers", "courgettes", "herbs"])
    lines = [
        rng.choice(
            [
                f"Sat {rng.randint(3, 28)} May - where do {plant} go this year?",
                f"Sun survey for {plant}, checked the garden every hour today.",
            ]
        ),
        "Hours of direct sun:",
    ]
    for i in range(k):
        lines.append(f"  {sp[i]} - {h[i]:g}")
    best = rk.index(0)
    worst = rk.index(k - 1)
    lines.append(
        f"{cap(sp[best])} wins easily with {h[best]:g} hours; {sp[worst]} is hopeless at "
        f"{h[worst]:g}, and the rest are in between."
    )
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["Planting {p} in {s}.", "{P} go in {s}."]).format(
            p=plant, P=cap(plant), s=sp[c]
        )
    )
    return "\n".join(lines), sp[c], f"where to plant {plant}"


# ----------------------------------------------------------------------------- non-search only

GADGETS = [
    ("headphones", ["Sony WH-1000XM5", "Bose QC Ultra", "Sennheiser Momentum 4", "AirPods Max"]),
    ("monitor", ["Dell U2723QE", "LG 27UP850", "BenQ PD2705U", "ASUS PA279CV"]),
    ("e-reader", ["Kindle Paperwhite", "Kobo Clara", "PocketBook Era", "Boox Page"]),
]


def t_ships(rng, rule):
    what, pool = rng.choice(GADGETS)
    k = rng.randint(3, 4)
    names = rng.sample(pool, k)
    sc = rng.sample([6, 7, 8, 9], k)
    lines = [f"Need new {what} before the trip on Friday."]
    for n, s in zip(names, sc, strict=True):
        lines.append(f"- {n}: reviews say {s}/10")
    c = rng.randrange(k)
    lines.append(
        rng.choice(
            [
                "Honestly the scores don't matter this week - whatever ships first. "
                "{c} is the only one with next-day delivery, so that.",
                "Doesn't matter which is best, I need it by Friday. "
                "Only {c} is in stock locally. Ordered.",
            ]
        ).format(c=names[c])
    )
    return "\n".join(lines), names[c], f"which {what} to buy"


def t_onlyone(rng, rule):
    w, d, ht = rng.choice([4, 5]), rng.choice([3, 4]), rng.choice([2.4, 2.5])
    walls = 2 * (w + d) * ht
    door = 1.6
    area = walls - door
    cover = 10
    coats = 2
    litres = round(area * coats / cover, 2)
    buy = int(-(-litres // 1))
    lines = [
        "<think>",
        f"Paint for the bedroom: {w} m by {d} m, {ht} m high. "
        f"Two coats, one litre covers {cover} m2.",
        f"Walls: 2 x ({w} + {d}) x {ht} = {walls:g} m2.",
        f"Two coats: {walls * 2:g} m2, so {walls * 2 / cover:g} litres.",
        f"Hmm, wait - I forgot the door. About {door} m2. So {area:g} m2 of wall.",
        f"{area:g} x {coats} / {cover} = {litres:g} litres. Round up.",
        "</think>",
        f"Buy {buy} litres of the same emulsion and do two coats.",
    ]
    ans = f"{buy} litres"
    return "\n".join(lines), ans, "how much paint to buy for the bedroom"


def t_afterthought(rng, rule):
    what, pool = rng.choice(GADGETS)
    k = rng.randint(3, 4)
    names = rng.sample(pool, k)
    c = rng.randrange(k)
    sc = [round(rng.uniform(3.4, 4.8), 1) for _ in range(k)]
    lines = [
        f"Bought the {names[c]} yesterday - the shop had it at the till and I was in a hurry.",
        "Out of curiosity, read the reviews tonight:",
    ]
    for n, s in zip(names, sc, strict=True):
        lines.append(f"  {n}: {s} stars")
    lines.append(rng.choice(["Oh well, keeping it anyway.", "Not returning it, too much hassle."]))
    return "\n".join(lines), names[c], f"which {what} to buy"


def t_pending(rng, rule):
    task, pool = rng.choice(REPO_TASKS)
    k = rng.randint(3, 4)
    names = rng.sample(pool, k)
    c = rng.randrange(k)
    lines = [
        f"Options for {task}: " + ", ".join(names) + ".",
        "Haven't benchmarked or read any of them yet; Priya will compare them next sprint.",
        f"For the demo on Thursday just use {names[c]}, it's already in the lockfile.",
    ]
    sep = "\n" if rng.random() < 0.5 else " "
    return sep.join(lines), names[c], f"which {task} to use"


# ----------------------------------------------------------------------------- game24

WORD = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}


def good_path(rng, nums):
    return random_path(rng, nums, True)


def puzzle_with_path(rng):
    while True:
        nums = make_puzzle(rng)
        g = good_path(rng, nums)
        if g:
            return nums, g


def words(rng, steps, final):
    out = []
    for a, op, b, v, rest in steps:
        verb = rng.choice(["gives", "is", "makes", "comes to"])
        s = f"{fm(a)} {WORD[op]} {fm(b)} {verb} {fm(v)}"
        if len(rest) > 1:
            s += rng.choice([", leaving ", ", so I have ", "; now "]) + ", ".join(
                fm(x) for x in rest
            )
        out.append(s)
    t = cap(". Then ".join(out)) + "."
    if final == 24:
        t += " " + rng.choice(["That's 24!", "Twenty-four exactly - 24.", "24, there it is."])
    else:
        t += " " + rng.choice(["Only {v}, not 24.", "{v}. No.", "That lands on {v}, miss."]).format(
            v=fm(final)
        )
    return t


def t_g24_words(rng, rule):
    nums, good = puzzle_with_path(rng)
    k = rng.randint(3, 5)
    atts = []
    while len(atts) < k - 1:
        b = random_path(rng, nums, False)
        if b:
            atts.append(b)
    pos = len(atts) if rng.random() < 0.6 else rng.randrange(len(atts) + 1)
    atts.insert(pos, good)
    parts = [
        rng.choice(["Numbers {p}, make 24.", "Need 24 from {p}."]).format(
            p=", ".join(map(str, nums))
        )
    ]
    for t, (steps, _e, v) in enumerate(atts):
        lead = "" if t == 0 else rng.choice(["Other way: ", "Let me instead try: ", "Again. "])
        parts.append(lead + words(rng, steps, v))
    c = pos if rule == "best" else rng.randrange(len(atts))
    e, v = atts[c][1], atts[c][2]
    parts.append(f"Answer: {e} = {fm(v)}")
    return "\n".join(parts), f"{e} = {fm(v)}", " ".join(map(str, nums))


def find_expr(rng, nums, want24):
    for _ in range(5000):
        r = rand_expr(rng, nums)
        if r and (r[0] == 24) == want24:
            return r
    if want24:
        e = solve([(Fraction(x), str(x)) for x in nums])
        return Fraction(24), strip(e)
    return None


def jv(v):
    return int(v) if v.denominator == 1 else fm(v)


def t_g24_json(rng, rule):
    nums = make_puzzle(rng)
    good = find_expr(rng, nums, True)
    k = rng.randint(3, 6)
    atts = []
    while len(atts) < k - 1:
        r = find_expr(rng, nums, False)
        if r:
            atts.append(r)
    pos = rng.randrange(1, k) if rule == "first" else rng.randrange(k)
    atts.insert(pos, good)
    rows = [json.dumps({"expr": e, "value": jv(v)}) for v, e in atts]
    parts = [
        rng.choice(["Puzzle: {p}. Logging tries:", "24 from {p}. Tries so far:"]).format(
            p=" ".join(map(str, nums))
        ),
        "[\n  " + ",\n  ".join(rows) + "\n]",
    ]
    c = pos if rule == "best" else 0
    v, e = atts[c]
    parts.append(f"Answer: {e} = {fm(v)}")
    return "\n".join(parts), f"{e} = {fm(v)}", " ".join(map(str, nums))


def t_g24_propose(rng, rule):
    while True:
        nums = make_puzzle(rng)
        vals = [Fraction(x) for x in nums]
        uniq = {}
        for m in moves(vals):
            uniq.setdefault((vals[m[0]], m[2], vals[m[1]]), m)
        ms = list(uniq.values())
        good = [m for m in ms if can24([v for t, v in enumerate(vals) if t not in m[:2]] + [m[3]])]
        bad = [m for m in ms if m not in good]
        if good and len(bad) >= 2:
            break
    n = rng.randint(4, 6)
    cand = [*rng.sample(bad, min(len(bad), n - 1)), rng.choice(good)]
    rng.shuffle(cand)
    parts = [f"Input: {' '.join(map(str, nums))}", "Possible next steps:"]
    info = []
    for i, j, op, v in cand:
        rest = [vals[t] for t in range(4) if t not in (i, j)] + [v]
        parts.append(
            f"{fm(vals[i])} {op} {fm(vals[j])} = {fm(v)} (left: {' '.join(fm(x) for x in rest)})"
        )
        info.append((i, j, op, v, rest))
    parts.append("Evaluate:")
    for *_m, rest in info:
        left = " ".join(fm(x) for x in rest)
        wit = solve([(x, fm(x) if x.denominator == 1 else f"({fm(x)})") for x in rest])
        if wit:
            parts.append(f"{left}: {strip(wit)} = 24. sure")
        else:
            parts.append(
                f"{left}: "
                + rng.choice(
                    ["no combination reaches 24. impossible", "all too far from 24. impossible"]
                )
            )
    ch = next(x for x in info if can24(x[4])) if rule == "best" else rng.choice(info)
    i, j, op, v, rest = ch
    ex = [str(nums[t]) for t in range(4) if t not in (i, j)] + [f"({nums[i]} {op} {nums[j]})"]
    pairs = list(zip(rest, ex, strict=True))
    parts.append(f"Continue from {fm(vals[i])} {op} {fm(vals[j])} = {fm(v)}.")
    e = solve(pairs)
    if e:
        e, fv = strip(e), Fraction(24)
    else:
        fv = None
        while fv is None:
            cur = list(pairs)
            while len(cur) > 1:
                a, b = rng.sample(range(len(cur)), 2)
                o = rng.choice(["+", "-", "*", "/"])
                if o == "/" and cur[b][0] == 0:
                    continue
                val = {
                    "+": lambda x, y: x + y,
                    "-": lambda x, y: x - y,
                    "*": lambda x, y: x * y,
                    "/": lambda x, y: x / y,
                }[o](cur[a][0], cur[b][0])
                cur = [cur[t] for t in range(len(cur)) if t not in (a, b)] + [
                    (val, f"({cur[a][1]} {o} {cur[b][1]})")
                ]
            fv, e = cur[0][0], strip(cur[0][1])
    parts.append(f"Answer: {e} = {fm(fv)}")
    return "\n".join(parts), f"{e} = {fm(fv)}", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- registry

PROCS = {
    "laptop_S": ("search", make_text_proc(t_laptop, "best")),
    "laptop_N_random": ("non-search", make_text_proc(t_laptop, "random")),
    "repo_S": ("search", make_text_proc(t_repo, "best")),
    "repo_N_first": ("non-search", make_text_proc(t_repo, "first")),
    "season_S": ("search", make_text_proc(t_season, "best")),
    "season_N_last": ("non-search", make_text_proc(t_season, "last")),
    "job_S": ("search", make_text_proc(t_job, "best")),
    "job_N_random": ("non-search", make_text_proc(t_job, "random")),
    "reviewer_S": ("search", make_text_proc(t_reviewer, "best")),
    "reviewer_N_first": ("non-search", make_text_proc(t_reviewer, "first")),
    "lemma_S": ("search", make_text_proc(t_lemma, "best")),
    "lemma_N_random": ("non-search", make_text_proc(t_lemma, "random")),
    "summary_S": ("search", make_text_proc(t_summary, "best")),
    "summary_N_first": ("non-search", make_text_proc(t_summary, "first")),
    "flight_S": ("search", make_text_proc(t_flight, "best")),
    "flight_N_random": ("non-search", make_text_proc(t_flight, "random")),
    "sysadmin_S": ("search", make_text_proc(t_sysadmin, "best")),
    "sysadmin_N_last": ("non-search", make_text_proc(t_sysadmin, "last")),
    "garden_S": ("search", make_text_proc(t_garden, "best")),
    "garden_N_random": ("non-search", make_text_proc(t_garden, "random")),
    "ships_N": ("non-search", make_text_proc(t_ships, None)),
    "onlyone_N": ("non-search", make_text_proc(t_onlyone, None)),
    "afterthought_N": ("non-search", make_text_proc(t_afterthought, None)),
    "pending_N": ("non-search", make_text_proc(t_pending, None)),
    "g24_words_S": ("search", make_g24_proc(t_g24_words, "best")),
    "g24_words_N_random": ("non-search", make_g24_proc(t_g24_words, "random")),
    "g24_json_S": ("search", make_g24_proc(t_g24_json, "best")),
    "g24_json_N_first": ("non-search", make_g24_proc(t_g24_json, "first")),
    "g24_propose_S": ("search", make_g24_proc(t_g24_propose, "best")),
    "g24_propose_N_random": ("non-search", make_g24_proc(t_g24_propose, "random")),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=13)


if __name__ == "__main__":
    sys.exit(main())
