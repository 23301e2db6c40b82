#!/usr/bin/env python3
# ruff: noqa: E501  (written blind by a helper; its lines are kept as written)
"""Held-out probe 20 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.
Records are shaped like real users' logs: free-text records (task "prompt") with the pick
as `answer` (sometimes lower-cased or shortened), chat records with the reasoning in
`reasoning_content` or between <think> and </think>, some of them without an `answer` key
so the reply after the reasoning stands for it, and game24 records.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, same honest
evaluations, the pick ignores them):

  loadtest_S / _N_last          chat (reasoning_content, with answer): the user pastes k6
                                end-of-test summaries for 2-5 server configs and says the
                                SLO is on p99; the reasoning reads p99 per config (converting
                                "1.31s" to ms); the lowest p99 goes to prod
  tariff_S / _N_first           forum post (r/UKPersonalFinance style) on electricity
                                tariffs: 365 x standing charge + kWh x unit rate per tariff
                                at the poster's usage; switching to the cheapest
  mpg_S / _N_random             used-car shortlist notes, fuel economy quoted in UK mpg,
                                US mpg, km/L or L/100km, all converted to L/100km; the
                                lowest consumption (criterion on the first line)
  gerrit_S / _N_last            pasted Gerrit-style dump of 2-4 competing changes for one
                                bug, per-reviewer Code-Review votes (+2/+1/-1/-2) summed
                                to a net score; submit the highest net score
  docker_S / _N_first           chat (<think>, NO answer key): `docker images` output for
                                image variants that all pass smoke tests, sizes in MB / GB
                                converted; the smallest tag; the reply names it
  crossword_S / _N_random       crossword solver notes: clue, enumeration, crossing letters,
                                each candidate word checked letter by letter against the
                                crossers ("3/3 fit", "clashes at 4"); the full fit is entered
  unitprice_S / _N_last         chat (<think>, with answer): supermarket packs in g, kg, lb
                                and oz, price per kg worked out for each; the best value
  kaggle_S / _N_random          chat (reasoning_content, NO answer key): pasted `kaggle
                                competitions submissions` table, metric RMSLE (lower is
                                better) stated only as the metric's name; the final
                                submission is the lowest public score
  bcr_S / _N_first              council committee minutes: transport schemes with present
                                value of benefits and costs, benefit-cost ratio "3.8:1"
                                worked out; RESOLVED to fund the highest ratio
  abtest_S / _N_random          experiment-platform readout pasted into a text note:
                                conversion per arm and signed relative lift vs control
                                ("+2.6%", "-1.4%"); ship the arm with the highest
                                conversion (control when every variant is negative)
game24 (puzzles from probe 8's helpers):
  g24_repl_S / _N_first         a Python REPL session: `>>> expr` lines with the printed
                                value under each (floats as Python prints them), a few
                                `# comments`; the pick is the expression that printed 24 /
                                always the first one typed (the answer states its value)
non-search only:
  evcharge_N                    chat (<think>, with answer): one chain of arithmetic for the
                                cost of charging an EV at home (kWh needed, charger losses,
                                off-peak rate), no alternatives; the answer is the cost
  quizname_N                    pub-quiz team names listed with who suggested each and
                                what it puns on (no evaluation), the name drawn from a
                                pint glass

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe20.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import sys

from heldout_probe8 import fm, make_puzzle, pick, rand_expr  # the shared helpers
from heldout_probe16 import by_rank, gap_ok
from heldout_probe17 import ans_form, make_g24_proc, make_proc  # the record shapes

PEOPLE = ["Sam", "Priya", "Tom", "Aisha", "Marek", "Jo", "Ines", "Dev", "Lena", "Kofi", "Ruth"]


# ----------------------------------------------------------------------------- loadtest (k6)

CONFIGS = [
    "baseline",
    "pool=50",
    "uvicorn-x4",
    "gunicorn-gthread-8",
    "redis-cache-on",
    "pgbouncer",
    "http2-off",
    "orjson",
]


def fmt_ms(ms):
    return f"{ms / 1000:.2f}s" if ms >= 1000 else f"{ms:.2f}ms"


def t_loadtest(rng, rule):
    while True:
        k = rng.randint(2, 5)
        cs = rng.sample(CONFIGS, k)
        p99 = [rng.randint(1800, 16000) / 10 for _ in cs]
        if gap_ok(p99, 35):
            break
    rk = by_rank(p99)
    c = pick(rng, rule, rk)
    vus = rng.choice([200, 500, 1000])
    dur = rng.choice(["60s", "2m", "5m"])
    blocks = []
    rps = []
    for i, name in enumerate(cs):
        p = p99[i]
        p95 = p * rng.uniform(0.55, 0.8)
        p90 = p95 * rng.uniform(0.75, 0.92)
        med = p90 * rng.uniform(0.4, 0.7)
        avg = med * rng.uniform(1.05, 1.3)
        mn = rng.uniform(8, 30)
        mx = p * rng.uniform(1.5, 4)
        secs = {"60s": 60, "2m": 120, "5m": 300}[dur]
        r = rng.randint(400, 2400) + rng.random()
        rps.append(r)
        n = int(r * secs)
        fail = rng.choice([0, 0, rng.randint(1, 40)])
        blocks.append(
            f"### {name}\n"
            f"     http_req_duration..............: avg={fmt_ms(avg)} min={fmt_ms(mn)} med={fmt_ms(med)} "
            f"max={fmt_ms(mx)} p(90)={fmt_ms(p90)} p(95)={fmt_ms(p95)} p(99)={fmt_ms(p)}\n"
            f"     http_req_failed................: {100 * fail / n:.2f}%  \u2713 {fail}  \u2717 {n - fail}\n"
            f"     http_reqs......................: {n}  {r:.6f}/s\n"
            f"     vus_max........................: {vus}  min={vus} max={vus}"
        )
    user = rng.choice(
        [
            f"Ran k6 against staging once per config ({vus} VUs, {dur}). Our latency SLO is on p99. "
            "Which one should we roll out?\n\n" + "\n\n".join(blocks),
            "\n\n".join(blocks)
            + f"\n\nthose are the k6 summaries ({vus} VUs for {dur} each). we're SLO'd on p99 - which config goes to prod?",
        ]
    )
    r = [
        rng.choice(
            [
                "The SLO is on p99, so I only need the p(99) of http_req_duration for each run; avg and throughput are secondary.",
                "They care about p99. Let me pull the p(99) figure out of each summary and put them in the same unit.",
                "Criterion: tail latency, p99. Reading it off each block.",
            ]
        )
    ]
    for i, name in enumerate(cs):
        s = fmt_ms(p99[i])
        if s.endswith("s") and not s.endswith("ms"):
            r.append(f"{name}: p(99)={s}, that's {p99[i]:.0f} ms.")
        else:
            r.append(rng.choice([f"{name}: p99 {p99[i]:.2f} ms.", f"{name} -> p(99) = {s}."]))
    hi = max(range(k), key=lambda i: rps[i])
    if hi != rk.index(0) and rng.random() < 0.5:
        r.append(
            f"{cs[hi]} pushes the most requests ({rps[hi]:.0f}/s) but its p99 is {p99[hi]:.0f} ms, so throughput doesn't decide it."
        )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Lowest p99 is {cs[c]} at {p99[c]:.0f} ms.",
                    f"So {cs[c]} has the best tail latency.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll recommend {cs[c]}.", f"Going with {cs[c]}."]))
    reply = rng.choice(
        [
            f"Roll out **{cs[c]}** - p99 {p99[c]:.0f} ms in the test.",
            f"`{cs[c]}`. Its p(99) was {fmt_ms(p99[c])}.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, cs[c], "rc")


# ----------------------------------------------------------------------------- tariff (forum)

TARIFFS = [
    "Octopus Flexible",
    "British Gas Fixed 12M",
    "EDF Simply Fixed",
    "E.ON Next Pledge",
    "OVO 1 Year Fixed",
    "Outfox Fix'd 12",
    "So Energy So Dahlia",
    "Octopus Tracker",
]


def t_tariff(rng, rule):
    kwh = rng.randint(18, 46) * 100
    while True:
        k = rng.randint(2, 5)
        ts = rng.sample(TARIFFS, k)
        sc = [rng.randint(3800, 6800) / 100 for _ in ts]
        ur = [rng.randint(2050, 2890) / 100 for _ in ts]
        sc_y = [round(365 * s / 100, 2) for s in sc]
        un_y = [round(kwh * u / 100, 2) for u in ur]
        tot = [round(a + b, 2) for a, b in zip(sc_y, un_y, strict=True)]
        if gap_ok(tot, 6):
            break
    rk = by_rank(tot)
    c = pick(rng, rule, rk)
    title = rng.choice(
        [
            "Title: Which electricity tariff? worked it out myself, sanity check welcome",
            "Title: Fixed vs variable electricity - my numbers",
            "Title: Finally comparing tariffs properly (electric only flat)",
        ]
    )
    lines = [
        title,
        "",
        rng.choice(
            [
                f"My fix ends next month so I've been comparing. We use about {kwh:,} kWh a year (electric only, no gas), and all I care about is the cheapest over the year - no green tariffs or perks needed.",
                f"Usage from the last 12 bills is {kwh:,} kWh. I just want whatever costs least over a year. Standing charges are per day, so I multiplied out:",
            ]
        ),
        "",
    ]
    for i, t in enumerate(ts):
        lines.append(
            rng.choice(
                [
                    f"* {t}: 365 x {sc[i]:.2f}p = \u00a3{sc_y[i]:.2f} standing + {kwh:,} x {ur[i]:.2f}p = \u00a3{un_y[i]:,.2f} -> \u00a3{tot[i]:,.2f}/yr",
                    f"* {t} ({sc[i]:.2f}p/day, {ur[i]:.2f}p/kWh): \u00a3{sc_y[i]:.2f} + \u00a3{un_y[i]:,.2f} = \u00a3{tot[i]:,.2f} a year",
                ]
            )
        )
    lo_sc = min(range(k), key=lambda i: sc[i])
    if lo_sc != rk.index(0) and rng.random() < 0.5:
        lines += [
            "",
            f"{ts[lo_sc]} has the lowest standing charge but the unit rate cancels that out at my usage.",
        ]
    lines.append("")
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"So {ts[c]} is the cheapest by about \u00a3{sorted(tot)[1] - tot[c]:.0f} a year. Switching to it.",
                    f"Cheapest is {ts[c]} at \u00a3{tot[c]:,.2f}, going with that.",
                ]
            )
        )
    else:
        lines.append(rng.choice([f"Switching to {ts[c]}.", f"Going with {ts[c]}."]))
    if rng.random() < 0.5:
        lines += [
            "",
            rng.choice(
                [
                    "EDIT: applied, switch date is the 14th.",
                    "EDIT: thanks all, done.",
                    "EDIT: typo in the standing charge, fixed.",
                ]
            ),
        ]
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, ts[c], ts),
        "Which electricity tariff should I switch to?",
    )


# ----------------------------------------------------------------------------- mpg (notes)

CARS = [
    "2017 Skoda Octavia 1.6 TDI",
    "2018 Toyota Auris hybrid",
    "2016 Ford Focus 1.0 EcoBoost",
    "2019 Honda Jazz",
    "2015 VW Golf 2.0 TDI",
    "2018 Kia Niro HEV",
    "2017 Mazda 3 2.0",
    "2016 Hyundai Ioniq hybrid",
]


def t_mpg(rng, rule):
    while True:
        k = rng.randint(3, 5)
        cs = rng.sample(CARS, k)
        l100 = [rng.randint(42, 85) / 10 for _ in cs]
        if gap_ok(l100, 0.35):
            break
    rk = by_rank(l100)
    c = pick(rng, rule, rk)
    lines = [
        rng.choice(
            [
                "Car shortlist - deciding on real-world fuel use only (L/100km, lower = better). Listings quote it in every unit going, so converting:",
                "USED CAR: pick = lowest fuel consumption. Everything to L/100km first.",
                "Going by fuel consumption alone for the commuter car. Normalising the figures to L/100km.",
            ]
        ),
        rng.choice(
            [
                "(L/100km = 282.48 / UK mpg = 235.21 / US mpg = 100 / km/L)",
                "conversions: UK mpg -> 282.48/x, US mpg -> 235.21/x, km per litre -> 100/x",
            ]
        ),
        "",
    ]
    for i, car in enumerate(cs):
        unit = rng.choice(["uk", "uk", "us", "kml", "l100"])
        v = l100[i]
        src = rng.choice(
            ["AutoTrader ad", "Honest John real-MPG", "seller's logbook", "spritmonitor", "Fuelly"]
        )
        if unit == "uk":
            m = 282.48 / v
            lines.append(
                f"- {car} ({src}): {m:.1f} mpg (UK) -> 282.48 / {m:.1f} = {282.48 / round(m, 1):.2f} L/100km"
            )
        elif unit == "us":
            m = 235.21 / v
            lines.append(
                f"- {car} ({src}): {m:.1f} mpg US -> 235.21 / {m:.1f} = {235.21 / round(m, 1):.2f} L/100km"
            )
        elif unit == "kml":
            m = 100 / v
            lines.append(
                f"- {car} ({src}): {m:.1f} km/L -> 100 / {m:.1f} = {100 / round(m, 1):.2f} L/100km"
            )
        else:
            lines.append(f"- {car} ({src}): already {v:.1f} L/100km")
    lines.append("")
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"Lowest: {cs[c]}. Booking a test drive.",
                    f"=> {cs[c]} uses the least fuel. That's the one.",
                ]
            )
        )
    else:
        lines.append(rng.choice([f"Booking a test drive for the {cs[c]}.", f"=> {cs[c]}."]))
    return ("text", "\n".join(lines), ans_form(rng, cs[c], cs), "Which used car should I buy?")


# ----------------------------------------------------------------------------- gerrit

FIXES = [
    "Guard session refresh with a mutex",
    "Retry token refresh with jittered backoff",
    "Move refresh into the request interceptor",
    "Drop the refresh cache and fetch per request",
    "Serialize refresh through a single-flight group",
    "Refresh proactively 60s before expiry",
]
REVIEWERS = ["ana", "ben.k", "chloe", "dai", "efe", "farah", "gus", "hiro"]


def t_gerrit(rng, rule):
    bug = rng.randint(3000, 9999)
    while True:
        k = rng.randint(2, 4)
        subj = rng.sample(FIXES, k)
        votes = []
        for _ in subj:
            rv = rng.sample(REVIEWERS, rng.randint(2, 4))
            votes.append([(p, rng.choice([2, 1, 1, -1, -2])) for p in rv])
        net = [sum(v for _, v in vs) for vs in votes]
        if gap_ok(net, 1):
            break
    rk = by_rank(net, reverse=True)
    c = pick(rng, rule, rk)
    nums = rng.sample(range(81000, 99000), k)
    owners = rng.sample(PEOPLE, k)
    lines = [
        rng.choice(
            [
                f"Competing fixes for bug {bug} (token refresh race). Only one can land; taking the one reviewers like most (net Code-Review).",
                f"bug/{bug}: {k} alternative changes up. Tallying Code-Review votes per change.",
            ]
        ),
        "",
    ]
    for i in range(k):
        lines.append(f"Change {nums[i]} - {subj[i]}  (owner: {owners[i]}, Verified +1)")
        for p, v in votes[i]:
            lines.append(f"    Code-Review{v:+d}  {p}")
        lines.append(f"    net: {' '.join(f'{v:+d}' for _, v in votes[i])} = {net[i]:+d}")
    lines.append("")
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"Highest net is {nums[c]} ({net[c]:+d}). Submitting {nums[c]}, abandoning the rest.",
                    f"Submit: {nums[c]} ({net[c]:+d}, best reviewed).",
                ]
            )
        )
    else:
        lines.append(
            rng.choice([f"Submitting {nums[c]}, abandoning the rest.", f"Submit: {nums[c]}."])
        )
    ans = rng.choice([str(nums[c]), f"change {nums[c]}", subj[c]])
    return ("text", "\n".join(lines), ans, f"Which change for bug {bug} should be submitted?")


# ----------------------------------------------------------------------------- docker (chat)

TAGS = [
    "py312-full",
    "py312-slim",
    "py312-alpine",
    "distroless-py3",
    "py312-slim-multistage",
    "ubuntu24-py",
    "chainguard-python",
]


def fmt_size(mb):
    return f"{mb / 1000:.2f}GB" if mb >= 1000 else (f"{mb:.0f}MB" if mb >= 100 else f"{mb:.1f}MB")


def t_docker(rng, rule):
    while True:
        k = rng.randint(2, 5)
        tags = rng.sample(TAGS, k)
        mb = [round(10 ** rng.uniform(1.7, 3.15), 1) for _ in tags]
        mb = [float(fmt_size(x)[:-2]) * (1000 if fmt_size(x).endswith("GB") else 1) for x in mb]
        if gap_ok(mb, 12):
            break
    rk = by_rank(mb)
    c = pick(rng, rule, rk)
    repo = rng.choice(["api", "worker", "ingest-svc", "edge-proxy"])
    hdr = f"{'REPOSITORY':<14}{'TAG':<24}{'IMAGE ID':<15}{'CREATED':<20}SIZE"
    rows = [hdr]
    for i, t in enumerate(tags):
        iid = f"{rng.getrandbits(48):012x}"
        created = rng.choice(["2 hours ago", "3 hours ago", "About an hour ago", "45 minutes ago"])
        rows.append(f"{repo:<14}{t:<24}{iid:<15}{created:<20}{fmt_size(mb[i])}")
    user = rng.choice(
        [
            f"All of these pass our smoke tests. The edge boxes have tiny disks and pull over LTE, so we want the smallest one. Which tag?\n\n```\n$ docker images {repo}\n"
            + "\n".join(rows)
            + "\n```",
            "```\n"
            + "\n".join(rows)
            + f"\n```\nbuilt {k} variants of {repo}, every one passes CI. which should we push for the edge fleet? size is what matters there",
        ]
    )
    r = [
        rng.choice(
            [
                "They want the smallest image, and all variants pass, so it's purely the SIZE column. Mixed units, so convert to MB.",
                "Criterion is image size. Let me put each SIZE in MB.",
            ]
        )
    ]
    for i, t in enumerate(tags):
        s = fmt_size(mb[i])
        if s.endswith("GB"):
            r.append(f"{t}: {s} = {mb[i]:.0f} MB.")
        else:
            r.append(rng.choice([f"{t}: {s}.", f"{t} is {s}."]))
    if rule == "best":
        r.append(
            rng.choice(
                [f"Smallest is {tags[c]} at {fmt_size(mb[c])}.", f"So {tags[c]} wins on size."]
            )
        )
    else:
        r.append(rng.choice([f"I'll suggest {tags[c]}.", f"Going with {tags[c]}."]))
    reply = rng.choice(
        [
            f"Push `{repo}:{tags[c]}` ({fmt_size(mb[c])}).",
            f"I'd ship **{tags[c]}** - it's {fmt_size(mb[c])}.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, None, "think")


# ----------------------------------------------------------------------------- crossword

CLUES = [
    ("Bird of prey", ["FALCON", "CONDOR", "OSPREY", "MERLIN", "HOBBY"]),
    ("Musical instrument", ["PIANO", "CELLO", "FLUTE", "BANJO", "ORGAN", "VIOLA"]),
    ("Capital city", ["PARIS", "MINSK", "DELHI", "HANOI", "SEOUL", "TUNIS", "QUITO"]),
    ("Tree", ["MAPLE", "BIRCH", "CEDAR", "LARCH", "ROWAN", "HAZEL"]),
    ("Herb", ["BASIL", "THYME", "CHIVE", "TANSY", "SAVORY"]),
    ("River", ["THAMES", "AMAZON", "DANUBE", "GANGES", "TIGRIS"]),
    ("Card game", ["POKER", "RUMMY", "WHIST", "BRIDGE"]),
    ("Gemstone", ["OPAL", "RUBY", "JADE", "ONYX"]),
]


def t_crossword(rng, rule):
    while True:
        clue, pool = rng.choice(CLUES)
        n = rng.choice(sorted({len(w) for w in pool}))
        words = [w for w in pool if len(w) == n]
        if len(words) < 3:
            continue
        k = rng.randint(3, min(5, len(words)))
        ws = rng.sample(words, k)
        good = rng.randrange(k)
        pos = sorted(rng.sample(range(n), rng.randint(2, min(3, n - 1))))
        fit = [sum(w[p] == ws[good][p] for p in pos) for w in ws]
        if sum(f == len(pos) for f in fit) == 1:
            break
    rk = by_rank(fit, reverse=True)
    c = pick(rng, rule, rk)
    pat = " ".join(ws[good][i] if i in pos else "_" for i in range(n))
    num = rng.randint(1, 28)
    d = rng.choice(["across", "down", "ac", "dn"])
    lines = [
        rng.choice(
            [
                f"{num} {d}: {clue} ({n})",
                f'{num}{d[0].upper()}. "{clue}" ({n})',
            ]
        ),
        rng.choice([f"Have: {pat}", f"Crossers so far: {pat}", f"Grid: {pat}"]),
        rng.choice(
            [
                "Candidates, checked against the crossing letters:",
                "Trying words that fit the definition:",
                "Options:",
            ]
        ),
    ]
    for w in ws:
        clash = [p for p in pos if w[p] != ws[good][p]]
        if not clash:
            lines.append(
                rng.choice(
                    [
                        f"- {w}: {len(pos)}/{len(pos)} crossers fit",
                        f"- {w} - every crosser matches ({len(pos)}/{len(pos)})",
                    ]
                )
            )
        else:
            p = clash[0]
            lines.append(
                rng.choice(
                    [
                        f"- {w}: {len(pos) - len(clash)}/{len(pos)} - clashes at {p + 1} ({w[p]} vs {ws[good][p]})",
                        f"- {w}: letter {p + 1} would be {w[p]}, grid has {ws[good][p]}; fits {len(pos) - len(clash)} of {len(pos)}",
                    ]
                )
            )
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"Only {ws[c]} fits everything. Pencilling it in.",
                    f"Entered {ws[c]} (all crossers agree).",
                ]
            )
        )
    else:
        lines.append(rng.choice([f"Pencilling in {ws[c]}.", f"Entered {ws[c]}."]))
    ans = ws[c] if rng.random() < 0.6 else ws[c].lower()
    return ("text", "\n".join(lines), ans, f"{clue} ({n})")


# ----------------------------------------------------------------------------- unit price (chat)

GOODS = [
    (
        "porridge oats",
        [
            "Tesco own brand",
            "Quaker",
            "Flahavan's",
            "Mornflake",
            "Aldi Harvest Morn",
            "Bob's Red Mill",
        ],
    ),
    (
        "basmati rice",
        ["Tilda", "Sainsbury's", "Veetee", "Laila", "Asda Just Essentials", "Kohinoor"],
    ),
    (
        "coffee beans",
        [
            "Lavazza Qualita Oro",
            "Union Revelation",
            "Costa Signature",
            "Taylors Rich Italian",
            "Starbucks Espresso Roast",
        ],
    ),
    (
        "dry dog food",
        ["Harringtons", "Burns", "James Wellbeloved", "Wainwright's", "Lily's Kitchen"],
    ),
]


def pack(rng, kg):
    """A pack size written in g, kg, lb or oz, with its weight in kg (as written)."""
    u = rng.choice(["g", "kg", "lb", "oz"])
    if u == "g":
        g = max(100, round(kg * 1000 / 50) * 50)
        return f"{g} g", g / 1000
    if u == "kg":
        x = max(0.5, round(kg * 2) / 2)
        return f"{x:g} kg", x
    if u == "lb":
        x = max(1, round(kg / 0.4536))
        return f"{x} lb", x * 0.4536
    x = max(8, round(kg / 0.02835 / 4) * 4)
    return f"{x} oz", x * 0.02835


def t_unitprice(rng, rule):
    what, brands = rng.choice(GOODS)
    while True:
        k = rng.randint(2, 5)
        bs = rng.sample(brands, k)
        packs = [pack(rng, rng.uniform(0.4, 3.0)) for _ in bs]
        price = [round(kg * rng.uniform(1.2, 9.0), 2) for _, kg in packs]
        price = [max(p, 0.75) for p in price]
        perkg = [round(p / kg, 2) for p, (_, kg) in zip(price, packs, strict=True)]
        if gap_ok(perkg, 0.25):
            break
    rk = by_rank(perkg)
    c = pick(rng, rule, rk)
    user = rng.choice(
        [
            f"Which of these {what} is the best value?\n"
            + "\n".join(
                f"- {b}, {s}, \u00a3{p:.2f}" for b, (s, _), p in zip(bs, packs, price, strict=True)
            ),
            f"Standing in the aisle. {what}: "
            + "; ".join(
                f"{b} {s} for \u00a3{p:.2f}" for b, (s, _), p in zip(bs, packs, price, strict=True)
            )
            + ". cheapest per kilo?",
        ]
    )
    r = [
        rng.choice(
            [
                "Best value means lowest price per kg. The packs are in different units, so convert each to kg first (1 lb = 0.4536 kg, 1 oz = 28.35 g).",
                "I need price per kilogram for each. Units are mixed - grams, pounds, ounces - so normalise.",
            ]
        )
    ]
    for i, b in enumerate(bs):
        s, kg = packs[i]
        if s.endswith(" kg"):
            r.append(f"{b}: \u00a3{price[i]:.2f} / {kg:g} kg = \u00a3{perkg[i]:.2f}/kg.")
        else:
            r.append(
                f"{b}: {s} is {kg:.3f} kg, so \u00a3{price[i]:.2f} / {kg:.3f} = \u00a3{perkg[i]:.2f}/kg."
            )
    cheap = min(range(k), key=lambda i: price[i])
    if cheap != rk.index(0) and rng.random() < 0.5:
        r.append(f"{bs[cheap]} is the cheapest pack on the shelf, but per kilo it isn't.")
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Lowest per kg: {bs[c]} at \u00a3{perkg[c]:.2f}.",
                    f"So {bs[c]} is the best value.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll say {bs[c]}.", f"Answer: {bs[c]}."]))
    reply = rng.choice(
        [
            f"**{bs[c]}** - \u00a3{perkg[c]:.2f} per kg.",
            f"Go for the {bs[c]} ({packs[c][0]}, \u00a3{price[c]:.2f}), which works out at \u00a3{perkg[c]:.2f}/kg.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, ans_form(rng, bs[c], bs), "think")


# ----------------------------------------------------------------------------- kaggle (chat)

SUBS = [
    ("sub_lgbm_v3.csv", "lgbm + target enc, 5-fold"),
    ("sub_xgb_tuned.csv", "xgb optuna 200 trials"),
    ("sub_catboost.csv", "catboost defaults, log target"),
    ("blend_50_50.csv", "blend lgbm/cat 50:50"),
    ("sub_ridge_stack.csv", "ridge stack of 4 models"),
    ("sub_nn_tab.csv", "tabular MLP, 3 seeds"),
    ("blend_rank.csv", "rank-average of top 3"),
]


def t_kaggle(rng, rule):
    while True:
        k = rng.randint(3, 6)
        ss = rng.sample(SUBS, k)
        sc = [rng.randint(11800, 14600) / 100000 for _ in ss]
        if gap_ok(sc, 0.0006):
            break
    rk = by_rank(sc)
    c = pick(rng, rule, rk)
    comp = rng.choice(
        [
            "house-prices-advanced-regression-techniques",
            "playground-series-s5e11",
            "store-sales-forecast",
        ]
    )
    days = sorted(rng.sample(range(1, 29), k))
    hdr = f"{'fileName':<22}{'date':<21}{'description':<32}{'status':<10}{'publicScore':<13}privateScore"
    rows = [hdr, "-" * len(hdr)]
    for i, (f, d) in enumerate(ss):
        ts = f"2026-11-{days[i]:02d} {rng.randint(8, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        rows.append(f"{f:<22}{ts:<21}{d:<32}{'complete':<10}{sc[i]:<13.5f}")
    user = rng.choice(
        [
            f"Comp metric is RMSLE. Which of my submissions should I select as final?\n\n$ kaggle competitions submissions -c {comp}\n"
            + "\n".join(rows),
            "\n".join(rows)
            + f"\n\n({comp}, scored on RMSLE). I can only select one for the private LB. which?",
        ]
    )
    r = [
        rng.choice(
            [
                "RMSLE is an error, so lower is better. I'll go down the publicScore column.",
                "The metric is RMSLE - an error metric, smaller wins. Comparing public scores.",
            ]
        )
    ]
    for i, (f, d) in enumerate(ss):
        r.append(rng.choice([f"{f} ({d}): {sc[i]:.5f}.", f"{f} scored {sc[i]:.5f}."]))
    last = max(range(k), key=lambda i: days[i])
    if last != rk.index(0) and rng.random() < 0.5:
        r.append(f"{ss[last][0]} is the most recent, but newer isn't better here: {sc[last]:.5f}.")
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Lowest RMSLE is {ss[c][0]} at {sc[c]:.5f}.",
                    f"{ss[c][0]} has the best (lowest) score.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll tell them {ss[c][0]}.", f"Going with {ss[c][0]}."]))
    reply = rng.choice(
        [
            f"Select **{ss[c][0]}** (public RMSLE {sc[c]:.5f}).",
            f"I'd pick `{ss[c][0]}` - {ss[c][1]}, {sc[c]:.5f} on the public board.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, None, "rc")


# ----------------------------------------------------------------------------- bcr (minutes)

SCHEMES = [
    "Station Road segregated cycle lane",
    "Market Square pedestrianisation",
    "School Streets pilot (six schools)",
    "Riverside path resurfacing",
    "Junction 4 signal retiming",
    "Northgate bus priority corridor",
    "Park-and-ride expansion at Hollins Lane",
]


def t_bcr(rng, rule):
    while True:
        k = rng.randint(2, 5)
        ss = rng.sample(SCHEMES, k)
        cost = [rng.randint(4, 60) / 10 for _ in ss]  # GBP m
        ben = [round(c * rng.uniform(0.8, 7.5), 1) for c in cost]
        bcr = [round(b / c, 1) for b, c in zip(ben, cost, strict=True)]
        if gap_ok(bcr, 0.3):
            break
    rk = by_rank(bcr, reverse=True)
    c = pick(rng, rule, rk)
    item = rng.randint(4, 12)
    lines = [
        rng.choice(
            [
                f"TRANSPORT AND HIGHWAYS COMMITTEE - MINUTES\n\nItem {item}: Active Travel Capital Fund - allocation of the 2026/27 tranche",
                f"Minutes, Environment & Transport Scrutiny Panel\n\n{item}. Capital allocation: sustainable transport schemes",
            ]
        ),
        "",
        rng.choice(
            [
                f"{item}.1 Officers reported that the tranche can fund one of the {k} shortlisted schemes. Members agreed that schemes be ranked on benefit-cost ratio (present value of benefits over present value of costs), in line with the value-for-money guidance.",
                f"{item}.1 The Head of Transport set out the {k} candidate schemes and their appraisal results. The Panel noted that value for money (BCR) would be the deciding measure.",
            ]
        ),
    ]
    for j, s in enumerate(ss):
        lines.append(
            rng.choice(
                [
                    f"{item}.{j + 2} {s}: PVB \u00a3{ben[j]:.1f}m against PVC \u00a3{cost[j]:.1f}m, giving a BCR of {bcr[j]:.1f}:1.",
                    f"{item}.{j + 2} {s}. Present value of benefits \u00a3{ben[j]:.1f}m, costs \u00a3{cost[j]:.1f}m; {ben[j]:.1f} / {cost[j]:.1f} = {bcr[j]:.1f}:1.",
                ]
            )
        )
    big = max(range(k), key=lambda j: ben[j])
    if big != rk.index(0) and rng.random() < 0.5:
        lines.append(
            f"{item}.{k + 2} Cllr {rng.choice(['Okafor', 'Brennan', 'Shah', 'Whitley'])} observed that the {ss[big]} delivers the largest total benefit, but officers confirmed its ratio is lower."
        )
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"RESOLVED: that the {ss[c]}, having the highest BCR ({bcr[c]:.1f}:1), be funded from the tranche.",
                    f"RESOLVED: to allocate the tranche to the {ss[c]} (best value for money, {bcr[c]:.1f}:1).",
                ]
            )
        )
    else:
        lines.append(
            rng.choice(
                [
                    f"RESOLVED: that the {ss[c]} be funded from the tranche.",
                    f"RESOLVED: to allocate the tranche to the {ss[c]}.",
                ]
            )
        )
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, ss[c], ss),
        "Which scheme gets the capital fund?",
    )


# ----------------------------------------------------------------------------- abtest readout

ARMS = [
    ("variant_b", '"Buy now"'),
    ("variant_c", '"Add to basket"'),
    ("variant_d", '"Get it today"'),
    ("variant_e", '"Checkout securely"'),
    ("variant_f", "green button"),
]


def t_abtest(rng, rule):
    while True:
        k = rng.randint(2, 4)
        arms = rng.sample(ARMS, k)
        base = rng.randint(240, 520) / 100  # percent
        rates = [base] + [round(base * (1 + rng.uniform(-0.12, 0.12)), 2) for _ in arms]
        if gap_ok(rates, 0.05):
            break
    names = ["control"] + [a for a, _ in arms]
    lift = [round(100 * (r - base) / base, 1) for r in rates]
    rk = by_rank(rates, reverse=True)
    c = pick(rng, rule, rk)
    exp = rng.choice(["checkout_cta_copy", "pdp_button_test_v2", "cart_cta_q4"])
    users = rng.randint(18, 90) * 1000
    lines = [
        rng.choice(
            [
                f"Experiment: {exp}  ({rng.randint(10, 28)} days, {users:,} users per arm)",
                f"== {exp} == results as of today, {users:,} users/arm",
            ]
        ),
        rng.choice(
            ["Primary metric: purchase conversion", "Metric: checkout conversion (primary)"]
        ),
        "",
        f"{'arm':<12}{'copy':<22}{'conv':>7}   lift vs control",
    ]
    copy = ["(current)"] + [cp for _, cp in arms]
    for i, n in enumerate(names):
        lf = "\u2014" if i == 0 else f"{lift[i]:+.1f}%"
        lines.append(f"{n:<12}{copy[i]:<22}{rates[i]:>6.2f}%   {lf}")
    lines.append("")
    note = []
    for i in range(1, len(names)):
        note.append(f"{names[i]} {lift[i]:+.1f}%")
    lines.append("Reading it: " + ", ".join(note) + " against control.")
    if rule == "best":
        if c == 0:
            lines.append(
                rng.choice(
                    [
                        "Nothing beats control, so we keep control.",
                        "Every variant is below control -> keeping control.",
                    ]
                )
            )
        else:
            lines.append(
                rng.choice(
                    [
                        f"{names[c]} has the highest conversion ({rates[c]:.2f}%). Shipping {names[c]}.",
                        f"Winner: {names[c]}, {lift[c]:+.1f}%. Rolling it out to 100%.",
                    ]
                )
            )
    else:
        if c == 0:
            lines.append(rng.choice(["Keeping control.", "Decision: control stays."]))
        else:
            lines.append(
                rng.choice([f"Shipping {names[c]}.", f"Decision: roll out {names[c]} to 100%."])
            )
    return ("text", "\n".join(lines), names[c], f"Which arm of {exp} should ship?")


# ----------------------------------------------------------------------------- game24 (REPL)


def py_val(e):
    """What the Python REPL prints for e (digits, + - * / and parentheses only)."""
    try:
        return eval(e, {"__builtins__": {}}, {})
    except ZeroDivisionError:
        return None


def t_g24_repl(rng, rule):
    nums = make_puzzle(rng)
    while True:
        r = rand_expr(rng, nums)
        if r and r[0] == 24 and py_val(r[1]) == 24:
            good = r
            break
    k = rng.randint(3, 6)
    atts = []
    seen = {good[1]}
    for _ in range(2000):
        if len(atts) >= k - 1:
            break
        r = rand_expr(rng, nums)
        if r and r[0] != 24 and r[1] not in seen and py_val(r[1]) is not None:
            seen.add(r[1])
            atts.append(r)
    pos = rng.randrange(1, len(atts) + 1) if rule == "first" else rng.randrange(len(atts) + 1)
    atts.insert(pos, good)
    lines = [
        rng.choice(
            [
                f"24 puzzle, numbers {' '.join(map(str, nums))}. Poking at it in the REPL:",
                f"Cards: {', '.join(map(str, nums))}. Just trying things in python",
                f"# make 24 from {' '.join(map(str, nums))}, each once",
            ]
        )
    ]
    for v, e in atts:
        pv = py_val(e)
        cm = ""
        if rng.random() < 0.4:
            cm = (
                "  # there it is"
                if v == 24
                else rng.choice(
                    [
                        "  # nope",
                        "  # close",
                        "  # no",
                        "  # too big" if v > 24 else "  # too small",
                    ]
                )
            )
        lines.append(f">>> {e}{cm}")
        lines.append(repr(pv))
    v, e = atts[0] if rule == "first" else atts[pos]
    lines.append(
        rng.choice(["Answer: {e} = {v}", "So {e} = {v}.", ">>> # answer: {e} = {v}"]).format(
            e=e, v=fm(v)
        )
    )
    return "\n".join(lines), f"{e} = {fm(v)}", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- non-search


def t_evcharge(rng, rule):
    car, batt = rng.choice(
        [
            ("Nissan Leaf", 39),
            ("MG4", 64),
            ("Tesla Model 3 RWD", 57.5),
            ("Kia e-Niro", 64),
            ("VW ID.3", 58),
        ]
    )
    frm = rng.choice([10, 15, 20, 25, 30])
    to = rng.choice([80, 90, 100])
    eff = rng.choice([88, 90, 92])
    rate = rng.choice([7.5, 8.5, 9.0, 7.0])
    need = batt * (to - frm) / 100
    grid = need / (eff / 100)
    cost = grid * rate / 100
    user = rng.choice(
        [
            f"How much does it cost me to charge my {car} from {frm}% to {to}% at home? I'm on an off-peak rate of {rate}p/kWh.",
            f"{car} ({batt} kWh usable), charging {frm}->{to}% overnight on {rate}p/kWh. What does a charge cost?",
        ]
    )
    r = [
        f"The {car} has about {batt} kWh usable. Going from {frm}% to {to}% is {to - frm}% of that: {batt} x {(to - frm) / 100:.2f} = {need:.2f} kWh into the battery.",
        f"Home chargers lose some energy - call it {eff}% efficient - so from the grid it's {need:.2f} / {eff / 100:.2f} = {grid:.2f} kWh.",
        f"At {rate}p per kWh: {grid:.2f} x {rate} = {grid * rate:.1f}p, which is \u00a3{cost:.2f}.",
        rng.choice(
            [
                f"Sanity check: roughly {grid:.0f} kWh at under 10p is under \u00a3{grid / 10 + 0.5:.0f}, fine.",
                f"Wait, let me re-check the losses: {need:.2f} / {eff / 100:.2f} is {grid:.2f}, yes.",
            ]
        ),
    ]
    reply = f"About **\u00a3{cost:.2f}** per charge ({grid:.1f} kWh from the grid at {rate}p)."
    return ("chat", user, "\n".join(r), reply, f"\u00a3{cost:.2f}", "think")


QUIZ = [
    ("Quizteama Aguilera", "Christina Aguilera"),
    ("Les Quizerables", "Les Miserables"),
    ("Universally Challenged", "University Challenge"),
    ("Agatha Quiztie", "Agatha Christie"),
    ("The Quizzard of Oz", "The Wizard of Oz"),
    ("Quiz in My Pants", "nothing in particular"),
    ("Sherlock Homies", "Sherlock Holmes"),
    ("Tequila Mockingbird", "To Kill a Mockingbird"),
]


def t_quizname(rng, rule):
    k = rng.randint(3, 5)
    qs = rng.sample(QUIZ, k)
    who = rng.sample(PEOPLE, k)
    c = rng.randrange(k)
    lines = [
        rng.choice(
            [
                f"Pub quiz Thursday at the {rng.choice(['Red Lion', 'Crown', 'Fox & Hounds', 'Kings Arms'])} - we need a team name. Suggestions in the group chat:",
                "Team name for the quiz. What people put forward:",
            ]
        )
    ]
    for (n, pun), p in zip(qs, who, strict=True):
        lines.append(
            rng.choice(
                [
                    f"- {n} ({p}, a play on {pun})",
                    f'- "{n}" - from {p}; pun on {pun}',
                ]
            )
        )
    lines.append(
        rng.choice(
            [
                f"Wrote them on beer mats and {rng.choice(PEOPLE)} pulled one out of a pint glass: {qs[c][0]}.",
                f"Names into a pint glass, drew one out - {qs[c][0]}. Done.",
            ]
        )
    )
    return ("text", "\n".join(lines), qs[c][0], "What's our pub quiz team name?")


# ----------------------------------------------------------------------------- registry

PROCS = {
    "loadtest_S": ("search", make_proc(t_loadtest, "best")),
    "loadtest_N_last": ("non-search", make_proc(t_loadtest, "last")),
    "tariff_S": ("search", make_proc(t_tariff, "best")),
    "tariff_N_first": ("non-search", make_proc(t_tariff, "first")),
    "mpg_S": ("search", make_proc(t_mpg, "best")),
    "mpg_N_random": ("non-search", make_proc(t_mpg, "random")),
    "gerrit_S": ("search", make_proc(t_gerrit, "best")),
    "gerrit_N_last": ("non-search", make_proc(t_gerrit, "last")),
    "docker_S": ("search", make_proc(t_docker, "best")),
    "docker_N_first": ("non-search", make_proc(t_docker, "first")),
    "crossword_S": ("search", make_proc(t_crossword, "best")),
    "crossword_N_random": ("non-search", make_proc(t_crossword, "random")),
    "unitprice_S": ("search", make_proc(t_unitprice, "best")),
    "unitprice_N_last": ("non-search", make_proc(t_unitprice, "last")),
    "kaggle_S": ("search", make_proc(t_kaggle, "best")),
    "kaggle_N_random": ("non-search", make_proc(t_kaggle, "random")),
    "bcr_S": ("search", make_proc(t_bcr, "best")),
    "bcr_N_first": ("non-search", make_proc(t_bcr, "first")),
    "abtest_S": ("search", make_proc(t_abtest, "best")),
    "abtest_N_random": ("non-search", make_proc(t_abtest, "random")),
    "g24_repl_S": ("search", make_g24_proc(t_g24_repl, "best")),
    "g24_repl_N_first": ("non-search", make_g24_proc(t_g24_repl, "first")),
    "evcharge_N": ("non-search", make_proc(t_evcharge, None)),
    "quizname_N": ("non-search", make_proc(t_quizname, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=20)


if __name__ == "__main__":
    sys.exit(main())
