"""Labelled reasoning traces in wording apart from the calibration generators, scored the way a
user checks the tool: `import reasoning`, then `score --implicit --pool --json` per process.

Its search processes must come out `search-*` and its non-search ones must not (results in
docs/scoring.md). Puzzles come from the packaged Game of 24 list (Tree of Thoughts, MIT).

    python scripts/heldout_reasoning.py OUT_DIR [--texts 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from itertools import combinations
from pathlib import Path

GAME24 = Path(__file__).resolve().parents[1] / "scaffold" / "data" / "game24.csv"
Step = tuple[Fraction, str, Fraction, Fraction]
Move = tuple[Fraction, str, Fraction, Fraction, list[Fraction]]

GOOD = ["That works!", "Yes, that's 24.", "which is exactly 24 ✓", "Got it, 24.", "bingo, 24"]
BAD = ["not 24.", "that's too big.", "too small.", "no good.", "doesn't reach 24.", "a dead end."]
BACK = ["Let me go back.", "Scrap that.", "Backtracking.", "Hmm, try something else."]


def fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def left(nums: list[Fraction]) -> str:
    return " ".join(fmt(n) for n in sorted(nums))


def moves(nums: list[Fraction]) -> list[Move]:
    """Every a op b on two of the numbers (no negatives, whole quotients only)."""
    out: list[Move] = []
    for i, j in combinations(range(len(nums)), 2):
        rest = [n for k, n in enumerate(nums) if k not in (i, j)]
        for x, y in ((nums[i], nums[j]), (nums[j], nums[i])):
            for op in "+-*/":
                if op in "+-*" and x < y:
                    continue
                if op == "/" and (y == 0 or (x / y).denominator != 1):
                    continue
                r = {"+": x + y, "-": x - y, "*": x * y}.get(op) if op != "/" else x / y
                assert r is not None
                out.append((x, op, y, r, [*rest, r]))
    return out


def solvable(nums: list[Fraction]) -> bool:
    if len(nums) == 1:
        return nums[0] == 24
    return any(solvable(m[4]) for m in moves(nums))


def finish(rng: random.Random, nums: list[Fraction]) -> tuple[list[Step], Fraction]:
    """A random way down to one number."""
    steps: list[Step] = []
    while len(nums) > 1:
        x, op, y, r, nums = rng.choice(moves(nums))
        steps.append((x, op, y, r))
    return steps, nums[0]


def solution(rng: random.Random, nums: list[Fraction]) -> list[Step] | None:
    for _ in range(300):
        steps, value = finish(rng, list(nums))
        if value == 24:
            return steps
    return None


def spell(steps: list[Step], sep: str = ", ") -> str:
    return sep.join(f"{fmt(x)} {op} {fmt(y)} = {fmt(r)}" for x, op, y, r in steps)


def expression(steps: list[Step]) -> str:
    """The steps as one infix expression (each result replaced by the step that made it)."""
    made: list[tuple[Fraction, str]] = []
    for x, op, y, r in steps:
        parts = []
        for v in (x, y):
            hit = next((i for i in range(len(made) - 1, -1, -1) if made[i][0] == v), None)
            parts.append(f"({made.pop(hit)[1]})" if hit is not None else fmt(v))
        made.append((r, f"{parts[0]} {op} {parts[1]}"))
    return made[-1][1]


class Voice:
    """How a depth-first explorer words a move, a finished attempt and a backtrack."""

    def __init__(self, rng: random.Random, prose: bool) -> None:
        self.rng, self.prose = rng, prose

    def move(self, s: Step, rest: list[Fraction]) -> str:
        said = spell([s])
        if not self.prose:
            return f"{said} (left: {left(rest)})"
        lead = self.rng.choice(["Let me try", "What if I do", "Maybe", "How about"])
        return f"{lead} {said}, so I have {', '.join(fmt(n) for n in sorted(rest))} left."

    def end(self, s: Step) -> str:
        hit = s[3] == 24
        if not self.prose:
            return f"{spell([s])}, " + self.rng.choice(GOOD if hit else BAD)
        lead = self.rng.choice(["Let me try", "What if I do", "Maybe", "How about"])
        return f"{lead} {spell([s])}." + (" Yes! That works." if hit
                                          else f" Hmm, {fmt(s[3])} is not 24.")

    def back(self, state: list[Fraction]) -> str:
        if not self.prose:
            return self.rng.choice(BACK) + f" Back to {left(state)}."
        return self.rng.choice(["Wait, that doesn't lead anywhere.", "That's a dead end, go back."])


def explore(rng: random.Random, nums: list[Fraction], voice: Voice) -> tuple[list[str], list[Step]]:
    """Depth first: a few failing moves then a good one at each state, dead ends said and
    backed out of; the lines written and the solution's steps ([] if none was found)."""
    lines: list[str] = []
    path: list[Step] = []

    def rec(state: list[Fraction]) -> bool:
        ms = rng.sample(moves(state), len(moves(state)))
        good = [m for m in ms if solvable(m[4])][:1]
        for x, op, y, r, rest in [m for m in ms if not solvable(m[4])][: rng.randint(0, 2)] + good:
            if len(rest) == 1:
                lines.append(voice.end((x, op, y, r)))
                if r != 24:
                    continue
            else:
                lines.append(voice.move((x, op, y, r), rest))
                if not rec(rest):
                    lines.append(voice.back(state))
                    continue
            path.append((x, op, y, r))
            return True
        return False

    rec(list(nums))
    return lines, path[::-1]


def dfs(rng: random.Random, nums: list[Fraction]) -> str | None:
    """Search: depth first, dead ends stated, back up, answer the steps found."""
    lines, path = explore(rng, nums, Voice(rng, prose=False))
    if not path:
        return None
    return "\n".join([f"Numbers: {left(nums)}. I need 24.", *lines, "Answer: " + spell(path)])


def with_solution(rng: random.Random, nums: list[Fraction]
                  ) -> tuple[list[tuple[list[Step], Fraction]], int] | None:
    """Two or three random ways down to one number with a solution put among them, and the
    solution's index; None when no solution was drawn."""
    found = solution(rng, nums)
    if found is None:
        return None
    tries = [finish(rng, list(nums)) for _ in range(rng.randint(2, 3))]
    best = rng.randrange(len(tries) + 1)
    tries.insert(best, (found, Fraction(24)))
    return tries, best


def attempts(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str | None:
    """Whole attempts with their results, then the best (search) or a random one answered."""
    drawn = with_solution(rng, nums)
    if drawn is None:
        return None
    tries, best = drawn
    out = [f"Let's try a few ways with {left(nums)}."]
    for k, (steps, value) in enumerate(tries, 1):
        head = rng.choice([f"Attempt {k}:", f"Try #{k}:", f"Way {k}:", ""])
        verdict = rng.choice(GOOD if value == 24 else BAD)
        out.append(f"{head} {spell(steps, ', then ')}. {verdict}".strip())
    pick = best if pick_best else rng.randrange(len(tries))
    return "\n".join([*out, "Answer: " + spell(tries[pick][0])])


def expressions(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str | None:
    """Whole expressions ticked or crossed, then the right one (search) or a random one."""
    drawn = with_solution(rng, nums)
    if drawn is None:
        return None
    tries, best = drawn
    out = [f"Numbers {left(nums)}; let me test some expressions."]
    for steps, value in tries:
        mark = "✓" if value == 24 else rng.choice(["✗", "— wrong", "(no)"])
        out.append(f"{expression(steps)} = {fmt(value)} {mark}")
    pick = best if pick_best else rng.randrange(len(tries))
    steps, value = tries[pick]
    return "\n".join([*out, f"So the answer is {expression(steps)} = {fmt(value)}."])


def level(rng: random.Random, state: list[Fraction], most_wrong: int
          ) -> tuple[Move, list[Move]] | None:
    """A good move from `state` and it shuffled among 1 to `most_wrong` dead-end moves, or None
    if no move leads to 24."""
    ms = rng.sample(moves(state), len(moves(state)))
    good = [m for m in ms if solvable(m[4])][:1]
    if not good:
        return None
    cands = good + [m for m in ms if not solvable(m[4])][: rng.randint(1, most_wrong)]
    rng.shuffle(cands)
    return good[0], cands


def walk_levels(rng: random.Random, nums: list[Fraction], pick_best: bool, opening: str,
                most_wrong: int, written: Callable[[list[Move]], list[str]],
                chosen: Callable[[Move], str]) -> str:
    """Level by level: candidate moves (`written`), then the good one or a random one
    (`chosen`), until one number is left or no move leads to 24; then the answer."""
    state, path, out = list(nums), [], [opening]
    while len(state) > 1:
        if (found := level(rng, state, most_wrong)) is None:
            break
        best, cands = found
        out += written(cands)
        move = best if pick_best else rng.choice(cands)
        out.append(chosen(move))
        x, op, y, r, state = move
        path.append((x, op, y, r))
    end = fmt(state[0]) if len(state) == 1 else "?"
    return "\n".join([*out, f"Answer: {expression(path)} = {end}"])


def levels(rng: random.Random, nums: list[Fraction], pick_best: bool) -> str | None:
    """A level of candidate moves judged in words; going on with a good one or a random one."""
    def written(cands: list[Move]) -> list[str]:
        out = ["Candidate moves:"]
        for x, op, y, r, rest in cands:
            verdict = rng.choice(["looks promising", "likely works", "good"] if solvable(rest)
                                 else ["hopeless", "unlikely", "impossible"])
            out.append(f"- {fmt(x)} {op} {fmt(y)} = {fmt(r)} (left: {left(rest)}): {verdict}")
        return out

    def chosen(move: Move) -> str:
        x, op, y, r, _ = move
        said = rng.choice(["Continue with", "Going with", "Take"])
        return f"{said} {fmt(x)} {op} {fmt(y)} = {fmt(r)}."

    return walk_levels(rng, nums, pick_best, f"We have {left(nums)}.", 2, written, chosen)


def chain(rng: random.Random, nums: list[Fraction]) -> str:
    steps, _ = finish(rng, list(nums))
    body = [rng.choice(["First", "Next", "Then"]) + f", {spell([s])}." for s in steps]
    return "\n".join([f"Start with {left(nums)}.", *body, "Answer: " + spell(steps)])


def checked_once(rng: random.Random, nums: list[Fraction]) -> str | None:
    found = solution(rng, nums)
    if found is None:
        return None
    return f"Try: {spell(found)}.\nCheck: that gives 24, correct.\nAnswer: {spell(found)}"


def prose_chat(rng: random.Random, nums: list[Fraction], exploring: bool) -> str | None:
    """An R1-style chat: `<think>` prose exploring (search) or one guess (not)."""
    start = f"Okay, so I need to make 24 from {', '.join(fmt(n) for n in nums)}."
    if not exploring:
        steps, value = finish(rng, list(nums))
        think = start + " " + " ".join(f"Then {spell([s])}." for s in steps)
        answer = f"{expression(steps)} = {fmt(value)}"
    else:
        lines, path = explore(rng, nums, Voice(rng, prose=True))
        if not path:
            return None
        think, answer = "\n".join([start, *lines]), f"{expression(path)} = 24"
    if rng.random() < 0.5:
        reply = {"role": "assistant", "content": f"<think>\n{think}\n</think>\n\n{answer}"}
    else:
        reply = {"role": "assistant", "reasoning_content": think, "content": answer}
    return json.dumps({"messages": [{"role": "user", "content": "Make 24."}, reply]})


TOPICS = [("How should we cache the API responses?",
           ["an in-memory LRU", "Redis", "a CDN edge cache", "no cache at all"]),
          ("Which route to the airport?", ["the highway", "the coastal road", "the train",
                                           "a taxi"]),
          ("How to fix the flaky test?", ["add a retry", "mock the clock", "fix the race",
                                          "delete the test"]),
          ("Which database for the prototype?", ["SQLite", "Postgres", "MongoDB", "flat files"])]
LABELS = [("Option {L}", "option {L}"), ("Approach {n}", "approach {n}"), ("({l})", "({l})"),
          ("{n}.", "option {n}")]
HEADS = [("**Option {n}: {o}**", "option {n}"), ("### Plan {L}: {o}", "plan {L}"),
         ("Option {L} - {o}.", "option {L}"), ("{n}) {o}", "option {n}"),
         ("Idea {n}: {o}.", "idea {n}")]
WORDS = [["This won't work for us.", "Too risky.", "A poor fit.", "This is a bad idea."],
         ["It could work, but with caveats.", "Maybe acceptable.", "Not bad, not great."],
         ["This is the strongest option.", "Clearly the best fit.", "Works well here."]]


def _fill(pattern: str, k: int, o: str = "") -> str:
    return pattern.format(n=k + 1, L="ABCD"[k], l="abcd"[k], o=o)


def rated(rng: random.Random, kind: str) -> str:
    """Labelled options rated out of 10 (or not), and a pick."""
    q, opts = rng.choice(TOPICS)
    opts = rng.sample(opts, rng.randint(3, 4))
    head, ref = rng.choice(LABELS)
    scores = rng.sample(range(2, 10), len(opts))
    out = [q, "Possible options:"]
    for k, o in enumerate(opts):
        if kind == "listed":
            out.append(f"{_fill(head, k)} {o}.")
        else:
            word = rng.choice(["I'd rate it", "score:", "rating"])
            out.append(f"{_fill(head, k)} {o}: {word} {scores[k]}/10.")
    pick = scores.index(max(scores)) if kind == "search" else rng.randrange(len(opts))
    said = _fill(ref, pick)
    return "\n".join([*out, rng.choice([f"I'll go with {said}.", f"Decision: {said}.",
                                        f"Let's pick {said}."])])


def worded(rng: random.Random, kind: str) -> str:
    """Options under markdown or other heads, judged in words (or not), and a pick."""
    q, opts = rng.choice(TOPICS)
    opts = rng.sample(opts, rng.randint(3, 4))
    head, ref = rng.choice(HEADS)
    quality = rng.sample([2, 1, 0, 0][: len(opts)], len(opts))
    out = [q, ""]
    for k, o in enumerate(opts):
        out.append(_fill(head, k, o))
        if kind != "listed":
            out.append(rng.choice(WORDS[quality[k]]))
        out.append("")
    pick = quality.index(2) if kind == "search" else rng.randrange(len(opts))
    said = _fill(ref, pick)
    return "\n".join([*out, rng.choice([f"I'll go with {said}.", f"Final choice: {said}.",
                                        f"Recommendation: {said} ({opts[pick]})."])])


def restarts(rng: random.Random, kind: str) -> str:
    """Ideas separated by restart cues, judged in words (or not), and a pick."""
    topic, opts = rng.choice([("name for a bakery", ["Rise & Shine", "The Flour Pot", "Crumbs"]),
                              ("gift for my sister", ["a pottery class", "a novel",
                                                      "concert tickets"])])
    quality = rng.sample([2, 0, 0], 3)
    parts = []
    for k, o in enumerate(opts):
        lead = "First idea:" if k == 0 else rng.choice(
            ["Alternatively, what about", "Hmm, let me try", "Wait, what about",
             "Instead, how about"])
        judged = "" if kind == "listed" else " " + rng.choice(
            ["That's great.", "This works well."] if quality[k] == 2
            else ["That's a bad idea.", "This won't work."])
        parts.append(f"{lead} {o}?{judged}")
    pick = quality.index(2) if kind == "search" else rng.randrange(3)
    return f"I need a {topic}.\n\n{' '.join(parts)}\nI'll go with {opts[pick]}."


def processes(rng: random.Random) -> dict[str, tuple[bool, Callable[[list[Fraction]], str | None]]]:
    """name -> (is search, one text for a puzzle, or None to draw another puzzle)."""
    from heldout_forms import more_processes  # it imports this module's helpers

    return {
        "dfs": (True, lambda n: dfs(rng, n)),
        "attempts_best": (True, lambda n: attempts(rng, n, True)),
        "attempts_random": (False, lambda n: attempts(rng, n, False)),
        "expressions_best": (True, lambda n: expressions(rng, n, True)),
        "expressions_random": (False, lambda n: expressions(rng, n, False)),
        "levels_best": (True, lambda n: levels(rng, n, True)),
        "levels_random": (False, lambda n: levels(rng, n, False)),
        "chain": (False, lambda n: chain(rng, n)),
        "checked_once": (False, lambda n: checked_once(rng, n)),
        "chat_explore": (True, lambda n: prose_chat(rng, n, True)),
        "chat_guess": (False, lambda n: prose_chat(rng, n, False)),
        "rated_best": (True, lambda n: rated(rng, "search")),
        "rated_random": (False, lambda n: rated(rng, "random")),
        "rated_listed": (False, lambda n: rated(rng, "listed")),
        "worded_best": (True, lambda n: worded(rng, "search")),
        "worded_random": (False, lambda n: worded(rng, "random")),
        "worded_listed": (False, lambda n: worded(rng, "listed")),
        "restarts_best": (True, lambda n: restarts(rng, "search")),
        "restarts_random": (False, lambda n: restarts(rng, "random")),
        "restarts_listed": (False, lambda n: restarts(rng, "listed")),
        **more_processes(rng),
    }


Processes = Callable[[random.Random], dict[str, tuple[bool, Callable[[list[Fraction]],
                                                                       str | None]]]]
FREE = ("rated", "worded", "restarts", "bullets", "named")
"""Names of this probe's free-text processes (task `prompt`); the others are Game of 24."""


def write(out: Path, texts: int, seed: int, make_processes: Processes = processes,
          free_names: tuple[str, ...] = FREE) -> dict[str, bool]:
    """`texts` lines per process as `OUT/NAME.jsonl` for `import reasoning`; name -> search?"""
    rows = list(csv.DictReader(GAME24.open(encoding="utf-8")))[:900]
    rng = random.Random(seed)
    labels = {}
    for name, (search, make) in make_processes(rng).items():
        labels[name] = search
        free = name.startswith(free_names)
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            done = 0
            while done < texts:
                puzzle = rng.choice(rows)["Puzzles"]
                nums = [Fraction(int(x)) for x in puzzle.split()]
                if not free and not solvable(nums):
                    continue
                text = make(nums)
                if text is None:
                    continue
                record = json.loads(text) if text.startswith("{") else {"text": text}
                record |= {"id": f"{name}-{done}", "task": "prompt" if free else "game24",
                           "instance": None if free else puzzle}
                fh.write(json.dumps(record) + "\n")
                done += 1
    return labels


def judge(out: Path, labels: dict[str, bool]) -> int:
    """Each process the user's way (`import reasoning`, then `score --implicit --pool --json`
    on its transcripts), a line each; how many were judged wrong."""
    cli = [sys.executable, "-m", "tui"]
    wrong = 0
    for name, search in labels.items():
        runs = out / name
        subprocess.run([*cli, "import", "reasoning", str(out / f"{name}.jsonl"),
                        "--out", str(runs), "--force"], check=True, capture_output=True)
        scored = subprocess.run([*cli, "score", "--implicit", "--pool", "--json",
                                 *map(str, sorted(runs.glob("*.jsonl")))],
                                capture_output=True, text=True, check=False)
        pooled = json.loads(scored.stdout.strip().splitlines()[-1])
        pooled = pooled[-1] if isinstance(pooled, list) else pooled
        called = str(pooled["verdict"]).startswith("search")
        wrong += called != search
        u = (pooled.get("selection") or {}).get("u_bar")
        print(f"{name:20} {'search' if search else 'not search':10} -> {pooled['verdict']:20}"
              f" decisions {pooled['n_decisions']:3}  u {'-' if u is None else f'{u:.2f}'}"
              f"{'' if called == search else '  WRONG'}", flush=True)
    print(f"{wrong} of {len(labels)} processes misjudged")
    return wrong


def main(doc: str = __doc__ or "", make_processes: Processes = processes,
         free_names: tuple[str, ...] = FREE) -> None:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--texts", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    labels = write(args.out, args.texts, args.seed, make_processes, free_names)
    sys.exit(1 if judge(args.out, labels) else 0)


if __name__ == "__main__":
    main()
