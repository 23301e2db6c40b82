#!/usr/bin/env python3
# ruff: noqa: E501, E741  (written blind by a helper; its lines are kept as written)
"""Held-out probe 18 for `mesascope import reasoning` + `score --implicit --pool`.

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

  index_S / _N_first            psql session: 2-5 candidate indexes created one at a time,
                                EXPLAIN (ANALYZE) output with "Execution Time: x ms" per
                                index, criterion only implied by the metric; keep the fastest
  mortgage_S / _N_random        chat (<think>, NO answer key): 2-4 fixed-rate offers, the
                                monthly payment from the annuity formula, total interest +
                                fee over the term; cheapest overall (criterion in the prompt)
  supplier_S / _N_last          forwarded e-mail quotes (From:/Subject: blocks), then the
                                buyer's note with landed cost = qty x unit + shipping (+ duty);
                                lowest landed cost, "PO raised with X"
  smoothing_S / _N_random       CSV of holdout errors per smoothing alpha with # comments;
                                the lowest RMSE (stated in a comment or only by the column)
  chess_S / _N_first            chat (reasoning_content, with answer): White to move, 2-5
                                candidate moves each with a line and an evaluation in pawns
                                ("+0.8", "about -0.4"); the highest
  bake_S / _N_random            baking journal: 2-5 substitutes for one ingredient, each
                                judged only in taste-test words ("perfect", "too sour",
                                "gummy"); the best-judged goes on the recipe card
  contrast_S / _N_last          chat (<think>, with answer): text colours on a brand
                                background, relative luminance and WCAG contrast ratio
                                worked out per colour; the highest ratio
  compress_S / _N_random        shell transcript of compression levels (size, seconds), an
                                explicit trade-off rule "cost = MB + w x seconds" computed per
                                level; the lowest cost
  patch_S / _N_first            chat (reasoning_content, NO answer key): CI results of 2-4
                                candidate patch branches ("passed 12/14", failing tests
                                named); merge the one with most passing tests
game24 (puzzles from probe 8's helpers):
  g24_last_S / _N_first         working backwards: for each number as the last one in, what
                                the other three must make (24-x, 24+x, 24/x, ...) and whether
                                they can; the pick is a last number that works / the first
                                one tried (the answer then states its true value)
non-search only:
  rota_N                        book-club notes: nominees with page counts and average
                                ratings listed honestly; the book is whoever's month it is
  onehyp_N                      chat (reasoning_content, NO answer key): one hypothesis for a
                                bug, checked and confirmed, no alternatives
  amortize_N                    chat (<think>, with answer): one mortgage, the monthly
                                payment worked out step by step, answer the payment
  inherit_N                     ops note: the JVM collector is inherited from the base image
                                (fixed up front); p99 pauses of all collectors measured for
                                reference, the inherited one stays

Layout: shuffled dirs with random names, random record ids; the key goes to
OUT_DIR/key.json after scoring.

Usage:
    python scripts/heldout_probe18.py OUT_DIR [--seed N] [--only NAME,...] [--mesascope PATH]
        [--gen-only]
Standard library only.
"""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction

from heldout_probe8 import ap, cap, fm, make_puzzle, pick  # the shared helpers
from heldout_probe16 import by_rank, distinct, gap_ok, join_and
from heldout_probe17 import ans_form, make_g24_proc, make_proc  # the record shapes

N_TEXTS = 30

PEOPLE = ["Sam", "Priya", "Tom", "Aisha", "Marek", "Jo", "Ines", "Dev", "Lena", "Kofi", "Ruth"]


def ratio_ok(vals, f):
    """Sorted neighbours differ by a factor of at least f."""
    s = sorted(vals)
    return all(b >= a * f for a, b in itertools.pairwise(s))


# ----------------------------------------------------------------------------- index (psql)

INDEX_CANDS = [
    ("idx_orders_cust", "customer_id", "Bitmap Heap Scan"),
    ("idx_orders_cust_created", "customer_id, created_at DESC", "Index Scan"),
    ("idx_orders_created", "created_at", "Index Scan Backward"),
    ("idx_orders_status_created", "status, created_at", "Bitmap Heap Scan"),
    ("idx_orders_cust_status", "customer_id, status", "Index Scan"),
    ("idx_orders_cust_created_incl", "customer_id, created_at DESC) INCLUDE (total", "Index Only Scan"),
    ("idx_orders_open_partial", "customer_id) WHERE status <> 'closed'", "Index Scan"),
]


def t_index(rng, rule):
    while True:
        k = rng.randint(2, 5)
        cs = rng.sample(INDEX_CANDS, k)
        ms = [round(10 ** rng.uniform(-1.2, 2.3), 3) for _ in cs]
        if ratio_ok(ms, 1.35):
            break
    rk = by_rank(ms)
    c = pick(rng, rule, rk)
    db = rng.choice(["shop_prod_copy", "orders_db", "analytics_replica", "app"])
    query = (
        "SELECT id, total, created_at FROM orders WHERE customer_id = 48213 "
        "AND status <> 'closed' ORDER BY created_at DESC LIMIT 50;"
    )
    lines = [
        f"$ psql -d {db}",
        rng.choice(
            [
                "-- slow endpoint /api/customers/:id/orders, trying indexes one at a time",
                "-- ticket OPS-" + str(rng.randint(1000, 9999)) + ": order history query too slow",
                "-- candidate indexes for the order-history query (each dropped after its run)",
            ]
        ),
    ]
    if rng.random() < 0.4:
        lines.append(
            rng.choice(
                [
                    "-- median of 5 warm runs shown",
                    "-- keep whichever runs fastest",
                    "-- runs after ANALYZE orders; cache warm",
                ]
            )
        )
    for i, (name, cols, node) in enumerate(cs):
        plan_ms = round(rng.uniform(0.08, 0.9), 3)
        rows_est = rng.randint(30, 900)
        lines += [
            "",
            f"{db}=# CREATE INDEX {name} ON orders ({cols});",
            "CREATE INDEX",
            f"{db}=# EXPLAIN (ANALYZE, BUFFERS) {query}",
            "                                  QUERY PLAN",
            "-" * 70,
            f" Limit  (cost=0.43..{rng.randint(20, 9000)}.{rng.randint(10, 99)} rows=50 width=28) "
            f"(actual time={ms[i] * 0.2:.3f}..{ms[i] * 0.97:.3f} rows=50 loops=1)",
            f"   ->  {node} using {name} on orders  (cost=0.43..{rng.randint(100, 90000)}.00 "
            f"rows={rows_est} width=28)",
            f"         Buffers: shared hit={rng.randint(4, 4000)}",
            f" Planning Time: {plan_ms:.3f} ms",
            f" Execution Time: {ms[i]:.3f} ms",
            f"({rng.randint(5, 9)} rows)",
            "",
            f"{db}=# DROP INDEX {name};",
        ]
        if rng.random() < 0.35:
            lines.append(
                rng.choice(
                    [
                        f"-- {name}: {rng.randint(40, 900)} MB on disk",
                        f"-- {name} took {rng.randint(8, 140)} s to build",
                    ]
                )
            )
    lines.append("")
    if rule == "best" and rng.random() < 0.5:
        lines.append(f"-- fastest: {cs[c][0]} at {ms[c]:.3f} ms")
    lines.append(
        rng.choice(
            [
                f"-- keeping {cs[c][0]}, migration PR to follow",
                f"{db}=# CREATE INDEX CONCURRENTLY {cs[c][0]} ON orders ({cs[c][1]});  -- the keeper",
                f"-- going with {cs[c][0]}",
            ]
        )
    )
    ans = rng.choice([cs[c][0], cs[c][0], cs[c][0], f"{cs[c][0]} index", f"index {cs[c][0]}"])
    return ("text", "\n".join(lines), ans, "Which index should we add for the order-history query?")


# ----------------------------------------------------------------------------- mortgage (chat)

LENDERS = [
    "Nationwide",
    "Barclays",
    "Halifax",
    "Santander",
    "NatWest",
    "Coventry BS",
    "Skipton BS",
    "HSBC",
]


def payment(P, rate_pct, n):
    r = rate_pct / 100 / 12
    return P * r / (1 - (1 + r) ** -n)


def t_mortgage(rng, rule):
    while True:
        P = rng.randint(14, 48) * 10000
        years = rng.choice([20, 25, 30])
        n = years * 12
        k = rng.randint(2, 4)
        ls = rng.sample(LENDERS, k)
        rates = [rng.randint(365, 545) / 100 for _ in ls]
        fees = [rng.choice([0, 0, 495, 999, 1499, 1999, 2499]) for _ in ls]
        pay = [round(payment(P, x, n), 2) for x in rates]
        interest = [round(p * n - P, 2) for p in pay]
        total = [round(i + f, 2) for i, f in zip(interest, fees, strict=True)]
        if gap_ok(total, 1500):
            break
    rk = by_rank(total)
    c = pick(rng, rule, rk)
    offers = "\n".join(
        f"- {ls[i]}: {rates[i]:.2f}% fixed, "
        + (f"£{fees[i]:,} product fee" if fees[i] else "no fee")
        for i in range(k)
    )
    user = rng.choice(
        [
            f"Borrowing £{P:,} over {years} years. Offers:\n{offers}\nWhich one costs me least "
            "overall once the fees are in?",
            f"mortgage offers for £{P:,}, {years}y term, want the cheapest in total (interest + "
            f"fees):\n{offers}",
        ]
    )
    r = [
        rng.choice(
            [
                f"Okay, so the loan is £{P:,} over {years} years, that's {n} monthly payments. "
                "To compare I need the total interest for each offer plus its fee.",
                f"Alright. {n} payments on £{P:,}. The monthly payment is P*r/(1-(1+r)^-n) with "
                "r the monthly rate, then total cost = payments - principal + fee.",
            ]
        )
    ]
    for i in range(k):
        mr = rates[i] / 100 / 12
        body = (
            f"{ls[i]}: r = {rates[i]:.2f}%/12 = {mr:.6f}. Payment = £{pay[i]:,.2f} a month. "
            f"{n} x £{pay[i]:,.2f} = £{pay[i] * n:,.2f}, minus the £{P:,} borrowed is "
            f"£{interest[i]:,.2f} interest"
        )
        body += f", plus the £{fees[i]:,} fee = £{total[i]:,.2f}." if fees[i] else ", no fee, so £" + f"{total[i]:,.2f}."
        r.append(body)
        if i == 0 and rng.random() < 0.3:
            r.append(
                "Wait, let me double-check that payment... "
                f"£{P:,} x {mr:.6f} = £{P * mr:,.2f} interest in month one, so £{pay[0]:,.2f} "
                "looks right."
            )
    lo_rate = min(range(k), key=lambda i: rates[i])
    if lo_rate != rk.index(0) and rng.random() < 0.6:
        r.append(
            f"Interesting, {ls[lo_rate]} has the lowest rate but the fee changes the picture."
        )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"So {ls[c]} is cheapest overall at £{total[c]:,.2f}.",
                    f"Lowest total is {ls[c]}, £{total[c]:,.2f} over the term.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll suggest {ls[c]}.", f"Let's go with {ls[c]} then."]))
    reply = rng.choice(
        [
            f"**{ls[c]}** - £{pay[c]:,.2f}/month, about £{total[c]:,.0f} in interest and fees "
            f"over {years} years.",
            f"Go with {ls[c]} ({rates[c]:.2f}%). Total cost over the term: £{total[c]:,.2f}.",
        ]
    )
    return ("chat", user, "\n".join(r), reply, None, "think")


# ----------------------------------------------------------------------------- supplier (e-mail)

SUPPLIERS = [
    ("Brennan Fasteners", "orders@brennanfix.ie"),
    ("Kowalski Metal", "sprzedaz@kowalski-metal.pl"),
    ("Northgate Industrial", "quotes@northgate-ind.co.uk"),
    ("Shenzhen Hualong Hardware", "sales@hualong-hw.cn"),
    ("Metallwerk Vogt", "vertrieb@vogt-metall.de"),
    ("Atlas Supply Co", "rfq@atlassupply.com"),
]
ITEMS = [
    ("M8x40 A2 stainless hex bolts", 0.21, 0.55),
    ("M6 nyloc nuts, zinc", 0.03, 0.09),
    ("DIN 125 washers M10", 0.02, 0.07),
    ("aluminium L-brackets 40x40", 0.38, 1.20),
]


def t_supplier(rng, rule):
    item, lo, hi = rng.choice(ITEMS)
    while True:
        qty = rng.choice([2000, 5000, 10000, 20000])
        k = rng.randint(2, 4)
        ss = rng.sample(SUPPLIERS, k)
        unit = [round(rng.uniform(lo, hi), 3) for _ in ss]
        ship = [rng.choice([0, 35, 60, 85, 140, 220, 380]) for _ in ss]
        duty = [round(0.027 * unit[i] * qty, 2) if "Shenzhen" in ss[i][0] or "Atlas" in ss[i][0]
                else 0.0 for i in range(k)]
        landed = [round(unit[i] * qty + ship[i] + duty[i], 2) for i in range(k)]
        if gap_ok(landed, 40):
            break
    rk = by_rank(landed)
    c = pick(rng, rule, rk)
    rfq = rng.randint(1000, 9999)
    lines = []
    for i, (nm, mail) in enumerate(ss):
        lines += [
            "---------- Forwarded message ---------",
            f"From: {mail}",
            f"Subject: RE: RFQ {rfq} - {qty:,} x {item}",
            "",
            rng.choice(["Hi,", "Dear buyer,", "Hello again,"]),
            rng.choice(
                [
                    f"thanks for the enquiry. We can offer {unit[i]:.3f} EUR per piece",
                    f"our price is EUR {unit[i]:.3f}/pc",
                    f"pleased to quote {unit[i]:.3f} EUR each",
                ]
            )
            + (
                f", delivery {ship[i]} EUR flat." if ship[i] else ", delivery included."
            )
            + rng.choice(
                [
                    f" Lead time {rng.randint(1, 6)} weeks.",
                    " Stock available.",
                    " Payment 30 days net.",
                ]
            ),
            f"Regards, {nm}",
            "",
        ]
    lines.append(
        rng.choice(
            [
                "My notes - comparing on landed cost (goods + freight + duty), cheapest wins:",
                "Landed cost per quote:",
                "Working out what each actually costs delivered:",
            ]
        )
    )
    for i, (nm, _m) in enumerate(ss):
        s = f"- {nm}: {qty:,} x {unit[i]:.3f} = {unit[i] * qty:,.2f}"
        if ship[i]:
            s += f" + {ship[i]} freight"
        if duty[i]:
            s += f" + {duty[i]:,.2f} import duty (2.7%)"
        s += f" = EUR {landed[i]:,.2f}"
        lines.append(s)
    lo_u = min(range(k), key=lambda i: unit[i])
    if lo_u != rk.index(0) and rng.random() < 0.5:
        lines.append(f"({ss[lo_u][0]} has the lowest unit price, but not once it's landed.)")
    lines.append(
        rng.choice(
            [
                f"PO raised with {ss[c][0]}.",
                f"Placing the order with {ss[c][0]}.",
                f"-> {ss[c][0]}",
            ]
        )
    )
    return (
        "text",
        "\n".join(lines),
        ans_form(rng, ss[c][0], [s[0] for s in ss]),
        f"Which supplier gets RFQ {rfq}?",
    )


# ----------------------------------------------------------------------------- smoothing (CSV)


def t_smoothing(rng, rule):
    while True:
        k = rng.randint(3, 6)
        alphas = sorted(rng.sample([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8], k))
        a0, base, curv = rng.uniform(0.05, 0.7), rng.uniform(18, 40), rng.uniform(20, 90)
        rmse = [round(base + curv * (a - a0) ** 2 + rng.uniform(-1.5, 1.5), 2) for a in alphas]
        if gap_ok(rmse, 1.2):
            break
    mae = [round(x * rng.uniform(0.74, 0.82), 2) for x in rmse]
    rk = by_rank(rmse)
    c = pick(rng, rule, rk)
    grp = rng.choice(["frozen veg", "SKU group 14", "store 0231 bakery", "pet food, dry"])
    stated = rng.random() < 0.6
    with_mae = stated and rng.random() < 0.6
    lines = [f"# simple exponential smoothing, {grp}, holdout = last 12 weeks"]
    if stated:
        lines.append(
            rng.choice(
                [
                    "# select alpha on holdout RMSE, lower is better",
                    "# criterion: min rmse",
                ]
            )
        )
    lines.append("alpha,rmse,mae,fit_ms" if with_mae else "alpha,rmse,fit_ms")
    for i, a in enumerate(alphas):
        fit = round(rng.uniform(1.5, 9.0), 1)
        lines.append(f"{a},{rmse[i]}" + (f",{mae[i]}" if with_mae else "") + f",{fit}")
    lines.append(
        rng.choice(
            [
                f"# -> alpha={alphas[c]}",
                f"# chosen: {alphas[c]}",
                f"# using alpha {alphas[c]} in prod config",
            ]
        )
    )
    ans = rng.choice([f"alpha={alphas[c]}", str(alphas[c]), f"alpha = {alphas[c]}"])
    return ("text", "\n".join(lines), ans, f"Which smoothing alpha for {grp}?")


# ----------------------------------------------------------------------------- chess (chat)

MOVES = [
    ("Nf5", "...exf5 Qxf5 and the king side opens, though Black gets ...Qg5"),
    ("Bxh7+", "...Kxh7 Ng5+ Kg8 Qh5, but if ...Kg6 I don't see a knockout"),
    ("Rd1", "just improving, pins the d-pawn, Black plays ...Qc7 and holds"),
    ("c4", "gains space, but ...Nb4 jumps into d3 eventually"),
    ("Qe2", "connects the rooks, quiet; Black equalises with ...c5"),
    ("e5", "kicks the knight, ...Nd5 is a fine square though"),
    ("h4", "the h-pawn lever, ...h5 stops it and the g5 square is weak"),
    ("Ng5", "hits f7 and h7, after ...Bxg5 Bxg5 the dark squares are mine"),
    ("a4", "prophylaxis against ...b5, slow"),
    ("Re3", "rook lift toward g3, ...Bd6 slows it down"),
]


def fmt_eval(rng, e):
    s = f"{e:+.1f}"
    return rng.choice([s, f"about {s}", f"roughly {s}", f"{s} for White", f"({s})"])


def t_chess(rng, rule):
    while True:
        k = rng.randint(2, 5)
        mv = rng.sample(MOVES, k)
        ev = [rng.randint(-12, 25) / 10 for _ in mv]
        if gap_ok(ev, 0.3):
            break
    rk = by_rank(ev, reverse=True)
    c = pick(rng, rule, rk)
    mvno = rng.randint(14, 26)
    opening = rng.choice(
        ["a Colle", "the Tarrasch French", "an Open Catalan", "a London System", "the Sveshnikov"]
    )
    user = rng.choice(
        [
            f"Club game, {opening}, move {mvno}, White to move. I'm looking at "
            + join_and([m for m, _ in mv])
            + ". No engine - what's the best move?",
            f"White to move (my game from last night, {opening}). Candidates I had: "
            + ", ".join(m for m, _ in mv)
            + ". Which one was strongest?",
        ]
    )
    r = [
        rng.choice(
            [
                "Let me go through each candidate, follow the main line a couple of moves and "
                "put a number on it (pawns, from White's side).",
                "I'll assess each move with a rough evaluation, positive is good for White.",
                "Okay. Candidate moves, one at a time.",
            ]
        )
    ]
    for i, (m, line) in enumerate(mv):
        r.append(
            rng.choice(
                [
                    f"{m}: {line}. I'd put that at {fmt_eval(rng, ev[i])}.",
                    f"{i + 1}. {m} - {line}. Eval {fmt_eval(rng, ev[i])}.",
                    f"What about {m}? {cap(line)}. Call it {fmt_eval(rng, ev[i])}.",
                ]
            )
        )
    if rule == "best":
        r.append(
            rng.choice(
                [
                    f"Best of these is {mv[c][0]} at {ev[c]:+.1f}.",
                    f"So {mv[c][0]} comes out on top.",
                ]
            )
        )
    else:
        r.append(rng.choice([f"I'll recommend {mv[c][0]}.", f"Going with {mv[c][0]}."]))
    reply = rng.choice(
        [
            f"**{mv[c][0]}**. Main idea: {mv[c][1]}.",
            f"I'd play {mv[c][0]} here (roughly {ev[c]:+.1f}).",
        ]
    )
    ans = rng.choice([mv[c][0], mv[c][0], f"{mv[c][0]}!", f"{mvno}. {mv[c][0]}"])
    return ("chat", user, "\n".join(r), reply, ans, "rc")


# ----------------------------------------------------------------------------- bake (journal)

SUBS = [
    ("buttermilk", "scones", ["milk + lemon juice", "milk + white vinegar", "thinned Greek yogurt",
                              "kefir", "sour cream + water", "powdered buttermilk"]),
    ("eggs", "brownies", ["flax egg", "aquafaba", "mashed banana", "applesauce",
                          "silken tofu", "chia egg"]),
    ("butter", "shortbread", ["margarine", "coconut oil", "olive oil spread", "ghee",
                              "vegan block", "lard"]),
    ("caster sugar", "sponge", ["honey", "maple syrup", "coconut sugar", "blitzed granulated",
                                "light brown sugar", "agave"]),
]
TIERS = [
    ["perfect - nobody could tell the difference", "spot on, exactly like the original",
     "excellent, the best texture of the lot"],
    ["very good, just a touch denser", "really nice, slightly sweeter than usual",
     "good, only a faint aftertaste"],
    ["fine, nothing special", "ok but a bit flat", "edible, slightly dry"],
    ["too sour", "noticeably bitter", "greasy and heavy", "strange aftertaste, wouldn't repeat"],
    ["gummy, went in the bin", "collapsed completely", "inedible - rubbery"],
]


def t_bake(rng, rule):
    ing, dish, subs = rng.choice(SUBS)
    k = rng.randint(2, 5)
    ss = rng.sample(subs, k)
    tiers = rng.sample(range(5), k)
    c = pick(rng, rule, by_rank(tiers))
    lines = [
        rng.choice(
            [
                f"Sat {rng.randint(1, 28)}/{rng.randint(1, 12)} - out of {ing}, testing swaps in the {dish}.",
                f"{cap(dish)} test bake, replacing the {ing}. Same batch otherwise, tasted by "
                + join_and(rng.sample(PEOPLE, 2)) + ".",
            ]
        )
    ]
    for i, s in enumerate(ss):
        note = rng.choice(TIERS[tiers[i]])
        lines.append(
            rng.choice(
                [
                    f"- {s}: {note}",
                    f"{i + 1}) {s} -> {note}",
                    f"{cap(s)}. Verdict: {note}.",
                ]
            )
        )
    lines.append(
        rng.choice(
            [
                f"Writing {ss[c]} on the recipe card.",
                f"From now on: {ss[c]}.",
                f"Keeper: {ss[c]}.",
            ]
        )
    )
    return ("text", "\n".join(lines), ans_form(rng, ss[c], ss), f"What can I use instead of {ing} in {dish}?")


# ----------------------------------------------------------------------------- contrast (chat)

BGS = [("#1f6feb", "blue"), ("#d73a49", "red"), ("#2da44e", "green"), ("#8250df", "purple"),
       ("#bf8700", "amber"), ("#0a3069", "navy"), ("#cf222e", "crimson")]
FGS = ["#ffffff", "#f6f8fa", "#000000", "#24292f", "#ffd33d", "#fff8c5", "#57606a", "#d0d7de",
       "#0d1117", "#ddf4ff"]


def lin(c8):
    s = c8 / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def lum(hx):
    r, g, b = (int(hx[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def t_contrast(rng, rule):
    bg, bname = rng.choice(BGS)
    lb = lum(bg)
    while True:
        k = rng.randint(2, 5)
        fs = rng.sample(FGS, k)
        lf = [lum(f) for f in fs]
        cr = [round((max(x, lb) + 0.05) / (min(x, lb) + 0.05), 2) for x in lf]
        if gap_ok(cr, 0.35):
            break
    rk = by_rank(cr, reverse=True)
    c = pick(rng, rule, rk)
    user = rng.choice(
        [
            f"Button background is {bg} ({bname}). Text colour candidates: {', '.join(fs)}. "
            "Which gives the best contrast ratio? Want to clear WCAG AA comfortably.",
            f"accessibility q: label text on a {bg} badge - {' / '.join(fs)}, which is the most "
            "readable by contrast ratio?",
        ]
    )
    r = [
        rng.choice(
            [
                f"Contrast ratio is (L1 + 0.05) / (L2 + 0.05) with relative luminance L. "
                f"Background {bg}: L = {lb:.4f}.",
                f"First the background's relative luminance: {bg} gives L = {lb:.4f}. Then the "
                "ratio for each candidate, lighter over darker, each + 0.05.",
            ]
        )
    ]
    for i, f in enumerate(fs):
        hi, lo = max(lf[i], lb), min(lf[i], lb)
        r.append(
            rng.choice(
                [
                    f"{f}: L = {lf[i]:.4f}. Ratio = ({hi:.4f} + 0.05) / ({lo:.4f} + 0.05) = "
                    f"{cr[i]:.2f}:1.",
                    f"{f} -> L {lf[i]:.4f}, contrast {cr[i]:.2f}:1"
                    + (" (passes AA for body text)" if cr[i] >= 4.5 else " (below 4.5, fails AA)")
                    + ".",
                ]
            )
        )
    if rule == "best":
        r.append(rng.choice([f"Highest is {fs[c]} at {cr[c]:.2f}:1.", f"{fs[c]} wins, {cr[c]:.2f}:1."]))
    else:
        r.append(rng.choice([f"I'll go with {fs[c]}.", f"Answer: {fs[c]}."]))
    reply = rng.choice(
        [f"Use **{fs[c]}** - {cr[c]:.2f}:1 against {bg}.", f"{fs[c]} ({cr[c]:.2f}:1)."]
    )
    ans = rng.choice([fs[c], fs[c], fs[c].upper(), fs[c].lstrip("#")])
    return ("chat", user, "\n".join(r), reply, ans, "think")


# ----------------------------------------------------------------------------- compress (shell)

TOOLS = [("zstd", [1, 3, 6, 9, 12, 15, 19]), ("xz", [0, 1, 3, 6, 9]), ("gzip", [1, 3, 6, 9]),
         ("brotli", [1, 4, 6, 9, 11])]


def t_compress(rng, rule):
    tool, levels = rng.choice(TOOLS)
    while True:
        k = rng.randint(3, min(5, len(levels)))
        lv = sorted(rng.sample(levels, k))
        raw = rng.randint(800, 4000)
        size = sorted((round(raw * rng.uniform(0.09, 0.35), 1) for _ in lv), reverse=True)
        secs = sorted(round(rng.uniform(1.5, 160), 1) for _ in lv)
        w = rng.choice([1, 2, 5, 10])
        cost = [round(s + w * t, 1) for s, t in zip(size, secs, strict=True)]
        if gap_ok(cost, 6):
            break
    rk = by_rank(cost)
    c = pick(rng, rule, rk)
    fn = rng.choice(["nightly_dump.sql", "events-2024-06.parquet.tar", "logs_week23.jsonl"])
    lines = [
        rng.choice(
            [
                f"# compressing {fn} ({raw} MB) for the backup bucket",
                f"# which {tool} level for {fn}? raw size {raw} MB",
            ]
        ),
        rng.choice(
            [
                f"# rule: cost = MB stored + {w} x seconds of CPU (one second ~ {w} MB of storage "
                "over the retention); lowest cost wins",
                f"# trade-off we agreed: every second of compression is worth {w} MB, so "
                f"score = size_MB + {w}*time_s, smaller is better",
            ]
        ),
    ]
    for i, l in enumerate(lv):
        flag = f"-{l}" if tool != "brotli" else f"-q {l}"
        lines += [
            f"$ /usr/bin/time -f '%e s' {tool} {flag} -k {fn}",
            f"{secs[i]} s",
            f"$ du -m {fn}.{ {'zstd': 'zst', 'xz': 'xz', 'gzip': 'gz', 'brotli': 'br'}[tool] }",
            f"{size[i]}",
            f"# level {l}: {size[i]} + {w} x {secs[i]} = {cost[i]}",
        ]
    lines.append(
        rng.choice(
            [
                f"# -> {tool} level {lv[c]}",
                f"# going with level {lv[c]}",
                f"# backup script now uses {tool} level {lv[c]}",
            ]
        )
    )
    ans = rng.choice([f"level {lv[c]}", f"{tool} -{lv[c]}", str(lv[c]), f"{tool} level {lv[c]}"])
    return ("text", "\n".join(lines), ans, f"Which {tool} level for the backups?")


# ----------------------------------------------------------------------------- patch (chat)

TESTS = [
    "test_refund_partial", "test_currency_rounding", "test_cart_merge_guest", "test_coupon_expiry",
    "test_tax_eu_reverse_charge", "test_checkout_idempotent", "test_webhook_retry",
    "test_inventory_reserve", "test_shipping_free_threshold", "test_order_cancel_race",
]
BRANCHES = ["fix/checkout-lock", "fix/retry-on-409", "jo/idempotency-key", "hotfix-4412",
            "fix/serialize-cart", "dev/txn-isolation", "patch-b", "fix/reserve-before-pay"]


def t_patch(rng, rule):
    total = rng.choice([12, 14, 18, 23, 31])
    k = rng.randint(2, 4)
    bs = rng.sample(BRANCHES, k)
    fails = rng.sample(range(0, 6), k)
    passed = [total - f for f in fails]
    rk = by_rank(passed, reverse=True)
    c = pick(rng, rule, rk)
    blocks = []
    for i, b in enumerate(bs):
        ft = rng.sample(TESTS, fails[i])
        s = f"[{b}] {passed[i]}/{total} passed"
        if ft:
            s += "; FAILED: " + ", ".join(ft)
        blocks.append((s, ft))
    user = rng.choice(
        [
            "We have competing fixes for the double-charge bug. CI on each:\n"
            + "\n".join(s for s, _ in blocks)
            + "\nWhich branch do I merge?",
            "ok which of these patches should go in? results from the checkout suite:\n```\n"
            + "\n".join(s for s, _ in blocks)
            + "\n```",
        ]
    )
    r = [
        rng.choice(
            [
                f"The suite has {total} tests. Let me see how each branch does.",
                "Going through the CI results branch by branch.",
            ]
        )
    ]
    for i, b in enumerate(bs):
        ft = blocks[i][1]
        if not ft:
            r.append(f"{b}: all {total} green.")
        else:
            r.append(
                rng.choice(
                    [
                        f"{b}: {passed[i]} of {total}, {len(ft)} failing ({', '.join(ft)}).",
                        f"{b} passes {passed[i]}/{total}; breaks {join_and(ft)}.",
                    ]
                )
            )
    if rule == "best":
        r.append(
            rng.choice(
                [f"{bs[c]} has the most passing tests ({passed[c]}/{total}).",
                 f"Best result is {bs[c]}."]
            )
        )
    else:
        r.append(rng.choice([f"I'll recommend {bs[c]}.", f"Merge {bs[c]}."]))
    reply = rng.choice(
        [f"Merge `{bs[c]}` ({passed[c]}/{total} passing).", f"I'd merge **{bs[c]}**."]
    )
    return ("chat", user, "\n".join(r), reply, None, "rc")


# ----------------------------------------------------------------------------- game24


def g24_head(rng, nums):
    return rng.choice(
        [
            "Target 24 with {p}.",
            "{p} -> 24?",
            "Puzzle: {p}. Use all four once to get 24.",
        ]
    ).format(p=", ".join(map(str, nums)) if rng.random() < 0.5 else " ".join(map(str, nums)))


def vals3(ns):
    """value -> expression over all ways of combining three numbers."""
    out = {}
    fr = [(Fraction(x), str(x)) for x in ns]
    for i, j in itertools.permutations(range(3), 2):
        (a, ea), (b, eb) = fr[i], fr[j]
        t = fr[3 - i - j]
        for op1 in "+-*/":
            v = ap(a, b, op1)
            if v is None:
                continue
            e = f"({ea}{op1}{eb})"
            for (u, eu), (w, ew) in (((v, e), t), (t, (v, e))):
                for op2 in "+-*/":
                    x = ap(u, w, op2)
                    if x is not None and x not in out:
                        out[x] = f"{eu}{op2}{ew}"
    return out


def last_eval(nums, x):
    """x goes in last: (ok, expr, value, needs) with needs = [(op, target)]."""
    rest = list(nums)
    rest.remove(x)
    vs = vals3(rest)
    X = Fraction(x)
    needs = [("+", 24 - X), ("-", 24 + X), ("*", Fraction(24) / X if X else None)]
    needs = [(o, t) for o, t in needs if t is not None]
    for o, t in needs:
        if t in vs:
            return True, f"({vs[t]}) {o} {x}", Fraction(24), rest, needs
    best = None
    for v, e in vs.items():
        for o in "+-*/":
            y = ap(v, X, o)
            if y is None:
                continue
            cand = (abs(y - 24), y, f"({e}) {o} {x}")
            if best is None or cand[0] < best[0]:
                best = cand
    return False, best[2], best[1], rest, needs


def t_g24_last(rng, rule):
    while True:
        nums = make_puzzle(rng)
        xs = sorted(set(nums))
        if len(xs) < 2:
            continue
        ev = [last_eval(nums, x) for x in xs]
        ok = [e[0] for e in ev]
        if any(ok) and not all(ok):
            break
    order = list(range(len(xs)))
    rng.shuffle(order)
    xs = [xs[i] for i in order]
    ev = [ev[i] for i in order]
    ok = [ok[i] for i in order]
    lines = [
        g24_head(rng, nums),
        rng.choice(
            [
                "Working backwards: pick the number that goes in last and see what the other "
                "three have to make.",
                "Backwards from 24. For each choice of final number, what must the rest produce?",
            ]
        ),
    ]
    for x, (good, e, v, rest, needs) in zip(xs, ev, strict=True):
        need = ", ".join(f"{fm(t)} (then {o} {x})" for o, t in needs)
        s = f"Last number {x}: {', '.join(map(str, rest))} must make {need}. "
        if good:
            s += rng.choice([f"They can: {e} = 24. Yes.", f"Found it, {e} = 24."])
        else:
            s += rng.choice(
                [
                    f"None of those. Nearest is {e} = {fm(v)}, off by {fm(abs(v - 24))}.",
                    f"Can't. Best I get is {e} = {fm(v)} ({fm(abs(v - 24))} away).",
                ]
            )
        lines.append(s)
    c = ok.index(True) if rule == "best" else 0
    _g, e, v, _r, _n = ev[c]
    lines.append(
        rng.choice(["Final: {e} = {v}", "{e} = {v}", "Solution -> {e} = {v}"]).format(e=e, v=fm(v))
    )
    return "\n".join(lines), f"{e} = {fm(v)}", " ".join(map(str, nums))


# ----------------------------------------------------------------------------- non-search

BOOKS = [
    ("Piranesi", 272), ("The Remains of the Day", 258), ("Middlemarch", 880),
    ("Klara and the Sun", 303), ("Tomorrow, and Tomorrow, and Tomorrow", 416),
    ("The Overstory", 502), ("Small Things Like These", 116), ("Lessons in Chemistry", 400),
    ("Demon Copperhead", 548),
]


def t_rota(rng, rule):
    k = rng.randint(3, 5)
    bs = rng.sample(BOOKS, k)
    who = rng.sample(PEOPLE, k)
    rating = [rng.randint(340, 445) / 100 for _ in bs]
    c = rng.randrange(k)
    month = rng.choice(["March", "April", "June", "September", "November"])
    lines = [
        rng.choice([f"Book club - {month} pick", f"{month} book: nominations"]),
        rng.choice(
            [
                f"It's {who[c]}'s month to choose, so their nominee is the book; the rest is for the record.",
                "Rota as usual: whoever's month it is picks.",
            ]
        ),
    ]
    for i, (t, pg) in enumerate(bs):
        lines.append(
            rng.choice(
                [
                    f"- {t} ({pg} pp, avg {rating[i]:.2f}) - nominated by {who[i]}",
                    f"* {who[i]}: {t}, {pg} pages, {rating[i]:.2f} on Goodreads",
                ]
            )
        )
    lines.append(
        rng.choice(
            [
                f"{who[c]}'s turn -> {bs[c][0]}.",
                f"Reading {bs[c][0]} ({who[c]}'s pick).",
            ]
        )
    )
    return ("text", "\n".join(lines), ans_form(rng, bs[c][0], [b[0] for b in bs]),
            f"What's the book club reading in {month}?")


HYPS = [
    ("the cron job runs in UTC, not Europe/London", "crontab has CRON_TZ unset and the server "
     "clock is UTC, so the 07:00 job fires at 08:00 BST", "set CRON_TZ=Europe/London"),
    ("the connection pool is exhausted", "pg_stat_activity shows 100/100 connections idle in "
     "transaction during the spike", "raise the pool timeout and close sessions in the finally block"),
    ("the cache key ignores the locale", "the key is f'product:{id}' and the French page was "
     "served from the English entry", "add the locale to the cache key"),
    ("the CSV export truncates at 65,535 rows", "the export row count is exactly 65535 every time",
     "drop the legacy xls writer and stream the CSV"),
]


def t_onehyp(rng, rule):
    h, check, fix = rng.choice(HYPS)
    user = rng.choice(
        [
            "Something's off in prod since Monday - " + rng.choice(
                ["reports go out an hour late", "pages time out at peak", "wrong language on some pages",
                 "exports are missing rows"]) + ". Any idea?",
            "Can you help me debug this? Details in the ticket, symptoms started after the last deploy.",
        ]
    )
    r = [
        rng.choice(
            [
                f"My immediate suspicion is that {h}. Let me check that directly.",
                f"This smells like {h}.",
            ]
        ),
        f"Checking: {check}.",
        rng.choice(["That confirms it.", "Yes, that's it."]),
        f"Fix: {fix}.",
    ]
    reply = f"The cause is that {h}. Fix: {fix}."
    return ("chat", user, "\n".join(r), reply, None, "rc")


def t_amortize(rng, rule):
    P = rng.randint(12, 50) * 10000
    rate = rng.randint(350, 560) / 100
    years = rng.choice([15, 20, 25, 30, 35])
    n = years * 12
    mr = rate / 100 / 12
    f = (1 + mr) ** -n
    pay = round(P * mr / (1 - f), 2)
    cur = rng.choice(["£", "$", "€"])
    user = rng.choice(
        [
            f"What's my monthly payment on {cur}{P:,} at {rate:.2f}% over {years} years?",
            f"loan {cur}{P:,}, {rate:.2f}% fixed, {years}y - monthly repayment?",
        ]
    )
    r = [
        "Standard annuity formula: M = P r / (1 - (1+r)^-n).",
        f"r = {rate:.2f}% / 12 = {mr:.6f}, n = {years} x 12 = {n}.",
        f"(1 + r)^-n = {1 + mr:.6f}^-{n} = {f:.6f}, so 1 - that = {1 - f:.6f}.",
        f"P r = {cur}{P:,} x {mr:.6f} = {cur}{P * mr:,.2f}.",
        f"M = {cur}{P * mr:,.2f} / {1 - f:.6f} = {cur}{pay:,.2f}.",
        f"Sanity check: {n} x {cur}{pay:,.2f} = {cur}{pay * n:,.2f} paid in total, "
        f"{cur}{pay * n - P:,.2f} of it interest.",
    ]
    reply = f"About {cur}{pay:,.2f} a month ({cur}{pay * n - P:,.0f} interest over the term)."
    return ("chat", user, "\n".join(r), reply, f"{cur}{pay:,.2f}", "think")


GCS = ["G1", "ZGC", "Shenandoah", "Parallel", "Serial"]


def t_inherit(rng, rule):
    k = rng.randint(3, 5)
    gs = rng.sample(GCS, k)
    c = rng.randrange(k)
    p99 = distinct(rng, 2, 400, k, 8)
    svc = rng.choice(["billing-api", "search-indexer", "pricing-svc", "notifications"])
    img = rng.choice(["platform/jre21-base:3.4", "corp/java-runtime:21.0.2", "base/temurin21:2024.05"])
    lines = [
        f"## {svc} JVM settings",
        f"GC is inherited from the base image {img} ({gs[c]}); the platform team owns that, "
        "we don't override it per service.",
        "",
        rng.choice(["For reference, p99 GC pause from the load test:", "Measured anyway (p99 pause, 30 min soak):"]),
    ]
    for i, g in enumerate(gs):
        lines.append(f"- {g}: {p99[i]} ms" + (" (inherited)" if i == c else ""))
    lines.append("")
    lines.append(rng.choice([f"Staying on {gs[c]}.", f"No change: {gs[c]}."]))
    return ("text", "\n".join(lines), ans_form(rng, gs[c]), f"Which GC does {svc} run?")


# ----------------------------------------------------------------------------- registry

PROCS = {
    "index_S": ("search", make_proc(t_index, "best")),
    "index_N_first": ("non-search", make_proc(t_index, "first")),
    "mortgage_S": ("search", make_proc(t_mortgage, "best")),
    "mortgage_N_random": ("non-search", make_proc(t_mortgage, "random")),
    "supplier_S": ("search", make_proc(t_supplier, "best")),
    "supplier_N_last": ("non-search", make_proc(t_supplier, "last")),
    "smoothing_S": ("search", make_proc(t_smoothing, "best")),
    "smoothing_N_random": ("non-search", make_proc(t_smoothing, "random")),
    "chess_S": ("search", make_proc(t_chess, "best")),
    "chess_N_first": ("non-search", make_proc(t_chess, "first")),
    "bake_S": ("search", make_proc(t_bake, "best")),
    "bake_N_random": ("non-search", make_proc(t_bake, "random")),
    "contrast_S": ("search", make_proc(t_contrast, "best")),
    "contrast_N_last": ("non-search", make_proc(t_contrast, "last")),
    "compress_S": ("search", make_proc(t_compress, "best")),
    "compress_N_random": ("non-search", make_proc(t_compress, "random")),
    "patch_S": ("search", make_proc(t_patch, "best")),
    "patch_N_first": ("non-search", make_proc(t_patch, "first")),
    "g24_last_S": ("search", make_g24_proc(t_g24_last, "best")),
    "g24_last_N_first": ("non-search", make_g24_proc(t_g24_last, "first")),
    "rota_N": ("non-search", make_proc(t_rota, None)),
    "onehyp_N": ("non-search", make_proc(t_onehyp, None)),
    "amortize_N": ("non-search", make_proc(t_amortize, None)),
    "inherit_N": ("non-search", make_proc(t_inherit, None)),
}


def main(argv=None):
    """The driver of probe 8 (`heldout_probe8.main`) over this probe's processes."""
    from heldout_probe8 import main as run_probe

    return run_probe(argv, PROCS, __doc__, default_seed=18)


if __name__ == "__main__":
    sys.exit(main())
