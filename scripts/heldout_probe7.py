#!/usr/bin/env python3
"""Held-out probe 7 for `mesascope import reasoning` + `score --implicit --pool`.

Generates labelled processes (30 reasoning texts each), in styles written by reasoning
models (DeepSeek-R1 / QwQ / o1-like <think> traces) and by people, runs them through the
CLI and prints whether the pooled verdict is right: a search process must come out
`search-*`, a non-search one must not.

Every non-search process is the twin of a search process: same surface forms (intros,
judgement wordings, choice wordings, boilerplate), only the relation between the
judgements and the choice differs (random pick, always first / always last, answer an
attempt regardless of whether it reached 24).

The file layout is shuffled: every process goes to a directory with a random name and
its records get random ids, so no label reaches the tool. The key is written to
OUT_DIR/key.json only after scoring.

Usage:
    python scripts/heldout_probe7.py OUT_DIR [--seed N] [--only NAME,...]
        [--mesascope PATH] [--data CSV] [--jobs N]

Game24 puzzles come from ../shared/data/game24.csv (relative to the repo), which is
from the Tree of Thoughts repository (princeton-nlp/tree-of-thought-llm, MIT licence,
(c) 2023 Shunyu Yao). If the file is missing, a small built-in list is used.
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

N_TEXTS = 30

# ----------------------------------------------------------------------------- vocab

DOMAINS = [
    (
        "which database should back the new inventory service",
        ["Postgres", "MongoDB", "SQLite", "Cassandra", "DynamoDB"],
    ),
    (
        "how to get from Lyon to Milan on Friday",
        ["the train", "the night bus", "a rental car", "a flight via Paris", "a rideshare"],
    ),
    (
        "how to sort a nearly-sorted 10 GB log file",
        ["external merge sort", "insertion sort", "timsort", "heapsort", "radix sort"],
    ),
    ("whom to hire for the backend role", ["Amara", "Jonas", "Priya", "Tomasz", "Lena"]),
    (
        "which channel to spend the launch budget on",
        [
            "an email campaign",
            "a podcast sponsorship",
            "search ads",
            "a trade-show booth",
            "influencer posts",
        ],
    ),
    (
        "what to cook for eight guests tonight",
        ["the risotto", "the stir-fry", "the lasagna", "the tacos", "the curry"],
    ),
    (
        "how to cut read latency on the product API",
        ["a write-through cache", "a read replica", "a CDN", "a materialized view", "sharding"],
    ),
]
DIMS = [
    "speed",
    "cost",
    "reliability",
    "setup effort",
    "risk",
    "flexibility",
    "latency",
    "maintainability",
]

OPENERS = [
    "Okay, so the user is asking {q}. Let me think through this.",
    "Alright, {q}? Hmm.",
    "Let me work out {q}.",
    "Notes on {q}.",
    "So the question is {q}. Let me see.",
    "Hmm, {q}... okay, let me break this down.",
]

CHOICES = [
    "So I'll go with {c}.",
    "Decision: {c}.",
    "I'm going to pick {c}.",
    "Let's use {c}.",
    "Final answer: {c}.",
    "I'll recommend {c}.",
    "Going with {c} then.",
]

FILLERS = [
    "Hmm, wait.",
    "Let me reconsider for a second.",
    "Okay.",
    "Hmm.",
    "Let me think about this more carefully.",
    "Right.",
]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def intro(rng: random.Random, names: list[str]) -> str:
    k = rng.randrange(4)
    if k == 0:
        tail = (", and " if len(names) > 2 else " and ") + names[-1] + "."
        return "Options I can think of: " + ", ".join(names[:-1]) + tail
    if k == 1:
        return "\n".join(f"{i + 1}. {cap(n)}" for i, n in enumerate(names))
    if k == 2:
        parts = [f"First, {names[0]}."]
        mids = [
            "Another approach: {n}.",
            "Or maybe {n}.",
            "There's also {n}.",
            "Alternatively, {n}.",
        ]
        for n in names[1:]:
            parts.append(rng.choice(mids).format(n=n))
        return " ".join(parts)
    return "Candidates: " + " ".join(f"({chr(97 + i)}) {n}" for i, n in enumerate(names))


def pick_domain(rng):
    q, pool = rng.choice(DOMAINS)
    k = rng.choice([2, 3, 3, 4])
    names = rng.sample(pool, k)
    return q, names


def choose(rng, rule: str, quality: list[float]) -> int:
    """Index chosen. 'best' = argmax quality; others ignore quality."""
    k = len(quality)
    if rule == "best":
        return max(range(k), key=lambda i: quality[i])
    if rule == "random":
        return rng.randrange(k)
    if rule == "first":
        return 0
    if rule == "last":
        return k - 1
    raise ValueError(rule)


# ----------------------------------------------------------------------------- judgement styles
# each returns the sentence judging candidate i (quality rank r, 0 = best, of k)


def j_percent(rng, name, r, k, vals):
    p = vals[r]
    forms = [
        "For {n}, I'm about {p}% confident it holds up.",
        "{N}: maybe {p}% likely to work out.",
        "I'd put {n} at roughly {p}%.",
        "Confidence in {n}? About {p}%.",
    ]
    return rng.choice(forms).format(n=name, N=cap(name), p=p)


LETTERS = ["A", "A-", "B+", "B", "B-", "C+", "C", "D"]


def j_letter(rng, name, r, k, vals):
    g = vals[r]
    forms = [
        "{N}: {g}.",
        "{N} - {g}, honestly.",
        "I'd give {n} a {g}.",
        "{N}? {g} at best." if r else "{N}? Solid {g}.",
    ]
    return rng.choice(forms).format(n=name, N=cap(name), g=g)


def j_tenth(rng, name, r, k, vals):
    s = vals[r]
    forms = [
        "{N}: {s}/10.",
        "{N} rates maybe {s}/10.",
        "{N} gets {s}/10 from me.",
        "I'd score {n} {s}/10.",
    ]
    return rng.choice(forms).format(n=name, N=cap(name), s=s)


PRE_NAME = [  # by rank 0..4
    [
        "Far ahead of the rest is {n}.",
        "Clearly strongest is {n}.",
        "Head and shoulders above the others is {n}.",
    ],
    ["Pretty decent overall is {n}.", "Not bad at all is {n}.", "Respectable is {n}."],
    ["Somewhere in the middle sits {n}.", "Merely okay is {n}.", "So-so is {n}."],
    ["Barely passable is {n}.", "Weak, in my view, is {n}.", "Rather disappointing is {n}."],
    ["Clearly weakest is {n}.", "Dead last is {n}.", "Pretty much hopeless is {n}."],
]


def j_prename(rng, name, r, k, vals):
    # map rank among k to the 5 tiers, keeping best at 0 and worst at 4
    tier = 0 if r == 0 else (4 if r == k - 1 else 1 + (r - 1) * 2 // max(1, k - 2))
    return rng.choice(PRE_NAME[tier]).format(n=name)


STYLE_VALS = {
    "percent": lambda rng, k: sorted(rng.sample(range(20, 96, 5), k), reverse=True),
    "letter": lambda rng, k: [LETTERS[i] for i in sorted(rng.sample(range(len(LETTERS)), k))],
    "tenth": lambda rng, k: sorted(rng.sample(range(2, 10), k), reverse=True),
    "prename": lambda rng, k: list(range(k)),
}
STYLE_FN = {"percent": j_percent, "letter": j_letter, "tenth": j_tenth, "prename": j_prename}


def prose_comparisons(rng, names, rank):
    """Pairwise running-prose comparisons of adjacent ranks (and best vs worst)."""
    order = sorted(range(len(names)), key=lambda i: rank[i])
    pairs = [(order[j], order[j + 1]) for j in range(len(order) - 1)]
    if len(order) > 2 and rng.random() < 0.5:
        pairs.append((order[0], order[-1]))
    rng.shuffle(pairs)
    out = []
    forms = [
        "{A} beats {b} on {d1} but {b} is better on {d2}; overall {a} comes out ahead.",
        "{A} is worse than {b} on {d2}, though it wins on {d1}, and on balance {a} edges out {b}.",
        "Comparing {a} and {b}: {b} has the edge on {d2}, {a} on {d1}. Net, I'd rate {a} above {b}.",  # noqa: E501
        "{B} is cheaper to get going, sure, but it loses to {a} overall.",
        "Between {b} and {a}, {a} wins - {b}'s {d2} advantage doesn't make up for the gap in {d1}.",
    ]
    for a, b in pairs:
        d1, d2 = rng.sample(DIMS, 2)
        out.append(
            rng.choice(forms).format(
                a=names[a], b=names[b], A=cap(names[a]), B=cap(names[b]), d1=d1, d2=d2
            )
        )
    return out


# ----------------------------------------------------------------------------- option processes

INLINE_LABELS = [
    lambda i: f"Option {i + 1}:",
    lambda i: f"{i + 1}.",
    lambda i: f"({chr(97 + i)})",
    lambda i: f"Approach {chr(65 + i)}:",
]


def option_text(rng, style, rule, extra=None, inline=False):
    """Options + judgements in `style` + choice by `rule`. extra in
    {None, 'verify', 'restate'}. inline: each judgement right after its option."""
    q, names = pick_domain(rng)
    k = len(names)
    rank = list(range(k))
    rng.shuffle(rank)  # rank[i]: 0 = best
    quality = [-r for r in rank]
    parts = [rng.choice(OPENERS).format(q=q), intro(rng, names)]
    if inline:
        lab = rng.choice(INLINE_LABELS)
        if style == "passfail":
            js = [
                (
                    rng.choice(["It meets every requirement.", "It passes all the checks."])
                    if rank[i] == 0
                    else rng.choice(
                        [
                            "It fails the budget constraint.",
                            "It doesn't work here - it breaks the deadline.",
                        ]
                    )
                )
                for i in range(k)
            ]
        else:
            vals = STYLE_VALS[style](rng, k)
            js = [STYLE_FN[style](rng, names[i], rank[i], k, vals) for i in range(k)]
        parts[1:] = [f"{lab(i)} {cap(names[i])}. {js[i]}" for i in range(k)]
        js = []
    elif style == "prose":
        js = prose_comparisons(rng, names, rank)
    elif style == "passfail":
        js = []
        for i in rng.sample(range(k), k):
            if rank[i] == 0:
                js.append(
                    rng.choice(
                        [
                            "{N} meets every requirement.",
                            "{N} passes all the checks.",
                            "{N} satisfies the constraints.",
                        ]
                    ).format(N=cap(names[i]))
                )
            else:
                js.append(
                    rng.choice(
                        [
                            "{N} fails the budget constraint.",
                            "{N} doesn't work here - it breaks the deadline.",
                            "{N} is ruled out: it fails on {d}.",
                        ]
                    ).format(N=cap(names[i]), d=rng.choice(DIMS))
                )
    else:
        vals = STYLE_VALS[style](rng, k)
        idx = list(range(k))
        if rng.random() < 0.4:
            rng.shuffle(idx)
        js = [STYLE_FN[style](rng, names[i], rank[i], k, vals) for i in idx]
    for j in js:
        parts.append(j)
        if rng.random() < 0.2:
            parts.append(rng.choice(FILLERS))
    c = choose(rng, rule, quality)
    parts.append(rng.choice(CHOICES).format(c=names[c]))
    if extra == "restate":
        parts.append(
            rng.choice(
                [
                    "{C} it is - a solid option.",
                    "{C} should work nicely.",
                    "Yes, {c} is a great fit here.",
                    "Honestly {c} looks good to me now.",
                ]
            ).format(c=names[c], C=cap(names[c]))
        )
    if extra == "verify":
        parts.append(
            rng.choice(
                [
                    "Let me double-check: {c}, does it cover what was asked? ... yes, that's correct.",  # noqa: E501
                    "Wait, let me verify {c} once more. Yes, that holds up.",
                    "Double-checking {c}: the requirements are covered. Yes, that's right.",
                    "Let me re-read the question... {c} answers it. Good, confirmed.",
                ]
            ).format(c=names[c])
        )
    if not inline and "\n" in parts[1]:  # a numbered list stays on its own lines
        parts[1] = "\n" + parts[1] + "\n"
    sep = "\n\n" if rng.random() < 0.5 else " "
    return sep.join(parts), names[c], q


def rec_prompt(rng, text, ans, q):
    return {"text": text, "task": "prompt", "instance": None, "answer": ans, "prompt": cap(q) + "?"}


def make_option_proc(style, rule, extra=None, chat=None, inline=False):
    def gen(rng, ctx):
        out = []
        for _ in range(N_TEXTS):
            st = (
                style
                if style != "mixed"
                else rng.choice(["prose", "percent", "letter", "tenth", "prename"])
            )
            text, ans, q = option_text(rng, st, rule, extra, inline)
            if chat is None:
                out.append(rec_prompt(rng, text, ans, q))
            else:
                final = rng.choice(
                    ["I'd go with {a}.", "My recommendation: {a}.", "**Answer:** {a}"]
                ).format(a=ans)
                user = {"role": "user", "content": cap(q) + "?"}
                if chat == "think":
                    msg = {"role": "assistant", "content": f"<think>\n{text}\n</think>\n\n{final}"}
                else:
                    msg = {"role": "assistant", "content": final, "reasoning_content": text}
                out.append({"messages": [user, msg]})
        return out

    return gen


# ----------------------------------------------------------------------------- critique / revise

REV_TASKS = [
    (
        "a one-line tagline for a bike-repair shop",
        [
            "We fix bikes.",
            "Flat tyre? Fixed by lunch.",
            "Your ride, back on the road today.",
            "Wheels true, chains smooth, prices fair.",
            "Bikes repaired with care since 1998.",
            "Pedal in broken, ride out happy.",
        ],
    ),
    (
        "a subject line for the outage apology email",
        [
            "About yesterday",
            "We're sorry about Tuesday's outage",
            "Outage update and a credit for you",
            "What went wrong on Tuesday, and what we changed",
            "Apologies from the team",
            "Tuesday's downtime: our fix",
        ],
    ),
    (
        "a SQL query for last month's top customers",
        [
            "SELECT * FROM orders ORDER BY total DESC",
            "SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id",
            "SELECT customer_id, SUM(total) s FROM orders WHERE placed >= now() - interval '1 month' "  # noqa: E501
            "GROUP BY customer_id ORDER BY s DESC LIMIT 10",
            "SELECT customer_id FROM orders WHERE placed > '2024-01-01'",
            "SELECT customer_id, COUNT(*) FROM orders GROUP BY 1 ORDER BY 2 DESC",
        ],
    ),
    (
        "a name for the internal metrics dashboard",
        ["Dashboard2", "Pulse", "MetricsHub", "Lighthouse", "Gauge", "Northstar"],
    ),
]
FLAWS = [
    "too long",
    "too generic",
    "it misses the main point",
    "the tone is off",
    "it's ambiguous",
    "it doesn't answer the actual request",
    "it has a bug",
    "it's clunky",
]


def critique_text(rng, rule):
    q, pool = rng.choice(REV_TASKS)
    k = rng.choice([2, 3, 3, 4])
    drafts = rng.sample(pool, k)
    ok = k - 1 if rule == "best" and rng.random() < 0.6 else rng.randrange(k)
    labels = rng.choice(
        [
            [f"Draft {i + 1}:" for i in range(k)],
            ["First try:"] + ["Revised:"] * (k - 1),
            [f"v{i + 1}:" for i in range(k)],
            ["Attempt:"] + ["Better:"] * (k - 1),
        ]
    )
    parts = [rng.choice(OPENERS).format(q=q)]
    for i, d in enumerate(drafts):
        parts.append(f'{labels[i]} "{d}"')
        if i == ok:
            parts.append(
                rng.choice(
                    [
                        "That works - no problems I can see.",
                        "Good, this one is fine.",
                        "Reading it again: clear and correct. That's it.",
                        "Yes, that does the job.",
                    ]
                )
            )
        else:
            parts.append(
                rng.choice(
                    ["Hmm, no - {f}.", "Problem: {f}.", "Wait, {f}.", "Flaw: {f}. Let me revise."]
                ).format(f=rng.choice(FLAWS))
            )
    c = ok if rule == "best" else choose(rng, rule, [0] * k)
    if rule == "best" and c != k - 1:
        parts.append(
            rng.choice(
                [
                    "Going back to the earlier one.",
                    "Back to the version that worked.",
                    "Those later tweaks made it worse; reverting.",
                ]
            )
        )
    parts.append(
        rng.choice(['Final: "{d}"', 'Final answer: "{d}"', 'So the answer is "{d}".']).format(
            d=drafts[c]
        )
    )
    return "\n".join(parts), drafts[c], q


def make_critique_proc(rule):
    def gen(rng, ctx):
        out = []
        for _ in range(N_TEXTS):
            text, ans, q = critique_text(rng, rule)
            out.append(rec_prompt(rng, text, ans, q))
        return out

    return gen


# ----------------------------------------------------------------------------- game24

OPS = ["+", "-", "*", "/"]


def _apply(a, b, op):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b if b != 0 else None


def attempt_steps(nums, rng, want24):
    """Random left-to-right-ish attempt; return (steps list, expr, value).
    If want24, search until value == 24 (None if unsolvable)."""
    for _ in range(4000 if want24 else 200):
        vals = [(Fraction(n), str(n)) for n in nums]
        rng.shuffle(vals)
        steps = []
        ok = True
        while len(vals) > 1:
            i, j = rng.sample(range(len(vals)), 2)
            (a, ea), (b, eb) = vals[i], vals[j]
            op = rng.choice(OPS)
            v = _apply(a, b, op)
            if v is None or v < 0:
                ok = False
                break
            steps.append(f"{_fmt(a)} {'*' if op == '*' else op} {_fmt(b)} = {_fmt(v)}")
            vals = [x for t, x in enumerate(vals) if t not in (i, j)] + [(v, f"({ea} {op} {eb})")]
        if not ok:
            continue
        v, e = vals[0]
        if want24 and v == 24:
            return steps, e[1:-1] if e.startswith("(") else e, v
        if not want24 and v != 24:
            return steps, e[1:-1] if e.startswith("(") else e, v
    return None


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def solvable(nums):
    def rec(vs):
        if len(vs) == 1:
            return vs[0] == 24
        for i, j in itertools.permutations(range(len(vs)), 2):
            rest = [vs[t] for t in range(len(vs)) if t not in (i, j)]
            for op in OPS:
                v = _apply(vs[i], vs[j], op)
                if v is not None and rec([*rest, v]):
                    return True
        return False

    return rec([Fraction(n) for n in nums])


def load_puzzles(path):
    fallback = [
        "4 9 10 13",
        "1 4 8 8",
        "2 3 5 12",
        "3 3 8 8",
        "1 5 5 5",
        "4 4 6 8",
        "2 5 7 9",
        "3 4 6 7",
        "1 2 7 7",
        "5 6 7 8",
    ]
    try:
        with open(path, newline="") as f:
            ps = [row["Puzzles"] for row in csv.DictReader(f)]
    except OSError:
        ps = fallback
    return ps


RESTARTS = [
    "Wait,",
    "Hmm,",
    "Alternatively,",
    "Hmm, wait.",
    "Let me try something else.",
    "Okay, another idea:",
    "What if",
]


def game24_text(rng, puzzles, rule, check=0.5):
    while True:
        p = rng.choice(puzzles)
        nums = [int(x) for x in p.split()]
        good = attempt_steps(nums, rng, True)
        if good:
            break
    single = rule == "single"
    k = 1 if single else rng.randint(3, 7)
    attempts = []
    pos24 = 0 if single else (k - 1 if rng.random() < 0.5 else rng.randrange(k))
    for i in range(k):
        if i == pos24:
            attempts.append(good)
        else:
            a = attempt_steps(nums, rng, False)
            attempts.append(a)
    attempts = [a for a in attempts if a]
    pos24 = next(i for i, a in enumerate(attempts) if a[2] == 24)
    k = len(attempts)
    parts = [
        rng.choice(
            [
                "Okay, let's see. I need to make 24 from {p}.",
                "Alright, the numbers are {p}. I have to use each exactly once to get 24.",
                "So, {p}, and the target is 24. Let me think.",
            ]
        ).format(p=", ".join(map(str, nums)))
    ]
    for i, (steps, _expr, v) in enumerate(attempts):
        lead = "" if i == 0 else rng.choice(RESTARTS) + " "
        body = ", then ".join(steps) if rng.random() < 0.5 else ". ".join(steps)
        if v == 24:
            tail = rng.choice(
                ["That's 24! That works.", "Yes, 24.", "Oh nice, that gives 24.", "24. Perfect."]
            )
        else:
            tail = rng.choice(
                [
                    "That's {v}, not 24.",
                    "Hmm, {v}. Not quite.",
                    "{v}... no.",
                    "Gives {v}, which doesn't work.",
                ]
            ).format(v=_fmt(v))
        parts.append(f"{lead}{body}. {tail}")
        if i == pos24 and i < k - 1:
            parts.append(
                rng.choice(
                    [
                        "Let me see if there's another way too.",
                        "Just to explore a bit more:",
                        "Is there anything else?",
                    ]
                )
            )
    c = pos24 if rule in ("best", "single") else rng.randrange(k)
    expr = attempts[c][1]
    if rng.random() < check:
        parts.append(f"Let me double-check: {expr}. Yes, that's correct.")
    parts.append(
        rng.choice(
            ["**Answer:** {e} = 24", "Answer: {e} = 24", "So the answer is {e} = 24."]
        ).format(e=expr)
    )
    return "\n".join(parts), f"{expr} = 24", " ".join(map(str, nums))


def make_game24_proc(rule, chat=None, check=0.5):
    def gen(rng, ctx):
        out = []
        for _ in range(N_TEXTS):
            text, ans, inst = game24_text(rng, ctx["puzzles"], rule, check)
            if chat == "think":
                out.append(
                    {
                        "messages": [
                            {"role": "user", "content": f"Use {inst} to make 24."},
                            {"role": "assistant", "content": f"<think>\n{text}\n</think>\n\n{ans}"},
                        ],
                        "task": "game24",
                        "instance": inst,
                    }
                )
            else:
                out.append(
                    {
                        "text": text,
                        "task": "game24",
                        "instance": inst,
                        "answer": ans,
                        "prompt": None,
                    }
                )
        return out

    return gen


# ----------------------------------------------------------------------------- registry

PROCS = {
    # name: (label, generator)
    "prose_S": ("search", make_option_proc("prose", "best")),
    "prose_N_random": ("non-search", make_option_proc("prose", "random")),
    "critique_S": ("search", make_critique_proc("best")),
    "critique_N_last": ("non-search", make_critique_proc("last")),
    "verify_S": ("search", make_option_proc("tenth", "best", "verify")),
    "verify_N_random": ("non-search", make_option_proc("tenth", "random", "verify")),
    "restate_S": ("search", make_option_proc("passfail", "best", "restate")),
    "restate_N_random": ("non-search", make_option_proc("passfail", "random", "restate")),
    "percent_S": ("search", make_option_proc("percent", "best")),
    "percent_N_random": ("non-search", make_option_proc("percent", "random")),
    "letter_S": ("search", make_option_proc("letter", "best")),
    "letter_N_first": ("non-search", make_option_proc("letter", "first")),
    "tenth_S": ("search", make_option_proc("tenth", "best")),
    "tenth_N_last": ("non-search", make_option_proc("tenth", "last")),
    "prename_S": ("search", make_option_proc("prename", "best")),
    "prename_N_random": ("non-search", make_option_proc("prename", "random")),
    "inl_percent_S": ("search", make_option_proc("percent", "best", inline=True)),
    "inl_percent_N_random": ("non-search", make_option_proc("percent", "random", inline=True)),
    "inl_letter_S": ("search", make_option_proc("letter", "best", inline=True)),
    "inl_letter_N_first": ("non-search", make_option_proc("letter", "first", inline=True)),
    "inl_tenth_S": ("search", make_option_proc("tenth", "best", inline=True)),
    "inl_tenth_N_last": ("non-search", make_option_proc("tenth", "last", inline=True)),
    "inl_prename_S": ("search", make_option_proc("prename", "best", inline=True)),
    "inl_prename_N_random": ("non-search", make_option_proc("prename", "random", inline=True)),
    "inl_verify_S": ("search", make_option_proc("tenth", "best", "verify", inline=True)),
    "inl_verify_N_random": (
        "non-search",
        make_option_proc("tenth", "random", "verify", inline=True),
    ),
    "inl_restate_S": ("search", make_option_proc("passfail", "best", "restate", inline=True)),
    "inl_restate_N_random": (
        "non-search",
        make_option_proc("passfail", "random", "restate", inline=True),
    ),
    "game24_S": ("search", make_game24_proc("best")),
    "game24_N_random": ("non-search", make_game24_proc("random")),
    "game24_N_single": ("non-search", make_game24_proc("single")),
    "game24_S_nocheck": ("search", make_game24_proc("best", check=0.0)),
    "game24_N_random_nocheck": ("non-search", make_game24_proc("random", check=0.0)),
    "chat_think_S": ("search", make_option_proc("mixed", "best", chat="think")),
    "chat_think_N_random": ("non-search", make_option_proc("mixed", "random", chat="think")),
    "chat_rc_S": ("search", make_option_proc("mixed", "best", "verify", chat="rc")),
    "chat_rc_N_random": ("non-search", make_option_proc("mixed", "random", "verify", chat="rc")),
    "game24_think_S": ("search", make_game24_proc("best", chat="think")),
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


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", default="")
    ap.add_argument("--mesascope", default="mesascope")
    ap.add_argument(
        "--data", default=os.path.join(here, "..", "..", "shared", "data", "game24.csv")
    )
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args(argv)
    # the default is ../shared/data/game24.csv relative to the repo root
    names = [n for n in PROCS if not a.only or n in a.only.split(",")]
    unknown = set(filter(None, a.only.split(","))) - set(PROCS)
    if unknown:
        sys.exit(f"unknown process(es): {', '.join(sorted(unknown))}")
    ctx = {"puzzles": [p for p in load_puzzles(a.data) if solvable([int(x) for x in p.split()])]}
    os.makedirs(a.out_dir, exist_ok=True)
    master = random.Random(a.seed)
    key = {}
    order = list(names)
    master.shuffle(order)
    for name in order:
        rng = random.Random(f"{a.seed}:{name}")
        recs = PROCS[name][1](rng, ctx)
        rng.shuffle(recs)
        for r in recs:
            r["id"] = f"{master.getrandbits(32):08x}"
        d = os.path.join(a.out_dir, f"p{master.getrandbits(32):08x}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "in.jsonl"), "w") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")
        key[d] = name
    dirs = list(key)
    with ThreadPoolExecutor(max(1, a.jobs)) as ex:
        res = dict(zip(dirs, ex.map(lambda d: run_proc(a.mesascope, d), dirs), strict=False))
    with open(os.path.join(a.out_dir, "key.json"), "w") as f:
        json.dump({os.path.basename(d): n for d, n in key.items()}, f, indent=1)
    rows = []
    for d in dirs:
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
