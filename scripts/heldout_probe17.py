#!/usr/bin/env python3
"""Held-out probe 17 for `mesascope import reasoning` + `score --implicit --pool`.

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

  hiring_S / _N_first           YAML-ish hiring-panel notes: per candidate three round
                                scores out of 4 and the computed average, a neutral note;
                                "decision: offer -> X" for the highest average
  mlruns_S / _N_last            chat (reasoning_content, with answer): the user pastes a
                                sweep log of precision/recall per run, the reasoning works
                                out F1 = 2PR/(P+R) per run; ship the highest-F1 run
  tent_S / _N_random            shop dialogue (Me: / Clerk:) about 2-5 backpacking tents,
                                the clerk gives packed weights in g or kg, weight is the
                                only criterion; "I'll take the X" for the lightest
  tripcost_S / _N_random        chat (reasoning_content or <think>, NO answer key): group
                                trip, per-person cost of driving (fuel litres x price +
                                parking, split), train, coach, flying (+ transfers);
                                cheapest per head; the reply names the pick
  dispute_S / _N_first          legal-ish prose paragraphs on an unpaid invoice: expected
                                net recovery of litigation / arbitration / mediation /
                                a settlement offer (p x claim - costs); highest
  headline_S / _N_last          chat (<think>, NO answer key): newsletter subject-line A/B
                                test, opens / sends = open rate per variant; highest rate,
                                the reply quotes the chosen subject line
  roundrobin_S / _N_random      blind round-robin taste test, every pair "X vs Y: X",
                                optional tally line; the pick is the one with most wins
  aic_S / _N_last               numbered list of fitted growth models with parameter count
                                and log-likelihood, AIC = 2k - 2lnL worked out; lowest AIC
game24 (puzzles from probe 8's helpers):
  g24_ledger_S / _N_random      a markdown ledger of tried expressions | # | expr | value |
                                off by |, the pick is the row off by 0 / a random row (the
                                answer then states its true value)
  g24_pairs_S / _N_first        split the four numbers into two pairs (3 pairings), combine
                                each pair and say whether the halves reach 24 or how close
                                they get; the pick is a pairing that reaches 24 / the first
non-search only:
  hindsight_N                   postmortem: the option was chosen and shipped months ago;
                                all options' costs computed in hindsight, the choice stays
  describe_N                    weekend-trip towns described with neutral facts only, the
                                pick for a personal reason (an aunt lives there ...)
  pickfirst_N                   chat (reasoning_content, NO answer key): the reasoner takes
                                the first gym that came to mind, then prices all of them
                                honestly for completeness and keeps the first one
  budget_N                      chat (<think>, with answer): a take-home pay split into
                                rent / food / transport / fun / savings by percentages,
                                every line computed, the answer is the savings amount

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe17.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction

from heldout_probe8 import ap, cap, fm, make_puzzle, pick, rand_expr  # the shared helpers
from heldout_probe16 import by_rank, distinct, gap_ok, join_and

N_TEXTS = 30

PEOPLE = ["Sam", "Priya", "Tom", "Aisha", "Marek", "Jo", "Ines", "Dev", "Lena", "Kofi", "Ruth"]


def ans_form(rng, name, others=(), article=False):
    """The pick as a user would log it: as written, lower case, shortened or with 'the'."""
    r = rng.random()
    if r < 0.6:
        return name
    if r < 0.72:
        return name.lower()
    if r < 0.86:
        first = name.split()[0]
        if (
            " " in name
            and len(first) >= 4
            and first[0].isupper()
            and all(not o.startswith(first) for o in others if o != name)
        ):
            return first
        return name
    if article and not name.lower().startswith("the "):
        return "the " + name
    return name.lower()


def rec_text(text, ans, q):
    return {"text": text, "task": "prompt", "instance": None, "answer": ans, "prompt": q}


def rec_chat(user, reasoning, reply, ans, shape):
    if shape == "think":
        asst = {"role": "assistant", "content": f"<think>\n{reasoning}\n</think>\n\n{reply}"}
    else:
        asst = {"role": "assistant", "reasoning_content": reasoning, "content": reply}
    rec = {"messages": [{"role": "user", "content": user}, asst]}
    if ans is not None:
        rec["answer"] = ans
    return rec


def make_proc(fn, rule):
    """fn returns ("text", text, ans, q) or ("chat", user, reasoning, reply, ans|None, shape)."""

    def gen(rng, ctx):
        out = []
        for _ in range(N_TEXTS):
            r = fn(rng, rule)
            out.append(rec_text(*r[1:]) if r[0] == "text" else rec_chat(*r[1:]))
        return out

    return gen


# ----------------------------------------------------------------------------- hiring (YAML)

APPLICANTS = [
    "Dana Whitfield",
    "Omar Haddad",
    "Yuki Tanaka",
    "Bea Lindqvist",
    "Chidi Okafor",
    "Mateo Ruiz",
    "Hannah Cole",
    "Ravi Menon",
]
HIRE_NOTES = [
    "strong on testing, vague about caching",
    "talked a lot about side projects",
    "asked good questions about on-call",
    "currently on a 3-month notice period",
    "prefers hybrid, 2 days in office",
    "came via referral from {p}",
    "wants to move into ML eventually",
    "previously at a fintech startup",
]


def t_hiring(rng, rule):
    role = rng.choice(
        ["backend engineer (L4)", "data analyst", "SRE, platform team", "frontend engineer (L3)"]
    )
    rounds = rng.sample(["coding", "design", "values", "debugging", "take_home"], 3)
    while True:
        k = rng.randint(2, 5)
        names = rng.sample(APPLICANTS, k)
        sc = [[rng.randint(1, 4) for _ in rounds] for _ in names]
        tot = [sum(s) for s in sc]
        if gap_ok(tot, 1):
            break
    avg = [t / 3 for t in tot]
    rk = by_rank(tot, reverse=True)
    c = pick(rng, rule, rk)
    panel = rng.sample(PEOPLE, 3)
    lines = [
        rng.choice(["# debrief notes", "# hiring debrief", "---"]),
        f"role: {role}",
        f"panel: [{', '.join(panel)}]",
        f"scale: 1-4 per round ({'higher is better' if rng.random() < 0.5 else '4 = strong hire'})",
        "candidates:",
    ]
    for i, n in enumerate(names):
        lines.append(f"  - name: {n}")
        for rd, s in zip(rounds, sc[i], strict=True):
            lines.append(f"    {rd}: {s}")
        lines.append(
            f"    avg: {avg[i]:.2f}"
            if rng.random() < 0.6
            else f"    total: {tot[i]}  # avg {avg[i]:.2f}"
        )
        if rng.random() < 0.7:
            lines.append('    notes: "' + rng.choice(HIRE_NOTES).format(p=rng.choice(PEOPLE)) + '"')
    lines.append(
        rng.choice(
            [
                f"decision: offer -> {names[c]}",
                f"outcome: extend offer to {names[c]}",
                f"decision:\n  hire: {names[c]}\n  start: asap",
                f"# going with {names[c]}",
            ]
        )
    )
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, names[c], names),
        f"Who should we hire as {role}?",
    )


# ----------------------------------------------------------------------------- mlruns (chat)


def t_mlruns(rng, rule):
    while True:
        k = rng.randint(3, 6)
        ids = sorted(rng.sample(range(1, 40), k))
        runs = [f"run-{i:02d}" for i in ids]
        P = [rng.randint(700, 950) / 1000 for _ in range(k)]
        R = [rng.randint(600, 950) / 1000 for _ in range(k)]
        f1 = [round(2 * p * r / (p + r), 3) for p, r in zip(P, R, strict=True)]
        if gap_ok(f1, 0.006):
            break
    lrs = [rng.choice(["1e-4", "3e-4", "5e-4", "1e-3", "2e-5"]) for _ in runs]
    wds = [rng.choice(["0", "0.01", "0.1"]) for _ in runs]
    rk = by_rank(f1, reverse=True)
    c = pick(rng, rule, rk)
    task = rng.choice(
        ["the spam classifier", "our NER model", "the defect detector", "the intent classifier"]
    )
    log = "\n".join(
        f"{runs[i]}  lr={lrs[i]} wd={wds[i]}  val_precision={P[i]:.3f} val_recall={R[i]:.3f}"
        for i in range(k)
    )
    user = rng.choice(
        [
            f"Sweep finished for {task}. Which checkpoint should I ship? We care about F1.\n\n"
            f"```\n{log}\n```",
            f"Here's the val summary from last night's sweep ({task}):\n{log}\n"
            "Pick the one to promote, F1 is the metric the team agreed on.",
        ]
    )
    r = [
        rng.choice(
            [
                "The user wants the best checkpoint by F1, but the log only has precision and "
                "recall, so I need F1 = 2PR/(P+R) for each run.",
                "They agreed on F1. I'll compute it per run from precision and recall.",
                "Okay, F1 isn't in the log, so let me work it out run by run.",
            ]
        )
    ]
    for i in range(k):
        num = 2 * P[i] * R[i]
        den = P[i] + R[i]
        r.append(
            rng.choice(
                [
                    f"{runs[i]}: 2 x {P[i]:.3f} x {R[i]:.3f} = {num:.4f}, over "
                    f"{P[i]:.3f} + {R[i]:.3f} = {den:.3f}, so F1 = {f1[i]:.3f}.",
                    f"{runs[i]} (lr {lrs[i]}): P {P[i]:.3f}, R {R[i]:.3f} -> F1 {f1[i]:.3f}.",
                ]
            )
        )
    if rng.random() < 0.4:
        hp = max(range(k), key=lambda i: P[i])
        if hp != rk.index(0):
            r.append(
                f"{runs[hp]} has the best precision, but its recall drags the F1 down to "
                f"{f1[hp]:.3f}."
            )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Highest F1 is {runs[c]} at {f1[c]:.3f}, so that's the one to ship.",
                    f"So {runs[c]} wins on F1.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll tell them to ship {runs[c]}.", f"Going with {runs[c]}."]))
    reply = rng.choice(
        [
            f"Ship **{runs[c]}** (F1 {f1[c]:.3f}).",
            f"I'd promote {runs[c]}: precision {P[c]:.3f}, recall {R[c]:.3f}, F1 {f1[c]:.3f}.",
        ]
    )
    ans = rng.choice([runs[c], runs[c], f"checkpoint {runs[c]}", runs[c].replace("-", " ")])
    return ("chat", user, "\n".join(r), reply, ans, "rc")


# ----------------------------------------------------------------------------- tent (dialogue)

TENTS = [
    "Nemo Hornet",
    "MSR Hubba Hubba",
    "Big Agnes Copper Spur",
    "Vango F10",
    "Terra Nova Laser",
    "Alpkit Ordos",
    "Sea to Summit Telos",
    "Durston X-Mid",
]


def t_tent(rng, rule):
    k = rng.randint(2, 5)
    ts = rng.sample(TENTS, k)
    g = [x * 10 for x in distinct(rng, 85, 240, k, 6)]
    price = [rng.randint(18, 45) * 10 for _ in ts]
    budget = max(price) + rng.choice([20, 50, 100])
    rk = by_rank(g)
    c = pick(rng, rule, rk)
    me, clerk = rng.choice([("Me", "Clerk"), ("Customer", "Staff"), ("A", "B")])
    lines = [
        f"{me}: I need a two-person tent for a thru-hike. Budget is £{budget}, but honestly "
        + rng.choice(
            [
                "weight is the only thing I care about.",
                "the lightest one wins, nothing else matters.",
                "every gram counts, that's my only criterion.",
            ]
        ),
        f"{clerk}: Sure. All of these are under £{budget}.",
    ]
    for i, t in enumerate(ts):
        w = f"{g[i]} g" if rng.random() < 0.5 else f"{g[i] / 1000:.2f} kg"
        if i == 0:
            q = rng.choice([f"{me}: What about the {t}?", f"{me}: Start with the {t}?"])
        else:
            q = rng.choice(
                [f"{me}: And the {t}?", f"{me}: How heavy is the {t}?", f"{me}: The {t}?"]
            )
        lines.append(q)
        lines.append(
            f"{clerk}: "
            + rng.choice(
                [
                    f"That one packs down to {w}. It's £{price[i]}.",
                    f"{w} packed, £{price[i]}.",
                    f"The {t} is {w} all in, including pegs.",
                ]
            )
        )
    if rng.random() < 0.5:
        lines.append(
            f"{me}: So by weight: "
            + ", ".join(f"{ts[i]} {g[i]} g" for i in sorted(range(k), key=lambda i: g[i]))
            + "."
        )
    lines.append(
        f"{me}: "
        + rng.choice([f"I'll take the {ts[c]}.", f"Right, the {ts[c]} please.", f"{ts[c]} it is."])
    )
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, ts[c], ts, article=True),
        "Which tent should I buy?",
    )


# ----------------------------------------------------------------------------- tripcost (chat)

TRIPS = [
    ("Leeds", "Edinburgh", 345),
    ("Bristol", "London", 190),
    ("Manchester", "Glasgow", 350),
    ("Cardiff", "York", 390),
    ("Norwich", "Newcastle", 420),
]


def t_tripcost(rng, rule):
    a, b, km = rng.choice(TRIPS)
    while True:
        n = rng.randint(2, 5)
        modes = rng.sample(["drive", "train", "coach", "fly"], rng.randint(2, 4))
        lper = rng.choice([5.5, 6.0, 6.5, 7.0, 7.5])
        ppl = rng.choice([1.45, 1.52, 1.58, 1.63])
        park = rng.choice([0, 18, 24, 30, 40, 60])
        hire = rng.choice([0, 0, rng.randint(9, 18) * 10])
        litres = round(2 * km * lper / 100, 1)
        fuel = round(litres * ppl, 2)
        train = rng.randint(35, 110)
        coach = rng.randint(20, 60)
        fly, xfer = rng.randint(40, 140), rng.randint(8, 25)
        cost = {
            "drive": round((fuel + park + hire) / n, 2),
            "train": float(train),
            "coach": float(coach),
            "fly": float(fly + xfer),
        }
        vals = [cost[m] for m in modes]
        if gap_ok(vals, 3):
            break
    label = {"drive": "driving", "train": "the train", "coach": "the coach", "fly": "flying"}
    rk = by_rank(vals)
    c = pick(rng, rule, rk)
    user = rng.choice(
        [
            f"{n} of us are going from {a} to {b} for a weekend (return). Cheapest way per "
            "person? "
            + ("One of us has a car." if not hire else "Nobody has a car, we'd have to hire."),
            f"Weekend trip {a} -> {b} and back, {n} people. Should we "
            + " or ".join({"drive": "drive", "fly": "fly"}.get(m, "get " + label[m]) for m in modes)
            + "? Cheapest per head please.",
        ]
    )
    r = [
        rng.choice(
            [
                f"Okay, {n} people, {a} to {b} return, about {km} km each way. I want the "
                "cost per person for each option.",
                f"So it's {n} travellers and a return trip of roughly {2 * km} km. Let me price "
                "each way of getting there per head.",
            ]
        )
    ]
    for m in modes:
        if m == "drive":
            r.append(
                f"Driving: {2 * km} km at about {lper} L/100km is {litres} L, at £{ppl:.2f}/L "
                f"that's £{fuel:.2f} in fuel"
                + (f", plus £{park} parking" if park else ", parking is free at the flat")
                + (f", plus £{hire} for the hire car" if hire else "")
                + f", so £{fuel + park + hire:.2f} split {n} ways = £{cost['drive']:.2f} each."
            )
        elif m == "train":
            r.append(
                rng.choice(
                    [
                        f"Train: advance returns are around £{train} per person.",
                        f"The train is £{train} return each.",
                    ]
                )
            )
        elif m == "coach":
            r.append(f"Coach: £{coach} return per person, slower but cheap-ish.")
        else:
            r.append(
                f"Flying: £{fly} return fare plus about £{xfer} in airport transfers, "
                f"£{fly + xfer} per person."
            )
    if rng.random() < 0.5:
        r.append(
            "Ranking per head: "
            + ", ".join(
                f"{label[modes[i]]} £{vals[i]:.2f}"
                for i in sorted(range(len(modes)), key=vals.__getitem__)
            )
            + "."
        )
    pm = modes[c]
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Cheapest is {label[pm]} at £{vals[c]:.2f} a head.",
                    f"So {label[pm]} comes out lowest.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll suggest {label[pm]}.", f"Let's recommend {label[pm]}."]))
    reply = rng.choice(
        [
            f"I'd go with **{label[pm]}** - it works out at about £{vals[c]:.2f} each.",
            f"{cap(label[pm])}. It's £{vals[c]:.2f} per person for the return trip.",
            f"Go for {label[pm]}: roughly £{vals[c]:.0f} a head.",
        ]
    )
    return ("chat", user, "\n\n".join(r), reply, None, rng.choice(["rc", "think"]))


# ----------------------------------------------------------------------------- dispute (EV)


def t_dispute(rng, rule):
    while True:
        claim = rng.randint(20, 90) * 1000
        opts = rng.sample(["lit", "arb", "med", "offer"], rng.randint(2, 4))
        pl, cl = rng.randint(10, 16) * 5, rng.randint(15, 40) * 1000
        pa, ca = rng.randint(9, 15) * 5, rng.randint(8, 25) * 1000
        fm_, cm = rng.randint(8, 14) * 5, rng.randint(2, 6) * 1000
        offer = rng.randint(int(claim * 0.3) // 500, int(claim * 0.7) // 500) * 500
        ev = {
            "lit": pl / 100 * claim - cl,
            "arb": pa / 100 * claim - ca,
            "med": fm_ / 100 * claim - cm,
            "offer": float(offer),
        }
        vals = [ev[o] for o in opts]
        if gap_ok(vals, 1500):
            break
    name = {
        "lit": "going to court",
        "arb": "arbitration",
        "med": "mediation",
        "offer": "taking the settlement offer",
    }
    rk = by_rank(vals, reverse=True)
    c = pick(rng, rule, rk)
    client = rng.choice(["the client", "Harlow Joinery", "our client", "Mrs Patel's firm"])
    paras = [
        rng.choice(
            [
                f"Memo: {client} is owed £{claim:,} on an unpaid invoice and wants to know "
                "what to do. Comparing expected net recovery for each route.",
                f"Re the £{claim:,} debt. I've tried to put a number on each route so "
                f"{client} can compare like with like (expected recovery, net of costs).",
            ]
        )
    ]
    for o in opts:
        if o == "lit":
            p = (
                f"Going to court: counsel puts our chances at about {pl}%, and costs through "
                f"trial would be around £{cl:,} which we would likely not fully recover. "
                f"Expected value is {pl}% x £{claim:,} - £{cl:,} = £{ev['lit']:,.0f}."
            )
        elif o == "arb":
            p = (
                f"Arbitration under the contract clause: a bit less certain, say {pa}%, but "
                f"cheaper at roughly £{ca:,} in fees. That gives {pa / 100:.2f} x £{claim:,} - "
                f"£{ca:,} = £{ev['arb']:,.0f}."
            )
        elif o == "med":
            p = (
                f"Mediation tends to land around {fm_}% of the claim in disputes like this, "
                f"with about £{cm:,} in mediator and prep costs: £{fm_ / 100 * claim:,.0f} - "
                f"£{cm:,} = £{ev['med']:,.0f} expected."
            )
        else:
            p = (
                f"Finally, the debtor's offer of £{offer:,} in full and final settlement. "
                f"That is certain money, no costs, so £{offer:,}."
            )
        paras.append(p)
    pn = name[opts[c]]
    if rule == "best":
        end = rng.choice(
            [
                f"On those numbers {pn} gives the best expected outcome "
                f"(£{vals[c]:,.0f}), so that is my recommendation.",
                f"Recommendation: {pn}, which comes out on top at £{vals[c]:,.0f}.",
            ]
        )
    else:
        end = rng.choice([f"Recommendation: {pn}.", f"My advice to {client} is {pn}."])
    paras.append(end)
    return ("text", "\n\n".join(paras), pn, f"How should {client} recover the £{claim:,}?")


# ----------------------------------------------------------------------------- headline (chat)

SUBJECTS = [
    "Your March reading list is here",
    "5 tools we actually use",
    "We got it wrong last month",
    "The one chart you need this week",
    "Quick question for you",
    "New: the spring collection",
    "Last chance: 20% off ends tonight",
    "What 1,000 readers told us",
]


def t_headline(rng, rule):
    while True:
        k = rng.randint(2, 4)
        subs = rng.sample(SUBJECTS, k)
        sends = [rng.randint(8, 30) * 100 for _ in subs]
        rate_true = [rng.randint(150, 420) / 1000 for _ in subs]
        opens = [round(s * r) for s, r in zip(sends, rate_true, strict=True)]
        rate = [round(100 * o / s, 1) for o, s in zip(opens, sends, strict=True)]
        if gap_ok(rate, 0.8):
            break
    rk = by_rank(rate, reverse=True)
    c = pick(rng, rule, rk)
    user = rng.choice(
        [
            "We split-tested subject lines for the newsletter. Which one should we use "
            "as the template going forward?\n",
            "A/B/n results for our subject lines are below. Which wins?\n",
        ]
    ) + "\n".join(
        f'- "{s}": sent {n:,}, opened {o:,}' for s, n, o in zip(subs, sends, opens, strict=True)
    )
    r = [
        rng.choice(
            [
                "The send sizes differ, so raw opens aren't comparable - I need the open rate "
                "for each variant.",
                "Let me compute open rate = opens / sends for each subject line.",
            ]
        )
    ]
    for i, s in enumerate(subs):
        r.append(
            rng.choice(
                [
                    f'"{s}": {opens[i]} / {sends[i]} = {rate[i]:.1f}%.',
                    f'For "{s}", {opens[i]:,} opens out of {sends[i]:,} sends is {rate[i]:.1f}%.',
                ]
            )
        )
    mo = max(range(k), key=lambda i: opens[i])
    if mo != rk.index(0) and rng.random() < 0.6:
        r.append(
            f'"{subs[mo]}" had the most opens in absolute terms, but only because it went '
            "to more people."
        )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f'Best open rate: "{subs[c]}" at {rate[c]:.1f}%.',
                    f'So "{subs[c]}" performs best.',
                ]
            )
        )
    else:
        r.append(rng.choice([f'I\'ll go with "{subs[c]}".', f'Answer: "{subs[c]}".']))
    reply = rng.choice(
        [
            f'Use **"{subs[c]}"** - {rate[c]:.1f}% open rate ({opens[c]:,} of {sends[c]:,}).',
            f'"{subs[c]}". It opened at {rate[c]:.1f}%.',
            f'I\'d keep "{subs[c]}" as the template.',
        ]
    )
    return ("chat", user, "\n".join(r), reply, None, "think")


# ----------------------------------------------------------------------------- round robin

TASTE = [
    ("coffee beans", ["Guji", "Huila", "Yirgacheffe", "Santos", "Kona", "Sidamo"]),
    ("olive oils", ["Picual", "Arbequina", "Koroneiki", "Frantoio", "Hojiblanca"]),
    ("dark chocolates", ["Valrhona", "Pump Street", "Original Beans", "Lindt 85", "Menakao"]),
    ("IPAs", ["Jaipur", "Neck Oil", "Punk IPA", "Lupuloid", "Gamma Ray"]),
]


def t_roundrobin(rng, rule):
    what, pool = rng.choice(TASTE)
    k = rng.randint(3, 5)
    ns = rng.sample(pool, k)
    strength = list(range(k))
    rng.shuffle(strength)  # strength[i]: 0 = best
    upset = None
    if k >= 4 and rng.random() < 0.5:  # one upset, never involving the top one
        a_, b_ = [strength.index(1), strength.index(2)]
        upset = frozenset((a_, b_))
    wins = [0] * k
    res = []
    pairs = list(itertools.combinations(range(k), 2))
    rng.shuffle(pairs)
    for i, j in pairs:
        w = i if strength[i] < strength[j] else j
        if upset == frozenset((i, j)):
            w = j if w == i else i
        wins[w] += 1
        a, b = (i, j) if rng.random() < 0.5 else (j, i)
        res.append((a, b, w))
    rk_ = sorted(range(k), key=lambda i: (-wins[i], strength[i]))
    rk = [rk_.index(i) for i in range(k)]
    c = pick(rng, rule, rk)
    tasters = rng.randint(3, 8)
    lines = [
        rng.choice(
            [
                f"Blind round-robin of {k} {what}, {tasters} of us tasting, majority decides "
                "each pair.",
                f"{what.capitalize()} taste-off: every pair head to head, blind.",
            ]
        )
    ]
    sep = rng.choice([": ", " -> ", " - winner "])
    for a, b, w in res:
        lines.append(f"{ns[a]} vs {ns[b]}{sep}{ns[w]}")
    if rng.random() < 0.6:
        lines.append(
            "Tally: "
            + ", ".join(f"{ns[i]} {wins[i]}" for i in sorted(range(k), key=lambda i: -wins[i]))
        )
    lines.append(
        rng.choice(
            [
                f"Buying a kilo of {ns[c]}.",
                f"Winner and the one we're stocking: {ns[c]}.",
                f"House pick: {ns[c]}.",
            ]
        )
    )
    return ("text", "\n".join(lines), ans_form(rng, ns[c], ns), f"which of the {what} to stock")


# ----------------------------------------------------------------------------- aic

MODELS = [
    ("linear", 2),
    ("quadratic", 3),
    ("exponential", 2),
    ("logistic", 3),
    ("Gompertz", 3),
    ("von Bertalanffy", 3),
    ("Richards", 4),
    ("power law", 2),
]


def t_aic(rng, rule):
    while True:
        k = rng.randint(3, 5)
        ms = rng.sample(MODELS, k)
        ll = [-rng.randint(600, 1200) / 10 for _ in ms]
        aic = [round(2 * p - 2 * x, 1) for (_, p), x in zip(ms, ll, strict=True)]
        if gap_ok(aic, 2.5):
            break
    rk = by_rank(aic)
    c = pick(rng, rule, rk)
    subj = rng.choice(
        [
            "bacterial growth curve (OD600, 48 time points)",
            "juvenile trout length vs age (n = 112)",
            "tumour volume in the control arm (n = 36)",
            "seedling height over 30 days",
        ]
    )
    lines = [
        rng.choice(
            [
                f"Model comparison for the {subj}. AIC = 2k - 2 lnL, lower is better.",
                f"Fitted candidate curves to the {subj}; comparing by AIC (2k - 2lnL).",
            ]
        )
    ]
    for i, (m, p) in enumerate(ms):
        lines.append(
            rng.choice(
                [
                    f"{i + 1}. {m}: k = {p}, lnL = {ll[i]:.1f} -> AIC = {2 * p} + "
                    f"{-2 * ll[i]:.1f} = {aic[i]:.1f}",
                    f"{i + 1}. {m} ({p} params), log-lik {ll[i]:.1f}, AIC {aic[i]:.1f}",
                ]
            )
        )
    best_ll = max(range(k), key=lambda i: ll[i])
    if best_ll != rk.index(0) and rng.random() < 0.5:
        lines.append(
            f"The {ms[best_ll][0]} fit has the highest likelihood, but the parameter "
            "penalty costs it."
        )
    lines.append(
        rng.choice(
            [
                f"Using the {ms[c][0]} model for the write-up.",
                f"Going forward with {ms[c][0]}.",
                f"Selected model: {ms[c][0]}.",
            ]
        )
    )
    return ("text", "\n".join(lines), ans_form(rng, ms[c][0]), f"which model fits the {subj}")


# ----------------------------------------------------------------------------- game24


def g24_head(rng, nums):
    return rng.choice(
        [
            "24 game: {p}.",
            "Make 24 from {p} (each once, + - * /).",
            "Numbers {p}, target 24.",
        ]
    ).format(p=", ".join(map(str, nums)) if rng.random() < 0.5 else " ".join(map(str, nums)))


def t_g24_ledger(rng, rule):
    nums = make_puzzle(rng)
    while True:
        r = rand_expr(rng, nums)
        if r and r[0] == 24:
            good = r
            break
    k = rng.randint(3, 6)
    atts = []
    seen = {good[1]}
    for _ in range(2000):
        if len(atts) >= k - 1:
            break
        r = rand_expr(rng, nums)
        if r and r[0] != 24 and r[1] not in seen:
            seen.add(r[1])
            atts.append(r)
    pos = rng.randrange(len(atts) + 1)
    atts.insert(pos, good)
    rows = [g24_head(rng, nums), "", "| # | expression | value | off by |", "|---|---|---|---|"]
    for t, (v, e) in enumerate(atts):
        rows.append(f"| {t + 1} | {e} | {fm(v)} | {fm(abs(v - 24))} |")
    c = pos if rule == "best" else rng.randrange(len(atts))
    v, e = atts[c]
    rows.append("")
    rows.append(
        rng.choice(
            ["Going with #{n}: {e} = {v}", "Pick row {n}: {e} = {v}", "=> {e} = {v}"]
        ).format(n=c + 1, e=e, v=fm(v))
    )
    return "\n".join(rows), f"{e} = {fm(v)}", " ".join(map(str, nums))


def pair_vals(a, b):
    """(value, expr) for combining a and b, non-negative, no division by 0."""
    a, b = Fraction(a), Fraction(b)
    out = [(a + b, f"{fm(a)}+{fm(b)}"), (a * b, f"{fm(a)}*{fm(b)}")]
    hi, lo = (a, b) if a >= b else (b, a)
    out.append((hi - lo, f"{fm(hi)}-{fm(lo)}"))
    if lo != 0:
        out.append((hi / lo, f"{fm(hi)}/{fm(lo)}"))
    return out


def pairing_eval(p1, p2):
    """Best combination of the two halves: (value, expr, (x, ex), (y, ey))."""
    best = None
    for x, ex in pair_vals(*p1):
        for y, ey in pair_vals(*p2):
            for op in "+-*/":
                for (u, eu), (w, ew) in (((x, ex), (y, ey)), ((y, ey), (x, ex))):
                    v = ap(u, w, op)
                    if v is None:
                        continue
                    cand = (abs(v - 24), v, f"({eu}) {op} ({ew})", (u, eu), (w, ew))
                    if best is None or cand[0] < best[0]:
                        best = cand
    return best


def t_g24_pairs(rng, rule):
    while True:
        nums = make_puzzle(rng)
        a, b, c_, d = nums
        pairings = [((a, b), (c_, d)), ((a, c_), (b, d)), ((a, d), (b, c_))]
        ev = [pairing_eval(p, q) for p, q in pairings]
        ok = [e[0] == 0 for e in ev]
        if any(ok) and not all(ok):
            break
    order = list(range(3))
    rng.shuffle(order)
    pairings = [pairings[i] for i in order]
    ev = [ev[i] for i in order]
    ok = [ok[i] for i in order]
    lines = [g24_head(rng, nums), "Trying it as two pairs combined at the end."]
    for t, ((p, q), e) in enumerate(zip(pairings, ev, strict=True)):
        _off, v, ex, (u, eu), (w, ew) = e
        head = f"Pairing {t + 1}: ({p[0]}, {p[1]}) and ({q[0]}, {q[1]})."
        if v == 24:
            body = f"{eu} = {fm(u)} and {ew} = {fm(w)}, then {ex} = 24. Works."
        else:
            body = f"Closest I can get is {ex} = {fm(v)}, off by {fm(abs(v - 24))}. " + rng.choice(
                ["No good.", "Doesn't reach 24.", "Miss."]
            )
        lines.append(head + " " + body)
    c = ok.index(True) if rule == "best" else 0
    _off, v, ex, _u, _w = ev[c]
    lines.append(
        rng.choice(["Answer: {e} = {v}", "So {e} = {v}.", "**{e} = {v}**"]).format(e=ex, v=fm(v))
    )
    return "\n".join(lines), f"{ex} = {fm(v)}", " ".join(map(str, nums))


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


# ----------------------------------------------------------------------------- non-search

CDNS = ["Cloudflare", "Fastly", "Bunny CDN", "CloudFront", "Akamai", "KeyCDN"]


def t_hindsight(rng, rule):
    k = rng.randint(3, 5)
    ns = rng.sample(CDNS, k)
    c = rng.randrange(k)
    tb = rng.randint(20, 90)
    rate = [rng.randint(8, 45) / 1000 for _ in ns]  # $ per GB
    base = [rng.choice([0, 20, 50, 200]) for _ in ns]
    cost = [b + round(r * tb * 1000) for b, r in zip(base, rate, strict=True)]
    month = rng.choice(["February", "March", "April", "last spring"])
    lines = [
        rng.choice(["## Postmortem: CDN switch", "## Retro - CDN migration, six months on"]),
        f"Decision (made in {month}, shipped since): {ns[c]}.",
        "",
        rng.choice(
            [
                f"### What the alternatives would have cost at our actual traffic ({tb} TB/mo)",
                f"### Hindsight check at real volume, {tb} TB a month",
            ]
        ),
    ]
    for i in range(k):
        tail = " (what we pay)" if i == c else ""
        lines.append(
            f"- {ns[i]}: ${base[i]} base + {tb * 1000:,} GB x ${rate[i]:.3f} = "
            f"${cost[i]:,}/mo{tail}"
        )
    lo = min(range(k), key=lambda i: cost[i])
    lines.append("")
    if cost[lo] < cost[c]:
        lines.append(
            f"{ns[lo]} would have been ${cost[c] - cost[lo]:,}/mo cheaper. Not reopening "
            "this; migration cost and contract term make it moot."
        )
    else:
        lines.append("Turns out it was also the cheapest at this volume, which is luck.")
    lines.append(rng.choice([f"Outcome: staying on {ns[c]}.", f"Status: {ns[c]}, unchanged."]))
    return ("text", "\n".join(lines), ns[c], "Which CDN are we on and should it change?")


TOWNS = [
    ("Lucca", "a walled town in Tuscany, about 90,000 people, known for its ramparts"),
    ("Girona", "a Catalan city on the Onyar river, with an old Jewish quarter"),
    ("Ghent", "a Flemish city with medieval guild halls along the canals"),
    ("Porto", "Portugal's second city, on the Douro estuary"),
    ("Ljubljana", "the Slovenian capital, small, with a castle on the hill"),
    ("Colmar", "an Alsatian town with half-timbered houses"),
    ("Bamberg", "a Franconian town built on seven hills"),
]
REASONS = [
    "my aunt lives there and has offered the spare room",
    "it's where we went on our first holiday together",
    "my partner already said that's the one before I finished the list",
    "that was the page the guidebook fell open at",
    "a friend's wedding is nearby the weekend after",
]


def t_describe(rng, rule):
    k = rng.randint(3, 5)
    ts = rng.sample(TOWNS, k)
    c = rng.randrange(k)
    lines = [
        rng.choice(
            [
                "Long weekend in May - shortlist of places:",
                "Where to go for the bank-holiday weekend. Candidates:",
            ]
        )
    ]
    for t, d in ts:
        lines.append(rng.choice([f"- {t}: {d}.", f"{t} is {d}.", f"* {t} - {d}"]))
    lines.append(
        rng.choice(
            [
                f"We're doing {ts[c][0]}, because {rng.choice(REASONS)}.",
                f"{ts[c][0]} it is - {rng.choice(REASONS)}.",
            ]
        )
    )
    return ("text", "\n".join(lines), ans_form(rng, ts[c][0]), "Where should we go in May?")


GYMS = [
    "PureGym",
    "The Gym Group",
    "Anytime Fitness",
    "David Lloyd",
    "Virgin Active",
    "Nuffield Health",
]


def t_pickfirst(rng, rule):
    k = rng.randint(3, 5)
    gs = rng.sample(GYMS, k)
    monthly = [rng.randint(18, 90) for _ in gs]
    join = [rng.choice([0, 0, 15, 20, 30, 50]) for _ in gs]
    year = [m * 12 + j for m, j in zip(monthly, join, strict=True)]
    c = 0
    user = rng.choice(
        [
            "Thinking of joining a gym near work. Options are " + join_and(gs) + ". Which one?",
            f"Gym near the office: {', '.join(gs)}. Help me choose?",
        ]
    )
    r = [
        rng.choice(
            [
                f"{gs[c]} is the first one that came to mind and it's the name they listed "
                "first, so I'll just go with that. For completeness I'll still note the yearly "
                "cost of each.",
                f"I'm going to suggest {gs[c]} - it's the one I thought of straight away. Let "
                "me jot down what each costs over a year anyway.",
            ]
        )
    ]
    for i in range(k):
        r.append(
            f"{gs[i]}: £{monthly[i]}/month x 12 = £{monthly[i] * 12}"
            + (
                f" + £{join[i]} joining fee = £{year[i]} a year."
                if join[i]
                else " a year, no joining fee."
            )
        )
    r.append(f"Anyway, sticking with {gs[c]}.")
    reply = rng.choice(
        [
            f"I'd go with **{gs[c]}** - about £{year[c]} for the first year.",
            f"{gs[c]}. It's £{monthly[c]} a month"
            + (f" plus a £{join[c]} joining fee." if join[c] else ", no joining fee."),
        ]
    )
    return ("chat", user, "\n".join(r), reply, None, "rc")


def t_budget(rng, rule):
    pay = rng.randint(16, 48) * 100
    cur = rng.choice(["£", "€", "$"])
    while True:
        cats = ["rent", "groceries", "transport", "fun"]
        pct = [
            rng.choice(range(20, 46, 5)),
            rng.choice(range(10, 21, 5)),
            rng.choice([5, 10]),
            rng.choice([5, 10, 15]),
        ]
        sav = 100 - sum(pct)
        if 10 <= sav <= 40:
            break
    amt = [pay * p / 100 for p in pct]
    s_amt = pay * sav / 100
    user = (
        f"My take-home is {cur}{pay:,} a month. I want "
        + ", ".join(f"{p}% {c}" for p, c in zip(pct, cats, strict=True))
        + " and the rest into savings. How much goes to savings?"
    )
    r = ["Let me work out each line from the take-home."]
    for cname, p, a in zip(cats, pct, amt, strict=True):
        r.append(f"{cap(cname)}: {p}% of {cur}{pay:,} = {cur}{a:,.2f}.")
    r.append(
        f"Those add up to {sum(pct)}%, {cur}{sum(amt):,.2f}. The rest is {100 - sum(pct)}%: "
        f"{cur}{pay:,} - {cur}{sum(amt):,.2f} = {cur}{s_amt:,.2f}."
    )
    r.append(f"Check: {sav}% of {cur}{pay:,} = {cur}{s_amt:,.2f}. Matches.")
    reply = f"{cur}{s_amt:,.2f} a month goes to savings ({sav}% of your take-home)."
    return ("chat", user, "\n".join(r), reply, f"{cur}{s_amt:,.2f}", "think")


# ----------------------------------------------------------------------------- registry

PROCS = {
    "hiring_S": ("search", make_proc(t_hiring, "best")),
    "hiring_N_first": ("non-search", make_proc(t_hiring, "first")),
    "mlruns_S": ("search", make_proc(t_mlruns, "best")),
    "mlruns_N_last": ("non-search", make_proc(t_mlruns, "last")),
    "tent_S": ("search", make_proc(t_tent, "best")),
    "tent_N_random": ("non-search", make_proc(t_tent, "random")),
    "tripcost_S": ("search", make_proc(t_tripcost, "best")),
    "tripcost_N_random": ("non-search", make_proc(t_tripcost, "random")),
    "dispute_S": ("search", make_proc(t_dispute, "best")),
    "dispute_N_first": ("non-search", make_proc(t_dispute, "first")),
    "headline_S": ("search", make_proc(t_headline, "best")),
    "headline_N_last": ("non-search", make_proc(t_headline, "last")),
    "roundrobin_S": ("search", make_proc(t_roundrobin, "best")),
    "roundrobin_N_random": ("non-search", make_proc(t_roundrobin, "random")),
    "aic_S": ("search", make_proc(t_aic, "best")),
    "aic_N_last": ("non-search", make_proc(t_aic, "last")),
    "g24_ledger_S": ("search", make_g24_proc(t_g24_ledger, "best")),
    "g24_ledger_N_random": ("non-search", make_g24_proc(t_g24_ledger, "random")),
    "g24_pairs_S": ("search", make_g24_proc(t_g24_pairs, "best")),
    "g24_pairs_N_first": ("non-search", make_g24_proc(t_g24_pairs, "first")),
    "hindsight_N": ("non-search", make_proc(t_hindsight, None)),
    "describe_N": ("non-search", make_proc(t_describe, None)),
    "pickfirst_N": ("non-search", make_proc(t_pickfirst, None)),
    "budget_N": ("non-search", make_proc(t_budget, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=17)


if __name__ == "__main__":
    sys.exit(main())
