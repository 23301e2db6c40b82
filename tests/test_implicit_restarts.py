"""Free text with no labels: attempts between restart cues are options, judged only where the
text judges them, and chosen only where the text commits."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.calib_prose import restart_text
from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.freetext import extract_free_text
from scaffold.implicit.restarts import cues, extract_restarts
from tests.cli_in_process import pooled_free_text_verdict

FREE = text_task("prompt", None)


def spans(text: str) -> list[str]:
    [d] = extract_free_text(text)
    return [text[o.span[0]:o.span[1]] for o in d.options]


def test_judged_attempts_between_cues_and_the_one_the_text_goes_with() -> None:
    text = ("Plan a cheap weekend.\n\n"
            "I could rent a car for the coast. That is too expensive.\n"
            "Alternatively, take the tram up to the castle. Cheap and easy, looks good.\n"
            "Let's go with that. We leave at nine.")
    [d] = extract_free_text(text)
    assert spans(text) == ["I could rent a car for the coast. That is too expensive.",
                           "Alternatively, take the tram up to the castle. Cheap and easy, "
                           "looks good."]
    assert [o.internal.value for o in d.options if o.internal] == [0.0, 1.0]
    assert d.options[1].attrs["cue"] == "alternatively"
    assert d.choice is not None and d.choice.option == "o2"
    assert text[d.choice.span[0]:].startswith("Let's go with that")


def test_a_clause_after_a_stated_failure_is_a_new_attempt() -> None:
    text = ("First I'd mock the network calls; that fails because tests hit real services. "
            "So let me try running the tests in parallel, which works well. "
            "I'll go with the second approach.")
    [d] = extract_free_text(text)
    assert len(d.options) == 2
    assert [o.internal.value for o in d.options if o.internal] == [0.0, 1.0]
    assert d.choice is not None and d.choice.option == "o2"


def test_the_answer_line_chooses_the_attempt_it_repeats() -> None:
    text = ("Task: Name a coffee shop.\n"
            "How about The Daily Grind? Too generic, not great.\n"
            "Wait, what about Copper Kettle? That's a strong option.\n"
            "Instead, Bean There, a fun pun.\n\n"
            "Answer: Copper Kettle")
    [d] = extract_free_text(text)
    assert [o.attrs["cue"] for o in d.options] == ["how about", "what about", "instead"]
    assert d.options[2].internal is None, "no judgement is invented"
    assert d.choice is not None and d.choice.option == "o2"


def test_commit_words_that_repeat_an_attempt_choose_it() -> None:
    text = ("Let me try the night train. Hmm, that's too slow. Alternatively, a budget flight. "
            "Also too expensive. What about the coach? That works well. So I'll go with the "
            "coach.")
    [d] = extract_free_text(text)
    assert [o.internal.value for o in d.options if o.internal] == [0.0, 0.0, 1.0]
    assert d.choice is not None and d.choice.option == "o3"
    assert not text[d.options[2].span[0]:d.options[2].span[1]].endswith("coach.")
    bare = "Pick a city.\nI could go to Porto. Too far.\nAlternatively, Faro. Good."
    [d] = extract_free_text(bare)
    assert len(d.options) == 2 and d.choice is None, "a task's verb is no commitment"


def test_no_choice_where_the_text_does_not_commit() -> None:
    text = ("I could take the train to Porto. Too slow.\n"
            "Alternatively, fly with a budget airline. Cheap, good.\n"
            "Answer: something by the sea")
    [d] = extract_free_text(text)
    assert len(d.options) == 2 and d.choice is None


def test_one_attempt_or_words_inside_a_sentence_are_no_options() -> None:
    assert extract_free_text("I will take the train, instead of the car. Answer: train") == []
    assert extract_free_text("Take the train. It works. Answer: the train") == []
    assert extract_free_text("Alternatively, take the train. It works.") == []
    assert cues("We went home instead of out. What about dinner?") == [(29, 39, "what about")]


def test_labelled_options_still_come_first() -> None:
    text = "Option A: the tram. Good.\nOption B: a taxi. Too expensive.\nI'll go with option A."
    [d] = extract_free_text(text)
    assert d.at == "labelled options"


def test_number_games_keep_their_exact_reading() -> None:
    text = "4 + 9 = 13. Alternatively, 10 - 4 = 6, 13 - 9 = 4, 6 * 4 = 24. Answer: (10-4)*(13-9)"
    [d] = extract_text(text, text_task("game24", "4 9 10 13"))
    assert d.at != "restarted attempts"


def test_generated_search_texts_choose_a_best_judged_attempt() -> None:
    rng = random.Random(5)
    for _ in range(200):
        sample = restart_text(rng, judged=True, follow=True)
        [d] = extract_free_text(sample.text)
        assert d.choice is not None, sample.text
        chosen = next(o for o in d.options if o.id == d.choice.option)
        best = max(o.internal.value for o in d.options if o.internal is not None)
        assert chosen.internal is not None and chosen.internal.value == best, sample.text


def test_generated_texts_without_judgements_give_no_internal_score() -> None:
    rng = random.Random(6)
    for _ in range(200):
        sample = restart_text(rng, judged=False, follow=False)
        for d in extract_free_text(sample.text):
            assert all(o.internal is None for o in d.options), sample.text


WORDS = st.sampled_from([
    "Alternatively,", "alternatively", "Instead,", "instead of", "Wait,", "wait", "what about",
    "How about", "let me try", "Let's go with that.", "the second approach", "Answer:", "good",
    "too slow", "doesn't work", "maybe", "Or maybe", "the tram", "a taxi", "scratch that",
    ".", "?", "!", ",", ";", "\n", "\n\n", " ", "Option A:", "1.", "I'll go with", "it", "x",
    "é", "\r", "\t", "attempt 2", "the last one", "Final answer:", "go with this one",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS | st.text(max_size=8), max_size=40).map(" ".join))
def test_the_parser_never_crashes_and_keeps_spans_ordered_disjoint_and_inside(text: str) -> None:
    for d in extract_restarts(text) + extract_free_text(text):
        assert len(d.options) >= 2
        ends = 0
        for o in d.options:
            a, b = o.span
            assert ends <= a < b <= len(text)
            ends = b
            for j in o.judgements:
                assert a <= j.span[0] < j.span[1] <= b
                assert 0.0 <= j.value <= 1.0
        if d.choice is not None:
            assert d.choice.option in {o.id for o in d.options}
            assert 0 <= d.choice.span[0] <= d.choice.span[1] <= len(text)


def test_backing_up_starts_an_attempt_and_try_n_is_a_label() -> None:
    """`implicit-7`: "Backing up." / "Let me go back." open an attempt at a sentence start, and
    "Going with try 3" names the option headed "Try 3:"."""
    berlin = ("First idea: rent through an agency. That fails, the fees are too high. Backing "
              "up. Next, a sublet from a colleague. That doesn't work either. Let me try a "
              "furnished flat. That works. So I'll go with the furnished flat.")
    [d] = extract_free_text(berlin)
    assert [o.internal.value if o.internal else None for o in d.options] == [0.0, 0.0, 1.0]
    assert d.choice is not None and d.choice.option == "o3"
    assert [c for *_, c in cues("I go back to the hotel. We backed up the files.")] == []
    tries = ("Try 1: more timeout. Still fails.\nTry 2: pin the seed. No luck.\n"
             "Try 3: isolate the temp dir. That works.\nGoing with try 3.")
    [d] = extract_free_text(tries)
    assert d.choice is not None and d.choice.option == "o3"


WAYS = ["the train", "the taxi", "the shuttle bus", "a rideshare", "the night bus"]
SAID = ["great", "too slow", "okay", "too expensive", "reliable", "a bad fit"]


def _reviewed(rng: random.Random) -> str:
    """Attempts put forward on one line, each with a word of its own, then a line that reviews
    them all by name, and a pick of the last attempt whatever was said."""
    ways = rng.sample(WAYS, 3)
    said = [rng.choice(SAID) for _ in ways]
    told = [rng.choice(SAID) for _ in ways]
    return ("How should I get to the airport?\n"
            f"First, I could take {ways[0]}, which is {said[0]}. Alternatively, {ways[1]}, which"
            f" is {said[1]}. Or maybe {ways[2]}, which is {said[2]}.\n"
            "Thinking it over: " + " ".join(f"{w[0].upper()}{w[1:]} is {t}." for w, t in
                                            zip(ways, told, strict=True))
            + f"\nI'll go with {ways[2]}.")


def test_the_last_attempt_does_not_take_the_review_of_them_all() -> None:
    """The review after the attempts was the last attempt's text: it took the best of every
    judgement in it, so always picking the last attempt looked like search."""
    text = ("How should I get to the airport?\nFirst, I could take the train, which is okay. "
            "Alternatively, the taxi, which is too slow. Or maybe the night bus, which is okay.\n"
            "Thinking it over: The train is great. The taxi is too slow. The night bus is a bad "
            "fit.\nI'll go with the night bus.")
    [d] = extract_free_text(text)
    assert [[j.phrase for j in o.judgements] for o in d.options] == [["okay"], ["too slow"],
                                                                     ["okay"]]
    assert d.choice is not None and d.choice.option == d.options[-1].id


def test_always_picking_the_last_attempt_after_a_review_is_not_search(tmp_path: Path) -> None:
    rng = random.Random(5)
    verdict = pooled_free_text_verdict(tmp_path, [_reviewed(rng) for _ in range(30)])
    assert not verdict.startswith("search"), verdict


def _labelled_review(rng: random.Random) -> str:
    """Labelled options with a word each, a review of them all on the lines after, and a pick
    of the last option whatever was said."""
    ways = rng.sample(WAYS, 3)
    said = [rng.choice(SAID) for _ in ways]
    told = [rng.choice(SAID) for _ in ways]
    heads = "\n".join(f"Option {'ABC'[i]}: {w}, {s}." for i, (w, s) in
                      enumerate(zip(ways, said, strict=True)))
    review = " ".join(f"Option {'ABC'[i]} is {t}." for i, t in enumerate(told))
    return f"How should I get to the airport?\n{heads}\nThinking it over: {review}\nI pick C."


def test_the_last_labelled_option_does_not_take_the_review_of_them_all(tmp_path: Path) -> None:
    """The same for labelled options: the review after "Option C: …" was option C's text. Each
    review sentence now judges the one option it is about (`freetext._read_review`)."""
    text = ("Airport?\nOption A: the train, okay.\nOption B: the taxi, too slow.\n"
            "Option C: the night bus, okay.\nThinking it over: option A is great. Option B is "
            "too slow. Option C is a bad fit.\nI pick C.")
    [d] = extract_free_text(text)
    assert [[j.phrase for j in o.judgements] for o in d.options] == [
        ["okay", "great"], ["too slow", "too slow"], ["okay", "bad"]]
    rng = random.Random(5)
    verdict = pooled_free_text_verdict(tmp_path, [_labelled_review(rng) for _ in range(30)])
    assert not verdict.startswith("search"), verdict
