#!/usr/bin/env python3
"""Held-out probe 11 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, the pick ignores the
evaluations):

free text (task "prompt"):
  agent_S / _N_last             coding-agent trace: patches applied one at a time, each
                                followed by "$ pytest -q ..." and its summary line
                                ("2 failed, 31 passed in 0.84s"); commit the clean one
  sql_S / _N_random             query variants, each with an EXPLAIN ANALYZE excerpt
                                (plan node, cost range, "Execution Time: 812.4 ms")
  hparam_S / _N_first           training-log lines "[run 3] lr=1e-3 bs=128 ... val_loss
                                0.388" (lower is better, implied); final config
  title_S / _N_random           headline drafts, each with an editor's quoted remark
  mcq_S / _N_random             multiple-choice question, each option checked "(B) ... -
                                yes, ..." / "(A) ... - no, ..."; answer letter
  quotes_S / _N_first           contractors' quotes with price, review score and start
                                date (the best is cheapest and best-reviewed)
  translate_S / _N_random       candidate translations of one sentence judged for fluency
                                and meaning
  proof_S / _N_first            proof strategies tried in turn, abandoned or carried
                                through; write up the one that went through
  fitcheck_S / _N_random        candidate models checked against a measured point
                                ("predicts 47.9, measured 41.2 - 16% off")
  movesearch_S / _N_random      chess-like puzzle, candidate moves followed in prose with
                                their refutations ("1.Rd8? Rxd8 and nothing follows")
non-search only (free text):
  decidefirst_N                 the pick is announced first, then every option is judged
                                as after-the-fact justification (the pick comes out best)
  coin_N                        options evaluated, then "they're close enough", coin flip
                                or gut feeling decides
  facts_N                       options listed with neutral facts (weights, places,
                                colours), no judgement, one picked
  praiseafter_N                 one option chosen at once; a summary praises it; others
                                named only as not looked at
game24 (solvable puzzles, checked with probe 8's Fraction solver):
  g24_table_S / _N_random       markdown table "| # | expression | value |" of tries;
                                answer = the row equal to 24 / a random row
  g24_back_S / _N_first         working backwards from 24 = a x b / a + b, each split of
                                the numbers into two pairs tried; answer = the split that
                                works / the first split tried

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe11.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction

from heldout_probe8 import (  # the shared helpers: records, picks, arithmetic
    ap,
    cap,
    fm,
    make_g24_proc,
    make_puzzle,
    make_text_proc,
    pick,
    rand_expr,
    ranks,
)

N_TEXTS = 30


class Sticky:
    """One choice per text for each list of line formats (a writer keeps one layout)."""

    def __init__(self, rng):
        self.rng, self.memo = rng, {}

    def __call__(self, opts):
        key = tuple(opts)
        if key not in self.memo:
            self.memo[key] = self.rng.choice(opts)
        return self.memo[key]


def tier(rk_i, k):
    return 0 if rk_i == 0 else (2 if rk_i == k - 1 else 1)


# ----------------------------------------------------------------------------- agent

AGENT_BUGS = [
    (
        "test_parse_dates fails for 29 February",
        "tests/test_dates.py",
        [
            "clamp the day to the month length in parse_date()",
            "use calendar.isleap() instead of year % 4",
            "parse with datetime.strptime and drop the hand-rolled parser",
            "special-case February in normalise_day()",
            "store dates as ordinal days internally",
        ],
    ),
    (
        "the CSV exporter double-escapes quotes",
        "tests/test_export.py",
        [
            "pass quoting=csv.QUOTE_MINIMAL to the writer",
            "remove the manual .replace('\"', '\"\"') call",
            "switch to csv.DictWriter",
            "escape only in the legacy code path",
        ],
    ),
    (
        "retry decorator swallows KeyboardInterrupt",
        "tests/test_retry.py",
        [
            "catch Exception instead of BaseException",
            "re-raise KeyboardInterrupt and SystemExit explicitly",
            "add an allow-list of retryable exception types",
            "move the retry loop into a context manager",
            "wrap the call in a try/finally",
        ],
    ),
]


def t_agent(rng, rule):
    bug, tf, patches = rng.choice(AGENT_BUGS)
    k = rng.randint(2, len(patches))
    ps = rng.sample(patches, k)
    rk = ranks(rng, k)
    total = rng.randint(18, 60)
    fails = [0, *sorted(rng.sample(range(1, 9), k - 1))]
    parts = [
        rng.choice(
            [
                "Task: {b}. Reproduced locally.",
                "Issue #{n}: {b}.",
                "Looking into the failing CI job ({b}).",
            ]
        ).format(b=bug, n=rng.randint(100, 999))
    ]
    for i, p in enumerate(ps):
        f = fails[rk[i]]
        secs = f"{rng.uniform(0.4, 3.0):.2f}s"
        summ = (
            f"{total - f} passed in {secs}"
            if f == 0
            else f"{f} failed, {total - f} passed in {secs}"
        )
        lead = rng.choice(
            [
                "Edit {i}: {p}.",
                "Let me try to {p}.",
                "Next attempt - {p}.",
                "Applying: {p}.",
            ]
        ).format(i=i + 1, p=p)
        cmd = rng.choice([f"$ pytest -q {tf}", f"$ python -m pytest -q {tf}", "$ pytest -q -x"])
        parts.append(f"{lead}\n{cmd}\n{summ}")
        if i < k - 1:
            parts.append(
                rng.choice(["git stash", "Reverting that for now.", "$ git checkout -- .", ""])
            )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Re-applying the change that does this: {p}, then git commit.",
                "Final diff: {p}.",
                "Opening the PR with: {p}.",
            ]
        ).format(p=ps[c])
    )
    return "\n".join(x for x in parts if x), ps[c], f"how to fix: {bug}"


# ----------------------------------------------------------------------------- sql

SQL_VARIANTS = [
    ("add a btree index on orders(customer_id)", "Index Scan using orders_customer_idx on orders"),
    ("rewrite the IN (SELECT ...) as a JOIN", "Hash Join"),
    ("pull the filter into a CTE", "CTE Scan on recent"),
    ("add a partial index WHERE status = 'open'", "Bitmap Heap Scan on orders"),
    ("denormalise the total onto the orders row", "Seq Scan on orders"),
    ("replace the OR with a UNION ALL", "Append"),
]


def t_sql(rng, rule):
    k = rng.randint(2, 5)
    vs = rng.sample(SQL_VARIANTS, k)
    rk = ranks(rng, k)
    times = sorted(round(rng.uniform(3, 4000), 1) for _ in range(k))
    while len(set(times)) < k:
        times = sorted(round(rng.uniform(3, 4000), 1) for _ in range(k))
    parts = [
        rng.choice(
            [
                "The dashboard query for open orders per customer is slow. Trying variants.",
                "Slow query report: open_orders_by_customer. Variants below, each run with "
                "EXPLAIN ANALYZE on the staging copy.",
                "Tuning the open-orders query.",
            ]
        )
    ]
    st = Sticky(rng)
    for i, (desc, node) in enumerate(vs):
        t = times[rk[i]]
        lo = round(rng.uniform(0, 50), 2)
        hi = round(t * rng.uniform(8, 12), 2)
        rows = rng.randint(200, 90000)
        parts.append(
            st(["Variant {i}: {d}", "({i}) {d}", "v{i} - {d}"]).format(i=i + 1, d=desc)
            + f"\n  ->  {node}  (cost={lo}..{hi} rows={rows} width={rng.choice([16, 24, 40])})"
            + f"\n  Execution Time: {t} ms"
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            ["Shipping variant {i}.", "Going with v{i} in the migration.", "Merged: variant {i}."]
        ).format(i=c + 1)
        + f" ({vs[c][0]})"
    )
    return "\n".join(parts), vs[c][0], "how to speed up the open orders query"


# ----------------------------------------------------------------------------- hparam

LRS = ["1e-4", "3e-4", "1e-3", "3e-3", "5e-5"]


def t_hparam(rng, rule):
    k = rng.randint(3, 5)
    cfgs = set()
    while len(cfgs) < k:
        cfgs.add(
            (
                rng.choice(LRS),
                rng.choice([32, 64, 128, 256]),
                rng.choice(["0.0", "0.1", "0.2", "0.3"]),
            )
        )
    cfgs = list(cfgs)
    rng.shuffle(cfgs)
    rk = ranks(rng, k)
    losses = sorted(round(rng.uniform(0.28, 0.95), 3) for _ in range(k))
    while len(set(losses)) < k:
        losses = sorted(round(rng.uniform(0.28, 0.95), 3) for _ in range(k))
    ep = rng.choice([10, 20, 30])
    parts = [
        rng.choice(
            [
                "Sweep for the intent classifier, {e} epochs each, same seed.",
                "Small grid on the sentiment model ({e} epochs per run).",
                "Hyperparameter runs from last night, {e} epochs:",
            ]
        ).format(e=ep)
    ]
    for i, (lr, bs, do) in enumerate(cfgs):
        v = losses[rk[i]]
        tr = round(v * rng.uniform(0.5, 0.9), 3)
        parts.append(
            f"[run {i + 1}] lr={lr} bs={bs} dropout={do} | epoch {ep} | "
            f"train_loss {tr} val_loss {v}"
        )
    c = pick(rng, rule, rk)
    lr, bs, do = cfgs[c]
    cfg = f"lr={lr} bs={bs} dropout={do}"
    parts.append(
        rng.choice(
            [
                "Using run {i}'s config for the full training: {c}.",
                "Final config: {c} (run {i}).",
                "Launching the long run with {c}.",
            ]
        ).format(i=c + 1, c=cfg)
    )
    return "\n".join(parts), cfg, "which hyperparameters to train the final model with"


# ----------------------------------------------------------------------------- title

TITLES = [
    "How We Cut Our AWS Bill in Half",
    "Lessons From a Year of On-Call",
    "Why Our Monolith Stayed a Monolith",
    "The Migration Nobody Noticed",
    "Ten Things I Wish I'd Known About Postgres",
    "You Probably Don't Need Microservices",
    "What Breaking Production Taught Me",
]
EDITORS = ["Maya", "the editor", "Tom from comms", "Priya"]
REMARKS = [
    [
        "love it, clear and it makes me want to click",
        "this is the one - short, concrete, honest",
        "strong; says exactly what the post delivers",
    ],
    [
        "fine, a bit generic",
        "okay, but I've seen this headline a hundred times",
        "serviceable, not memorable",
    ],
    [
        "too clickbaity, readers will feel cheated",
        "misleading - the post doesn't really say that",
        "way too long and it buries the point",
    ],
]


def t_title(rng, rule):
    k = rng.randint(3, 5)
    ts = rng.sample(TITLES, k)
    rk = ranks(rng, k)
    ed = rng.choice(EDITORS)
    parts = [
        rng.choice(
            [
                "Headline options for Thursday's engineering blog post. Ran them past {e}.",
                "Need a title for the post. Drafts, with {e}'s comments:",
                "Title brainstorm, then feedback from {e}.",
            ]
        ).format(e=ed)
    ]
    st = Sticky(rng)
    for i, t in enumerate(ts):
        r = rng.choice(REMARKS[tier(rk[i], k)])
        parts.append(
            st(['{i}. "{t}" - {e}: "{r}"', 'Draft {i}: "{t}"\n   {E}: {r}.']).format(
                i=i + 1, t=t, e=ed, E=cap(ed), r=r
            )
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(['Running with "{t}".', 'Title: "{t}".', 'Sent "{t}" to the CMS.']).format(
            t=ts[c]
        )
    )
    return "\n".join(parts), ts[c], "which headline to use for the blog post"


# ----------------------------------------------------------------------------- mcq

MCQ = [
    (
        "Which gas makes up most of Earth's atmosphere?",
        [
            ("Oxygen", "no, that's only about 21%"),
            ("Nitrogen", "yes, roughly 78% by volume"),
            ("Argon", "no, under 1%"),
            ("Carbon dioxide", "no, it's a trace gas, ~0.04%"),
            ("Hydrogen", "no, it escapes to space; almost none"),
        ],
    ),
    (
        "What is the time complexity of binary search on a sorted array?",
        [
            ("O(n)", "no, that's linear scan"),
            ("O(log n)", "yes, the interval halves each step"),
            ("O(n log n)", "no, that's sorting"),
            ("O(1)", "no, you can't find an arbitrary element in constant time"),
            ("O(n^2)", "no, far too slow, nothing quadratic here"),
        ],
    ),
    (
        "Which planet has the shortest year?",
        [
            ("Venus", "no, 225 days"),
            ("Mars", "no, 687 days"),
            ("Mercury", "yes, 88 days, it's closest to the Sun"),
            ("Earth", "no, 365 days, obviously"),
            ("Jupiter", "no, about 12 years"),
        ],
    ),
    (
        "In HTTP, which status code means 'Not Found'?",
        [
            ("401", "no, that's Unauthorized"),
            ("403", "no, Forbidden"),
            ("404", "yes, Not Found"),
            ("500", "no, server error"),
            ("302", "no, a redirect"),
        ],
    ),
    (
        "What is 15% of 240?",
        [
            ("32", "no, 10% is 24 and 5% is 12, so it's more"),
            ("36", "yes, 24 + 12 = 36"),
            ("38", "no, overshoots 24 + 12"),
            ("24", "no, that's 10%"),
            ("40", "no, that would be about 16.7%"),
        ],
    ),
]


def t_mcq(rng, rule):
    qtext, opts = rng.choice(MCQ)
    right = next(o for o in opts if o[1].startswith("yes"))
    wrong = [o for o in opts if o is not right]
    k = rng.randint(3, 5)
    chosen = [*rng.sample(wrong, k - 1), right]
    rng.shuffle(chosen)
    rk = [0 if o is right else 1 + i for i, o in enumerate(chosen)]
    parts = [
        rng.choice(["Question: {q}", "{q} Let me check each option.", "Q: {q}"]).format(q=qtext),
        " ".join(f"({chr(65 + i)}) {o[0]}" for i, o in enumerate(chosen)),
    ]
    sep = rng.choice(["\n", "; ", " "])
    checks = []
    st = Sticky(rng)
    for i, (o, why) in enumerate(chosen):
        checks.append(
            st(["({L}) {o} - {w}.", "({L}) {o}: {w}.", "{o}? {W}."]).format(
                L=chr(65 + i), o=o, w=why, W=cap(why)
            )
        )
    if sep == "; ":
        checks = [x.rstrip(".") for x in checks]
    parts.append(sep.join(checks))
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(["Answer: ({L})", "So the answer is ({L}) {o}.", "**({L})**"]).format(
            L=chr(65 + c), o=chosen[c][0]
        )
    )
    return "\n".join(parts), f"({chr(65 + c)}) {chosen[c][0]}", qtext


# ----------------------------------------------------------------------------- quotes

FIRMS = [
    "Hendricks Roofing",
    "Peak & Sons",
    "A1 Roof Care",
    "Morales Contracting",
    "Skyline Exteriors",
]


def t_quotes(rng, rule):
    k = rng.randint(2, 5)
    fs = rng.sample(FIRMS, k)
    rk = ranks(rng, k)
    prices = sorted(rng.sample(range(62, 140), k))  # x100 pounds, best cheapest
    scores = sorted(rng.sample(range(30, 50), k), reverse=True)  # /10, best highest
    parts = [
        rng.choice(
            [
                "Quotes for re-roofing the back extension came in.",
                "Got the roofing quotes back, writing them up for Sam.",
                "Roof job - comparing who to hire.",
            ]
        )
    ]
    st = Sticky(rng)
    for i, f in enumerate(fs):
        r = rk[i]
        parts.append(
            st(
                [
                    "- {f}: \u00a3{p:,}, {s} on Checkatrade ({n} reviews), can start in {w} weeks.",
                    "{f} quoted \u00a3{p:,}; reviews average {s}/5 over {n} jobs; "
                    "earliest start {w} weeks.",
                ]
            ).format(
                f=f,
                p=prices[r] * 100,
                s=scores[r] / 10,
                n=rng.randint(15, 300),
                w=rng.randint(2, 6),
            )
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(["Booking {f}.", "Calling {f} back to accept.", "Decision: {f}."]).format(
            f=fs[c]
        )
    )
    return "\n".join(parts), fs[c], "which roofer to hire"


# ----------------------------------------------------------------------------- translate

TRANS = [
    (
        "Es regnet in Stroemen.",
        [
            ("It's pouring.", 0, "natural, exactly what an English speaker would say"),
            ("It is raining in streams.", 2, "word-for-word, nobody says that"),
            ("The rain is streaming.", 1, "understandable but a bit odd"),
            ("It rains currents.", 2, "wrong - 'Stroeme' isn't currents here, sounds broken"),
            ("It's raining heavily.", 1, "correct meaning, a little flat"),
        ],
    ),
    (
        "Das ist nicht mein Bier.",
        [
            ("That's not my beer.", 2, "literal, loses the idiom completely"),
            ("Not my problem.", 0, "spot on, same register and meaning"),
            ("That does not concern me.", 1, "right meaning, too stiff for the dialogue"),
            ("This beer isn't mine.", 2, "wrong, it reads as being about actual beer"),
        ],
    ),
    (
        "Ich verstehe nur Bahnhof.",
        [
            ("I only understand train station.", 2, "nonsense in English"),
            ("It's all Greek to me.", 0, "the equivalent idiom, reads naturally"),
            ("I don't understand anything.", 1, "accurate but bland"),
            ("I understand only the station.", 2, "literal and confusing"),
        ],
    ),
]


def t_translate(rng, rule):
    src, cands = rng.choice(TRANS)
    best = [x for x in cands if x[1] == 0]
    rest = [x for x in cands if x[1] != 0]
    k = rng.randint(2, min(4, len(cands)))
    cs = [*best, *rng.sample(rest, k - 1)]
    rng.shuffle(cs)
    rk = [x[1] * 10 + i for i, x in enumerate(cs)]
    rk = [sorted(rk).index(v) for v in rk]
    parts = [
        rng.choice(
            [
                'Translating "{s}" for the subtitles.',
                'Source line: "{s}". A few renderings:',
                'How to put "{s}" into English for the novel?',
            ]
        ).format(s=src)
    ]
    st = Sticky(rng)
    for i, (t, _q, note) in enumerate(cs):
        parts.append(
            st(['{i}) "{t}" - {n}.', '"{t}": {n}.', 'Option {i}, "{t}" - {n}.']).format(
                i=i + 1, t=t, n=note
            )
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(['Using "{t}".', 'Final: "{t}"', 'I\'ll go with "{t}".']).format(t=cs[c][0])
    )
    return "\n".join(parts), cs[c][0], f'how to translate "{src}"'


# ----------------------------------------------------------------------------- proof

PROOFS = [
    (
        "that there are infinitely many primes of the form 4k+3",
        [
            (
                "induction on k",
                "but the step from k to k+1 says nothing about primality. Stuck, dropping it",
            ),
            ("a density argument", "needs Dirichlet, far too heavy for this. Abandoned"),
            (
                "Euclid-style: N = 4*p1*...*pn - 1",
                "N is 3 mod 4, so it has a prime factor 3 mod 4 not in the list. That goes through",
            ),
            (
                "looking at squares mod 4",
                "squares are 0 or 1 mod 4, which doesn't constrain primes enough. Dead end",
            ),
        ],
    ),
    (
        "that sqrt(2) + sqrt(3) is irrational",
        [
            ("bounding it between two rationals", "that proves nothing about irrationality. Scrap"),
            (
                "squaring: if it were r, then 5 + 2*sqrt(6) = r^2",
                "so sqrt(6) would be rational, contradiction. Works",
            ),
            ("a decimal expansion argument", "I can't control the digits. Gave up on it"),
            ("continued fractions", "too messy to do by hand, abandoned halfway"),
        ],
    ),
    (
        "that every tree with n vertices has n-1 edges",
        [
            ("counting degrees", "sum of degrees is 2E but I can't pin E without more. Stuck"),
            (
                "induction, removing a leaf",
                "a tree with n >= 2 has a leaf; remove it, apply the hypothesis, add one edge "
                "back. Goes through cleanly",
            ),
            (
                "contradiction via a cycle",
                "I get a cycle only if E >= n, the other direction stays open. "
                "Half a proof, dropped",
            ),
            ("matrix-tree theorem", "overkill, and I'd still need to set it up. Not pursuing"),
        ],
    ),
]


def t_proof(rng, rule):
    goal, strats = rng.choice(PROOFS)
    good = next(s for s in strats if any(w in s[1] for w in ("through", "Works")))
    bad = [s for s in strats if s is not good]
    k = rng.randint(2, 4)
    ss = [*rng.sample(bad, k - 1), good]
    rng.shuffle(ss)
    rk = [0 if s is good else 1 + i for i, s in enumerate(ss)]
    parts = [rng.choice(["Want to show {g}.", "Goal: prove {g}.", "Exercise: {g}."]).format(g=goal)]
    for i, (s, out) in enumerate(ss):
        parts.append(
            rng.choice(["Attempt {i}: {s} - {o}.", "Try {s}: {o}.", "What about {s}? {O}."]).format(
                i=i + 1, s=s, o=out, O=cap(out)
            )
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            ["Writing up the proof via {s}.", "Proof: by {s}.", "So the write-up uses {s}."]
        ).format(s=ss[c][0])
    )
    return "\n".join(parts), ss[c][0], f"how to prove {goal}"


# ----------------------------------------------------------------------------- fitcheck

MODELS = [
    "Newton cooling with k = 0.05/min",
    "Newton cooling with k = 0.08/min",
    "a linear drop of 1.2 degC per minute",
    "a two-stage exponential",
    "Newton cooling with k = 0.03/min",
    "the lookup table from the vendor",
]


def t_fitcheck(rng, rule):
    k = rng.randint(2, 5)
    ms = rng.sample(MODELS, k)
    rk = ranks(rng, k)
    meas = round(rng.uniform(35, 55), 1)
    errs = sorted(rng.sample(range(1, 60), k))  # percent, best smallest
    parts = [
        rng.choice(
            [
                "Which cooling model to use for the kettle report? Checked each against the "
                "reading at t = 30 min (measured {m} degC).",
                "Measured {m} degC after 30 minutes. Candidate models, predicted vs measured:",
                "Sanity-checking models against one data point: {m} degC at 30 min.",
            ]
        ).format(m=meas)
    ]
    st = Sticky(rng)
    for i, m in enumerate(ms):
        e = errs[rk[i]]
        sign = rng.choice([1, -1])
        pred = round(meas * (1 + sign * e / 100), 1)
        parts.append(
            st(
                [
                    "- {M}: predicts {p}, measured {m} -> {e}% off.",
                    "{M} gives {p} degC; that's {e}% {d}.",
                    "* {M}: {p} (error {e}%)",
                ]
            ).format(M=cap(m), p=pred, m=meas, e=e, d="high" if sign > 0 else "low")
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(["Going with {m} for the report.", "Using {m}.", "Model: {m}."]).format(m=ms[c])
    )
    return "\n".join(parts), ms[c], "which cooling model to use"


# ----------------------------------------------------------------------------- movesearch

MOVES = ["Qxh7+", "Nf6+", "Rd8", "Bxg7", "Re7", "Ng5", "Qg4", "Rxf7", "Bb5"]
MOVE_OUT = [
    [
        "after ...gxf6 Qg4+ Kh8 Qh4 the mate on h7 can't be stopped. This wins",
        "the king is dragged out and Rd3-h3 is mate. That's it",
        "every defence loses the queen or gets mated in two. Winning",
    ],
    [
        "...Kh8 and it's roughly equal, nothing forced",
        "Black just plays ...Qe7 and holds; unclear",
        "I win a pawn at best, the attack fizzles",
    ],
    [
        "...Rxd8 and I'm simply a rook down",
        "...Qxg5 and I've hung a piece",
        "...Kxh7 and there is no follow-up, I've thrown the queen away",
    ],
]


def t_movesearch(rng, rule):
    k = rng.randint(3, 5)
    ms = rng.sample(MOVES, k)
    rk = ranks(rng, k)
    parts = [
        rng.choice(
            [
                "White to move. King on g8 looks thin.",
                "Puzzle from the club sheet, White to play and win.",
                "Position after 23...Rfe8, my move as White.",
            ]
        )
    ]
    for i, m in enumerate(ms):
        out = rng.choice(MOVE_OUT[tier(rk[i], k)])
        parts.append(
            rng.choice(
                ["If {m}, {o}.", "What about {m}? {O}.", "{m}: {o}.", "Then 1.{m} - {o}."]
            ).format(m=m, o=out, O=cap(out))
        )
    c = pick(rng, rule, rk)
    parts.append(rng.choice(["So 1.{m}.", "Playing {m}.", "Move: {m}."]).format(m=ms[c]))
    return (
        " ".join(parts) if rng.random() < 0.5 else "\n".join(parts),
        ms[c],
        "what White should play",
    )


# ----------------------------------------------------------------------------- non-search only

NS_TOPICS = [
    (
        "which e-bike to buy for the commute",
        ["the Brompton Electric", "the VanMoof S5", "the Cube Kathmandu", "the Trek Allant+"],
    ),
    ("which CI service to move to", ["GitHub Actions", "CircleCI", "Buildkite", "GitLab CI"]),
    (
        "which caterer to book for the launch",
        ["Bella Cucina", "Green Fork", "Smoke & Salt", "Dumpling House"],
    ),
]
NS_GOOD = [
    "it's reliable",
    "the price is right",
    "the team likes it",
    "it's quick to set up",
    "support is good",
]
NS_BAD = [
    "it's expensive",
    "the wait is long",
    "reviews are mixed",
    "setup is fiddly",
    "support is slow",
]


def t_decidefirst(rng, rule):
    q, pool = rng.choice(NS_TOPICS)
    names = rng.sample(pool, rng.randint(3, 4))
    c = rng.randrange(len(names))
    parts = [
        rng.choice(
            [
                "Going with {c} for {q} - already told the team.",
                "Decided on {c} ({q}).",
                "{C}. That's the call on {q}.",
            ]
        ).format(c=names[c], C=cap(names[c]), q=q),
        rng.choice(
            [
                "For the record, why:",
                "Justifying it after the fact:",
                "Writing down reasons so it's documented:",
            ]
        ),
    ]
    for i, n in enumerate(names):
        if i == c:
            parts.append(f"- {cap(n)}: {' and '.join(rng.sample(NS_GOOD, 2))}.")
        else:
            parts.append(f"- {cap(n)}: {rng.choice(NS_BAD)}.")
    return "\n".join(parts), names[c], q


def t_coin(rng, rule):
    q, pool = rng.choice(NS_TOPICS)
    names = rng.sample(pool, rng.randint(2, 4))
    parts = [rng.choice(["Thinking about {q}.", "On {q}:"]).format(q=q)]
    for n in names:
        g, b = rng.sample(range(len(NS_GOOD)), 2)
        parts.append(f"{cap(n)} - {NS_GOOD[g]}, but {NS_BAD[b]}.")
    c = rng.randrange(len(names))
    parts.append(
        rng.choice(
            [
                "Honestly they're close enough that I flipped a coin: {c}.",
                "Can't separate them on paper, so going on gut feeling: {c}.",
                "Let the dice decide - rolled for it, {c} came up.",
                "No clear winner. Picked {c} out of a hat.",
            ]
        ).format(c=names[c])
    )
    return "\n".join(parts), names[c], q


FACTS = [
    "weighs {w} kg",
    "ships from {p}",
    "comes in {col}",
    "founded in {y}",
    "has a {n}-page manual",
]


def t_facts(rng, rule):
    q, pool = rng.choice(NS_TOPICS)
    names = rng.sample(pool, rng.randint(2, 5) if len(pool) >= 5 else rng.randint(2, len(pool)))
    parts = [
        rng.choice(
            ["Notes on {q}.", "Facts gathered for {q}:", "Re {q} - what I know so far."]
        ).format(q=q)
    ]
    for n in names:
        fs = rng.sample(FACTS, 2)
        vals = {
            "w": rng.randint(2, 30),
            "p": rng.choice(["Leeds", "Porto", "Taipei", "Utrecht"]),
            "col": rng.choice(["grey", "blue", "matt black"]),
            "y": rng.randint(1980, 2020),
            "n": rng.randint(8, 120),
        }
        parts.append(f"{cap(n)}: " + ", ".join(f.format(**vals) for f in fs) + ".")
    c = rng.randrange(len(names))
    parts.append(
        rng.choice(["Ordering {c}.", "Put down {c} on the form.", "{C} it is."]).format(
            c=names[c], C=cap(names[c])
        )
    )
    return "\n".join(parts), names[c], q


def t_praiseafter(rng, rule):
    q, pool = rng.choice(NS_TOPICS)
    names = rng.sample(pool, 3)
    c = names[0]
    parts = [
        rng.choice(
            ["{C} - decided the moment it came up for {q}.", "For {q}, I just went with {c}."]
        ).format(c=c, C=cap(c), q=q),
        rng.choice(
            [
                "Didn't really look at {a} or {b}.",
                "{A} and {b} were mentioned but I never checked them.",
            ]
        ).format(a=names[1], A=cap(names[1]), b=names[2]),
        rng.choice(
            [
                "In hindsight it's a great choice: {g1}, and {g2}.",
                "Happy with it - {g1}; also {g2}.",
            ]
        ).format(**dict(zip(("g1", "g2"), rng.sample(NS_GOOD, 2), strict=True))),
        rng.choice(["Final: {c}.", "So, {c}."]).format(c=c),
    ]
    return "\n".join(parts), c, q


# ----------------------------------------------------------------------------- game24


def g24_intro(rng, nums):
    return rng.choice(
        [
            "Make 24 from {p} (each once, + - * /).",
            "24 game, hand: {p}.",
            "Cards dealt: {p}. Looking for 24.",
        ]
    ).format(p=", ".join(map(str, nums)))


def t_g24_table(rng, rule):
    nums = make_puzzle(rng)
    while True:
        r = rand_expr(rng, nums)
        if r and r[0] == 24:
            good = r
            break
    k = rng.randint(3, 6)
    rows = []
    while len(rows) < k - 1:
        r = rand_expr(rng, nums)
        if r and r[0] != 24:
            rows.append(r)
    pos = rng.randrange(k)
    rows.insert(pos, good)
    parts = [g24_intro(rng, nums), "", "| # | expression | value |", "|---|---|---|"]
    for i, (v, e) in enumerate(rows):
        parts.append(f"| {i + 1} | {e} | {fm(v)} |")
    c = pos if rule == "best" else rng.randrange(k)
    parts.append("")
    parts.append(
        rng.choice(["Row {i}: {e} = 24", "Answer: {e} = 24", "Use #{i}: {e} = 24"]).format(
            i=c + 1, e=rows[c][1]
        )
    )
    return "\n".join(parts), f"{rows[c][1]} = 24", " ".join(map(str, nums))


def pair_vals(a, b):
    """(value, expr) made by one operation on a pair of numbers."""
    out = {}
    for x, y in ((a, b), (b, a)):
        for op in "+-*/":
            v = ap(Fraction(x), Fraction(y), op)
            if v is not None and v > 0:
                out.setdefault(v, f"{x}{op}{y}")
    return out


def t_g24_back(rng, rule):
    while True:
        nums = make_puzzle(rng)
        splits = []
        seen = set()
        for p in itertools.permutations(range(4)):
            s = (tuple(sorted((p[0], p[1]))), tuple(sorted((p[2], p[3]))))
            key = tuple(sorted(s))
            if key in seen:
                continue
            seen.add(key)
            splits.append(s)
        hits, misses = [], []
        for (i, j), (m, n) in splits:
            A = pair_vals(nums[i], nums[j])
            B = pair_vals(nums[m], nums[n])
            found = None
            for va, ea in A.items():
                for vb, eb in B.items():
                    for op in "*+-/":
                        v = ap(va, vb, op)
                        if v is not None and v == 24:
                            found = (f"({ea}){op}({eb})", fm(va), op, fm(vb))
                            break
                    if found:
                        break
                if found:
                    break
            pa, pb = (nums[i], nums[j]), (nums[m], nums[n])
            if found:
                hits.append((pa, pb, found))
            else:
                va, ea = rng.choice(list(A.items()))
                vb, eb = rng.choice(list(B.items()))
                op = rng.choice("*+")
                v = ap(va, vb, op)
                if v != 24:
                    misses.append((pa, pb, (f"({ea}){op}({eb})", fm(va), op, fm(vb)), fm(v)))
        if hits and len(misses) >= 1:
            break
    good = rng.choice(hits)
    atts = rng.sample(misses, min(len(misses), rng.randint(1, 3)))
    pos = rng.randrange(len(atts) + 1)
    atts.insert(pos, good)
    if rule == "first" and pos == 0 and len(atts) > 1:
        atts[0], atts[1] = atts[1], atts[0]
        pos = 1
    parts = [
        g24_intro(rng, nums),
        rng.choice(
            ["Working backwards: split into two pairs.", "Backwards from 24 - which pairing works?"]
        ),
    ]
    for a in atts:
        pa, pb, (e, va, op, vb) = a[0], a[1], a[2]
        if len(a) == 3:
            parts.append(
                rng.choice(
                    [
                        "{a} with {b}: {a} gives {x}, {b} gives {y}, and {x} {o} {y} = 24. Yes.",
                        "Pairs {a} | {b} -> {x} and {y}; {x}{o}{y} = 24, works.",
                    ]
                ).format(a=f"{pa[0]},{pa[1]}", b=f"{pb[0]},{pb[1]}", x=va, y=vb, o=op)
            )
        else:
            parts.append(
                rng.choice(
                    [
                        "{a} with {b}: closest is {x} {o} {y} = {v}, and nothing else I try "
                        "from these pairs hits 24. No.",
                        "Pairs {a} | {b} -> nothing reaches 24 (e.g. {x}{o}{y} = {v}).",
                    ]
                ).format(a=f"{pa[0]},{pa[1]}", b=f"{pb[0]},{pb[1]}", x=va, y=vb, o=op, v=a[3])
            )
    c = pos if rule == "best" else 0
    e = atts[c][2][0]
    parts.append(rng.choice(["Answer: {e} = 24", "So {e} = 24.", "=> {e} = 24"]).format(e=e))
    return "\n".join(parts), f"{e} = 24", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- registry

PROCS = {
    "agent_S": ("search", make_text_proc(t_agent, "best")),
    "agent_N_last": ("non-search", make_text_proc(t_agent, "last")),
    "sql_S": ("search", make_text_proc(t_sql, "best")),
    "sql_N_random": ("non-search", make_text_proc(t_sql, "random")),
    "hparam_S": ("search", make_text_proc(t_hparam, "best")),
    "hparam_N_first": ("non-search", make_text_proc(t_hparam, "first")),
    "title_S": ("search", make_text_proc(t_title, "best")),
    "title_N_random": ("non-search", make_text_proc(t_title, "random")),
    "mcq_S": ("search", make_text_proc(t_mcq, "best")),
    "mcq_N_random": ("non-search", make_text_proc(t_mcq, "random")),
    "quotes_S": ("search", make_text_proc(t_quotes, "best")),
    "quotes_N_first": ("non-search", make_text_proc(t_quotes, "first")),
    "translate_S": ("search", make_text_proc(t_translate, "best")),
    "translate_N_random": ("non-search", make_text_proc(t_translate, "random")),
    "proof_S": ("search", make_text_proc(t_proof, "best")),
    "proof_N_first": ("non-search", make_text_proc(t_proof, "first")),
    "fitcheck_S": ("search", make_text_proc(t_fitcheck, "best")),
    "fitcheck_N_random": ("non-search", make_text_proc(t_fitcheck, "random")),
    "movesearch_S": ("search", make_text_proc(t_movesearch, "best")),
    "movesearch_N_random": ("non-search", make_text_proc(t_movesearch, "random")),
    "decidefirst_N": ("non-search", make_text_proc(t_decidefirst, None)),
    "coin_N": ("non-search", make_text_proc(t_coin, None)),
    "facts_N": ("non-search", make_text_proc(t_facts, None)),
    "praiseafter_N": ("non-search", make_text_proc(t_praiseafter, None)),
    "g24_table_S": ("search", make_g24_proc(t_g24_table, "best")),
    "g24_table_N_random": ("non-search", make_g24_proc(t_g24_table, "random")),
    "g24_back_S": ("search", make_g24_proc(t_g24_back, "best")),
    "g24_back_N_first": ("non-search", make_g24_proc(t_g24_back, "first")),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=11)


if __name__ == "__main__":
    sys.exit(main())
