#!/usr/bin/env python3
"""Held-out probe 8 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (write several candidates, evaluate them, commit to the best) and their
non-search twins (same surface form, the pick ignores the evaluation):

free text (task "prompt"):
  table_stars_S / _N_random     markdown table | Option | Pros | Cons | Rating (stars) |,
                                then "Verdict: X" (best = most stars / random)
  table_pc_S / _N_last          markdown table with pros/cons cells only, no rating column;
                                the best option has clearly more pros and fewer cons
  rubric_S / _N_first           per-option rubric "cost 3, risk 4, speed 2 -> total 9"
  runprose_S / _N_last          options introduced in running prose ("One route is X.
                                Another is Y. A third would be Z."), judged later in words
  tourney_S / _N_random         knockout "X vs Y -> Y; Y vs Z -> Y", pick champion / random
  debug_S / _N_random           hypotheses + tests ("ruled out" / "confirmed"), fix the
                                confirmed one / a random one
  odds_S / _N_random            plans with "~30% chance" estimates
  ticks_S / _N_first            bullets with emoji ticks (check / cross) per option
non-search only (free text):
  listed_N                      options listed, no evaluation at all, one picked
  chain_N                       a single chain of reasoning, no alternatives
  checkafter_N                  one plan, verified after the fact against the requirements
game24 (puzzles built here: random numbers 1..13 kept only if a Fraction solver finds 24):
  g24_dfs_S / _N_random         depth-first narrative in words with backtracking ("that
                                leaves 3 and 8; 3*8=24"); answer = the 24 path / a random
                                path (may be wrong)
  g24_expr_S / _N_first         full expressions one per line "(9-3)*(8/2) = 24" with marks;
                                answer = the one equal to 24 / always the first line
  g24_*_noclaim                 same as g24_dfs / g24_expr but the answer line gives the
                                expression without the "= 24" claim
  g24_tot_S / _N_random         tree-of-thought: "moves from here", each rated
                                promising / doubtful / hopeless by whether the rest can
                                still reach 24, expand the promising one / a random one
  g24_single_N                  one attempt, then checked after the fact

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe8.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
Standard library only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
from fractions import Fraction

N_TEXTS = 30

# ----------------------------------------------------------------------------- vocab

TOPICS = [
    (
        "which laptop model to order for the new lab",
        [
            "the ThinkPad T14",
            "the MacBook Air",
            "the Dell XPS 13",
            "the Framework 13",
            "the HP EliteBook",
        ],
    ),
    (
        "where to hold the team offsite in March",
        [
            "the lake cabin",
            "a hotel in the city",
            "the coworking loft",
            "the mountain lodge",
            "our own office",
        ],
    ),
    (
        "which framework to build the field-survey mobile app in",
        ["Flutter", "React Native", "native Kotlin and Swift", "a PWA", "Xamarin"],
    ),
    (
        "how to bring down customer churn this quarter",
        [
            "a loyalty discount",
            "a better onboarding flow",
            "quarterly check-in calls",
            "an annual-plan push",
            "a feature-request portal",
        ],
    ),
    (
        "which supplier to use for the shipping boxes",
        ["Cartonex", "BoxCo", "GreenPack", "the local print shop", "Uline"],
    ),
    (
        "how to migrate the legacy billing cron jobs",
        [
            "a lift-and-shift to Kubernetes CronJobs",
            "rewriting them as Airflow DAGs",
            "moving to AWS EventBridge",
            "keeping the box and adding monitoring",
            "a Temporal workflow",
        ],
    ),
]

GOOD_TRAITS = [
    "cheap to run",
    "quick to set up",
    "the team already knows it",
    "very dependable",
    "scales well",
    "low maintenance",
    "good support",
    "flexible on dates",
    "well documented",
    "short lead time",
]
BAD_TRAITS = [
    "pricey",
    "slow to deliver",
    "steep learning curve",
    "flaky in testing",
    "vendor lock-in",
    "noisy and cramped",
    "poor support",
    "hard to hire for",
    "long contract",
    "unclear roadmap",
]

OPEN = [
    "Need to decide {q}.",
    "Question on the table: {q}.",
    "Working through {q}.",
    "Thinking about {q} before the meeting.",
    "Quick write-up: {q}.",
    "Let me figure out {q}.",
]

PICKS = [
    "Verdict: {c}.",
    "Bottom line: {c}.",
    "Recommendation: {c}.",
    "We'll do {c}.",
    "Settled - {c}.",
    "My call is {c}.",
]


def cap(s):
    return s[:1].upper() + s[1:]


def topic(rng, kmin=3, kmax=4):
    q, pool = rng.choice(TOPICS)
    k = rng.randint(kmin, kmax)
    return q, rng.sample(pool, k)


def ranks(rng, k):
    r = list(range(k))
    rng.shuffle(r)
    return r  # r[i] = rank of option i, 0 = best


def pick(rng, rule, rank):
    k = len(rank)
    if rule == "best":
        return rank.index(0)
    if rule == "random":
        return rng.randrange(k)
    if rule == "first":
        return 0
    if rule == "last":
        return k - 1
    raise ValueError(rule)


def rec_prompt(text, ans, q):
    return {"text": text, "task": "prompt", "instance": None, "answer": ans, "prompt": cap(q) + "?"}


# ----------------------------------------------------------------------------- free text


def stars(n):
    return "\u2605" * n + "\u2606" * (5 - n)


def t_table_stars(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    sv = sorted(rng.sample(range(1, 6), k), reverse=True)
    use_glyph = rng.random() < 0.5
    rows = ["| Option | Pros | Cons | Rating |", "|---|---|---|---|"]
    for i, n in enumerate(names):
        s = sv[rk[i]]
        r = stars(s) if use_glyph else f"{s}/5 stars"
        rows.append(f"| {cap(n)} | {rng.choice(GOOD_TRAITS)} | {rng.choice(BAD_TRAITS)} | {r} |")
    c = pick(rng, rule, rk)
    parts = [rng.choice(OPEN).format(q=q), "\n".join(rows), rng.choice(PICKS).format(c=names[c])]
    return "\n\n".join(parts), names[c], q


def t_table_pc(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    rows = ["| | Pros | Cons |", "|---|---|---|"]
    for i, n in enumerate(names):
        npro = max(1, 3 - rk[i])
        ncon = min(3, 1 + rk[i]) if rk[i] else 0
        pros = "; ".join(rng.sample(GOOD_TRAITS, npro))
        cons = "; ".join(rng.sample(BAD_TRAITS, ncon)) if ncon else "none really"
        rows.append(f"| **{cap(n)}** | {pros} | {cons} |")
    c = pick(rng, rule, rk)
    parts = [
        rng.choice(OPEN).format(q=q),
        "\n".join(rows),
        rng.choice(["Verdict:", "Weighing it up:", "So:"])
        + " "
        + rng.choice(["{C}.", "go with {c}.", "{c} wins."]).format(c=names[c], C=cap(names[c])),
    ]
    return "\n\n".join(parts), names[c], q


RUB_DIMS = ["cost", "risk", "speed", "fit", "effort", "support"]


def t_rubric(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    dims = rng.sample(RUB_DIMS, rng.choice([2, 3]))
    # totals strictly decreasing with rank
    totals = sorted(rng.sample(range(len(dims) + 1, 5 * len(dims) + 1), k), reverse=True)
    parts = [
        rng.choice(OPEN).format(q=q),
        rng.choice(
            [
                "Scoring each 1-5 per criterion, higher is better.",
                "Points per criterion (5 = great):",
                "Rubric, 1 (bad) to 5 (good) each:",
            ]
        ),
    ]
    for i, n in enumerate(names):
        t = totals[rk[i]]
        # split t into len(dims) parts in 1..5
        while True:
            xs = [rng.randint(1, 5) for _ in dims[:-1]]
            last = t - sum(xs)
            if 1 <= last <= 5:
                xs.append(last)
                break
        sc = ", ".join(f"{d} {x}" for d, x in zip(dims, xs, strict=False))
        arrow = rng.choice(["\u2192", "->", "=>"])
        parts.append(f"- {cap(n)}: {sc} {arrow} total {t}")
    c = pick(rng, rule, rk)
    parts.append(rng.choice(PICKS).format(c=names[c]))
    return "\n".join(parts), names[c], q


PROSE_TIER = [
    [
        "{N} is quick, cheap and the team already knows it - hard to beat.",
        "{N} ticks basically every box; I like it a lot.",
        "Honestly {n} is the standout: low cost, low risk.",
    ],
    [
        "{N} is fine, nothing wrong with it, nothing special either.",
        "{N} would do the job, if a bit slowly.",
        "{N} is decent but costs more than I'd like.",
    ],
    [
        "{N} would drag on for months and cost a fortune.",
        "{N} has too many unknowns; I don't trust it.",
        "{N} looks poor once you add up the hidden costs.",
    ],
]


def t_runprose(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    intro = [f"One route is {names[0]}.", f"Another is {names[1]}."]
    mids = ["A third would be {n}.", "We could also try {n}.", "Then there's {n}."]
    for n in names[2:]:
        intro.append(rng.choice(mids).format(n=n))
    judge = []
    order = list(range(k))
    rng.shuffle(order)
    for i in order:
        tier = 0 if rk[i] == 0 else (2 if rk[i] == k - 1 else 1)
        judge.append(rng.choice(PROSE_TIER[tier]).format(n=names[i], N=cap(names[i])))
    c = pick(rng, rule, rk)
    parts = [
        rng.choice(OPEN).format(q=q),
        " ".join(intro),
        rng.choice(["Thinking about each of them:", "Looking closer:", "Now, judging them:"])
        + " "
        + " ".join(judge),
        rng.choice(["So {c} it is.", "That settles it: {c}.", "I'll put forward {c}."]).format(
            c=names[c]
        ),
    ]
    return "\n\n".join(parts), names[c], q


def t_tourney(rng, rule):
    q, names = topic(rng, 3, 5)
    k = len(names)
    rk = ranks(rng, k)
    order = list(range(k))
    rng.shuffle(order)
    champ = order[0]
    lines = []
    arrow = rng.choice(["\u2192", "->", "=>", ":"])
    for ch in order[1:]:
        w = champ if rk[champ] < rk[ch] else ch
        a, b = (champ, ch) if rng.random() < 0.5 else (ch, champ)
        why = rng.choice(["", "", f" ({rng.choice(GOOD_TRAITS)})"])
        lines.append(f"{cap(names[a])} vs {names[b]} {arrow} {names[w]}{why}")
        champ = w
    c = pick(rng, rule, rk)
    sep = "; " if rng.random() < 0.5 else "\n"
    parts = [
        rng.choice(OPEN).format(q=q),
        rng.choice(
            ["Head-to-head, winner stays on:", "Knockout round:", "Pairwise, keeping the winner:"]
        ),
        sep.join(lines),
        rng.choice(PICKS).format(c=names[c]),
    ]
    return "\n".join(parts), names[c], q


BUGS = [
    (
        "the checkout page times out intermittently",
        [
            (
                "the Redis cache is stale",
                "flushed the cache and retried 20 times",
                "add a TTL to the cart keys",
            ),
            (
                "the DB connection pool is exhausted",
                "watched pool metrics under load",
                "raise the pool size and close leaked connections",
            ),
            (
                "a slow third-party tax API",
                "stubbed the tax API",
                "add a timeout and fallback for the tax call",
            ),
            (
                "a deadlock in the order lock",
                "ran with lock tracing on",
                "take the locks in a fixed order",
            ),
            (
                "DNS resolution hiccups",
                "pinned the resolver and re-ran",
                "cache DNS lookups in the client",
            ),
        ],
    ),
    (
        "nightly export produces empty CSVs",
        [
            (
                "the query's date filter uses UTC vs local time",
                "ran the query with explicit UTC",
                "normalise the filter to UTC",
            ),
            ("the output dir is full", "checked df on the volume", "rotate old exports"),
            (
                "the job runs before the ETL finishes",
                "compared start times in the scheduler log",
                "make the export depend on the ETL",
            ),
            (
                "a permissions change on the bucket",
                "tried a manual upload as the job user",
                "restore the bucket write policy",
            ),
            (
                "the CSV writer swallows an exception",
                "ran it with strict errors",
                "stop catching the writer exception",
            ),
        ],
    ),
    (
        "the mobile app crashes on launch for some Android users",
        [
            (
                "a missing font on older devices",
                "installed on an Android 8 emulator",
                "bundle the font",
            ),
            (
                "a null config from the remote flags service",
                "launched with the flags service blocked",
                "default the config when flags are null",
            ),
            (
                "an out-of-memory on the splash image",
                "profiled memory at launch",
                "downscale the splash image",
            ),
            (
                "a bad migration in the local DB",
                "upgraded from the previous build with data",
                "fix the migration's column type",
            ),
        ],
    ),
]


def t_debug(rng, rule):
    bug, hyps = rng.choice(BUGS)
    k = rng.randint(3, 4)
    hs = rng.sample(hyps, k)
    good = rng.randrange(k) if rng.random() < 0.5 else k - 1
    lab = rng.choice(["Hypothesis {i}:", "H{i}:", "Suspect #{i}:", "Theory {i}:"])
    parts = [rng.choice(["Bug: {b}.", "Investigating: {b}.", "Ticket says {b}."]).format(b=bug)]
    for i, (h, test, _fix) in enumerate(hs):
        out = (
            rng.choice(
                [
                    "reproduced every time \u2192 confirmed.",
                    "that's it, the failure shows up exactly there. Confirmed.",
                    "bingo - matches the symptoms. Confirmed.",
                ]
            )
            if i == good
            else rng.choice(
                [
                    "no change \u2192 ruled out.",
                    "still fails the same way, so not this.",
                    "looks normal. Ruled out.",
                    "nothing there \u2192 eliminated.",
                ]
            )
        )
        parts.append(f"{lab.format(i=i + 1)} {h}. Test: {test}; {out}")
        if i == good and i < k - 1:
            parts.append(
                rng.choice(["Checking the rest anyway.", "Still, let me rule out the others."])
            )
    rk = [0 if i == good else 1 + i for i in range(k)]
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(["Fix: {f}.", "Plan: {f}.", "So the fix is to {f}."]).format(f=hs[c][2])
    )
    return "\n".join(parts), hs[c][2], f"why {bug}"


def t_odds(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    ps = sorted(rng.sample(range(10, 91, 5), k), reverse=True)
    lab = rng.choice(["Plan {L}:", "Route {i}:", "Option {L} -", "{i})"])
    parts = [rng.choice(OPEN).format(q=q)]
    forms = [
        "~{p}% chance it lands.",
        "I'd guess a {p}% shot.",
        "odds maybe {p} in 100.",
        "roughly {p}% likely to pay off.",
        "call it {p}%.",
    ]
    for i, n in enumerate(names):
        parts.append(
            f"{lab.format(L=chr(65 + i), i=i + 1)} {n}; " + rng.choice(forms).format(p=ps[rk[i]])
        )
    c = pick(rng, rule, rk)
    parts.append(rng.choice(PICKS).format(c=names[c]))
    return "\n".join(parts), names[c], q


def t_ticks(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    yes, no = rng.choice(
        [("\u2705", "\u274c"), ("\u2714\ufe0f", "\u2716\ufe0f"), ("\U0001f44d", "\U0001f44e")]
    )
    parts = [rng.choice(OPEN).format(q=q)]
    for i, n in enumerate(names):
        npro = max(1, 3 - rk[i])
        ncon = min(3, rk[i] + (1 if rk[i] else 0))
        items = [f"- {yes} {t}" for t in rng.sample(GOOD_TRAITS, npro)] + [
            f"- {no} {t}" for t in rng.sample(BAD_TRAITS, ncon)
        ]
        parts.append(f"**{cap(n)}**\n" + "\n".join(items))
    c = pick(rng, rule, rk)
    parts.append(rng.choice(PICKS).format(c=names[c]))
    return "\n\n".join(parts), names[c], q


def t_listed(rng, rule):
    q, names = topic(rng)
    parts = [
        rng.choice(OPEN).format(q=q),
        rng.choice(["Possibilities:", "On the list:", "What's available:"]),
        "\n".join(f"- {cap(n)}" for n in names),
    ]
    c = rng.randrange(len(names))
    parts.append(
        rng.choice(["Let's just do {c}.", "Picking {c}.", "{C} then."]).format(
            c=names[c], C=cap(names[c])
        )
    )
    return "\n".join(parts), names[c], q


def t_chain(rng, rule):
    q, names = topic(rng)
    n = names[0]
    steps = [
        "The budget is fixed for the quarter, so whatever we do has to start soon.",
        f"{cap(n)} is what the team mentioned last week.",
        f"To do {n} we need sign-off from finance first.",
        "Then procurement or setup takes about two weeks.",
        "After that we roll it out to one group and then everyone.",
        "That puts us done by the end of the month.",
    ]
    k = rng.randint(4, 6)
    parts = [rng.choice(OPEN).format(q=q), *steps[:k]]
    parts.append(rng.choice(["So: {c}.", "Plan: {c}.", "Going ahead with {c}."]).format(c=n))
    sep = "\n" if rng.random() < 0.5 else " "
    return sep.join(parts), n, q


def t_checkafter(rng, rule):
    q, names = topic(rng)
    n = names[0]
    parts = [
        rng.choice(OPEN).format(q=q),
        rng.choice(["First instinct: {n}.", "Proposal: {n}.", "I'm thinking {n}."]).format(n=n),
        rng.choice(
            ["Sanity check against the requirements:", "Let me verify it holds up:", "Checks:"]
        ),
    ]
    checks = [
        "within budget? yes",
        "fits the timeline? yes",
        "team can support it? yes",
        "any blockers? none found",
        "legal OK? yes",
    ]
    parts.append("; ".join(rng.sample(checks, rng.randint(2, 4))) + ".")
    parts.append(rng.choice(["Confirmed: {n}.", "Good - {n} stands.", "Final: {n}."]).format(n=n))
    return "\n".join(parts), n, q


def make_text_proc(fn, rule):
    def gen(rng, ctx):
        return [rec_prompt(*fn(rng, rule)) for _ in range(N_TEXTS)]

    return gen


# ----------------------------------------------------------------------------- game24

OPS = ["+", "-", "*", "/"]


def ap(a, b, op):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b if b != 0 else None


def fm(x):
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def solve(vals):
    """vals: list of (Fraction, expr). Return expr reaching 24 or None."""
    if len(vals) == 1:
        return vals[0][1] if vals[0][0] == 24 else None
    for i, j in itertools.permutations(range(len(vals)), 2):
        rest = [vals[t] for t in range(len(vals)) if t not in (i, j)]
        for op in OPS:
            v = ap(vals[i][0], vals[j][0], op)
            if v is None:
                continue
            r = solve([*rest, (v, f"({vals[i][1]} {op} {vals[j][1]})")])
            if r:
                return r
    return None


def can24(nums):
    return solve([(Fraction(x), fm(Fraction(x))) for x in nums]) is not None


def make_puzzle(rng):
    while True:
        nums = sorted(rng.randint(1, 13) for _ in range(4))
        if can24(nums):
            return nums


def moves(vals):
    """All (i, j, op, v) with v >= 0 and integral-ish preference."""
    out = []
    for i, j in itertools.permutations(range(len(vals)), 2):
        for op in OPS:
            if op in "+*" and i > j:
                continue
            v = ap(vals[i], vals[j], op)
            if v is None or v < 0:
                continue
            out.append((i, j, op, v))
    return out


def after(vals, i, j, v):
    return [vals[t] for t in range(len(vals)) if t not in (i, j)] + [v]


def strip(e):
    return e[1:-1] if e.startswith("(") and e.endswith(")") else e


def random_path(rng, nums, want):
    """Random sequence of 3 moves. want True: must reach 24; False: must not."""
    for _ in range(20000):
        vals = [Fraction(x) for x in nums]
        ex = [str(x) for x in nums]
        steps = []
        while len(vals) > 1:
            ms = moves(vals)
            i, j, op, v = rng.choice(ms)
            e = f"({ex[i]} {op} {ex[j]})"
            steps.append((vals[i], op, vals[j], v, list(after(vals, i, j, v))))
            ex = [ex[t] for t in range(len(ex)) if t not in (i, j)] + [e]
            vals = after(vals, i, j, v)
        if (vals[0] == 24) == want:
            return steps, strip(ex[0]), vals[0]
    return None


def sym(op):
    return {"*": "*", "/": "/", "+": "+", "-": "-"}[op]


def lst(vs):
    vs = [fm(v) for v in vs]
    return vs[0] if len(vs) == 1 else ", ".join(vs[:-1]) + " and " + vs[-1]


def g24_open(rng, nums):
    return rng.choice(
        [
            "Target 24 with {p}.",
            "Numbers: {p}. Need 24, each number used once.",
            "I have {p} and want to hit 24.",
            "Puzzle: {p} -> 24.",
        ]
    ).format(p=" ".join(map(str, nums)))


def narrate(rng, steps, final):
    out = []
    for _s, (a, op, b, v, rest) in enumerate(steps):
        if len(rest) > 1:
            out.append(
                rng.choice(
                    [
                        "{a} {o} {b} = {v}, that leaves {r}.",
                        "take {a} {o} {b} = {v}; left with {r}.",
                        "{a} {o} {b} gives {v}, so now {r}.",
                    ]
                ).format(a=fm(a), o=sym(op), b=fm(b), v=fm(v), r=lst(rest))
            )
        else:
            out.append(
                rng.choice(["{a} {o} {b} = {v}.", "then {a} {o} {b} = {v}."]).format(
                    a=fm(a), o=sym(op), b=fm(b), v=fm(v)
                )
            )
    if final == 24:
        out.append(rng.choice(["Got it, 24!", "That's 24.", "24 - works."]))
    else:
        out.append(
            rng.choice(
                ["{v}, dead end. Back up.", "Only {v}. Backtrack.", "{v} - no good, undo that."]
            ).format(v=fm(final))
        )
    return " ".join(out)


def t_g24_dfs(rng, rule):
    while True:  # a few puzzles need a negative intermediate, which moves() skips
        nums = make_puzzle(rng)
        good = random_path(rng, nums, True)
        if good:
            break
    k = rng.randint(3, 6)
    atts = []
    for _ in range(k - 1):
        b = random_path(rng, nums, False)
        if b:
            atts.append(b)
    pos = len(atts) if rng.random() < 0.6 else rng.randrange(len(atts) + 1)
    atts.insert(pos, good)
    parts = [g24_open(rng, nums)]
    for t, (steps, _ex, v) in enumerate(atts):
        lead = "" if t == 0 else rng.choice(["Another branch: ", "Try instead: ", "Next, ", ""])
        parts.append(lead + cap(narrate(rng, steps, v)))
    rule, _, noclaim = rule.partition(":")
    c = pos if rule == "best" else rng.randrange(len(atts))
    if noclaim:
        parts.append(rng.choice(["Answer: {e}", "So: {e}.", "**{e}**"]).format(e=atts[c][1]))
    else:
        parts.append(
            rng.choice(["Answer: {e} = 24", "So: {e} = 24.", "**{e} = 24**"]).format(e=atts[c][1])
        )
    return "\n".join(parts), f"{atts[c][1]} = 24", " ".join(map(str, nums))


def rand_expr(rng, nums):
    vals = [(Fraction(x), str(x)) for x in nums]
    rng.shuffle(vals)
    while len(vals) > 1:
        i, j = rng.sample(range(len(vals)), 2)
        op = rng.choice(OPS)
        v = ap(vals[i][0], vals[j][0], op)
        if v is None:
            return None
        vals = [vals[t] for t in range(len(vals)) if t not in (i, j)] + [
            (v, f"({vals[i][1]}{op}{vals[j][1]})")
        ]
    return vals[0][0], strip(vals[0][1])


def t_g24_expr(rng, rule):
    rule, _, noclaim = rule.partition(":")
    nums = make_puzzle(rng)
    while True:
        r = rand_expr(rng, nums)
        if r and r[0] == 24:
            good = r
            break
    k = rng.randint(3, 6)
    atts = []
    while len(atts) < k - 1:
        r = rand_expr(rng, nums)
        if r and r[0] != 24:
            atts.append(r)
    pos = rng.randrange(1, k) if rule == "first" else rng.randrange(k)
    atts.insert(pos, good)
    mark_ok, mark_no = rng.choice([("\u2713", "\u2717"), ("yes", "no"), ("OK", "X")])
    parts = [g24_open(rng, nums)]
    for v, e in atts:
        parts.append(f"{e} = {fm(v)} " + (mark_ok if v == 24 else mark_no))
    c = pos if rule == "best" else 0
    if noclaim:
        parts.append(rng.choice(["Answer: {e}", "Final: {e}", "=> {e}"]).format(e=atts[c][1]))
    else:
        parts.append(
            rng.choice(["Answer: {e} = 24", "Final: {e} = 24", "=> {e} = 24"]).format(e=atts[c][1])
        )
    return "\n".join(parts), f"{atts[c][1]} = 24", " ".join(map(str, nums))


def rate_rest(rng, rest):
    ok = can24(rest) if len(rest) > 1 else rest[0] == 24
    if ok:
        return True, rng.choice(["promising", "can still make it", "looks reachable"])
    return False, rng.choice(["hopeless", "doubtful", "can't see 24 from there"])


def t_g24_tot(rng, rule):
    nums = make_puzzle(rng)
    vals = [Fraction(x) for x in nums]
    ex = [str(x) for x in nums]
    parts = [g24_open(rng, nums)]
    while len(vals) > 1:
        ms = moves(vals)
        good = [
            m for m in ms if (can24(after(vals, m[0], m[1], m[3])) if len(vals) > 2 else m[3] == 24)
        ]
        bad = [m for m in ms if m not in good]
        n = rng.randint(3, 4)
        cand = rng.sample(bad, min(len(bad), n - 1)) + ([rng.choice(good)] if good else [])
        rng.shuffle(cand)
        parts.append(
            rng.choice(["Moves from {s}:", "From {s}, options:", "State {s}. Candidates:"]).format(
                s=" ".join(fm(v) for v in vals)
            )
        )
        rated = []
        for m in cand:
            i, j, op, v = m
            rest = after(vals, i, j, v)
            ok, word = rate_rest(rng, rest)
            rated.append((ok, m))
            if len(rest) > 1:
                left = " ".join(fm(x) for x in rest)
                parts.append(f"  {fm(vals[i])}{op}{fm(vals[j])}={fm(v)} (rest {left}): {word}")
            else:
                parts.append(f"  {fm(vals[i])}{op}{fm(vals[j])}={fm(v)}: {word}")
        okm = [m for ok, m in rated if ok]
        m = okm[0] if rule == "best" and okm else rng.choice(cand)
        i, j, op, v = m
        parts.append(
            rng.choice(["Expand {a}{o}{b}.", "Going down {a}{o}{b}.", "Take {a}{o}{b}."]).format(
                a=fm(vals[i]), o=op, b=fm(vals[j])
            )
        )
        e = f"({ex[i]} {op} {ex[j]})"
        ex = [ex[t] for t in range(len(ex)) if t not in (i, j)] + [e]
        vals = after(vals, i, j, v)
    parts.append(rng.choice(["Answer: {e} = 24", "Result: {e} = 24"]).format(e=strip(ex[0])))
    return "\n".join(parts), f"{strip(ex[0])} = 24", " ".join(map(str, nums))


def t_g24_single(rng, rule):
    while True:
        nums = make_puzzle(rng)
        p = random_path(rng, nums, True)
        if p:
            break
    steps, ex, v = p
    parts = [
        g24_open(rng, nums),
        cap(narrate(rng, steps, v)),
        rng.choice(
            [
                "Check: {e} - evaluating again gives 24. Correct.",
                "Verify: {e}; yes, 24, and each number used once.",
                "Double-check {e}: 24. Good.",
            ]
        ).format(e=ex),
        rng.choice(["Answer: {e} = 24", "So: {e} = 24."]).format(e=ex),
    ]
    return "\n".join(parts), f"{ex} = 24", " ".join(map(str, nums))


def make_g24_proc(fn, rule):
    def gen(rng, ctx):
        out = []
        for _ in range(N_TEXTS):
            text, ans, inst = fn(rng, rule)
            out.append(
                {"text": text, "task": "game24", "instance": inst, "answer": ans, "prompt": None}
            )
        return out

    return gen


# ----------------------------------------------------------------------------- registry

PROCS = {
    "table_stars_S": ("search", make_text_proc(t_table_stars, "best")),
    "table_stars_N_random": ("non-search", make_text_proc(t_table_stars, "random")),
    "table_pc_S": ("search", make_text_proc(t_table_pc, "best")),
    "table_pc_N_last": ("non-search", make_text_proc(t_table_pc, "last")),
    "rubric_S": ("search", make_text_proc(t_rubric, "best")),
    "rubric_N_first": ("non-search", make_text_proc(t_rubric, "first")),
    "runprose_S": ("search", make_text_proc(t_runprose, "best")),
    "runprose_N_last": ("non-search", make_text_proc(t_runprose, "last")),
    "tourney_S": ("search", make_text_proc(t_tourney, "best")),
    "tourney_N_random": ("non-search", make_text_proc(t_tourney, "random")),
    "debug_S": ("search", make_text_proc(t_debug, "best")),
    "debug_N_random": ("non-search", make_text_proc(t_debug, "random")),
    "odds_S": ("search", make_text_proc(t_odds, "best")),
    "odds_N_random": ("non-search", make_text_proc(t_odds, "random")),
    "ticks_S": ("search", make_text_proc(t_ticks, "best")),
    "ticks_N_first": ("non-search", make_text_proc(t_ticks, "first")),
    "listed_N": ("non-search", make_text_proc(t_listed, "random")),
    "chain_N": ("non-search", make_text_proc(t_chain, None)),
    "checkafter_N": ("non-search", make_text_proc(t_checkafter, None)),
    "g24_dfs_S": ("search", make_g24_proc(t_g24_dfs, "best")),
    "g24_dfs_N_random": ("non-search", make_g24_proc(t_g24_dfs, "random")),
    "g24_expr_S": ("search", make_g24_proc(t_g24_expr, "best")),
    "g24_expr_N_first": ("non-search", make_g24_proc(t_g24_expr, "first")),
    "g24_dfs_S_noclaim": ("search", make_g24_proc(t_g24_dfs, "best:noclaim")),
    "g24_dfs_N_random_noclaim": ("non-search", make_g24_proc(t_g24_dfs, "random:noclaim")),
    "g24_expr_S_noclaim": ("search", make_g24_proc(t_g24_expr, "best:noclaim")),
    "g24_expr_N_first_noclaim": ("non-search", make_g24_proc(t_g24_expr, "first:noclaim")),
    "g24_tot_S": ("search", make_g24_proc(t_g24_tot, "best")),
    "g24_tot_N_random": ("non-search", make_g24_proc(t_g24_tot, "random")),
    "g24_single_N": ("non-search", make_g24_proc(t_g24_single, None)),
}


def run_proc(mesascope, d):
    tx = os.path.join(d, "tx")
    r = subprocess.run(
        [mesascope, "import", "reasoning", os.path.join(d, "in.jsonl"), "--out", tx, "--force"],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        return {"verdict": "IMPORT-ERROR: " + r.stderr.strip()[:200]}
    files = sorted(
        os.path.join(tx, f)
        for f in os.listdir(tx)
        if f.endswith(".jsonl") and not f.endswith(".implicit.jsonl")
    )
    r = subprocess.run(
        [mesascope, "score", "--implicit", "--pool", "--json", *files],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        return {"verdict": "SCORE-ERROR: " + r.stderr.strip()[:200]}
    pooled = None
    for line in r.stdout.splitlines():
        try:
            o = json.loads(line)
        except ValueError:
            continue
        if o.get("path") == "<pooled>":
            pooled = o
    return pooled or {"verdict": "NO-POOLED-LINE"}


def main(argv=None, procs=None, doc=__doc__, default_seed=8):
    """The probe's CLI over `procs` (this probe's PROCS by default; probe 9 passes its own)."""
    PROCS = procs if procs is not None else globals()["PROCS"]
    ap_ = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap_.add_argument("out_dir")
    ap_.add_argument("--seed", type=int, default=default_seed)
    ap_.add_argument("--only", default="")
    ap_.add_argument("--mesascope", default="mesascope")
    ap_.add_argument("--gen-only", action="store_true", help="write inputs, do not score")
    a = ap_.parse_args(argv)
    names = [n for n in PROCS if not a.only or n in a.only.split(",")]
    unknown = set(filter(None, a.only.split(","))) - set(PROCS)
    if unknown:
        sys.exit(f"unknown process(es): {', '.join(sorted(unknown))}")
    os.makedirs(a.out_dir, exist_ok=True)
    master = random.Random(a.seed)
    key = {}
    order = list(names)
    master.shuffle(order)
    for name in order:
        rng = random.Random(f"{a.seed}:{name}")
        recs = PROCS[name][1](rng, {})
        rng.shuffle(recs)
        for r in recs:
            r["id"] = f"{master.getrandbits(32):08x}"
        d = os.path.join(a.out_dir, f"p{master.getrandbits(32):08x}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "in.jsonl"), "w") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        key[d] = name
    if a.gen_only:
        with open(os.path.join(a.out_dir, "key.json"), "w") as f:
            json.dump({os.path.basename(d): n for d, n in key.items()}, f, indent=1)
        return 0
    res = {d: run_proc(a.mesascope, d) for d in key}
    with open(os.path.join(a.out_dir, "key.json"), "w") as f:
        json.dump({os.path.basename(d): n for d, n in key.items()}, f, indent=1)
    rows = []
    for d in key:
        name = key[d]
        label = PROCS[name][0]
        v = res[d].get("verdict", "?")
        right = v.startswith("search") == (label == "search")
        rows.append(
            (
                name,
                label,
                v,
                res[d].get("n_decisions"),
                "ok" if right else "WRONG",
                os.path.basename(d),
            )
        )
    rows.sort(key=lambda r: list(PROCS).index(r[0]))
    print(f"seed {a.seed}")
    print(f"{'process':22} {'label':11} {'verdict':28} {'n_dec':>5}  right  dir")
    for r in rows:
        print(f"{r[0]:22} {r[1]:11} {r[2]!s:28} {r[3]!s:>5}  {r[4]:5}  {r[5]}")
    nw = sum(r[4] == "WRONG" for r in rows)
    print(f"{len(rows) - nw}/{len(rows)} right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
