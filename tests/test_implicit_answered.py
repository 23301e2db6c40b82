"""The record's answer chooses among options whose text names no choice (`answered`): the
option that names the answer at its head, the commitment point the first mention after it,
and no choice when the text committed before its options or says its pick was random."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.answered import ANSWER_NAMED, short_answer
from scaffold.implicit.derive import derive_file
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.model import ANSWER_ONLY
from scaffold.implicit.reasoning_import import import_reasoning
from scaffold.transcript.events import SelectEvent
from tests.tui_pilot import SIZE, anyio_backend, settle  # noqa: F401
from tui.app import create_app
from tui.widgets.candidate_table import CandidateTable

PROSE = text_task("prompt", None)
NAMES = ["Redis", "Memcached", "Postgres", "Hazelcast", "DynamoDB"]
SAID = {1.0: ["fast and rock solid", "clearly the best here"],
        0.0: ["too slow for us", "a bad fit, unreliable"]}
CLOSINGS = ["", "Sending the PR with {a} now.", "Ticket updated: {a}."]


def _text(values: list[float], form: int, closing: str, answer: str) -> str:
    lines = ["Caches we could put in front of the API:"]
    lines += [f"- {NAMES[i]}: {SAID[v][form % 2]}." for i, v in enumerate(values)]
    if closing:
        lines.append(closing.format(a=answer) + " Great choice, really great.")
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.0]), min_size=2, max_size=5), st.integers(0, 4),
       st.integers(0, 1), st.sampled_from(CLOSINGS), st.sampled_from([str.lower, str.upper, str]))
def test_the_answer_picks_the_option_that_names_it(values: list[float], pick: int, form: int,
                                                   closing: str, case: object) -> None:
    pick %= len(values)
    answer = case(NAMES[pick])  # type: ignore[operator]
    text = _text(values, form, closing, NAMES[pick])
    [d] = extract_text(text, PROSE, answer)
    assert d.choice is not None and d.choice.option == d.options[pick].id
    assert d.choice.rule == (ANSWER_NAMED if closing else ANSWER_ONLY)
    for o, v in zip(d.options, values, strict=True):  # the praise after the pick is dropped
        assert {j.value for j in o.judgements} == {v}
    assert extract_text(text, PROSE)[0].choice is None  # no answer, no choice
    assert extract_text(text, PROSE, "Cassandra")[0].choice is None  # an answer no option names


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.0]), min_size=2, max_size=5), st.integers(0, 4),
       st.sampled_from(["I'll go with {a}.", "Picked {a} at random, then looked at them all.",
                        "We flipped a coin and got {a}.",
                        "{a} is already booked; the others, for the record."]))
def test_no_choice_from_the_answer_when_the_text_chose_without_evaluating(
        values: list[float], pick: int, before: str) -> None:
    pick %= len(values)
    text = before.format(a=NAMES[pick]) + "\n" + _text(values, 0, "", NAMES[pick])
    assert all(d.choice is None for d in extract_text(text, PROSE, NAMES[pick]))


def test_an_answer_named_by_several_option_heads_chooses_none() -> None:
    text = ("- Redis cluster: fast and rock solid.\n- Redis single node: too slow for us.\n"
            "- Postgres: a bad fit.")
    [d] = extract_text(text, PROSE, "Redis")
    assert d.choice is None
    [d] = extract_text(text, PROSE, "Redis single node")
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_import_reasoning_keeps_the_answer_and_derive_chooses_by_it(tmp_path: Path) -> None:
    text = _text([0.0, 1.0, 0.0], 1, "", "")
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps({"id": "a", "text": text, "task": "prompt",
                               "answer": "memcached"}) + "\n")
    [path] = import_reasoning(src, tmp_path / "out")
    derived = derive_file(path)
    [select] = [e for e in derived.events if isinstance(e, SelectEvent)]
    assert select.chosen == ["0.o2"] and ANSWER_ONLY in select.rule


@pytest.mark.anyio
async def test_the_tui_shows_the_choice_the_answer_makes(tmp_path: Path) -> None:
    """The derived view (d) of an imported record chooses by its answer, as `extract` does."""
    text = _text([0.0, 1.0, 0.0], 1, "", "")
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps({"id": "a", "text": text, "task": "prompt",
                               "answer": "Memcached"}) + "\n")
    [path] = import_reasoning(src, tmp_path / "out")
    app = create_app(path, snapshot=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        table = app.main.query_one(CandidateTable)
        assert table.derived and table.row_count == 3
        assert table.view is not None and table.view.chosen == {"0.o2"}


def test_a_reply_in_full_answers_by_the_phrase_it_emphasises_or_its_answer_line() -> None:
    assert short_answer(" Flex 15 ") == "Flex 15"
    assert short_answer("Looked at all four.\n\n**Flex 15** is the cheapest at $23.") == "Flex 15"
    assert short_answer("Thinking done.\nFinal answer: `Max 40`.") == "Max 40"
    assert short_answer("Thinking done.\nAnswer: Max 40.") == "Max 40"
    assert short_answer("**Max 40** is cheapest, but I'd take **Flex 15**.\nMore words.") is None
    assert short_answer("A long reply that names no pick in a way one can read.\nNo.") is None
    text = _text([0.0, 1.0, 0.0], 1, "", "")
    [d] = extract_text(text, PROSE, "They compare as follows.\n\n**Memcached** wins for us.")
    assert d.choice is not None and d.choice.option == "o2"


def test_a_pick_said_made_before_the_choice_vetoes_it() -> None:
    """A closing line would choose, but the text said earlier that its pick was made."""
    text = ("Memcached is booked already; the rest for the record.\n" + _text([0.0, 1.0], 0, "", "")
            + "\nGoing with Memcached.")
    assert extract_text(text, PROSE, "Memcached")[0].choice is None
    assert extract_text(text, PROSE)[0].choice is not None  # without the answer, as before
