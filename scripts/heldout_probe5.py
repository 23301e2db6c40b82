#!/usr/bin/env python3
"""Held-out probe 5: labelled processes of reasoning texts, scored through the CLI.

Written blind (from README.md, docs/ and --help only). Each process is 30 texts of one
generating rule; its label (search / non-search) lives here, never in anything the tool
reads (files are named p01.jsonl ... with ids t00 ... t29, in a shuffled order).

    python scripts/heldout_probe5.py OUT_DIR [--seed 7] [--only NAME,...] [--jobs 2]
        [--mesascope PATH] [--show-false NAME]

Standard library only.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

N_TEXTS = 30

# --------------------------------------------------------------------------- domains

DOMAINS = [
    dict(
        q=["Which destination should we pick for the long weekend away from Lyon?",
           "We have three days off. Where do we go?",
           "Planning the May trip: which of these getaways makes the most sense?"],
        ctx=["The budget is roughly 600 euros for two people, travel included.",
             "Leaving Friday after work, back on Monday evening.",
             "One of us gets carsick on mountain roads, which matters a little.",
             "We would like at least one proper restaurant dinner.",
             "Trains on the regional lines are sometimes on strike in spring."],
        opts=["Annecy by train", "Marseille by car", "Geneva by coach", "Chamonix hiking",
              "Beaujolais by bike", "Turin by night train", "the Ardeche canoe trip"],
        crit=["cost", "travel time", "weather risk", "things to do", "comfort"]),
    dict(
        q=["Which database should back the new analytics service?",
           "We need to choose a datastore for the event pipeline.",
           "Storage decision for the reporting backend: what do we use?"],
        ctx=["Writes peak at about 20k events per second during campaigns.",
             "The team has two backend engineers, neither of them a DBA.",
             "Queries are mostly aggregations over the last 90 days.",
             "We are on a managed cloud and would rather not run our own cluster.",
             "Compliance wants point-in-time restore."],
        opts=["PostgreSQL", "MongoDB", "Cassandra", "ClickHouse", "DynamoDB", "SQLite",
              "TimescaleDB"],
        crit=["write throughput", "query flexibility", "operational burden", "cost",
              "team familiarity"]),
    dict(
        q=["How should I attack the lemma that every tournament has a Hamiltonian path?",
           "Which proof strategy for the bound on the number of edges?",
           "Proof plan: what route do I take for this inequality?"],
        ctx=["The statement is for all n at least 1, so small cases are easy to check.",
             "The referee asked for a proof that a second-year student can follow.",
             "There is a known counterexample to the stronger version, so care is needed.",
             "I have about two pages of space in the appendix.",
             "The previous section already set up a potential function."],
        opts=["induction on n", "proof by contradiction", "a direct construction",
              "a pigeonhole argument", "generating functions", "a bijective count",
              "the probabilistic method"],
        crit=["rigour", "length", "readability", "generality", "risk of a gap"]),
    dict(
        q=["What do I cook tonight for six guests, one of them vegetarian?",
           "Dinner menu: which main course?",
           "Which recipe for the Saturday dinner?"],
        ctx=["I get home at 18:30 and people arrive at 20:00.",
             "The oven is small and only fits one tray.",
             "There is leftover arborio rice and half a pumpkin in the cupboard.",
             "One guest cannot eat nuts.",
             "The shop round the corner closes at 19:00."],
        opts=["pumpkin risotto", "a vegetable stir-fry", "lentil curry", "roast chicken",
              "shakshuka", "homemade pizza", "a big lasagne"],
        crit=["preparation time", "cost", "how well it suits the vegetarian",
              "washing up", "crowd appeal"]),
    dict(
        q=["Which route to the airport tomorrow morning?",
           "How do I get to the terminal by 8:15?",
           "Route choice for the drive to the ferry port?"],
        ctx=["Traffic on weekdays starts building at about 7:00.",
             "Parking at the terminal is expensive but close.",
             "There are roadworks announced somewhere on the north side.",
             "I have one large suitcase and a backpack.",
             "The forecast says light rain."],
        opts=["the ring road", "straight through the city centre", "the toll motorway",
              "the train plus shuttle", "the coastal road", "a taxi", "the airport bus"],
        crit=["journey time", "reliability", "cost", "stress", "luggage handling"]),
    dict(
        q=["Why does the checkout service return 502s every few hours?",
           "Debugging the intermittent test failure: which hypothesis do I chase first?",
           "What is behind the nightly job that hangs?"],
        ctx=["The failures started after Tuesday's deploy.",
             "Logs show a spike in open connections just before each incident.",
             "It never reproduces on a laptop.",
             "Restarting the pod makes it go away for a while.",
             "Only the eu-west region is affected."],
        opts=["a race condition in the cache", "a stale DNS entry",
              "an off-by-one in pagination", "a memory leak in the worker",
              "a misconfigured timeout", "connection pool exhaustion",
              "clock skew between nodes"],
        crit=["fit with the evidence", "cost to test", "plausibility", "blast radius",
              "time to confirm"]),
    dict(
        q=["Which laptop should I buy for the new hire?",
           "Picking a laptop for data work under 1800 euros.",
           "Hardware purchase: which machine?"],
        ctx=["She will run notebooks with a few GB of data and the occasional Docker stack.",
             "IT supports macOS and Ubuntu.",
             "Delivery needs to happen within two weeks.",
             "She travels to clients about twice a month."],
        opts=["a MacBook Air", "a ThinkPad T14", "a Dell XPS 15", "a Framework 13",
              "a MacBook Pro 14", "an HP EliteBook"],
        crit=["performance", "battery life", "price", "weight", "support"]),
    dict(
        q=["Which venue for the 80-person meetup in March?",
           "Where do we host the community evening?",
           "Venue shortlist: which one do we book?"],
        ctx=["We need a projector and decent wifi.",
             "The sponsor covers up to 1500 euros.",
             "Most attendees come by public transport.",
             "Talks run from 18:30 to 21:00 with food after."],
        opts=["the co-working loft", "the university lecture hall", "the brewery back room",
              "the library auditorium", "a hotel conference room", "the startup's own office"],
        crit=["capacity", "price", "access by transit", "AV equipment", "atmosphere"]),
    dict(
        q=["Which model do we ship for the churn prediction?",
           "Model choice for the fraud scores?",
           "What classifier for the ticket-routing task?"],
        ctx=["We have 40k labelled rows with about 60 features.",
             "Latency budget is 20 ms per request on CPU.",
             "The risk team wants to understand individual predictions.",
             "Labels are a little noisy, maybe 5% wrong."],
        opts=["gradient boosting", "logistic regression", "a small transformer",
              "a random forest", "a k-nearest-neighbours baseline", "an SVM"],
        crit=["accuracy", "latency", "interpretability", "training cost", "robustness"]),
    dict(
        q=["Which marketing channel gets the extra 5k this quarter?",
           "Where do we put the remaining ad budget?",
           "Channel decision for the product launch?"],
        ctx=["Our audience is mostly small accounting firms.",
             "Last quarter the blog brought in steady but slow sign-ups.",
             "Sales can follow up on at most 50 leads a week.",
             "Creative work must be done in-house."],
        opts=["LinkedIn ads", "a podcast sponsorship", "Google search ads",
              "a trade-show booth", "a newsletter swap", "cold email"],
        crit=["cost per lead", "lead quality", "effort", "speed", "measurability"]),
]

GOOD = ["{c} is excellent", "strong on {c}", "handles {c} really well", "great {c}",
        "{c}: no concerns at all", "very good {c}", "{c} is a clear plus"]
BAD = ["{c} is a real problem", "weak on {c}", "poor {c}", "{c} looks bad",
       "{c} is worrying", "falls short on {c}", "{c} is a dealbreaker"]
NEUTRAL_DESC = ["would mean {c} goes one way, the rest another",
                "changes how we deal with {c}", "is the one we talked about on Monday",
                "came up in the team chat", "involves {c} in some way",
                "is on the shortlist", "was suggested by Sam"]
LEVEL_WORDS = [
    ["terrible", "a non-starter", "unworkable", "clearly the worst", "hopeless"],
    ["weak", "poor", "not great", "disappointing", "below par"],
    ["okay", "middling", "so-so", "mediocre", "average at best"],
    ["good", "solid", "decent", "promising", "pretty good"],
    ["excellent", "the strongest", "outstanding", "very good", "great"],
]
FILLER = ["Let me write the options down before deciding anything.",
          "I want to keep this short but not sloppy.",
          "Constraints first, then the candidates.",
          "Nothing here is irreversible, but switching later has a cost.",
          "I'll note the trade-offs as I go.",
          "Context matters more than the general reputation of each choice.",
          "There is no perfect answer, just a reasonable one.",
          "I asked two colleagues and they disagreed, so here is my own take.",
          "Time box: ten minutes for this decision."]

LETTERS = "ABCDEFG"


def cap(s):
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------- labels

LABEL_STYLES = ["Option L:", "Option N —", "(l)", "L)", "N.", "### Candidate N:",
                "Plan L —", "**Choice N:", "Alternative N:", "Route/Idea N -"]


def label(style, i, name):
    """Return (head line text, reference used when choosing)."""
    TAGS["label"] = style
    L, lo, N = LETTERS[i], LETTERS[i].lower(), str(i + 1)
    if style == "Option L:":
        return f"Option {L}: {name}", f"option {L}"
    if style == "Option N —":
        return f"Option {N} — {name}", f"option {N}"
    if style == "(l)":
        return f"({lo}) {name}", f"({lo})"
    if style == "L)":
        return f"{L}) {name}", name
    if style == "N.":
        return f"{N}. **{cap(name)}**", cap(name)
    if style == "### Candidate N:":
        return f"### Candidate {N}: {name}", f"candidate {N}"
    if style == "Plan L —":
        return f"Plan {L} — {name}", f"plan {L}"
    if style == "**Choice N:":
        return f"**Choice {N}: {name}**", f"choice {N}"
    if style == "Alternative N:":
        return f"Alternative {N}: {name}", f"alternative {N}"
    return f"Idea {N} - {name}", f"idea {N}"


CHOOSE = ["I'll go with {r}.", "Final pick: {r}.", "Decision: {r}", "So we choose {r}.",
          "Going with {r}.", "**Answer:** {r}", "My recommendation is {r}.",
          "Let's pick {r}.", "We settle on {r}.", "Conclusion: {r}.",
          "Choice made: {r}.", "So, {r} it is."]


TAGS = {}  # forms used by the text being generated (diagnostics only, never written out)


def choose_line(rng, ref):
    t = rng.choice(CHOOSE)
    TAGS["choose"] = t
    return t.format(r=ref)


def ordinal(i):
    return ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"][i]


# --------------------------------------------------------------------------- text helpers

def setup(rng, kmin=3, kmax=5):
    d = rng.choice(DOMAINS)
    k = rng.randint(kmin, kmax)
    opts = rng.sample(d["opts"], k)
    return d, opts


def intro(rng, d):
    parts = []
    q = rng.choice(d["q"])
    head = rng.choice(["Task: ", "Question: ", "", "## Problem\n", "Goal: "])
    parts.append(head + q)
    ctx = rng.sample(d["ctx"], rng.randint(2, len(d["ctx"])))
    if rng.random() < 0.5:
        parts.append(" ".join(ctx))
    else:
        parts.append("Constraints:\n" + "\n".join("* " + c for c in ctx))
    if rng.random() < 0.6:
        parts.append(rng.choice(FILLER))
    return "\n\n".join(parts)


PAD_GENERIC = [
    "Let me write the options down before deciding anything.",
    "I want to keep this short but not sloppy.",
    "Nothing here is irreversible, but switching later has a cost.",
    "Context matters more than the general reputation of each choice.",
    "There is no perfect answer, just a reasonable one.",
    "I asked two colleagues and they disagreed, so here is my own take.",
    "Time box: ten minutes for this decision.",
    "Whatever we pick, I'll write it up in the shared notes so others can object.",
    "The deadline for deciding is Thursday noon.",
    "Past decisions of this kind took us far too long, mostly from bikeshedding.",
    "I'm writing this on the train, so forgive the terse style.",
    "Nobody has a strong attachment to any particular outcome here.",
    "If new information shows up later I'm happy to revisit.",
    "Someone will ask why, so the reasoning should be on paper.",
    "Numbers below are rough estimates from memory, not measurements.",
    "We did something similar two years ago; the notes from then are patchy.",
    "My manager only cares that it is decided by the end of the week.",
    "The important thing is to avoid the obvious traps, not to be optimal.",
]
PAD_CRIT = ["On {c}, the requirement is looser than people assume.",
            "Last time we underweighted {c}, so it gets extra attention now.",
            "For {c} I'm relying on what we measured in the spring.",
            "{C} is the criterion the stakeholders will ask about first.",
            "I'm treating {c} as important but not decisive."]


def pad(rng, d, text, lo=None):
    lo = lo or rng.randint(1000, 2400)
    pool = [x for x in PAD_GENERIC + d["ctx"] if x not in text]
    pool += [t.format(c=c, C=cap(c)) for t in PAD_CRIT for c in d["crit"]]
    rng.shuffle(pool)
    extra = []
    while len(text) + sum(len(e) + 1 for e in extra) < lo and pool:
        extra.append(pool.pop())
    if extra:
        # neutral padding before the options, never inside them
        first, _, rest = text.partition("\n\n")
        cut = rng.randint(1, len(extra))
        paras = [" ".join(extra[:cut])] + ([" ".join(extra[cut:])] if extra[cut:] else [])
        text = first + "\n\n" + "\n\n".join(paras) + "\n\n" + rest
    return text


G24_PAD = ["Target is 24, and every number has to be used exactly once.",
           "Useful shapes: three times eight, four times six, two times twelve, "
           "or thirty minus six.",
           "Division is allowed but only if it comes out clean here, I'd rather avoid fractions.",
           "I'll write each attempt as a chain of steps.",
           "Let me not get fancy; a few systematic tries should do.",
           "Large numbers often need to be subtracted or divided down first.",
           "Order of the numbers does not matter, only which pairs get combined.",
           "Keep an eye on intermediate results that are factors of 24."]


def g24_pad(rng, lines):
    extra = rng.sample(G24_PAD, rng.randint(3, len(G24_PAD)))
    return [*lines[:1], "", " ".join(extra), "", *lines[1:]]


def qualities(rng, k):
    """Distinct qualities in 0..4 range as floats; rank order is what matters."""
    vals = rng.sample(range(10), k)
    return vals


def level_of(q, qs):
    """Map a quality to 0..4 by rank among qs (best -> 4, worst -> 0)."""
    order = sorted(qs)
    r = order.index(q)
    if len(qs) == 1:
        return 4
    return round(4 * r / (len(qs) - 1))


def procon(rng, d, lev):
    crits = rng.sample(d["crit"], min(4, len(d["crit"])))
    n_good = {0: 0, 1: 1, 2: 1, 3: 2, 4: 3}[lev]
    n_bad = {0: 3, 1: 2, 2: 1, 3: 1, 4: 0}[lev]
    n_good = min(n_good, len(crits))
    good = [rng.choice(GOOD).format(c=c) for c in crits[:n_good]]
    bad = [rng.choice(BAD).format(c=c) for c in crits[n_good:n_good + n_bad]]
    return good, bad


def pick(rng, qs, follow):
    """The chosen index: best-evaluated if follow, else uniform at random."""
    best = max(range(len(qs)), key=lambda i: qs[i])
    c = best if follow else rng.randrange(len(qs))
    TAGS["pick_best"] = c == best
    return c


def doc(text, task="prompt", instance=None):
    return dict(text=text, task=task, instance=instance, tags=dict(TAGS))


# --------------------------------------------------------------------------- free-text processes

def g_procon_verdict(rng, follow):
    d, opts = setup(rng)
    qs = qualities(rng, len(opts))
    style = rng.choice(LABEL_STYLES)
    vkey = rng.choice(["Verdict:", "Bottom line:", "**Verdict:**", "Net:", "Overall:"])
    TAGS["fmt"] = "verdict-key:" + vkey
    blocks = []
    refs = []
    for i, o in enumerate(opts):
        head, ref = label(style, i, o)
        refs.append(ref)
        lev = level_of(qs[i], qs)
        good, bad = procon(rng, d, lev)
        lines = [head]
        fmt = rng.random()
        if fmt < 0.4:
            lines.append("Pros: " + ("; ".join(good) if good else "none really"))
            lines.append("Cons: " + ("; ".join(bad) if bad else "hard to find any"))
        elif fmt < 0.7:
            lines += ["+ " + g for g in good] + ["- " + b for b in bad]
        else:
            s = (cap(", ".join(good)) + ". " if good else "") + \
                ("On the other hand, " + ", ".join(bad) + "." if bad else "")
            lines.append(s.strip() or "Nothing stands out.")
        lines.append(f"{vkey} {rng.choice(LEVEL_WORDS[lev])}.")
        blocks.append("\n".join(lines))
    c = pick(rng, qs, follow)
    fin = rng.choice(["Bottom line: ", "Overall, ", "Weighing it all up: ", "Final: ", ""])
    end = fin + choose_line(rng, refs[c])
    t = intro(rng, d) + "\n\n" + "\n\n".join(blocks) + "\n\n" + end
    return doc(pad(rng, d, t))


def num_grade(rng, fmt, v):
    return {
        "10": f"{v}/10",
        "5": f"score: {v} out of 5",
        "r": f"rating {v}",
        "pct": f"{v}%",
        "pts": f"{v} points out of 20",
    }[fmt]


def g_numeric(rng, follow, identical=False):
    d, opts = setup(rng)
    k = len(opts)
    fmt = rng.choice(["10", "5", "r", "pct", "pts"])
    if fmt == "10":
        vals = rng.sample(range(1, 11), k)
    elif fmt == "5":
        vals = rng.sample(range(1, 6), k)
    elif fmt == "r":
        vals = [x / 2 for x in rng.sample(range(2, 21), k)]
    elif fmt == "pct":
        vals = rng.sample(range(20, 100, 5), k)
    else:
        vals = rng.sample(range(4, 21), k)
    TAGS["fmt"] = "num:" + fmt
    if identical:
        vals = [vals[0]] * k
    style = rng.choice(LABEL_STYLES)
    blocks, refs = [], []
    for i, o in enumerate(opts):
        head, ref = label(style, i, o)
        refs.append(ref)
        crit = rng.choice(d["crit"])
        note = rng.choice([f"mostly because of {crit}", f"{crit} drives this",
                           f"taking {crit} into account", "", f"after weighing {crit}"])
        g = num_grade(rng, fmt, vals[i])
        if rng.random() < 0.5:
            blocks.append(f"{head}\n{cap(g)}{' — ' + note if note else ''}.")
        else:
            blocks.append(f"{head} ({g}{', ' + note if note else ''})")
    c = pick(rng, vals, follow) if not identical else rng.randrange(k)
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    t = intro(rng, d) + "\n\n" + sep.join(blocks) + "\n\n" + choose_line(rng, refs[c])
    return doc(pad(rng, d, t))


STARS = ["★☆☆☆☆", "★★☆☆☆", "★★★☆☆", "★★★★☆", "★★★★★"]
LETTER = ["F", "D", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"]


def g_symbolic(rng, follow, identical=False):
    d, opts = setup(rng, 3, 5)
    k = len(opts)
    kind = rng.choice(["stars", "letter", "emoji"])
    if kind == "stars":
        vals = rng.sample(range(5), k)
        def show(v):
            return STARS[v]
    elif kind == "letter":
        vals = rng.sample(range(len(LETTER)), k)
        def show(v):
            return "grade " + LETTER[v] if rng.random() < 0.5 else LETTER[v]
    else:
        # one clear winner, others mixed negatives/hedges
        vals = [rng.choice([0, 1]) for _ in range(k)]
        vals[rng.randrange(k)] = 2
        em = {0: ["❌", "👎", "✗"], 1: ["⚠️", "🤔", "😐"], 2: ["✅", "👍", "✔️"]}
        def show(v):
            return rng.choice(em[v])
    TAGS["fmt"] = "sym:" + kind
    if identical:
        vals = [vals[0] if kind != "emoji" else 2] * k
    style = rng.choice(LABEL_STYLES)
    blocks, refs = [], []
    for i, o in enumerate(opts):
        head, ref = label(style, i, o)
        refs.append(ref)
        crit = rng.choice(d["crit"])
        s = show(vals[i])
        blocks.append(rng.choice([f"{head} {s}", f"{head}\n{s} ({crit})",
                                  f"{head}: {s}", f"{head} — {crit}: {s}"]))
    if identical or not follow:
        c = rng.randrange(k)
    else:
        best = max(vals)
        c = rng.choice([i for i in range(k) if vals[i] == best])
    if not identical:
        TAGS["pick_best"] = vals[c] == max(vals)
    t = intro(rng, d) + "\n\n" + "\n".join(blocks) + "\n\n" + choose_line(rng, refs[c])
    return doc(pad(rng, d, t))


def g_eval_first(rng, follow):
    """Evaluation written before the option's name."""
    d, opts = setup(rng, 3, 4)
    k = len(opts)
    qs = qualities(rng, k)
    order = sorted(range(k), key=lambda i: qs[i])  # worst..best
    style = rng.choice(LABEL_STYLES)
    heads, refs = [], []
    for i, o in enumerate(opts):
        h, r = label(style, i, o)
        heads.append(h)
        refs.append(r)
    listing = "The candidates:\n" + "\n".join(heads)
    worst, best = order[0], order[-1]
    mid = order[1:-1]
    sents = [rng.choice(["Clearly the weakest is {x}.", "Worst of the bunch: {x}.",
                         "The poorest fit is {x}.", "Dead last, for me, is {x}."]
                        ).format(x=opts[worst]),
             rng.choice(["The strongest is {x}.", "Best on almost every count: {x}.",
                         "Far ahead of the rest is {x}.", "The clear winner on paper is {x}."]
                        ).format(x=opts[best])]
    for m in mid:
        sents.append(rng.choice(["Somewhere in the middle sits {x}.",
                                 "Acceptable but unremarkable: {x}.",
                                 "Middling, neither good nor bad, is {x}."]).format(x=opts[m]))
    rng.shuffle(sents)
    c = best if follow else rng.randrange(k)
    TAGS["pick_best"] = c == best
    end = choose_line(rng, rng.choice([refs[c], opts[c]]))
    t = intro(rng, d) + "\n\n" + listing + "\n\n" + " ".join(sents) + "\n\n" + end
    return doc(pad(rng, d, t))


def g_choice_first(rng, follow):
    """'I'll go with C. A is too slow, B costs too much, C is fine.'"""
    d, opts = setup(rng, 3, 4)
    k = len(opts)
    qs = qualities(rng, k)
    c = pick(rng, qs, follow)
    style = rng.choice(["Option L:", "Plan L —", "(l)", "Option N —"])
    heads, refs = [], []
    for i, o in enumerate(opts):
        h, r = label(style, i, o)
        heads.append(h)
        refs.append(r)
    parts = [intro(rng, d)]
    if rng.random() < 0.6:
        parts.append("On the table:\n" + "\n".join(heads))
    pre = rng.choice(["I'll go with {r}.", "Short answer: {r}.", "My pick is {r}.",
                      "Going with {r}, and here is why."]).format(r=refs[c])
    judg = []
    for i in range(k):
        lev = level_of(qs[i], qs)
        crit = rng.choice(d["crit"])
        name = cap(rng.choice([refs[i], opts[i]]))
        if lev <= 1:
            s = rng.choice([f"{name} is too slow", f"{name} costs too much",
                            f"{name} fails on {crit}", f"{name} is {rng.choice(LEVEL_WORDS[lev])}"])
        elif lev == 2:
            s = rng.choice([f"{name} is okay but only okay", f"{name} is middling on {crit}",
                            f"{name} is so-so"])
        else:
            s = rng.choice([f"{name} is fine", f"{name} does well on {crit}",
                            f"{name} is {rng.choice(LEVEL_WORDS[lev])}"])
        judg.append(s)
    rng.shuffle(judg)
    parts.append(pre + " " + "; ".join(judg) + ".")
    return doc(pad(rng, d, "\n\n".join(parts)))


def g_ranking(rng, follow):
    d, opts = setup(rng, 3, 5)
    k = len(opts)
    qs = qualities(rng, k)
    style = rng.choice(["Option L:", "Plan L —", "(l)", "L)"])
    heads, refs = [], []
    for i, o in enumerate(opts):
        h, r = label(style, i, o)
        crit = rng.choice(d["crit"])
        heads.append(h + " — " + rng.choice(NEUTRAL_DESC).format(c=crit))
        refs.append(r)
    order = sorted(range(k), key=lambda i: -qs[i])
    fmt = rng.random()
    short = [refs[i].replace("option ", "").replace("plan ", "") for i in order]
    if fmt < 0.4:
        rank = "Ranking: " + " ".join(f"{j + 1}. {short[j]}" for j in range(k))
    elif fmt < 0.7:
        rank = "My ranking, best first:\n" + "\n".join(f"#{j + 1} {opts[order[j]]}"
                                                       for j in range(k))
    else:
        rank = "Order of preference: " + " > ".join(opts[i] for i in order)
    c = order[0] if follow else rng.randrange(k)
    TAGS["pick_best"] = c == order[0]
    end = rng.choice(["Taking the top one: ", "So: ", "Result: ", ""]) + \
        choose_line(rng, rng.choice([refs[c], opts[c]]))
    t = intro(rng, d) + "\n\n" + "\n".join(heads) + "\n\n" + rank + "\n\n" + end
    return doc(pad(rng, d, t))


def g_table(rng, follow):
    d, opts = setup(rng, 3, 5)
    k = len(opts)
    fmt = rng.choice(["10", "bare", "5", "stars"])
    TAGS["fmt"] = "table:" + fmt
    if fmt == "stars":
        vals = rng.sample(range(5), k)
    elif fmt == "5":
        vals = rng.sample(range(1, 6), k)
    else:
        vals = rng.sample(range(1, 11), k)
    crits = rng.sample(d["crit"], 2)
    lab = rng.choice(["L: ", "Option L – ", "N. ", ""])
    TAGS["label"] = "table-row:" + repr(lab)
    rows = [f"| Option | {cap(crits[0])} | {cap(crits[1])} | Score |", "|---|---|---|---|"]
    refs = []
    for i, o in enumerate(opts):
        L, N = LETTERS[i], str(i + 1)
        pre = lab.replace("L", L).replace("N", N)
        refs.append(o if not pre else (f"option {L}" if "L" in lab else o))
        a = rng.choice(["low", "high", "medium", "n/a", "~2h", "varies"])
        b = rng.choice(["yes", "no", "partly", "unknown", "some"])
        s = STARS[vals[i]] if fmt == "stars" else {
            "10": f"{vals[i]}/10", "bare": str(vals[i]), "5": f"{vals[i]} / 5"}[fmt]
        rows.append(f"| {pre}{o} | {a} | {b} | {s} |")
    c = pick(rng, vals, follow)
    t = intro(rng, d) + "\n\n" + "\n".join(rows) + "\n\n" + choose_line(rng, refs[c])
    return doc(pad(rng, d, t))


def g_dfs(rng, follow):
    """Depth-first exploration in prose with failures and backing up."""
    d, opts = setup(rng, 3, 5)
    k = len(opts)
    good = rng.randrange(k)       # the one that works
    # maybe explore past the success and find a worse one
    tried = list(range(k))
    parts = [intro(rng, d)]
    first = True
    for i in tried:
        o = opts[i]
        crit = rng.choice(d["crit"])
        if first:
            opener = rng.choice(["First idea: {o}.", "Start with {o}.", "Try {o} first.",
                                 "The obvious candidate is {o}."]).format(o=o)
            first = False
        else:
            opener = rng.choice(["Back up — try {o} instead.", "Let me try {o}.",
                                 "Scratch that. What about {o}?", "Alternatively, {o}.",
                                 "Backtrack and consider {o}.", "Another approach: {o}."]
                                ).format(o=o)
        if i == good:
            res = rng.choice([f"That works: {crit} is fine and nothing else breaks.",
                              f"This one holds up, {crit} checks out.",
                              "Works. Every constraint is satisfied.",
                              f"Good, {crit} is well within limits, so this is viable."])
        else:
            res = rng.choice([f"That fails because {crit} is a real problem.",
                              f"Dead end: {crit} rules it out.",
                              f"No good, {crit} is way off.",
                              f"Doesn't work — {crit} breaks it."])
        parts.append(opener + " " + res)
    c = good if follow else rng.randrange(k)
    TAGS["pick_best"] = c == good
    TAGS["dfs"] = f"k={k} good={good} pick={c}"
    o = opts[c]
    end = rng.choice(["So I'll go with {o}.", "Going with {o}.", "Final answer: {o}.",
                      "Let's go with {o}."])
    TAGS["choose"] = end
    end = end.format(o=o)
    parts.append(end)
    return doc(pad(rng, d, "\n\n".join(parts)))


def g_works_fails(rng, follow):
    d, opts = setup(rng, 3, 5)
    k = len(opts)
    good = rng.randrange(k)
    style = rng.choice(["Option N —", "Option L:", "N.", "Alternative N:"])
    blocks, refs = [], []
    for i, o in enumerate(opts):
        h, r = label(style, i, o)
        refs.append(r)
        crit = rng.choice(d["crit"])
        if i == good:
            j = rng.choice(["works", "works, within budget", "✓ works", "this works",
                            "feasible and cheap"])
        else:
            j = rng.choice(["fails", "too expensive", "fails on " + crit,
                            "doesn't fit the schedule", "too risky", "ruled out: " + crit])
        blocks.append(f"{h}: {j}." if rng.random() < 0.5 else f"{h}\n  → {j}")
    c = good if follow else rng.randrange(k)
    TAGS["pick_best"] = c == good
    t = intro(rng, d) + "\n\n" + "\n".join(blocks) + "\n\n" + choose_line(rng, refs[c])
    return doc(pad(rng, d, t))


def g_single_chain(rng, follow=None):
    d = rng.choice(DOMAINS)
    o = rng.choice(d["opts"])
    crits = rng.sample(d["crit"], 3)
    steps = [f"The main thing to get right is {crits[0]}.",
             f"Given that, {o} is where I start, and I just work through the details.",
             f"For {crits[1]}, I set aside a fixed amount and move on.",
             f"Then {crits[2]}: I note what it implies and plan around it.",
             "Next I write down the concrete steps in order, with times.",
             "After that, the remaining details follow directly."]
    if rng.random() < 0.5:
        steps = [f"Step {i + 1}: {s}" for i, s in enumerate(steps)]
    t = intro(rng, d) + "\n\n" + "\n".join(steps) + "\n\n" + \
        rng.choice(["So the plan is {o}.", "Answer: {o}.", "Done: {o}."]).format(o=o)
    return doc(pad(rng, d, t))


def g_listed(rng, follow=None):
    d, opts = setup(rng, 3, 5)
    style = rng.choice(LABEL_STYLES)
    blocks, refs = [], []
    for i, o in enumerate(opts):
        h, r = label(style, i, o)
        refs.append(r)
        blocks.append(h + (" — " + rng.choice(NEUTRAL_DESC).format(c=rng.choice(d["crit"]))
                           if rng.random() < 0.6 else ""))
    c = rng.randrange(len(opts))
    t = intro(rng, d) + "\n\n" + "\n".join(blocks) + "\n\n" + \
        rng.choice(["No strong preference, flipping a coin. ", "", "Picking one: "]) + \
        choose_line(rng, refs[c])
    return doc(pad(rng, d, t))


def g_posthoc(rng, follow=None):
    d, opts = setup(rng, 3, 5)
    c = rng.randrange(len(opts))
    style = rng.choice(LABEL_STYLES)
    parts = [intro(rng, d)]
    if rng.random() < 0.6:
        heads = [label(style, i, o)[0] for i, o in enumerate(opts)]
        parts.append("Candidates:\n" + "\n".join(heads))
        ref = label(style, c, opts[c])[1]
    else:
        ref = opts[c]
    parts.append(rng.choice(["I'll go with {r}.", "Decision: {r}.", "Picking {r}."]
                            ).format(r=ref))
    good, _ = procon(rng, d, 4)
    lev = rng.choice(LEVEL_WORDS[4] + LEVEL_WORDS[3])
    just = rng.choice([
        f"Why {opts[c]}? " + cap("; ".join(good)) + f". Overall it is {lev}.",
        f"Justification: {opts[c]} is {lev} — " + ", ".join(good) + ".",
        f"{cap(opts[c])}: " + rng.choice(["8/10", "★★★★☆", "A-", "✅", "9/10"]) +
        ". " + cap(", ".join(good)) + "."])
    parts.append(just)
    return doc(pad(rng, d, "\n\n".join(parts)))


def g_listed_marked(rng, follow=None):
    """Options with no evaluation, a pick by lot, then the list restated with selection
    marks (ticks, crosses, 'selected'/'dropped'): marks of the choice, not evaluations."""
    d, opts = setup(rng, 3, 5)
    style = rng.choice(LABEL_STYLES)
    heads = [label(style, i, o)[0] for i, o in enumerate(opts)]
    c = rng.randrange(len(opts))
    mk = rng.choice([("✓", "✗"), ("✅ selected", "❌ dropped"), ("[x]", "[ ]"),
                     ("(chosen)", "(not chosen)"), ("→ keep", "→ discard")])
    TAGS["fmt"] = "marks:" + mk[0]
    lot = rng.choice(["No basis to prefer any of them, so I drew lots.",
                      "I let a random number generator decide.",
                      "Honestly they are indistinguishable to me; rolled a die."])
    marked = [f"{h} {mk[0] if i == c else mk[1]}" for i, h in enumerate(heads)]
    t = intro(rng, d) + "\n\nThe candidates:\n" + "\n".join(heads) + "\n\n" + lot + \
        "\n\nAfter the draw:\n" + "\n".join(marked) + "\n\n" + \
        choose_line(rng, label(style, c, opts[c])[1])
    return doc(pad(rng, d, t))


def g_praised_pick(rng, follow=None):
    """Rated options, a random pick, praise written into the committing sentence."""
    base = rng.choice([g_numeric, g_symbolic])(rng, False)
    praise = rng.choice([" — it's clearly the best fit.", ", which is excellent.",
                         ". This one is great, easily the strongest.", " ✅ good choice.",
                         ". Works well, no concerns."])
    TAGS["praise"] = praise
    t = base["text"].rstrip()
    if t.endswith("."):
        t = t[:-1]
    return doc(t + praise)


def g_posthoc_inline(rng, follow=None):
    """Options listed neutrally; the one picked at random is praised inside its own
    block, after the fact ('<- picked, great'); the others get nothing."""
    d, opts = setup(rng, 3, 5)
    style = rng.choice(LABEL_STYLES)
    c = rng.randrange(len(opts))
    blocks = []
    for i, o in enumerate(opts):
        h, _ = label(style, i, o)
        if i == c:
            blocks.append(h + rng.choice([
                "  <- picked this one (coin flip); looks great in hindsight",
                                          " — my pick. Having picked it: excellent, works well.",
                                          " ✅ picked (at random), and it's good"]))
        else:
            blocks.append(h)
    t = intro(rng, d) + "\n\n" + "\n".join(blocks) + "\n\n" + \
        choose_line(rng, label(style, c, opts[c])[1])
    return doc(pad(rng, d, t))


def g_ticks_only(rng, follow=None):
    return g_marks_only(rng, ticks=True)


def g_marks_only(rng, follow=None, ticks=False):
    """A pick by lot, announced first, then ONE list of the options carrying selection
    marks (✓ for the drawn one, ✗ for the rest). The marks record the draw, not a judgement."""
    d, opts = setup(rng, 3, 5)
    style = rng.choice(LABEL_STYLES)
    c = rng.randrange(len(opts))
    mk = rng.choice([("✓", "✗"), ("✅", "❌"), ("— selected", "— not selected"),
                     ("(drawn)", "(not drawn)"), ("→ in", "→ out")] if not ticks else
                    [("✓", "✗"), ("✅", "❌"), ("✔", "✘")])
    TAGS["fmt"] = "marks:" + mk[0]
    lot = rng.choice(["No basis to prefer any of them, so I drew lots. Result of the draw:",
                      "I let a random number generator decide. Outcome:",
                      "They are indistinguishable to me, so I rolled a die:"])
    marked = [f"{label(style, i, o)[0]} {mk[0] if i == c else mk[1]}"
              for i, o in enumerate(opts)]
    t = intro(rng, d) + "\n\n" + lot + "\n" + "\n".join(marked) + "\n\n" + \
        choose_line(rng, label(style, c, opts[c])[1])
    return doc(pad(rng, d, t))


def g_coinflip_rationalized(rng, follow=None):
    """The pick is drawn at random and announced first; only afterwards are the options
    rated, and the ratings are made to agree with the pick (rationalisation)."""
    d, opts = setup(rng, 3, 5)
    k = len(opts)
    style = rng.choice(LABEL_STYLES)
    c = rng.randrange(k)
    vals = sorted(rng.sample(range(1, 11), k))
    others = vals[:-1]
    rng.shuffle(others)
    vals = [vals[-1] if i == c else others.pop() for i in range(k)]
    pre = rng.choice(["I flipped a coin (well, rolled a die) and it landed on {r}.",
                      "Picked at random: {r}. Now let me justify it to the team.",
                      "The lottery says {r}, so that's what we do; ratings for the write-up:"]
                     ).format(r=label(style, c, opts[c])[1])
    rows = [f"{label(style, i, o)[0]}: {vals[i]}/10" for i, o in enumerate(opts)]
    t = intro(rng, d) + "\n\n" + pre + "\n\n" + "\n".join(rows) + "\n\n" + \
        choose_line(rng, label(style, c, opts[c])[1])
    return doc(pad(rng, d, t))


def g_verified(rng, follow=None):
    d = rng.choice(DOMAINS)
    o = rng.choice(d["opts"])
    crits = rng.sample(d["crit"], 3)
    plan = f"Plan: {o}. " + rng.choice([
        "I worked it out quickly from the constraints.",
        "It was the first thing that came to mind.", "Straightforward enough."])
    checks = "\n".join(f"- {cap(c)}: " + rng.choice(["checks out ✓", "ok", "fine, verified",
                                                    "within limits ✓"]) for c in crits)
    t = intro(rng, d) + "\n\n" + plan + "\n\nChecking it after the fact:\n" + checks + \
        "\n\n" + rng.choice(["Verified, so: {o}.", "Answer: {o}.", "Confirmed — {o}."]
                            ).format(o=o)
    return doc(pad(rng, d, t))


def g_identical(rng, follow=None):
    r = rng.random()
    if r < 0.35:
        return g_numeric(rng, False, identical=True)
    if r < 0.7:
        return g_symbolic(rng, False, identical=True)
    d, opts = setup(rng, 3, 5)
    style = rng.choice(LABEL_STYLES)
    blocks, refs = [], []
    w = rng.choice(["looks fine", "good", "acceptable", "works", "solid"])
    for i, o in enumerate(opts):
        h, ref = label(style, i, o)
        refs.append(ref)
        blocks.append(f"{h}: {w}.")
    c = rng.randrange(len(opts))
    t = intro(rng, d) + "\n\n" + "\n".join(blocks) + "\n\n" + \
        rng.choice(["They all look fine, so any will do. ", "All equally good. ", ""]) + \
        choose_line(rng, refs[c])
    return doc(pad(rng, d, t))


# --------------------------------------------------------------------------- game24

OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
       "*": lambda a, b: a * b, "/": lambda a, b: a / b if b else None}
SHOW = {"+": ["+"], "-": ["-", "−"], "*": ["*", "×", "x"], "/": ["/", "÷"]}


def random_chain(rng, nums):
    """A random sequence of three steps on nums, integer results only."""
    for _ in range(200):
        cur = [Fraction(n) for n in nums]
        steps = []
        ok = True
        while len(cur) > 1:
            i, j = rng.sample(range(len(cur)), 2)
            a, b = cur[i], cur[j]
            op = rng.choice("+-*/")
            if op == "-" and a < b:
                a, b = b, a
            if op == "/" and b == 0:
                continue
            r = OPS[op](a, b)
            if r is None or r.denominator != 1 or r < 0:
                ok = False
                break
            steps.append((int(a), op, int(b), int(r)))
            rest = [x for t, x in enumerate(cur) if t not in (i, j)]
            cur = [*rest, r]
        if ok and len(steps) == 3:
            return steps
    return None


def solutions(rng, nums, tries=3000):
    sols, fails = [], []
    seen = set()
    for _ in range(tries):
        s = random_chain(rng, nums)
        if not s:
            continue
        key = tuple(s)
        if key in seen:
            continue
        seen.add(key)
        (sols if s[-1][3] == 24 else fails).append(s)
    return sols, fails


def g24_instance(rng):
    while True:
        nums = sorted(rng.randint(1, 13) for _ in range(4))
        sols, fails = solutions(rng, nums, 600)
        if sols and len(fails) >= 3:
            return nums, sols, fails


def fmt_step(rng, s):
    a, op, b, r = s
    o = rng.choice(SHOW[op])
    return f"{a} {o} {b} = {r}"


def g24_attempts(rng, follow):
    nums, sols, fails = g24_instance(rng)
    k = rng.randint(2, 4)
    atts = [*rng.sample(fails, k - 1), rng.choice(sols)]
    rng.shuffle(atts)
    head = rng.choice(["Attempt {n}:", "Try #{n}:", "Path {n} —", "{n})"])
    TAGS["label"] = head
    lines = [rng.choice(["Numbers: ", "Use ", "Make 24 from "]) + " ".join(map(str, nums)),
             ""]
    for n, a in enumerate(atts):
        steps = ", ".join(fmt_step(rng, s) for s in a)
        res = a[-1][3]
        mark = rng.choice(["✓ that's 24", "= 24, works", "✅"]) if res == 24 else \
            rng.choice([f"gives {res}, not 24 ✗", "❌ fails", f"{res}, dead end"])
        lines.append(head.format(n=n + 1) + " " + steps + " → " + mark)
    c = next(i for i, a in enumerate(atts) if a[-1][3] == 24) if follow else rng.randrange(k)
    TAGS["pick_best"] = atts[c][-1][3] == 24
    a = atts[c]
    if rng.random() < 0.5:
        lines += ["", "Answer: " + ", ".join(fmt_step(rng, s) for s in a)]
    else:
        lines += ["", f"I'll go with attempt {c + 1}."]
    lines = g24_pad(rng, lines)
    return doc("\n".join(lines), "game24", " ".join(map(str, nums)))


def g24_unjudged_moves(rng, follow=None):
    """Candidate first moves listed with no judgement at all, then a correct solution
    written out (found off the page): the text itself evaluates nothing."""
    nums, sols, fails = g24_instance(rng)
    a = rng.choice(sols)
    firsts = {a[0]}
    for f in rng.sample(fails, len(fails)):
        if len(firsts) >= rng.randint(3, 4):
            break
        firsts.add(f[0])
    firsts = list(firsts)
    rng.shuffle(firsts)
    lines = [f"Numbers: {' '.join(map(str, nums))}"]
    lines.append(rng.choice(["Some possible first moves:", "First moves I could make:",
                             "Candidate openings:"]))
    lines += [f"- {fmt_step(rng, m)}" for m in firsts]
    lines.append("")
    lines.append(rng.choice(["Solution:", "Here it is:", "Answer:"]) + " " +
                 ", ".join(fmt_step(rng, s) for s in a))
    lines = g24_pad(rng, lines)
    return doc("\n".join(lines), "game24", " ".join(map(str, nums)))


def g24_verified(rng, follow=None):
    nums, sols, _ = g24_instance(rng)
    a = rng.choice(sols)
    lines = [f"Numbers {' '.join(map(str, nums))}, target 24."]
    lines.append("Going straight for it: " + ", ".join(fmt_step(rng, s) for s in a) + ".")
    lines.append("Check: " + "; ".join(f"{s[0]} {s[1]} {s[2]} is indeed {s[3]}" for s in a)
                 + ". Verified ✓")
    lines.append("Answer: " + ", ".join(fmt_step(rng, s) for s in a))
    lines = g24_pad(rng, lines)
    return doc("\n".join(lines), "game24", " ".join(map(str, nums)))


# --------------------------------------------------------------------------- processes

PROCESSES = [
    # name, label, generator, follow
    ("procon_verdict_best", "search", g_procon_verdict, True),
    ("numeric_best", "search", g_numeric, True),
    ("symbolic_best", "search", g_symbolic, True),
    ("eval_before_name_best", "search", g_eval_first, True),
    ("choice_first_compare_best", "search", g_choice_first, True),
    ("ranking_top", "search", g_ranking, True),
    ("table_score_best", "search", g_table, True),
    ("dfs_backtrack_best", "search", g_dfs, True),
    ("works_fails_best", "search", g_works_fails, True),
    ("g24_attempts_best", "search", g24_attempts, True),
    ("single_chain", "non-search", g_single_chain, None),
    ("listed_random", "non-search", g_listed, None),
    ("procon_verdict_random", "non-search", g_procon_verdict, False),
    ("numeric_random", "non-search", g_numeric, False),
    ("symbolic_random", "non-search", g_symbolic, False),
    ("eval_before_name_random", "non-search", g_eval_first, False),
    ("choice_first_compare_random", "non-search", g_choice_first, False),
    ("ranking_random", "non-search", g_ranking, False),
    ("table_score_random", "non-search", g_table, False),
    ("dfs_backtrack_random", "non-search", g_dfs, False),
    ("works_fails_random", "non-search", g_works_fails, False),
    ("posthoc_justification", "non-search", g_posthoc, None),
    ("verified_once", "non-search", g_verified, None),
    ("identical_evals", "non-search", g_identical, None),
    ("g24_attempts_random", "non-search", g24_attempts, False),
    ("listed_random_marked", "non-search", g_listed_marked, None),
    ("rated_random_praised_pick", "non-search", g_praised_pick, None),
    ("posthoc_inline_praise", "non-search", g_posthoc_inline, None),
    ("marks_only_after_lottery", "non-search", g_marks_only, None),
    ("ticks_only_after_lottery", "non-search", g_ticks_only, None),
    ("coinflip_then_rationalized", "non-search", g_coinflip_rationalized, None),
    ("g24_unjudged_moves_solution", "non-search", g24_unjudged_moves, None),
    ("g24_verified_once", "non-search", g24_verified, None),
]


def generate(name, gen, follow, seed):
    rng = random.Random(f"{seed}:{name}")
    texts = []
    for _ in range(N_TEXTS):
        TAGS.clear()
        texts.append(gen(rng, follow) if follow is not None else gen(rng))
    return texts


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def score_process(ms, out, stem, texts):
    inp = out / "inputs" / f"{stem}.jsonl"
    with inp.open("w") as f:
        for i, t in enumerate(texts):
            rec = {"id": f"t{i:02d}", "text": t["text"], "task": t["task"]}
            if t["instance"]:
                rec["instance"] = t["instance"]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tdir = out / "transcripts" / stem
    r = run([ms, "import", "reasoning", str(inp), "--out", str(tdir), "--force"])
    if r.returncode:
        return dict(verdict="IMPORT-ERROR", err=r.stderr.strip()[-300:])
    files = sorted(str(p) for p in tdir.glob("*.jsonl") if not p.name.endswith(".implicit.jsonl"))
    r = run([ms, "score", "--implicit", "--pool", "--json", *files])
    if r.returncode:
        return dict(verdict="SCORE-ERROR", err=r.stderr.strip()[-300:])
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    pooled = max(lines, key=lambda x: x.get("n_transcripts") or 0)
    per = lines[:-1] if len(lines) > len(files) else lines
    sel = pooled.get("selection") or {}
    return dict(verdict=pooled.get("verdict"), n_dec=pooled.get("n_decisions"),
                u=sel.get("u_bar"), p=sel.get("p_value"),
                per_text=[(Path(x.get("path", "")).name, x.get("verdict"), x.get("n_decisions"),
                           (x.get("selection") or {}).get("u_bar")) for x in per])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", default="")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--mesascope", default="/work/main/.venv/bin/mesascope")
    ap.add_argument("--dump", action="store_true", help="also print one text per process")
    a = ap.parse_args()
    out = Path(a.out)
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    procs = [p for p in PROCESSES if not a.only or p[0] in a.only.split(",")]
    order = list(range(len(procs)))
    random.Random(a.seed).shuffle(order)
    stems = {procs[j][0]: f"p{n + 1:02d}" for n, j in enumerate(order)}
    gen = {p[0]: generate(p[0], p[2], p[3], a.seed) for p in procs}
    key = {stems[n]: n for n in stems}
    (out / "key.json").write_text(json.dumps(key, indent=1))  # for the human, not the tool
    res = {}
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        futs = {ex.submit(score_process, a.mesascope, out, stems[p[0]], gen[p[0]]): p
                for p in procs}
        for f in cf.as_completed(futs):
            res[futs[f][0]] = f.result()
    sizes = {n: sum(len(t["text"].encode()) for t in ts) / len(ts) for n, ts in gen.items()}
    git = ["git", "-C", str(Path(a.mesascope).resolve().parents[2])]
    head = run([*git, "log", "-1", "--format=%h %ci"]).stdout.strip()
    dirty = run([*git, "status", "--short", "--untracked-files=no"]).stdout.split("\n")
    print(f"seed {a.seed}   code: {head}   modified: {' '.join(x[3:] for x in dirty if x) or '-'}")
    print(f"{'process':30} {'stem':4} {'label':10} {'verdict':28} {'dec':>4} {'u':>5} "
          f"{'p':>7} {'bytes':>5} ok")
    n_wrong = 0
    report = {}
    for name, lab, _, _ in procs:
        r = res[name]
        v = r.get("verdict") or "?"
        is_search = str(v).startswith("search-")
        ok = is_search == (lab == "search")
        n_wrong += not ok
        u = r.get("u")
        p = r.get("p")
        print(f"{name:30} {stems[name]:4} {lab:10} {v:28} {r.get('n_dec')!s:>4} "
              f"{'' if u is None else f'{u:.2f}':>5} {'' if p is None else f'{p:.4f}':>7} "
              f"{sizes[name]:5.0f} {'yes' if ok else 'NO'}")
        if r.get("err"):
            print("   ", r["err"])
        report[name] = dict(label=lab, ok=ok, **{k: v for k, v in r.items()})
    print(f"wrong: {n_wrong} of {len(procs)}")
    # which forms give no decision at all in the search processes (lost power)
    forms = {}
    for name, lab, _, _ in procs:
        if lab != "search":
            continue
        per = {Path(x[0].split()[0]).stem.rsplit("-", 1)[-1]: x
               for x in res[name].get("per_text", [])}
        for i, t in enumerate(gen[name]):
            x = per.get(f"t{i:02d}")
            got = bool(x and x[2])
            for k, v in t["tags"].items():
                f = forms.setdefault(f"{k}={v!r}", [0, 0])
                f[0] += 1
                f[1] += got
    print("\nsearch texts: forms and how many of their texts gave >= 1 decision")
    for f, (n, g) in sorted(forms.items(), key=lambda kv: kv[1][1] / kv[1][0]):
        print(f"  {g:3d}/{n:<3d} {f}")
    (out / "results.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    # selection bias of the extraction: among the texts of a random-pick process that gave
    # a decision, how often was the pick the best-evaluated option (vs. among all texts)?
    print("\nrandom-pick processes: pick was the best-evaluated option, in texts with a decision"
          " / in all texts")
    for name, lab, _, _ in procs:
        if lab == "search":
            continue
        per = {Path(x[0].split()[0]).stem.rsplit("-", 1)[-1]: x
               for x in res[name].get("per_text", [])}
        rows = [(t["tags"]["pick_best"], bool((per.get(f"t{i:02d}") or [0, 0, 0])[2]))
                for i, t in enumerate(gen[name]) if "pick_best" in t["tags"]]
        if rows:
            dec = [b for b, g in rows if g]
            print(f"  {name:30} {sum(dec)}/{len(dec)} with a decision   "
                  f"{sum(b for b, _ in rows)}/{len(rows)} overall")
    # one example text for every non-search process called search (a false search)
    for name, lab, _, _ in procs:
        if lab == "search" or report[name]["ok"]:
            continue
        per = {Path(x[0].split()[0]).stem.rsplit("-", 1)[-1]: x
               for x in res[name].get("per_text", [])}
        for i, t in enumerate(gen[name]):
            x = per.get(f"t{i:02d}")
            if x and x[2]:
                print(f"\n===== FALSE SEARCH example: {name} ({stems[name]}-t{i:02d}, "
                      f"per-text {x[1]}, {x[2]} decision(s), u {x[3]})")
                print(t["text"])
                break
    if a.dump:
        for name in gen:
            print("=" * 20, name)
            print(gen[name][0]["text"])


if __name__ == "__main__":
    sys.exit(main())
