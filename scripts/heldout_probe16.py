#!/usr/bin/env python3
"""Held-out probe 16 for `mesascope import reasoning` + `score --implicit --pool`.

Blind probe: the texts below were written without reading the extractor
(scaffold/implicit/) or its tests. Each process makes 30 reasoning texts; the pooled
verdict must be `search-*` for a search process and anything else for a non-search one.
All records are free text (task "prompt"), some in the chat shape: a user turn and an
assistant turn with the reasoning in `reasoning_content` or between <think> and </think>
and the short reply after it; the record's `answer` is the short pick.

Search processes (several candidates, each evaluated in the text's own words, the pick
is the best-evaluated one) and their non-search twins (same form, same honest
evaluations, the pick ignores them):

  plan_S / _N_random            chat (reasoning_content or <think>), R1-style "okay, so ... wait"
                                monologue pricing 2-5 phone plans at the user's usage:
                                base + GB over the allowance x rate; cheapest
  email_S / _N_last             email or one long paragraph with no line breaks comparing
                                2-4 vendors in several sentences each, judged only in words
                                ("rock solid", "sluggish", "a non-starter")
  mdtable_S / _N_first          markdown table of cloud instances: $/hour, sustained req/s
                                and the computed $ per million requests; cheapest per request
  jsonbench_S / _N_random       JSON-ish bench notes per library: tests pass / FAIL (n/m)
                                and p50 ms; the fastest of those that pass
  route_S / _N_last             terse bullet notes of routes with times ("2h50", "95 min",
                                legs summed "40+25+15 = 80 min"); fastest
  relative_S / _N_random        chat (reasoning_content), only pairwise relative statements
                                ("X undercuts Y", "Z lost to Y", "quieter than"); the top of
                                the chain
  options_S / _N_first          chat (<think>), Claude-style "**Option 1 - ...**" analysis
                                of migration strategies, effort as engineers x weeks =
                                engineer-weeks; least effort
  gpuchat_S / _N_random         team chat log with timestamps, benchmark tok/s and $/h per
                                GPU, tokens per dollar worked out; most tokens per dollar
  garden_S / _N_last            allotment diary as one paragraph: kg harvested over plants
                                or rows, per-plant yield worked out; highest yield
non-search only:
  prepick_N                     chat (reasoning_content): the user has already decided, the
                                model lays out honest numbers for all options afterwards
                                and keeps the user's choice
  nolabel_N                     names listed (numbered, bullets, inline), no evaluation at
                                all, then one is picked
  posthoc_N                     engineering note: one option chosen, the others only named,
                                the chosen one checked afterwards against targets
  constraint_N                  a hard outside constraint stated up front ("only X ships to
                                Norway"), prices of all listed honestly, X taken
  coinflip_N                    chat (reasoning_content): options scored honestly, then a
                                coin flip / a colleague / a name decides
  single_N                      chat (<think>), one chain of unit arithmetic with "wait, let
                                me re-check", no alternatives

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe16.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import sys

from heldout_probe8 import cap, pick  # the shared helpers

N_TEXTS = 30

PEOPLE = ["Sam", "Priya", "Tom", "Aisha", "Marek", "Jo", "Ines", "Dev", "Lena", "Kofi", "Ruth"]


def distinct(rng, lo, hi, k, gap):
    """k distinct ints in [lo, hi] at least `gap` apart, in random order."""
    while True:
        xs = [rng.randint(lo, hi) for _ in range(k)]
        s = sorted(xs)
        if all(b - a >= gap for a, b in itertools.pairwise(s)):
            return xs


def by_rank(vals, reverse=False):
    """rk[i] = rank of vals[i] (0 = smallest, or largest with reverse)."""
    order = sorted(range(len(vals)), key=lambda i: vals[i], reverse=reverse)
    return [order.index(i) for i in range(len(vals))]


def gap_ok(vals, g):
    s = sorted(vals)
    return all(b - a >= g for a, b in itertools.pairwise(s))


def join_and(xs):
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + " and " + xs[-1]


def rec_text(text, ans, q):
    return {"text": text, "task": "prompt", "instance": None, "answer": ans, "prompt": cap(q)}


def rec_chat(user, reasoning, reply, ans, shape):
    if shape == "think":
        asst = {"role": "assistant", "content": f"<think>\n{reasoning}\n</think>\n\n{reply}"}
    else:
        asst = {"role": "assistant", "reasoning_content": reasoning, "content": reply}
    return {"messages": [{"role": "user", "content": user}, asst], "answer": ans}


def make_proc(fn, rule):
    """fn returns ("text", text, ans, q) or ("chat", user, reasoning, reply, ans, shape)."""

    def gen(rng, ctx):
        out = []
        for _ in range(N_TEXTS):
            r = fn(rng, rule)
            out.append(rec_text(*r[1:]) if r[0] == "text" else rec_chat(*r[1:]))
        return out

    return gen


# ----------------------------------------------------------------------------- plan (chat)

PLANS = [
    ("Saver 5", 5),
    ("Go 10", 10),
    ("Flex 15", 15),
    ("Plus 25", 25),
    ("Max 40", 40),
    ("Lite 3", 3),
    ("Smart 8", 8),
    ("Unlimited", None),
]


def t_plan(rng, rule):
    cur = rng.choice(["$", "€", "£"])
    use = rng.randint(6, 30)
    while True:
        k = rng.randint(2, 5)
        plans = rng.sample(PLANS, k)
        base = [rng.randint(8, 45) if inc is not None else rng.randint(35, 60) for _, inc in plans]
        over = [rng.choice([2, 3, 4, 5, 6]) for _ in plans]
        cost = [
            b + (max(0, use - inc) * o if inc is not None else 0)
            for b, o, (_, inc) in zip(base, over, plans, strict=True)
        ]
        if gap_ok(cost, 2):
            break
    rk = by_rank(cost)
    c = pick(rng, rule, rk)
    names = [p[0] for p in plans]
    user = rng.choice(
        [
            f"I use about {use} GB of data a month. Which of these plans should I get? "
            + "; ".join(
                f"{n}: {cur}{b}/mo, {inc} GB included, {cur}{o} per extra GB"
                if inc is not None
                else f"{n}: {cur}{b}/mo, unlimited data"
                for (n, inc), b, o in zip(plans, base, over, strict=True)
            ),
            f"Phone plan question. My usage is ~{use}GB/month. Options are "
            + ", ".join(names)
            + " (details below). Cheapest for me?\n"
            + "\n".join(
                f"- {n}: {cur}{b} a month, {inc}GB, then {cur}{o}/GB"
                if inc is not None
                else f"- {n}: {cur}{b} a month, no cap"
                for (n, inc), b, o in zip(plans, base, over, strict=True)
            ),
        ]
    )
    r = [
        rng.choice(
            [
                f"Okay, so the user uses about {use} GB a month and wants the cheapest plan. "
                "I need to work out what each one actually costs at that usage, not just the "
                "sticker price.",
                f"Alright, {use} GB per month. Let me compute the real monthly bill for each "
                "plan, including overage.",
                f"Hmm, let's see. Usage is {use} GB. The base prices alone are misleading "
                "because of the per-GB overage, so I'll go through them one at a time.",
            ]
        )
    ]
    for i, ((n, inc), b, o) in enumerate(zip(plans, base, over, strict=True)):
        first = (
            rng.choice(["First", "Starting with"])
            if i == 0
            else rng.choice(["Next", "Then", "Now", "What about", "Moving on to"])
        )
        if inc is None:
            r.append(f"{first} {n}: flat {cur}{b}, unlimited data, so {cur}{b} regardless.")
        elif use <= inc:
            r.append(
                f"{first} {n}: {cur}{b} with {inc} GB included. {use} GB fits inside the "
                f"allowance, so no overage - {cur}{b} total."
            )
        else:
            ex = use - inc
            r.append(
                f"{first} {n}: {cur}{b} base, {inc} GB included, so {use} - {inc} = {ex} GB "
                f"over at {cur}{o} each, that's {cur}{ex * o}. Total {cur}{b} + {cur}{ex * o} = "
                f"{cur}{cost[i]}."
            )
        if rng.random() < 0.3:
            r.append(
                rng.choice(
                    [
                        "Wait, let me double-check that. "
                        + (
                            f"Yes, {cur}{cost[i]}." if rng.random() < 0.5 else "Yeah, that's right."
                        ),
                        f"Hmm, {cur}{cost[i]}. Okay.",
                    ]
                )
            )
    srt = sorted(range(k), key=lambda i: cost[i])
    if rng.random() < 0.6:
        r.append("So in order: " + ", ".join(f"{names[i]} {cur}{cost[i]}" for i in srt) + ".")
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"{names[c]} is the cheapest at {cur}{cost[c]} a month. I'll recommend that.",
                    f"So {names[c]} wins for this usage.",
                    f"The answer is {names[c]}.",
                ]
            )
        )
    else:
        r.append(
            rng.choice(
                [
                    f"I'll recommend {names[c]}.",
                    f"I'll go with {names[c]} for them.",
                    f"The answer is {names[c]}.",
                ]
            )
        )
    reply = rng.choice(
        [
            f"**Go with {names[c]}** - at {use} GB it comes to {cur}{cost[c]} a month.",
            f"{names[c]}. At your usage that's {cur}{cost[c]}/month all in.",
            f"I'd pick the {names[c]} plan ({cur}{cost[c]} per month at {use} GB).",
        ]
    )
    return ("chat", user, "\n\n".join(r), reply, names[c], rng.choice(["rc", "rc", "think"]))


# ----------------------------------------------------------------------------- email (words)

TIERS = [
    [
        "rock solid",
        "flawless for the whole trial",
        "the clear standout",
        "fast and it never dropped anything",
        "excellent, honestly nothing to complain about",
    ],
    [
        "pretty good, a couple of hiccups",
        "solid enough",
        "fine most of the time",
        "decent, not spectacular",
    ],
    [
        "sluggish",
        "flaky under load",
        "mediocre at best",
        "noticeably slow, people grumbled",
    ],
    [
        "a non-starter",
        "unusable for us",
        "a disaster in the trial",
        "broke twice in the first week, so a no",
    ],
]

VENDORS = [
    ("help-desk tool", ["Helply", "DeskFlow", "Ticketry", "SupportBee", "Caseloop", "Zonal"]),
    ("CI service", ["BuildKite", "Cirrus", "Drone", "Semaphore", "Woodpecker", "Concourse"]),
    ("video-call tool", ["Whereby", "Jitsi", "Huddle", "MeetFox", "Around", "Gather"]),
    ("password manager", ["Bitwarden", "1Password", "Keeper", "Dashlane", "NordPass", "Proton"]),
    ("print supplier", ["PrintHaus", "Inkwell", "Mixam", "Solopress", "Pressgang", "Moo"]),
]

NEUTRAL = [
    "We had it on a two-week trial with {n} people.",
    "{who} set it up for the trial.",
    "It is what the {dept} team used at their last company.",
    "They gave us a sandbox account for a fortnight.",
    "We ran it alongside the current setup for ten days.",
]


def t_email(rng, rule):
    kind, pool = rng.choice(VENDORS)
    k = rng.randint(2, 4)
    names = rng.sample(pool, k)
    tiers = rng.sample(range(4), k)
    rk = by_rank(tiers)
    c = pick(rng, rule, rk)
    boss = rng.choice(PEOPLE)
    me = rng.choice([p for p in PEOPLE if p != boss])
    body = [
        rng.choice(
            [
                f"Quick summary of the {kind} trial before Thursday.",
                f"As promised, here's where we landed on the {kind}.",
                f"We've now tried {k} {kind}s, notes below.",
            ]
        )
    ]
    for i, n in enumerate(names):
        sent = [
            rng.choice(
                [f"Next, {n}.", f"Then {n}.", f"On {n}:", f"{n}:"] if i else [f"Starting with {n}."]
            ),
            rng.choice(NEUTRAL).format(
                n=rng.randint(3, 12), who=rng.choice(PEOPLE), dept=rng.choice(["ops", "sales"])
            ),
        ]
        w = rng.choice(TIERS[tiers[i]])
        sent.append(
            rng.choice(
                [
                    f"Verdict from the team: {w}.",
                    f"Overall it was {w}.",
                    f"Honestly, {w}.",
                    f"In day-to-day use it was {w}.",
                ]
            )
        )
        body.append(" ".join(sent))
    if rule == "best":
        tail = rng.choice(
            [
                f"So my recommendation is {names[c]}, since it came out best.",
                f"Given all that, {names[c]} is the obvious one.",
                f"I'd like to go ahead with {names[c]}.",
            ]
        )
    else:
        tail = rng.choice(
            [
                f"I'd like to go ahead with {names[c]}.",
                f"So my recommendation is {names[c]}.",
                f"Let's sign up for {names[c]}.",
            ]
        )
    body.append(tail)
    if rng.random() < 0.5:
        text = f"Hi {boss},\n\n" + "\n\n".join(body) + f"\n\nThanks,\n{me}"
    else:
        text = " ".join(body)
    return ("text", text, names[c], f"which {kind} to buy")


# ----------------------------------------------------------------------------- mdtable

INSTANCES = [
    "c6g.large",
    "m5.xlarge",
    "t3.medium",
    "c7i.2xlarge",
    "r6a.large",
    "c5.xlarge",
    "m7g.medium",
    "c6a.4xlarge",
]


def t_mdtable(rng, rule):
    while True:
        k = rng.randint(3, 6)
        ins = rng.sample(INSTANCES, k)
        price = [rng.randint(4, 90) / 100 for _ in range(k)]
        rps = [rng.randint(3, 60) * 10 for _ in range(k)]
        per_m = [p / (r * 3600) * 1e6 for p, r in zip(price, rps, strict=True)]
        shown = [round(x, 3) for x in per_m]
        if gap_ok(shown, 0.01) and min(shown) > 0:
            break
    rk = by_rank(shown)
    c = pick(rng, rule, rk)
    svc = rng.choice(["thumbnailer", "search API", "webhook relay", "pdf renderer", "auth proxy"])
    lines = [
        rng.choice(
            [
                f"## Sizing the {svc}",
                f"Load-tested the {svc} on a few instance types (k6, 10 min each).",
                f"### {svc} - instance bake-off",
            ]
        ),
        "",
    ]
    hdr = rng.choice(
        [
            ("| instance | $/hr | sustained req/s | $ per 1M req |", "|---|---|---|---|"),
            (
                "| Type | On-demand ($/h) | Max RPS (p99<200ms) | Cost / million |",
                "|:--|--:|--:|--:|",
            ),
        ]
    )
    lines += list(hdr)
    order = list(range(k))
    if rng.random() < 0.4:
        order.sort(key=lambda i: price[i])
    for i in order:
        lines.append(f"| {ins[i]} | {price[i]:.2f} | {rps[i]} | {shown[i]:.3f} |")
    lines.append("")
    lines.append(
        rng.choice(
            [
                "Cost per million = $/hr / (req/s x 3600) x 1e6.",
                "(last column: hourly price over requests per hour, per million)",
                "",
            ]
        )
    )
    best = rk.index(0)
    if rng.random() < 0.5:
        lines.append(f"Cheapest per request: {ins[best]} at ${shown[best]:.3f}/M.")
    lines.append(
        rng.choice(
            [
                f"-> going with `{ins[c]}`.",
                f"Decision: {ins[c]}.",
                f"Provisioning {ins[c]} for prod.",
            ]
        )
    )
    return ("text", "\n".join(lines), ins[c], f"which instance type to run the {svc} on")


# ----------------------------------------------------------------------------- jsonbench

LIBS = [
    ("JSON parser", ["orjson", "ujson", "rapidjson", "simplejson", "msgspec", "stdlib json"]),
    ("YAML loader", ["ruamel.yaml", "PyYAML", "strictyaml", "yamlcore", "oyaml"]),
    ("date parser", ["dateutil", "pendulum", "arrow", "ciso8601", "iso8601", "dateparser"]),
    ("CSV reader", ["csv (stdlib)", "pandas", "polars", "pyarrow.csv", "duckdb"]),
]


def t_jsonbench(rng, rule):
    kind, pool = rng.choice(LIBS)
    while True:
        k = rng.randint(3, 5)
        libs = rng.sample(pool, k)
        tot = rng.choice([40, 64, 120, 212])
        fails = [0 if rng.random() < 0.55 else rng.randint(1, 9) for _ in range(k)]
        ms = [rng.randint(8, 400) / 10 for _ in range(k)]
        ok = [i for i in range(k) if fails[i] == 0]
        if ok and len(ok) < k and gap_ok(ms, 0.5):
            break
    # rank: passing by time, then failing by time
    key = [(fails[i] > 0, ms[i]) for i in range(k)]
    rk = by_rank(key)
    c = pick(rng, rule, rk)
    style = rng.randrange(3)
    lines = [
        rng.choice(
            [
                f"// {kind} candidates, our fixture suite ({tot} cases) + p50 on the 2 MB sample",
                f"# bench notes: {kind}. must pass all {tot} fixtures, then fastest wins",
                f"{kind} shortlist - results:",
            ]
        )
    ]
    for i in range(k):
        t = "pass" if fails[i] == 0 else f"FAIL ({tot - fails[i]}/{tot})"
        if style == 0:
            lines.append(f'{{"lib": "{libs[i]}", "tests": "{t}", "p50_ms": {ms[i]}}}')
        elif style == 1:
            lines.append(f"  {libs[i]!r}: {{tests: {t}, p50: {ms[i]}ms}},")
        else:
            lines.append(f"- {libs[i]} -> tests {t}, p50 {ms[i]} ms")
    if rng.random() < 0.5:
        nok = [libs[i] for i in range(k) if fails[i] == 0]
        lines.append(f"// passing: {', '.join(nok)}")
    lines.append(
        rng.choice(
            [
                f'"chosen": "{libs[c]}"',
                f"// decision: {libs[c]}",
                f"=> {libs[c]}",
                f"picked {libs[c]}, PR incoming",
            ]
        )
    )
    return ("text", "\n".join(lines), libs[c], f"which {kind} library to use")


# ----------------------------------------------------------------------------- route

ROUTES = [
    ("Snowdon", ["Pyg Track", "Miners' Track", "Llanberis Path", "Watkin Path", "Rhyd Ddu"]),
    ("Helvellyn", ["Striding Edge", "Swirral Edge", "Thirlmere side", "Sticks Pass"]),
    ("work", ["M6 then A-road", "through town", "ring road", "back lanes", "train + bike"]),
    ("the airport", ["A34", "M40/M25", "via Reading", "coach from Gloucester Green"]),
]


def fmt_min(m, rng):
    h, mm = divmod(m, 60)
    f = rng.randrange(3)
    if f == 0 or h == 0:
        return f"{m} min"
    if f == 1:
        return f"{h}h{mm:02d}"
    return f"{h}:{mm:02d}"


def t_route(rng, rule):
    dest, pool = rng.choice(ROUTES)
    while True:
        k = rng.randint(2, min(5, len(pool)))
        rts = rng.sample(pool, k)
        legs = [[rng.randint(5, 70) for _ in range(rng.randint(1, 3))] for _ in range(k)]
        tot = [sum(x) for x in legs]
        if gap_ok(tot, 4):
            break
    rk = by_rank(tot)
    c = pick(rng, rule, rk)
    lines = [
        rng.choice(
            [
                f"{dest} - routes (timed last time / from the guide):",
                f"getting to {dest}, quickest?",
                f"{cap(dest)} options:",
            ]
        )
    ]
    for i in range(k):
        b = rng.choice(["- ", "* ", "", "> "])
        if len(legs[i]) > 1 and rng.random() < 0.7:
            s = f"{b}{rts[i]}: " + " + ".join(str(x) for x in legs[i]) + f" = {tot[i]} min"
        else:
            s = f"{b}{rts[i]}: {fmt_min(tot[i], rng)}"
        if rng.random() < 0.3:
            s += rng.choice([" (busy)", " - nice views", ", parking tight", " (done it twice)"])
        lines.append(s)
    if rng.random() < 0.5:
        lines.append(f"fastest = {rts[rk.index(0)]}")
    lines.append(
        rng.choice([f"going {rts[c]}.", f"-> {rts[c]}", f"{rts[c]} it is", f"ok: {rts[c].lower()}"])
    )
    return ("text", "\n".join(lines), rts[c], f"which way to go to {dest}")


# ----------------------------------------------------------------------------- relative (chat)

REL = [
    (
        "movers' quotes",
        ["Swift Removals", "Two Guys & A Van", "Ace Movers", "Pickfords", "MoveMate"],
        [
            "{a} is cheaper than {b}",
            "{a} undercuts {b}",
            "{b} costs more than {a}",
            "{b} came in above {a}",
        ],
        "cheapest",
    ),
    (
        "coffee blends in the blind tasting",
        ["the Ethiopian", "the house blend", "the Colombian", "the Sumatra", "the Kenyan"],
        [
            "{a} beat {b}",
            "{b} lost to {a}",
            "{a} was preferred over {b}",
            "people liked {a} more than {b}",
        ],
        "favourite",
    ),
    (
        "lawnmowers",
        ["the Bosch", "the Makita", "the Honda", "the Flymo", "the Stihl"],
        ["{a} is quieter than {b}", "{b} is louder than {a}", "{a} is less noisy than {b}"],
        "quietest",
    ),
]


def t_relative(rng, rule):
    what, pool, pats, sup = rng.choice(REL)
    k = rng.randint(3, 5)
    names = rng.sample(pool, k)
    order = list(range(k))
    rng.shuffle(order)  # order[0] is the top
    rk = [order.index(i) for i in range(k)]
    c = pick(rng, rule, rk)
    pairs = [(order[j], order[j + 1]) for j in range(k - 1)]
    rng.shuffle(pairs)
    user = rng.choice(
        [
            f"Which is the {sup} of the {what}? Here's what I know: "
            + "; ".join(rng.choice(pats).format(a=names[a], b=names[b]) for a, b in pairs)
            + ".",
            f"Help me pick from the {what} ({', '.join(names)}). Notes: "
            + ". ".join(cap(rng.choice(pats).format(a=names[a], b=names[b])) for a, b in pairs)
            + ".",
        ]
    )
    r = [
        rng.choice(
            [
                f"The user lists {k} {what} and only gives pairwise comparisons, no numbers. "
                "So I need to chain them together.",
                f"Okay, there are no absolute figures here, just relative statements about the "
                f"{what}. Let me line them up.",
            ]
        )
    ]
    for a, b in pairs:
        r.append(
            rng.choice(
                [
                    f"{cap(rng.choice(pats).format(a=names[a], b=names[b]))}. So {names[a]} is "
                    f"ahead of {names[b]}.",
                    f"We're told {rng.choice(pats).format(a=names[a], b=names[b])} - noted, "
                    f"{names[a]} > {names[b]}.",
                ]
            )
        )
    r.append(
        rng.choice(
            [
                "Putting that together: " + " > ".join(names[i] for i in order) + ".",
                "So the chain is " + ", then ".join(names[i] for i in order) + ".",
            ]
        )
    )
    if rng.random() < 0.4:
        r.append(
            f"Wait, is that consistent? Each name appears in the chain once and every statement "
            f"matches it. Yes. {cap(names[order[0]])} is ahead of all the others."
        )
    if rule == "best":
        r.append(f"So {names[c]} is the {sup}.")
    else:
        r.append(rng.choice([f"I'll suggest {names[c]}.", f"Answer: {names[c]}."]))
    reply = rng.choice(
        [
            f"Go with {names[c]}.",
            f"{cap(names[c])}.",
            f"From what you've listed, {names[c]}.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, names[c], "rc")


# ----------------------------------------------------------------------------- options (chat)

STRATS = [
    ("big-bang cutover", "Freeze writes over a weekend, migrate everything, switch over."),
    ("strangler fig", "Route endpoints to the new service one at a time behind the gateway."),
    ("dual-write", "Write to both stores, backfill, then flip reads once they agree."),
    ("lift and shift", "Move the existing service as-is onto the new platform first."),
    ("feature-flagged rollout", "Ship the new path behind a flag and ramp up by cohort."),
    ("read-replica cutover", "Replicate into the new database, then promote the replica."),
]


def t_options(rng, rule):
    while True:
        k = rng.randint(2, 4)
        st = rng.sample(STRATS, k)
        eng = [rng.randint(1, 4) for _ in range(k)]
        wks = [rng.randint(2, 9) for _ in range(k)]
        ew = [e * w for e, w in zip(eng, wks, strict=True)]
        if gap_ok(ew, 2):
            break
    rk = by_rank(ew)
    c = pick(rng, rule, rk)
    sysn = rng.choice(["billing database", "session store", "search index", "orders service"])
    user = rng.choice(
        [
            f"We need to migrate the {sysn}. What approach would you take? We're mostly "
            "constrained on engineering time.",
            f"Which migration strategy for our {sysn}? Least engineering effort matters most.",
        ]
    )
    r = [
        rng.choice(
            [
                f"The user wants to migrate the {sysn}, and the binding constraint is "
                "engineering time. Let me lay out the realistic options and estimate effort "
                "for each in engineer-weeks.",
                f"Let me think about the approaches for the {sysn} migration. Since effort is "
                "what matters, I'll estimate people x weeks for each.",
            ]
        ),
        "",
    ]
    for i, (nm, desc) in enumerate(st):
        head = rng.choice([f"**Option {i + 1} - {cap(nm)}.**", f"Option {i + 1}: {nm}."])
        ppl = "engineer" if eng[i] == 1 else "engineers"
        r.append(
            f"{head} {desc} "
            + rng.choice(
                [
                    f"I'd estimate {eng[i]} {ppl} for {wks[i]} weeks, so {ew[i]} engineer-weeks.",
                    f"Effort: {eng[i]} x {wks[i]} weeks = {ew[i]} engineer-weeks.",
                    f"Probably {wks[i]} weeks with {eng[i]} {ppl} on it - {ew[i]} "
                    "engineer-weeks in total.",
                ]
            )
        )
    r.append("")
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Option {c + 1} ({st[c][0]}) is the least effort at {ew[c]} engineer-weeks, "
                    "so that's what I'll recommend.",
                    f"Comparing totals, {st[c][0]} comes out lowest. Recommend it.",
                ]
            )
        )
    else:
        r.append(
            rng.choice(
                [
                    f"I'll recommend Option {c + 1} ({st[c][0]}).",
                    f"I'll go with the {st[c][0]} as the recommendation.",
                ]
            )
        )
    reply = rng.choice(
        [
            f"**Recommendation: {st[c][0]}.** Estimated effort: {ew[c]} engineer-weeks "
            f"({eng[c]} x {wks[c]}).",
            f"I'd go with a {st[c][0]} - roughly {ew[c]} engineer-weeks.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, st[c][0], "think")


# ----------------------------------------------------------------------------- gpuchat

GPUS = [
    ("A10G", 1.21),
    ("L4", 0.81),
    ("A100 40GB", 3.67),
    ("T4", 0.53),
    ("H100", 6.98),
    ("L40S", 1.86),
]


def t_gpuchat(rng, rule):
    while True:
        k = rng.randint(2, 5)
        gp = rng.sample(GPUS, k)
        tps = [rng.randint(20, 400) * 10 for _ in range(k)]
        tpd = [round(t * 3600 / p / 1000) for t, (_, p) in zip(tps, gp, strict=True)]  # k tok/$
        if gap_ok(tpd, 60):
            break
    rk = by_rank(tpd, reverse=True)
    c = pick(rng, rule, rk)
    ppl = rng.sample(PEOPLE, 3)
    h, m = rng.randint(9, 16), rng.randint(0, 20)
    lines = []

    def say(who, msg):
        nonlocal m
        m += rng.randint(1, 6)
        lines.append(f"[{h:02d}:{m:02d}] {who}: {msg}")

    say(
        ppl[0],
        rng.choice(
            [
                "ok which GPU for the batch summarisation job?",
                "need to pick an instance for the nightly embed run",
            ]
        ),
    )
    say(ppl[0], "metric is tokens per dollar, latency doesn't matter")
    for i, (g, p) in enumerate(gp):
        who = ppl[1 + i % 2]
        say(
            who,
            rng.choice(
                [
                    f"{g}: {tps[i]} tok/s",
                    f"ran it on {g}, got {tps[i]} tok/s",
                    f"{g} bench done - {tps[i]} tok/s sustained",
                ]
            ),
        )
        say(
            rng.choice(ppl),
            rng.choice(
                [
                    f"at ${p}/h that's {tps[i]}*3600/{p} = ~{tpd[i]}k tokens per $",
                    f"{g} -> {tpd[i]}k tok/$ (${p}/h)",
                ]
            ),
        )
    if rng.random() < 0.4:
        say(
            ppl[2],
            rng.choice(
                [
                    f"{gp[rk.index(0)][0]} has the best tok/$ fwiw",
                    f"{gp[rk.index(0)][0]} wins on tok/$",
                ]
            ),
        )
    say(
        ppl[0],
        rng.choice(
            [
                f"ok let's reserve the {gp[c][0]}s",
                f"going with {gp[c][0]}",
                f"{gp[c][0]} it is, I'll update the terraform",
            ]
        ),
    )
    return ("text", "\n".join(lines), gp[c][0], "which GPU to use for the batch job")


# ----------------------------------------------------------------------------- garden

CROPS = [
    (
        "tomatoes",
        [
            "Moneymaker",
            "Sungold",
            "Gardener's Delight",
            "Ailsa Craig",
            "San Marzano",
            "Shirley",
            "Black Krim",
        ],
        "plants",
        "plant",
    ),
    (
        "potatoes",
        ["Charlotte", "Maris Piper", "King Edward", "Pink Fir Apple", "Rooster", "Desiree"],
        "rows",
        "row",
    ),
    (
        "courgettes",
        ["Defender", "Black Beauty", "Romanesco", "Tromboncino", "Atena"],
        "plants",
        "plant",
    ),
]


def t_garden(rng, rule):
    crop, pool, unit, one = rng.choice(CROPS)
    while True:
        k = rng.randint(2, 5)
        vs = rng.sample(pool, k)
        n = [rng.randint(2, 8) for _ in range(k)]
        per = [rng.randint(8, 60) / 10 for _ in range(k)]
        kg = [round(a * b, 1) for a, b in zip(n, per, strict=True)]
        if gap_ok(per, 0.4) and by_rank(per) != by_rank(kg):
            break
    rk = by_rank(per, reverse=True)
    c = pick(rng, rule, rk)
    parts = [
        rng.choice(
            [
                f"End of season weigh-up for the {crop} on the plot, since I want to grow "
                "just one next year.",
                f"Right, totals for the {crop} are in and I've been writing every harvest in the "
                "little notebook.",
                f"Tallied the {crop} this evening.",
            ]
        )
    ]
    for i, v in enumerate(vs):
        u = one if n[i] == 1 else unit
        parts.append(
            rng.choice(
                [
                    f"The {v} gave {kg[i]} kg off {n[i]} {u}, which is {per[i]:.1f} kg a {one}.",
                    f"{v}: {kg[i]} kg from {n[i]} {u}, so {per[i]:.1f} kg per {one}.",
                    f"I had {n[i]} {u} of {v} and they came to {kg[i]} kg altogether, "
                    f"{per[i]:.1f} kg each.",
                ]
            )
            + rng.choice(
                [
                    "",
                    "",
                    " Lovely flavour too.",
                    " Some blight at the end.",
                    " The slugs had a go at them.",
                ]
            )
        )
    if rng.random() < 0.4:
        b = rk.index(0)
        parts.append(f"Per {one}, {vs[b]} did best.")
    parts.append(
        rng.choice(
            [
                f"So next year it's {vs[c]} only.",
                f"I'm ordering {vs[c]} seed for next year.",
                f"{vs[c]} gets the whole bed next year.",
            ]
        )
    )
    return ("text", " ".join(parts), vs[c], f"which variety of {crop} to grow next year")


# ----------------------------------------------------------------------------- non-search

EVS = ["Kia EV3", "VW ID.3", "MG4", "Renault Megane E-Tech", "Tesla Model 3", "BYD Dolphin"]


def t_prepick(rng, rule):
    k = rng.randint(3, 5)
    cars = rng.sample(EVS, k)
    rng_km = [x * 5 for x in distinct(rng, 60, 110, k, 3)]
    price = [x * 500 for x in distinct(rng, 50, 90, k, 2)]
    c = rng.randrange(k)
    cur = rng.choice(["£", "€"])
    user = rng.choice(
        [
            f"I've already put a deposit down on the {cars[c]}, not changing that. Just "
            f"curious how it stacks up against the {join_and([x for x in cars if x != cars[c]])}.",
            f"Decided on the {cars[c]} (ordered yesterday). For the record, how do the "
            "others I looked at compare on range and price?",
        ]
    )
    r = [
        rng.choice(
            [
                f"The user has already committed to the {cars[c]} - deposit paid - and just "
                "wants a comparison for interest. So I'm not choosing anything; I'll lay out the "
                "numbers.",
                f"They've ordered the {cars[c]} already. The decision is made; I'll just "
                "compare range and price honestly.",
            ]
        )
    ]
    for i in range(k):
        r.append(f"{cars[i]}: about {rng_km[i]} km WLTP, list price around {cur}{price[i]:,}.")
    lr = max(range(k), key=lambda i: rng_km[i])
    ch = min(range(k), key=lambda i: price[i])
    r.append(f"Longest range is the {cars[lr]}, cheapest the {cars[ch]}.")
    r.append(f"Either way, the choice stays the {cars[c]}.")
    reply = rng.choice(
        [
            f"You're keeping the {cars[c]} - here's how it compares: "
            + "; ".join(f"{cars[i]} {rng_km[i]} km, {cur}{price[i]:,}" for i in range(k))
            + ".",
            f"Stick with the {cars[c]}. For reference, the longest range of the lot is the "
            f"{cars[lr]} and the cheapest is the {cars[ch]}.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, cars[c], "rc")


NAMEPOOLS = [
    ("the new cluster", ["orion", "vega", "lyra", "draco", "cygnus", "auriga", "carina"]),
    ("the puppy", ["Biscuit", "Pepper", "Maple", "Otis", "Juniper", "Waffles"]),
    (
        "the band",
        ["Static Garden", "The Low Tides", "Paper Lanterns", "Velvet Circuit", "North of Nowhere"],
    ),
    ("the release", ["Falcon", "Kestrel", "Osprey", "Merlin", "Harrier"]),
]


def t_nolabel(rng, rule):
    what, pool = rng.choice(NAMEPOOLS)
    k = rng.randint(3, min(6, len(pool)))
    ns = rng.sample(pool, k)
    c = rng.randrange(k)
    st = rng.randrange(3)
    head = rng.choice([f"Names for {what}:", f"Shortlist of names for {what}", f"{cap(what)} -"])
    if st == 0:
        body = [head] + [f"{i + 1}. {n}" for i, n in enumerate(ns)]
        end = rng.choice([f"Going with #{c + 1}, {ns[c]}.", f"Picked {ns[c]}."])
    elif st == 1:
        body = [head] + [f"- {n}" for n in ns]
        end = rng.choice([f"Final: {ns[c]}", f"We're calling it {ns[c]}."])
    else:
        body = [f"{head} {', '.join(ns)}."]
        end = rng.choice([f"It's {ns[c]}.", f"Settled on {ns[c]}."])
    return ("text", "\n".join([*body, end]), ns[c], f"what to name {what}")


QUEUES = ["Postgres (SKIP LOCKED)", "Redis streams", "RabbitMQ", "SQS", "Kafka", "NATS JetStream"]


def t_posthoc(rng, rule):
    k = rng.randint(3, 5)
    qs = rng.sample(QUEUES, k)
    c = rng.randrange(k)
    target = rng.choice([500, 1000, 2000])
    got = target + rng.randint(2, 30) * 100
    p99 = rng.randint(4, 40)
    others = [q for q in qs if q != qs[c]]
    lines = [
        rng.choice(
            [
                f"Job queue for the ingest pipeline: went with {qs[c]}.",
                f"Decision (already made in the design review): {qs[c]} for the job queue.",
            ]
        ),
        rng.choice(
            [
                f"Also on the list were {join_and(others)}.",
                f"(Others that came up: {join_and(others)}.)",
            ]
        ),
        rng.choice(
            [
                "Checks after the fact:",
                "Validated it this week:",
            ]
        ),
        f"- throughput: {got} jobs/s in the load test vs a target of {target} - ok",
        f"- p99 enqueue latency {p99} ms (budget 50 ms) - ok",
        rng.choice(["- failover drill: recovered, no lost jobs", "- restart test: no duplicates"]),
        rng.choice([f"So {qs[c]} holds up. Shipping.", f"{qs[c]} it stays."]),
    ]
    return ("text", "\n".join(lines), qs[c], "which job queue to use")


CONSTR = [
    (
        "a sleeping bag",
        ["Alpkit", "Rab", "Mountain Equipment", "Decathlon", "Cotswold"],
        "only {x} ships to Norway",
        "kr",
    ),
    (
        "a dev laptop",
        ["Dell", "Lenovo", "Framework", "HP", "Apple"],
        "IT only allows {x} under the procurement contract",
        "€",
    ),
    (
        "the team offsite venue",
        ["The Boathouse", "Hillcrest Lodge", "Old Granary", "Riverside Hall", "The Foundry"],
        "{x} is the only one free on the 14th",
        "£",
    ),
    (
        "an SMS provider",
        ["Twilio", "MessageBird", "Vonage", "Sinch", "Plivo"],
        "legal says only {x} has a signed DPA",
        "$",
    ),
]


def t_constraint(rng, rule):
    what, pool, rule_s, cur = rng.choice(CONSTR)
    k = rng.randint(3, 5)
    ns = rng.sample(pool, k)
    c = rng.randrange(k)
    pr = [x * 10 for x in distinct(rng, 20, 200, k, 3)]
    lines = [
        rng.choice([f"Buying {what}.", f"Sorting out {what}.", f"Re: {what}"]),
        cap(rule_s.format(x=ns[c])) + rng.choice([", so that settles it.", ". No way round it."]),
        rng.choice(["For completeness, what they'd each cost:", "Prices I'd collected anyway:"]),
    ]
    for i in range(k):
        lines.append(
            rng.choice(
                [f"- {ns[i]}: {cur}{pr[i]}", f"{ns[i]} {cur}{pr[i]}", f"* {ns[i]} at {cur}{pr[i]}"]
            )
        )
    lo = min(range(k), key=lambda i: pr[i])
    if lo != c and rng.random() < 0.5:
        lines.append(f"{ns[lo]} would have been cheapest, but that's moot.")
    lines.append(rng.choice([f"Ordering from {ns[c]}.", f"{ns[c]} then.", f"Booked {ns[c]}."]))
    return ("text", "\n".join(lines), ns[c], f"where to get {what}")


DECIDE = [
    (
        "which pizza place for Friday",
        ["Franco's", "Napoli Express", "Slice Club", "Dough Bros", "Pizza Pilgrims"],
    ),
    ("which board game to bring", ["Wingspan", "Catan", "Azul", "Ticket to Ride", "Codenames"]),
    (
        "which hike on Sunday",
        ["Kinder Scout", "Mam Tor", "Stanage Edge", "Win Hill", "Bamford Edge"],
    ),
]


def t_coinflip(rng, rule):
    what, pool = rng.choice(DECIDE)
    k = rng.randint(2, 4)
    ns = rng.sample(pool, k)
    sc = [x / 10 for x in distinct(rng, 50, 95, k, 4)]
    c = rng.randrange(k)
    way = rng.randrange(3)
    user = rng.choice(
        [
            f"We're deciding {what}. Scores from the group poll (out of 10): "
            + ", ".join(f"{n} {s}" for n, s in zip(ns, sc, strict=True))
            + ". "
            + [
                f"We couldn't agree so we flipped a coin and it came up {ns[c]}.",
                f"In the end {rng.choice(PEOPLE)} just said {ns[c]} and nobody argued.",
                f"My kid pulled {ns[c]} out of a hat.",
            ][way]
            + " Can you write the group message?",
        ]
    )
    r = [
        f"The group is deciding {what}. The poll scores were "
        + ", ".join(f"{n} {s}" for n, s in zip(ns, sc, strict=True))
        + ".",
        f"{ns[max(range(k), key=lambda i: sc[i])]} had the highest average, but that's not how "
        "they decided.",
        [
            f"They flipped a coin and got {ns[c]}.",
            f"Someone in the group just called it: {ns[c]}.",
            f"It was drawn from a hat: {ns[c]}.",
        ][way],
        f"So the message should announce {ns[c]}. Keep it short and friendly.",
    ]
    reply = rng.choice(
        [
            f'"Hi all - it\'s decided: {ns[c]}! See you there."',
            f'Here you go: "{ns[c]} it is, folks. Thanks for voting!"',
        ]
    )
    return ("chat", user, "\n".join(r), reply, ns[c], "rc")


def t_single(rng, rule):
    kind = rng.randrange(3)
    if kind == 0:
        g = rng.randint(150, 900)
        serv0 = rng.choice([4, 6, 8])
        serv1 = rng.choice([s for s in [2, 3, 10, 12, 14] if s != serv0])
        v = g * serv1 / serv0
        user = f"A recipe for {serv0} uses {g} g of flour. How much for {serv1} people?"
        r = [
            f"Okay, so {g} g serves {serv0}. Per person that's {g}/{serv0} = {g / serv0:.2f} g.",
            f"For {serv1} people: {g / serv0:.2f} x {serv1} = {v:.1f} g.",
            f"Wait, let me re-check by ratio: {serv1}/{serv0} = {serv1 / serv0:.3f}, times {g} "
            f"gives {v:.1f}. Same.",
            f"So about {v:.0f} g.",
        ]
        ans = f"{v:.0f} g"
        reply = f"You'll need about {v:.0f} g of flour."
    elif kind == 1:
        mi = rng.randint(5, 60)
        km = mi * 1.609344
        user = f"How many km is {mi} miles?"
        r = [
            f"One mile is 1.609344 km. So {mi} miles is {mi} x 1.609344.",
            f"{mi} x 1.6 = {mi * 1.6:.1f}, plus {mi} x 0.009344 = {mi * 0.009344:.3f}, total "
            f"{km:.3f}.",
            f"Hmm, let me verify: {km:.3f} / 1.609344 = {km / 1.609344:.2f}. Yes.",
            f"So roughly {km:.1f} km.",
        ]
        ans = f"{km:.1f} km"
        reply = f"{mi} miles is about {km:.1f} km."
    else:
        p = rng.randint(20, 400) * 100
        rate = rng.choice([3, 4, 5, 6])
        yrs = rng.randint(2, 5)
        amt = p * (1 + rate / 100) ** yrs
        user = (
            f"If I put {p} in savings at {rate}% a year compounded annually, what do I have "
            f"after {yrs} years?"
        )
        r = [f"Compound interest: A = P(1 + r)^n with P = {p}, r = {rate / 100}, n = {yrs}."]
        bal = p
        for y in range(1, yrs + 1):
            nb = bal * (1 + rate / 100)
            r.append(f"Year {y}: {bal:.2f} x {1 + rate / 100} = {nb:.2f}.")
            bal = nb
        r.append(
            f"Wait, check with the formula directly: {1 + rate / 100}^{yrs} = "
            f"{(1 + rate / 100) ** yrs:.5f}, times {p} = {amt:.2f}. Matches."
        )
        ans = f"{amt:.2f}"
        reply = f"After {yrs} years you'd have about {amt:,.2f}."
    return ("chat", user, "\n".join(r), reply, ans, "think")


# ----------------------------------------------------------------------------- registry

PROCS = {
    "plan_S": ("search", make_proc(t_plan, "best")),
    "plan_N_random": ("non-search", make_proc(t_plan, "random")),
    "email_S": ("search", make_proc(t_email, "best")),
    "email_N_last": ("non-search", make_proc(t_email, "last")),
    "mdtable_S": ("search", make_proc(t_mdtable, "best")),
    "mdtable_N_first": ("non-search", make_proc(t_mdtable, "first")),
    "jsonbench_S": ("search", make_proc(t_jsonbench, "best")),
    "jsonbench_N_random": ("non-search", make_proc(t_jsonbench, "random")),
    "route_S": ("search", make_proc(t_route, "best")),
    "route_N_last": ("non-search", make_proc(t_route, "last")),
    "relative_S": ("search", make_proc(t_relative, "best")),
    "relative_N_random": ("non-search", make_proc(t_relative, "random")),
    "options_S": ("search", make_proc(t_options, "best")),
    "options_N_first": ("non-search", make_proc(t_options, "first")),
    "gpuchat_S": ("search", make_proc(t_gpuchat, "best")),
    "gpuchat_N_random": ("non-search", make_proc(t_gpuchat, "random")),
    "garden_S": ("search", make_proc(t_garden, "best")),
    "garden_N_last": ("non-search", make_proc(t_garden, "last")),
    "prepick_N": ("non-search", make_proc(t_prepick, None)),
    "nolabel_N": ("non-search", make_proc(t_nolabel, None)),
    "posthoc_N": ("non-search", make_proc(t_posthoc, None)),
    "constraint_N": ("non-search", make_proc(t_constraint, None)),
    "coinflip_N": ("non-search", make_proc(t_coinflip, None)),
    "single_N": ("non-search", make_proc(t_single, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=16)


if __name__ == "__main__":
    sys.exit(main())
