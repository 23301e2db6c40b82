"""Free-text options written as an unlabelled bullet list, named by their words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

FREE = text_task("prompt", None)

TEXT = """How should we cache the API responses?
- Redis: fast and shared, clearly the best fit.
- an in-memory LRU: too small for three servers.
- a CDN edge cache - maybe, but the responses are private.
So I'll go with Redis."""


def test_named_bullets_are_options_judged_on_their_line_and_the_named_one_is_chosen() -> None:
    [decision] = extract_text(TEXT, FREE)
    assert decision.at == "bullet options"
    labels = [o.attrs["label"] for o in decision.options]
    assert labels == ["redis", "in-memory lru", "cdn edge cache"]
    for option in decision.options:
        assert TEXT[option.span[0]:option.span[1]].startswith("- ")
        assert "\n" not in TEXT[option.span[0]:option.span[1]]
    assert [o.internal.value if o.internal else None for o in decision.options] == [1.0, 0.0, 0.5]
    assert decision.choice is not None and decision.choice.option == "o1"
    assert TEXT[decision.choice.span[0]:].startswith("I'll go with Redis")


def test_an_answer_line_naming_a_bullet_is_the_choice() -> None:
    text = ("Routes:\n* the highway: too slow at rush hour\n* the train: works well\n"
            "Answer: the train")
    [decision] = extract_text(text, FREE)
    assert decision.choice is not None and decision.choice.option == "o2"


def test_the_first_name_said_is_chosen_and_the_longest_at_one_place() -> None:
    text = ("- Postgres: good\n- Postgres with replicas: better\n- SQLite: bad\n"
            "I'll pick Postgres with replicas over SQLite.")
    [decision] = extract_text(text, FREE)
    assert decision.choice is not None and decision.choice.option == "o2"


def test_bullets_that_are_not_alternatives_give_no_options() -> None:
    properties = "Redis.\n- Pros: fast\n- Cons: another service to run\nI'll go with Redis."
    sentences = ("- We could add a retry around the whole flaky test body.\n"
                 "- Or we could mock the clock that the test reads every time.\nDone.")
    single = "- Redis: the best fit.\nI'll go with Redis."
    for text in (properties, sentences, single):
        assert all(d.at != "bullet options" for d in extract_text(text, FREE)), text


def test_a_commitment_naming_no_bullet_chooses_nothing() -> None:
    text = "- Redis: good\n- SQLite: bad\nI'll go with whatever ops prefers."
    [decision] = extract_text(text, FREE)
    assert decision.choice is None


NAMES = ["Redis", "SQLite", "the highway", "a taxi", "Postgres", "flat files", "the train"]
SAID = ["the best fit.", "too risky.", "works well", "a bad idea", "okay", "", "7/10"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=2, max_size=5, unique=True),
       st.lists(st.sampled_from(SAID), min_size=5, max_size=5),
       st.sampled_from(["-", "*", "•"]), st.sampled_from([":", " -", " —"]),
       st.integers(0, 4), st.sampled_from(["I'll go with", "Decision:", "Let's pick"]))
def test_any_named_list_gives_its_options_and_the_named_choice(
    names: list[str], said: list[str], mark: str, sep: str, pick: int, commit: str
) -> None:
    pick %= len(names)
    lines = [f"{mark} {n}{sep} {s}".rstrip() for n, s in zip(names, said, strict=False)]
    text = "Which one?\n" + "\n".join(lines) + f"\n{commit} {names[pick]}."
    [decision] = extract_text(text, FREE)
    assert [text[o.span[0]:o.span[1]] for o in decision.options] == lines
    assert decision.choice is not None
    assert decision.choice.option == decision.options[pick].id
