#!/usr/bin/env python3
"""Held-out probe 19 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.
Records are shaped like real users' logs: free-text records (task "prompt") with the pick
as `answer` (sometimes lower-cased, shortened or with an article), chat records with the
reasoning in `reasoning_content` or between <think> and </think>, some of them without an
`answer` key so the reply after the reasoning stands for it, and game24 records.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, same honest
evaluations, the pick ignores them):

  flight_S / _N_first           chat (<think>, NO answer key): the user pastes 2-5
                                itineraries with leg times and connection times and wants
                                the shortest door-to-gate journey; the reasoning sums legs
                                + layovers per itinerary; the reply names the pick
  depot_S / _N_last             logistics analyst note: candidate depot towns, order share
                                per region and km to each region, order-weighted average
                                delivery distance worked out; lowest (criterion first line)
  cpa_S / _N_random             chat (reasoning_content, with answer): the user pastes
                                spend and new customers per marketing channel and says
                                "go by CPA"; CPA = spend / customers per channel; lowest
  sortbench_S / _N_first        pasted pytest-benchmark table (rows sorted by name),
                                Min / Max / Mean / StdDev / Median / Rounds, then a short
                                note adopting one implementation; fastest mean (criterion
                                only implied by the table)
  venue_S / _N_first            wedding-venue weighted checklist in markdown, criteria
                                with weights, 1-5 scores, weighted totals; highest total
  translate_S / _N_random       chat (reasoning_content, with answer): a reviewer judges
                                3-4 English renderings of a French/German/Spanish line in
                                words only ("accurate and idiomatic", "drops the
                                negation"); the pick is the best-judged rendering
  ttl_S / _N_last               terse ops notes of a cache TTL experiment (memory-capped
                                Redis, so long TTLs evict): hits / requests = hit rate per
                                TTL; the highest hit rate goes to prod (criterion implied)
  solar_S / _N_random           chat (reasoning_content or <think>, NO answer key): 2-4
                                solar quotes, kWp x yield x tariff = yearly saving,
                                cost / saving = payback years; shortest payback
  hike_S / _N_last              WhatsApp export between two friends: routes with distance
                                and ascent, Naismith times worked out (5 km/h + 1 h per
                                600 m); they must be down before dark, quickest route
game24 (puzzles from probe 8's helpers):
  g24_tree_S / _N_random        a numbered search tree: first moves 1., 2., ..., second
                                moves 1.1, 1.2 ..., each leaf lists the last operation
                                with a check or cross mark; the pick is a checked leaf /
                                a random leaf (the answer then states its true value)
non-search only:
  paint_N                       chat (<think>, with answer): one chain of computation,
                                wall area minus openings x coats / coverage -> litres ->
                                tins; the answer is a number of tins
  framework_N                   laptop refresh: "we always order from the vendor on the
                                framework contract" stated first, then every model scored
                                honestly on price / battery / weight; framework vendor taken
  catalogue_N                   houseplant shop list with neutral facts (origin, height,
                                light), the pick for a non-evaluative reason
  rota_N                        chat (reasoning_content, NO answer key): who presents the
                                sprint demo; everyone's tickets closed listed for the
                                slides, but the rota order decides

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe19.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction

from heldout_probe8 import ap, cap, fm, make_puzzle, pick  # the shared helpers
from heldout_probe16 import by_rank, distinct, gap_ok, join_and
from heldout_probe17 import ans_form, make_g24_proc, make_proc  # the record shapes

N_TEXTS = 30

PEOPLE = ["Sam", "Priya", "Tom", "Aisha", "Marek", "Jo", "Ines", "Dev", "Lena", "Kofi", "Ruth"]


def hm(m, rng=None, style=None):
    """Minutes as a duration: '13h 05m', '13:05' or '13 h 5 min'."""
    if style is None:
        style = rng.randrange(3) if rng else 0
    h, mm = divmod(m, 60)
    if style == 0:
        return f"{h}h {mm:02d}m"
    if style == 1:
        return f"{h}:{mm:02d}"
    return f"{h} h {mm} min"


# ----------------------------------------------------------------------------- flight (chat)

FLIGHT_ROUTES = [
    ("London", "Singapore", 790, ["Doha", "Dubai", "Istanbul", "Helsinki", "Frankfurt"]),
    ("Manchester", "Bangkok", 700, ["Dubai", "Doha", "Abu Dhabi", "Istanbul", "Amsterdam"]),
    ("Dublin", "Vancouver", 580, ["Toronto", "London", "Reykjavik", "Seattle", "Calgary"]),
    ("Edinburgh", "Cape Town", 740, ["Dubai", "Amsterdam", "Frankfurt", "Doha", "London"]),
    ("Paris", "Tokyo", 845, ["Helsinki", "Seoul", "Dubai", "Istanbul", "Munich"]),
]
HUB_CARRIER = {
    "Doha": "Qatar",
    "Dubai": "Emirates",
    "Istanbul": "Turkish",
    "Helsinki": "Finnair",
    "Frankfurt": "Lufthansa",
    "Abu Dhabi": "Etihad",
    "Amsterdam": "KLM",
    "Toronto": "Air Canada",
    "London": "British Airways",
    "Reykjavik": "Icelandair",
    "Seattle": "Alaska",
    "Calgary": "WestJet",
    "Seoul": "Korean Air",
    "Munich": "Lufthansa",
}


def t_flight(rng, rule):
    a, b, direct, hubs = rng.choice(FLIGHT_ROUTES)
    while True:
        k = rng.randint(2, 5)
        hs = rng.sample(hubs, k)
        if rng.random() < 0.35:
            hs[rng.randrange(k)] = None  # a direct flight
        legs, lay, tot = [], [], []
        for h in hs:
            if h is None:
                d = direct + rng.randint(-15, 25)
                legs.append([d])
                lay.append(0)
                tot.append(d)
            else:
                f = rng.uniform(0.3, 0.65)
                l1 = int(direct * f) + rng.randint(20, 90)
                l2 = int(direct * (1 - f)) + rng.randint(20, 90)
                lo = rng.randint(11, 80) * 5
                legs.append([l1, l2])
                lay.append(lo)
                tot.append(l1 + l2 + lo)
        if gap_ok(tot, 20):
            break
    names = ["direct flight" if h is None else f"{HUB_CARRIER[h]} via {h}" for h in hs]
    rk = by_rank(tot)
    c = pick(rng, rule, rk)
    style = rng.randrange(3)
    opts = []
    for i in range(k):
        if hs[i] is None:
            opts.append(f"{i + 1}) {names[i]}: {hm(legs[i][0], style=style)}")
        else:
            opts.append(
                f"{i + 1}) {names[i]}: {hm(legs[i][0], style=style)} + "
                f"{hm(legs[i][1], style=style)} flying, {hm(lay[i], style=style)} connection"
                + rng.choice(["", "", " (same terminal)", " (need to re-check bags)"])
            )
    user = rng.choice(
        [
            f"Booking {a} to {b} for work. Prices are all within a few quid so I just want the "
            "shortest total journey. Options:\n" + "\n".join(opts),
            f"Which of these gets me from {a} to {b} fastest, connections included?\n\n"
            + "\n".join(opts),
            f"{a} -> {b}, I hate long days. Least total time door to gate wins:\n"
            + "\n".join(opts),
        ]
    )
    r = [
        rng.choice(
            [
                "The user wants the least total travel time, so for each option I add the "
                "flight legs and the connection.",
                "Okay, total journey time per itinerary = legs + layover. Let me add them up.",
                "So the comparison is total elapsed time. Summing each one.",
            ]
        )
    ]
    for i in range(k):
        if hs[i] is None:
            r.append(
                f"Option {i + 1}, the {names[i]}: just {hm(legs[i][0], style=0)}, no connection."
            )
        else:
            r.append(
                rng.choice(
                    [
                        f"Option {i + 1} ({names[i]}): {hm(legs[i][0], style=0)} + "
                        f"{hm(lay[i], style=0)} + {hm(legs[i][1], style=0)} = "
                        f"{hm(tot[i], style=0)}.",
                        f"{names[i]}: {legs[i][0]} + {lay[i]} + {legs[i][1]} = {tot[i]} min, "
                        f"that's {hm(tot[i], style=0)} in total.",
                    ]
                )
            )
    if rng.random() < 0.4:
        r.append(
            "Wait, let me double-check I'm counting the connection in each one. Yes, included."
        )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Shortest is the {names[c]} at {hm(tot[c], style=0)}.",
                    f"So {names[c]} is the quickest overall.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll recommend the {names[c]}.", f"Going with {names[c]}."]))
    reply = rng.choice(
        [
            f"Take **option {c + 1}, {names[c]}** - about {hm(tot[c], style=0)} end to end.",
            f"I'd book the {names[c]}: {hm(tot[c], style=0)} total including the connection."
            if hs[c]
            else f"I'd book the {names[c]}: {hm(tot[c], style=0)} with no connection.",
            f"{cap(names[c])}. Total travel time {hm(tot[c], style=0)}.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, None, "think")


# ----------------------------------------------------------------------------- depot (text)

DEPOT_TOWNS = ["Daventry", "Rugby", "Milton Keynes", "Doncaster", "Warrington", "Swindon",
               "Peterborough", "Crewe", "Leicester"]
REGIONS = ["London & SE", "Midlands", "North West", "Yorkshire", "South West", "Scotland",
           "East Anglia", "Wales"]


def t_depot(rng, rule):
    while True:
        k = rng.randint(2, 4)
        towns = rng.sample(DEPOT_TOWNS, k)
        m = rng.randint(3, 4)
        regs = rng.sample(REGIONS, m)
        raw = [rng.randint(10, 40) for _ in regs]
        share = [round(100 * x / sum(raw)) for x in raw]
        share[-1] = 100 - sum(share[:-1])
        if min(share) < 5:
            continue
        dist = [[rng.randint(4, 60) * 5 for _ in regs] for _ in towns]
        avg = [round(sum(s * d for s, d in zip(share, dd, strict=True)) / 100, 1) for dd in dist]
        if gap_ok(avg, 6):
            break
    rk = by_rank(avg)
    c = pick(rng, rule, rk)
    lines = [
        rng.choice(
            [
                "Depot siting - criterion: average delivery distance per order (km, weighted "
                "by order share). Lower is better.",
                "Comparing depot sites on one number: order-weighted mean distance to the "
                "customer, in km. Lowest wins.",
            ]
        ),
        "Order share by region: "
        + ", ".join(f"{r_} {s}%" for r_, s in zip(regs, share, strict=True))
        + ".",
        "",
    ]
    block = rng.random() < 0.5
    for i, t in enumerate(towns):
        terms = " + ".join(f"{share[j] / 100:.2f}x{dist[i][j]}" for j in range(m))
        if block:
            lines.append(f"{t}:")
            for j in range(m):
                lines.append(f"  {regs[j]}: {dist[i][j]} km")
            lines.append(f"  weighted avg = {terms} = {avg[i]:.1f} km")
        else:
            lines.append(
                f"{t} - "
                + ", ".join(f"{regs[j]} {dist[i][j]} km" for j in range(m))
                + f" => {avg[i]:.1f} km average"
            )
    lines.append("")
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"Shortest average run is from {towns[c]} ({avg[c]:.1f} km). Recommending "
                    f"{towns[c]}.",
                    f"Recommendation: {towns[c]}, lowest weighted distance.",
                ]
            )
        )
    else:
        lines.append(
            rng.choice([f"Recommendation: {towns[c]}.", f"Proposing {towns[c]} to the board."])
        )
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, towns[c], towns),
        "Where should the new depot go?",
    )


# ----------------------------------------------------------------------------- cpa (chat)

CHANNELS = ["Google Search", "Meta ads", "TikTok", "LinkedIn", "affiliate", "podcast sponsorship",
            "email partners", "Reddit ads"]


def t_cpa(rng, rule):
    while True:
        k = rng.randint(3, 5)
        chs = rng.sample(CHANNELS, k)
        spend = [rng.randint(8, 60) * 100 for _ in chs]
        cust = [rng.randint(20, 400) for _ in chs]
        cpa = [round(s / n, 2) for s, n in zip(spend, cust, strict=True)]
        if gap_ok(cpa, 1.5) and min(cpa) > 4:
            break
    rk = by_rank(cpa)
    c = pick(rng, rule, rk)
    cur = rng.choice(["$", "£", "€"])
    tbl = "\n".join(
        f"{chs[i]:<20} {cur}{spend[i]:,}   {cust[i]} new customers" for i in range(k)
    )
    user = rng.choice(
        [
            f"Q3 numbers per channel:\n{tbl}\nWe have extra budget for one channel next "
            "quarter. Go by CPA.",
            f"which channel gets the extra spend? judge on cost per acquisition\n\n{tbl}",
        ]
    )
    r = [
        rng.choice(
            [
                "CPA is spend divided by customers acquired. Computing per channel.",
                "They want the lowest cost per acquisition. Spend / new customers for each:",
            ]
        )
    ]
    fmt = rng.randrange(2)
    for i in range(k):
        r.append(
            f"{chs[i]}: {cur}{spend[i]:,} / {cust[i]} = {cur}{cpa[i]:.2f}"
            if fmt == 0
            else f"- {chs[i]} -> {cur}{spend[i]:,} over {cust[i]} customers, CPA {cur}{cpa[i]:.2f}"
        )
    mc = max(range(k), key=lambda i: cust[i])
    if mc != rk.index(0) and rng.random() < 0.5:
        r.append(
            f"{chs[mc]} brought in the most customers, but it also cost the most per head."
        )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Lowest CPA: {chs[c]} at {cur}{cpa[c]:.2f}.",
                    f"So {chs[c]} is cheapest per customer.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll say {chs[c]}.", f"Recommend {chs[c]}."]))
    reply = rng.choice(
        [
            f"Put the extra budget into **{chs[c]}** (CPA {cur}{cpa[c]:.2f}).",
            f"{cap(chs[c])} - {cur}{cpa[c]:.2f} per new customer.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, ans_form(rng, chs[c], chs), "rc")


# ----------------------------------------------------------------------------- sortbench

SORTS = ["timsort", "pdqsort", "radix_lsd", "introsort", "heapsort", "mergesort_bottomup",
         "shellsort", "block_quicksort", "spreadsort"]


def t_sortbench(rng, rule):
    while True:
        k = rng.randint(3, 6)
        ns = sorted(rng.sample(SORTS, k))
        mean = [rng.randint(18000, 240000) / 10000 for _ in ns]  # ms
        if gap_ok(mean, 0.6):
            break
    rk = by_rank(mean)
    c = pick(rng, rule, rk)
    data = rng.choice(["1M random int64", "500k nearly-sorted floats", "2M uint32 keys"])
    fn = rng.choice(["test_sort", "test_bench_sort", "bench_sort"])
    rows = []
    for i, n in enumerate(ns):
        mu = mean[i]
        sd = mu * rng.uniform(0.01, 0.08)
        mn = mu - sd * rng.uniform(1.0, 2.0)
        med = mu - sd * rng.uniform(0.0, 0.4)
        mx = mu + sd * rng.uniform(2.0, 4.0)
        rounds = rng.randint(20, 60)
        rows.append(
            f"{fn}[{n}]".ljust(34)
            + f"{mn:10.4f} {mx:10.4f} {mu:10.4f} {sd:9.4f} {med:10.4f} {rounds:7d}"
        )
    head = [
        rng.choice(
            [
                f"Sort benchmark on {data} (pytest-benchmark, sorted by name):",
                f"$ pytest bench/ --benchmark-sort=name   # {data}",
                f"bench run, {data}",
            ]
        ),
        "",
        f"{'-' * 30} benchmark: {k} tests {'-' * 30}",
        "Name (time in ms)".ljust(34)
        + "       Min        Max       Mean    StdDev     Median  Rounds",
        "-" * 96,
        *rows,
        "-" * 96,
        "",
    ]
    if rule == "best":
        tail = rng.choice(
            [
                f"{ns[c]} has the lowest mean ({mean[c]:.4f} ms). Switching the ingest path to "
                f"{ns[c]}.",
                f"Adopting {ns[c]}: fastest mean of the lot.",
            ]
        )
    else:
        tail = rng.choice([f"Switching the ingest path to {ns[c]}.", f"Adopting {ns[c]}."])
    head.append(tail)
    return ("text", "\n".join(head), ns[c], f"which sort to use for the {data} path")


# ----------------------------------------------------------------------------- venue

VENUES = ["Hartwell Barn", "The Old Rectory", "Coombe Abbey", "Elm Farm", "The Boathouse",
          "Kingsley Hall", "Ashdown Orangery", "Millbrook Mill"]
VCRIT = [("guest capacity", 3), ("price", 3), ("catering", 2), ("location", 2),
         ("parking", 1), ("accommodation", 1), ("wet-weather plan", 2)]


def t_venue(rng, rule):
    while True:
        k = rng.randint(2, 5)
        vs = rng.sample(VENUES, k)
        crit = rng.sample(VCRIT, rng.randint(3, 5))
        sc = [[rng.randint(1, 5) for _ in crit] for _ in vs]
        tot = [sum(s * w for s, (_, w) in zip(row, crit, strict=True)) for row in sc]
        if gap_ok(tot, 3):
            break
    rk = by_rank(tot, reverse=True)
    c = pick(rng, rule, rk)
    lines = [
        rng.choice(
            [
                "## Venue checklist (scores 1-5, weighted)",
                "Wedding venue shortlist - weighted scoring",
            ]
        ),
        "",
        "| venue | " + " | ".join(f"{n} (x{w})" for n, w in crit) + " | weighted total |",
        "|---" * (len(crit) + 2) + "|",
    ]
    for i, v in enumerate(vs):
        lines.append(
            f"| {v} | " + " | ".join(str(s) for s in sc[i]) + f" | {tot[i]} |"
        )
    if rng.random() < 0.5:
        i = rng.randrange(k)
        lines.append("")
        lines.append(
            f"({vs[i]}: "
            + " + ".join(f"{s}x{w}" for s, (_, w) in zip(sc[i], crit, strict=True))
            + f" = {tot[i]})"
        )
    lines.append("")
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"Top score is {vs[c]} with {tot[c]}. Deposit going to {vs[c]}.",
                    f"{vs[c]} comes out highest, so that's the one we're booking.",
                ]
            )
        )
    else:
        lines.append(rng.choice([f"Deposit going to {vs[c]}.", f"Booking {vs[c]}."]))
    return ("text", "\n".join(lines), ans_form(rng, vs[c], vs), "Which venue are we booking?")


# ----------------------------------------------------------------------------- translate

# (source language, source line, [(rendering, reviewer comment, tier 0 = best)])
TRANSL = [
    (
        "French",
        "Nous ne sommes pas en mesure de confirmer la date de livraison pour le moment.",
        [
            ("We are not able to confirm the delivery date at the moment.",
             "accurate and reads naturally, nothing to fix", 0),
            ("We are not in measure to confirm the delivery date for the moment.",
             "calques 'en mesure' word for word, a native reader would stumble", 2),
            ("We can confirm the delivery date at the moment.",
             "drops the negation, so it says the opposite of the source", 3),
            ("We can't confirm the delivery date yet.",
             "meaning is right but a bit casual for a customer letter", 1),
        ],
    ),
    (
        "German",
        "Bitte beachten Sie, dass die Anmeldefrist am Freitag endet.",
        [
            ("Please note that the registration deadline ends on Friday.",
             "'deadline ends' is redundant, otherwise fine", 1),
            ("Please note that registration closes on Friday.",
             "clear, idiomatic and faithful", 0),
            ("Please observe that the registration period ends on Friday.",
             "'observe' is a false friend here and sounds odd", 2),
            ("Registration ended on Friday.",
             "wrong tense and loses the 'please note', not usable", 3),
        ],
    ),
    (
        "Spanish",
        "El equipo lleva tres semanas trabajando en la nueva versión.",
        [
            ("The team carries three weeks working on the new version.",
             "literal 'lleva' as 'carries', ungrammatical in English", 3),
            ("The team has been working on the new version for three weeks.",
             "exactly right, natural English", 0),
            ("The team worked three weeks on the new version.",
             "past simple suggests the work is finished, a shift in meaning", 2),
            ("For three weeks the team is working on the new version.",
             "understandable but the tense is off", 1),
        ],
    ),
    (
        "French",
        "Il faudrait revoir le budget avant la réunion de lundi.",
        [
            ("The budget should be reviewed before Monday's meeting.",
             "faithful and reads well", 0),
            ("It would be necessary to revise the budget before the meeting of Monday.",
             "correct but stiff, 'meeting of Monday' is clunky", 1),
            ("We must see the budget again before Monday meeting.",
             "missing article and 'see again' mistranslates 'revoir'", 3),
            ("Someone needs to redo the budget before the Monday meeting.",
             "'redo' overstates it, the source only asks for a review", 2),
        ],
    ),
    (
        "German",
        "Das Angebot gilt nur solange der Vorrat reicht.",
        [
            ("The offer is valid only as long as the supply reaches.",
             "word-for-word, 'supply reaches' is not English", 3),
            ("Offer valid while stocks last.",
             "the standard English phrase, perfect", 0),
            ("The offer only applies as long as there is stock.",
             "correct meaning, slightly wordy", 1),
            ("This offer is limited.",
             "too vague, loses the stock condition", 2),
        ],
    ),
]


def t_translate(rng, rule):
    lang, src, cands = rng.choice(TRANSL)
    k = rng.randint(3, 4)
    cs = rng.sample(cands, k)
    tiers = [t for _, _, t in cs]
    rk = by_rank(tiers)
    c = pick(rng, rule, rk)
    labels = "ABCD"
    user = (
        rng.choice(
            [
                f"Which English rendering of this {lang} line should go into the release?\n",
                f"Review these translations of a {lang} sentence and pick one:\n",
            ]
        )
        + f"> {src}\n\n"
        + "\n".join(f"{labels[i]}. {cs[i][0]}" for i in range(k))
    )
    r = [
        rng.choice(
            [
                "Let me read each candidate against the source.",
                f"I'll go through them one at a time and check them against the {lang}.",
                "Checking each option for accuracy and naturalness.",
            ]
        )
    ]
    for i in range(k):
        r.append(
            rng.choice(
                [
                    f"{labels[i]}: {cs[i][1]}.",
                    f"Option {labels[i]} - {cs[i][1]}.",
                    f'"{cs[i][0]}" - {cs[i][1]}.',
                ]
            )
        )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"{labels[c]} is the strongest of these.",
                    f"So {labels[c]} is the one I'd ship; it has the fewest problems.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll go with {labels[c]}.", f"Picking {labels[c]}."]))
    reply = rng.choice(
        [
            f"Use **{labels[c]}**: \"{cs[c][0]}\"",
            f"I'd go with {labels[c]} - \"{cs[c][0]}\"",
        ]
    )
    ans = rng.choice([cs[c][0], cs[c][0], labels[c], f"option {labels[c]}"])
    return ("chat", user, "\n".join(r), reply, ans, "rc")


# ----------------------------------------------------------------------------- ttl (ops notes)


def t_ttl(rng, rule):
    while True:
        k = rng.randint(3, 5)
        ttls = sorted(rng.sample([15, 30, 60, 120, 300, 600, 900, 1800, 3600], k))
        req = [rng.randint(300, 900) * 1000 + rng.randint(0, 999) for _ in ttls]
        hr = [rng.randint(450, 940) / 1000 for _ in ttls]
        hits = [round(q * h) for q, h in zip(req, hr, strict=True)]
        rate = [round(100 * h / q, 1) for h, q in zip(hits, req, strict=True)]
        if gap_ok(rate, 1.2):
            break
    rk = by_rank(rate, reverse=True)
    c = pick(rng, rule, rk)
    ep = rng.choice(["/api/catalog", "/v2/prices", "session lookups", "/search/suggest"])
    mem = rng.choice(["1gb", "2gb", "512mb"])

    def tl(t):
        return f"{t}s" if t < 60 else f"{t // 60}m"

    lines = [
        rng.choice(
            [
                f"ttl sweep {ep} - 24h per setting, redis maxmemory {mem} allkeys-lru",
                f"# cache ttl test ({ep}), capped at {mem}, long ttls evict",
            ]
        )
    ]
    fmt = rng.randrange(2)
    for i, t in enumerate(ttls):
        lines.append(
            f"ttl={tl(t):<5} hits {hits[i]:,} / {req[i]:,} req -> {rate[i]:.1f}%"
            if fmt == 0
            else f"{tl(t):>5}: {hits[i]:,} hits of {req[i]:,} = {rate[i] / 100:.3f} hit ratio"
        )
    if rng.random() < 0.5:
        lo = min(range(k), key=lambda i: rate[i])
        lines.append(f"note: {tl(ttls[lo])} worst, lots of evictions / expiry churn")
    if rule == "best":
        lines.append(
            rng.choice(
                [
                    f"best hit rate at ttl={tl(ttls[c])}, setting that in prod",
                    f"-> prod ttl {tl(ttls[c])} ({rate[c]:.1f}% hits, highest)",
                ]
            )
        )
    else:
        lines.append(
            rng.choice([f"-> prod ttl {tl(ttls[c])}", f"setting ttl={tl(ttls[c])} in prod"])
        )
    return (
        "text",
        "\n".join(lines),
        rng.choice([tl(ttls[c]), f"ttl={tl(ttls[c])}", f"{ttls[c]} seconds"]),
        f"what TTL for {ep}",
    )


# ----------------------------------------------------------------------------- solar (chat)

INSTALLERS = ["SunRun Solar", "Evergreen Energy", "Brightside Renewables", "Helios Home",
              "Greenroof Ltd", "Solarwise", "PV Direct"]


def t_solar(rng, rule):
    while True:
        k = rng.randint(2, 4)
        ins = rng.sample(INSTALLERS, k)
        kwp = [rng.choice([3.2, 3.6, 4.0, 4.4, 4.8, 5.2, 6.0]) for _ in ins]
        yld = [rng.randint(85, 105) * 10 for _ in ins]  # kWh per kWp per year
        cost = [round(k_ * rng.randint(1300, 2100), -1) for k_ in kwp]
        tariff = rng.choice([0.24, 0.27, 0.28, 0.30])
        kwh = [round(k_ * y) for k_, y in zip(kwp, yld, strict=True)]
        save = [round(e * tariff) for e in kwh]
        pay = [round(cst / s, 1) for cst, s in zip(cost, save, strict=True)]
        if gap_ok(pay, 0.5):
            break
    rk = by_rank(pay)
    c = pick(rng, rule, rk)
    quotes = "\n".join(
        f"- {ins[i]}: {kwp[i]} kWp, £{cost[i]:,.0f} installed, estimate {yld[i]} kWh/kWp/yr"
        for i in range(k)
    )
    user = rng.choice(
        [
            f"Got {k} solar quotes. We pay £{tariff:.2f}/kWh. Which is the best deal?\n{quotes}",
            f"Solar quotes below, electricity is {round(tariff * 100)}p a unit. "
            f"Which one would you go for?\n\n{quotes}",
        ]
    )
    r = [
        rng.choice(
            [
                "Best deal here means the quickest payback: cost divided by yearly saving. "
                "Yearly saving = kWp x yield x tariff.",
                "I'll compare simple payback years for each quote, since size and price both vary.",
            ]
        )
    ]
    for i in range(k):
        r.append(
            f"{ins[i]}: {kwp[i]} x {yld[i]} = {kwh[i]:,} kWh a year, x £{tariff:.2f} = "
            f"£{save[i]:,} saved; £{cost[i]:,.0f} / £{save[i]:,} = {pay[i]:.1f} years."
        )
    if rng.random() < 0.4:
        big = max(range(k), key=lambda i: kwh[i])
        if big != rk.index(0):
            r.append(f"{ins[big]} generates the most, but it's priced so it pays back slower.")
    if rule == "best":
        r.append(
            rng.choice(
                [f"Fastest payback: {ins[c]}, {pay[c]:.1f} years.", f"So {ins[c]} wins on payback."]
            )
        )
    else:
        r.append(rng.choice([f"I'll suggest {ins[c]}.", f"Going to recommend {ins[c]}."]))
    reply = rng.choice(
        [
            f"I'd go with **{ins[c]}** - it pays for itself in about {pay[c]:.1f} years.",
            f"{ins[c]}. Roughly £{save[c]:,} a year off your bills, payback ~{pay[c]:.0f} years.",
        ]
    )
    return ("chat", user, "\n\n".join(r), reply, None, rng.choice(["rc", "think"]))


# ----------------------------------------------------------------------------- hike (WhatsApp)

HIKES = ["the Horseshoe", "Ridge path", "the reservoir loop", "Pyg Track", "the Miners' Track",
         "Watkin Path", "the north face route", "Ranger Path", "the valley circuit"]


def t_hike(rng, rule):
    while True:
        k = rng.randint(2, 4)
        hs = rng.sample(HIKES, k)
        km = [rng.randint(16, 40) / 2 for _ in hs]
        up = [rng.randint(6, 24) * 50 for _ in hs]
        mins = [round(x / 5 * 60 + u / 600 * 60) for x, u in zip(km, up, strict=True)]
        if gap_ok(mins, 12):
            break
    rk = by_rank(mins)
    c = pick(rng, rule, rk)
    a, b = rng.sample(["Ana", "Ben", "Cal", "Nia", "Rhys", "Effie", "Josh"], 2)
    day = rng.randint(3, 27)
    clock = rng.randint(18 * 60, 20 * 60)

    def ts():
        nonlocal clock
        clock = min(clock + rng.choice([0, 1, 1, 2, 3, 7]), 23 * 60 + 59)
        return f"[{day:02d}/09, {clock // 60:02d}:{clock % 60:02d}]"

    lines = [
        f"{ts()} {a}: right which route sat. sunset's early so we need to be down fast, "
        "quickest one wins",
        f"{ts()} {b}: naismith them? 5km/h plus an hour per 600m up",
        f"{ts()} {a}: go on then",
    ]
    for i in range(k):
        u = up[i]
        lines.append(
            f"{ts()} {b}: "
            + rng.choice(
                [
                    f"{hs[i]}: {km[i]:g}km, {u}m up -> {km[i] / 5 * 60:.0f} + {u / 10:.0f} = "
                    f"{mins[i]} min ({hm(mins[i], style=0)})",
                    f"{hs[i]} is {km[i]:g}k with {u}m ascent, so {km[i]:g}/5 h + {u}/600 h = "
                    f"{hm(mins[i], style=0)}",
                ]
            )
        )
    if rng.random() < 0.4:
        lines.append(f"{ts()} {a}: " + rng.choice(["ok", "👍", "nice one"]))
    if rule == "best":
        lines.append(
            f"{ts()} {a}: "
            + rng.choice(
                [
                    f"{hs[c]} is quickest then, {hs[c]} it is",
                    f"so {hs[c]}, shortest time. done",
                ]
            )
        )
    else:
        lines.append(f"{ts()} {a}: " + rng.choice([f"{hs[c]} it is", f"let's do {hs[c]}. done"]))
    lines.append(f"{ts()} {b}: " + rng.choice(["👍", "see you at 8", "booked the car park"]))
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, hs[c], hs, article=True),
        "which route are we walking on saturday",
    )


# ----------------------------------------------------------------------------- game24 (tree)


def g24_head(rng, nums):
    return rng.choice(
        [
            "24: {p}",
            "Search tree for 24 with {p}.",
            "Get 24 from {p}, each once.",
        ]
    ).format(p=", ".join(map(str, nums)) if rng.random() < 0.5 else " ".join(map(str, nums)))


def g24_moves(state):
    """state: list of (Fraction, expr). All (a, op, b, new_state) with non-negative results."""
    out = []
    for i, j in itertools.permutations(range(len(state)), 2):
        for op in "+-*/":
            if op in "+*" and i > j:
                continue
            v = ap(state[i][0], state[j][0], op)
            if v is None or v < 0:
                continue
            e = f"({state[i][1]}{op}{state[j][1]})"
            rest = [state[t] for t in range(len(state)) if t not in (i, j)]
            out.append((state[i][0], op, state[j][0], [*rest, (v, e)]))
    return out


def g24_solvable(state):
    if len(state) == 1:
        return state[0][0] == 24
    return any(g24_solvable(ns) for _a, _o, _b, ns in g24_moves(state))


def strip_p(e):
    return e[1:-1] if e.startswith("(") and e.endswith(")") else e


def fo(x):
    """An operand as written in an operation: fractions in brackets."""
    return fm(x) if x.denominator == 1 else f"({fm(x)})"


def vals_str(state):
    return "[" + ", ".join(fm(v) for v, _ in state) + "]"


def t_g24_tree(rng, rule):
    while True:
        nums = make_puzzle(rng)
        st0 = [(Fraction(x), str(x)) for x in nums]
        m1 = g24_moves(st0)
        good1 = [m for m in m1 if g24_solvable(m[3])]
        bad1 = [m for m in m1 if not g24_solvable(m[3])]
        if good1 and len(bad1) >= 2:
            break
    firsts = [rng.choice(good1), *rng.sample(bad1, rng.randint(1, 2))]
    rng.shuffle(firsts)
    lines = [g24_head(rng, nums)]
    leaves = []  # (label, expr, value)
    for n1, (a, op, b, st1) in enumerate(firsts, 1):
        lines.append(f"{n1}. {fo(a)}{op}{fo(b)}={fm(st1[-1][0])} -> {vals_str(st1)}")
        m2 = g24_moves(st1)
        g2 = [m for m in m2 if g24_solvable(m[3])]
        b2 = [m for m in m2 if not g24_solvable(m[3])]
        seconds = rng.sample(b2, min(len(b2), rng.randint(1, 2)))
        if g2:
            seconds.insert(rng.randrange(len(seconds) + 1), rng.choice(g2))
        for n2, (a2, op2, b2_, st2) in enumerate(seconds, 1):
            lab = f"{n1}.{n2}"
            m3 = g24_moves(st2)
            hit = [m for m in m3 if m[3][0][0] == 24]
            if hit:
                fin = rng.choice(hit)
                mark = "✓"
            else:
                fin = min(m3, key=lambda m: abs(m[3][0][0] - 24))
                mark = "✗"
            a3, op3, b3, st3 = fin
            v3, e3 = st3[0]
            lines.append(
                f"   {lab} {fo(a2)}{op2}{fo(b2_)}={fm(st2[-1][0])} -> {vals_str(st2)} -> "
                f"{fo(a3)}{op3}{fo(b3)}={fm(v3)} {mark}"
            )
            leaves.append((lab, strip_p(e3), v3))
    oks = [i for i, lf in enumerate(leaves) if lf[2] == 24]
    c = rng.choice(oks) if rule == "best" else rng.randrange(len(leaves))
    lab, e, v = leaves[c]
    lines.append(
        rng.choice(["=> {l}: {e} = {v}", "Take {l}. {e} = {v}", "Answer ({l}): {e} = {v}"]).format(
            l=lab, e=e, v=fm(v)
        )
    )
    return "\n".join(lines), f"{e} = {fm(v)}", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- non-search


def t_paint(rng, rule):
    L = rng.randint(30, 60) / 10
    W = rng.randint(25, 50) / 10
    H = rng.choice([2.4, 2.5, 2.6, 2.7])
    doors = rng.randint(1, 2)
    wins = rng.randint(1, 3)
    coats = 2
    cover = rng.choice([10, 12, 13, 14])  # m2 per litre
    tin = rng.choice([2.5, 5.0])
    walls = round(2 * (L + W) * H, 2)
    openings = round(doors * 1.9 + wins * 1.5, 2)
    net = round(walls - openings, 2)
    area = round(net * coats, 2)
    litres = round(area / cover, 2)
    tins = int(-(-litres // tin))
    user = (
        f"Painting a bedroom, {L:g} m x {W:g} m, ceiling height {H:g} m, {doors} door(s) and "
        f"{wins} window(s). Two coats, the paint says {cover} m² per litre and comes in "
        f"{tin:g} L tins. How many tins do I need?"
    )
    r = [
        "Perimeter first, then wall area.",
        f"Perimeter = 2 x ({L:g} + {W:g}) = {2 * (L + W):.1f} m. Wall area = {2 * (L + W):.1f} x "
        f"{H:g} = {walls:.2f} m².",
        f"Openings: doors about 1.9 m² each, windows about 1.5 m² each: {doors} x 1.9 + {wins} x "
        f"1.5 = {openings:.2f} m².",
        f"Net = {walls:.2f} - {openings:.2f} = {net:.2f} m². Two coats: {area:.2f} m².",
        f"Litres = {area:.2f} / {cover} = {litres:.2f} L.",
        f"Tins of {tin:g} L: {litres:.2f} / {tin:g} = {litres / tin:.2f}, round up to {tins}.",
    ]
    if rng.random() < 0.5:
        r.append(
            f"Hmm, let me re-check the wall area: {2 * (L + W):.1f} x {H:g} = {walls:.2f}. Yes."
        )
    reply = (
        f"You need **{tins}** tin{'s' if tins > 1 else ''} of {tin:g} L "
        f"(about {litres:.1f} L for two coats)."
    )
    ans = rng.choice([str(tins), f"{tins} tins" if tins > 1 else "1 tin"])
    return ("chat", user, "\n".join(r), reply, ans, "think")


LAPTOPS = [("Dell", "Latitude 5450"), ("Lenovo", "ThinkPad T14"), ("HP", "EliteBook 840"),
           ("Apple", "MacBook Air 13"), ("Framework", "Laptop 13"), ("Asus", "ExpertBook B5")]


def t_framework(rng, rule):
    k = rng.randint(3, 5)
    ls = rng.sample(LAPTOPS, k)
    fw = rng.randrange(k)
    price = distinct(rng, 85, 160, k, 3)
    price = [p * 10 for p in price]
    batt = [rng.randint(8, 18) for _ in ls]
    kg = [rng.randint(115, 165) / 100 for _ in ls]
    score = [
        round((2000 - p) / 100 + b - 4 * w, 1) for p, b, w in zip(price, batt, kg, strict=True)
    ]
    lines = [
        rng.choice(
            [
                f"Laptop refresh for new starters. Policy: we always order from the vendor on "
                f"the framework contract, which is {ls[fw][0]} this year. Scores below are for "
                "the annual supplier review only.",
                f"Rule first: procurement only allows the framework-contract vendor "
                f"({ls[fw][0]}). Still scoring the field for the record.",
            ]
        ),
        "",
        "score = (2000 - price)/100 + battery h - 4 x kg",
    ]
    for i, (v, m) in enumerate(ls):
        lines.append(
            f"- {v} {m}: £{price[i]:,}, {batt[i]} h battery, {kg[i]:.2f} kg -> "
            f"{(2000 - price[i]) / 100:.1f} + {batt[i]} - {4 * kg[i]:.2f} = {score[i]:.1f}"
        )
    lines.append("")
    lines.append(
        rng.choice(
            [
                f"Order: {ls[fw][0]} {ls[fw][1]} x 12, per the framework contract.",
                f"PO raised for the {ls[fw][0]} {ls[fw][1]} (framework vendor).",
            ]
        )
    )
    name = f"{ls[fw][0]} {ls[fw][1]}"
    return (
        "text",
        "\n".join(lines),
        rng.choice([name, ls[fw][0], ls[fw][1]]),
        "Which laptop are we ordering for new starters?",
    )


PLANTS = [
    ("Monstera deliciosa", "from Central American rainforests, grows to about 2 m indoors"),
    ("Pothos", "a trailing vine from the Solomon Islands, usually sold in hanging pots"),
    ("Snake plant", "West African, upright sword-shaped leaves, 60-90 cm"),
    ("Fiddle-leaf fig", "a West African fig with large violin-shaped leaves"),
    ("ZZ plant", "from eastern Africa, glossy leaves on thick stems"),
    ("Calathea orbifolia", "Bolivian, broad round striped leaves about 30 cm across"),
    ("Peace lily", "tropical American, white spathes, around 50 cm tall"),
]
PLANT_REASONS = [
    "it was the last one on the shelf",
    "it matches the green pot we already have",
    "my flatmate had already picked it up by the time I finished reading the labels",
    "it was the one nearest the till",
    "my mum has the same one",
]


def t_catalogue(rng, rule):
    k = rng.randint(3, 5)
    ps = rng.sample(PLANTS, k)
    c = rng.randrange(k)
    lines = [
        rng.choice(
            [
                "At the garden centre, houseplants on the table:",
                "Plant shop list (copied the labels):",
            ]
        )
    ]
    for n, d in ps:
        lines.append(rng.choice([f"- {n}: {d}.", f"* {n} - {d}", f"{n}, {d}."]))
    lines.append(
        rng.choice(
            [
                f"Came home with the {ps[c][0]} because {rng.choice(PLANT_REASONS)}.",
                f"Bought: {ps[c][0]} ({rng.choice(PLANT_REASONS)}).",
            ]
        )
    )
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, ps[c][0], [p for p, _ in ps], article=True),
        "Which plant did you get?",
    )


def t_rota(rng, rule):
    k = rng.randint(3, 5)
    team = rng.sample(PEOPLE, k)
    last = rng.randrange(k)
    nxt = (last + 1) % k
    tickets = distinct(rng, 2, 24, k, 2)
    pts = [t * rng.choice([2, 3]) for t in tickets]
    user = rng.choice(
        [
            f"Who should present the sprint demo on Friday? Team is {join_and(team)}.",
            f"Sprint demo presenter this time? ({', '.join(team)})",
        ]
    )
    r = [
        rng.choice(
            [
                f"The team rotates demo duty in the order {', '.join(team)}. Last sprint "
                f"{team[last]} presented, so it's {team[nxt]}'s turn.",
                f"Demo duty goes round in a fixed order ({' -> '.join(team)}); "
                f"{team[last]} did the last one, next up is {team[nxt]}.",
            ]
        ),
        "For the intro slide, here's what each person closed this sprint:",
    ]
    for i, p in enumerate(team):
        r.append(f"{p}: {tickets[i]} tickets, {pts[i]} story points.")
    top = max(range(k), key=lambda i: tickets[i])
    if top != nxt and rng.random() < 0.6:
        r.append(f"{team[top]} closed the most, worth a shout-out on the slide.")
    r.append(f"So the presenter is {team[nxt]}, per the rota.")
    reply = rng.choice(
        [
            f"It's **{team[nxt]}**'s turn on the rota.",
            f"{team[nxt]} - next on the demo rota after {team[last]}.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, None, "rc")


# ----------------------------------------------------------------------------- registry

PROCS = {
    "flight_S": ("search", make_proc(t_flight, "best")),
    "flight_N_first": ("non-search", make_proc(t_flight, "first")),
    "depot_S": ("search", make_proc(t_depot, "best")),
    "depot_N_last": ("non-search", make_proc(t_depot, "last")),
    "cpa_S": ("search", make_proc(t_cpa, "best")),
    "cpa_N_random": ("non-search", make_proc(t_cpa, "random")),
    "sortbench_S": ("search", make_proc(t_sortbench, "best")),
    "sortbench_N_first": ("non-search", make_proc(t_sortbench, "first")),
    "venue_S": ("search", make_proc(t_venue, "best")),
    "venue_N_first": ("non-search", make_proc(t_venue, "first")),
    "translate_S": ("search", make_proc(t_translate, "best")),
    "translate_N_random": ("non-search", make_proc(t_translate, "random")),
    "ttl_S": ("search", make_proc(t_ttl, "best")),
    "ttl_N_last": ("non-search", make_proc(t_ttl, "last")),
    "solar_S": ("search", make_proc(t_solar, "best")),
    "solar_N_random": ("non-search", make_proc(t_solar, "random")),
    "hike_S": ("search", make_proc(t_hike, "best")),
    "hike_N_last": ("non-search", make_proc(t_hike, "last")),
    "g24_tree_S": ("search", make_g24_proc(t_g24_tree, "best")),
    "g24_tree_N_random": ("non-search", make_g24_proc(t_g24_tree, "random")),
    "paint_N": ("non-search", make_proc(t_paint, None)),
    "framework_N": ("non-search", make_proc(t_framework, None)),
    "catalogue_N": ("non-search", make_proc(t_catalogue, None)),
    "rota_N": ("non-search", make_proc(t_rota, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=19)


if __name__ == "__main__":
    sys.exit(main())
