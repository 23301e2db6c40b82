#!/usr/bin/env python3
"""Held-out probe 9 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, the pick ignores the
evaluations):

free text (task "prompt"):
  paren_S / _N_random           a prose paragraph scoring options in parentheses "(7/10)"
  approach_S / _N_last          "Approach 1/2/3" blocks with "Result:" metric lines (the
                                text states whether lower or higher is better)
  emoji_S / _N_first            numbered list with traffic-light emoji verdicts
  matrix_S / _N_random          weighted decision matrix in markdown, totals row
  plans_S / _N_random           "Plan A fails because ..., Plan B works but ..."
  think_S / _N_first            "<think>" block with "Hmm, what about ..." retries
  abtest_S / _N_random          A/B test readout with conversion rates
  chess_S / _N_first            candidate moves with engine evaluations "+0.8"
  bench_S / _N_random           code review: implementations benchmarked, lowest time
  sched_S / _N_random           day-by-day search for a meeting slot with backtracking
non-search only (free text):
  brainstorm_N                  ideas listed, no evaluation, one picked
  chain_N                       one line of reasoning (a budget worked out), no options
  posthoc_N                     one choice, then checked after the fact
game24 (solvable puzzles, checked with a Fraction solver):
  g24_steps_S / _N_random       attempts as step equations "10-4=6, 13-9=4, 6*4=24" each
                                with a hit/miss check; answer = the hit / a random one
  g24_think_S / _N_first        "<think>" with "Hmm, what about ..." in prose; answer =
                                the path reaching 24 / the first path tried
  g24_once_N                    a single derivation, verified after the fact

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe9.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
Standard library only.
"""

from __future__ import annotations

import sys
from fractions import Fraction

from heldout_probe8 import (  # the shared helpers: records, picks, arithmetic
    ap,
    cap,
    fm,
    make_g24_proc,
    make_text_proc,
    pick,
    ranks,
    solve,
    strip,
)

N_TEXTS = 30

# ----------------------------------------------------------------------------- vocab

TOPICS = [
    (
        "which database to put the inventory service on",
        ["Postgres", "MongoDB", "DynamoDB", "SQLite on the edge", "CockroachDB"],
    ),
    (
        "where to take the family for the spring break week",
        ["Lisbon", "the Dolomites", "a beach house in Crete", "Copenhagen", "Edinburgh"],
    ),
    (
        "what to cook for the Saturday dinner party of eight",
        [
            "a slow-roasted lamb shoulder",
            "a big paella",
            "homemade ravioli",
            "a Thai green curry",
            "a taco bar",
        ],
    ),
    (
        "which CI provider to move the monorepo to",
        ["GitHub Actions", "GitLab CI", "Buildkite", "CircleCI", "a self-hosted Jenkins"],
    ),
    (
        "which candidate to hire for the data engineer opening",
        ["Priya", "Marcus", "Elena", "Tomasz", "Aiko"],
    ),
    (
        "how to get the onboarding email open rate up",
        [
            "a shorter subject line",
            "sending at 8am local time",
            "a plain-text layout",
            "personalising the first line",
            "cutting the sequence to three emails",
        ],
    ),
    (
        "which used car to buy for commuting",
        ["the 2017 Corolla", "the 2019 Golf", "the 2016 Civic", "the 2018 Mazda3", "the Leaf"],
    ),
]

PLUS = [
    "costs little",
    "everyone on the team is comfortable with it",
    "rock-solid track record",
    "easy to get started",
    "handles growth without fuss",
    "barely needs looking after",
    "great reviews",
    "fits the calendar",
    "people love it",
    "fast turnaround",
]
MINUS = [
    "expensive",
    "takes ages",
    "nobody here has used it",
    "unreliable in my experience",
    "locks us in",
    "a logistical headache",
    "patchy support",
    "risky on timing",
    "messy to clean up after",
    "mixed reviews",
]

LEADS = [
    "Trying to settle {q}.",
    "So, {q}?",
    "Notes on {q}.",
    "Before I commit on {q}, let me lay it out.",
    "Decision needed: {q}.",
    "Mulling over {q}.",
    "Okay - {q}.",
]

CHOOSE = [
    "Going with {c}.",
    "Final answer: {c}.",
    "{C} it is.",
    "Decision: {c}.",
    "I'm picking {c}.",
    "Let's lock in {c}.",
    "Choice made - {c}.",
]


def topic(rng, kmin=3, kmax=4):
    q, pool = rng.choice(TOPICS)
    return q, rng.sample(pool, rng.randint(kmin, kmax))


def choose(rng, c):
    return rng.choice(CHOOSE).format(c=c, C=cap(c))


# ----------------------------------------------------------------------------- free text


def t_paren(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    sc = sorted(rng.sample(range(2, 10), k), reverse=True)
    fmt = rng.choice(["({s}/10)", "(score {s})", "({s} out of 10)", "(I'd say {s})"])
    firsts = ["First there's {n} {p}", "Starting with {n} {p}", "{N} {p}"]
    nexts = ["Then {n} {p}", "{N} {p}", "Next up, {n} {p}", "As for {n} {p}", "And {n} {p}"]
    sents = []
    for i, n in enumerate(names):
        s = sc[rk[i]]
        p = fmt.format(s=s)
        head = rng.choice(firsts if i == 0 else nexts).format(n=n, N=cap(n), p=p)
        if rk[i] == 0:
            tail = rng.choice([": {a}, and {b}.", " - {a}; also {b}.", ", since {a} and {b}."])
            tail = tail.format(**dict(zip("ab", rng.sample(PLUS, 2), strict=True)))
        elif rk[i] == k - 1:
            tail = rng.choice([": {a}, and {b}.", " - {a}, plus {b}.", ", because it's {a}."])
            tail = tail.format(**dict(zip("ab", rng.sample(MINUS, 2), strict=True)))
        else:
            tail = rng.choice([": {a}, but {b}.", " - {a}, though {b}.", ", {a} yet {b}."])
            tail = tail.format(a=rng.choice(PLUS), b=rng.choice(MINUS))
        sents.append(head + tail)
    c = pick(rng, rule, rk)
    text = rng.choice(LEADS).format(q=q) + " " + " ".join(sents)
    text += "\n\n" + choose(rng, names[c])
    return text, names[c], q


APPROACH_TASKS = [
    (
        "the search endpoint is too slow",
        [
            "add a trigram index on the name column",
            "cache hot queries in Redis",
            "move search to OpenSearch",
            "precompute results nightly",
            "paginate with a keyset cursor",
        ],
        ("p95 latency", "ms", "lower"),
    ),
    (
        "the fraud model misses too many cases",
        [
            "gradient boosting with the new features",
            "a logistic regression baseline",
            "a small transformer on the event sequence",
            "isolation forest plus rules",
            "retraining the old model on fresh data",
        ],
        ("recall at 1% FPR", "%", "higher"),
    ),
    (
        "the image build takes forever",
        [
            "multi-stage Dockerfile",
            "layer caching in the registry",
            "switching the base image to distroless",
            "prebuilding the wheels",
            "BuildKit with cache mounts",
        ],
        ("build time", "s", "lower"),
    ),
    (
        "the nightly ETL drops rows",
        [
            "idempotent upserts",
            "a staging table with row counts",
            "exactly-once via the Kafka connector",
            "retrying failed batches",
            "checksums per partition",
        ],
        ("rows recovered on the replay test", "%", "higher"),
    ),
]


def t_approach(rng, rule):
    prob, opts, (metric, unit, better) = rng.choice(APPROACH_TASKS)
    k = rng.randint(3, 4)
    names = rng.sample(opts, k)
    rk = ranks(rng, k)
    if unit == "%":
        vals = sorted(rng.sample(range(55, 99), k), reverse=True)
    elif unit == "ms":
        vals = sorted(rng.sample(range(40, 900, 10), k))
    else:
        vals = sorted(rng.sample(range(45, 600, 5), k))
    if better == "higher" and unit != "%":
        vals = vals[::-1]
    lab = rng.choice(["Approach {i}", "Approach #{i}", "Attempt {i}", "Idea {i}"])
    parts = [
        rng.choice(["Problem: {p}.", "We have an issue: {p}.", "Ticket: {p}."]).format(p=prob),
        rng.choice(
            [
                "Measuring {m} for each; {b} is better.",
                "Metric is {m} ({b} wins).",
                "I'll compare on {m}, {b} being better.",
            ]
        ).format(m=metric, b=better),
    ]
    for i, n in enumerate(names):
        v = vals[rk[i]]
        res = rng.choice(["Result: {v}{u}", "Result: {m} {v}{u}", "Result - {v}{u} {m}"])
        parts.append(
            f"{lab.format(i=i + 1)}: {n}.\n"
            + res.format(v=v, u=("" if unit == "%" else " ") + unit, m=metric)
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Shipping approach {i} ({n}).",
                "Merging #{i}: {n}.",
                "We go with {n} (approach {i}).",
            ]
        ).format(i=c + 1, n=names[c])
    )
    return "\n\n".join(parts), names[c], f"how to fix it: {prob}"


def t_emoji(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    g, y, r = rng.choice(
        [("\U0001f7e2", "\U0001f7e1", "\U0001f534"), ("\u2705", "\u26a0\ufe0f", "\u274c")]
    )
    parts = [rng.choice(LEADS).format(q=q), ""]
    for i, n in enumerate(names):
        if rk[i] == 0:
            e, note = g, rng.choice(["{a} and {b}", "{a}; {b} too", "strong - {a}"])
            note = note.format(a=rng.choice(PLUS), b=rng.choice(PLUS))
        elif rk[i] == k - 1:
            e, note = r, rng.choice(["{a}, {b}", "no - {a}", "{a} and {b}, skip"])
            note = note.format(a=rng.choice(MINUS), b=rng.choice(MINUS))
        else:
            e, note = y, rng.choice(["{a} but {b}", "meh, {b}", "ok-ish: {a}, {b}"])
            note = note.format(a=rng.choice(PLUS), b=rng.choice(MINUS))
        parts.append(f"{i + 1}. {cap(n)} {e} {note}")
    c = pick(rng, rule, rk)
    parts += ["", choose(rng, names[c])]
    return "\n".join(parts), names[c], q


CRITERIA = ["Cost", "Reliability", "Speed", "Team fit", "Risk", "Flexibility", "Quality"]


def t_matrix(rng, rule):
    q, names = topic(rng)
    k = len(names)
    crit = rng.sample(CRITERIA, rng.randint(3, 4))
    while True:
        ws = [rng.choice([1, 2, 3, 4, 5]) for _ in crit]
        sc = [[rng.randint(1, 5) for _ in names] for _ in crit]
        tot = [sum(w * s[j] for w, s in zip(ws, sc, strict=True)) for j in range(k)]
        if len(set(tot)) == k:
            break
    order = sorted(range(k), key=lambda j: -tot[j])
    rk = [order.index(j) for j in range(k)]
    head = "| Criterion (weight) | " + " | ".join(cap(n) for n in names) + " |"
    rows = [head, "|" + "---|" * (k + 1)]
    for cr, w, s in zip(crit, ws, sc, strict=True):
        rows.append(f"| {cr} (x{w}) | " + " | ".join(str(x) for x in s) + " |")
    rows.append("| **Weighted total** | " + " | ".join(f"**{t}**" for t in tot) + " |")
    c = pick(rng, rule, rk)
    parts = [
        rng.choice(LEADS).format(q=q),
        rng.choice(
            [
                "Weighted decision matrix (scores 1-5, higher = better):",
                "Scored each 1-5 and multiplied by the weight:",
                "Decision matrix:",
            ]
        ),
        "\n".join(rows),
        choose(rng, names[c]),
    ]
    return "\n\n".join(parts), names[c], q


FAIL_WHY = [
    "fails because it blows the budget by a mile",
    "fails because it can't be ready in time",
    "is out - the key person is on leave",
    "falls over on the legal requirement",
    "doesn't work: it needs hardware we don't have",
    "is a non-starter since the vendor dropped support",
]
CAVEAT = [
    "works, but only if everything goes right",
    "would work, though it leaves a lot of cleanup",
    "is viable but costs roughly double",
    "could work with some overtime",
]
CLEAN = [
    "works cleanly: on budget, on time, nobody overloaded",
    "covers everything with room to spare",
    "meets every requirement and is the cheapest of the lot",
    "has no real downside that I can find",
]


def t_plans(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    letters = "ABCDE"
    parts = [rng.choice(LEADS).format(q=q)]
    for i, n in enumerate(names):
        if rk[i] == 0:
            ev = rng.choice(CLEAN)
        elif rk[i] == 1 and k > 2 and rng.random() < 0.6:
            ev = rng.choice(CAVEAT)
        else:
            ev = rng.choice(FAIL_WHY)
        parts.append(f"Plan {letters[i]} ({n}) {ev}.")
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            ["So: Plan {L}, {n}.", "Plan {L} then - {n}.", "We'll run Plan {L} ({n})."]
        ).format(L=letters[c], n=names[c])
    )
    sep = " " if rng.random() < 0.5 else "\n"
    return sep.join(parts), names[c], q


def t_think(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    lines = [
        "<think>",
        rng.choice(
            [
                "Okay, the user is asking {q}. Let me think this through.",
                "Alright, {q}. Let me consider a few options.",
                "The question is {q}. Hmm.",
            ]
        ).format(q=q),
    ]
    for i, n in enumerate(names):
        if i == 0:
            intro = rng.choice(["Maybe {n}?", "First thought: {n}.", "What about {n}?"])
        else:
            intro = rng.choice(
                [
                    "Hmm, what about {n}?",
                    "Wait, what about {n} instead?",
                    "Alternatively... {n}?",
                    "Hmm, or {n}.",
                ]
            )
        if rk[i] == 0:
            ev = rng.choice(
                [
                    "Oh, that's actually really good - {a}, and {b}.",
                    "Yes, this one is strong: {a}, {b}.",
                    "That looks like the best so far: {a} and {b}.",
                ]
            ).format(a=rng.choice(PLUS), b=rng.choice(PLUS))
        elif rk[i] == k - 1:
            ev = rng.choice(
                ["No, that's {a} and {b}. Scratch that.", "Nah - {a}. Not that.", "No - {a}."]
            ).format(a=rng.choice(MINUS), b=rng.choice(MINUS))
        else:
            ev = rng.choice(
                [
                    "It's okay, {a}, but {b}.",
                    "Possible. {a}, though {b}.",
                    "Could work - {a}. But {b}, hmm.",
                ]
            ).format(a=rng.choice(PLUS), b=rng.choice(MINUS))
        lines.append(intro.format(n=n, N=cap(n)) + " " + cap(ev))
    c = pick(rng, rule, rk)
    lines.append(
        rng.choice(
            ["Let me go with {c}.", "I think the answer is {c}.", "Okay, I'll recommend {c}."]
        ).format(c=names[c])
    )
    lines.append("</think>")
    lines.append("")
    lines.append(
        rng.choice(
            [
                "I'd recommend **{c}**.",
                "My suggestion: {c}.",
                "Go with {c}.",
            ]
        ).format(c=names[c])
    )
    return "\n".join(lines), names[c], q


AB_TESTS = [
    ("checkout button copy", ["'Buy now'", "'Complete order'", "'Pay securely'", "'Get it'"]),
    ("pricing page layout", ["three tiers", "two tiers", "a slider", "a single plan"]),
    ("signup form", ["email only", "email + name", "Google sign-in first", "a two-step form"]),
    ("hero image", ["the product shot", "the team photo", "an illustration", "a short video"]),
]


def t_abtest(rng, rule):
    what, opts = rng.choice(AB_TESTS)
    k = rng.randint(2, 4)
    vs = rng.sample(opts, k)
    rk = ranks(rng, k)
    rates = sorted(rng.sample(range(180, 520, 7), k), reverse=True)
    L = "ABCD"
    parts = [
        rng.choice(
            [
                "A/B test results for the {w}:",
                "Experiment readout - {w}:",
                "Two weeks of traffic on the {w} test:",
            ]
        ).format(w=what)
    ]
    for i, v in enumerate(vs):
        r = rates[rk[i]] / 100
        n = rng.randint(30, 90) * 100
        parts.append(
            rng.choice(
                [
                    "- Variant {L} ({v}): {r:.2f}% conversion, n={n:,}",
                    "- {L} = {v} -> {r:.2f}% converted ({n:,} visitors)",
                    "- Variant {L}, {v}: CR {r:.2f}% on {n:,} sessions",
                ]
            ).format(L=L[i], v=v, r=r, n=n)
        )
    parts.append(
        rng.choice(
            [
                "All differences significant at p<0.05.",
                "Intervals don't overlap.",
                "Sample sizes are fine.",
            ]
        )
    )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Rolling out variant {L} ({v}) to 100%.",
                "Winner we ship: {L}, {v}.",
                "Decision: variant {L} ({v}).",
            ]
        ).format(L=L[c], v=vs[c])
    )
    return "\n".join(parts), vs[c], f"which {what} variant to ship"


MOVES = ["Nf3", "Bb5", "Qd2", "O-O", "Rxe7", "c4", "h4", "Nxd5", "Bxf7+", "Re1", "a4", "Qh5"]


def t_chess(rng, rule):
    k = rng.randint(3, 5)
    mv = rng.sample(MOVES, k)
    rk = ranks(rng, k)
    ev = sorted(rng.sample(range(-25, 30), k), reverse=True)
    side = rng.choice(["White", "I'm White", "Playing White"])
    parts = [
        rng.choice(
            [
                "{s}, move 18. Candidate moves with evals:",
                "{s}. Position after 17...Qc7. Let me check candidates.",
                "{s} to move. Candidates:",
            ]
        ).format(s=side)
    ]
    for i, m in enumerate(mv):
        e = ev[rk[i]] / 10
        es = f"{e:+.1f}" if e != 0 else "0.0"
        note = ""
        if rk[i] == 0:
            note = rng.choice(["", " - keeps the initiative", " - wins a pawn"])
        elif e < 0:
            note = rng.choice(["", " - drops material", " - opens my king"])
        parts.append(
            rng.choice(["- {m}: {e}{n}", "{m} ({e}){n}", "* {m} -> eval {e}{n}"]).format(
                m=m, e=es, n=note
            )
        )
    c = pick(rng, rule, rk)
    parts.append(rng.choice(["Playing {m}.", "I'll go {m}.", "Move: {m}."]).format(m=mv[c]))
    return "\n".join(parts), mv[c], "which move to play"


IMPLS = [
    ("parse_log_line", ["the regex version", "the str.split version", "the hand-rolled scanner",
                        "the pyparsing grammar", "the C extension"]),
    ("dedupe_events", ["the set-based one", "the sort-then-scan one", "the pandas one",
                       "the dict-of-lists one", "the Bloom filter one"]),
    ("render_invoice", ["the Jinja template", "the f-string builder", "the ReportLab path",
                        "the WeasyPrint path", "the cached-fragment one"]),
]  # fmt: skip


def t_bench(rng, rule):
    fn, opts = rng.choice(IMPLS)
    k = rng.randint(3, 4)
    names = rng.sample(opts, k)
    rk = ranks(rng, k)
    ts = sorted(rng.sample(range(12, 950), k))
    parts = [
        rng.choice(
            [
                "Reviewing the {k} implementations of `{f}` in the PR.",
                "Code review: `{f}` - {k} competing versions.",
                "Bake-off for `{f}` ({k} versions).",
            ]
        ).format(f=fn, k=k),
        rng.choice(
            [
                "All pass the tests. Benchmark (median of 5 runs, lower is better):",
                "Tests green for each, so it comes down to speed (timeit, lower = better):",
            ]
        ),
    ]
    for i, n in enumerate(names):
        parts.append(
            rng.choice(["  {n}: {t} ms", "  - {N} -> {t} ms", "  {N}  {t}ms"]).format(
                n=n, N=cap(n), t=ts[rk[i]]
            )
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Approving {n}; the rest can be closed.",
                "Keeping {n}.",
                "LGTM for {n}, dropping the others.",
            ]
        ).format(n=names[c])
    )
    return "\n".join(parts), names[c], f"which {fn} implementation to keep"


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
PEOPLE = ["Ana", "Ben", "Chidi", "Dana", "Emil", "Fatima"]
CLASH = [
    "{p} is out that day",
    "{p} has a dentist appointment all afternoon",
    "the big room is booked",
    "{p} is flying back from Denver",
    "it's the release day and {p} is on call",
]


def t_sched(rng, rule):
    k = rng.randint(3, 5)
    days = rng.sample(DAYS, k)
    ppl = rng.sample(PEOPLE, 4)
    good = rng.randrange(k)
    parts = [
        rng.choice(
            [
                "Need a 2-hour slot next week for {a}, {b}, {c} and {d}.",
                "Finding a day for the design review with {a}, {b}, {c} and {d}.",
            ]
        ).format(a=ppl[0], b=ppl[1], c=ppl[2], d=ppl[3])
    ]
    tried = []
    for i, d in enumerate(days):
        if i == good:
            parts.append(
                rng.choice(
                    [
                        "{d}? Checking... all four free 10-12 and the room is open. That fits.",
                        "How about {d}: everyone's calendar is clear in the morning. Works.",
                    ]
                ).format(d=d)
            )
        else:
            why = rng.choice(CLASH).format(p=rng.choice(ppl))
            parts.append(
                rng.choice(
                    [
                        "Try {d}: {w}. No good, back up.",
                        "{d}? {W}, so that's out.",
                        "What about {d} - no, {w}.",
                    ]
                ).format(d=d, w=why, W=cap(why))
            )
        tried.append(d)
        if i == good and i >= 1 and rng.random() < 0.6:
            break
    rk = [0 if i == good else 1 for i in range(len(tried))]
    c = pick(rng, rule, rk) if rule != "best" else good
    parts.append(
        rng.choice(["Booking {d}.", "Sending the invite for {d}.", "{d} it is."]).format(d=tried[c])
    )
    return " ".join(parts), tried[c], "which day to hold the review"


# ----------------------------------------------------------------------------- non-search text


def t_brainstorm(rng, rule):
    q, names = topic(rng, 3, 5)
    bul = rng.choice(["-", "*", "\u2022"])
    parts = [
        rng.choice(LEADS).format(q=q),
        rng.choice(["Ideas so far:", "Things people suggested:", "Brain dump:"]),
    ]
    parts += [f"{bul} {cap(n)}" for n in names]
    c = rng.randrange(len(names))
    parts.append(choose(rng, names[c]))
    return "\n".join(parts), names[c], q


def t_chain(rng, rule):
    total = rng.randint(30, 60) * 100
    fl = rng.randint(6, 14) * 50
    nights = rng.randint(4, 9)
    rate = rng.randint(8, 20) * 10
    food = rng.randint(3, 8) * 10
    left = total - fl - nights * rate - nights * food
    dest = rng.choice(["Lisbon", "Kyoto", "Oaxaca", "Tallinn", "Cape Town"])
    parts = [
        f"Budget for the {dest} trip is ${total:,}.",
        f"Flights come to ${fl:,} for all of us.",
        f"The apartment is ${rate} a night for {nights} nights, so ${nights * rate:,}.",
        f"Food at about ${food} a day adds ${nights * food:,}.",
        f"That puts us at ${fl + nights * rate + nights * food:,}, leaving ${left:,}.",
        rng.choice(
            [
                "So we can afford the trip as planned; booking the apartment now.",
                "Which means the {d} plan stands - I'll book it.",
            ]
        ).format(d=dest),
    ]
    return " ".join(parts), dest, f"whether the {dest} trip fits the budget"


def t_posthoc(rng, rule):
    q, names = topic(rng, 1, 1)
    n = names[0]
    parts = [
        rng.choice(LEADS).format(q=q),
        rng.choice(["I already lean to {n}.", "{N} seems right.", "Gut says {n}."]).format(
            n=n, N=cap(n)
        ),
        rng.choice(["Let me double-check it:", "Sanity check:", "Verifying:"]),
    ]
    checks = [
        "affordable - yes",
        "available when we need it - yes",
        "anyone object? no",
        "meets the must-haves - yes",
        "any red flags - none",
    ]
    parts += [f"  - {x}" for x in rng.sample(checks, rng.randint(2, 4))]
    parts.append(rng.choice(["All good, {n}.", "Checks out - {n}.", "Keeping {n}."]).format(n=n))
    return "\n".join(parts), n, q


# ----------------------------------------------------------------------------- game24

OPS = ["+", "-", "*", "/"]


def can24(nums):
    return solve([(Fraction(x), str(x)) for x in nums]) is not None


def make_puzzle(rng):
    while True:
        nums = sorted(rng.randint(1, 13) for _ in range(4))
        if can24(nums):
            return nums


def fq(x):
    return fm(x) if x.denominator == 1 else f"({fm(x)})"


def rand_path(rng, nums, want):
    """Random 3-step path over non-negative values; want True: ends at 24, False: not."""
    for _ in range(30000):
        vals = [Fraction(x) for x in nums]
        ex = [str(x) for x in nums]
        steps = []
        ok = True
        while len(vals) > 1:
            i, j = rng.sample(range(len(vals)), 2)
            op = rng.choice(OPS)
            v = ap(vals[i], vals[j], op)
            if v is None or v < 0:
                ok = False
                break
            steps.append((vals[i], op, vals[j], v))
            e = f"({ex[i]} {op} {ex[j]})"
            rest = [t for t in range(len(vals)) if t not in (i, j)]
            ex = [ex[t] for t in rest] + [e]
            vals = [vals[t] for t in rest] + [v]
        if ok and (vals[0] == 24) == want:
            return steps, strip(ex[0]), vals[0]
    return None


def g24_puzzle_and_paths(rng, k):
    while True:
        nums = make_puzzle(rng)
        good = rand_path(rng, nums, True)
        if good:
            break
    bads = []
    while len(bads) < k - 1:
        b = rand_path(rng, nums, False)
        if b and b[1] not in [x[1] for x in bads]:
            bads.append(b)
    return nums, good, bads


def t_g24_steps(rng, rule):
    k = rng.randint(3, 5)
    nums, good, bads = g24_puzzle_and_paths(rng, k)
    atts = list(bads)
    pos = rng.randrange(k)
    atts.insert(pos, good)
    lab = rng.choice(["Attempt {i}:", "Try {i}:", "#{i}", "Line {i}:"])
    parts = [
        rng.choice(
            [
                "Make 24 from {p}.",
                "24 game, cards {p}.",
                "Cards: {p}. Goal 24 using each once.",
            ]
        ).format(p=", ".join(map(str, nums)))
    ]
    for t, (steps, _e, v) in enumerate(atts):
        eqs = ", ".join(f"{fq(a)} {o} {fq(b)} = {fm(r)}" for a, o, b, r in steps)
        if v == 24:
            chk = rng.choice(["-> 24, hit!", "-> exactly 24 \u2714", "-> 24, that's the one"])
        else:
            d = abs(v - 24)
            chk = rng.choice(
                ["-> {v}, miss (off by {d})", "-> {v} \u2718", "-> {v}, not 24"]
            ).format(v=fm(v), d=fm(d))
        parts.append(f"{lab.format(i=t + 1)} {eqs} {chk}")
    c = pos if rule == "best" else rng.randrange(k)
    parts.append(
        rng.choice(["Solution: {e} = 24", "So {e} = 24.", "Final: {e} = 24"]).format(e=atts[c][1])
    )
    return "\n".join(parts), f"{atts[c][1]} = 24", " ".join(map(str, nums))


def t_g24_think(rng, rule):
    k = rng.randint(3, 5)
    nums, good, bads = g24_puzzle_and_paths(rng, k)
    atts = list(bads)
    pos = rng.randrange(1, k) if rule == "first" else rng.randrange(k)
    atts.insert(pos, good)
    lines = [
        "<think>",
        rng.choice(
            [
                "I need to reach 24 with {p}.",
                "So the numbers are {p}. Let me find 24.",
                "Okay, {p}, target 24.",
            ]
        ).format(p=" ".join(map(str, nums))),
    ]
    for t, (steps, _e, v) in enumerate(atts):
        s = ", then ".join(f"{fq(a)} {o} {fq(b)} is {fm(r)}" for a, o, b, r in steps)
        lead = (
            rng.choice(["Let me try: ", "Start with ", "Maybe "])
            if t == 0
            else rng.choice(["Hmm, what about: ", "Wait, what if ", "Hmm. Try ", "Or maybe "])
        )
        if v == 24:
            end = rng.choice(["That's 24! Yes.", "24. That works.", "Oh nice, exactly 24."])
        else:
            end = rng.choice(
                ["That's {v}, not 24.", "Gives {v}. No.", "{v}... no, that doesn't work."]
            ).format(v=fm(v))
        lines.append(f"{lead}{s}. {end}")
    c = pos if rule == "best" else 0
    lines += ["</think>", "", f"{atts[c][1]} = 24"]
    return "\n".join(lines), f"{atts[c][1]} = 24", " ".join(map(str, nums))


def t_g24_once(rng, rule):
    nums, good, _ = g24_puzzle_and_paths(rng, 1)
    steps, ex, _v = good
    s = "; ".join(f"{fq(a)} {o} {fq(b)} = {fm(r)}" for a, o, b, r in steps)
    parts = [
        rng.choice(["Numbers {p}, target 24.", "24 from {p}."]).format(p=" ".join(map(str, nums))),
        s + ".",
        rng.choice(
            [
                "Re-check {e}: recomputing gives 24, and all four numbers are used once. Fine.",
                "Verification of {e}: yes, 24; numbers used exactly once.",
            ]
        ).format(e=ex),
        f"{ex} = 24",
    ]
    return "\n".join(parts), f"{ex} = 24", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- registry

PROCS = {
    "paren_S": ("search", make_text_proc(t_paren, "best")),
    "paren_N_random": ("non-search", make_text_proc(t_paren, "random")),
    "approach_S": ("search", make_text_proc(t_approach, "best")),
    "approach_N_last": ("non-search", make_text_proc(t_approach, "last")),
    "emoji_S": ("search", make_text_proc(t_emoji, "best")),
    "emoji_N_first": ("non-search", make_text_proc(t_emoji, "first")),
    "matrix_S": ("search", make_text_proc(t_matrix, "best")),
    "matrix_N_random": ("non-search", make_text_proc(t_matrix, "random")),
    "plans_S": ("search", make_text_proc(t_plans, "best")),
    "plans_N_random": ("non-search", make_text_proc(t_plans, "random")),
    "think_S": ("search", make_text_proc(t_think, "best")),
    "think_N_first": ("non-search", make_text_proc(t_think, "first")),
    "abtest_S": ("search", make_text_proc(t_abtest, "best")),
    "abtest_N_random": ("non-search", make_text_proc(t_abtest, "random")),
    "chess_S": ("search", make_text_proc(t_chess, "best")),
    "chess_N_first": ("non-search", make_text_proc(t_chess, "first")),
    "bench_S": ("search", make_text_proc(t_bench, "best")),
    "bench_N_random": ("non-search", make_text_proc(t_bench, "random")),
    "sched_S": ("search", make_text_proc(t_sched, "best")),
    "sched_N_random": ("non-search", make_text_proc(t_sched, "random")),
    "brainstorm_N": ("non-search", make_text_proc(t_brainstorm, "random")),
    "chain_N": ("non-search", make_text_proc(t_chain, None)),
    "posthoc_N": ("non-search", make_text_proc(t_posthoc, None)),
    "g24_steps_S": ("search", make_g24_proc(t_g24_steps, "best")),
    "g24_steps_N_random": ("non-search", make_g24_proc(t_g24_steps, "random")),
    "g24_think_S": ("search", make_g24_proc(t_g24_think, "best")),
    "g24_think_N_first": ("non-search", make_g24_proc(t_g24_think, "first")),
    "g24_once_N": ("non-search", make_g24_proc(t_g24_once, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=9)


if __name__ == "__main__":
    sys.exit(main())
