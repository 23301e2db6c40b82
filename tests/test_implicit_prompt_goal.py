"""The goal a task's prompt sets ("Cheapest way per person?") judges the options a reasoning
text prices where the text itself states none; with it, records as users log them: a reply
that says its pick in words, an answer written with other separators or an article, and
metrics worked out or named at a sentence's end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.answered import mentions, short_answer
from scaffold.implicit.derive import derive_file
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.measured import objective, prompt_goal
from scaffold.implicit.reasoning_import import import_reasoning
from scaffold.implicit.score import score_implicit
from scaffold.transcript.events import ScoreEvent, SelectEvent
from tests.tui_pilot import SIZE, anyio_backend, settle  # noqa: F401
from tui.app import create_app
from tui.widgets.candidate_table import CandidateTable
from tui.widgets.state_view import span_legend

MODES = ["Train", "Coach", "Flying", "Driving"]


def _trip(costs: list[int]) -> str:
    paras = ["Okay, four of us, there and back. Let me go through each way of getting there."]
    paras += [f"{m}: about £{c} return per person, give or take." for m, c in
              zip(MODES, costs, strict=False)]
    return "\n\n".join(paras)


def test_the_prompt_sets_the_goal_a_text_prices_options_by() -> None:
    costs = [65, 24, 159]
    text = _trip(costs) + "\n\nRight, the coach it is."
    cheap = text_task("prompt", None, "Four of us, Leeds to York. Cheapest way per person?")
    assert cheap.goal == -1
    [d] = extract_text(text, cheap, "the coach")
    assert d.choice is not None and d.options[1].id == d.choice.option
    assert [o.judgements[0].phrase for o in d.options] == ["£65", "£24", "£159"]
    assert [o.judgements[0].value for o in d.options][1] == 1.0  # the cheapest is the best
    assert extract_text(text, text_task("prompt", None, "How should we travel?"),
                        "the coach") == []  # no goal anywhere: nothing judges the units
    # the text's own goal, stated before its options, comes before the prompt's
    own = text.replace("Let me go", "The dearest is the most comfortable, so maximise price."
                       " Let me go")
    [d] = extract_text(own, cheap, "the coach")
    assert d.options[1].judgements[0].value == 0.0


def test_prompt_goals_and_the_values_a_text_compares() -> None:
    assert prompt_goal("Which checkpoint should I ship? We care about F1.") == 1
    assert prompt_goal("Which route has the lowest toll?") == -1
    assert prompt_goal("The cheapest, but with the highest rating.") is None  # both ways
    assert prompt_goal(None) is None and prompt_goal("Which tent?") is None
    assert objective("I want the cost per person for each option.") == -1
    assert objective("Comparing expected net recovery for each route.") == 1
    assert objective("Cost is no issue here; I'll list them.") is None
    # both kinds named: the first is the one compared ("ranked on benefit-cost ratio (benefits
    # over costs)"); where that guess is wrong the text loses a decision's power, and a pick
    # that ignores the values is as likely best either way
    assert objective("Revenue against cost for each plan.") == 1
    assert objective("Cheapest wins, revenue aside.") == -1  # a superlative comes first
    assert objective("The cheapest, or the highest revenue.") is None  # both ways in words


def test_the_instance_of_a_prompt_task_is_its_prompt() -> None:
    assert text_task("prompt", "Cheapest option please").goal == -1
    assert text_task("game24", "4 9 10 13").goal is None  # a verifier, not a goal


def test_import_keeps_the_prompt_and_scoring_reads_its_goal(tmp_path: Path) -> None:
    records = []
    for i, costs in enumerate([[65, 24, 159], [40, 31, 70], [88, 52, 60], [45, 30, 90]]):
        best = min(range(3), key=costs.__getitem__)
        records.append({"messages": [
            {"role": "user", "content": "Weekend away, 4 of us. Cheapest way per head?"},
            {"role": "assistant", "reasoning_content": _trip(costs),
             "content": f"Go for {MODES[best].lower()}: roughly £{costs[best]} a head."}],
            "id": f"r{i}"})
    src = tmp_path / "trips.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    paths = import_reasoning(src, tmp_path / "tx")
    derived = derive_file(paths[0])
    evaluated = [e for e in derived.events if isinstance(e, ScoreEvent)]
    [select] = [e for e in derived.events if isinstance(e, SelectEvent)]
    assert len(evaluated) == 3 and select.chosen == ["0.o2"]
    report = score_implicit(paths, pooled=True, workers=1)[-1]
    assert report.n_decisions == 4


@pytest.mark.anyio
async def test_the_tui_judges_by_the_goal_of_the_prompt(tmp_path: Path) -> None:
    """The derived view (d) of an imported chat record reads its prompt's goal, as `extract`
    does: the three priced paragraphs are judged options, the answer's one chosen."""
    src = tmp_path / "trip.jsonl"
    src.write_text(json.dumps({"messages": [
        {"role": "user", "content": "Four of us, Leeds to York. Cheapest way per head?"},
        {"role": "assistant", "reasoning_content": _trip([65, 24, 159]),
         "content": "Go for the coach: roughly £24 a head."}]}) + "\n", encoding="utf-8")
    [path] = import_reasoning(src, tmp_path / "out")
    app = create_app(path, snapshot=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        table = app.main.query_one(CandidateTable)
        assert table.derived and table.row_count == 3
        assert table.view is not None and table.view.chosen == {"0.o2"}
    assert span_legend([], -1).plain.endswith("prompt: lower is better")
    assert "prompt" not in span_legend([], None).plain


def test_a_reply_says_its_pick_in_words() -> None:
    assert short_answer("Go for the coach: roughly £24 a head.") == "the coach"
    assert short_answer("I'd promote run-21: precision 0.778, F1 0.844.") == "run-21"
    assert short_answer("We should book the Ibis, it is cheap.") == "the Ibis"
    assert short_answer("Driving. It's £22.97 per person for the return trip.") == "Driving"
    assert short_answer("St. Ives, Cornwall") == "St. Ives, Cornwall"
    assert short_answer("A long reply that names no pick in a way.\nNo.") is None


_TEMPLATE_WORDS = {"a", "an", "the", "we", "looked", "at", "it", "came", "out", "on", "top",
                   "then"}
"""Articles, and the words of the text below: an answer "At" is also in "looked at it"."""


@settings(max_examples=80, deadline=None)
@given(st.lists(st.from_regex(r"[A-Za-z][a-z0-9]{0,6}", fullmatch=True).filter(
    lambda w: w.lower() not in _TEMPLATE_WORDS), min_size=1, max_size=3),
       st.lists(st.sampled_from([" ", "-", "_", "  ", " - "]), min_size=3, max_size=3),
       st.lists(st.sampled_from([" ", "-", "_"]), min_size=3, max_size=3),
       st.booleans())
def test_an_answer_is_found_whatever_joins_its_words(words: list[str], in_text: list[str],
                                                     in_answer: list[str],
                                                     article: bool) -> None:
    said = words[0] + "".join(j + w for j, w in zip(in_text, words[1:], strict=False))
    answer = words[0] + "".join(j + w for j, w in zip(in_answer, words[1:], strict=False))
    text = f"We looked at it.\n{said.upper()} came out on top.\nThen ({said})."
    found = mentions(text, ("the " if article else "") + answer)
    assert [text[a:b].lower() for a, b in found] == [said.lower(), said.lower()]


def test_metrics_named_at_a_sentence_end_or_worked_out() -> None:
    text = ("Comparing by AIC.\n1. linear: k = 2, AIC = 4 + 160.2 = 164.2\n"
            "2. logistic (3 params), AIC 137.0.\n3. quadratic: so AIC = 150.5.\n"
            "Going with logistic.")
    [d] = extract_text(text, text_task("prompt", None))
    assert [o.judgements[-1].phrase for o in d.options] == ["+ 160.2 = 164.2", "AIC 137.0",
                                                           "so AIC = 150.5"]
    assert [round(o.judgements[-1].value, 2) for o in d.options] == [0.0, 1.0, 0.5]
