"""Free-text forms of logs and lists: metrics whose name says which way is better, runs and
versions as labels, a closing line that names its pick in the option's own words, decimals
inside sentences, and a numbered list of facts that is no decision."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.measured import measured
from scaffold.implicit.prose_list import SENTENCE

SWEEP = """Grid over the tagger, 12 epochs each.
[run 1] lr=3e-4 wd=0.01 | train_loss 0.41 val_loss 0.522
[run 2] lr=1e-3 wd=0.01 | train_loss 0.22 val_loss 0.471
[run 3] lr=3e-3 wd=0.1 | train_loss 0.65 val_loss 0.703
Final config: lr=1e-3 wd=0.01 (run {pick})."""

QUERIES = """Two rewrites of the report query, timed on staging.
v1 - add a covering index on (user_id, created_at)
   Index Only Scan on events (cost=0.43..812.10 rows=910)
   Execution Time: 48.2 ms
v2 - materialise the daily totals
   Seq Scan on totals (cost=0.00..91.40 rows=4210)
   Execution Time: 131.9 ms
Going with v{pick}."""


def _decision(text: str):  # type: ignore[no-untyped-def]
    (decision,) = extract_text(text, text_task("prompt", None))
    return decision


def _values(decision) -> list[float | None]:  # type: ignore[no-untyped-def]
    return [o.internal.value if o.internal else None for o in decision.options]


def test_runs_in_brackets_are_options_judged_by_their_validation_loss() -> None:
    d = _decision(SWEEP.format(pick=2))
    assert [o.attrs["label"] for o in d.options] == ["1", "2", "3"]
    assert _values(d) == pytest.approx([(0.703 - 0.522) / (0.703 - 0.471), 1.0, 0.0])
    assert d.choice is not None and d.choice.option == d.options[1].id
    assert _decision(SWEEP.format(pick=3)).choice.option == d.options[2].id


def test_versions_are_options_judged_by_their_time() -> None:
    d = _decision(QUERIES.format(pick=1))
    assert _values(d) == [1.0, 0.0]
    assert [j.phrase for o in d.options for j in o.judgements] == [
        "Execution Time: 48.2", "Execution Time: 131.9"]
    assert d.choice is not None and d.choice.option == d.options[0].id


def test_a_metric_named_higher_is_better_ranks_the_other_way() -> None:
    text = "Option A: accuracy 0.91\nOption B: accuracy 0.87\nOption C: accuracy 0.95\n"
    spans = [(0, 24), (24, 48), (48, len(text))]
    values = [j.value for j in measured(text, spans) if j is not None]
    assert values == pytest.approx([0.5, 0.0, 1.0])


def test_a_metric_one_option_states_alone_judges_nothing() -> None:
    text = "Option A: val_loss 0.3, fine\nOption B: looks fine too\n"
    assert measured(text, [(0, 29), (29, len(text))]) == [None, None]


def test_an_unnamed_number_is_no_measurement() -> None:
    """No direction stated and no metric name: 12 and 40 could be anything."""
    text = "Option A: 12 widgets\nOption B: 40 widgets\n"
    assert measured(text, [(0, 21), (21, len(text))]) == [None, None]


TITLES = """Headline ideas, each with the editor's note.
1. "Nine Lessons From Rewriting Our Billing Engine" - editor: "too long for mobile"
2. "The Cache That Ate Our Latency" - editor: "punchy; exactly the story"
3. "Notes on a Quiet Migration" - editor: "flat"
{last}"""


def test_a_closing_line_that_repeats_one_option_chooses_it() -> None:
    d = _decision(TITLES.format(last='Headline: "The Cache That Ate Our Latency".'))
    assert d.choice is not None and d.choice.option == d.options[1].id
    assert d.options[2].span[1] <= TITLES.index("{last}")


def test_a_closing_line_that_judges_or_names_nothing_chooses_nothing() -> None:
    for last in ("Honestly they are all flat.", "Sent to the CMS.",
                 'Not "The Cache That Ate Our Latency".',
                 "Nine of them, the cache and the migration."):
        assert _decision(TITLES.format(last=last)).choice is None, last


FACTS = """The pump trips every night. What we know:
1. It trips between 02:00 and 03:00
2. The tank level is normal when it does
3. The breaker was replaced last month
Seal leak (score 3/10): would show a low tank.
Timer fault (score 8/10): matches the hour exactly.
Going with the timer fault."""


def test_a_numbered_list_of_facts_gives_way_to_a_reading_that_finds_judgements() -> None:
    d = _decision(FACTS)
    assert [FACTS[o.span[0]:o.span[1]].split(" (")[0] for o in d.options] == [
        "Seal leak", "Timer fault"]
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_a_numbered_list_with_nothing_else_stays_the_options() -> None:
    text = "Steps:\n1. Boil water\n2. Add pasta\n3. Drain"
    d = _decision(text)
    assert len(d.options) == 3 and d.choice is None


@given(st.lists(st.sampled_from(["Reviews 4.5/5", " over 12 jobs", ".", " ", "\n", "e.g.",
                                 " v1.2 ships", "!", "?", "3.14", "Done"]), max_size=25))
def test_a_sentence_ends_only_at_a_point_before_a_space_or_the_end(pieces: list[str]) -> None:
    """...or runs on past an ellipsis before a lower-case word ("Typing 'jade'... red light.")."""
    text = "".join(pieces)
    for m in SENTENCE.finditer(text):
        if m.group()[-1] in ".!?":
            assert m.end() == len(text) or text[m.end()].isspace()
        for i in range(m.start(), m.end() - 1):
            ellipsis = text[i - 1:i + 1] == ".." and text[i + 1:].lstrip(" \t")[:1].islower()
            if text[i] in ".!?" and text[i + 1].isspace() and not ellipsis:
                raise AssertionError(f"{text!r}: the sentence runs past the end at {i}")


def test_a_decimal_rating_stays_in_its_sentence() -> None:
    text = "Ace Roofing: reviews 4.5/5 from 80 jobs. Bolt Roofing: reviews 3.1/5 from 40 jobs."
    assert [m.group().strip() for m in SENTENCE.finditer(text)] == [
        "Ace Roofing: reviews 4.5/5 from 80 jobs.", "Bolt Roofing: reviews 3.1/5 from 40 jobs."]


BATCHES = """Three doughs, same oven.
- rye sour -> tasted: dense and far too sour
- spelt -> tasted: light, the best crumb of the three
- plain white -> tasted: fine, a bit bland
{last}"""


def test_a_closing_line_naming_one_bullet_alone_chooses_it() -> None:
    d = _decision(BATCHES.format(last="Baking spelt for the weekend."))
    assert [o.attrs["label"] for o in d.options] == ["rye sour", "spelt", "plain white"]
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_a_closing_line_naming_two_or_judging_chooses_nothing() -> None:
    for last in ("Spelt or rye sour, then.", "Plain white was fine too.",
                 "Picked rye sour at random.", "Done for today.", "Never spelt again."):
        assert _decision(BATCHES.format(last=last)).choice is None, last


BAKEOFF = """Five-fold CV on the churn data, scoring=roc_auc (AUC).
Logistic regression: 0.701 (std 0.012).
Then a random forest, 0.744 ± 0.010.
Gradient boosting gets 0.762 +/- 0.015.
{last}"""


def test_sentences_each_stating_a_mean_and_spread_are_options_judged_by_it() -> None:
    d = _decision(BAKEOFF.format(last="Shipping gradient boosting. Will monitor drift."))
    assert d.at == "rated sentences"
    assert _values(d) == pytest.approx([0.0, (0.744 - 0.701) / (0.762 - 0.701), 1.0])
    assert d.choice is not None and d.choice.option == d.options[2].id


def test_means_without_a_metric_that_says_which_way_judge_nothing() -> None:
    text = BAKEOFF.replace("scoring=roc_auc (AUC)", "three models").format(
        last="Shipping gradient boosting.")
    assert extract_text(text, text_task("prompt", None)) == []


def test_an_error_in_percent_after_the_value_is_lower_better() -> None:
    text = ("Checked against one point.\n- Model one: predicts 80, 40% off.\n"
            "- Model two: predicts 60, 5% off.\nGoing with model two.")
    d = _decision(text)
    assert _values(d) == [0.0, 1.0]
    assert d.choice is not None and d.choice.option == d.options[1].id


KEYS = """The lock wants a four-letter word; the clue says 'a bird'.
Candidates: 'wren', 'kite', 'dove'.
Typing 'wren'... red light.
tried 'kite' - still locked
Typing 'dove'... it opens!
The word is 'dove'."""


def test_terse_outcomes_of_tries_judge_the_key_tried() -> None:
    d = _decision(KEYS)
    assert [[j.value for j in o.judgements] for o in d.options] == [[0.0], [0.0], [1.0]]
    assert d.choice is not None and d.choice.option == d.options[2].id


def test_outcome_words_inside_a_sentence_judge_nothing() -> None:
    from scaffold.implicit.lexicon import judgements_in

    for said in ("We accepted the offer and locked the price.", "The door is locked now.",
                 "They were in.",
                 "We're in trouble here."):
        assert judgements_in(said) == [], said


TIMINGS = """Three builds of the renderer, median of 7 runs, lower is better.
  - the streaming writer -> 410 ms
  the template engine: 95 ms
  the legacy path: 230 ms
Approving the template engine; closing the other two."""


def test_lines_each_timing_one_option_are_judged_in_the_stated_direction() -> None:
    d = _decision(TIMINGS)
    assert [j.phrase for o in d.options for j in o.judgements] == ["410 ms", "95 ms", "230 ms"]
    assert _values(d) == pytest.approx([0.0, 1.0, (410 - 230) / (410 - 95)])
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_quantities_in_different_units_are_no_measurements() -> None:
    text = TIMINGS.replace("95 ms", "95 MB")
    assert all(not o.judgements for d in extract_text(text, text_task("prompt", None))
               for o in d.options)


LOOKED_AT = """Which CI to adopt for the monorepo.
I've looked at Buildkite, CircleCI and Jenkins.
{ranking}
Buildkite it is."""


@pytest.mark.parametrize(("ranking", "values"), [
    ("Best: Buildkite, then CircleCI, worst Jenkins.", [1.0, 0.5, 0.0]),
    ("From best to worst: Buildkite, CircleCI, Jenkins.", [1.0, 0.5, 0.0]),
    ("From worst to best: Jenkins, CircleCI, Buildkite.", [1.0, 0.5, 0.0]),
    ("Ranking: Jenkins > CircleCI > Buildkite.", [0.0, 0.5, 1.0]),
])
def test_names_the_writer_looked_at_are_ranked_by_a_ranking_line(
        ranking: str, values: list[float]) -> None:
    d = _decision(LOOKED_AT.format(ranking=ranking))
    assert [o.attrs.get("label") for o in d.options] == ["buildkite", "circleci", "jenkins"]
    assert [min(j.value for j in o.judgements) for o in d.options] == values
    assert d.choice is not None and d.choice.option == d.options[0].id


def test_a_ranking_that_names_a_non_option_ranks_nothing() -> None:
    d = _decision(LOOKED_AT.format(ranking="Best: Buildkite, then GitLab, worst Jenkins."))
    assert all(j.phrase != "Best: Buildkite, then GitLab, worst Jenkins."
               for o in d.options for j in o.judgements)


def test_a_conversion_rate_written_two_ways_is_one_metric_to_raise() -> None:
    text = ("Checkout test, two weeks:\n- Variant A, one page: CR 3.10% on 4,000 sessions\n"
            "- Variant B, three steps: 2.40% conversion, n=3,900\n"
            "- Variant C, two steps: CR 2.75% on 4,100 sessions\nRolling out variant A.")
    d = _decision(text)
    assert [j.phrase for o in d.options for j in o.judgements] == [
        "CR 3.10", "2.40% conversion", "CR 2.75"]
    assert _values(d) == pytest.approx([1.0, 0.0, 0.5])


LOSSES = """Ablations for the parser finished; lower validation loss wins.
The char-CNN reached a validation loss of 0.812 after 9 epochs.
The BiLSTM ended at a validation loss of 0.644 after 14 epochs.
The small transformer settled at a validation loss of 0.701 after 12 epochs.
Keeping the BiLSTM for the release."""

COMMUTES = """Which way to the airport? Fastest wins, tolls don't matter.
Via the B1030 and Colchester: 71 minutes right now.
The A12 route - 58 minutes right now, no roadworks.
Via the M11 and A120: 64 minutes right now.
Taking the {pick}."""


def test_a_metric_named_before_of_and_its_value_judges_each_sentence() -> None:
    """The eleventh blind probe: "a validation loss of 0.610" was no named metric, only
    "validation loss 0.610" was."""
    d = _decision(LOSSES)
    assert [j.phrase for o in d.options for j in o.judgements] == [
        "validation loss of 0.812", "validation loss of 0.644", "validation loss of 0.701"]
    assert _values(d) == pytest.approx([0.0, 1.0, (0.812 - 0.701) / (0.812 - 0.644)])
    assert d.choice is not None and d.choice.option == d.options[1].id


@pytest.mark.parametrize(("pick", "index"), [("A12", 1), ("M11", 2), ("B1030", 0)])
def test_fastest_wins_ranks_times_lower_first_and_a_road_number_names_its_option(
        pick: str, index: int) -> None:
    """Words with digits ("A12", "M11") name options as words do."""
    d = _decision(COMMUTES.format(pick=pick))
    assert _values(d) == pytest.approx([0.0, 1.0, (71 - 64) / (71 - 58)])
    assert d.choice is not None and d.choice.option == d.options[index].id


def test_a_ratio_beside_a_time_leaves_the_time_the_measurement() -> None:
    text = ("Two builds, lower is better. The cached build took 41 ms (2.5x faster). "
            "The clean build took 103 ms. Shipping the cached build.")
    d = _decision(text)
    assert [j.phrase for o in d.options for j in o.judgements] == ["41 ms", "103 ms"]


DEBRIEF = """Panel debrief for the data engineer role, scores out of 5.

Ines Duarte. Ines sketched the pipeline cleanly but skipped the failure cases. A 3 out of 5 from me.

Marek Novak. Marek found the race in the loader before we hinted at it. I'd give him a 5 out of 5.

Sade Okafor. Solid on SQL, shaky on streaming. Score: 4/5.

Offer goes to {pick}."""


@pytest.mark.parametrize(("pick", "index"), [("Marek Novak", 1), ("Ines Duarte", 0)])
def test_a_paragraph_ending_in_its_rating_is_the_option_it_names(pick: str, index: int) -> None:
    """The eleventh blind probe: each candidate's paragraph opens with the name and ends with
    the rating; the rated sentence alone names no one, so only a pick whose rating sentence
    happened to say the name ("I'd give Hugo a 5") was read."""
    d = _decision(DEBRIEF.format(pick=pick))
    assert [DEBRIEF[o.span[0]:o.span[0] + 11] for o in d.options] == [
        "Ines Duarte", "Marek Novak", "Sade Okafor"]
    assert _values(d) == pytest.approx([0.6, 1.0, 0.8])
    assert d.choice is not None and d.choice.option == d.options[index].id


def test_a_first_rated_sentence_in_the_texts_first_paragraph_stays_a_sentence() -> None:
    """The opening paragraph says what the text is about: its words are no option's."""
    text = DEBRIEF.format(pick="Marek Novak").replace(" out of 5.\n\nInes", " out of 5. Ines")
    d = _decision(text)
    assert text[d.options[1].span[0]:].startswith("I'd give him")


BENCHED = """Timed the three parsers on the 1M-line fixture, median of 9 runs.
The regex parser took 412.0 ms. The hand-rolled scanner took 96.5 ms, the quickest.
The PEG parser took 1,210.3 ms.
Merging the hand-rolled scanner."""


def test_times_each_run_took_are_lower_better_with_no_stated_direction() -> None:
    """The eleventh blind probe's code review: "`sort_sweep` took 62.8 ms" said no direction,
    so the timings judged nothing."""
    d = _decision(BENCHED)
    assert _values(d) == pytest.approx([(1210.3 - 412.0) / (1210.3 - 96.5), 1.0, 0.0])
    assert d.choice is not None and d.choice.option == d.options[1].id


def test_hours_a_battery_lasts_are_no_durations_to_lower() -> None:
    text = ("Battery tests.\nThe Zenbook lasted 18 hours.\nThe Framework lasted 9 hours.\n"
            "Buying the Zenbook.")
    assert extract_text(text, text_task("prompt", None)) == []
