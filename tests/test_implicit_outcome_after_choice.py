"""What a text says after it commits to an option is the outcome of its choice, not a reason
for it; and only the text's own judgements can make a verdict of search inside the text.

Both came from a blind held-out probe (extractor `implicit-6`):
- Tree-of-Thoughts value tables ("| 12-8=4 | 4 6 8 | sure |"), one move expanded at random:
  each row is its own option now (the next cell holds the numbers left, "sure" and "likely"
  are read in a cell), and the expansion's "= 24" no longer counts for the move it expands,
  which had made a random pick look like search (`search-strong`, ū 1.00).
- Moves listed with no judgement, the solvable one taken: only the task's verifier judged
  them, and it carried the verdict (`search-strong`, ū 0.96). A good pick that the text never
  evaluated is a good policy, not search in the text.
"""

from __future__ import annotations

import json
import random
from fractions import Fraction
from itertools import combinations
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.arith_parse import find_ops
from scaffold.implicit.extract import extract_text, text_task
from scaffold.tasks.arithmetic import GAME24_RULES, can_reach
from tests.cli_in_process import mesascope_in_process

TABLE = ("Numbers: 6 8 8 12. Make 24.\n\n| move | left | value |\n|---|---|---|\n"
         "| 12-8=4 | 4 6 8 | sure |\n| 8+8=16 | 6 12 16 | likely |\n"
         "| 8*8=64 | 6 12 64 | impossible |\n\nExpanding 8*8:\n6*12=72, 72*64=4608. Answer: 4608")
PUZZLES = ["1 1 4 6", "1 1 11 11", "1 1 3 8", "1 1 1 8", "6 6 6 6", "1 1 2 12", "1 2 2 6",
           "1 1 10 12", "2 2 10 10", "1 1 1 12"]
"""The easiest puzzles of the packaged Game of 24 list (Tree of Thoughts, MIT) with a first
move that can reach 24 and three that cannot."""


def _decision(text: str, puzzle: str):  # type: ignore[no-untyped-def]
    [decision] = extract_text(text, text_task("game24", puzzle))
    return decision


def test_each_table_row_is_an_option_with_its_value_cell() -> None:
    d = _decision(TABLE, "6 8 8 12")
    texts = [TABLE[o.span[0]:o.span[1]] for o in d.options]
    assert texts == ["12-8=4 | 4 6 8", "8+8=16 | 6 12 16", "8*8=64 | 6 12 64"]
    assert [o.internal.value if o.internal else None for o in d.options] == [1.0, 0.5, 0.0]


def test_a_judgement_after_the_commitment_is_not_the_chosen_options() -> None:
    """"Expanding 8*8:" chose the third row; "= 4608 (not 24)" comes after, so the row keeps
    only its cell's value. Before the commitment nothing changes."""
    d = _decision(TABLE, "6 8 8 12")
    assert d.choice is not None and d.choice.option == d.options[2].id
    chosen = d.options[2]
    assert [j.phrase for j in chosen.judgements] == ["impossible"]
    rated = TABLE.replace("6*12=72, 72*64=4608. Answer: 4608", "that is 64 * 6 * 12 = 24")
    assert _decision(rated, "6 8 8 12").options[2].judgements == chosen.judgements


def test_sure_and_likely_are_read_only_as_values() -> None:
    task = text_task("game24", "4 9 10 13")
    for text in ("Sure, let me try 13-9=4 first, then 10-4=6.",
                 "13-9=4 is likely to help. 10-4=6, I'm not sure.",
                 "13-9=4, make sure. 13+9=22, likely fine"):
        for decision in extract_text(text, task):
            for option in decision.options:
                assert all(j.phrase.lower() not in ("sure", "likely") for j in option.judgements)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 13), min_size=2, max_size=3), st.sampled_from(["", " ", "  "]),
       st.sampled_from([" ", ", "]))
def test_a_table_rows_next_cell_is_the_numbers_left(
        left: list[int], pad: str, sep: str) -> None:
    text = f"| 12-8=4 |{pad}{sep.join(map(str, left))}{pad}| sure |\n"
    (op,) = find_ops(text)
    assert op.left == tuple(left)
    assert text[op.start:op.end].rstrip() == f"12-8=4 |{pad}{sep.join(map(str, left))}"
    assert find_ops(f"Then 12-8=4 | {' '.join(map(str, left))} |")[0].left is None, \
        "outside a table row the cell is not read"


def _first_moves(numbers: list[int]) -> list[tuple[str, list[int]]]:
    """Every first move a + b, a * b, a - b (a > b) with the numbers it leaves."""
    moves = []
    for i, j in combinations(range(4), 2):
        a, b = max(numbers[i], numbers[j]), min(numbers[i], numbers[j])
        rest = [n for k, n in enumerate(numbers) if k not in (i, j)]
        for sign, value in (("+", a + b), ("*", a * b), ("-", a - b)):
            moves.append((f"{a}{sign}{b}={value}", sorted([*rest, value])))
    return moves


def _listed_unjudged_good_pick(rng: random.Random, puzzle: str) -> str:
    numbers = [int(n) for n in puzzle.split()]
    moves = _first_moves(numbers)
    good = [m for m in moves if can_reach(map(Fraction, m[1]), Fraction(24), GAME24_RULES)]
    bad = [m for m in moves if not can_reach(map(Fraction, m[1]), Fraction(24), GAME24_RULES)]
    shown = [*rng.sample(bad, 3), rng.choice(good)]
    rng.shuffle(shown)
    pick = next(m for m in shown if m in good)
    lines = [f"- {move} (leaves {' '.join(map(str, left))})" for move, left in shown]
    return (f"24 game: {puzzle}\nSome first steps I could take:\n" + "\n".join(lines)
            + f"\nI'll go with {pick[0].split('=')[0]}.\n")


def test_moves_listed_without_judgement_are_not_search_however_well_picked(
        tmp_path: Path) -> None:
    """Thirty texts that always take a solvable move and never say why: the verifier agrees
    with every pick, but the texts evaluate nothing, so the verdict is not search."""
    rng = random.Random(7)
    source = tmp_path / "listed.jsonl"
    source.write_text("".join(
        json.dumps({"id": f"t{i}", "text": _listed_unjudged_good_pick(rng, puzzle),
                    "task": "game24", "instance": puzzle, "answer": None, "prompt": None}) + "\n"
        for i, puzzle in enumerate(PUZZLES * 3)))
    runs = tmp_path / "runs"
    assert mesascope_in_process("import", "reasoning", source, "--out", runs).returncode == 0
    done = mesascope_in_process("score", "--implicit", "--pool", "--json",
                                *sorted(runs.glob("*.jsonl")))
    pooled = json.loads(done.stdout.strip().splitlines()[-1])
    assert not str(pooled["verdict"]).startswith("search"), pooled["verdict"]
    verifier = [r for r in map(json.loads, done.stdout.strip().splitlines()[:-1])
                if "game24 verifier" in (r.get("by_scorer") or {})]
    assert verifier, "the verifier's test is still reported beside the verdict"
    assert all(any("judges none of its options" in str(w) for w in r["warnings"])
               for r in verifier if r["n_decisions"] == 0), "and the card says why"


def test_a_value_line_judges_the_state_its_numbers_name() -> None:
    """Tree of Thoughts evaluates the states its proposals leave, one line each; the value
    belongs to the proposal that leaves those numbers, not to the last one written."""
    text = ("Input: 4 9 10 13\nPossible next steps:\n13 - 4 = 9 (left: 9 9 10)\n"
            "10 - 4 = 6 (left: 6 9 13)\n10 * 9 = 90 (left: 4 13 90)\nEvaluate:\n"
            "9 9 10: impossible\n6 9 13: sure\n4 13 90: likely\n"
            "Selected: 10 - 4 = 6 (left: 6 9 13)\n")
    d = _decision(text, "4 9 10 13")
    assert [[j.phrase for j in o.judgements] for o in d.options] == [
        ["impossible"], ["sure"], ["likely"]]
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_a_judgement_negated_two_words_before_is_negative() -> None:
    """"That's not going to work." was read as "work" (good) in the probe's R1-style texts."""
    from scaffold.implicit.lexicon import judgements_in

    for text in ("No wait, a bit corporate. That's not going to work.",
                 "this does not really work", "It won't ever work."):
        assert [v for v, *_ in judgements_in(text)] == [0.0], text
    assert [v for v, *_ in judgements_in("Not bad, and it works.")] == [0.5, 1.0]


def test_a_text_that_judges_every_option_alike_is_not_said_to_judge_none() -> None:
    """The recorded `compare` example judges its three attempts, all "does not work": tied, so
    no informative decision; the warning said the text judged none of them in words."""
    from scaffold.implicit.score import score_implicit
    from tests.conftest import REPO

    [report] = score_implicit([REPO / "transcripts" / "example-compare-game24.jsonl"], workers=1)
    said = [str(w) for w in report.to_dict()["warnings"]]
    assert any("own judgements give no informative decision" in w for w in said), said
    assert not any("judges none of its options" in w for w in said)
