"""Game24 attempts that reduce to a pair and then check every way of combining it ("(1) 8-6=2,
7*3=21, leaves 2 and 21. Check: 21+2=23, 21*2=42, 21-2=19. Dead end."): the closing verdict
judges the pair the attempt left, and the checks are how it was judged, not options to pick
from: what they state is the attempt's own (its "= 24" makes the attempt good).

Found by the twelfth blind probe (`g24_pairs_N_random`): answering a random attempt with its
pair's combination nearest 24 was search at 10 of 10 seeds. Among the checks of a pair, the
answer is the one reaching 24 whenever the random attempt had one (chosen best, never worse),
while the attempts themselves carried no judgement."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

TASK = text_task("game24", "3 6 7 8")
PATHS = [  # (moves, the pair's checks, reaches 24)
    ("8-6=2, 7*3=21, leaves 2 and 21", "21+2=23, 21*2=42, 21-2=19, 2/21=2/21", False),
    ("7*3=21, 21-8=13, leaves 6 and 13", "13+6=19, 13*6=78, 13-6=7, 13/6=13/6", False),
    ("8+3=11, 6+7=13, leaves 11 and 13", "13+11=24, 13*11=143, 13-11=2, 13/11=13/11", True),
    ("3+7=10, 10*8=80, leaves 6 and 80", "80+6=86, 80*6=480, 80-6=74, 80/6=40/3", False),
]
BAD = ["Dead end.", "No 24 - dead end.", "✗ dead end."]
GOOD = ["Hit: 13+11=24.", "13+11 = 24 ✓.", "There it is, 13+11=24."]


def _text(bad: int, good: int, order: list[int]) -> str:
    lines = ["Got 3 6 7 8. Need 24.", "Reduce to a pair, then check every operation on it."]
    for k, i in enumerate(order):
        moves, checks, hit = PATHS[i]
        verdict = GOOD[good] if hit else BAD[bad]
        lines.append(f"({k + 1}) {moves}. Check: {checks}. {verdict}")
    lines.append("Answer: (8 + 3) + (6 + 7) = 24")
    return "\n".join(lines)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2), st.integers(0, 2), st.permutations(range(4)))
def test_a_check_runs_verdict_judges_the_pair_and_its_checks_are_no_options(
        bad: int, good: int, order: list[int]) -> None:
    text = _text(bad, good, order)
    decisions = extract_text(text, TASK)
    assert all(len(d.at.split()) > 2 for d in decisions), [d.at for d in decisions]
    [root] = [d for d in decisions if d.at == "3 6 7 8"]
    firsts = {text[o.span[0]:o.span[1]]: o for o in root.options}
    for moves, _, hit in PATHS:
        o = firsts[moves.split(",")[0]]
        assert o.internal is not None and o.internal.value == (1.0 if hit else 0.0)
        assert {j.value for j in o.judgements} == ({0.0, 1.0} if hit else {0.0})
    assert root.choice is not None and root.choice.option == firsts["8+3=11"].id

