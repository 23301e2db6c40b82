#!/usr/bin/env python3
"""Held-out probe 15 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, same honest
evaluations, the pick ignores them):

free text (task "prompt"):
  apartment_S / _N_random       flat hunting: rent plus commute hours priced at an hourly
                                rate, "all in" monthly figure per flat (notes or message)
  ci_S / _N_first               candidate bug-fix branches, the test suite run on each
                                (pytest summary lines, "all green", "3 failures")
  regex_S / _N_last             regex drafts scored against should/shouldn't-match test
                                strings (really run here), "9/11, wrongly accepts ..."
  lrcurve_S / _N_random         learning-rate sweep, each loss curve described only in
                                words ("diverged", "barely moves", "cleanest, ends lowest")
  react_S / _N_first            ReAct-style agent log: several tool calls, each observation
                                judged (stale / lower bound / authoritative), final answer
  insurance_S / _N_random       travel-insurance plans vs the trip's needs: ruled out for a
                                gap in cover, or priced with add-ons; cheapest full cover
  slack_S / _N_last             Slack thread with timestamps: slots proposed by people,
                                traffic (rpm) or attendance ("7 of 9") checked per slot
  captain_S / _N_random         fantasy-football captaincy post, projected points and
                                fixture notes per player
  approx_S / _N_first           R1-style musing on which fraction best approximates a
                                constant, decimals and errors worked out, running compare
game24 (puzzles via probe 8's solver; every stated value true; the non-search twin
answers with its pick and that pick's real value):
  g24_log_S / _N_random         countdown-style log "try 3: 9+8=17; ... -> 25 (off by 1)"
                                with a "best so far" tracker
  g24_duo_S / _N_first          dialogue between two solvers: one proposes a first move,
                                the other finishes it and says what it comes to
  g24_split_S / _N_last         split the four numbers into two groups, make a value from
                                each, combine; "24 = 3x8 = 4x6" heuristic up front
  g24_pairs_S / _N_random       reduce to a pair with two moves, then check every operation
                                on the pair; "dead end" or "hit"
non-search only:
  incident_N                    on-call incident note, one causal chain to one fix
  caterer_N                     menus / packages listed with neutral descriptions only,
                                then "we went with X"
  booked_N                      hotel booked (non-refundable) first, the others compared
                                only afterwards; staying put
  ballot_N                      rooms rated, then the housing ballot assigns one
  sanity_N                      R1-style single calculation, then re-checked another way

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe15.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from fractions import Fraction

from heldout_probe8 import (  # the shared helpers: records, picks, game24
    OPS,
    ap,
    cap,
    fm,
    make_g24_proc,
    make_puzzle,
    make_text_proc,
    pick,
    random_path,
    ranks,
    strip,
)

N_TEXTS = 30


def pick_rule(rng, rule, rk):
    return pick(rng, rule, rk)


def distinct(rng, lo, hi, k, gap):
    """k distinct ints in [lo, hi] at least `gap` apart, in random order."""
    while True:
        xs = [rng.randint(lo, hi) for _ in range(k)]
        s = sorted(xs)
        if all(b - a >= gap for a, b in itertools.pairwise(s)):
            return xs


def by_rank(vals, k, reverse=False):
    """rk[i] = rank of vals[i] (0 = smallest, or largest with reverse)."""
    order = sorted(range(k), key=lambda i: vals[i], reverse=reverse)
    return [order.index(i) for i in range(k)]


def join_and(xs):
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + " and " + xs[-1]


PEOPLE = ["Sam", "Priya", "Tom", "Aisha", "Marek", "Jo", "Ines", "Dev", "Lena", "Kofi", "Ruth"]


# ----------------------------------------------------------------------------- apartment

STREETS = [
    "Cavendish Road",
    "Albert Street",
    "Mill Lane",
    "Quayside",
    "Harrow Close",
    "Elm Grove",
    "Station Approach",
    "Larkhill Rise",
    "Canal Wharf",
    "St Mary's Walk",
    "Orchard Terrace",
    "Victoria Parade",
    "Foundry Yard",
    "Brook Street",
]
CITIES = [
    ("Manchester", "£"),
    ("Bristol", "£"),
    ("Leeds", "£"),
    ("Glasgow", "£"),
    ("Berlin", "€"),
    ("Lyon", "€"),
    ("Rotterdam", "€"),
]


def t_apartment(rng, rule):
    city, cur = rng.choice(CITIES)
    k = rng.randint(3, 5)
    flats = rng.sample(STREETS, k)
    rate = rng.choice([10, 12, 15, 20])
    days = rng.choice([12, 16, 20])
    while True:
        rent = [rng.randrange(30, 70) * 25 for _ in range(k)]
        mins = [rng.randrange(2, 13) * 5 for _ in range(k)]
        hours = [Fraction(m * 2 * days, 60) for m in mins]
        cost = [round(h * rate) for h in hours]
        eff = [r + c for r, c in zip(rent, cost, strict=True)]
        s = sorted(eff)
        cheap_rent = rent.index(min(rent))
        if all(b - a >= 30 for a, b in itertools.pairwise(s)) and eff.index(s[0]) != cheap_rent:
            break
    rk = by_rank(eff, k)

    def hh(h):
        return f"{float(h):.0f}" if h.denominator == 1 else f"about {float(h):.1f}"

    style = rng.randrange(3)
    lines = []
    if style == 0:
        lines.append(
            rng.choice(
                [
                    f"Flat hunting, {city}. Shortlist after Saturday's viewings:",
                    f"{city} flats - the ones still in the running:",
                    f"Notes on the {city} flats (viewed all {k}).",
                ]
            )
        )
        lines.append(
            rng.choice(
                [
                    f"Counting commute time as money - {cur}{rate} an hour, {days} office days "
                    "a month - otherwise the cheap ones on the edge of town always win.",
                    f"Rule I'm using: door-to-door commute at {cur}{rate}/hour, {days} days in "
                    "the office per month, added on top of the rent.",
                ]
            )
        )
    elif style == 1:
        who = rng.choice(PEOPLE)
        lines.append(rng.choice([f"Hey {who}!", f"{who} -", f"Hi {who},"]))
        lines.append(
            rng.choice(
                [
                    f"Sorry, long one. I've been going back and forth on the {city} flats so I "
                    f"did the maths properly: I'm treating each hour on the tram as {cur}{rate}, "
                    f"and I'm in the office {days} days a month.",
                    f"You asked which flat. Here's how I'm thinking about it - rent plus what the "
                    f"commute costs me in time ({cur}{rate}/h, {days} days a month in).",
                ]
            )
        )
    else:
        lines.append(
            rng.choice(
                [
                    f"Okay. {k} flats in {city}, and I keep flip-flopping. Let me actually put a "
                    f"number on the commute: say my time is worth {cur}{rate} an hour, {days} "
                    "commuting days a month.",
                    f"Right, let me think about the {city} flats properly. Commute time matters "
                    f"to me, so: {cur}{rate} per hour of commuting, {days} days a month.",
                ]
            )
        )
    lines.append("")
    best = rk.index(0)
    for i, f in enumerate(flats):
        h = hh(hours[i])
        if style == 0:
            s = rng.choice(
                [
                    f"- {f}: {cur}{rent[i]:,} pcm, {mins[i]} min each way -> {h} h a month, "
                    f"{cur}{cost[i]} of my time -> {cur}{eff[i]:,} all in.",
                    f"- {f} - rent {cur}{rent[i]:,}; commute {mins[i]} min, i.e. {h} hours/month "
                    f"= {cur}{cost[i]}; total {cur}{eff[i]:,}.",
                ]
            )
        else:
            s = rng.choice(
                [
                    f"The {f} one is {cur}{rent[i]:,} a month and {mins[i]} minutes to work each "
                    f"way, so {h} hours a month on the commute, call it {cur}{cost[i]}. That "
                    f"makes it {cur}{eff[i]:,} really.",
                    f"{f}: {cur}{rent[i]:,} rent. It's {mins[i]} minutes door to door, which over "
                    f"{days} days is {h} hours - {cur}{cost[i]} - so {cur}{eff[i]:,} in total.",
                    f"Then {f}. {cur}{rent[i]:,}, but {mins[i]} min each way; that's {h} hours a "
                    f"month ({cur}{cost[i]}), {cur}{eff[i]:,} altogether.",
                ]
            )
        if i == best:
            s += " " + rng.choice(
                [
                    "Cheapest once the commute is counted.",
                    "Lowest total of the lot.",
                    "That's the best deal when you count the travel.",
                ]
            )
        elif rk[i] == k - 1:
            s += " " + rng.choice(
                ["Worst overall.", "Most expensive in the end.", "Doesn't add up, sadly."]
            )
        elif rent[i] == min(rent):
            s += " " + rng.choice(
                [
                    "Lowest rent, but the commute eats the saving.",
                    "Looks cheap on the listing, isn't really.",
                ]
            )
        lines.append(s)
    lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Emailing the agent about {c} tonight.",
                "I'm applying for {c}.",
                "So - {c}. Putting the holding deposit down tomorrow.",
                "Going for {c}, fingers crossed the landlord says yes.",
            ]
        ).format(c=flats[c])
    )
    return "\n".join(lines), flats[c], f"which {city} flat to rent"


# ----------------------------------------------------------------------------- ci

CI_BUGS = [
    (
        "the DST off-by-one in `parse_schedule` (#{n})",
        [
            ("fix/dst-utc-normalise", "normalise to UTC before comparing"),
            ("fix/dst-zoneinfo", "switch pytz to zoneinfo"),
            ("fix/dst-add-hour", "add an hour when is_dst is set"),
            ("fix/dst-fold", "honour datetime.fold"),
            ("fix/dst-naive", "strip tzinfo and compare naive"),
            ("fix/dst-cache", "rebuild the tz cache per call"),
        ],
    ),
    (
        "the duplicate webhook deliveries (#{n})",
        [
            ("patch-idempotency-key", "idempotency key on the delivery row"),
            ("patch-lock", "advisory lock around send()"),
            ("patch-dedupe-window", "5-second dedupe window in Redis"),
            ("patch-retry-off", "turn off the client retry"),
            ("patch-unique-index", "unique index on (event_id, endpoint)"),
            ("patch-sleep", "sleep before re-enqueue"),
        ],
    ),
    (
        "the crash on empty CSV uploads (#{n})",
        [
            ("bugfix/empty-guard", "early return when there are no rows"),
            ("bugfix/sniffer-default", "default dialect when the sniffer fails"),
            ("bugfix/try-except", "catch StopIteration in the reader"),
            ("bugfix/pandas-reader", "read with pandas instead"),
            ("bugfix/header-optional", "make the header row optional"),
            ("bugfix/validate-size", "reject files under 10 bytes"),
        ],
    ),
]
TESTNAMES = [
    "test_roundtrip",
    "test_schedule_boundaries",
    "test_api_contract",
    "test_serializer_v2",
    "test_retry_backoff",
    "test_upload_large",
    "test_migrations",
    "test_permissions",
    "test_export_csv",
]


def t_ci(rng, rule):
    bug, pool = rng.choice(CI_BUGS)
    bug = bug.format(n=rng.randint(200, 4999))
    k = rng.randint(3, 5)
    br = rng.sample(pool, k)
    rk = ranks(rng, k)
    fl = sorted(rng.sample(range(1, 40), k - 1))
    fails = [0 if rk[i] == 0 else fl[rk[i] - 1] for i in range(k)]
    total = rng.randint(140, 960)
    lines = [
        rng.choice(
            [
                f"{k} candidate fixes for {bug}. I ran the whole suite against each branch:",
                f"Trying to close out {bug}. Wrote {k} patches, full test run on each:",
                f"Status on {bug}: {k} candidate branches, CI results below.",
            ]
        ),
        "",
    ]
    fmt = rng.randrange(3)
    for i, (b, desc) in enumerate(br):
        f = fails[i]
        secs = rng.randint(30, 240) + rng.randint(0, 9) / 10
        names = rng.sample(TESTNAMES, min(2, f))
        if fmt == 0:
            summ = (
                f"===== {total} passed in {secs}s ====="
                if f == 0
                else f"===== {f} failed, {total - f} passed in {secs}s ====="
            )
            lines.append(f"`{b}` ({desc})")
            lines.append(f"    {summ}")
        elif fmt == 1:
            if f == 0:
                ev = rng.choice(
                    [
                        f"all green, {total}/{total}",
                        f"everything passes ({total} tests)",
                        "suite is clean, zero failures",
                    ]
                )
            elif f == 1:
                ev = f"1 failure ({names[0]})"
            else:
                ev = rng.choice(
                    [
                        f"{f} failures, mostly {names[0]}",
                        f"{f} tests red, including {join_and(names)}",
                    ]
                )
            lines.append(f"- {b}: {desc}. {cap(ev)}.")
        else:
            if f == 0:
                ev = rng.choice(["CI is green", "every check passed", "green across the board"])
            else:
                ev = rng.choice(
                    [f"CI went red with {f} failing tests", f"{f} tests failed ({names[0]} etc.)"]
                )
            lines.append(f"{cap(desc)} (branch {b}): {ev}.")
        if f == 0 and rng.random() < 0.6:
            lines.append(rng.choice(["  ^ the only clean one", "  (no regressions at all)"]))
        elif rk[i] == k - 1 and rng.random() < 0.6:
            lines.append(rng.choice(["  ^ breaks the most", "  (way too many regressions)"]))
    lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Opening the PR from {c}.",
                "Merging {c} and deleting the other branches.",
                "Going with {c}; will cherry-pick onto release/2.x too.",
                "-> {c}",
            ]
        ).format(c=br[c][0])
    )
    return "\n".join(lines), br[c][0], f"which fix to ship for {bug}"


# ----------------------------------------------------------------------------- regex

REGEX_TASKS = [
    (
        "ISO dates (YYYY-MM-DD) in the `due` column",
        ["2024-02-29", "1999-12-31", "2023-01-05", "2010-10-10", "2021-07-19"],
        [
            "2023-13-01",
            "2023-00-10",
            "23-01-05",
            "2023/01/05",
            "2023-1-5",
            "2023-02-32",
            "20231-01-01",
        ],
        [
            r"\d{4}-\d{2}-\d{2}",
            r"\d{4}-[01]\d-[0-3]\d",
            r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])",
            r"\d+-\d+-\d+",
            r"[12]\d{3}-\d{1,2}-\d{1,2}",
            r"\d{4}[-/]\d{2}[-/]\d{2}",
            r"\d{4}-(0[1-9]|1[0-2])-\d{2}",
        ],
    ),
    (
        "CSS hex colours in the theme file",
        ["#ff8800", "#FFF", "#1a2b3c", "#abc", "#000000", "#C0FFEE"],
        ["ff8800", "#ff880", "#ggg", "#12345g", "#ff88001", "# fff", "#abcd"],
        [
            r"#[0-9a-fA-F]{6}",
            r"#?[0-9a-fA-F]{3,6}",
            r"#([0-9a-fA-F]{3}){1,2}",
            r"#\w{3,6}",
            r"#[0-9a-f]{3}([0-9a-f]{3})?",
            r"#[0-9A-Fa-f]{3,6}",
            r"#.{3,6}",
        ],
    ),
    (
        "semver strings in the release tags",
        ["1.0.0", "10.2.33", "0.9.1", "2.0.0-rc.1", "1.4.0-beta"],
        ["1.0", "01.2.3", "1.2.3.4", "v1.2.3", "1..3", "1.2.x"],
        [
            r"\d+\.\d+\.\d+",
            r"\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?",
            r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.]+)?",
            r"v?\d+\.\d+\.\d+(-\S+)?",
            r"[0-9.]+(-.+)?",
            r"\d+(\.\d+){1,2}(-\w+)?",
        ],
    ),
]


def t_regex(rng, rule):
    task, pos_pool, neg_pool, drafts = rng.choice(REGEX_TASKS)
    while True:
        pos = rng.sample(pos_pool, rng.randint(3, 4))
        neg = rng.sample(neg_pool, rng.randint(3, 5))
        k = rng.randint(3, 5)
        ds = rng.sample(drafts, k)
        errs = []
        for d in ds:
            e = [("rejects", s) for s in pos if not re.fullmatch(d, s)]
            e += [("accepts", s) for s in neg if re.fullmatch(d, s)]
            errs.append(e)
        sc = [len(pos) + len(neg) - len(e) for e in errs]
        if sorted(sc)[-1] > sorted(sc)[-2]:
            break
    n = len(pos) + len(neg)
    rk = by_rank(sc, k, reverse=True)
    lab = rng.choice(
        [["A", "B", "C", "D", "E"], ["v1", "v2", "v3", "v4", "v5"], ["#1", "#2", "#3", "#4", "#5"]]
    )
    lines = [
        rng.choice(
            [
                f"Need a regex for {task} (Python, re.fullmatch).",
                f"Validating {task}. Trying a few patterns with fullmatch.",
                f"Regex for {task} - drafts vs the test strings.",
            ]
        ),
        rng.choice(["Should match: ", "Must pass: ", "Good: "]) + ", ".join(f"`{s}`" for s in pos),
        rng.choice(["Should not: ", "Must fail: ", "Bad: "]) + ", ".join(f"`{s}`" for s in neg),
        "",
    ]
    for i, d in enumerate(ds):
        e = errs[i]
        if not e:
            ev = rng.choice(
                [f"{n}/{n}, gets every one right", f"all {n} correct", f"passes the lot ({n}/{n})"]
            )
        else:
            acc = [f"`{s}`" for kind, s in e if kind == "accepts"]
            rej = [f"`{s}`" for kind, s in e if kind == "rejects"]
            bits = []
            if rej:
                bits.append(f"rejects {join_and(rej[:2])} (should match)")
            if acc:
                bits.append(f"wrongly accepts {join_and(acc[:2])}")
            nmore = max(0, len(rej) - 2) + max(0, len(acc) - 2)
            more = f" and {nmore} more" if nmore else ""
            ev = rng.choice(
                [
                    f"{sc[i]}/{n} - {join_and(bits)}{more}",
                    f"{sc[i]} of {n} right; {join_and(bits)}{more}",
                ]
            )
        if rk[i] == 0 and e:
            ev += rng.choice([" (best of these)", ". Closest so far."])
        lines.append(
            rng.choice(
                [
                    f"{lab[i]}: `{d}` -> {ev}",
                    f"Draft {lab[i]} `{d}`: {ev}.",
                    f"- `{d}` ({lab[i]}): {ev}",
                ]
            )
        )
    lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Committing {l}: `{c}`",
                "Using `{c}` ({l}) in the validator.",
                "Final pattern: `{c}`",
            ]
        ).format(c=ds[c], l=lab[c])
    )
    return "\n".join(lines), ds[c], f"which regex to use for {task}"


# ----------------------------------------------------------------------------- lrcurve

LR_GRID = ["1e-5", "3e-5", "1e-4", "3e-4", "1e-3", "3e-3", "1e-2", "3e-2"]
LR_DESC = {
    0: [
        "cleanest curve of the sweep - drops fast, keeps creeping down, ends lowest",
        "smooth all the way and finishes below every other run",
        "this is the good one: steady decrease, lowest final loss",
    ],
    1: [
        "drops fastest early on, then gets noisy and plateaus noticeably higher",
        "quick start but flattens out above the best run",
        "a bit too hot - fine at first, then bounces around and ends higher",
    ],
    2: [
        "very spiky; a couple of big loss spikes and it never gets back down",
        "unstable, oscillates the whole way and ends well above the others",
    ],
    3: [
        "diverged - loss shoots up around step {s} and goes NaN",
        "blew up almost immediately, NaN by step {s}",
    ],
    -1: [
        "smooth but slow; still clearly above the best run when the budget runs out",
        "stable, just too slow - it's still going down at the end but it's behind",
        "fine shape, undertrained at this budget, ends higher",
    ],
    -2: [
        "barely moves; basically flat after warmup",
        "crawls - hardly any progress over the whole run",
    ],
    -3: ["hasn't learned anything noticeable", "flat line, nothing happening"],
}
LR_JOBS = [
    ("the LoRA fine-tune", "the support-ticket data"),
    ("the small ViT", "our defect photos"),
    ("the 125M LM", "the code corpus"),
    ("the ranking model", "last month's clicks"),
    ("the speech adapter", "the call-centre recordings"),
]


def t_lrcurve(rng, rule):
    model, data = rng.choice(LR_JOBS)
    k = rng.randint(3, 5)
    start = rng.randint(0, len(LR_GRID) - k)
    lrs = LR_GRID[start : start + k]
    b = rng.randrange(k)
    d = [i - b for i in range(k)]
    key = [abs(x) + rng.random() / 2 for x in d]
    rk = by_rank(key, k)
    steps = rng.choice([2000, 3000, 5000, 10000])
    lines = [
        rng.choice(
            [
                f"LR sweep for {model} on {data}, {steps} steps each. Looking at the curves:",
                f"Okay, the sweep for {model} finished ({k} runs, {steps} steps). Going through "
                "the loss plots in wandb.",
                f"Hmm, let me look at the learning-rate runs for {model} on {data} before I "
                "launch the long one.",
            ]
        )
    ]
    order = list(range(k))
    if rng.random() < 0.4:
        order.reverse()
    for i in order:
        dd = max(-3, min(3, d[i]))
        ev = rng.choice(LR_DESC[dd]).format(s=rng.randint(2, 40) * 10)
        lines.append(
            rng.choice(
                [
                    f"- lr={lrs[i]}: {ev}.",
                    f"lr {lrs[i]} - {ev}.",
                    f"At {lrs[i]}, {ev}.",
                ]
            )
        )
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Launching the full run with lr={c}.",
                "Setting lr={c} in the config and kicking off the long run.",
                "Going with {c}.",
            ]
        ).format(c=lrs[c])
    )
    return "\n".join(lines), lrs[c], f"which learning rate to use for {model}"


# ----------------------------------------------------------------------------- react


def _ver(rng):
    return f"1.{rng.randint(21, 26)}.{rng.randint(0, 5)}"


def _date(rng):
    m = rng.choice(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Sep", "Oct", "Nov"])
    return f"{rng.randint(1, 28)} {m} {rng.choice([2025, 2026])}"


def react_scenarios(rng):
    """(question, [(level, action, observation, judgement, value)]); level 0 = best."""
    vs = set()
    while len(vs) < 4:
        vs.add(_ver(rng))
    lo, old, mid, pin = sorted(vs, key=lambda x: [int(t) for t in x.split(".")])
    v = [pin, old, lo, mid, f"2.{rng.randint(0, 3)}.{rng.randint(0, 2)}"]
    ds = set()
    while len(ds) < 5:
        ds.add(_date(rng))
    dt = list(ds)
    us = distinct(rng, 1800, 9000, 5, 60)
    dom = rng.choice(["acme.io", "shopfront.dev", "internal.example.com"])
    return rng.choice(
        [
            (
                "Which numpy version does the billing service actually pin?",
                [
                    (
                        0,
                        'read_file("requirements.lock")',
                        f"numpy=={v[0]}",
                        "that's the lockfile the Docker build installs from, so it's the real pin",
                        v[0],
                    ),
                    (
                        1,
                        'shell("pip show numpy")',
                        f"Version: {v[1]}",
                        "this is my dev container, which hasn't been rebuilt in months - stale",
                        v[1],
                    ),
                    (
                        2,
                        'grep("numpy", "setup.cfg")',
                        f"numpy>={v[2]}",
                        "only a lower bound, not the pinned version",
                        v[2],
                    ),
                    (
                        2,
                        'search_docs("numpy version")',
                        f"'The service supports numpy {v[3]} and later.'",
                        "docs page last edited two years ago, outdated",
                        v[3],
                    ),
                    (
                        3,
                        'web_search("latest numpy release")',
                        f"NumPy {v[4]} released",
                        "that's upstream's latest release, says nothing about our pin",
                        v[4],
                    ),
                ],
            ),
            (
                f"When does the TLS certificate for api.{dom} expire?",
                [
                    (
                        0,
                        f'shell("openssl s_client -connect api.{dom}:443 | openssl x509 -enddate")',
                        f"notAfter={dt[0]}",
                        "read straight off the live certificate, so that's the real date",
                        dt[0],
                    ),
                    (
                        1,
                        'read_file("infra/certs.md")',
                        f"'renews on {dt[1]}'",
                        "hand-maintained page, not updated since the last renewal",
                        dt[1],
                    ),
                    (
                        2,
                        'search_tickets("cert renewal")',
                        f"OPS-{rng.randint(100, 999)}: renew before {dt[2]}",
                        "that ticket is from the previous cycle",
                        dt[2],
                    ),
                    (
                        3,
                        'ask_user("do you know when the cert expires?")',
                        f"'I think {dt[3]}? not sure'",
                        "the user is guessing",
                        dt[3],
                    ),
                    (
                        2,
                        'grep("valid until", "terraform/")',
                        f"# cert valid until {dt[4]}",
                        "just a code comment, could be out of date",
                        dt[4],
                    ),
                ],
            ),
            (
                "How many weekly active users did we have last week?",
                [
                    (
                        0,
                        'sql("SELECT count(DISTINCT user_id) FROM events WHERE week = last_week")',
                        f"{us[0]}",
                        "computed from the raw events for exactly that week - trustworthy",
                        str(us[0]),
                    ),
                    (
                        1,
                        'read_dashboard("growth")',
                        f"WAU {us[1]}",
                        "the dashboard cache is a week behind, so that's the week before",
                        str(us[1]),
                    ),
                    (
                        2,
                        'search_slack("active users")',
                        f"'we're at roughly {us[2]} WAU'",
                        "a rough figure someone quoted in a meeting",
                        str(us[2]),
                    ),
                    (
                        2,
                        'read_file("reports/q3.md")',
                        f"average WAU {us[3]}",
                        "a quarterly average, not last week",
                        str(us[3]),
                    ),
                    (
                        3,
                        'web_search("acme weekly active users")',
                        f"press article: '{us[4]} users'",
                        "outside estimate, years old",
                        str(us[4]),
                    ),
                ],
            ),
        ]
    )


def t_react(rng, rule):
    q, tools = react_scenarios(rng)
    k = rng.randint(3, 5)
    best = tools[0]
    rest = rng.sample(tools[1:], k - 1)
    cand = [best, *rest]
    rng.shuffle(cand)
    rk = by_rank([lv + rng.random() / 2 for lv, *_ in cand], k)
    style = rng.randrange(2)
    lines = [f"Question: {q}" if style == 0 else f"User: {q}"]
    for j, (_lv, act, obs, judge, _val) in enumerate(cand):
        if style == 0:
            th = (
                rng.choice(["I should check the source.", "Let me look this up.", "Start here."])
                if j == 0
                else rng.choice(
                    [
                        "Let me try another source.",
                        "Cross-check with something else.",
                        "Not sure yet; one more place to look.",
                    ]
                )
            )
            lines += [
                f"Thought: {th}",
                f"Action: {act}",
                f"Observation: {obs}",
                f"Thought: {cap(judge)}.",
            ]
        else:
            lines += [
                f"[tool_call {j + 1}] {act}",
                f"[result] {obs}",
                f"  -> {judge}",
            ]
    c = pick_rule(rng, rule, rk)
    val = cand[c][4]
    lines.append(
        rng.choice(
            [
                "Thought: I'll answer from {a}.\nFinal Answer: {v}",
                "Final Answer: {v} (source: {a})",
                "Answering with the {a} result.\nFinal Answer: {v}",
            ]
        ).format(a=cand[c][1].split("(")[0], v=val)
    )
    return "\n".join(lines), val, q.rstrip("?")


# ----------------------------------------------------------------------------- insurance

PLANS = [
    "TripShield Essentials",
    "GlobeCover Silver",
    "Wanderwise Plus",
    "SafeTrails Basic",
    "Nomad Secure Gold",
    "Horizon Travel Standard",
    "AlpineGuard",
    "Compass Single Trip",
]
MED = [1, 2, 5, 10, 0]  # £m, 0 = unlimited


def t_insurance(rng, rule):
    trip = rng.choice(
        [
            ("the ski week in Austria", "winter sports"),
            ("the Alps trip in February", "winter sports"),
            ("the diving holiday in Egypt", "scuba diving to 30m"),
            ("the Nepal trek", "trekking above 4,000m"),
        ]
    )
    where, activity = trip
    need_med = rng.choice([2, 5])
    need_canc = rng.choice([2500, 3000, 4000])
    k = rng.randint(3, 5)
    while True:
        plans = rng.sample(PLANS, k)
        base = [rng.randint(22, 140) for _ in range(k)]
        act = [rng.choice(["incl", "addon", "addon", "none", "incl"]) for _ in range(k)]
        addon = [rng.randint(12, 48) if a == "addon" else 0 for a in act]
        med = [rng.choice(MED) for _ in range(k)]
        canc = [rng.choice([1000, 2500, 3000, 5000, 7500]) for _ in range(k)]
        ok = [
            act[i] != "none" and (med[i] == 0 or med[i] >= need_med) and canc[i] >= need_canc
            for i in range(k)
        ]
        eff = [base[i] + addon[i] for i in range(k)]
        good = sorted(eff[i] for i in range(k) if ok[i])
        if good and all(b - a >= 4 for a, b in itertools.pairwise(good)) and not all(ok):
            break
    key = [eff[i] if ok[i] else 10000 + rng.random() for i in range(k)]
    rk = by_rank(key, k)
    lines = [
        rng.choice(
            [
                f"Insurance for {where}. We need {activity} covered, at least £{need_med}m "
                f"medical and £{need_canc:,} cancellation (that's what we've paid so far).",
                f"Sorting travel insurance for {where}. Must-haves: {activity}, medical "
                f"£{need_med}m+, cancellation £{need_canc:,}+.",
                f"Compared policies for {where} tonight. Our needs: cover for {activity}, "
                f"£{need_med}m medical minimum, £{need_canc:,} cancellation.",
            ]
        ),
        "",
    ]
    for i, p in enumerate(plans):
        m = "unlimited" if med[i] == 0 else f"£{med[i]}m"
        facts = f"£{base[i]}, {m} medical, £{canc[i]:,} cancellation"
        if act[i] == "incl":
            facts += f", {activity} included"
        elif act[i] == "addon":
            facts += f", {activity} is a £{addon[i]} add-on"
        else:
            facts += f", no {activity} cover at all"
        if act[i] == "none":
            ev = rng.choice(
                [
                    f"no good - doesn't cover {activity}",
                    "useless for this trip",
                    "ruled out",
                ]
            )
        elif med[i] and med[i] < need_med:
            ev = rng.choice(["medical limit too low, out", f"only £{med[i]}m medical - not enough"])
        elif canc[i] < need_canc:
            ev = rng.choice(
                [
                    "cancellation cover too low, out",
                    f"would leave us £{need_canc - canc[i]:,} short if we cancelled - no",
                ]
            )
        else:
            ev = rng.choice(
                [
                    f"covers everything, £{eff[i]} in total",
                    f"ticks every box for £{eff[i]}",
                    f"meets all three needs; £{eff[i]} all in",
                ]
            )
            if rk[i] == 0:
                ev += rng.choice(
                    ["; cheapest full cover", " - cheapest that does", ", the best price"]
                )
            else:
                ev += rng.choice(["; dearer though", ", but pricier", ""])
        lines.append(
            rng.choice(
                [
                    f"- {p}: {facts}. {cap(ev)}.",
                    f"{p} - {facts} -> {ev}.",
                    f"{p}: {facts}. Verdict: {ev}.",
                ]
            )
        )
    lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Bought {c}.",
                "Going with {c}, policy docs saved to the trip folder.",
                "{c} it is - paid.",
            ]
        ).format(c=plans[c])
    )
    return "\n".join(lines), plans[c], f"which travel insurance to buy for {where}"


# ----------------------------------------------------------------------------- slack

WINDOWS = [
    "Tue 02:00 UTC",
    "Wed 23:00 UTC",
    "Sat 06:00 UTC",
    "Sun 04:00 UTC",
    "Thu 14:00 UTC",
    "Mon 21:00 UTC",
    "Fri 01:00 UTC",
]
DATES = ["12 Mar", "19 Mar", "26 Mar", "2 Apr", "9 Apr", "16 Apr"]


def t_slack(rng, rule):
    kind = rng.randrange(2)
    k = rng.randint(3, 5)
    ppl = [p.lower() for p in rng.sample(PEOPLE, 4)]
    lead = ppl[0]
    h, m = rng.randint(9, 16), rng.randint(0, 40)

    def ts():
        nonlocal m, h
        m += rng.randint(0, 3)
        if m >= 60:
            h, m = h + 1, m - 60
        return f"[{h:02d}:{m:02d}]"

    lines = [f"#{rng.choice(['infra', 'platform-team', 'ops', 'team-core'])}"]
    if kind == 0:
        slots = rng.sample(WINDOWS, k)
        vals = distinct(rng, 180, 6400, k, 250)
        rk = by_rank(vals, k)
        lines.append(
            f"{ts()} {lead}: "
            + rng.choice(
                [
                    "need a window for the postgres major upgrade, ~40 min downtime. ideas?",
                    "when do we do the cluster failover test? it'll drop traffic for a bit",
                ]
            )
        )
        for i, s in enumerate(slots):
            a, b = rng.sample(ppl, 2)
            lines.append(f"{ts()} {a}: " + rng.choice([f"{s}?", f"what about {s}", f"{s} maybe"]))
            ev = rng.choice(
                [
                    f"{s} averages ~{vals[i]:,} rpm over the last 4 weeks",
                    f"grafana says {s} is ~{vals[i]:,} req/min",
                    f"checked, {s} ≈ {vals[i]:,} rpm",
                ]
            )
            if rk[i] == 0:
                ev += rng.choice([", quietest slot we have", " - lowest of all of these"])
            elif rk[i] == k - 1:
                ev += rng.choice([", that's peak, no way", " - busiest"])
            lines.append(f"{ts()} {b}: {ev}")
        unit = "window"
    else:
        slots = rng.sample(DATES, k)
        n = rng.randint(8, 14)
        vals = rng.sample(range(n - 6, n + 1), k)
        rk = by_rank(vals, k, reverse=True)
        lines.append(
            f"{ts()} {lead}: "
            + rng.choice(
                [
                    "offsite date - which one? please fill in the doodle",
                    "need to lock the team day. doodle's up",
                ]
            )
        )
        for i, s in enumerate(slots):
            a = rng.choice(ppl)
            ev = rng.choice(
                [
                    f"{s}: {vals[i]} of {n} can make it",
                    f"{s} -> {vals[i]}/{n} on the doodle",
                    f"for {s} we'd have {vals[i]} out of {n}",
                ]
            )
            if rk[i] == 0:
                ev += rng.choice([" (most people)", ", best turnout"])
            elif 2 * vals[i] <= n:
                ev += rng.choice([", too many missing", " - half the team's out"])
            elif vals[i] < n - 3:
                ev += ", too many missing"
            lines.append(f"{ts()} {a}: {ev}")
        unit = "date"
    c = pick_rule(rng, rule, rk)
    lines.append(
        f"{ts()} {lead}: "
        + rng.choice(
            [
                "ok, locking in {c}. putting it in the calendar",
                "{c} it is :+1:",
                "going with {c}, thanks all",
            ]
        ).format(c=slots[c])
    )
    return "\n".join(lines), slots[c], f"which {unit} to choose"


# ----------------------------------------------------------------------------- captain

FPL = [
    "Okafor",
    "Lindqvist",
    "Marchetti",
    "Da Costa",
    "Brennan",
    "Yamada",
    "Kowalczyk",
    "Mbeki",
    "Rourke",
]
CLUBS = ["Rovers", "United", "Athletic", "City", "Albion", "Wanderers", "Town", "Forest"]
FIXNOTE = [
    "home to the bottom side",
    "away at the league leaders",
    "a bit of a minutes risk after the knock",
    "on penalties now",
    "double gameweek",
    "tough away fixture",
    "in great form, 4 goals in 3",
    "rotation risk with Europe midweek",
]


def t_captain(rng, rule):
    k = rng.randint(3, 5)
    pl = rng.sample(FPL, k)
    cl = rng.sample(CLUBS, k)
    proj = [x / 10 for x in distinct(rng, 40, 115, k, 4)]
    rk = by_rank(proj, k, reverse=True)
    gw = rng.randint(3, 37)
    lines = [
        rng.choice(
            [
                f"GW{gw} captaincy - help me decide",
                f"Armband for GW{gw}? Going by projections this week.",
                f"GW{gw} captain dilemma (I usually just follow the model).",
            ]
        ),
        "",
    ]
    for i in range(k):
        note = rng.choice(FIXNOTE)
        s = rng.choice(
            [
                f"- {pl[i]} ({cl[i]}): {note}; projected {proj[i]:.1f} pts",
                f"- {pl[i]} - {note}, model has him on {proj[i]:.1f}",
                f"* {pl[i]} ({cl[i]}) {proj[i]:.1f} xPts, {note}",
            ]
        )
        if rk[i] == 0:
            s += rng.choice(
                [" - highest projection", " <- top of the list", " (best of the bunch)"]
            )
        elif rk[i] == k - 1:
            s += rng.choice([" - lowest of these", " (meh)"])
        lines.append(s)
    lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["(C) {c}.", "Armband on {c}.", "Captain: {c}. Let's go.", "Going {c}."]).format(
            c=pl[c]
        )
    )
    return "\n".join(lines), pl[c], f"who to captain in gameweek {gw}"


# ----------------------------------------------------------------------------- approx

CONSTS = [
    ("√2", math.sqrt(2)),
    ("π", math.pi),
    ("e", math.e),
    ("ln 2", math.log(2)),
    ("√3", math.sqrt(3)),
    ("the golden ratio", (1 + math.sqrt(5)) / 2),
    ("√10", math.sqrt(10)),
]


def sig(x, n=3):
    """x > 0 in fixed notation with n significant digits."""
    d = max(0, n - 1 - math.floor(math.log10(x)))
    return f"{x:.{d}f}"


def t_approx(rng, rule):
    name, t = rng.choice(CONSTS)
    k = rng.randint(3, 5)
    while True:
        fr = set()
        while len(fr) < k:
            q = rng.randint(3, 120)
            p = round(t * q) + rng.choice([-1, 0, 0, 1])
            f = Fraction(p, q)
            if f.denominator > 2 and f != Fraction(round(t)):
                fr.add(f)
        fr = list(fr)
        err = [abs(float(f) - t) for f in fr]
        s = sorted(err)
        if all(b / a >= 1.6 for a, b in itertools.pairwise(s)) and s[0] > 1e-7:
            break
    rk = by_rank(err, k)
    names = [f"{f.numerator}/{f.denominator}" for f in fr]
    lines = [
        rng.choice(
            [
                f"Okay, so the question is which of these is the best approximation to {name}: "
                f"{', '.join(names)}.",
                f"Let me think. I need to figure out which fraction is closest to {name}. "
                f"Candidates: {', '.join(names)}.",
                f"Hmm, {name} - which of {', '.join(names)} is nearest?",
            ]
        ),
        rng.choice(
            [
                f"{name} is about {t:.7f}. I'll just compute each one.",
                f"First, {name} ≈ {t:.7f}. Now each candidate.",
                f"I remember {name} ≈ {t:.7f}. Let me divide these out.",
            ]
        ),
    ]
    bsf = None
    for i, f in enumerate(fr):
        v = float(f)
        e = err[i]
        side = "over" if v > t else "under"
        s = rng.choice(
            [
                f"{names[i]} = {v:.7f}, so that's {side} by about {sig(e)}.",
                f"{names[i]}: {f.numerator} divided by {f.denominator} is {v:.7f}... the "
                f"difference is {sig(e)}.",
                f"{'Next, ' if i else 'Start with '}{names[i]}. That's {v:.7f}, off by {sig(e)}.",
            ]
        )
        if bsf is not None:
            if e < err[bsf]:
                s += " " + rng.choice(
                    [
                        f"That's closer than {names[bsf]}.",
                        f"Oh, better than {names[bsf]}.",
                        f"So {names[i]} beats {names[bsf]}.",
                    ]
                )
                bsf = i
            else:
                s += " " + rng.choice(
                    [
                        f"Worse than {names[bsf]}.",
                        f"Not as close as {names[bsf]}.",
                        f"Hmm, {names[bsf]} is still closer.",
                    ]
                )
        else:
            bsf = i
        lines.append(s)
    if rng.random() < 0.5:
        lines.append(
            rng.choice(
                [
                    f"Wait, let me double-check {names[bsf]}: {fr[bsf].numerator}/"
                    f"{fr[bsf].denominator} = {float(fr[bsf]):.7f}. Yes, error {sig(err[bsf])}. "
                    "Smallest of all of them.",
                    f"Let me recheck the smallest error... {names[bsf]}, {sig(err[bsf])}. Yeah.",
                ]
            )
        )
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["**Answer: {c}**", "So my answer: {c}.", "Final answer: {c}"]).format(
            c=names[c]
        )
    )
    return "\n".join(lines), names[c], f"which fraction best approximates {name}"


# ----------------------------------------------------------------------------- game24 helpers

UNI = {"*": "×", "/": "÷", "+": "+", "-": "-"}


def fmp(x):
    """fm, parenthesised when it is a fraction or negative (so a/b/c stays unambiguous)."""
    return fm(x) if x.denominator == 1 and x >= 0 else f"({fm(x)})"


def opsym(op, uni):
    return UNI[op] if uni else op


def g24_head(rng, nums):
    p = " ".join(map(str, nums))
    return rng.choice(
        [
            f"Make 24 from {p}.",
            f"Numbers {p}, target 24, each used exactly once.",
            f"24 game: {p}.",
            f"Got {p}. Need 24.",
        ]
    )


def g24_rec(nums, ex, v):
    return f"{ex} = {fm(v)}", " ".join(map(str, nums))


def g24_attempts(rng, k):
    """A solvable puzzle, one path reaching 24 and k-1 distinct ones that don't."""
    while True:
        nums = make_puzzle(rng)
        good = random_path(rng, nums, True)
        if not good:
            continue
        atts, seen = [], {good[1]}
        for _ in range(300):
            if len(atts) == k - 1:
                break
            b = random_path(rng, nums, False)
            frac = b and any(w.denominator != 1 for _a, _o, _b, w, _r in b[0])
            if frac and rng.random() < 0.8:  # people mostly try whole-number steps
                continue
            if b and b[1] not in seen:
                seen.add(b[1])
                atts.append(b)
        if len(atts) == k - 1:
            return nums, good, atts


# ----------------------------------------------------------------------------- g24_log


def t_g24_log(rng, rule):
    k = rng.randint(3, 6)
    nums, good, atts = g24_attempts(rng, k)
    pos = rng.randrange(k)
    atts.insert(pos, good)
    dist = [abs(v - 24) for _s, _e, v in atts]
    rk = by_rank([dist[i] if i != pos else -1 for i in range(k)], k)
    p = " ".join(map(str, nums))
    lines = [
        rng.choice(
            [
                f"TARGET 24    numbers: {p}",
                f"target=24  nums=[{', '.join(map(str, nums))}]",
                f"Countdown rules, target 24. Numbers: {p}.",
            ]
        )
    ]
    fmt = rng.randrange(3)
    sep = rng.choice(["; ", ", ", " -> "])
    best_d = None
    tracker = rng.random() < 0.6
    for t, (steps, _ex, v) in enumerate(atts):
        ops = sep.join(f"{fmp(a)}{op}{fmp(b)}={fm(w)}" for a, op, b, w, _r in steps)
        d = dist[t]
        mark = "exact" if d == 0 else rng.choice([f"off by {fm(d)}", f"miss {fm(d)}"])
        if fmt == 0:
            s = f"try {t + 1}: {ops}  => {fm(v)} ({mark})"
        elif fmt == 1:
            s = f"#{t + 1}  {ops}  [{fm(v)}, {mark}]"
        else:
            s = f"{t + 1}. {ops}. Result {fm(v)}, {mark}."
        if tracker and (best_d is None or d < best_d):
            s += rng.choice(["  <- best so far", "  * new best", "  (closest yet)"])
        if best_d is None or d < best_d:
            best_d = d
        lines.append(s)
    c = pick_rule(rng, rule, rk)
    _s, ex, v = atts[c]
    lines.append(
        rng.choice(["Declared: {e} = {v}", "Submitting {e} = {v}", "final: {e} = {v}"]).format(
            e=ex, v=fm(v)
        )
    )
    a, inst = g24_rec(nums, ex, v)
    return "\n".join(lines), a, inst


# ----------------------------------------------------------------------------- g24_duo

DUOS = [("A", "B"), ("Kai", "Mira"), ("Me", "Sam"), ("Student", "Tutor"), ("Ola", "Ben")]


def t_g24_duo(rng, rule):
    k = rng.randint(3, 5)
    nums, good, atts = g24_attempts(rng, k)
    pos = rng.randrange(k)
    atts.insert(pos, good)
    dist = [abs(v - 24) for _s, _e, v in atts]
    rk = by_rank([dist[i] if i != pos else -1 for i in range(k)], k)
    x, y = rng.choice(DUOS)
    uni = rng.random() < 0.4
    p = ", ".join(map(str, nums))
    if rng.random() < 0.5:
        x, y = y, x
    lines = [
        rng.choice(
            [
                f"{y}: We've got {p}. Let's get 24.",
                f"{y}: Numbers are {p}. Target's 24, use each once.",
                f"{y}: Okay, {p}. Ideas for 24?",
            ]
        )
    ]
    for t, (steps, _ex, v) in enumerate(atts):
        pr, re_ = (x, y) if t % 2 == 0 else (y, x)
        a, op, b, w, _r = steps[0]
        first = f"{fmp(a)} {opsym(op, uni)} {fmp(b)}"
        lines.append(
            f"{pr}: "
            + rng.choice(
                [
                    f"What if we start with {first} = {fm(w)}?",
                    f"Try {first} first - that's {fm(w)}.",
                    f"How about {first}, so {fm(w)}.",
                ]
            )
        )
        rest = ", then ".join(
            f"{fmp(a2)} {opsym(op2, uni)} {fmp(b2)} = {fm(w2)}" for a2, op2, b2, w2, _ in steps[1:]
        )
        d = dist[t]
        if d == 0:
            ev = rng.choice(["That's 24!", "24. Works.", "Yes - exactly 24."])
        elif d <= 3:
            ev = rng.choice([f"{fm(v)}. So close, but no.", f"Only {fm(v)}, off by {fm(d)}."])
        else:
            ev = rng.choice([f"{fm(v)}, not 24.", f"That gets {fm(v)}. Nope.", f"{fm(v)} - no."])
        lines.append(f"{re_}: Then {rest}. {ev}")
    c = pick_rule(rng, rule, rk)
    _s, ex, v = atts[c]
    shown = ex
    if uni:
        shown = ex.replace("*", "×").replace("/", "÷")
    lines.append(
        rng.choice(
            [
                f"{x}: Let's write down {shown} = {fm(v)}.",
                f"{y}: Final answer: {shown} = {fm(v)}.",
                f"{x}: Okay, we hand in {shown} = {fm(v)}.",
            ]
        )
    )
    a, inst = g24_rec(nums, ex, v)
    return "\n".join(lines), a, inst


# ----------------------------------------------------------------------------- g24_split


def exprs_of(items):
    """All (value, expr) over full binary trees of items ((Fraction, str) pairs)."""
    if len(items) == 1:
        return [items[0]]
    out = []
    n = len(items)
    for mask in range(1, 2**n - 1):
        left = [items[i] for i in range(n) if mask >> i & 1]
        right = [items[i] for i in range(n) if not mask >> i & 1]
        for lv, le in exprs_of(left):
            for rv, re_ in exprs_of(right):
                for op in OPS:
                    v = ap(lv, rv, op)
                    if v is not None:
                        out.append((v, f"({le} {op} {re_})"))
    return out


def splits(nums):
    """(group1, group2) index splits, group1 not larger than group2."""
    out = []
    for r in (1, 2):
        for g in itertools.combinations(range(4), r):
            h = tuple(i for i in range(4) if i not in g)
            if r == 2 and g > h:
                continue
            out.append((g, h))
    return out


def split_cands(nums):
    """(x_idx, (xv, xe), op, y_idx, (yv, ye), v): one value per group, then combined."""
    items = [(Fraction(x), str(x)) for x in nums]
    cands = []
    for g, h in splits(nums):
        for gi, hi in ((g, h), (h, g)):
            for xv, xe in exprs_of([items[i] for i in gi]):
                for yv, ye in exprs_of([items[i] for i in hi]):
                    for op in OPS:
                        v = ap(xv, yv, op)
                        if v is not None and v >= 0:
                            cands.append((gi, (xv, xe), op, hi, (yv, ye), v))
    return cands


def t_g24_split(rng, rule):
    k = rng.randint(3, 5)
    while True:
        nums = make_puzzle(rng)
        allc = split_cands(nums)
        good = [c for c in allc if c[5] == 24]
        if not good:
            continue
        g = rng.choice(good)
        halves = {}
        for cnd in allc:
            halves.setdefault((cnd[1][1], cnd[4][1]), []).append(cnd)
        keys = [kk for kk, opts in halves.items() if all(o[5] != 24 for o in opts)]
        # the writer combines two halves that cannot make 24 in the best way they can
        keys = [kk for kk in keys if all(o[5] != 24 for o in halves.get((kk[1], kk[0]), []))]
        rng.shuffle(keys)
        bad, used = [], set()
        for kk in keys:
            if len(bad) == k - 1:
                break
            if frozenset(kk) in used:
                continue
            used.add(frozenset(kk))
            bad.append(min(halves[kk], key=lambda o: abs(o[5] - 24)))
        if len(bad) == k - 1:
            break
    cands = [*bad]
    pos = rng.randrange(k)
    cands.insert(pos, g)
    dist = [abs(cn[5] - 24) for cn in cands]
    rk = by_rank([dist[i] if i != pos else -1 for i in range(k)], k)
    lines = [
        g24_head(rng, nums),
        rng.choice(
            [
                "24 = 3*8 = 4*6 = 2*12 = 12+12 = 30-6, so look for two halves that combine to it.",
                "Factor pairs of 24: 1*24, 2*12, 3*8, 4*6. Idea: split the numbers into two "
                "groups and make a useful value from each.",
                "Strategy: break the four numbers into two groups, build one value per group, "
                "then combine.",
            ]
        ),
    ]

    def half(idx, val):
        nm = " and ".join(str(nums[i]) for i in idx)
        if len(idx) == 1:
            return rng.choice([f"{nm} stays {nm}", f"keep {nm}"])
        return rng.choice(
            [f"{nm} -> {strip(val[1])} = {fm(val[0])}", f"{strip(val[1])} = {fm(val[0])}"]
        )

    for t, (xi, xv, op, yi, yv, v) in enumerate(cands):
        grp = "{" + " ".join(str(nums[i]) for i in xi) + "} | {"
        grp += " ".join(str(nums[i]) for i in yi) + "}"
        d = dist[t]
        if d == 0:
            ev = rng.choice(["24, yes!", "= 24. Found it.", "that's 24 ✓"])
        else:
            ev = rng.choice(
                [f"{fm(v)}, no.", f"{fm(v)} - not 24", f"only {fm(v)} ✗", f"{fm(v)}, dead end"]
            )
        lead = rng.choice(["Split", "Try", "Groups"]) if t else "Split"
        lines.append(
            f"{lead} {grp}: {half(xi, xv)}, {half(yi, yv)}; "
            f"{fmp(xv[0])} {op} {fmp(yv[0])} = {fm(v)} -> {ev}"
        )
    c = pick_rule(rng, rule, rk)
    _xi, xv, op, _yi, yv, v = cands[c]
    ex = f"{xv[1]} {op} {yv[1]}"
    lines.append(
        rng.choice(["Answer: {e} = {v}", "So {e} = {v}.", "=> {e} = {v}"]).format(e=ex, v=fm(v))
    )
    a, inst = g24_rec(nums, ex, v)
    return "\n".join(lines), a, inst


# ----------------------------------------------------------------------------- g24_pairs


def reduce_pair(rng, nums):
    items = [(Fraction(x), str(x)) for x in nums]
    steps = []
    for _ in range(2):
        i, j = rng.sample(range(len(items)), 2)
        op = rng.choice(OPS)
        a, b = items[i], items[j]
        if op in "-/" and a[0] < b[0]:
            a, b = b, a
        v = ap(a[0], b[0], op)
        if v is None:
            return None
        steps.append((a[0], op, b[0], v))
        items = [items[t] for t in range(len(items)) if t not in (i, j)] + [
            (v, f"({a[1]} {op} {b[1]})")
        ]
    return steps, items


def pair_ops(x, y):
    """[(label, value, expr)] for the pair, larger first for - and /."""
    (xv, xe), (yv, ye) = (x, y) if x[0] >= y[0] else (y, x)
    out = [
        (f"{fmp(xv)}+{fmp(yv)}", xv + yv, f"{xe} + {ye}"),
        (f"{fmp(xv)}*{fmp(yv)}", xv * yv, f"{xe} * {ye}"),
        (f"{fmp(xv)}-{fmp(yv)}", xv - yv, f"{xe} - {ye}"),
    ]
    if yv != 0:
        out.append((f"{fmp(xv)}/{fmp(yv)}", xv / yv, f"{xe} / {ye}"))
    if xv != 0 and xv != yv:
        out.append((f"{fmp(yv)}/{fmp(xv)}", yv / xv, f"{ye} / {xe}"))
    return out


def t_g24_pairs(rng, rule):
    k = rng.randint(3, 6)
    while True:
        nums = make_puzzle(rng)
        good, bad, seen = None, [], set()
        for _ in range(3000):
            r = reduce_pair(rng, nums)
            if not r:
                continue
            steps, items = r
            if any(st[3].denominator != 1 for st in steps) and rng.random() < 0.8:
                continue
            key = tuple(sorted(v for v, _ in items))
            if key in seen:
                continue
            po = pair_ops(*items)
            hit = any(v == 24 for _l, v, _e in po)
            if hit and good is None:
                good = (steps, items, po)
                seen.add(key)
            elif not hit and len(bad) < k - 1:
                bad.append((steps, items, po))
                seen.add(key)
            if good and len(bad) == k - 1:
                break
        if good and len(bad) == k - 1:
            break
    cands = [*bad]
    pos = rng.randrange(k)
    cands.insert(pos, good)
    closest = [min(po, key=lambda o: abs(o[1] - 24)) for _s, _i, po in cands]
    dist = [abs(o[1] - 24) for o in closest]
    rk = by_rank([dist[i] if i != pos else -1 for i in range(k)], k)
    lines = [
        g24_head(rng, nums),
        rng.choice(
            [
                "Plan: two moves to get down to a pair, then check every operation on the pair.",
                "I'll collapse to two numbers and test all the ways to combine them.",
                "Going to reduce to pairs and try + - * / on each.",
            ]
        ),
    ]
    lab = rng.choice(["{n})", "({n})", "Path {n}:", "#{n}"])
    for t, (steps, items, po) in enumerate(cands):
        (a1, o1, b1, v1), (a2, o2, b2, v2) = steps
        pair = f"{fm(items[0][0])} and {fm(items[1][0])}"
        mv = rng.choice(
            [
                f"{fmp(a1)}{o1}{fmp(b1)}={fm(v1)}, {fmp(a2)}{o2}{fmp(b2)}={fm(v2)}, leaves {pair}",
                f"{fmp(a1)} {o1} {fmp(b1)} = {fm(v1)} then {fmp(a2)} {o2} {fmp(b2)} = {fm(v2)} "
                f"-> pair ({pair})",
            ]
        )
        chk = ", ".join(f"{lb}={fm(v)}" for lb, v, _e in po)
        if dist[t] == 0:
            hitl = next(lb for lb, v, _e in po if v == 24)
            ev = rng.choice([f"hit: {hitl}=24", f"{hitl} = 24 ✓", f"there it is, {hitl}=24"])
        else:
            ev = rng.choice(["dead end", "no 24 - dead end", "nothing, dead end", "✗ dead end"])
        lines.append(f"{lab.format(n=t + 1)} {mv}. Check: {chk}. {cap(ev)}.")
    c = pick_rule(rng, rule, rk)
    _l, v, ex = closest[c]
    lines.append(
        rng.choice(["Answer: {e} = {v}", "Going with {e} = {v}.", "Final: {e} = {v}"]).format(
            e=ex, v=fm(v)
        )
    )
    a, inst = g24_rec(nums, ex, v)
    return "\n".join(lines), a, inst


# ----------------------------------------------------------------------------- non-search only

INCIDENTS = ["checkout-api", "search-gateway", "billing-worker", "auth-service", "media-resizer"]


def t_incident(rng, rule):
    svc = rng.choice(INCIDENTS)
    h, m = rng.randint(0, 23), rng.randint(0, 50)
    kind = rng.randrange(3)
    if kind == 0:
        pods = rng.randint(6, 14)
        old, new = rng.choice([(4, 16), (5, 20), (8, 24), (6, 12)])
        mx = rng.choice([100, 120, 150])
        while not pods * old < mx < pods * new:
            pods = rng.randint(6, 14)
        steps = [
            rng.choice(
                [
                    f"{h:02d}:{m:02d} paged - {svc} p99 latency at {rng.randint(3, 9)}s.",
                    f"Got paged at {h:02d}:{m:02d}: {svc} timing out.",
                ]
            ),
            rng.choice(
                [
                    f"DB connections pinned at {mx}/{mx} on the primary.",
                    f"Postgres was at max_connections ({mx}).",
                ]
            ),
            rng.choice(
                [
                    f"Today's deploy raised worker concurrency from {old} to {new}; with {pods} "
                    f"pods that's {pods * new} connections wanted, over the {mx} limit.",
                    f"Diffed the last release: concurrency {old} -> {new}. {pods} pods x {new} = "
                    f"{pods * new} > {mx}.",
                ]
            ),
            rng.choice(
                [
                    f"Rolled concurrency back to {old} ({pods * old} connections).",
                    f"Reverted the concurrency change: {pods} x {old} = {pods * old}, under the "
                    "limit.",
                ]
            ),
            rng.choice(
                [
                    "Latency back to normal within a few minutes.",
                    "Errors stopped, p99 recovered.",
                ]
            ),
        ]
        ans = f"revert worker concurrency to {old}"
    elif kind == 1:
        pct = rng.randint(96, 100)
        gb = rng.randint(20, 90)
        steps = [
            f"{h:02d}:{m:02d} {svc} started returning 500s.",
            f"Node disk at {pct}% - /var/log had {gb} GB in it.",
            rng.choice(
                [
                    "Logrotate had stopped running after the base image update.",
                    "The new image dropped the logrotate cron entry.",
                ]
            ),
            "Truncated the old logs and restored the cron entry.",
            rng.choice(["Disk at 31% after cleanup, 500s gone.", "Service healthy again."]),
        ]
        ans = "restore logrotate and clear /var/log"
    else:
        steps = [
            f"{h:02d}:{m:02d} clients failing TLS handshakes against {svc}.",
            "The certificate expired at midnight UTC.",
            rng.choice(
                [
                    "Auto-renewal had been failing silently since the DNS provider change.",
                    "The ACME challenge couldn't complete after we moved DNS.",
                ]
            ),
            "Fixed the DNS challenge credentials and forced a renewal.",
            "New cert served, handshakes succeeding.",
        ]
        ans = "fix the DNS credentials and renew the certificate"
    joiner = rng.choice(["\n", " ", "\n- "])
    head = rng.choice([f"Incident note - {svc}", f"Postmortem draft: {svc}", f"{svc} outage"])
    body = joiner.join(steps) if joiner != "\n- " else "- " + joiner.join(steps)
    tail = rng.choice([f"Action: {ans}.", f"Resolution: {ans}.", f"Fix applied: {ans}."])
    return f"{head}\n{body}\n{tail}", ans, f"how to fix the {svc} incident"


MENUS = [
    (
        "the wedding dinner",
        [
            ("Package A", "roast chicken, seasonal veg, lemon tart"),
            ("Package B", "beef bourguignon, mash, chocolate mousse"),
            ("Package C", "mushroom risotto, green salad, panna cotta"),
            ("Package D", "sea bass, new potatoes, cheesecake"),
            ("Package E", "lamb tagine, couscous, baklava"),
        ],
    ),
    (
        "the conference lunch",
        [
            ("the sandwich platter", "four fillings, crisps, fruit"),
            ("the hot buffet", "curry, rice, naan, salad"),
            ("the bento boxes", "teriyaki salmon or tofu, rice, pickles"),
            ("the mezze spread", "hummus, falafel, flatbread, tabbouleh"),
            ("the pasta bar", "two sauces, garlic bread, tiramisu"),
        ],
    ),
    (
        "Mum's 60th",
        [
            ("the afternoon tea", "finger sandwiches, scones, cakes"),
            ("the barbecue", "burgers, sausages, corn, slaw"),
            ("the tapas menu", "eight small plates to share"),
            ("the Sunday roast", "pork, roast potatoes, crumble"),
        ],
    ),
]


def t_caterer(rng, rule):
    ev, pool = rng.choice(MENUS)
    k = rng.randint(3, min(5, len(pool)))
    opts = rng.sample(pool, k)
    c = rng.randrange(k)
    lines = [
        rng.choice(
            [
                f"The caterer sent over the options for {ev}:",
                f"Menus on offer for {ev}:",
                f"For {ev} we could have:",
            ]
        )
    ]
    for name, desc in opts:
        lines.append(
            rng.choice(
                [f"- {cap(name)}: {desc}", f"{cap(name)} ({desc})", f"* {cap(name)} - {desc}"]
            )
        )
    lines.append(
        rng.choice(
            [
                f"We went with {opts[c][0]}.",
                f"Booked {opts[c][0]}.",
                f"Told them {opts[c][0]}.",
            ]
        )
    )
    return "\n".join(lines), opts[c][0], f"which menu to have for {ev}"


HOTELS = [
    "the Harbour Inn",
    "Hotel Lindenhof",
    "the Grand Central",
    "Casa Azul",
    "the Old Mill B&B",
    "Park View Suites",
    "Hotel Miramar",
]


def t_booked(rng, rule):
    k = rng.randint(3, 5)
    hs = rng.sample(HOTELS, k)
    price = [x * 5 for x in distinct(rng, 16, 60, k, 2)]
    score = [x / 10 for x in distinct(rng, 68, 95, k, 3)]
    c = rng.randrange(k)
    city = rng.choice(["Porto", "Salzburg", "Bruges", "Edinburgh", "Valencia"])
    lines = [
        rng.choice(
            [
                f"Booked {hs[c]} for {city} last night in a hurry - non-refundable rate.",
                f"Already paid for {hs[c]} in {city} (non-refundable, booked on my phone on the "
                "train).",
            ]
        ),
        rng.choice(
            [
                "This morning, out of curiosity, I looked at the others I'd had open:",
                "Afterwards I compared it with the other tabs, just to see:",
            ]
        ),
    ]
    for i, h in enumerate(hs):
        if i == c:
            continue
        cmp_ = "cheaper" if price[i] < price[c] else "dearer"
        rat = "better" if score[i] > score[c] else "worse"
        lines.append(
            rng.choice(
                [
                    f"- {cap(h)}: £{price[i]} a night, rated {score[i]:.1f} - {cmp_} and {rat} "
                    "reviewed than ours.",
                    f"{cap(h)} was £{price[i]}/night, review score {score[i]:.1f} ({cmp_}, "
                    f"{rat} rated).",
                ]
            )
        )
    lines.append(f"Ours: £{price[c]} a night, {score[c]:.1f}.")
    lines.append(
        rng.choice(
            [
                f"Can't change it anyway, so {hs[c]} it is.",
                f"Oh well. Staying at {hs[c]}.",
            ]
        )
    )
    return "\n".join(lines), hs[c], f"which hotel to stay at in {city}"


ROOMS = ["C3.14", "A1.02", "B2.07", "D4.21", "C1.09", "A3.30", "B4.11", "D2.05"]
ROOM_NOTES = [
    ("en-suite, quiet corridor", 9),
    ("big window, next to the kitchen", 7),
    ("small, shared bathroom", 4),
    ("ground floor, noisy at night", 3),
    ("top floor, great view, no lift", 8),
    ("right above the bike store", 5),
    ("corner room, gets cold", 6),
]


def t_ballot(rng, rule):
    k = rng.randint(3, 5)
    rooms = rng.sample(ROOMS, k)
    notes = rng.sample(ROOM_NOTES, k)
    c = rng.randrange(k)
    n = rng.randint(40, 380)
    lines = [
        rng.choice(
            [
                "Rooms I viewed for next year, with my marks:",
                "Second-year housing - what I thought of each room on the open day:",
            ]
        )
    ]
    for r, (nt, sc) in zip(rooms, notes, strict=True):
        lines.append(rng.choice([f"- {r}: {nt}, {sc}/10", f"{r} ({nt}) - {sc}/10"]))
    lines.append(
        rng.choice(
            [
                f"Doesn't matter what I think though: the ballot put me at number {n}, and by my "
                f"slot the system had allocated me {rooms[c]}.",
                f"Allocation is by ballot, not preference. I drew {n} and got {rooms[c]}.",
            ]
        )
    )
    lines.append(rng.choice([f"So: {rooms[c]}.", f"Moving into {rooms[c]} in September."]))
    return "\n".join(lines), rooms[c], "which room to live in next year"


def t_sanity(rng, rule):
    kind = rng.randrange(3)
    if kind == 0:
        total = rng.randint(80, 400) + rng.choice([0, 0.5, 0.2, 0.8])
        tip = rng.choice([10, 12.5, 15, 18, 20])
        n = rng.randint(3, 8)
        withtip = total * (1 + tip / 100)
        each = withtip / n
        lines = [
            rng.choice(
                [
                    f"Okay, so the bill is £{total:.2f}, we want to add {tip}% tip and split it "
                    f"{n} ways.",
                    f"Let me work this out. £{total:.2f} plus {tip}% service, divided between {n} "
                    "people.",
                ]
            ),
            f"Tip: {tip}% of {total:.2f} is {total * tip / 100:.2f}, so the total is "
            f"{withtip:.2f}.",
            f"Divided by {n}: {withtip:.2f} / {n} = {each:.2f}.",
            rng.choice(
                [
                    f"Let me double-check another way: {round(each, 2):.2f} x {n} = "
                    f"{round(each, 2) * n:.2f} (rounding aside, that's the total), and "
                    f"{withtip:.2f} / {1 + tip / 100:g} = {withtip / (1 + tip / 100):.2f}, which "
                    "is the original bill. Good.",
                    f"Sanity check: {n} x {round(each, 2):.2f} = {round(each, 2) * n:.2f}, "
                    f"vs {withtip:.2f} with the tip - same, give or take rounding to the penny.",
                ]
            ),
            rng.choice([f"So each person pays £{each:.2f}.", f"Answer: £{each:.2f} each."]),
        ]
        return "\n".join(lines), f"£{each:.2f}", "how much each person pays"
    if kind == 1:
        gb = rng.choice([2, 4, 8, 12, 25, 40])
        mbps = rng.choice([20, 50, 80, 100, 200])
        sec = gb * 8000 / mbps
        lines = [
            rng.choice(
                [
                    f"Hmm, how long does a {gb} GB download take at {mbps} Mbps?",
                    f"Need the download time for {gb} GB over a {mbps} Mbit/s line.",
                ]
            ),
            f"{gb} GB is {gb * 8000} megabits (taking 1 GB = 1000 MB, 8 bits a byte).",
            f"{gb * 8000} / {mbps} = {sec:g} seconds, which is {sec / 60:.1f} minutes.",
            rng.choice(
                [
                    f"Check: {mbps} Mbps is {mbps / 8:g} MB/s; {gb * 1000} MB / {mbps / 8:g} = "
                    f"{gb * 1000 / (mbps / 8):g} s. Same.",
                    f"Wait, let me verify in MB/s: {mbps}/8 = {mbps / 8:g} MB/s, and "
                    f"{gb * 1000}/{mbps / 8:g} = {gb * 1000 / (mbps / 8):g} seconds. Yes.",
                ]
            ),
            f"So about {sec / 60:.1f} minutes.",
        ]
        return "\n".join(lines), f"{sec / 60:.1f} minutes", "how long the download takes"
    hrs = rng.choice([1.5, 2, 2.5, 3, 3.5, 4])
    v = rng.randint(30, 140) + rng.choice([0, 0, 0.5])
    km = round(v * hrs, 1)
    km = int(km) if km == int(km) else km
    lines = [
        rng.choice(
            [
                f"So the train covers {km} km in {hrs:g} hours. Average speed?",
                f"Let me see: {km} km, {hrs:g} h. What's the average speed?",
            ]
        ),
        f"Speed = distance / time = {km} / {hrs:g} = {v:.1f} km/h.",
        rng.choice(
            [
                f"Verify: {v:.1f} x {hrs:g} = {v * hrs:.1f} km. Right.",
                f"Check the other way round: at {v:.1f} km/h, {hrs:g} hours gets you "
                f"{v * hrs:.1f} km. Matches.",
            ]
        ),
        rng.choice([f"Answer: {v:.1f} km/h.", f"So {v:.1f} km/h."]),
    ]
    return "\n".join(lines), f"{v:.1f} km/h", "what the average speed is"


# ----------------------------------------------------------------------------- registry

PROCS = {
    "apartment_S": ("search", make_text_proc(t_apartment, "best")),
    "apartment_N_random": ("non-search", make_text_proc(t_apartment, "random")),
    "ci_S": ("search", make_text_proc(t_ci, "best")),
    "ci_N_first": ("non-search", make_text_proc(t_ci, "first")),
    "regex_S": ("search", make_text_proc(t_regex, "best")),
    "regex_N_last": ("non-search", make_text_proc(t_regex, "last")),
    "lrcurve_S": ("search", make_text_proc(t_lrcurve, "best")),
    "lrcurve_N_random": ("non-search", make_text_proc(t_lrcurve, "random")),
    "react_S": ("search", make_text_proc(t_react, "best")),
    "react_N_first": ("non-search", make_text_proc(t_react, "first")),
    "insurance_S": ("search", make_text_proc(t_insurance, "best")),
    "insurance_N_random": ("non-search", make_text_proc(t_insurance, "random")),
    "slack_S": ("search", make_text_proc(t_slack, "best")),
    "slack_N_last": ("non-search", make_text_proc(t_slack, "last")),
    "captain_S": ("search", make_text_proc(t_captain, "best")),
    "captain_N_random": ("non-search", make_text_proc(t_captain, "random")),
    "approx_S": ("search", make_text_proc(t_approx, "best")),
    "approx_N_first": ("non-search", make_text_proc(t_approx, "first")),
    "g24_log_S": ("search", make_g24_proc(t_g24_log, "best")),
    "g24_log_N_random": ("non-search", make_g24_proc(t_g24_log, "random")),
    "g24_duo_S": ("search", make_g24_proc(t_g24_duo, "best")),
    "g24_duo_N_first": ("non-search", make_g24_proc(t_g24_duo, "first")),
    "g24_split_S": ("search", make_g24_proc(t_g24_split, "best")),
    "g24_split_N_last": ("non-search", make_g24_proc(t_g24_split, "last")),
    "g24_pairs_S": ("search", make_g24_proc(t_g24_pairs, "best")),
    "g24_pairs_N_random": ("non-search", make_g24_proc(t_g24_pairs, "random")),
    "incident_N": ("non-search", make_text_proc(t_incident, None)),
    "caterer_N": ("non-search", make_text_proc(t_caterer, None)),
    "booked_N": ("non-search", make_text_proc(t_booked, None)),
    "ballot_N": ("non-search", make_text_proc(t_ballot, None)),
    "sanity_N": ("non-search", make_text_proc(t_sanity, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=15)


if __name__ == "__main__":
    sys.exit(main())
