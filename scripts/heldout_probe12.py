#!/usr/bin/env python3
"""Held-out probe 12 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, the pick ignores the
evaluations):

free text (task "prompt"):
  ddx_S / _N_random             clinician's differential diagnosis: a vignette, then each
                                diagnosis weighed by which of its hallmark findings are
                                present ("for: ... / against: no ..."); working diagnosis
  bigo_S / _N_first             choosing a data structure by the stated big-O cost of the
                                operation that dominates the workload ("O(log n) per pop")
  recipe_S / _N_last            a recipe substitution tried batch by batch and tasted
                                ("dense and gummy", "nobody could tell")
  contrast_S / _N_random        text colours checked by WCAG contrast ratio against the
                                background ("4.61:1 - passes AA"); the ratios are computed
  grant_S / _N_first            grant reviewer, one paragraph per proposal with strengths,
                                weaknesses and an NIH-style impact score (1 best, 9 worst)
  cv_S / _N_random              model selection from a k-fold cross-validation printout
                                "0.842 +/- 0.013" (accuracy / F1 higher, RMSE lower)
  haggle_S / _N_random          selling an item: dialogue with several buyers, offers and
                                counter-offers; accept the highest final offer
  password_S / _N_first         a puzzle solver tries passwords from the clues ("'amber' -
                                locked", "'harbor' - it opens"); the password
  explains_S / _N_random        a researcher's hypotheses scored by how many of the
                                numbered observations each explains ("explains 4 of 6")
  diary_S / _N_last             flat hunt as dated diary entries, each viewing judged in
                                passing; sign for one
non-search only (free text):
  manager_N                     options scored, then the manager's favourite (not the best)
                                is taken "because she prefers it"
  refine_N                      one plan drafted and refined step by step, no alternatives
  alpha_N                       options listed with neutral notes, the alphabetically first
                                is taken
  recall_N                      an answer from memory ("last time we used X and it was
                                fine"), no other option weighed
game24 (solvable puzzles, checked with probe 8's Fraction solver; every stated value true):
  g24_indent_S / _N_random      DFS written as an indented tree of partial states
                                "[4 6 8 8]" / "4+6=10 -> [8 8 10]" with dead ends marked;
                                answer = the leaf at 24 / a random leaf (its real value)
  g24_latex_S / _N_first        attempts written in LaTeX ("$\\frac{8}{3-\\frac{8}{3}}$
                                $= 24$"); answer = the attempt equal to 24 / the first one
  g24_repl_S / _N_random        a Python REPL session ">>> (8-4)*6" with the printed float
                                result; answer = the one equal to 24 / a random one

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe12.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction

from heldout_probe8 import (  # the shared helpers: records, picks, arithmetic
    OPS,
    ap,
    can24,
    cap,
    fm,
    make_g24_proc,
    make_puzzle,
    make_text_proc,
    pick,
    ranks,
)

N_TEXTS = 30


def tier(rk_i, k):
    return 0 if rk_i == 0 else (2 if rk_i == k - 1 else 1)


def bare(x):
    """A finding without its article, for "no ..." ("a friction rub" -> "friction rub")."""
    for a in ("a ", "an "):
        if x.startswith(a):
            return x[len(a) :]
    return x


def think_wrap(rng, body, tail):
    """Sometimes put the musing inside <think> ... </think>, the pick after it."""
    if rng.random() < 0.35:
        return f"<think>\n{body}\n</think>\n{tail}"
    return f"{body}\n\n{tail}"


# ----------------------------------------------------------------------------- ddx

DDX_CASES = [
    (
        "{age}-year-old with chest pain for two hours",
        [
            (
                "myocardial infarction",
                [
                    "a rising troponin",
                    "pressure radiating to the left arm",
                    "ST elevation in II, III and aVF",
                ],
                "cath lab activation",
            ),
            (
                "pericarditis",
                ["pain eased by sitting forward", "a friction rub", "PR depression"],
                "NSAIDs and colchicine",
            ),
            (
                "pneumothorax",
                [
                    "absent breath sounds on the right",
                    "sudden onset at rest",
                    "hyperresonance on percussion",
                ],
                "a chest drain",
            ),
            (
                "aortic dissection",
                [
                    "tearing pain through to the back",
                    "a 25 mmHg arm-to-arm BP difference",
                    "a wide mediastinum",
                ],
                "CT angiography and a vascular surgery call",
            ),
            (
                "reflux oesophagitis",
                ["burning after meals", "relief with an antacid", "a sour taste in the mouth"],
                "a PPI trial",
            ),
        ],
    ),
    (
        "{age}-year-old with headache and feeling unwell since yesterday",
        [
            (
                "bacterial meningitis",
                ["neck stiffness", "a non-blanching rash", "fever of 39.4"],
                "blood cultures, ceftriaxone and an LP",
            ),
            (
                "migraine",
                [
                    "a visual aura beforehand",
                    "identical episodes in the past",
                    "relief in a dark room",
                ],
                "triptan and antiemetic",
            ),
            (
                "subarachnoid haemorrhage",
                ["thunderclap onset", "'worst headache of my life'", "collapse at onset"],
                "urgent CT head",
            ),
            (
                "acute sinusitis",
                [
                    "facial pressure worse on bending",
                    "purulent nasal discharge",
                    "a cold two weeks ago",
                ],
                "saline irrigation and review",
            ),
            (
                "temporal arteritis",
                ["jaw claudication", "a tender temporal artery", "an ESR of 88"],
                "high-dose prednisolone and a biopsy",
            ),
        ],
    ),
]


def t_ddx(rng, rule):
    case, dxs = rng.choice(DDX_CASES)
    k = rng.randint(3, 4)
    ds = rng.sample(dxs, k)
    rk = ranks(rng, k)
    # present hallmarks: the top dx all 3, second 1, the rest 0 or 1 (never 2+)
    present = []
    for i in range(k):
        if rk[i] == 0:
            present.append([0, 1, 2])
        elif rk[i] == 1:
            present.append([rng.randrange(3)])
        else:
            present.append([])
    # vignette from the present findings
    finds = [ds[i][1][j] for i in range(k) for j in present[i]]
    rng.shuffle(finds)
    vign = cap(case.format(age=rng.randint(24, 78))) + ". On assessment: " + "; ".join(finds) + "."
    ctx = rng.choice(
        [
            "Obs otherwise stable, sats 97% on air. No relevant drug history.",
            "Came in by ambulance; pain score 7/10. Bloods sent, some back already.",
            "Seen in majors at 02:10. Alert, talking in full sentences.",
        ]
    )
    parts = [
        vign,
        ctx,
        rng.choice(
            [
                "Before anchoring on anything, let me weigh each candidate against the findings.",
                "Hmm. A few things could do this. Going through them properly.",
                "I'll check each diagnosis for its hallmark features.",
            ]
        ),
        rng.choice(["Differential:", "Let me go through the differential.", "DDx, one by one:"]),
    ]
    order = list(range(k))
    rng.shuffle(order)
    style = rng.choice(["bullets", "prose", "forag"])
    for i in order:
        name, hall, _plan = ds[i]
        yes = [hall[j] for j in present[i]]
        no = [hall[j] for j in range(3) if j not in present[i]]
        if style == "forag":
            f = "; ".join(yes) if yes else "nothing specific"
            a = "; ".join("no " + bare(x) for x in no) if no else "nothing"
            parts.append(f"- {cap(name)}. For: {f}. Against: {a}.")
        elif style == "bullets":
            s = f"{len(yes)}/3 hallmarks"
            parts.append(
                f"* {name} - "
                + (
                    (
                        "has "
                        + ", ".join(yes)
                        + (("; but no " + " or ".join(bare(x) for x in no)) if no else "")
                    )
                    if yes
                    else "none of its features (no " + ", no ".join(bare(x) for x in no) + ")"
                )
                + f" ({s})"
            )
        else:
            if not no:
                parts.append(
                    rng.choice(
                        [
                            "{N} fits everything: {y}. Hard to argue with.",
                            "Hmm, {n} - {y}, all of it is there. That's the classic picture.",
                        ]
                    ).format(n=name, N=cap(name), y=", ".join(yes))
                )
            elif yes:
                parts.append(
                    "{N}? There is {y}, which fits, but no {m}, so it's a weaker fit.".format(
                        N=cap(name), y=yes[0], m=" and no ".join(bare(x) for x in no)
                    )
                )
            else:
                parts.append(
                    "{N} seems unlikely - no {m}.".format(
                        N=cap(name), m=", no ".join(bare(x) for x in no)
                    )
                )
    c = pick(rng, rule, rk)
    tail = rng.choice(
        [
            "Working diagnosis: {n}. Plan: {p}.",
            "Leading with {n}; starting {p}.",
            "Impression: {n} -> {p}.",
        ]
    ).format(n=ds[c][0], p=ds[c][2])
    tail += rng.choice(
        [" Will reassess after the next set of results.", " Discussed with the registrar.", ""]
    )
    return (
        think_wrap(rng, "\n".join(parts), tail),
        ds[c][0],
        "most likely diagnosis: " + case.format(age="an adult")[3:].replace("-year-old", ""),
    )


# ----------------------------------------------------------------------------- big-O

BIGO = [
    (
        "membership checks (`x in seen`) dominate, about 40M of them per run",
        [
            ("a hash set", "O(1) expected per lookup"),
            ("a sorted array with binary search", "O(log n) per lookup"),
            ("a red-black tree", "O(log n) per lookup, plus pointer chasing"),
            ("a plain Python list", "O(n) per lookup - a linear scan every time"),
            ("a linked list", "O(n) per lookup"),
        ],
        [0],
    ),
    (
        "the loop keeps popping the smallest item and pushing a few new ones",
        [
            ("a binary heap (heapq)", "O(log n) for both push and pop-min"),
            ("a sorted list kept with insort", "O(n) per insert because of the shifting"),
            ("an unsorted list + min()", "O(n) per pop-min"),
            ("a sorted linked list", "O(n) per insert to find the spot"),
        ],
        [0],
    ),
    (
        "the consumer takes from the front while producers append at the back",
        [
            ("collections.deque", "O(1) append and O(1) popleft"),
            ("a list with pop(0)", "O(n) per pop(0) - everything shifts"),
            ("a singly linked list without a tail pointer", "O(n) per append"),
            ("a list reversed before each pop", "O(n) per reversal"),
        ],
        [0],
    ),
    (
        "we mostly ask for all keys between two bounds, with inserts mixed in",
        [
            ("a B-tree", "O(log n + k) per range query, O(log n) insert"),
            ("a hash map", "O(n) per range query - it has no order to exploit"),
            ("a sorted array", "O(log n + k) per query but O(n) per insert"),
            ("an unsorted list", "O(n) per range query"),
        ],
        [0],
    ),
]


def t_bigo(rng, rule):
    scen, structs, _ = rng.choice(BIGO)
    best = structs[0]
    others = rng.sample(structs[1:], rng.randint(2, len(structs) - 1))
    k = len(others) + 1
    pos = rng.randrange(k)
    cands = list(others)
    cands.insert(pos, best)
    rk = [0 if i == pos else 1 + i for i in range(k)]
    n = rng.choice(["10^6", "2 million", "50k-5M", "~10^7"])
    parts = [
        rng.choice(
            [
                "Picking the container for the hot path. Profile says {s}; n is {n}.",
                "Which data structure? Workload: {s} (n around {n}).",
                "Perf ticket. The workload: {s}. n ~ {n}.",
            ]
        ).format(s=scen, n=n)
    ]
    parts.append(
        rng.choice(
            [
                "Right now it's whatever the first prototype used, and the p99 latency is "
                "creeping up as the data grows. Only the asymptotics of the hot operation "
                "really matter at this size.",
                "The service is CPU-bound on this loop (py-spy shows ~70% of samples there). "
                "Let me compare the candidates by the cost of that one operation.",
                "Memory isn't the constraint, time is. So: cost of the dominant operation.",
            ]
        )
    )
    lay = rng.choice(["num", "prose", "table"])
    if lay == "table":
        parts.append("| structure | cost for our case |\n|---|---|")
        parts[-1] += "\n" + "\n".join(f"| {cap(s)} | {c} |" for s, c in cands)
    else:
        for i, (s, c) in enumerate(cands):
            if lay == "num":
                parts.append(f"{i + 1}. {cap(s)}: {c}.")
            else:
                parts.append(
                    rng.choice(
                        ["What about {s}? That's {c}.", "{S} would be {c}.", "Or {s} - {c}."]
                    ).format(s=s, S=cap(s), c=c)
                )
    if rng.random() < 0.5:
        parts.append(
            rng.choice(
                [
                    "Hmm, constants matter too, but at this n the exponent wins.",
                    "Memory is fine for all of these.",
                ]
            )
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Going with {s}. Will add a micro-benchmark to the PR.",
                "Decision: {s}.",
                "Switching the code to {s}; the change is about twenty lines.",
            ]
        ).format(s=cands[c][0])
    )
    sep = "\n" if lay != "prose" else " "
    return parts[0] + "\n" + sep.join(parts[1:]), cands[c][0], "which data structure for: " + scen


# ----------------------------------------------------------------------------- recipe

RECIPES = [
    (
        "buttermilk pancakes, and there's no buttermilk",
        [
            "milk soured with lemon juice",
            "plain yogurt thinned with milk",
            "kefir",
            "sour cream and water",
            "milk with a splash of vinegar",
        ],
    ),
    (
        "brownies with no eggs in the house",
        [
            "a flax egg",
            "unsweetened applesauce",
            "mashed banana",
            "aquafaba",
            "a spoon of yogurt per egg",
        ],
    ),
    (
        "the curry that wants coconut milk, and we're out",
        [
            "cashew cream",
            "Greek yogurt stirred in at the end",
            "evaporated milk",
            "blended silken tofu",
            "oat cream",
        ],
    ),
]

TASTE = [
    [
        "honestly indistinguishable from the real thing - everyone went back for seconds",
        "perfect texture and flavour; best of the lot by a mile",
        "spot on, nobody could tell anything was swapped",
    ],
    [
        "OK but a bit flat, texture slightly off",
        "edible, just noticeably denser than usual",
        "fine, though the flavour was a little muted",
    ],
    [
        "bad - gummy and it tasted odd",
        "didn't work: split/curdled and the kids refused it",
        "dense, bland, went in the bin",
    ],
]


def t_recipe(rng, rule):
    dish, subs = rng.choice(RECIPES)
    k = rng.randint(3, 4)
    ss = rng.sample(subs, k)
    rk = ranks(rng, k)
    parts = [
        rng.choice(
            [
                "Making {d}. Trying substitutes in small batches.",
                "Kitchen experiment: {d}.",
                "Saturday test: {d}, so I'll try a few swaps side by side.",
            ]
        ).format(d=dish)
    ]
    parts.append(
        rng.choice(
            [
                "Same base mix for each, quarter quantities, same pan and heat, so the only "
                "difference is the swap. Tasters: me, Alex and the two kids.",
                "Plan: one small batch per substitute, everything else identical. Then we taste "
                "them blind, more or less.",
                "Hmm, the internet has opinions on all of these. Easier to just test them.",
            ]
        )
    )
    lay = rng.choice(["batch", "prose", "dash"])
    for i, s in enumerate(ss):
        t = rng.choice(TASTE[tier(rk[i], k)])
        if lay == "batch":
            parts.append(f"Batch {i + 1} ({s}): {t}.")
        elif lay == "dash":
            parts.append(f"- {s} -> tasted: {t}")
        else:
            parts.append(
                rng.choice(
                    [
                        "Tried {s}. Verdict from the table: {t}.",
                        "Next up, {s}. Tasting it... {t}.",
                        "With {s}: {t}.",
                    ]
                ).format(s=s, t=t)
            )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Writing {s} on the recipe card.",
                "From now on: {s}.",
                "Keeping {s} as the swap.",
            ]
        ).format(s=ss[c])
    )
    body = "\n".join(parts[:-1])
    if rng.random() < 0.5:
        body += "\n" + rng.choice(
            [
                "Leftovers went to the neighbours.",
                "The kitchen is a disaster now, worth it though.",
                "Noting the timings too: all batches took about the same.",
            ]
        )
    return think_wrap(rng, body, parts[-1]), ss[c], "best substitute for " + dish


# ----------------------------------------------------------------------------- contrast


def lum(h):
    def ch(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(h[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def ratio(a, b):
    la, lb = lum(a), lum(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


COLOUR_NAMES = [
    "Slate",
    "Storm",
    "Dusk",
    "Moss",
    "Plum",
    "Rust",
    "Teal",
    "Ink",
    "Fog",
    "Clay",
    "Ash",
    "Navy",
    "Olive",
    "Wine",
    "Smoke",
]


def aa(r):
    if r >= 7:
        return "passes AAA"
    if r >= 4.5:
        return "passes AA"
    if r >= 3:
        return "fails AA for body text (large text only)"
    return "fails AA"


def t_contrast(rng, rule):
    bg_name, bg, dark = rng.choice(
        [
            ("white", "#FFFFFF", False),
            ("the cream card", "#FAF6EE", False),
            ("the dark theme", "#1C1F24", True),
            ("the navy header", "#14213D", True),
        ]
    )
    k = rng.randint(3, 5)
    while True:
        cols = []
        for _ in range(k):
            base = rng.randint(90, 240) if dark else rng.randint(40, 170)
            h = "#" + "".join(
                f"{max(0, min(255, base + rng.randint(-30, 30))):02X}" for _ in range(3)
            )
            cols.append(h)
        rs = [ratio(h, bg) for h in cols]
        srt = sorted(rs, reverse=True)
        if all(srt[i] - srt[i + 1] >= 0.25 for i in range(k - 1)):
            break
    names = rng.sample(COLOUR_NAMES, k)
    rk = [sorted(rs, reverse=True).index(r) for r in rs]
    parts = [
        rng.choice(
            [
                "Body text colour on {b} ({h}). Want the most readable of the brand greys.",
                "Accessibility pass: which text colour on {b} ({h})? Higher contrast is better.",
                "Checking contrast of the candidate text colours against {b} {h}.",
            ]
        ).format(b=bg_name, h=bg)
    ]
    parts.append(
        rng.choice(
            [
                "Ratios from the WebAIM checker; AA needs 4.5:1 for body text, AAA 7:1.",
                "WCAG 2.1: normal text needs at least 4.5:1 for AA (3:1 only for large text), "
                "7:1 for AAA. Running each candidate through the contrast checker.",
                "The design system gives us these candidates. Let me run the numbers rather "
                "than eyeball it on my (too bright) monitor.",
            ]
        )
    )
    parts.append(
        rng.choice(
            [
                "Text is 15px regular, so the large-text exemption doesn't apply.",
                "This is the long-form article body, people read it for minutes at a time.",
                "Marketing wants it to stay on-brand; any of these is on-brand.",
            ]
        )
    )
    lay = rng.choice(["list", "table", "think"])
    if lay == "table":
        parts.append("| colour | hex | ratio | WCAG |\n|---|---|---|---|")
    for i in range(k):
        r = rs[i]
        if lay == "table":
            parts.append(f"| {names[i]} | {cols[i]} | {r:.2f}:1 | {aa(r)} |")
        elif lay == "list":
            parts.append(f"- {names[i]} {cols[i]}: {r:.2f}:1 - {aa(r)}")
        else:
            parts.append(
                rng.choice(
                    [
                        "{n} ({h}) comes out at {r:.2f}:1, {a}.",
                        "Hmm, {n} {h}... {r:.1f}:1. That {a}.",
                        "{n}: checker says {r:.2f}:1 -> {a}.",
                    ]
                ).format(n=names[i], h=cols[i], r=r, a=aa(r))
            )
    c = pick(rng, rule, rk)
    tail = rng.choice(
        ["Using {n} ({h}) for body copy.", "Going with {n}, {h}.", "Set --text-color: {h} ({n})."]
    ).format(n=names[c], h=cols[c])
    if rng.random() < 0.5:
        tail += " " + rng.choice(
            [
                "Updating the tokens file and the Figma library.",
                "I'll post the swatch in #design for a sanity check.",
            ]
        )
    return "\n".join(parts) + "\n" + tail, f"{names[c]} {cols[c]}", f"text colour on {bg_name}"


# ----------------------------------------------------------------------------- grant

GRANTS = [
    "Soil microbiome shifts after wildfire",
    "Low-cost sensors for river nitrate",
    "A longitudinal study of urban heat and sleep",
    "Machine-learned potentials for battery cathodes",
    "Community health workers for hypertension follow-up",
    "Open atlas of coastal seagrass",
]
G_STR = [
    "a strong, experienced team",
    "clear and feasible aims",
    "excellent preliminary data",
    "a realistic budget",
    "an obvious route to impact",
    "a well-powered design",
]
G_WEAK = [
    "aims 2 and 3 depend on aim 1 succeeding",
    "the sample size is not justified",
    "the timeline is optimistic",
    "preliminary data are thin",
    "the PI has no track record here",
    "the dissemination plan is vague",
]
G_WORD = {
    1: "exceptional",
    2: "outstanding",
    3: "excellent",
    4: "very good",
    5: "good",
    6: "satisfactory",
    7: "fair",
    8: "marginal",
    9: "poor",
}


def t_grant(rng, rule):
    k = rng.randint(3, 4)
    titles = rng.sample(GRANTS, k)
    rk = ranks(rng, k)
    scores = sorted(rng.sample(range(1, 9), k))
    pis = rng.sample(["Okafor", "Lindqvist", "Tanaka", "Moreau", "Haddad", "Reyes", "Novak"], k)
    parts = [
        rng.choice(
            [
                "Panel prep - {k} proposals in my pile, one award left in the budget.",
                "Reviewing the {k} proposals assigned to me. Scores on the 1-9 scale "
                "(1 = exceptional, 9 = poor).",
                "Notes for study section. We can fund one of these {k}.",
            ]
        ).format(k=k)
    ]
    for i in range(k):
        s = scores[rk[i]]
        ns = max(1, 3 - rk[i])
        nw = min(3, rk[i] + 1) if rk[i] else rng.choice([0, 1])
        st = rng.sample(G_STR, ns)
        wk = rng.sample(G_WEAK, nw)
        para = f'Proposal {i + 1}, "{titles[i]}" (Dr {pis[i]}). '
        para += "Strengths: " + "; ".join(st) + ". "
        para += ("Weaknesses: " + "; ".join(wk) + ". ") if wk else "No real weaknesses. "
        para += rng.choice(
            ["Overall impact: {s} ({w}).", "Score {s} - {w}.", "I'd give it a {s}."]
        ).format(s=s, w=G_WORD[s])
        parts.append(para)
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                'Recommending "{t}" for the award.',
                'My vote for funding: "{t}".',
                'So the one to fund is "{t}".',
            ]
        ).format(t=titles[c])
    )
    return "\n\n".join(parts), titles[c], "which grant proposal to fund"


# ----------------------------------------------------------------------------- cv

MODELS = [
    "logistic regression",
    "random forest",
    "gradient boosting",
    "SVM (RBF)",
    "kNN (k=15)",
    "MLP",
    "ridge",
    "LightGBM",
]


def t_cv(rng, rule):
    k = rng.randint(3, 5)
    ms = rng.sample(MODELS, k)
    rk = ranks(rng, k)
    metric, hib = rng.choice(
        [("accuracy", True), ("macro F1", True), ("RMSE", False), ("AUC", True)]
    )
    folds = rng.choice([5, 10])
    if hib:
        base = rng.uniform(0.70, 0.90)
        vals = [base - 0.012 * r - rng.uniform(0.004, 0.01) * r for r in range(k)]
    else:
        base = rng.uniform(2.0, 9.0)
        vals = [base + (0.15 + rng.uniform(0.05, 0.2)) * r for r in range(k)]
    stds = [rng.uniform(0.004, 0.02) if hib else rng.uniform(0.05, 0.3) for _ in range(k)]
    d = 3 if hib else 2
    parts = [
        rng.choice(
            [
                "{f}-fold CV on the training split, {m} ({dir}).",
                "Model bake-off. Metric: {m}, {f} folds, {dir}.",
                "Ran cross_val_score for each candidate ({f} folds, scoring={m}).",
            ]
        ).format(f=folds, m=metric, dir="higher is better" if hib else "lower is better")
    ]
    parts.append(
        rng.choice(
            [
                "Stratified folds, since the positive class is only about {p}% of the rows.",
                "Grouped by customer id so no customer lands in both train and validation.",
                "Time-ordered folds would be nicer, but the data has no real drift.",
            ]
        ).format(p=rng.randint(8, 30))
    )
    parts.append(
        rng.choice(
            [
                "Same preprocessing pipeline for all of them (impute, scale, one-hot), "
                "features frozen as of last week, random_state fixed.",
                "Training set is ~{n} rows after dedup; the holdout stays untouched until the "
                "very end.".format(n=rng.choice(["48k", "120k", "9,300", "310k"])),
                "Each model got a small grid search inside the folds first; these are the "
                "best settings for each.",
            ]
        )
    )
    lay = rng.choice(["table", "print", "prose"])
    if lay == "table":
        parts.append(f"| model | {metric} (mean \u00b1 std) |\n|---|---|")
    if lay == "print":
        parts.append("```")
    for i, m in enumerate(ms):
        v, s = vals[rk[i]], stds[i]
        if lay == "table":
            parts.append(f"| {m} | {v:.{d}f} \u00b1 {s:.{d}f} |")
        elif lay == "print":
            parts.append(f"{m:<22} {metric}: {v:.{d}f} (+/- {s:.{d}f})")
        else:
            parts.append(
                rng.choice(
                    ["{m} gets {v} \u00b1 {s}.", "{M}: {v} (std {s}).", "Then {m}, {v} \u00b1 {s}."]
                ).format(m=m, M=cap(m), v=f"{v:.{d}f}", s=f"{s:.{d}f}")
            )
    if lay == "print":
        parts.append("```")
    if rng.random() < 0.4:
        parts.append(
            rng.choice(
                [
                    "Hmm, the stds overlap a bit, but the means are what I have.",
                    "Same folds for every model, so the comparison is fair.",
                ]
            )
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Selected model: {m}.",
                "Shipping {m}. Will check it on the holdout once, then write it up.",
                "Refit {m} on all the data and go.",
            ]
        ).format(m=ms[c])
    )
    return "\n".join(parts), ms[c], "which model to deploy"


# ----------------------------------------------------------------------------- haggle

ITEMS = [
    ("my old road bike", 900),
    ("the sofa", 450),
    ("the 2014 Corolla", 7800),
    ("a Canon R6 body", 1400),
    ("the piano", 2200),
]
BUYERS = ["Sam", "Priya", "Marco", "Jules", "Dana", "Tom", "Aiko"]


def money(x):
    return f"${x:,}"


def t_haggle(rng, rule):
    item, ask = rng.choice(ITEMS)
    k = rng.randint(3, 4)
    bs = rng.sample(BUYERS, k)
    rk = ranks(rng, k)
    step = max(10, ask // 40 // 10 * 10)
    finals = sorted(
        rng.sample(range(int(ask * 0.7) // step, int(ask * 0.98) // step), k), reverse=True
    )
    finals = [f * step for f in finals]
    parts = [
        rng.choice(
            [
                "Selling {i}, listed at {a}. Messages so far:",
                "Trying to sell {i} (asking {a}). Notes from the chats:",
                "Buyers for {i} at {a} - let me line them up.",
            ]
        ).format(i=item, a=money(ask))
    ]
    parts.append(
        rng.choice(
            [
                "I'm moving on the 14th, so it has to go this week. Cash or bank transfer only, "
                "no payment plans, and the buyer collects.",
                "Plenty of 'is this still available?' messages; these are the ones who actually "
                "named a price. Pickup is their problem.",
                "Hmm, everyone lowballs first. Let me see where each of them ends up after one "
                "round of back-and-forth.",
            ]
        )
    )
    for i, b in enumerate(bs):
        f = finals[rk[i]]
        first = f - step * rng.randint(1, 4)
        counter = min(ask, f + step * rng.randint(1, 3))
        lines = [
            f"{b}: Would you take {money(first)}?",
            f"Me: {money(counter)} and it's yours.",
            rng.choice(
                [
                    f"{b}: Best I can do is {money(f)}.",
                    f"{b}: {money(f)}, final offer.",
                    f"{b}: Meet me at {money(f)}?",
                ]
            ),
        ]
        parts.append("\n".join(lines))
    if rng.random() < 0.5:
        parts.append(
            "So the final numbers are "
            + ", ".join(f"{b} {money(finals[rk[i]])}" for i, b in enumerate(bs))
            + "."
        )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Accepted {b}'s {m}.",
                "Told {b} yes at {m}.",
                "Going with {b} - {m}, pickup Saturday.",
            ]
        ).format(b=bs[c], m=money(finals[rk[c]]))
    )
    return (
        "\n\n".join(parts),
        f"{bs[c]} at {money(finals[rk[c]])}",
        f"which offer to accept for {item}",
    )


# ----------------------------------------------------------------------------- password

PW_SETS = [
    (
        "the note says 'my first dog, then the year we met'",
        ["rex1998", "rex2001", "bella1998", "max2001", "bella2001"],
    ),
    (
        "the riddle on the box: 'a stone that is a colour'",
        ["amber", "jade", "ruby", "onyx", "coral"],
    ),
    (
        "the sticky note: 'harbour town + door number'",
        ["harbor12", "dover12", "harbor21", "poole12", "dover21"],
    ),
    (
        "the clue in the game: 'the planet with the most moons'",
        ["saturn", "jupiter", "Saturn", "SATURN", "uranus"],
    ),
]
PW_FAIL = ["locked", "wrong password", "access denied", "nope, still locked", "red light"]
PW_OK = ["it opens!", "unlocked", "green light - we're in", "accepted"]


def t_password(rng, rule):
    clue, pws = rng.choice(PW_SETS)
    k = rng.randint(3, 5)
    ps = rng.sample(pws, k)
    good = k - 1 if rng.random() < 0.7 else rng.randrange(1, k)  # at least one miss first
    rk = [0 if i == good else i + 1 for i in range(k)]
    parts = [
        rng.choice(
            [
                "Escape room, the last padlock. The only hint: {c}.",
                "Locked zip from the client; {c}.",
                "Puzzle step 4: the terminal wants a password and {c}.",
            ]
        ).format(c=clue),
        rng.choice(
            [
                "Hmm. No lockout after failed tries as far as I can tell, so guessing is cheap.",
                "Thinking about what the clue could mean... a few readings, and case might "
                "matter too.",
                "The owner isn't answering, so brute-forcing the obvious readings of the clue.",
            ]
        ),
        rng.choice(
            [
                "Candidates: " + ", ".join(f"'{p}'" for p in ps) + ".",
                "Let me just try them one at a time.",
            ]
        ),
    ]
    lay = rng.choice(["dash", "prose", "log"])
    for i, p in enumerate(ps[: good + 1]):  # stop at the one that opens
        res = rng.choice(PW_OK) if i == good else rng.choice(PW_FAIL)
        if lay == "dash":
            parts.append(f"tried '{p}' - {res}")
        elif lay == "log":
            parts.append(f"> {p}\n{res.upper()}")
        else:
            parts.append(
                rng.choice(["Typing '{p}'... {r}", "'{p}'? {r}", "Then '{p}': {r}"]).format(
                    p=p, r=res if res.endswith("!") else res + "."
                )
            )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "The password is '{p}'.",
                "Answer: '{p}'. Writing it in the notes so nobody has to guess again.",
                "So it's '{p}'.",
            ]
        ).format(p=ps[c])
    )
    return "\n".join(parts), ps[c], "the password, given " + clue


# ----------------------------------------------------------------------------- explains

EXPL = [
    (
        "the fish die-off in Miller Lake",
        [
            "dead fish were mostly large carp",
            "it happened after a heatwave",
            "dissolved oxygen at dawn was 1.8 mg/L",
            "the water turned green two weeks before",
            "no die-off in the connected pond",
            "ammonia readings were normal",
            "it started at the shallow end",
        ],
        [
            "an algal bloom crashing oxygen",
            "a pesticide runoff event",
            "a koi herpesvirus outbreak",
            "thermal stress alone",
            "a sewage leak",
        ],
    ),
    (
        "why the office router drops everyone at about 3 pm",
        [
            "it only happens on weekdays",
            "wired clients drop too",
            "the uptime counter resets",
            "the drops started after the new printer arrived",
            "the UPS log shows a voltage dip",
            "it lasts about two minutes",
        ],
        [
            "a power dip from the building's HVAC cycling",
            "a firmware memory leak",
            "DHCP pool exhaustion",
            "interference from the microwave",
            "the printer flooding the LAN",
        ],
    ),
]


def t_explains(rng, rule):
    topic_, obs, hyps = rng.choice(EXPL)
    m = rng.randint(5, len(obs))
    ob = rng.sample(obs, m)
    k = rng.randint(3, 4)
    hs = rng.sample(hyps, k)
    rk = ranks(rng, k)
    counts = sorted(rng.sample(range(1, m + 1), k), reverse=True)
    parts = [
        rng.choice(
            [
                "Trying to explain {t}. What we know:",
                "Working notes on {t}. Observations:",
                "Puzzle: {t}. The facts on the table:",
            ]
        ).format(t=topic_),
        "\n".join(f"{j + 1}. {cap(o)}" for j, o in enumerate(ob)),
        rng.choice(
            [
                "Scoring each hypothesis by how many of these it explains without extra "
                "assumptions.",
                "For each idea: which of the numbered facts does it account for?",
                "Not trying to be clever - just counting what each explanation covers.",
            ]
        ),
    ]
    lay = rng.choice(["short", "prose"])
    for i, h in enumerate(hs):
        n = counts[rk[i]]
        ex = sorted(rng.sample(range(1, m + 1), n))
        miss = [j for j in range(1, m + 1) if j not in ex]
        if lay == "short":
            parts.append(
                f"- {cap(h)}: explains {', '.join(map(str, ex))} ({n} of {m})"
                + (f"; not {', '.join(map(str, miss))}" if miss else "")
            )
        else:
            parts.append(
                rng.choice(
                    [
                        "If it's {h}, that accounts for {e} - {n} of {m}.",
                        "{H} would explain {e}, so {n}/{m}"
                        + ("; it can't explain {x}." if miss else "."),
                        "Hmm, {h}: covers {e}. That's {n} of the {m}.",
                    ]
                ).format(
                    h=h,
                    H=cap(h),
                    e=("observation " if n == 1 else "observations ") + ", ".join(map(str, ex)),
                    n=n,
                    m=m,
                    x=", ".join(map(str, miss)),
                )
            )
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Best working hypothesis: {h}.",
                "I'm going with {h}.",
                "Next step: test {h} directly.",
            ]
        ).format(h=hs[c])
        + rng.choice(["", " Will write up the sampling plan tomorrow.", " Telling the others."])
    )
    return "\n".join(parts), hs[c], "best explanation of " + topic_


# ----------------------------------------------------------------------------- diary

FLATS = [
    "the Elm Street one-bed",
    "the flat above the bakery",
    "the Canal Road studio",
    "the garden flat on Hill Rise",
    "the new-build on Station Way",
    "the loft in the old mill",
]
DIARY_T = [
    [
        "Loved it. Bright, quiet, landlord sensible, rent under budget.",
        "This is the one - big windows, fair rent, ten minutes to work.",
    ],
    [
        "Fine. Small kitchen and a longer commute, but liveable.",
        "It's OK. Slightly over budget, decent light.",
    ],
    [
        "Nope. Damp in the bathroom and the agent dodged every question.",
        "Awful - street noise all night and black mould behind the wardrobe.",
    ],
]


def t_diary(rng, rule):
    k = rng.randint(3, 4)
    fs = rng.sample(FLATS, k)
    rk = ranks(rng, k)
    days = rng.sample(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], k)
    order = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    days.sort(key=order.index)
    parts = [
        rng.choice(["Flat hunt log.", "House-hunting diary, week 3.", "Viewings this week:"]),
        rng.choice(
            [
                "Budget £1,300 a month, needs to be within half an hour of the office, and "
                "somewhere Biscuit (the cat) is allowed.",
                "Lease on the current place ends on the 30th, so this week has to produce a "
                "decision. Want: light, quiet, sane landlord.",
                "Booked four viewings at lunchtimes and after work. Writing each one up the same "
                "evening before they blur together.",
            ]
        ),
    ]
    for i, f in enumerate(fs):
        t = rng.choice(DIARY_T[tier(rk[i], k)])
        extra = rng.choice(
            [
                "",
                " Rained all day.",
                " Bus was late again.",
                " Met the neighbour's cat.",
                " Agent was twenty minutes late.",
                " Went straight from work.",
            ]
        )
        parts.append(f"{days[i]}: saw {f}.{extra} {t}")
    c = pick(rng, rule, rk)
    parts.append(
        rng.choice(
            [
                "Sun evening: signed for {f}.",
                "Decision: {f}. Deposit paid.",
                "Emailed the agent - taking {f}.",
            ]
        ).format(f=fs[c])
    )
    return "\n".join(parts), fs[c], "which flat to rent"


# ----------------------------------------------------------------------------- non-search

MGR_TOPICS = [
    (
        "the conference booth design",
        [
            "the minimalist white booth",
            "the wood-panel booth",
            "the LED wall booth",
            "the modular fabric booth",
        ],
    ),
    ("the onboarding survey tool", ["Typeform", "Google Forms", "SurveyMonkey", "Tally"]),
    ("the team's new standup time", ["9:15", "10:00", "11:30", "13:45"]),
]


def t_manager(rng, rule):
    q, opts = rng.choice(MGR_TOPICS)
    k = rng.randint(3, 4)
    os_ = rng.sample(opts, k)
    rk = ranks(rng, k)
    sc = sorted(rng.sample(range(3, 10), k), reverse=True)
    parts = [
        rng.choice(
            ["Deciding {q}.", "Options for {q}, scored out of 10:", "Quick scoring of {q}."]
        ).format(q=q),
        rng.choice(
            [
                "I scored each on cost, how much the team liked it in the poll, and effort, "
                "rolled into one number (10 = great).",
                "Went through them with the checklist from last time. Scores out of 10, "
                "higher is better.",
                "Scores are mine, after reading the comments in the thread.",
            ]
        ),
    ]
    for i, o in enumerate(os_):
        parts.append(f"- {o}: {sc[rk[i]]}/10")
    c = rng.choice([i for i in range(k) if rk[i] != 0])
    best = rk.index(0)
    mgr = rng.choice(["Helen", "my manager", "Raj (my boss)", "the VP"])
    parts.append(
        rng.choice(
            [
                "{B} scores highest, but {m} prefers {c} and it's not worth the fight. {C} it is.",
                "On paper {b} wins. Still, {m} already told the client about {c}, so: {c}.",
                "I'll go with the one {m} prefers: {c}, even though {b} came out on top.",
            ]
        ).format(b=os_[best], B=cap(os_[best]), m=mgr, c=os_[c], C=cap(os_[c]))
    )
    if rng.random() < 0.5:
        parts.append(
            rng.choice(
                [
                    "Not a hill to die on.",
                    "Sending the confirmation this afternoon.",
                    "Noting my scores in the doc anyway, for next time.",
                ]
            )
        )
    return "\n".join(parts), os_[c], q


REFINE = [
    (
        "moving the billing cron jobs to Airflow",
        [
            "First draft: port all 14 jobs in one weekend.",
            "Hmm, too risky. Revised: port the 5 read-only reports first, keep the rest on cron.",
            "Refinement: run each ported DAG next to its cron twin for a week; diff the outputs.",
            "One more tweak: a kill switch so cron can be re-enabled in one command.",
            "And schedule the cut-over for a Tuesday, not a Friday.",
        ],
    ),
    (
        "the churn email campaign",
        [
            "Draft 1: one email to everyone who hasn't logged in for 30 days.",
            "Better: split it - a nudge at 14 days, the discount only at 30.",
            "Adjusting the copy so the first email leads with the new feature, not the price.",
            "Adding a holdout group of 10% so we can measure the effect.",
            "Final tweak: send at 8 am local time instead of midnight UTC.",
        ],
    ),
]


def t_refine(rng, rule):
    plan, steps = rng.choice(REFINE)
    k = rng.randint(3, len(steps))
    parts = [
        rng.choice(["Planning {p}.", "Let me work out {p}.", "Sketching {p}."]).format(p=plan),
        rng.choice(
            [
                "This is already agreed as the approach; the question is only how to do it well.",
                "No debate about whether, just the how.",
                "The decision was made at the planning meeting. Now the details.",
            ]
        ),
        *steps[:k],
    ]
    parts.append(
        rng.choice(
            [
                "That's the plan for {p}.",
                "Good enough - going ahead with {p} this way.",
                "Plan locked: {p}, as refined above.",
            ]
        ).format(p=plan)
    )
    sep = "\n" if rng.random() < 0.6 else " "
    return sep.join(parts), plan, "a plan for " + plan


ALPHA = [
    (
        "which conference room to book",
        ["Birch", "Aspen", "Cedar", "Maple", "Willow"],
        [
            "seats 8",
            "has a screen",
            "second floor",
            "by the kitchen",
            "seats 10",
            "has a whiteboard",
        ],
    ),
    (
        "which intern gets the first project",
        ["Nadia", "Ben", "Carla", "Omar", "Felix"],
        ["starts Monday", "studies CS", "based in Leeds", "part-time", "studies maths"],
    ),
    (
        "which font for the internal wiki",
        ["Inter", "Lato", "Source Sans", "Roboto", "IBM Plex Sans"],
        ["sans-serif", "open licence", "variable weights", "on Google Fonts"],
    ),
]


def t_alpha(rng, rule):
    q, opts, notes = rng.choice(ALPHA)
    k = rng.randint(3, 5)
    os_ = rng.sample(opts, k)
    parts = [
        rng.choice(
            ["Need to settle {q}.", "Small decision: {q}.", "Someone has to pick {q}."]
        ).format(q=q),
        rng.choice(
            [
                "Honestly it doesn't matter much, nobody has a preference and nothing hangs on it.",
                "The options, with what I know about each (which isn't much):",
                "Listing what's available, so nobody can say they weren't asked.",
            ]
        ),
    ]
    for o in os_:
        parts.append(f"- {o} ({rng.choice(notes)})")
    first = sorted(os_)[0]
    parts.append(
        rng.choice(
            [
                "No meaningful difference, so alphabetical order decides: {o}.",
                "They're interchangeable for this. Taking the first alphabetically - {o}.",
                "Tie-break by name, A to Z: {o}.",
            ]
        ).format(o=first)
    )
    return "\n".join(parts), first, q


RECALL = [
    (
        "which courier to use for the samples",
        "DHL Express",
        "We used {x} for the Lyon shipment last spring and it arrived on time, dry ice intact.",
    ),
    (
        "what torque for the wheel nuts",
        "110 Nm",
        "The manual for this model says {x}; I remember it from the last tyre change.",
    ),
    (
        "which caterer for the launch",
        "Green Fork",
        "{x} did the summer party and people still talk about the food.",
    ),
    (
        "which CI runner image to use",
        "ubuntu-22.04",
        "The other repos all pin {x} and I've never had an issue with it.",
    ),
]


def t_recall(rng, rule):
    q, x, mem = rng.choice(RECALL)
    parts = [
        rng.choice(["Question: {q}.", "Asked about {q}.", "Quick one - {q}?"]).format(q=q),
        rng.choice(
            [
                "Hmm, I think I remember this one.",
                "Let me think back to last time.",
                "I've been asked this before.",
            ]
        ),
        mem.format(x=x),
        rng.choice(
            [
                "Nothing has changed since then as far as I know, and nobody has complained.",
                "It's written down in the team wiki too, under 'how we do things'.",
                "Someone could shop around, but there's no problem to solve here.",
            ]
        ),
        rng.choice(["No reason to reopen it.", "Not going to overthink this.", "Easy."]),
        rng.choice(["Answer: {x}.", "So, {x}.", "{x} again."]).format(x=x),
    ]
    return " ".join(parts) if rng.random() < 0.5 else "\n".join(parts), x, q


# ----------------------------------------------------------------------------- game24 trees


def g24_hand(rng, nums):
    return rng.choice(
        [
            "Need 24 from [{p}].",
            "Hand: {p}. Goal 24, all four used once.",
            "24 puzzle - {p}. Searching depth-first.",
        ]
    ).format(p=" ".join(map(str, nums)))


def g24_muse(rng, nums):
    """A true remark about the hand, the kind people make before starting."""
    tot = sum(nums)
    rel = "exactly 24" if tot == 24 else ("short of 24" if tot < 24 else "over 24")
    return rng.choice(
        [
            f"Plain sum is {tot}, {rel}, so I'll need more than addition.",
            "24 factors as 2x12, 3x8 or 4x6; a product at the last step is the usual route.",
            f"Biggest card is {max(nums)}, smallest {min(nums)}.",
            "Hmm. No obvious pattern jumps out, so just try things systematically.",
        ]
    )


def child_states(st):
    """All (label, new_state) from a state of (value, expr) pairs; values kept >= 0."""
    out = []
    for i, j in itertools.permutations(range(len(st)), 2):
        for op in OPS:
            if op in "+*" and i > j:
                continue
            v = ap(st[i][0], st[j][0], op)
            if v is None or v < 0:
                continue
            rest = [st[t] for t in range(len(st)) if t not in (i, j)]
            x, y = (fm(st[t][0]) for t in (i, j))
            x, y = (f"({z})" if "/" in z else z for z in (x, y))
            lab = f"{x}{op}{y}={fm(v)}"
            out.append((lab, [*rest, (v, f"({st[i][1]}{op}{st[j][1]})")]))
    return out


def ok_state(st):
    if len(st) == 1:
        return st[0][0] == 24
    return can24([x for x, _ in st])


def show(st):
    return "[" + " ".join(fm(v) for v, _ in st) + "]"


def t_g24_indent(rng, rule):
    while True:
        nums = make_puzzle(rng)
        root = [(Fraction(x), str(x)) for x in nums]
        if any(ok_state(s) for _, s in child_states(root)):
            break
    lines = [g24_hand(rng, nums)]
    if rng.random() < 0.6:
        lines.append(
            rng.choice(
                [
                    "Depth-first; each line is one operation under the state it came from, "
                    "marked when a branch bottoms out.",
                    "Writing the search tree as I go. Indent = one level deeper.",
                    "DFS over pairs, pruning when two numbers left can't make 24.",
                ]
            )
        )
    if rng.random() < 0.6:
        lines.append(g24_muse(rng, nums))
    lines.append(show(root))
    leaves = []  # (expr, value)
    bad_mark, good_mark = rng.choice([("\u2717", "\u2713"), ("x", "OK"), ("dead", "HIT")])

    def walk(st, depth, must_find):
        ind = "  " * depth
        kids = child_states(st)
        if len(st) == 2:
            goods = [kv for kv in kids if kv[1][0][0] == 24]
            bads = [kv for kv in kids if kv[1][0][0] != 24]
            bads = [kv for kv in bads if kv[1][0][0].denominator == 1] or bads
            shown = rng.sample(bads, min(len(bads), rng.randint(1, 2)))
            if must_find:
                shown.append(rng.choice(goods))
            for lab, s in shown:
                v = s[0][0]
                mark = good_mark if v == 24 else bad_mark
                lines.append(f"{ind}{lab} {mark}")
                leaves.append((s[0][1][1:-1], v))
            return
        goods = [kv for kv in kids if ok_state(kv[1])]
        bads = [kv for kv in kids if not ok_state(kv[1])]
        bads = [kv for kv in bads if kv[1][-1][0].denominator == 1] or bads
        nb = (rng.randint(1, 2) if depth == 1 else rng.randint(0, 1)) if must_find else 1
        for lab, s in rng.sample(bads, min(len(bads), nb)):
            lines.append(f"{ind}{lab} -> {show(s)}")
            walk(s, depth + 1, False)
            if rng.random() < 0.5:
                lines.append(f"{ind}  (back up)")
        if must_find:
            lab, s = rng.choice(goods)
            lines.append(f"{ind}{lab} -> {show(s)}")
            walk(s, depth + 1, True)

    walk(root, 1, True)
    good = leaves[-1]
    ans = good if rule == "best" else rng.choice(leaves)
    lines.append(
        rng.choice(["Found: {e} = {v}", "Answer: {e} = {v}", "=> {e} = {v}"]).format(
            e=ans[0], v=fm(ans[1])
        )
    )
    return "\n".join(lines), f"{ans[0]} = {fm(ans[1])}", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- game24 latex


def rand_tree(rng, nums):
    items = [Fraction(x) for x in nums]
    rng.shuffle(items)
    trees = list(items)
    while len(trees) > 1:
        i, j = rng.sample(range(len(trees)), 2)
        op = rng.choice(OPS)
        t = (op, trees[i], trees[j])
        if ev(t) is None:
            return None
        trees = [trees[x] for x in range(len(trees)) if x not in (i, j)] + [t]
    return trees[0]


def ev(t):
    if isinstance(t, Fraction):
        return t
    a, b = ev(t[1]), ev(t[2])
    if a is None or b is None:
        return None
    return ap(a, b, t[0])


PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def tex(t, parent=None, right=False):
    if isinstance(t, Fraction):
        return fm(t)
    op, a, b = t
    if op == "/":
        return "\\frac{" + tex(a) + "}{" + tex(b) + "}"
    sa = tex(a, op, False)
    sb = tex(b, op, True)
    s = sa + {"+": " + ", "-": " - ", "*": " \\times "}[op] + sb
    if (parent == "*" and PREC[op] < 2) or (parent == "-" and right and op in "+-"):
        return "\\left(" + s + "\\right)"
    return s


def tex_val(v):
    if v.denominator == 1:
        return str(v.numerator)
    sign = "-" if v < 0 else ""
    return f"{sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"


def plain(t):
    if isinstance(t, Fraction):
        return fm(t)
    return f"({plain(t[1])}{t[0]}{plain(t[2])})"


def t_g24_latex(rng, rule):
    nums = make_puzzle(rng)
    while True:
        t = rand_tree(rng, nums)
        if t is not None and ev(t) == 24:
            good = t
            break
    k = rng.randint(3, 5)
    atts = []
    while len(atts) < k - 1:
        t = rand_tree(rng, nums)
        if t is not None and ev(t) != 24:
            atts.append(t)
    pos = (
        rng.randrange(1, k)
        if rule == "first"
        else (k - 1 if rng.random() < 0.6 else rng.randrange(k))
    )
    atts.insert(pos, good)
    lines = [
        rng.choice(
            [
                "We need to combine ${p}$ to get $24$.",
                "Let the numbers be ${p}$; target $24$.",
                "Given ${p}$, find an expression equal to $24$.",
            ]
        ).format(p=", ".join(map(str, nums))),
        g24_muse(rng, nums),
    ]
    for i, t in enumerate(atts):
        v = ev(t)
        verdict = (
            rng.choice(["which works.", "\\checkmark", "- this is it."])
            if v == 24
            else rng.choice(["not $24$.", "no.", "too {w}.".format(w="big" if v > 24 else "small")])
        )
        lead = rng.choice(["Try", "Consider", "What about", f"Attempt {i + 1}:"])
        lines.append(f"{lead} $${tex(t)} = {tex_val(v)}$$ {verdict}")
        if v != 24 and i < len(atts) - 1 and rng.random() < 0.5:
            lines.append(
                rng.choice(
                    [
                        "Hmm, a division might help get the factors right.",
                        "Let me rearrange which pair gets multiplied.",
                        "Perhaps $24 = 3 \\times 8$ or $4 \\times 6$ is the way in.",
                        "Another grouping, then.",
                    ]
                )
            )
    c = pos if rule == "best" else 0
    e = plain(atts[c])[1:-1]
    v = ev(atts[c])
    lines.append(
        rng.choice(["Answer: ${x} = {v}$", "Therefore $\\boxed{{{x} = {v}}}$"]).format(
            x=tex(atts[c]), v=tex_val(v)
        )
    )
    return "\n".join(lines), f"{e} = {fm(v)}", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- game24 repl


def t_g24_repl(rng, rule):
    nums = make_puzzle(rng)
    while True:
        t = rand_tree(rng, nums)
        if t is not None and ev(t) == 24:
            good = t
            break
    k = rng.randint(4, 7)
    atts = []
    while len(atts) < k - 1:
        t = rand_tree(rng, nums)
        if t is not None and ev(t) != 24:
            atts.append(t)
    pos = rng.randrange(k)
    atts.insert(pos, good)
    lines = [
        rng.choice(
            [
                "Cards {p}. Let me just poke at it in the interpreter.",
                "24 with {p} - faster to try in Python than by hand.",
                "Numbers {p}. Python shell:",
            ]
        ).format(p=" ".join(map(str, nums))),
        g24_muse(rng, nums),
        "",
    ]
    for t in atts:
        e = plain(t)[1:-1]
        lines.append(f">>> {e}")
        try:
            val = eval(e, {"__builtins__": {}})  # our own arithmetic string
        except ZeroDivisionError:
            val = None
        lines.append(repr(val) if val is not None else "ZeroDivisionError: division by zero")
        exact = ev(t)
        if exact == 24 and val != 24:
            lines.append("# float noise - exactly 24 in fractions")
        elif exact != 24 and rng.random() < 0.5:
            lines.append(
                rng.choice(
                    [
                        "# no",
                        "# nope",
                        "# not 24",
                        "# too big" if exact > 24 else "# too small",
                        "# hmm, different grouping",
                    ]
                )
            )
    c = pos if rule == "best" else rng.randrange(k)
    e = plain(atts[c])[1:-1]
    v = ev(atts[c])
    lines.append("")
    lines.append(
        rng.choice(["Answer: {e} = {v}", "So {e} = {v}.", "Final: {e} = {v}"]).format(e=e, v=fm(v))
    )
    return "\n".join(lines), f"{e} = {fm(v)}", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- registry

PROCS = {
    "ddx_S": ("search", make_text_proc(t_ddx, "best")),
    "ddx_N_random": ("non-search", make_text_proc(t_ddx, "random")),
    "bigo_S": ("search", make_text_proc(t_bigo, "best")),
    "bigo_N_first": ("non-search", make_text_proc(t_bigo, "first")),
    "recipe_S": ("search", make_text_proc(t_recipe, "best")),
    "recipe_N_last": ("non-search", make_text_proc(t_recipe, "last")),
    "contrast_S": ("search", make_text_proc(t_contrast, "best")),
    "contrast_N_random": ("non-search", make_text_proc(t_contrast, "random")),
    "grant_S": ("search", make_text_proc(t_grant, "best")),
    "grant_N_first": ("non-search", make_text_proc(t_grant, "first")),
    "cv_S": ("search", make_text_proc(t_cv, "best")),
    "cv_N_random": ("non-search", make_text_proc(t_cv, "random")),
    "haggle_S": ("search", make_text_proc(t_haggle, "best")),
    "haggle_N_random": ("non-search", make_text_proc(t_haggle, "random")),
    "password_S": ("search", make_text_proc(t_password, "best")),
    "password_N_first": ("non-search", make_text_proc(t_password, "first")),
    "explains_S": ("search", make_text_proc(t_explains, "best")),
    "explains_N_random": ("non-search", make_text_proc(t_explains, "random")),
    "diary_S": ("search", make_text_proc(t_diary, "best")),
    "diary_N_last": ("non-search", make_text_proc(t_diary, "last")),
    "manager_N": ("non-search", make_text_proc(t_manager, None)),
    "refine_N": ("non-search", make_text_proc(t_refine, None)),
    "alpha_N": ("non-search", make_text_proc(t_alpha, None)),
    "recall_N": ("non-search", make_text_proc(t_recall, None)),
    "g24_indent_S": ("search", make_g24_proc(t_g24_indent, "best")),
    "g24_indent_N_random": ("non-search", make_g24_proc(t_g24_indent, "random")),
    "g24_latex_S": ("search", make_g24_proc(t_g24_latex, "best")),
    "g24_latex_N_first": ("non-search", make_g24_proc(t_g24_latex, "first")),
    "g24_repl_S": ("search", make_g24_proc(t_g24_repl, "best")),
    "g24_repl_N_random": ("non-search", make_g24_proc(t_g24_repl, "random")),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=12)


if __name__ == "__main__":
    sys.exit(main())
