#!/usr/bin/env python3
"""Held-out probe 10 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, the pick ignores the
evaluations):

free text (task "prompt"):
  hire_S / _N_random            hiring write-up, one prose paragraph per candidate with a
                                panel score "31 out of 40"; offer goes to the top scorer
  grade_S / _N_first            letter grades in prose "I'd give it a B+"
  conf_S / _N_random            diagnosis: confidence per hypothesis "I'd put 55% on ...",
                                act on the most likely one's remedy / a random one
  fixrun_S / _N_last            debugging: each fix tried on its own branch, followed by a
                                test-run result ("3 tests still failing" / "all green")
  rankline_S / _N_random        options introduced, then one ranking line "Best: X, then
                                Y, worst Z" (or "X > Y > Z"), then the pick
  route_S / _N_random           route planning with travel times ("52 min", "1h05")
  nvals_S / _N_first            math: try candidate values of n, check each ("too small",
                                "too big", "works"); answer the n that works / first tried
  stars_S / _N_last             star ratings in prose ("a solid three stars")
  beats_S / _N_random           pairwise "X beats Y on price", "Z is out"
  procon_S / _N_first           one paragraph per option "On the plus side ... On the
                                downside ... Net: ..."
  fixthink_S / _N_random        "<think>" price comparison with a self-correction (a
                                misread price put right); pick the truly cheapest / random
non-search only (free text):
  listonly_N                    shortlist named inline in one sentence, no evaluation
  single_N                      one chain of arithmetic (scaling a recipe), no options
  stress_N                      one plan stress-tested after the fact ("what if ...")
game24 (solvable puzzles, checked with probe 8's Fraction solver):
  g24_nest_S / _N_random        nested expressions reduced inline "(8-2)*(5-1) -> 6*4 ->
                                24, yes"; answer = the one reaching 24 / a random one
  g24_tree_S / _N_first         tree of partial results grouped by first move ("10-4=6 ->
                                left 6 9 13", indented completions marked); answer = the
                                24 branch / the first branch listed
  g24_listed_N                  candidate shapes listed without evaluating any, one
                                claimed as the answer
No countdown forms: probe 8 writes only "prompt" and "game24" records.

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe10.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
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
    make_puzzle,
    make_text_proc,
    pick,
    random_path,
    ranks,
)

N_TEXTS = 30

# ----------------------------------------------------------------------------- vocab

TOPICS = [
    (
        "which coffee grinder to buy for the office",
        [
            "the Baratza Encore",
            "the Fellow Ode",
            "the Wilfa Uniform",
            "the 1Zpresso hand grinder",
            "the Breville Smart Grinder",
        ],
    ),
    (
        "which venue to book for the wedding reception",
        [
            "the old mill",
            "the botanical garden pavilion",
            "the rooftop at the Grand",
            "the vineyard barn",
            "the community hall",
        ],
    ),
    (
        "which note-taking app the team should standardise on",
        ["Notion", "Obsidian", "Confluence", "OneNote", "Google Docs"],
    ),
    (
        "where to host the client's marketing site",
        ["Netlify", "Vercel", "a Hetzner VPS", "Cloudflare Pages", "shared hosting at Bluehost"],
    ),
    (
        "which neighbourhood to rent in after the move",
        ["Kreuzberg", "Prenzlauer Berg", "Neukoelln", "Charlottenburg", "Friedrichshain"],
    ),
    (
        "which logging stack to adopt",
        ["Grafana Loki", "the ELK stack", "Datadog", "Splunk", "CloudWatch Logs"],
    ),
]

GOODS = [
    "it's the cheapest by a distance",
    "setup took ten minutes",
    "people I trust swear by it",
    "it has never let anyone down",
    "it grows with us",
    "there's basically nothing to maintain",
    "the support people actually answer",
    "it fits the schedule perfectly",
]
BADS = [
    "the price is steep",
    "the wait is months",
    "nobody here knows it",
    "there were outages twice last month",
    "the contract ties us in for three years",
    "the reviews are all over the place",
    "it needs a lot of babysitting",
    "it's awkward to get to",
]

INTROS = [
    "Working out {q}.",
    "Right, {q}.",
    "I've been going back and forth on {q}.",
    "Writing this down so I stop dithering on {q}.",
    "Time to decide {q}.",
    "Comparing notes on {q}.",
]

ENDS = [
    "I'm settling on {c}.",
    "Conclusion: {c}.",
    "Going for {c}.",
    "Pick: {c}.",
    "That makes it {c}.",
    "Ordering {c} then.",
    "Okay, {c}.",
]


def topic(rng, kmin=2, kmax=5):
    q, pool = rng.choice(TOPICS)
    return q, rng.sample(pool, rng.randint(kmin, kmax))


def end(rng, c):
    return rng.choice(ENDS).format(c=c)


def tier(rk_i, k):
    return 0 if rk_i == 0 else (2 if rk_i == k - 1 else 1)


# ----------------------------------------------------------------------------- free text

ROLES = ["the backend engineer role", "the support lead position", "the junior designer opening"]
PEOPLE = ["Jonas", "Wen", "Adaeze", "Rafael", "Sofia", "Kenji"]
HIRE_NOTE = [
    [
        "strongest system-design answer we've heard this year",
        "clear, calm and the references glowed",
        "nailed the take-home and asked the sharpest questions",
    ],
    [
        "solid on the technical part, a little vague on teamwork",
        "good answers, though the take-home was rushed",
        "fine overall, nothing that stood out either way",
    ],
    [
        "struggled with the live exercise",
        "two references never got back to us and the answers were thin",
        "seemed unsure about most of the core questions",
    ],
]


def t_hire(rng, rule):
    role = rng.choice(ROLES)
    k = rng.randint(2, 5)
    names = rng.sample(PEOPLE, k)
    rk = ranks(rng, k)
    sc = sorted(rng.sample(range(14, 39), k), reverse=True)
    paras = [
        rng.choice(
            [
                "Debrief for {r}. {k} people made it to the final round.",
                "Final-round notes, {r}.",
                "We need to make a call on {r} today.",
            ]
        ).format(r=role, k=k)
    ]
    for i, n in enumerate(names):
        s = sc[rk[i]]
        note = rng.choice(HIRE_NOTE[tier(rk[i], k)])
        paras.append(
            rng.choice(
                [
                    "{n} scored {s} out of 40 on the panel interview; {w}.",
                    "The panel gave {n} {s}/40 - {w}.",
                    "{n} came out at {s} of 40 points on the interview rubric. In short: {w}.",
                ]
            ).format(n=n, s=s, w=note)
        )
    c = pick(rng, rule, rk)
    paras.append(
        rng.choice(
            ["Offer goes to {c}.", "Extending the offer to {c}.", "{c} gets the offer."]
        ).format(c=names[c])
    )
    return "\n\n".join(paras), names[c], f"who to hire for {role}"


GRADES = ["A", "A-", "B+", "B", "B-", "C+", "C", "D"]


def t_grade(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    gi = sorted(rng.sample(range(len(GRADES)), k))
    parts = [rng.choice(INTROS).format(q=q)]
    for i, n in enumerate(names):
        g = GRADES[gi[rk[i]]]
        t = tier(rk[i], k)
        why = rng.choice(GOODS) if t == 0 else rng.choice(BADS)
        if t == 1:
            why = rng.choice(GOODS) + ", but " + rng.choice(BADS)
        parts.append(
            rng.choice(
                [
                    "{N}: {w}. I'd give it {ag}.",
                    "Grading {n}: {g}, because {w}.",
                    "{N} gets {ag} from me ({w}).",
                    "If I had to grade {n}, {ag} - {w}.",
                ]
            ).format(n=n, N=cap(n), g=g, ag=("an " if g[0] == "A" else "a ") + g, w=why)
        )
    c = pick(rng, rule, rk)
    parts.append(end(rng, names[c]))
    return " ".join(parts), names[c], q


DIAG = [
    (
        "why the sourdough isn't rising",
        [
            ("a weak starter", "feed the starter twice a day for a few days"),
            ("a cold kitchen", "proof it in the oven with the light on"),
            ("low-protein flour", "switch to a bread flour"),
            ("too much salt", "cut the salt to 2%"),
            ("under-kneading", "add a few more stretch-and-folds"),
        ],
    ),
    (
        "why the car won't start this morning",
        [
            ("a flat battery", "jump-start it from the neighbour's car"),
            ("a worn starter motor", "tap the starter and try again"),
            ("an empty tank", "put in a can of fuel"),
            ("a blown ignition fuse", "swap the ignition fuse"),
            ("a seized immobiliser", "try the spare key"),
        ],
    ),
    (
        "why the wifi keeps dropping upstairs",
        [
            ("channel interference from the neighbours", "move the router to channel 11"),
            ("the router overheating", "take the router out of the cupboard"),
            ("old firmware", "flash the latest firmware"),
            ("a fault on the ISP's line", "call the ISP"),
            ("the mesh node being too far away", "move the mesh node to the landing"),
        ],
    ),
]


def t_conf(rng, rule):
    what, hyps = rng.choice(DIAG)
    k = rng.randint(2, 5)
    hs = rng.sample(hyps, k)
    rk = ranks(rng, k)
    while True:  # a person's guesses, adding up to at most 100%
        ps = sorted(rng.sample(range(5, 75, 5), k), reverse=True)
        if sum(ps) <= 100:
            break
    parts = [
        rng.choice(
            [
                "Trying to work out {w}.",
                "Figuring out {w}. My guesses, with how sure I am:",
                "Okay, {w}? Possible causes:",
            ]
        ).format(w=what)
    ]
    for i, (h, _act) in enumerate(hs):
        p = ps[rk[i]]
        parts.append(
            rng.choice(
                [
                    "I'd put {p}% on {h}.",
                    "Maybe {p}% it's {h}.",
                    "{h_} - {p}% sure.",
                    "Confidence {p}%: {h}.",
                    "{h_}? I'd say {p} percent.",
                ]
            ).format(p=p, h=h, h_=cap(h))
        )
    c = pick(rng, rule, rk)
    act = hs[c][1]
    parts.append(
        rng.choice(
            ["First thing I'll do: {a}.", "So: {a}.", "Acting on it - going to {a}."]
        ).format(a=act)
    )
    sep = "\n" if rng.random() < 0.5 else " "
    return sep.join(parts), act, what


FAILS = [
    (
        "test_parse_dates fails after the pandas upgrade",
        [
            "pin pandas back to 2.1",
            "pass format='mixed' to to_datetime",
            "coerce the column to string first",
            "drop the dayfirst flag",
            "parse with dateutil instead",
        ],
    ),
    (
        "the login integration tests fail on CI only",
        [
            "bump the session timeout in the test config",
            "seed the test user in a fixture",
            "run the tests serially",
            "mock the clock",
            "wait for the DB container's health check",
        ],
    ),
    (
        "the invoice totals are off by a cent in the snapshot tests",
        [
            "round with ROUND_HALF_UP",
            "switch the totals to Decimal",
            "round per line instead of per invoice",
            "regenerate the snapshots",
            "format with two decimals at the end only",
        ],
    ),
]


def t_fixrun(rng, rule):
    bug, fixes = rng.choice(FAILS)
    k = rng.randint(2, 5)
    fs = rng.sample(fixes, k)
    rk = ranks(rng, k)
    fails = [0, *sorted(rng.sample(range(1, 15), k - 1))]
    parts = [
        rng.choice(["Problem: {b}.", "Still chasing this: {b}.", "{B}."]).format(b=bug, B=cap(bug)),
        rng.choice(
            [
                "Tried each fix on its own branch and ran the full suite.",
                "One fix per branch, full test run after each:",
                "Each attempt from a clean checkout:",
            ]
        ),
    ]
    for i, f in enumerate(fs):
        m = fails[rk[i]]
        if m == 0:
            res = rng.choice(["all green.", "212 passed, 0 failed.", "everything passes."])
        else:
            res = rng.choice(
                [
                    "{m} tests still failing.",
                    "{m} failures.",
                    "still red, {m} failing.",
                    "better, but {m} left.",
                ]
            ).format(m=m)
            if m == 1:
                res = res.replace("tests", "test").replace("failures", "failure")
        parts.append(
            rng.choice(
                ["{i}. {F} -> {r}", "Attempt {i}: {f}. Result: {r}", "- {F}: ran the suite, {r}"]
            ).format(i=i + 1, f=f, F=cap(f), r=res)
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(["Merging the branch that does this: {f}.", "Keeping: {f}.", "PR: {f}."]).format(
            f=fs[c]
        )
    )
    return "\n".join(parts), fs[c], f"how to fix it: {bug}"


def t_rankline(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    order = sorted(range(k), key=lambda i: rk[i])  # best first
    intro = rng.choice(
        [
            "Candidates: {l}.",
            "Looked at {l}.",
            "The options I found were {l}.",
            "I've read up on {l}.",
        ]
    ).format(l=", ".join(names[:-1]) + " and " + names[-1])
    ns = [names[i] for i in order]
    if k == 2:
        line = rng.choice(["{a} over {b}.", "Ranking: {a} first, {b} second.", "{A} > {b}."])
        line = line.format(a=ns[0], A=cap(ns[0]), b=ns[1])
    else:
        style = rng.randrange(4)
        if style == 0:
            line = f"Best: {ns[0]}, then " + ", then ".join(ns[1:-1]) + f", worst {ns[-1]}."
        elif style == 1:
            line = "Ranking them: " + " > ".join(ns) + "."
        elif style == 2:
            line = "From best to worst: " + ", ".join(ns) + "."
        else:
            mid = ", ".join(ns[1:-1])
            line = f"Top is {ns[0]}, then {mid}, and {ns[-1]} comes last."
    c = pick(rng, rule, rk)
    parts = [
        rng.choice(INTROS).format(q=q),
        intro,
        rng.choice(["After a day of reading reviews:", "Having tried them all:", ""]) + " " + line,
        end(rng, names[c]),
    ]
    return "\n".join(p.strip() for p in parts), names[c], q


ROUTES = [
    "the A40",
    "the ring road",
    "straight through the centre",
    "the M25 clockwise",
    "the back lanes via Elmbridge",
    "the train plus a ten-minute walk",
]


def hm(t, rng):
    if t >= 60 and rng.random() < 0.6:
        return f"{t // 60}h{t % 60:02d}"
    return rng.choice(["{t} min", "about {t} minutes", "{t} minutes"]).format(t=t)


def t_route(rng, rule):
    k = rng.randint(2, 5)
    rs = rng.sample(ROUTES, k)
    rk = ranks(rng, k)
    ts = sorted(rng.sample(range(25, 95), k))
    dest = rng.choice(["the airport", "Mum's place", "the conference centre", "the stadium"])
    parts = [
        rng.choice(
            [
                "Need to get to {d} by 9. Checked the map for each way:",
                "Leaving for {d} at 8. Travel times right now:",
                "How do I get to {d} fastest this morning?",
            ]
        ).format(d=dest)
    ]
    for i, r in enumerate(rs):
        t = hm(ts[rk[i]], rng)
        parts.append(
            rng.choice(
                ["Via {r}: {t}.", "{R} is showing {t}.", "{R} - {t} with current traffic.",
                 "Taking {r} would be {t}."]
            ).format(r=r, R=cap(r), t=t)
        )  # fmt: skip
    c = pick(rng, rule, rk)
    parts.append(rng.choice(["Taking {r}.", "Off via {r}.", "Going {r}."]).format(r=rs[c]))
    sep = "\n" if rng.random() < 0.5 else " "
    return sep.join(parts), rs[c], f"which way to get to {dest}"


NFUNS = [
    ("n^2 + 3n", lambda n: n * n + 3 * n, lambda n: f"{n * n} + {3 * n}"),
    ("n(n+1)/2", lambda n: n * (n + 1) // 2, lambda n: f"{n}*{n + 1}/2"),
    ("2^n + n", lambda n: 2**n + n, lambda n: f"{2**n} + {n}"),
    ("n^3 - n", lambda n: n**3 - n, lambda n: f"{n**3} - {n}"),
]


def t_nvals(rng, rule):
    name, f, show = rng.choice(NFUNS)
    n0 = rng.randint(4, 12)
    target = f(n0)
    k = rng.randint(3, 5)
    others = rng.sample([n for n in range(2, 16) if n != n0], k - 1)
    pos = rng.randrange(1, k) if rule == "first" else rng.randrange(k)
    cands = list(others)
    cands.insert(pos, n0)
    parts = [
        rng.choice(
            [
                "Find the positive integer n with {e} = {t}.",
                "Solve {e} = {t} for a positive integer n.",
                "Which n gives {e} = {t}?",
            ]
        ).format(e=name, t=target),
        rng.choice(["Just try values.", "Guess and check:", "Trial values of n:"]),
    ]
    for n in cands:
        v = f(n)
        if v == target:
            verdict = rng.choice(["works!", "= {t}, yes.", "bang on."]).format(t=target)
        elif v < target:
            verdict = rng.choice(["too small.", "short of {t}.", "not enough."]).format(t=target)
        else:
            verdict = rng.choice(["too big.", "overshoots.", "more than {t}."]).format(t=target)
        parts.append(f"n = {n}: {show(n)} = {v}, {verdict}")
    c = pos if rule == "best" else 0
    parts.append(rng.choice(["So n = {n}.", "Answer: n = {n}", "n = {n}."]).format(n=cands[c]))
    return "\n".join(parts), f"n = {cands[c]}", f"solve {name} = {target}"


PLACES = [
    (
        "where to take the team for the end-of-year dinner",
        ["Osteria Nonna", "the ramen place on 5th", "Bistro Lune", "the Lebanese grill",
         "Smoke & Barrel"],
    ),
    (
        "which hotel to book for the Lyon trip",
        ["the Harbour Inn", "the Ibis by the station", "the boutique place in the old town",
         "the Marriott", "the flat near the venue"],
    ),
]  # fmt: skip
STARS = ["one star", "two stars", "three stars", "four stars", "five stars"]


def t_stars(rng, rule):
    q, pool = rng.choice(PLACES)
    k = rng.randint(2, 5)
    names = rng.sample(pool, k)
    rk = ranks(rng, k)
    sv = sorted(rng.sample(range(5), k), reverse=True)
    parts = [rng.choice(INTROS).format(q=q)]
    for i, n in enumerate(names):
        s = STARS[sv[rk[i]]]
        t = tier(rk[i], k)
        why = rng.choice(GOODS) if t == 0 else rng.choice(BADS)
        parts.append(
            rng.choice(
                [
                    "{N}: {s}, {w}.",
                    "I'd give {n} {s} - {w}.",
                    "{N} gets {s} from me; {w}.",
                    "{N}? A solid {s}, honestly, since {w}.",
                ]
            ).format(n=n, N=cap(n), s=s, w=why)
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(["Booking {c}.", "Reserving {c}.", "{C}, then."]).format(
            c=names[c], C=cap(names[c])
        )
    )
    return "\n".join(parts), names[c], q


DIMS = ["price", "reliability", "ease of setup", "support", "location", "reviews"]


def t_beats(rng, rule):
    q, names = topic(rng, 3, 5)
    k = len(names)
    rk = ranks(rng, k)
    ns = sorted(range(k), key=lambda i: rk[i])
    stm = []
    for a, b in zip(ns, [*ns[1:-1], None], strict=False):
        if b is None:
            continue
        d = rng.choice(DIMS)
        stm.append(
            rng.choice(
                ["{A} beats {b} on {d}.", "{B} loses to {a} on {d}.", "{A} edges out {b} on {d}."]
            ).format(a=names[a], A=cap(names[a]), b=names[b], B=cap(names[b]), d=d)
        )
    z = names[ns[-1]]
    stm.append(
        rng.choice(
            ["{Z} is out - {w}.", "{Z} is out, {w}.", "{Z} is out of the running: {w}."]
        ).format(Z=cap(z), w=rng.choice(BADS))
    )
    rng.shuffle(stm)
    c = pick(rng, rule, rk)
    parts = [rng.choice(INTROS).format(q=q), " ".join(stm), end(rng, names[c])]
    return "\n".join(parts), names[c], q


NETS = [
    ["Net: clearly worth it.", "All told, a strong option.", "Net: I like this a lot."],
    ["Net: fine, but not exciting.", "All told, okay.", "Net: it'd do."],
    ["Net: I wouldn't.", "All told, hard to justify.", "Net: no."],
]


def t_procon(rng, rule):
    q, names = topic(rng)
    k = len(names)
    rk = ranks(rng, k)
    paras = [rng.choice(INTROS).format(q=q)]
    for i, n in enumerate(names):
        t = tier(rk[i], k)
        npro = [2, 1, 1][t]
        pros = " and ".join(rng.sample(GOODS, npro))
        con = rng.choice(["a small thing: ", "", "mainly that "]) + rng.choice(BADS)
        if t == 0:
            con = rng.choice(["very little - maybe the colour scheme", "nothing serious"])
        hd = rng.choice(["**{N}.**", "### {N}", "{N} -"]).format(N=cap(n))
        paras.append(
            f"{hd} On the plus side, {pros}. On the downside, {con}. " + rng.choice(NETS[t])
        )
    c = pick(rng, rule, rk)
    paras.append(end(rng, names[c]))
    return "\n\n".join(paras), names[c], q


PLANS = [
    (
        "which password manager plan to get for the family",
        ["1Password Families", "Bitwarden Premium", "Dashlane Friends", "Proton Pass",
         "Keeper Family"],
    ),
    (
        "which phone plan to switch to",
        ["the Vodafone SIM-only", "Giffgaff's 20GB", "the Three unlimited", "Lebara",
         "the O2 Refresh"],
    ),
]  # fmt: skip


def t_fixthink(rng, rule):
    q, pool = rng.choice(PLANS)
    k = rng.randint(3, 5)
    names = rng.sample(pool, k)
    rk = ranks(rng, k)
    prices = sorted(rng.sample(range(4, 30), k))
    pr = [prices[rk[i]] for i in range(k)]
    best = rk.index(0)
    mis = rng.choice([i for i in range(k) if i != best])
    shown = pr[best] - rng.randint(1, 3)  # the misread price looks cheapest
    lines = [
        "<think>",
        rng.choice(
            [
                "The user wants to know {q}. All of them cover what they need, so it's price.",
                "Okay, {q}. Features are basically the same, so let me compare monthly cost.",
            ]
        ).format(q=q),
    ]
    for i, n in enumerate(names):
        p = shown if i == mis else pr[i]
        lines.append(rng.choice(["{N} is ${p} a month.", "{N}: ${p}/month.", "{N} costs ${p}."])
                     .format(N=cap(n), p=p))  # fmt: skip
    lines.append(
        rng.choice(["So {m} is cheapest.", "{M} looks like the cheapest then."]).format(
            m=names[mis], M=cap(names[mis])
        )
    )
    lines.append(
        rng.choice(
            [
                "Wait, no. Let me re-check {m} - ${s} was the first-year promo; it's ${p} after"
                " that. So {m} is actually ${p}.",
                "Hmm, actually I misread {m}: ${s} is per user, the family price is ${p}.",
                "Hold on, ${s} for {m} is billed yearly in advance with a setup fee - it works"
                " out to ${p} a month.",
            ]
        ).format(m=names[mis], s=shown, p=pr[mis])
    )
    redo = rng.choice(["Re-sorting with that fixed.", "Okay, redo the comparison.", ""])
    if redo:
        lines.append(redo)
    lines.append("</think>")
    c = pick(rng, rule, rk)
    lines += [
        "",
        rng.choice(["I'd go with {c}.", "Get {c}.", "Recommendation: {c}."]).format(c=names[c]),
    ]
    return "\n".join(lines), names[c], q


# ----------------------------------------------------------------------------- non-search text


def t_listonly(rng, rule):
    q, names = topic(rng, 3, 5)
    lst = ", ".join(names[:-1]) + " and " + names[-1]
    c = rng.randrange(len(names))
    parts = [
        rng.choice(INTROS).format(q=q),
        rng.choice(
            [
                "The shortlist (in no particular order) is {l}.",
                "People have mentioned {l}.",
                "What's on the table: {l}.",
            ]
        ).format(l=lst),
        rng.choice(
            [
                "No strong feelings, and nobody asked for a write-up.",
                "The boss said just pick one.",
                "",
            ]
        ),
        end(rng, names[c]),
    ]
    return " ".join(p for p in parts if p), names[c], q


def t_single(rng, rule):
    serves = rng.choice([4, 6])
    guests = rng.choice([10, 12, 15, 18])
    flour = rng.choice([250, 300, 400, 500])
    eggs = rng.choice([2, 3, 4])
    f = Fraction(guests, serves)
    fl = flour * f
    eg = eggs * f
    dish = rng.choice(["the lemon cake", "the quiche", "the pancakes", "the focaccia"])
    parts = [
        f"The recipe for {dish} serves {serves} and we have {guests} people coming.",
        f"So everything scales by {guests}/{serves} = {float(f):g}.",
        f"Flour: {flour} g times {float(f):g} is {float(fl):g} g.",
        f"Eggs: {eggs} times {float(f):g} is {float(eg):g}, so round to {round(float(eg) + 0.49)}.",
        rng.choice(
            [
                "Oven time stays the same if I split it across two tins.",
                "I'll bake it in two batches.",
            ]
        ),
        rng.choice(["Shopping list done.", "Writing that down."]),
    ]
    return " ".join(parts), f"{float(fl):g} g flour", f"how much to make of {dish}"


def t_stress(rng, rule):
    q, names = topic(rng, 1, 1)
    n = names[0]
    parts = [
        rng.choice(INTROS).format(q=q),
        rng.choice(
            ["The plan is {n}.", "We already agreed on {n}.", "It's going to be {n}."]
        ).format(n=n),
        rng.choice(["Stress-testing it:", "Poking holes in it:", "What could go wrong?"]),
    ]
    whatifs = [
        "what if the budget gets cut by 20%? Still fits.",
        "what if two people leave? Still manageable.",
        "what if it takes twice as long? We'd still make the deadline.",
        "what if the price goes up next year? We can absorb it.",
        "what if we need to switch later? There's an export path.",
    ]
    parts += [cap(x) for x in rng.sample(whatifs, rng.randint(2, 4))]
    parts.append(rng.choice(["Holds up. {N} stays.", "Fine - {n}.", "Nothing breaks it: {n}."])
                 .format(n=n, N=cap(n)))  # fmt: skip
    return "\n".join(parts), n, q


# ----------------------------------------------------------------------------- game24

OPS = ["+", "-", "*", "/"]


def fq(x):
    """A value as written inside an expression: fractions and negatives in brackets."""
    return fm(x) if x.denominator == 1 and x >= 0 else f"({fm(x)})"


def nest_expr(rng, nums):
    """A random full expression over nums, with a one-level reduced form and its value."""
    a, b, c, d = rng.sample(nums, 4)
    o1, o2, o3 = (rng.choice(OPS) for _ in range(3))
    fa, fb, fc, fd = (Fraction(x) for x in (a, b, c, d))
    shape = rng.randrange(3)
    if shape == 0:  # (a o1 b) o2 (c o3 d)
        v1, v2 = ap(fa, fb, o1), ap(fc, fd, o3)
        if v1 is None or v2 is None:
            return None
        v = ap(v1, v2, o2)
        e = f"({a}{o1}{b}){o2}({c}{o3}{d})"
        red = f"{fq(v1)}{o2}{fq(v2)}"
    elif shape == 1:  # ((a o1 b) o2 c) o3 d
        v1 = ap(fa, fb, o1)
        v2 = ap(v1, fc, o2) if v1 is not None else None
        if v2 is None:
            return None
        v = ap(v2, fd, o3)
        e = f"(({a}{o1}{b}){o2}{c}){o3}{d}"
        red = f"({fq(v1)}{o2}{c}){o3}{d} -> {fq(v2)}{o3}{d}"
    else:  # a o3 (b o2 (c o1 d))
        v1 = ap(fc, fd, o1)
        v2 = ap(fb, v1, o2) if v1 is not None else None
        if v2 is None:
            return None
        v = ap(fa, v2, o3)
        e = f"{a}{o3}({b}{o2}({c}{o1}{d}))"
        red = f"{a}{o3}({b}{o2}{fq(v1)}) -> {a}{o3}{fq(v2)}"
    if v is None:
        return None
    return e, red, v


def g24_nest_puzzle(rng, k):
    while True:
        nums = make_puzzle(rng)
        good = None
        for _ in range(3000):
            r = nest_expr(rng, nums)
            if r and r[2] == 24:
                good = r
                break
        if good:
            break
    bads = []
    while len(bads) < k - 1:
        r = nest_expr(rng, nums)
        if r and r[2] != 24 and r[0] not in [x[0] for x in bads]:
            bads.append(r)
    return nums, good, bads


def t_g24_nest(rng, rule):
    k = rng.randint(2, 5)
    nums, good, bads = g24_nest_puzzle(rng, k)
    atts = list(bads)
    pos = rng.randrange(k)
    atts.insert(pos, good)
    parts = [
        rng.choice(
            [
                "24 with {p}, all four once.",
                "Game of 24: {p}.",
                "Get 24 from {p}.",
            ]
        ).format(p=" ".join(map(str, nums)))
    ]
    for e, red, v in atts:
        hit = v == 24
        parts.append(
            rng.choice(
                [
                    "{e} -> {r} -> {v}, {m}",
                    "does {e} work? {r} = {v}. {M}",
                    "{e}: {r} = {v} {m}",
                ]
            ).format(
                e=e,
                r=red,
                v=fm(v),
                m=rng.choice(["yes", "yes!"]) if hit else rng.choice(["nope", "no"]),
                M="Yes." if hit else "No.",
            )
        )
    c = pos if rule == "best" else rng.randrange(k)
    parts.append(
        rng.choice(["Answer: {e} = 24", "{e} = 24", "Solution: {e} = 24"]).format(e=atts[c][0])
    )
    return "\n".join(parts), f"{atts[c][0]} = 24", " ".join(map(str, nums))


def t_g24_tree(rng, rule):
    k = rng.randint(2, 5)
    while True:
        nums = make_puzzle(rng)
        good = random_path(rng, nums, True)
        if good:
            break
    paths = []
    tries = 0
    while len(paths) < k - 1 and tries < 200:
        tries += 1
        b = random_path(rng, nums, False)
        if b and b[1] not in [p[1] for p in paths]:
            paths.append(b)
    pos = rng.randrange(1, len(paths) + 1) if rule == "first" else rng.randrange(len(paths) + 1)
    paths.insert(pos, good)
    # group by first move, keeping order of first appearance
    groups = []
    for p in paths:
        a, op, b, v, rest = p[0][0]
        key = (a, op, b)
        for g in groups:
            if g[0] == key:
                g[2].append(p)
                break
        else:
            groups.append((key, (v, rest), [p]))
    bullet = rng.choice(["", "- ", "* "])
    mark_ok, mark_no = rng.choice([("\u2713", "\u2717"), ("yes", "no"), ("<- 24!", "miss")])
    lines = [
        rng.choice(["Cards {p}.", "{p} -> 24?", "Numbers {p}, goal 24."]).format(
            p=" ".join(map(str, nums))
        )
    ]
    for (a, op, b), (v, rest), ps in groups:
        left = " ".join(fq(x) for x in rest)
        lines.append(f"{bullet}{fq(a)}{op}{fq(b)}={fm(v)} -> left {left}")
        for steps, _e, fv in ps:
            s2, s3 = steps[1], steps[2]
            l2 = " ".join(fq(x) for x in s2[4])
            lines.append(
                f"    {fq(s2[0])}{s2[1]}{fq(s2[2])}={fm(s2[3])} -> {l2} -> "
                f"{fq(s3[0])}{s3[1]}{fq(s3[2])}={fm(s3[3])} " + (mark_ok if fv == 24 else mark_no)
            )
    # "first branch listed": the first path of the first group
    c = pos if rule == "best" else 0  # paths[0] heads the first group and misses 24
    ans = paths[c][1]
    lines.append(rng.choice(["Answer: {e} = 24", "So {e} = 24.", "=> {e} = 24"]).format(e=ans))
    return "\n".join(lines), f"{ans} = 24", " ".join(map(str, nums))


def t_g24_listed(rng, rule):
    nums = make_puzzle(rng)
    k = rng.randint(3, 5)
    es = []
    while len(es) < k:
        r = nest_expr(rng, nums)
        if r and r[0] not in es:
            es.append(r[0])
    c = rng.randrange(k)
    parts = [
        rng.choice(["Numbers {p}; make 24.", "24 from {p}."]).format(p=" ".join(map(str, nums))),
        rng.choice(["Some shapes that might work:", "Things to try:", "Candidates:"]),
        "\n".join(f"  {e}" for e in es),
        rng.choice(["I'll go with {e} = 24.", "Answer: {e} = 24", "Let's say {e} = 24."]).format(
            e=es[c]
        ),
    ]
    return "\n".join(parts), f"{es[c]} = 24", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- registry

PROCS = {
    "hire_S": ("search", make_text_proc(t_hire, "best")),
    "hire_N_random": ("non-search", make_text_proc(t_hire, "random")),
    "grade_S": ("search", make_text_proc(t_grade, "best")),
    "grade_N_first": ("non-search", make_text_proc(t_grade, "first")),
    "conf_S": ("search", make_text_proc(t_conf, "best")),
    "conf_N_random": ("non-search", make_text_proc(t_conf, "random")),
    "fixrun_S": ("search", make_text_proc(t_fixrun, "best")),
    "fixrun_N_last": ("non-search", make_text_proc(t_fixrun, "last")),
    "rankline_S": ("search", make_text_proc(t_rankline, "best")),
    "rankline_N_random": ("non-search", make_text_proc(t_rankline, "random")),
    "route_S": ("search", make_text_proc(t_route, "best")),
    "route_N_random": ("non-search", make_text_proc(t_route, "random")),
    "nvals_S": ("search", make_text_proc(t_nvals, "best")),
    "nvals_N_first": ("non-search", make_text_proc(t_nvals, "first")),
    "stars_S": ("search", make_text_proc(t_stars, "best")),
    "stars_N_last": ("non-search", make_text_proc(t_stars, "last")),
    "beats_S": ("search", make_text_proc(t_beats, "best")),
    "beats_N_random": ("non-search", make_text_proc(t_beats, "random")),
    "procon_S": ("search", make_text_proc(t_procon, "best")),
    "procon_N_first": ("non-search", make_text_proc(t_procon, "first")),
    "fixthink_S": ("search", make_text_proc(t_fixthink, "best")),
    "fixthink_N_random": ("non-search", make_text_proc(t_fixthink, "random")),
    "listonly_N": ("non-search", make_text_proc(t_listonly, None)),
    "single_N": ("non-search", make_text_proc(t_single, None)),
    "stress_N": ("non-search", make_text_proc(t_stress, None)),
    "g24_nest_S": ("search", make_g24_proc(t_g24_nest, "best")),
    "g24_nest_N_random": ("non-search", make_g24_proc(t_g24_nest, "random")),
    "g24_tree_S": ("search", make_g24_proc(t_g24_tree, "best")),
    "g24_tree_N_first": ("non-search", make_g24_proc(t_g24_tree, "first")),
    "g24_listed_N": ("non-search", make_g24_proc(t_g24_listed, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=10)


if __name__ == "__main__":
    sys.exit(main())
