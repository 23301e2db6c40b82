#!/usr/bin/env python3
"""Held-out probe 14 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, same honest
evaluations, the pick ignores them):

free text (task "prompt"), all of it this time (no game24):
  vendor_S / _N_random          email to a colleague weighing suppliers: monthly quote plus
                                setup fee, first-year total worked out in the sentence
  bench_S / _N_first            code-review comment comparing implementations of one
                                function with benchmark timings in ms (bullets or prose)
  ddx_S / _N_random             clinician's differential in prose: each diagnosis "would
                                account for" some of the findings, "k of n" counted
  chess_S / _N_last             candidate moves in prose with a reply and an engine-style
                                evaluation in pawns (+0.8, -1.4) and a word for it
  hiring_S / _N_random          hiring-panel note, one paragraph per candidate ending in
                                "I'd give them a 4 out of 5"
  route_S / _N_first            drive plan comparing routes in minutes ("about 47 minutes
                                via the A38"), only time matters
  abtest_S / _N_random          A/B test write-up: visitors, conversions, rate and lift vs
                                control per variant, then the decision to ship one
  modelsel_S / _N_last          model-selection note, validation losses written in
                                sentences ("bottomed out at 0.412 at epoch 14")
  recipe_S / _N_random          baking substitution trials, taste notes per batch in a
                                paragraph (one clearly good, the rest flawed)
  title_S / _N_first            paper-title brainstorm, each title quoted with a reason
                                (overclaims / too long / pun / clear and short)
  proscons_S / _N_random        "pros and cons" paragraphs per option; the best has three
                                pros and one con, the rest more cons than pros
  checklist_S / _N_last         requirement-major checklist ("SAML SSO - A: yes, B: no
                                (only Google login)"); best passes every requirement
non-search only (free text):
  single_N                      one itinerary with times added up, no alternatives
  policy_N                      suppliers costed, then procurement policy forces the one on
                                the approved framework (random)
  rota_N                        lunch places rated, then it is someone's turn and they pick
                                (random)
  posthoc_N                     model chosen months ago from the starter repo; validation
                                losses of all models only measured afterwards
  minutes_N                     meeting minutes: proposals listed by person, no evaluation,
                                "Decision: X"
  alpha_N                       service names with comments, then the agreed tie-break "take
                                the alphabetically first" decides

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe14.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import sys

from heldout_probe8 import (  # the shared helpers: records, picks
    cap,
    make_text_proc,
    pick,
    ranks,
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


# ----------------------------------------------------------------------------- vendor

SUPPLY = [
    (
        "the office cleaning contract",
        [
            "Sparkle & Co",
            "BrightSpace Facilities",
            "Mopwell",
            "CleanGrid",
            "Arden Services",
            "Tidy Desk Ltd",
        ],
    ),
    (
        "the managed printing deal",
        ["PrintLogic", "Xerra Office", "Copyhaus", "InkPoint", "DocuServe", "PaperTrail UK"],
    ),
    (
        "the coffee machine lease",
        [
            "BeanWorks",
            "Caffe Direct",
            "Office Espresso",
            "Grind Partners",
            "Roast & Post",
            "Kettle Corp",
        ],
    ),
    (
        "the courier account",
        ["SwiftDrop", "Parcelo", "CityHop Couriers", "NextMile", "Bolt Logistics", "Relay Red"],
    ),
]
COLLEAGUES = ["Sam", "Priya", "Tom", "Aisha", "Marek", "Jo", "Ines"]


def t_vendor(rng, rule):
    what, pool = rng.choice(SUPPLY)
    k = rng.randint(3, 6)
    names = rng.sample(pool, k)
    while True:
        monthly = [rng.randrange(18, 95) * 10 for _ in range(k)]
        setup = [rng.choice([0, 150, 250, 400, 500, 750, 1000]) for _ in range(k)]
        tot = [12 * m + s for m, s in zip(monthly, setup, strict=True)]
        s = sorted(tot)
        if all(b - a >= 120 for a, b in itertools.pairwise(s)):
            break
    rk = by_rank(tot, k)
    who = rng.choice(COLLEAGUES)
    me = rng.choice([x for x in COLLEAGUES if x != who])
    lines = [
        rng.choice(
            [
                f"Subject: quotes for {what}",
                f"Subject: Re: {what} - where we are",
                f"Subject: {what} renewal",
            ]
        ),
        "",
        rng.choice([f"Hi {who},", f"{who} -", f"Hey {who},"]),
        "",
        rng.choice(
            [
                f"I've now heard back from all {k} suppliers for {what}. Service levels are "
                "basically identical on paper, so it really comes down to what we pay in the "
                "first year.",
                f"Quick summary of the quotes for {what}. Since finance only cares about the "
                "year-one number, I've added the setup fees in.",
                f"All the quotes for {what} are in. I compared them on first-year cost "
                "(monthly x 12 plus any setup fee), which is what the budget line is.",
            ]
        ),
        "",
    ]
    for i, n in enumerate(names):
        fee = (
            "no setup fee"
            if setup[i] == 0
            else rng.choice([f"a £{setup[i]} setup fee", f"£{setup[i]} to get started"])
        )
        s = rng.choice(
            [
                f"{n} quoted £{monthly[i]} a month with {fee}, so £{tot[i]:,} for the year.",
                f"{n}: £{monthly[i]}/month, {fee} - £{tot[i]:,} in year one.",
                f"From {n} we got £{monthly[i]} per month and {fee}, which comes to "
                f"£{tot[i]:,} over twelve months.",
            ]
        )
        if rk[i] == 0:
            s += " " + rng.choice(
                [
                    "That's the cheapest of the lot.",
                    "Lowest total by some way.",
                    "Nobody else comes in under that.",
                ]
            )
        elif rk[i] == k - 1:
            s += " " + rng.choice(
                [
                    "The most expensive by far.",
                    "Hard to justify at that price.",
                    "That's the priciest one.",
                ]
            )
        elif rng.random() < 0.6:
            s += " " + rng.choice(["Middle of the pack.", "Not bad, not the best either."])
        lines.append(s)
        lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Unless you object I'll tell {c} we're going ahead and let the others know.",
                "I'm going to sign with {c} on Monday.",
                "Plan is to go with {c} - can you raise the PO?",
            ]
        ).format(c=names[c])
    )
    lines.append("")
    lines.append(rng.choice(["Thanks,", "Cheers,", "Best,"]))
    lines.append(me)
    return "\n".join(lines), names[c], f"which supplier to use for {what}"


# ----------------------------------------------------------------------------- bench

FUNCS = [
    (
        "dedupe_events",
        [
            ("set_seen", "a seen-set in a loop"),
            ("dict_fromkeys", "dict.fromkeys"),
            ("sort_scan", "sort then scan neighbours"),
            ("pandas_drop", "pandas drop_duplicates"),
            ("nested_loop", "the original nested loop"),
            ("bloom_prefilter", "bloom-filter prefilter"),
        ],
    ),
    (
        "parse_log_line",
        [
            ("regex_compiled", "one compiled regex"),
            ("str_split", "plain str.split"),
            ("partition_chain", "chained str.partition"),
            ("re_per_call", "re.match per call"),
            ("struct_unpack", "fixed-width slicing"),
            ("shlex_split", "shlex.split"),
        ],
    ),
    (
        "merge_intervals",
        [
            ("sort_sweep", "sort + single sweep"),
            ("heap_merge", "heapq-based merge"),
            ("interval_tree", "an interval tree"),
            ("bitmap", "bitmap over the range"),
            ("naive_pairs", "pairwise merge until stable"),
            ("numpy_vec", "numpy vectorised"),
        ],
    ),
]


def t_bench(rng, rule):
    fn, pool = rng.choice(FUNCS)
    k = rng.randint(3, 5)
    impls = rng.sample(pool, k)
    rk = ranks(rng, k)
    while True:
        ts = sorted(distinct(rng, 80, 2600, k, 25))
        if ts[1] >= ts[0] * 1.25:
            break
    ms = [ts[rk[i]] / 10 for i in range(k)]
    pr = rng.randint(1100, 4800)
    n = rng.choice(["1M", "250k", "5M", "2M"])
    runs = rng.choice([5, 10, 20])
    lines = [
        rng.choice(
            [
                f"Review on #{pr} (`{fn}`):",
                f"**Review - PR #{pr}**",
                f"Comment on `{fn}` in #{pr}:",
            ]
        ),
        "",
        rng.choice(
            [
                f"Thanks for writing up {k} versions of `{fn}`. Correctness looks the same for "
                f"all of them (tests pass), so I benchmarked them on {n} rows from the staging "
                f"dump, median of {runs} runs:",
                f"All {k} variants pass the test suite, so speed decides. I timed each on the "
                f"{n}-row fixture, {runs} runs, median wall time:",
            ]
        ),
        "",
    ]
    prose = rng.random() < 0.4
    sents = []
    fastest = rk.index(0)
    for i, (name, desc) in enumerate(impls):
        tag = ""
        if rk[i] == 0:
            tag = rng.choice([" - fastest", " (quickest of the bunch)", " - clear winner"])
        elif rk[i] == k - 1:
            tag = rng.choice([" - slowest", " (way behind)", " - too slow for the hot path"])
        else:
            r = ms[i] / ms[fastest]
            tag = f" ({r:.1f}x the fastest)"
        if prose:
            sents.append(f"`{name}` ({desc}) took {ms[i]:.1f} ms{tag}.")
        else:
            lines.append(f"- `{name}` ({desc}): {ms[i]:.1f} ms{tag}")
    if prose:
        lines.append(" ".join(sents))
    lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Let's keep `{c}` and delete the other variants before merging.",
                "Please keep `{c}`, drop the rest, and I'll approve.",
                "Going with `{c}` - remove the others and squash.",
            ]
        ).format(c=impls[c][0])
    )
    return "\n".join(lines), impls[c][0], f"which implementation of {fn} to keep"


# ----------------------------------------------------------------------------- ddx

CASES = [
    (
        "19-year-old student, three weeks of feeling wiped out",
        [
            "fever",
            "sore throat",
            "posterior neck nodes",
            "enlarged spleen",
            "atypical lymphocytes on the film",
        ],
        [
            ("infectious mononucleosis", [0, 1, 2, 3, 4]),
            ("CMV infection", [0, 2, 3, 4]),
            ("acute HIV seroconversion", [0, 1, 2]),
            ("streptococcal pharyngitis", [0, 1]),
            ("lymphoma", [2, 3]),
            ("toxoplasmosis", [0, 2]),
        ],
    ),
    (
        "24-year-old with a day of abdominal pain",
        [
            "pain that started around the navel and moved to the right iliac fossa",
            "fever",
            "raised white count",
            "rebound tenderness",
            "loss of appetite",
        ],
        [
            ("acute appendicitis", [0, 1, 2, 3, 4]),
            ("a Crohn's flare", [1, 2, 4]),
            ("mesenteric adenitis", [1, 2]),
            ("gastroenteritis", [1, 4]),
            ("a right ureteric stone", []),
            ("a ruptured ovarian cyst", [3]),
        ],
    ),
    (
        "52-year-old with a headache that came on at the gym",
        ["thunderclap onset", "neck stiffness", "photophobia", "no fever", "onset during exertion"],
        [
            ("subarachnoid haemorrhage", [0, 1, 2, 3, 4]),
            ("reversible cerebral vasoconstriction", [0, 2, 3, 4]),
            ("bacterial meningitis", [1, 2]),
            ("migraine", [2, 3]),
            ("cervical artery dissection", [1, 4]),
            ("tension-type headache", [3]),
        ],
    ),
]


def join_and(xs):
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + " and " + xs[-1]


def t_ddx(rng, rule):
    case, finds, dxs = rng.choice(CASES)
    k = rng.randint(3, 5)
    chosen = [dxs[0], *rng.sample(dxs[1:], k - 1)]
    rng.shuffle(chosen)
    nf = len(finds)
    score = [len(ex) for _, ex in chosen]
    order = sorted(range(k), key=lambda i: -score[i])
    rk = [order.index(i) for i in range(k)]
    lines = [
        rng.choice(
            [
                f"{cap(case)}. Findings: {join_and(finds)}.",
                f"Thinking this one through - {case}. What we have: {join_and(finds)}.",
            ]
        ),
        rng.choice(
            [
                "Going through the differential against those findings:",
                "Differential, and how well each fits:",
                "Which of these explains the picture best?",
            ]
        ),
    ]
    for dx, ex in chosen:
        have = [finds[j] for j in ex]
        miss = [finds[j] for j in range(nf) if j not in ex]
        if not miss:
            s = rng.choice(
                [
                    f"{cap(dx)} would account for all of it - the {join_and(have)}.",
                    f"{cap(dx)} fits everything: {join_and(have)}. {nf} of {nf}.",
                ]
            )
        elif not have:
            s = f"{cap(dx)} doesn't explain any of the findings - 0 of {nf}."
        else:
            s = rng.choice(
                [
                    f"{cap(dx)} would account for the {join_and(have)}, but not the "
                    f"{join_and(miss)} - {len(have)} of {nf}.",
                    f"{cap(dx)}: explains the {join_and(have)} ({len(have)}/{nf}); "
                    f"doesn't explain the {join_and(miss)}.",
                ]
            )
        lines.append(s)
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Working diagnosis: {c}. Will order tests and review in the morning.",
                "I'll treat this as {c} for now and document the rest.",
                "Provisional diagnosis - {c}.",
            ]
        ).format(c=chosen[c][0])
    )
    return "\n".join(lines), chosen[c][0], f"what is the most likely diagnosis ({case})"


# ----------------------------------------------------------------------------- chess

MOVES = [
    "Nf5",
    "Qh5",
    "Rxe6",
    "d5",
    "Bxh7+",
    "c4",
    "Rfe1",
    "h4",
    "Nd5",
    "Qg4",
    "f4",
    "Bb5",
    "a4",
    "Ne4",
]
REPLIES = [
    "...g6",
    "...Qe7",
    "...a6",
    "...Rc8",
    "...Nc6",
    "...Bd7",
    "...Qc7",
    "...Rfe8",
    "...h6",
    "...Nf6",
    "...Qb6",
    "...Be7",
]
EVALS = [-2.6, -1.4, -0.7, -0.3, 0.0, 0.3, 0.6, 0.9, 1.3, 1.8, 2.4, 3.5]


def eval_word(v):
    if v >= 2.0:
        return "basically winning"
    if v >= 1.0:
        return "clearly better for me"
    if v >= 0.5:
        return "a pleasant edge"
    if v > -0.4:
        return "roughly equal"
    if v > -1.0:
        return "a bit worse for me"
    return "just bad, I lose material"


def t_chess(rng, rule):
    k = rng.randint(3, 5)
    mv = rng.sample(MOVES, k)
    ev = rng.sample(EVALS, k)
    rk = by_rank(ev, k, reverse=True)
    clock = rng.randint(4, 40)
    lines = [
        rng.choice(
            [
                f"Move 2{rng.randint(0, 9)}, white to play, {clock} minutes on my clock.",
                f"Position after black's knight retreat. I have {clock} minutes, let me look "
                "at the candidates properly.",
                "Critical moment. Candidate moves:",
            ]
        )
    ]
    for i in range(k):
        rep = rng.choice(REPLIES)
        s = f"{ev[i]:+.1f}" if ev[i] != 0 else "0.0"
        lines.append(
            rng.choice(
                [
                    f"{mv[i]}: the best reply is {rep}, and then I'd say it's about {s} - "
                    f"{eval_word(ev[i])}.",
                    f"If {mv[i]}, then {rep} and I'm at roughly {s}, {eval_word(ev[i])}.",
                    f"What about {mv[i]}? After {rep} it comes out {s}. {cap(eval_word(ev[i]))}.",
                ]
            )
        )
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["Playing {c}.", "{c}. Pressing the clock.", "OK - {c}."]).format(c=mv[c])
    )
    return "\n".join(lines), mv[c], "which move to play"


# ----------------------------------------------------------------------------- hiring

APPLICANTS = [
    "Ana Ruiz",
    "Ben Okafor",
    "Chloe Martin",
    "Dev Patel",
    "Elif Kaya",
    "Finn Walsh",
    "Grace Liu",
    "Hugo Brandt",
]
STRENGTH = [
    "walked us through the system design exercise without prompting",
    "wrote clean, well-tested code in the pairing session",
    "asked sharp questions about our on-call setup",
    "explained the trade-offs in their last migration clearly",
    "debugged the broken test faster than any of us expected",
]
WEAK = [
    "struggled once the requirements changed mid-exercise",
    "never wrote a single test",
    "got defensive when we pushed back on the schema",
    "couldn't explain their own project in any depth",
    "ran out of time on the second problem",
    "was vague about what they actually did in the team",
]
SCORE_WORD = {
    5: "a 5 out of 5",
    4: "a 4 out of 5",
    3: "a 3 out of 5",
    2: "a 2 out of 5",
    1: "a 1 out of 5",
}


def t_hiring(rng, rule):
    k = rng.randint(3, 5)
    ppl = rng.sample(APPLICANTS, k)
    sc = rng.sample([1, 2, 3, 4, 5], k)
    rk = by_rank(sc, k, reverse=True)
    role = rng.choice(["backend engineer", "SRE", "data engineer", "mobile developer"])
    lines = [
        rng.choice(
            [
                f"Panel notes - {role} loop, {rng.choice(['Tue', 'Wed', 'Thu'])}",
                f"Debrief for the {role} role (my scores, out of 5)",
            ]
        ),
        "",
    ]
    for i, p in enumerate(ppl):
        first = p.split()[0]
        if sc[i] >= 4:
            body = f"{first} {rng.choice(STRENGTH)}."
            if sc[i] == 4:
                body += f" Only concern: {first} {rng.choice(WEAK)}."
        elif sc[i] == 3:
            body = f"{first} {rng.choice(STRENGTH)}, but {rng.choice(WEAK)}."
        else:
            w = rng.sample(WEAK, 2)
            body = f"{first} {w[0]}, and also {w[1]}."
        score = rng.choice(
            [
                f"I'd give {first} {SCORE_WORD[sc[i]]}.",
                f"Score: {sc[i]}/5.",
                f"{SCORE_WORD[sc[i]].capitalize()} from me.",
            ]
        )
        lines.append(f"{p}. {body} {score}")
        lines.append("")
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Recommendation to the hiring manager: make an offer to {c}.",
                "We agreed to move {c} to the offer stage.",
                "Outcome: offer {c}.",
            ]
        ).format(c=ppl[c])
    )
    return "\n".join(lines), ppl[c], f"who to hire as {role}"


# ----------------------------------------------------------------------------- route

TRIPS = [
    (
        "Heathrow",
        [
            "the M25",
            "the A4",
            "the M4 and Hammersmith",
            "the North Circular",
            "the A40 through Ealing",
            "Richmond and the A316",
        ],
    ),
    (
        "the coast",
        [
            "the A38",
            "the back road over the moor",
            "the M5 and the A30",
            "the B3212",
            "the coast road",
            "Tavistock",
        ],
    ),
    (
        "Grandma's",
        [
            "the ring road",
            "the bypass",
            "town centre",
            "the old mill road",
            "the motorway",
            "the lanes past the reservoir",
        ],
    ),
]


def t_route(rng, rule):
    dest, pool = rng.choice(TRIPS)
    k = rng.randint(3, 5)
    roads = rng.sample(pool, k)
    mins = distinct(rng, 28, 95, k, 4)
    rk = by_rank(mins, k)
    lines = [
        rng.choice(
            [
                f"Need to be at {dest} by {rng.randint(6, 10)}:{rng.choice(['00', '15', '30'])}"
                " and we're already late, so the only thing that matters is time.",
                f"Checking the ways to {dest} - fastest wins, I don't care about tolls today.",
            ]
        )
    ]
    for i, r in enumerate(roads):
        s = rng.choice(
            [
                f"Via {r} Maps says about {mins[i]} minutes",
                f"Going by {r}: {mins[i]} min",
                f"{cap(r)} route - {mins[i]} minutes with current traffic",
            ]
        )
        if rk[i] == 0:
            s += rng.choice([", the quickest.", ", fastest by a margin.", " - nothing beats it."])
        elif rk[i] == k - 1:
            s += rng.choice([", slowest, forget it.", " - way too long.", ", the worst."])
        else:
            s += rng.choice([".", ", meh.", ", not the quickest."])
        lines.append(s)
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["Taking {c}.", "Right, {c} it is.", "Off we go via {c}."]).format(c=roads[c])
    )
    return "\n".join(lines), roads[c], f"which way to drive to {dest}"


# ----------------------------------------------------------------------------- abtest

VARIANTS = [
    "control",
    "green CTA button",
    "shorter form",
    "social-proof banner",
    "price anchored",
    "one-page checkout",
    "free-shipping badge",
    "headline rewrite",
]


def t_abtest(rng, rule):
    k = rng.randint(3, 5)
    names = ["control", *rng.sample(VARIANTS[1:], k - 1)]
    labels = [chr(ord("A") + i) for i in range(k)]
    while True:
        base = rng.randint(8000, 15000)
        vis = [base + rng.randint(-300, 300) for _ in range(k)]
        rate_bp = distinct(rng, 280, 430, k, 18)
        conv = [round(v * r / 10000) for v, r in zip(vis, rate_bp, strict=True)]
        rate = [c_ / v for c_, v in zip(conv, vis, strict=True)]
        s = sorted(rate)
        if all(b - a >= 0.0015 for a, b in itertools.pairwise(s)):
            break
    rk = by_rank(rate, k, reverse=True)
    page = rng.choice(["pricing page", "checkout", "signup flow", "landing page"])
    lines = [
        rng.choice(
            [
                f"## A/B test results: {page}",
                f"Experiment write-up - {page}, {k} arms",
                f"{page.capitalize()} test, two weeks, traffic split evenly",
            ]
        ),
        "",
        rng.choice(
            [
                "Primary metric is conversion rate; every arm got enough traffic that the "
                "ordering is stable week over week.",
                "We're judging on conversion rate only. Numbers below are the full two weeks.",
            ]
        ),
        "",
    ]
    for i in range(k):
        lift = (rate[i] / rate[0] - 1) * 100
        ln = f"- {labels[i]} ({names[i]}): {vis[i]:,} visitors, {conv[i]:,} conversions, "
        ln += f"{100 * rate[i]:.2f}%"
        if i > 0:
            ln += f", {lift:+.1f}% vs control"
        if rk[i] == 0:
            ln += rng.choice([" - best arm", " <- highest", " - top performer"])
        elif rk[i] == k - 1:
            ln += rng.choice([" - worst arm", " (lowest)"])
        lines.append(ln)
    c = pick_rule(rng, rule, rk)
    lines.append("")
    lines.append(
        rng.choice(
            [
                "Decision: ship {l} ({n}) to 100%.",
                "We'll roll out {l} ({n}) to everyone on Monday.",
                "Shipping {l} - {n}.",
            ]
        ).format(l=labels[c], n=names[c])
    )
    return "\n".join(lines), f"{labels[c]} ({names[c]})", f"which {page} variant to ship"


# ----------------------------------------------------------------------------- modelsel

MODELS = [
    "the 2-layer LSTM",
    "the small transformer (6 layers)",
    "the GRU with attention",
    "gradient-boosted trees on lag features",
    "the 1D CNN",
    "the transformer with dropout 0.3",
    "the linear baseline",
    "the TCN",
]


def t_modelsel(rng, rule):
    k = rng.randint(3, 6)
    ms = rng.sample(MODELS, k)
    loss = [x / 1000 for x in distinct(rng, 280, 720, k, 9)]
    rk = by_rank(loss, k)
    task = rng.choice(
        [
            "the demand forecast",
            "churn prediction",
            "next-token on the support logs",
            "the sensor anomaly model",
        ]
    )
    lines = [
        rng.choice(
            [
                f"Model selection notes for {task}. Same splits, same early stopping, "
                "picking on validation loss.",
                f"Okay, sweep for {task} finished overnight. Lower validation loss wins; "
                "test set stays untouched until the end.",
            ]
        )
    ]
    for i, m in enumerate(ms):
        ep = rng.randint(6, 40)
        s = rng.choice(
            [
                f"{cap(m)} bottomed out at a validation loss of {loss[i]:.3f} at epoch {ep}.",
                f"{cap(m)} got down to {loss[i]:.3f} on validation (epoch {ep}).",
                f"For {m} the best validation loss was {loss[i]:.3f}, reached at epoch {ep}.",
            ]
        )
        if rk[i] == 0:
            s += " " + rng.choice(["That's the lowest of the sweep.", "Best of the lot."])
        elif rk[i] == k - 1:
            s += " " + rng.choice(["Worst by a clear margin.", "Clearly the weakest."])
        lines.append(s)
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(
            [
                "Going forward with {c} for the test-set run.",
                "Freezing {c} and running it on test.",
                "Sending {c} to the test set.",
            ]
        ).format(c=ms[c])
    )
    return "\n".join(lines), ms[c], f"which model to use for {task}"


# ----------------------------------------------------------------------------- recipe

BAKES = [
    (
        "the vegan brownies",
        "egg",
        ["a flax egg", "aquafaba", "apple sauce", "mashed banana", "silken tofu", "a chia egg"],
    ),
    (
        "the gluten-free shortbread",
        "flour",
        [
            "rice flour",
            "oat flour",
            "shop-bought GF blend",
            "almond flour",
            "buckwheat flour",
            "sorghum flour",
        ],
    ),
    (
        "the dairy-free scones",
        "butter",
        [
            "coconut oil",
            "vegan block butter",
            "olive oil",
            "vegetable shortening",
            "margarine",
            "cashew butter",
        ],
    ),
]
NOTE_GOOD = [
    "honestly indistinguishable from the original - right texture, right taste",
    "the best of the lot: rich, tender, nobody guessed",
    "really good, I'd happily serve this",
]
NOTE_MID = [
    "fine, slightly dry at the edges",
    "okay but a bit crumbly",
    "tastes alright, texture a little off",
    "edible, just not as rich",
]
NOTE_BAD = [
    "gummy in the middle and you can taste it",
    "fell apart completely",
    "a weird aftertaste, nobody went back for seconds",
    "dense and greasy, not good",
]


def t_recipe(rng, rule):
    bake, ing, pool = rng.choice(BAKES)
    k = rng.randint(3, 5)
    subs = rng.sample(pool, k)
    rk = ranks(rng, k)
    mids = rng.sample(NOTE_MID, len(NOTE_MID))
    bads = rng.sample(NOTE_BAD, len(NOTE_BAD))
    sent = []
    for i, s in enumerate(subs):
        if rk[i] == 0:
            note = rng.choice(NOTE_GOOD)
        elif rk[i] == k - 1:
            note = bads.pop()
        else:
            note = mids.pop()
        sent.append(
            rng.choice(
                [
                    f"Batch {i + 1} used {s} instead of {ing}: {note}.",
                    f"With {s}, {note}.",
                    f"The {s.removeprefix('a ')} batch was {note}.",
                ]
            )
        )
    intro = rng.choice(
        [
            f"Test bake for {bake} - I made {k} small batches, each swapping the {ing} for "
            "something else, and tasted them side by side with my flatmates.",
            f"Saturday experiment: {bake}, {k} mini batches, one {ing} substitute each.",
        ]
    )
    c = pick_rule(rng, rule, rk)
    end = rng.choice(
        [
            "For the bake sale I'm using {c}.",
            "Writing {c} into the recipe card.",
            "The full tray gets {c}.",
        ]
    ).format(c=subs[c])
    text = intro + " " + " ".join(sent) + "\n\n" + end
    return text, subs[c], f"what to use instead of {ing} in {bake}"


# ----------------------------------------------------------------------------- title

PAPERS = [
    ("contrastive pretraining", "satellite image segmentation"),
    ("sparse attention", "long-document summarisation"),
    ("Bayesian optimisation", "chip floorplanning"),
    ("graph neural networks", "traffic forecasting"),
    ("curriculum learning", "low-resource machine translation"),
]
TITLE_GOOD_T = [
    "{X} for {Y}",
    "Learning {Y} with {X}",
    "{Y} with {X}",
]
TITLE_BAD_T = [
    ("Towards Better {Y}", "too vague, says nothing about the method"),
    ("{X} Is All You Need", "done to death"),
    ("On {Y}", "so vague it could be any paper from the last ten years"),
    (
        "A {X} Approach to Scalable, Robust and Efficient {Y} in the Wild",
        "far too long, and we never test 'in the wild'",
    ),
    ("{Y}: A Survey of What Works", "sounds like a survey, which it isn't"),
    ("Mind the Gap: {X} Meets {Y}", "the pun won't land with anyone outside the lab"),
    ("Solving {Y} Once and for All with {X}", "overclaims - reviewers will hate it"),
]
TITLE_GOOD = [
    "short, says what we did and what we found - this is the one",
    "clear, specific, and it matches our main result",
    "best so far: names both the method and the task without overselling",
]


def tc(s):
    return " ".join(w[:1].upper() + w[1:] for w in s.split())


def t_title(rng, rule):
    x, y = rng.choice(PAPERS)
    k = rng.randint(3, 6)
    rk = ranks(rng, k)
    bad = rng.sample(TITLE_BAD_T, k - 1)
    temps, whys = [], []
    for i in range(k):
        if rk[i] == 0:
            temps.append(rng.choice(TITLE_GOOD_T))
            whys.append(rng.choice(TITLE_GOOD))
        else:
            t, w = bad.pop()
            temps.append(t)
            whys.append(w)
    titles = [t.format(X=tc(x), Y=tc(y)) for t in temps]
    lines = [
        rng.choice(
            [
                f"Title brainstorm for the {x} / {y} paper (deadline Friday):",
                f"We still don't have a title for the {y} submission. Options and my take:",
            ]
        )
    ]
    for i, t in enumerate(titles):
        why = whys[i]
        lines.append(rng.choice([f'- "{t}" - {why}.', f'"{t}": {why}.', f'* "{t}". {cap(why)}.']))
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(['Submitting as "{c}".', 'Putting "{c}" in the LaTeX.', 'Title: "{c}".']).format(
            c=titles[c]
        )
    )
    return "\n".join(lines), titles[c], f"what to title the {y} paper"


# ----------------------------------------------------------------------------- proscons

PC_TOPICS = [
    (
        "where to host the side project",
        ["Fly.io", "a Hetzner VPS", "Render", "Railway", "a Raspberry Pi at home", "AWS Lightsail"],
        [
            "cheap",
            "easy deploys",
            "good docs",
            "fast cold starts",
            "simple pricing",
            "managed Postgres included",
            "close to our users",
        ],
        [
            "pricing is confusing",
            "flaky deploys lately",
            "no managed database",
            "I'd have to patch it myself",
            "sleeps on the free tier",
            "support is slow",
            "egress costs add up",
        ],
    ),
    (
        "which city to move to",
        ["Lisbon", "Leipzig", "Valencia", "Tallinn", "Porto", "Ghent"],
        [
            "affordable rent",
            "good tech job market",
            "great weather",
            "easy flights home",
            "walkable",
            "friends already there",
            "good public transport",
        ],
        [
            "rents rising fast",
            "language barrier at work",
            "long winters",
            "few English-speaking jobs",
            "far from family",
            "tough bureaucracy",
            "small job market",
        ],
    ),
]


def t_proscons(rng, rule):
    q, pool, pros, cons = rng.choice(PC_TOPICS)
    k = rng.randint(3, 5)
    opts = rng.sample(pool, k)
    rk = ranks(rng, k)
    lines = [
        rng.choice(
            [f"Trying to decide {q}. Pros and cons for each:", f"Okay, {q}. Listing it all out."]
        ),
        "",
    ]
    for i, o in enumerate(opts):
        np_, nc = (3, 1) if rk[i] == 0 else (rng.randint(1, 2), rng.randint(2, 3))
        if rk[i] != 0 and np_ >= nc:
            nc = np_ + 1
        p = rng.sample(pros, np_)
        cn = rng.sample(cons, nc)
        style = rng.randrange(3)
        if style == 0:
            lines.append(f"**{o}.** Pros: {', '.join(p)}. Cons: {', '.join(cn)}.")
        elif style == 1:
            lines.append(f"{cap(o)}: in its favour, {join_and(p)}. Against it, {join_and(cn)}.")
        else:
            lines.append(f"{cap(o)}\n  + " + "\n  + ".join(p) + "\n  - " + "\n  - ".join(cn))
        lines.append("")
    best = rk.index(0)
    lines.append(
        rng.choice(
            [
                f"Weighing it up, {opts[best]} has the most going for it and the fewest "
                "drawbacks; the others have more cons than pros.",
                f"On balance {opts[best]} comes out ahead - three real pluses, one minus. "
                "Everything else is net negative.",
            ]
        )
    )
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["Decision: {c}.", "So: {c}.", "I'm going with {c}."]).format(c=opts[c])
    )
    return "\n".join(lines), opts[c], q


# ----------------------------------------------------------------------------- checklist

TOOLS = [
    (
        "expense tool",
        ["Spendly", "Receipta", "ExpenseHub", "Claimit", "Pennywise Pro", "Ledgerly"],
    ),
    (
        "status-page service",
        ["Statusly", "UpNotice", "PingBoard", "Incidently", "GreenLight", "StatusHQ"],
    ),
    (
        "password manager",
        ["Vaultly", "KeyKeeper", "LockBox Teams", "Passwise", "Cipherly", "SafeRoom"],
    ),
]
REQS = [
    ("SAML SSO", "only Google login"),
    ("EU data residency", "US-only hosting"),
    ("SOC 2 report", "report still 'in progress'"),
    ("SCIM provisioning", "manual user management"),
    ("audit log export", "logs only viewable in the UI"),
    ("under £10 per seat", "£14 per seat"),
]


def t_checklist(rng, rule):
    what, pool = rng.choice(TOOLS)
    k = rng.randint(3, 5)
    names = rng.sample(pool, k)
    nr = rng.randint(max(3, k - 1), 6)
    reqs = rng.sample(REQS, nr)
    rk = ranks(rng, k)
    fails = []
    for i in range(k):
        nf = min(nr, rk[i] + rng.randint(0, 1)) if rk[i] else 0
        fails.append(sorted(rng.sample(range(nr), nf)))
    lines = [
        rng.choice(
            [
                f"Security checklist for the {what} - all requirements are hard requirements.",
                f"Going through IT's must-haves for a new {what}:",
            ]
        )
    ]
    for j, (req, why) in enumerate(reqs):
        cells = []
        for i, n in enumerate(names):
            cells.append(f"{n}: no ({why})" if j in fails[i] else f"{n}: yes")
        lines.append(f"{j + 1}. {req} - " + ", ".join(cells))
    if rng.random() < 0.5:
        lines.append(
            "Tally: "
            + ", ".join(f"{n} {nr - len(fails[i])}/{nr}" for i, n in enumerate(names))
            + "."
        )
    best = rk.index(0)
    lines.append(
        rng.choice(
            [
                f"Only {names[best]} passes everything.",
                f"{names[best]} is the one that ticks every box; the rest fail at least one.",
            ]
        )
    )
    c = pick_rule(rng, rule, rk)
    lines.append(
        rng.choice(["Raising the PO for {c}.", "Starting the trial with {c}.", "-> {c}."]).format(
            c=names[c]
        )
    )
    return "\n".join(lines), names[c], f"which {what} to buy"


# ----------------------------------------------------------------------------- non-search only


def t_single(rng, rule):
    h, m = rng.randint(6, 8), rng.choice([0, 5, 10, 15, 20])
    walk = rng.choice([8, 10, 12, 15])
    train = rng.choice([34, 41, 47, 52])
    change = rng.choice([6, 8, 11])
    bus = rng.choice([14, 18, 22])

    def at(t):
        return f"{h + t // 60 + (m + t % 60) // 60}:{(m + t % 60) % 60:02d}"

    t1 = walk
    t2 = t1 + train
    t3 = t2 + change
    t4 = t3 + bus
    dest = rng.choice(["the interview", "the client site", "the conference venue"])
    lines = [
        f"Getting to {dest} tomorrow. Plan:",
        f"Leave the flat at {at(0)}, walk {walk} minutes to the station - there at {at(t1)}.",
        f"Train at {at(t1)}, {train} minutes, arrives {at(t2)}.",
        f"{change} minutes to get to the bus stop, so {at(t3)}.",
        f"Bus {rng.randint(10, 99)}, {bus} minutes, gets me there at {at(t4)}.",
        rng.choice(["That leaves a bit of slack. Setting the alarm.", "Fine. Alarm set."]),
        f"So: leave at {at(0)}.",
    ]
    return "\n".join(lines), f"leave at {at(0)}", f"how to get to {dest}"


def t_policy(rng, rule):
    what, pool = rng.choice(SUPPLY)
    k = rng.randint(3, 5)
    names = rng.sample(pool, k)
    tot = [x * 10 for x in distinct(rng, 250, 1100, k, 15)]
    c = rng.randrange(k)
    lines = [
        f"Quotes for {what}, first-year totals:",
        *[f"- {n}: £{t:,}" for n, t in zip(names, tot, strict=True)],
        rng.choice(
            [
                "Doesn't matter much though - procurement says we can only use suppliers on "
                f"the approved framework, and {names[c]} is the only one on it.",
                f"Turns out {names[c]} is the only one on the council's approved list, "
                "so legally that's who we have to use regardless of price.",
            ]
        ),
        f"Going with {names[c]}.",
    ]
    return "\n".join(lines), names[c], f"which supplier to use for {what}"


LUNCH = [
    "Pho Saigon",
    "Dishoom",
    "the falafel cart",
    "Pizza Pilgrims",
    "Wagamama",
    "the Greek deli",
    "Honest Burgers",
]


def t_rota(rng, rule):
    k = rng.randint(3, 5)
    places = rng.sample(LUNCH, k)
    sc = rng.sample([2, 3, 4, 5, 6, 7, 8, 9], k)
    person = rng.choice(COLLEAGUES)
    c = rng.randrange(k)
    lines = [
        "Team lunch Friday. Our ratings from the last outings:",
        *[f"  {cap(p)} - {s}/10" for p, s in zip(places, sc, strict=True)],
        rng.choice(
            [
                f"But it's {person}'s turn on the rota, and {person} wants {places[c]}. "
                "Rules are rules.",
                f"We don't vote though - the rota says {person} picks this week, "
                f"and {person} picked {places[c]}.",
            ]
        ),
        f"Booked {places[c]} for 12:30.",
    ]
    return "\n".join(lines), places[c], "where to go for team lunch"


def t_posthoc(rng, rule):
    k = rng.randint(3, 5)
    ms = rng.sample(MODELS, k)
    loss = [x / 1000 for x in distinct(rng, 280, 720, k, 9)]
    c = rng.randrange(k)
    task = rng.choice(["the demand forecast", "churn prediction", "the sensor anomaly model"])
    lines = [
        f"Retro notes on {task}.",
        f"We shipped {ms[c]} back in March - it was what the starter repo came with and "
        "there was no time to try anything else.",
        "Last week I finally trained all of them on the same split, just to see:",
        *[f"  {cap(m)}: val loss {x:.3f}" for m, x in zip(ms, loss, strict=True)],
        rng.choice(
            [
                f"Not touching production this quarter, so {ms[c]} stays.",
                f"Interesting, but {ms[c]} stays in prod for now.",
            ]
        ),
    ]
    return "\n".join(lines), ms[c], f"which model to use for {task}"


SVC_NAMES = ["Heron", "Atlas", "Bramble", "Quokka", "Nimbus", "Juniper", "Ferret", "Marlow"]
SVC_NOTES = [
    "sounds nice",
    "a bit generic",
    "already taken by another team's repo",
    "hard to spell",
    "people will make jokes",
    "easy to say on calls",
]


def t_alpha(rng, rule):
    k = rng.randint(3, 6)
    names = rng.sample(SVC_NAMES, k)
    notes = [rng.choice(SVC_NOTES) for _ in range(k)]
    c = names.index(sorted(names)[0])
    lines = [
        "Naming the new ingestion service. Suggestions from the channel:",
        *[f"- {n} ({w})" for n, w in zip(names, notes, strict=True)],
        rng.choice(
            [
                "We agreed before the thread started that if it took more than ten minutes "
                "we'd just take the alphabetically first name.",
                "Time's up, and the rule was: alphabetical order breaks the deadlock.",
            ]
        ),
        f"So it's {names[c]}.",
    ]
    return "\n".join(lines), names[c], "what to name the ingestion service"


def t_minutes(rng, rule):
    k = rng.randint(3, 5)
    ppl = rng.sample(COLLEAGUES, k)
    ideas = rng.sample(
        [
            "move standup to 10:00",
            "async standup in Slack",
            "standup only Mon/Wed/Fri",
            "drop standup, keep the Friday demo",
            "rotate the facilitator weekly",
            "15-minute hard cap with a timer",
        ],
        k,
    )
    c = rng.randrange(k)
    lines = [
        f"Minutes - team sync, {rng.choice(['Mon', 'Tue', 'Wed'])} {rng.randint(1, 28)} Oct",
        "Attendees: " + ", ".join(ppl),
        "Item 1: standup format. Proposals:",
        *[f"  - {p}: {i}" for p, i in zip(ppl, ideas, strict=True)],
        f"Decision: {ideas[c]}.",
        "Item 2: AOB - none.",
    ]
    return "\n".join(lines), ideas[c], "how to change the standup"


# ----------------------------------------------------------------------------- registry

PROCS = {
    "vendor_S": ("search", make_text_proc(t_vendor, "best")),
    "vendor_N_random": ("non-search", make_text_proc(t_vendor, "random")),
    "bench_S": ("search", make_text_proc(t_bench, "best")),
    "bench_N_first": ("non-search", make_text_proc(t_bench, "first")),
    "ddx_S": ("search", make_text_proc(t_ddx, "best")),
    "ddx_N_random": ("non-search", make_text_proc(t_ddx, "random")),
    "chess_S": ("search", make_text_proc(t_chess, "best")),
    "chess_N_last": ("non-search", make_text_proc(t_chess, "last")),
    "hiring_S": ("search", make_text_proc(t_hiring, "best")),
    "hiring_N_random": ("non-search", make_text_proc(t_hiring, "random")),
    "route_S": ("search", make_text_proc(t_route, "best")),
    "route_N_first": ("non-search", make_text_proc(t_route, "first")),
    "abtest_S": ("search", make_text_proc(t_abtest, "best")),
    "abtest_N_random": ("non-search", make_text_proc(t_abtest, "random")),
    "modelsel_S": ("search", make_text_proc(t_modelsel, "best")),
    "modelsel_N_last": ("non-search", make_text_proc(t_modelsel, "last")),
    "recipe_S": ("search", make_text_proc(t_recipe, "best")),
    "recipe_N_random": ("non-search", make_text_proc(t_recipe, "random")),
    "title_S": ("search", make_text_proc(t_title, "best")),
    "title_N_first": ("non-search", make_text_proc(t_title, "first")),
    "proscons_S": ("search", make_text_proc(t_proscons, "best")),
    "proscons_N_random": ("non-search", make_text_proc(t_proscons, "random")),
    "checklist_S": ("search", make_text_proc(t_checklist, "best")),
    "checklist_N_last": ("non-search", make_text_proc(t_checklist, "last")),
    "single_N": ("non-search", make_text_proc(t_single, None)),
    "policy_N": ("non-search", make_text_proc(t_policy, None)),
    "rota_N": ("non-search", make_text_proc(t_rota, None)),
    "posthoc_N": ("non-search", make_text_proc(t_posthoc, None)),
    "minutes_N": ("non-search", make_text_proc(t_minutes, None)),
    "alpha_N": ("non-search", make_text_proc(t_alpha, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=14)


if __name__ == "__main__":
    sys.exit(main())
