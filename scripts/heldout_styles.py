"""Held-out reasoning in the styles of modern reasoning models, apart from the calibration
generators and the two earlier probes: `<think>` monologues ("Hmm", "Wait,", "Let me check",
"Alternatively", "Actually") with steps in LaTeX, code spans, Unicode signs or words inside
sentences; markdown attempts with sub-bullets and "**Answer:**" lines; o1-style summaries;
tables of expressions; and for free text, "## Approach 1" sections with pros and cons, pros/cons
tables with scores, scored comparisons, Claude-style thinking prose, and non-search controls.

Run the user's way (`import reasoning`, then `score --implicit --pool --json` per process),
with the writer and runner of `scripts/heldout_reasoning.py`:

    python scripts/heldout_styles.py OUT_DIR [--texts 30] [--seed 7]
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from fractions import Fraction

from heldout_reasoning import (
    Move,
    Step,
    Voice,
    explore,
    expression,
    finish,
    fmt,
    main,
    moves,
    solution,
    solvable,
    walk_levels,
    with_solution,
)

TEX = {"+": "+", "-": "-", "*": r"\times", "/": r"\div"}
UNI = {"+": "+", "-": "−", "*": "×", "/": "÷"}


def listed(nums: list[Fraction]) -> str:
    """"3, 4 and 8", as prose names numbers."""
    said = [fmt(n) for n in sorted(nums)]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def step_in(rng: random.Random, s: Step) -> str:
    """One step as a reasoning model writes it inside a sentence."""
    x, op, y, r = fmt(s[0]), s[1], fmt(s[2]), fmt(s[3])
    form = rng.random()
    if form < 0.3:
        return rf"\( {x} {TEX[op]} {y} = {r} \)"
    if form < 0.5:
        return f"`{x} {op} {y} = {r}`"
    if form < 0.8:
        return f"{x} {UNI[op]} {y} = {r}"
    if form < 0.9:
        verb = {"+": f"add {x} and {y}", "-": f"subtract {y} from {x}",
                "*": f"multiply {x} by {y}", "/": f"divide {x} by {y}"}[op]
        return f"if I {verb} I get {r}"
    word = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}[op]
    return f"{x} {word} {y} would be {r}"


def tex_expr(steps: list[Step]) -> str:
    return expression(steps).replace("*", r"\times").replace("/", r"\div")


class ThinkVoice(Voice):
    """A DeepSeek-R1 / QwQ style monologue of a depth-first search."""

    def move(self, s: Step, rest: list[Fraction]) -> str:
        said = step_in(self.rng, s)
        return self.rng.choice([
            f"Hmm, what if I try {said}? That leaves {listed(rest)}.",
            f"Let me try {said}. Then I'd have {listed(rest)}.",
            f"Maybe start with {said}, so now I have {listed(rest)}.",
            f"Okay, {said}. Remaining numbers: {listed(rest)}.",
        ])

    def end(self, s: Step) -> str:
        said = step_in(self.rng, s)
        if s[3] == 24:
            return self.rng.choice([f"Then {said}. Oh, that works!",
                                    f"And {said} — yes, that's **24**!",
                                    f"Then {said}. Perfect, 24."])
        return self.rng.choice([f"Then {said}. Hmm, that's {fmt(s[3])}, not 24.",
                                f"{said[:1].upper()}{said[1:]}... no, that's not 24.",
                                f"Then {said}. Nope, {fmt(s[3])}."])

    def back(self, state: list[Fraction]) -> str:
        return self.rng.choice([
            f"Wait, that doesn't lead anywhere. Let me go back to {listed(state)}.",
            "Hmm, that's a dead end. Alternatively...",
            "Actually, let me backtrack.",
            f"Wait, no. Back to {listed(state)}.",
        ])


OPEN = ["Okay, let's see. I need to make 24 using {n}, each exactly once. Hmm.",
        "Alright, so the numbers are {n} and the target is 24. Let me think.",
        "Okay, so I have to combine {n} with +, −, ×, ÷ to get 24."]


def chat(rng: random.Random, think: str, answer: str) -> str:
    if rng.random() < 0.5:
        reply = {"role": "assistant", "content": f"<think>\n{think}\n</think>\n\n{answer}"}
    else:
        reply = {"role": "assistant", "reasoning_content": think, "content": answer}
    return json.dumps({"messages": [{"role": "user", "content": "Make 24."}, reply]})


def answer_line(rng: random.Random, steps: list[Step], value: Fraction) -> str:
    return rng.choice([rf"**Answer:** \( {tex_expr(steps)} = {fmt(value)} \)",
                       f"**Answer:** `{expression(steps)}` = {fmt(value)}",
                       f"The answer is {expression(steps)} = {fmt(value)}."])


def think_dfs(rng: random.Random, nums: list[Fraction]) -> str | None:
    """Search: a monologue exploring depth first, checked at the end, answered."""
    lines, path = explore(rng, nums, ThinkVoice(rng, prose=True))
    if not path:
        return None
    check = rng.choice(["Let me double-check: ", "Let me verify that. ", "Wait, let me check: "])
    think = "\n".join([rng.choice(OPEN).format(n=listed(nums)), *lines,
                       f"{check}{expression(path)} = 24. Yes, that's correct."])
    return chat(rng, think, answer_line(rng, path, Fraction(24)))


def think_guess(rng: random.Random, nums: list[Fraction]) -> str:
    """Not search: one chain in the same voice, answered whatever it reaches."""
    steps, value = finish(rng, list(nums))
    said = [rng.choice(["Let me try ", "First, ", "Then ", "Next, "]) + step_in(rng, s) + "."
            for s in steps]
    think = "\n".join([rng.choice(OPEN).format(n=listed(nums)), *said,
                       f"So that gives {fmt(value)}. I'll go with that."])
    return chat(rng, think, answer_line(rng, steps, value))


def think_verified(rng: random.Random, nums: list[Fraction]) -> str | None:
    """Not search: one solution seen at once, then each step verified."""
    found = solution(rng, nums)
    if found is None:
        return None
    think = "\n".join([
        rng.choice(OPEN).format(n=listed(nums)),
        f"Actually, I think {tex_expr(found)} works.",
        "Wait, let me check each step: " + ", ".join(step_in(rng, s) for s in found) + ".",
        "Yes, that's 24. Good."])
    return chat(rng, think, answer_line(rng, found, Fraction(24)))


def think_listed(rng: random.Random, nums: list[Fraction]) -> str:
    """Not search: a few first moves listed with no judgement, one taken at random, then a
    chain to whatever it reaches."""
    firsts = rng.sample(moves(nums), 3)
    x, op, y, r, rest = rng.choice(firsts)
    steps, value = finish(rng, list(rest))
    path = [(x, op, y, r), *steps]
    think = "\n".join([
        rng.choice(OPEN).format(n=listed(nums)),
        "Some possible first moves: " + "; ".join(step_in(rng, m[:4]) for m in firsts) + ".",
        f"Let me go with {step_in(rng, path[0])}.",
        *(f"Then {step_in(rng, s)}." for s in steps),
        f"So I end up with {fmt(value)}."])
    return chat(rng, think, answer_line(rng, path, value))


def md_attempts(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str | None:
    """Markdown attempts with their steps as sub-bullets and a verdict, then an answer line."""
    drawn = with_solution(rng, nums)
    if drawn is None:
        return None
    tries, best = drawn
    head = rng.choice(["### Attempt {k}", "**Attempt {k}:**", "{k}. **Try {k}**",
                       "**Approach {k}**"])
    out = [f"We need 24 from {listed(nums)}. Let me try a few combinations.", ""]
    for k, (steps, value) in enumerate(tries, 1):
        out.append(head.format(k=k))
        indent = "   " if head[0].isdigit() else ""
        out += [f"{indent}- {step_in(rng, s)}" for s in steps]
        out.append(f"{indent}- Result: " + (rng.choice(["**24** ✅", "24 — works!"]) if value == 24
                                            else f"{fmt(value)} " + rng.choice(
                                                ["❌", "❌ (not 24)", "— no good"])))
        out.append("")
    pick = best if pick_best else rng.randrange(len(tries))
    return "\n".join([*out, answer_line(rng, *tries[pick])])


GOOD_SUMMARY = ["this looks workable", "promising — I can see a path from here",
                "that seems to work out"]
BAD_SUMMARY = ["I can't see a way to 24 from there", "seems like a dead end",
               "doesn't look feasible"]


def summary_levels(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str:
    """o1-style summary: bold section heads, first operations weighed, one taken forward."""
    heads = iter(["**Evaluating first operations**", "**Narrowing down**", "**Finishing up**"])

    def written(cands: list[Move]) -> list[str]:
        out = ["", next(heads)]
        for x, op, y, r, rest in cands:
            verdict = rng.choice(GOOD_SUMMARY if solvable(rest) else BAD_SUMMARY)
            out.append(f"- {step_in(rng, (x, op, y, r))} leaves {listed(rest)}: {verdict}.")
        return out

    def chosen(move: Move) -> str:
        x, op, y, r, _ = move
        said = rf"\( {fmt(x)} {TEX[op]} {fmt(y)} = {fmt(r)} \)"
        return rng.choice([f"I'll proceed with {said}.", f"Going with {said}.",
                           f"Let me continue with {said}."])

    text = walk_levels(rng, nums, pick_best, f"I'm working out how to reach 24 with "
                       f"{listed(nums)}.", 2, written, chosen)
    return text.replace("\nAnswer: ", "\n\n**Answer:** ")


def table24(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str | None:
    """A markdown table of candidate expressions, their values and a mark, then the answer."""
    drawn = with_solution(rng, nums)
    if drawn is None:
        return None
    tries, best = drawn
    out = [f"Let me tabulate some candidates for {listed(nums)}:", "",
           "| Expression | Value | 24? |", "|---|---|---|"]
    for steps, value in tries:
        mark = "✅" if value == 24 else "❌"
        out.append(f"| `{expression(steps)}` | {fmt(value)} | {mark} |")
    pick = best if pick_best else rng.randrange(len(tries))
    return "\n".join([*out, "", answer_line(rng, *tries[pick])])


# Free text: decisions in other topics than the earlier probes, with pros and cons.
TOPICS = [
    ("Which database should the analytics service use?",
     {"PostgreSQL": ("mature, the team knows SQL", "row store, slower scans"),
      "ClickHouse": ("columnar, fast aggregations", "another system to operate"),
      "MongoDB": ("flexible documents", "joins are awkward"),
      "DynamoDB": ("fully managed", "ad-hoc queries are hard")}),
    ("Which shortest-path algorithm for the delivery map?",
     {"Dijkstra": ("simple, exact", "explores in every direction"),
      "A*": ("guided by a heuristic", "needs an admissible heuristic"),
      "Bellman-Ford": ("handles negative weights", "O(VE) time"),
      "Floyd-Warshall": ("all pairs at once", "O(V^3) time and memory")}),
    ("How should I get from the hotel to the conference centre?",
     {"walking": ("free, no waiting", "40 minutes in the heat"),
      "the metro": ("direct line, 12 minutes", "crowded at 8am"),
      "a rideshare": ("door to door", "surge pricing at rush hour"),
      "a rented bike": ("flexible", "no bike lanes on the main road")}),
    ("How should I deploy the side project?",
     {"a VPS": ("cheap, full control", "I maintain the server"),
      "Kubernetes": ("scales", "heavy for one small app"),
      "a PaaS like Render": ("push to deploy", "costs more per month"),
      "serverless functions": ("no idle cost", "cold starts")}),
]
VERDICT = [["Not a good fit for us.", "Too complex for what we need.", "Poor fit overall."],
           ["Acceptable, with trade-offs.", "Decent, but not ideal."],
           ["This is the best fit.", "Excellent fit overall.", "Clearly the strongest option."]]


def _topic(rng: random.Random) -> tuple[str, list[str], dict[str, tuple[str, str]], list[int]]:
    """A question, 3-4 of its options, their pros and cons, and a quality each (2 = best)."""
    q, table = rng.choice(TOPICS)
    names = rng.sample(list(table), rng.randint(3, 4))
    quality = rng.sample([2, 1, 0, 0][: len(names)], len(names))
    return q, names, table, quality


def approaches(rng: random.Random, kind: str) -> str:
    """"## Approach 1: X" sections with pros and cons and an assessment (or none), a decision."""
    q, names, table, quality = _topic(rng)
    head = rng.choice(["## Approach {k}: {o}", "**Approach {k} — {o}**", "### Option {k}: {o}"])
    out = [q, ""]
    for k, (o, qual) in enumerate(zip(names, quality, strict=True), 1):
        pro, con = table[o]
        out.append(head.format(k=k, o=o))
        out += [f"- **Pros:** {pro}", f"- **Cons:** {con}"]
        if kind != "listed":
            out.append(f"- **Assessment:** {rng.choice(VERDICT[qual])}")
        out.append("")
    pick = quality.index(2) if kind == "search" else rng.randrange(len(names))
    word = "Option" if "Option" in head else "Approach"
    return "\n".join([*out, rng.choice([f"**Decision:** {word} {pick + 1} ({names[pick]}).",
                                        f"I'll go with {word} {pick + 1}.",
                                        f"**Recommendation:** {word} {pick + 1}."])])


def pros_cons_table(rng: random.Random, kind: str) -> str:
    """A pros/cons table whose rows are named options, scored (or not), then a verdict."""
    q, names, table, quality = _topic(rng)
    scores = [rng.choice([[3, 4], [5, 6], [8, 9]][qual]) for qual in quality]
    cols = "| Option | Pros | Cons |" + (" Score |" if kind != "listed" else "")
    out = [q, "", cols, "|---|---|---|" + ("---|" if kind != "listed" else "")]
    for o, s in zip(names, scores, strict=True):
        pro, con = table[o]
        out.append(f"| {o} | {pro} | {con} |" + (f" {s}/10 |" if kind != "listed" else ""))
    pick = quality.index(2) if kind == "search" else rng.randrange(len(names))
    return "\n".join([*out, "", rng.choice([f"**Verdict:** {names[pick]}.",
                                            f"So I'll go with {names[pick]}.",
                                            f"**Answer:** {names[pick]}"])])


def scored(rng: random.Random, kind: str) -> str:
    """Each option scored on three criteria and totalled in a numbered list, then a pick."""
    q, names, _, quality = _topic(rng)
    out = [q, "", "Scoring each option from 1 to 5 on speed, cost and simplicity:", ""]
    for k, (o, qual) in enumerate(zip(names, quality, strict=True), 1):
        parts = [rng.choice([[1, 2], [2, 3], [4, 5]][qual]) for _ in range(3)]
        out.append(f"{k}. **{o}** — speed {parts[0]}, cost {parts[1]}, simplicity {parts[2]}"
                   f" → total **{sum(parts)}/15**")
    pick = quality.index(2) if kind == "search" else rng.randrange(len(names))
    return "\n".join([*out, "", rng.choice([f"Option {pick + 1} has the highest total, so I'll"
                                            f" pick option {pick + 1}.",
                                            f"**Answer:** {names[pick]}",
                                            f"I'll go with the {ORD[pick]} one."])])


ORD = ["first", "second", "third", "fourth"]
GOOD_PROSE = ["which is exactly what we need", "so that works well", "which makes it the best fit"]
BAD_PROSE = ["which is too risky here", "so that won't work for us", "which is a bad fit"]
MID_PROSE = ["which could work, with caveats", "which is okay but not ideal"]


def thinking(rng: random.Random, kind: str) -> str:
    """Claude-style thinking prose: options raised one after another, weighed (or not), a pick."""
    q, names, table, quality = _topic(rng)
    leads = ["One option is {o}", "Another option would be {o}", "Alternatively, {o}",
             "Hmm, what about {o}?", "Or maybe {o}"]
    parts = []
    for k, (o, qual) in enumerate(zip(names, quality, strict=True)):
        lead = (leads[0] if k == 0 else rng.choice(leads[1:])).format(o=o)
        pro, con = table[o]
        if kind == "listed":
            parts.append(f"{lead}{'' if lead.endswith('?') else '.'} It means {pro}; {con}.")
        else:
            said = rng.choice([BAD_PROSE, MID_PROSE, GOOD_PROSE][qual])
            parts.append(f"{lead}{' It is' if lead.endswith('?') else ':'} {pro}, but {con},"
                         f" {said}.")
    pick = quality.index(2) if kind == "search" else rng.randrange(len(names))
    close = rng.choice([f"So I'll go with {names[pick]}.", f"Let's go with {names[pick]}.",
                        f"I'll pick the {ORD[pick]} one."])
    return f"{q}\n\nLet me think about this. {' '.join(parts)}\n\n{close}"


def chain_text(rng: random.Random) -> str:
    """Not search: one plan carried through, no alternatives."""
    q, names, table, _ = _topic(rng)
    o = names[0]
    return (f"{q}\n\nThe obvious choice is {o}: {table[o][0]}. First I'll set it up, then "
            f"measure it against the real workload, and finally write down how we run it.\n\n"
            f"**Answer:** {o}")


def checked_text(rng: random.Random) -> str:
    """Not search: one option taken at once, then a checklist verified after the fact."""
    q, names, table, _ = _topic(rng)
    o = names[0]
    return (f"{q}\n\nMy first instinct is {o}. Let me check it against the requirements:\n"
            f"- {table[o][0]}: yes ✅\n- fits the budget: yes ✅\n- the team can run it: yes ✅\n"
            f"\nIt checks out. **Answer:** {o}")


def styles(rng: random.Random) -> dict[str, tuple[bool, Callable[[list[Fraction]], str | None]]]:
    """name -> (is search, one text for a puzzle, or None to draw another puzzle)."""
    return {
        "think_dfs": (True, lambda n: think_dfs(rng, n)),
        "think_guess": (False, lambda n: think_guess(rng, n)),
        "think_verified": (False, lambda n: think_verified(rng, n)),
        "md_attempts_best": (True, lambda n: md_attempts(rng, n, True)),
        "md_attempts_random": (False, lambda n: md_attempts(rng, n, False)),
        "summary_best": (True, lambda n: summary_levels(rng, n, True)),
        "summary_random": (False, lambda n: summary_levels(rng, n, False)),
        "table24_best": (True, lambda n: table24(rng, n, True)),
        "table24_random": (False, lambda n: table24(rng, n, False)),
        "approach_best": (True, lambda n: approaches(rng, "search")),
        "approach_random": (False, lambda n: approaches(rng, "random")),
        "approach_listed": (False, lambda n: approaches(rng, "listed")),
        "proscons_best": (True, lambda n: pros_cons_table(rng, "search")),
        "proscons_random": (False, lambda n: pros_cons_table(rng, "random")),
        "proscons_listed": (False, lambda n: pros_cons_table(rng, "listed")),
        "scored_best": (True, lambda n: scored(rng, "search")),
        "scored_random": (False, lambda n: scored(rng, "random")),
        "thinking_best": (True, lambda n: thinking(rng, "search")),
        "thinking_random": (False, lambda n: thinking(rng, "random")),
        "thinking_listed": (False, lambda n: thinking(rng, "listed")),
        "text_chain": (False, lambda n: chain_text(rng)),
        "text_checked": (False, lambda n: checked_text(rng)),
        "think_listed": (False, lambda n: think_listed(rng, n)),
    }


FREE = ("approach", "proscons", "scored", "thinking", "text_")

if __name__ == "__main__":
    main(__doc__ or "", styles, FREE)
