"""Forms the sixth blind probe (`scripts/heldout_probe9.py`) wrote that gave no decision: a
numbered list with traffic-light verdicts ("2. GitHub Actions 🟢 strong") and a choice said as
a line of its own, "GitHub Actions it is."."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
NAMES = ["CircleCI", "GitHub Actions", "GitLab CI"]
LIGHTS = {"🟢": 1.0, "🟡": 0.5, "⚠️": 0.5, "🔴": 0.0}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(LIGHTS)), min_size=3, max_size=3), st.integers(0, 2))
def test_traffic_lights_judge_and_a_name_it_is_line_chooses(lights: list[str],
                                                           pick: int) -> None:
    lines = ["Mulling over which CI provider to move the monorepo to.", ""]
    lines += [f"{i + 1}. {n} {lights[i]} moved on from" for i, n in enumerate(NAMES)]
    lines += ["", f"{NAMES[pick]} it is."]
    text = "\n".join(lines)
    [d] = extract_text(text, PROSE)
    assert [[j.value for j in o.judgements] for o in d.options] == [
        [LIGHTS[x]] for x in lights], text
    assert d.choice is not None and d.choice.option == d.options[pick].id, text


def test_it_is_inside_a_sentence_is_no_choice() -> None:
    text = ("1. CircleCI 🔴\n2. GitHub Actions 🟢\n\nI worry that GitHub Actions it is "
            "not, going by the price.")
    [d] = extract_text(text, PROSE)
    assert d.choice is None
