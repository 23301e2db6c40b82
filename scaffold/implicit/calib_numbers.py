"""Labelled number-game scratchpads for the calibration: searches (depth-first with
backtracking, breadth-first with judged levels, several judged attempts with the best one
answered) and non-searches (one chain, options with no judgement, judgements the answer
ignores, one attempt checked after the fact). Wording varies at every step."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from scaffold.implicit.calib_moves import (
    Move,
    dead_move,
    expr_of,
    move_text,
    moves_from,
    nums,
    random_chain,
    solution_moves,
)
from scaffold.tasks.arithmetic import COUNTDOWN_RULES, GAME24_RULES, Rules, can_reach, fmt
from scaffold.tasks.countdown import generate
from scaffold.tasks.game24 import load_puzzles


@dataclass(frozen=True)
class Sample:
    """One labelled text and the task instance it works on."""

    task: str
    instance: str
    text: str
    answer: str | None = None


@dataclass(frozen=True)
class Game:
    task: str
    instance: str
    numbers: tuple[Fraction, ...]
    target: Fraction
    rules: Rules


def pick_game(rng: random.Random) -> Game:
    """A solvable game24 puzzle or countdown instance."""
    if rng.random() < 0.6:
        while True:
            p = rng.choice(load_puzzles())
            values = tuple(Fraction(n) for n in p)
            if can_reach(values, Fraction(24), GAME24_RULES):
                return Game("game24", " ".join(map(str, p)), values, Fraction(24), GAME24_RULES)
    target, numbers = generate(rng.randrange(10**6))
    return Game("countdown", f"{target}: {' '.join(map(str, numbers))}",
                tuple(Fraction(n) for n in numbers), Fraction(target), COUNTDOWN_RULES)


def _intro(g: Game, rng: random.Random) -> str:
    t, ns = fmt(g.target), nums(tuple(sorted(g.numbers)), rng)
    return rng.choice([f"Numbers: {ns}. Target: {t}.", f"We need {t} from {ns}.",
                       f"Goal: make {t} with {ns}, each once.", f"Let's get {t} using {ns}.",
                       f"Think step by step. Numbers {ns}, target {t}.", ""])


def _hit(g: Game, rng: random.Random) -> str:
    return rng.choice([" ✓", " — works!", ". That's it.", ", bingo.", ". Got it.", "",
                       ", which is exactly the target.", ". Success!", " - correct."])


def _miss(g: Game, value: Fraction, rng: random.Random) -> str:
    t = fmt(g.target)
    size = " — too big." if value > g.target else " — too small."
    return rng.choice([f", not {t}.", size, ", no good.", ". Dead end.", ", doesn't work.",
                       " ✗", ", wrong.", ", nope.", f" — misses {t}.", ".", f". Not {t}."])


def _stuck(g: Game, left: tuple[Fraction, ...], rng: random.Random) -> str:
    t = fmt(g.target)
    return rng.choice([f" Can't reach {t} from here.", " Stuck.", " Hopeless.",
                       f" That leaves {nums(left, rng)}; no way to get {t}.", " Dead end.",
                       f" Doesn't lead to {t}."])


def _answer(expr: str, g: Game, rng: random.Random) -> str:
    t = fmt(g.target)
    return rng.choice([f"Answer: {expr} = {t}", f"Final answer: {expr} = {t}",
                       f"**Answer:** {expr}", f"So the answer is {expr} = {t}.",
                       f"Solution: {expr}", f"Answer: {expr}"])


def _sep(rng: random.Random) -> str:
    return rng.choice(["\n", "\n", " ", "\nthen ", ", then ", "\nNext: "])


def _chain(moves: list[Move], rng: random.Random, p_left: float = 0.7) -> str:
    parts = [move_text(m, rng, left=rng.random() < p_left) for m in moves]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += _sep(rng) + p
    return out


def _end(g: Game, moves: list[Move], rng: random.Random) -> str:
    last = moves[-1].result
    return _hit(g, rng) if last == g.target else _miss(g, last, rng)


def dfs(rng: random.Random) -> Sample:
    """Depth-first search in prose: dead ends judged, backtracking, the solution answered."""
    g = pick_game(rng)
    sol = solution_moves(g.numbers, g.target, g.rules, rng)
    lines = [_intro(g, rng)]
    state = tuple(sorted(g.numbers))
    for d, m in enumerate(sol):
        wrong = rng.randint(1, 2) if d == 0 else rng.randint(0, 1)
        avoid = {m.left}
        for _ in range(wrong if d < len(sol) - 1 else 0):
            bad = dead_move(state, g.target, g.rules, rng, avoid)
            if bad is None:
                break
            avoid.add(bad.left)
            if rng.random() < 0.5 or len(bad.left) == 1:
                tail = random_chain(bad.left, g.target, g.rules, rng)
                branch = [bad, *tail]
                lines.append(_chain(branch, rng) + _end(g, branch, rng))
            else:
                lines.append(move_text(bad, rng) + _stuck(g, bad.left, rng))
            lines.append(_back(state, d, rng))
        lines[-1] += (" " if lines[-1] else "") + move_text(m, rng, left=rng.random() < 0.7)
        state = m.left
    lines[-1] += _hit(g, rng)
    if rng.random() < 0.85:
        lines.append(_answer(expr_of(sol), g, rng))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))


def _back(state: tuple[Fraction, ...], depth: int, rng: random.Random) -> str:
    named = nums(state, rng)
    if depth == 0:
        return rng.choice(["Let me start over.", "From the start:", "Another approach:",
                           "Scratch that.", f"Back to {named}:", "Try again from scratch:"])
    return rng.choice([f"Back to {named}:", f"Going back to {named}.", "Backtrack:",
                       "Alternatively,", "Instead,", "Wait, what about", f"Return to {named}:",
                       "Other option:"])


def bfs(rng: random.Random) -> Sample:
    """Breadth-first in prose: a level of moves, each judged; go on with the best-judged."""
    g = pick_game(rng)
    sol = solution_moves(g.numbers, g.target, g.rules, rng)
    lines = [_intro(g, rng)]
    state, chosen_path = tuple(sorted(g.numbers)), []
    for depth in range(min(2, len(sol) - 1)):
        level = _level(g, state, sol[depth], rng)
        good = [m for m, ok in level if ok]
        lines.append(rng.choice(["Possible first steps:", "Options:", "Candidates:",
                                 "Moves to consider:", ""]) if depth == 0 else
                     rng.choice([f"From {nums(state, rng)}:", "Next level:", ""]))
        style = _style(rng)
        for i, (m, ok) in enumerate(level):
            lines.append(_item(i, style) + move_text(m, rng) + _judge_state(g, m, ok, rng))
        pick = sol[depth] if sol[depth] in good and rng.random() < 0.8 else (
            rng.choice(good) if good else sol[depth])
        lines.append(rng.choice(["Continue with", "Going with", "Let's go with",
                                 "I'll continue with", "Proceed with"]) + " "
                     + move_text(pick, rng, left=False)
                     + rng.choice([".", ":", " (most promising)."]))
        chosen_path.append(pick)
        state = pick.left
        if pick is not sol[depth]:
            break
    if chosen_path and chosen_path[-1] is sol[len(chosen_path) - 1]:
        rest = sol[len(chosen_path):]
        lines.append(_chain(rest, rng) + _hit(g, rng))
        lines.append(_answer(expr_of(sol), g, rng))
    else:
        tail = random_chain(state, g.target, g.rules, rng)
        if tail:
            lines.append(_chain(tail, rng) + _end(g, tail, rng))
        lines.append(rng.choice(["Answer: none found.", "No solution found this way."]))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))


def _item(i: int, style: str) -> str:
    return style.replace("#", f"{i + 1}").replace("@", chr(97 + i))


def _style(rng: random.Random) -> str:
    return rng.choice(["@) ", "#. ", "- ", "* ", "(@) ", "#) "])


def _level(g: Game, state: tuple[Fraction, ...], sol: Move,
           rng: random.Random) -> list[tuple[Move, bool]]:
    """3-4 distinct moves incl. the solution's, each judged (the judgement errs 10% of the time)."""
    seen = {sol.left}
    level = [sol]
    for m in moves_from(state, g.rules, rng):
        if m.left not in seen and len(level) < rng.randint(3, 4):
            seen.add(m.left)
            level.append(m)
    rng.shuffle(level)
    out = []
    for m in level:
        ok = can_reach(m.left, g.target, g.rules)
        out.append((m, ok if rng.random() > 0.1 else not ok))
    return out


def _judge_state(g: Game, m: Move, ok: bool, rng: random.Random) -> str:
    t = fmt(g.target)
    if ok:
        return rng.choice([" — promising", ", looks good", f", can reach {t}", " (good)",
                           " — feasible"])
    return rng.choice([" — unlikely", ", hopeless", f", can't reach {t}", " (bad)",
                       " — not promising"])


def attempts(g: Game, rng: random.Random, n: int) -> list[list[Move]]:
    """n complete attempts from the start, one of them a solution, in random order."""
    sol = solution_moves(g.numbers, g.target, g.rules, rng)
    out, seen = [sol], {expr_of(sol)}
    for _ in range(20):
        if len(out) >= n:
            break
        c = random_chain(tuple(sorted(g.numbers)), g.target, g.rules, rng)
        if c and expr_of(c) not in seen and c[0].left != sol[0].left:
            seen.add(expr_of(c))
            out.append(c)
    rng.shuffle(out)
    return out


def write_attempts(g: Game, tries: list[list[Move]], rng: random.Random, *,
                   judged: bool = True) -> list[str]:
    """Each attempt under its own head, as moves or one expression, with its stated result."""
    style = rng.choice(["Attempt {i}:", "Try {i}:", "Option {i}:", "Idea {i}:", "{i}.",
                        "Let me start over."])
    lines = []
    for i, moves in enumerate(tries, 1):
        head = style.format(i=i) if i > 1 or "{i}" in style else ""
        if rng.random() < 0.35:
            body = f"{expr_of(moves)} = {fmt(moves[-1].result)}"
        else:
            body = _chain(moves, rng, p_left=0.8)
        verdict = _end(g, moves, rng) if judged else ""
        lines.append(f"{head} {body}{verdict}".strip())
    return lines


def best_attempt(rng: random.Random) -> Sample:
    """Several judged attempts; the answer restates the one judged to work."""
    g = pick_game(rng)
    tries = attempts(g, rng, rng.randint(2, 4))
    lines = [_intro(g, rng), *write_attempts(g, tries, rng)]
    best = next(t for t in tries if t[-1].result == g.target)
    lines.append(_answer(expr_of(best), g, rng))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))


def decorative(rng: random.Random) -> Sample:
    """Judged attempts, and an answer that restates one of them at random."""
    g = pick_game(rng)
    tries = attempts(g, rng, rng.randint(2, 4))
    lines = [_intro(g, rng), *write_attempts(g, tries, rng)]
    lines.append(_answer(expr_of(rng.choice(tries)), g, rng))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))


def single_chain(rng: random.Random) -> Sample:
    """One chain of moves to the end, judged, and its answer: no alternatives."""
    g = pick_game(rng)
    if rng.random() < 0.5:
        moves = solution_moves(g.numbers, g.target, g.rules, rng)
    else:
        moves = random_chain(tuple(sorted(g.numbers)), g.target, g.rules, rng)
    lines = [_intro(g, rng), rng.choice(["Steps:", "Let me try.", "", "Working:"]),
             _chain(moves, rng) + _end(g, moves, rng)]
    if rng.random() < 0.8:
        lines.append(_answer(expr_of(moves), g, rng))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))


def listed_no_eval(rng: random.Random) -> Sample:
    """First moves listed with no judgement; one is taken (at random) and worked out."""
    g = pick_game(rng)
    state = tuple(sorted(g.numbers))
    level = moves_from(state, g.rules, rng)
    picked, seen = [], set()
    for m in level:
        if m.left not in seen and len(m.left) > 1:
            seen.add(m.left)
            picked.append(m)
        if len(picked) == rng.randint(3, 4):
            break
    lines = [_intro(g, rng), rng.choice(["Possible first steps:", "Options:", "We could do:"])]
    style = _style(rng)
    lines += [_item(i, style) + move_text(m, rng) for i, m in enumerate(picked)]
    pick = rng.choice(picked)
    lines.append(rng.choice(["Going with", "Let's go with", "Take", "I'll continue with"])
                 + " " + move_text(pick, rng, left=False) + ".")
    tail = random_chain(pick.left, g.target, g.rules, rng, miss=False)
    if tail:
        lines.append(_chain(tail, rng) + _end(g, tail, rng))
        if rng.random() < 0.7:
            lines.append(_answer(expr_of([pick, *tail]), g, rng))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))


def verified_once(rng: random.Random) -> Sample:
    """One attempt, then checked after the fact."""
    g = pick_game(rng)
    moves = solution_moves(g.numbers, g.target, g.rules, rng)
    if rng.random() < 0.4:
        moves = random_chain(tuple(sorted(g.numbers)), g.target, g.rules, rng)
    expr = expr_of(moves)
    result = fmt(moves[-1].result)
    body = _chain(moves, rng) if rng.random() < 0.6 else f"{expr} = {result}"
    check = rng.choice([f"Let me check: {expr} = {result}", f"Verify: {_chain(moves, rng)}",
                        f"Check: {expr} = {result}", f"Double-check: {expr} gives {result}"])
    ok = moves[-1].result == g.target
    check += rng.choice([" ✓", ", correct."]) if ok else rng.choice([" ✗", ", wrong."])
    lines = [_intro(g, rng), body, check]
    if rng.random() < 0.7:
        lines.append(_answer(expr, g, rng))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))


FILLER = [
    "Hmm, let me think about which numbers combine well.",
    "Multiplication gets big quickly, so maybe subtraction first.",
    "I should keep track of what is left after each step.",
    "The target is not too far from the product of two of them.",
    "Division could help if it comes out whole.",
    "Let me be careful with the order of operations here.",
    "Okay, so far nothing obvious; keep exploring.",
    "Pairs that make a factor of the target are worth a look.",
]


def long_trace(rng: random.Random, size: int = 2000, game: Game | None = None) -> Sample:
    """A reasoning-style trace of about `size` characters: prose, judged dead ends with
    backtracking, and finally the solution and its answer (for speed benchmarks)."""
    g = game or pick_game(rng)
    sol = solution_moves(g.numbers, g.target, g.rules, rng)
    start = tuple(sorted(g.numbers))
    lines = [_intro(g, rng)]
    length = len(lines[0])
    while length < size - 200:
        line = rng.choice(FILLER)
        if rng.random() < 0.6:
            chain = random_chain(start, g.target, g.rules, rng)
            line = _chain(chain, rng) + _end(g, chain, rng) + " " + _back(start, 0, rng)
        lines.append(line)
        length += len(line) + 1
    lines.append(_chain(sol, rng) + _hit(g, rng))
    lines.append(_answer(expr_of(sol), g, rng))
    return Sample(g.task, g.instance, "\n".join(x for x in lines if x))
