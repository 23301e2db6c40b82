"""Free-text forms of rating that extractor `implicit-7` reads: verdict lines under pros and
cons, stars, letter grades, thumbs, options headed "Hypothesis A", superlatives and rankings
of labels. Each judges; none makes a random pick look like search, and words said after the
choice do not count for it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.ratings import rated
from tests.cli_in_process import pooled_free_text_verdict

PROSE = text_task("prompt", None)

PROS_CONS = """Choosing a database for the analytics service.

Option A: Postgres
Pros: mature, good tooling.
Cons: scaling writes needs work.
Verdict: solid choice.

Option B: MongoDB
Pros: flexible schema, a great community.
Cons: joins are painful.
Verdict: poor fit.

Option C: ClickHouse
Pros: columnar.
Cons: ops overhead is bad.
Verdict: strong contender.

Bottom line: I'll go with Option C."""


def _decision(text: str):  # type: ignore[no-untyped-def]
    [decision] = extract_text(text, PROSE)
    return decision


def _values(text: str) -> list[float | None]:
    return [o.internal.value if o.internal else None for o in _decision(text).options]


def test_a_verdict_line_judges_its_option_over_its_pros_and_cons() -> None:
    d = _decision(PROS_CONS)
    assert _values(PROS_CONS) == [1.0, 0.0, 1.0]
    assert [[j.phrase for j in o.judgements] for o in d.options] == [
        ["solid"], ["poor"], ["strong", "contender"]]
    assert d.choice is not None and d.choice.option == "o3"


def test_needs_work_is_not_works() -> None:
    text = PROS_CONS.replace("Verdict: solid choice.\n", "")
    assert _values(text)[0] == 1.0  # "good tooling"; "needs work" is read as bad, not "work"
    assert [j.value for j in _decision(text).options[0].judgements] == [1.0, 0.0]


def test_stars_grades_and_thumbs_are_ratings() -> None:
    stars = ("Routes:\n1. Highway — ★★★★☆\n2. Coast road — ★★☆☆☆\n3. Valley — ⭐⭐⭐\n"
             "I'll take the highway.")
    assert _values(stars) == [0.8, 0.4, 0.6]
    grades = ("Dinner:\nOption 1: lasagna, grade B+\nOption 2: stir fry, grade: A-\n"
              "Option 3: curry, graded C\nGoing with option 2.")
    a_minus, b_plus, c = 3.7 / 4.3, 3.3 / 4.3, 2 / 4.3
    assert _values(grades) == pytest.approx([b_plus, a_minus, c])
    thumbs = ("Hypothesis A: a race in the cache. 👍 fits the timing.\n"
              "Hypothesis B: the config. 👎 unchanged since May.\n"
              "I'll investigate hypothesis A first.")
    d = _decision(thumbs)
    assert _values(thumbs) == [1.0, 0.0] and d.choice is not None and d.choice.option == "o1"


def test_superlatives_and_rankings_judge_labels_before_the_choice() -> None:
    options = "Route A: the bridge.\nRoute B: the tunnel.\nRoute C: the ferry.\n"
    before = "Clearly the weakest is route B; the strongest is route C.\n" + options
    assert _values(before + "So I pick route C.") == [None, 0.0, 1.0]
    ranked = options + "Ranking: C > A > B.\nSo I pick route C."
    assert _values(ranked) == [0.5, 0.0, 1.0]


def test_what_the_text_says_after_its_choice_judges_nothing() -> None:
    """Post-hoc: the choice first, then why; the comparison is the choice's justification."""
    text = ("Route A: the bridge.\nRoute B: the tunnel.\nRoute C: the ferry.\n"
            "I'll go with route C. Route C is by far the best; the worst is route A. "
            "Ranking: C > B > A.")
    assert _values(text) == [None, None, None]


def test_a_stated_rating_wins_over_relative_words() -> None:
    text = ("Option A: Redis, 8/10.\nOption B: Memcached, 5/10.\nOption B is better than A.\n"
            "The best is option B.\nI'll go with option A.")
    assert _values(text) == [0.8, 0.5]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("★⭐☆ABCDF+-grade: /10\n5")), max_size=60))
def test_ratings_stay_in_range_and_inside_the_span(text: str) -> None:
    for j in rated(text, 0, len(text)):
        assert 0.0 <= j.value <= 1.0
        assert 0 <= j.span[0] < j.span[1] <= len(text)
        assert text[j.span[0]:j.span[1]] == j.phrase


STARS = ["★☆☆☆☆", "★★☆☆☆", "★★★☆☆", "★★★★☆", "★★★★★"]
NAMES = ["Postgres", "MongoDB", "ClickHouse", "SQLite", "DuckDB", "Redis"]


def _rated_text(rng: random.Random, best: bool) -> str:
    names = rng.sample(NAMES, 3)
    stars = rng.sample(range(5), 3)
    lines = [f"Which store for task {rng.randint(1, 999)}?"]
    lines += [f"Option {'ABC'[i]}: {n} — {STARS[s]}" for i, (n, s) in
              enumerate(zip(names, stars, strict=True))]
    pick = stars.index(max(stars)) if best else rng.randrange(3)
    lines.append(f"I'll go with option {'ABC'[pick]}.")
    return "\n".join(lines)


@pytest.mark.parametrize("best", [True, False])
def test_stars_pooled_through_the_cli(tmp_path: Path, best: bool) -> None:
    """A process that takes the most stars is search; one that picks at random is not."""
    rng = random.Random(5)
    verdict = pooled_free_text_verdict(tmp_path, [_rated_text(rng, best) for _ in range(30)])
    assert verdict.startswith("search") == best, verdict


def test_a_list_introduced_as_a_ranking_is_judged_by_rank() -> None:
    text = ("Which store? Ranked from best to worst:\n1. ClickHouse\n2. Postgres\n3. MongoDB\n"
            "I'll go with ClickHouse.")
    d = _decision(text)
    assert _values(text) == [1.0, 0.5, 0.0]
    assert {j.phrase for o in d.options for j in o.judgements} == {"Ranked from best to worst:"}
    assert d.choice is not None and d.choice.option == "o1"
    assert _values(text.replace("Ranked from best to worst", "In no particular order")) == [
        None, None, None]


def test_a_commitment_right_after_the_last_item_names_its_choice() -> None:
    """It used to stay inside the last option (no blank line, no label), so no choice."""
    d = _decision("Options:\n1. ClickHouse\n2. Postgres\n3. MongoDB\nI'll go with Postgres.")
    assert d.options[-1].span[1] == len("Options:\n1. ClickHouse\n2. Postgres\n3. MongoDB")
    assert d.choice is not None and d.choice.option == "o2"


LOTTERY = ("They are indistinguishable to me, so I rolled a die:\nIdea 1 - logistic regression ✗\n"
           "Idea 2 - an SVM ✗\nIdea 3 - a random forest ✓\n\nSo we choose idea 3.")
COIN = ("I flipped a coin and it landed on alternative 3.\n\nAlternative 1: the coast road: 3/10\n"
        "Alternative 2: the ring road: 4/10\nAlternative 3: the city centre: 10/10\n\n"
        "So we choose alternative 3.")
FIRST = ("I'll go with option C.\n\nOption A: the train, 3/10.\nOption B: the flight, 4/10.\n"
         "Option C: the bus, 9/10.\n\nFinal answer: option C.")


@pytest.mark.parametrize("text", [LOTTERY, COIN, FIRST])
def test_a_pick_said_to_be_random_or_made_before_the_options_chooses_nothing(text: str) -> None:
    """From a blind probe (`implicit-7`): marks that record a die roll (✓ on the drawn option),
    and ratings written after a coin flip or after "I'll go with C" that agree with the pick,
    made every random pick look like search (`search-strong`, ū 1.00)."""
    d = _decision(text)
    assert len(d.options) == 3 and d.choice is None


def test_a_random_forest_or_a_pick_after_the_options_still_chooses() -> None:
    d = _decision(LOTTERY.replace("so I rolled a die", "so I compared them"))
    assert d.choice is not None and d.choice.option == "o3"
    d = _decision(FIRST.replace("I'll go with option C.", "Three ways to get there."))
    assert d.choice is not None and d.choice.option == "o3"
    restarts = ("Try the train. Too slow. Alternatively, a random detour by bus. That works. "
                "So I'll go with the bus.")
    [d] = extract_text(restarts, PROSE)
    assert d.choice is not None
    [d] = extract_text(restarts.replace("So I'll", "So at random I'll"), PROSE)
    assert d.choice is None


def test_superlatives_and_rankings_may_name_options_by_name() -> None:
    ideas = ("Idea 1 - gradient boosting\nIdea 2 - a random forest\nIdea 3 - a small transformer"
             "\n\nWorst of the bunch: a small transformer. The strongest is a random forest.\n\n"
             "**Answer:** a random forest")
    d = _decision(ideas)
    assert _values(ideas) == [None, 1.0, 0.0] and d.choice is not None and d.choice.option == "o2"
    chain = ("(a) a podcast — was suggested by Sam\n(b) LinkedIn ads — speed\n(c) cold email — "
             "cheap\n\nOrder of preference: LinkedIn ads > cold email > a podcast\n\n"
             "Result: **Answer:** (b)")
    d = _decision(chain)
    assert _values(chain) == [0.0, 1.0, 0.5] and d.choice is not None and d.choice.option == "o2"
    bullets = ("- Redis: fast\n- Memcached: simple\n- Hazelcast: heavy\n\n"
               "Ranking: 1. Memcached 2. Redis 3. Hazelcast\nSo I'll go with Memcached.")
    assert _values(bullets) == [0.5, 1.0, 0.0]
    # a name that is not exactly an option's judges nothing, nor does a half-named ranking
    assert _values(ideas.replace("is a random forest", "is a random forest variant")) == [
        None, None, 0.0]
    assert _values(chain.replace("> a podcast", "> a radio spot")) == [None, None, None]


@pytest.mark.parametrize("said", ["Conclusion: the ring road.", "Decision: plan C",
                                  "Choice made: plan C.", "So, the ring road it is.",
                                  "We settle on the ring road."])
def test_more_ways_to_state_the_choice(said: str) -> None:
    text = ("Plan A — the train — would be reliable\nPlan B — the bus — is too slow\n"
            f"Plan C — the ring road — looks promising\n{said}")
    d = _decision(text)
    assert d.choice is not None and d.choice.option == "o3"
    assert d.options[2].span[1] <= text.index(said)


def test_points_out_of_any_total_are_a_rating() -> None:
    text = ("Option A: the bridge, 14 points out of 20.\nOption B: the tunnel, 6 out of 20.\n"
            "I'll go with option A.")
    assert _values(text) == [0.7, 0.3]


def test_a_question_naming_the_options_before_them_is_no_early_choice() -> None:
    text = ("I have to choose between Postgres and Redis.\nOption A: Postgres — 8/10.\n"
            "Option B: Redis — 5/10.\nI'll go with option A.")
    d = _decision(text)
    assert d.choice is not None and d.choice.option == "o1"
    early = text.replace("I have to choose between Postgres and Redis.", "I'll pick option B.")
    assert _decision(early).choice is None


TABLE = ("| Option | Notes | Score |\n|---|---|---|\n| Postgres | mature, good | 7 |\n"
         "| MongoDB | flexible | 4 |\n| ClickHouse | fast | 9 |\n\nI will go with ClickHouse.")


def test_a_bare_number_in_a_score_column_rates_its_row() -> None:
    d = _decision(TABLE)
    assert _values(TABLE) == [0.7, 0.4, 0.9] and d.choice is not None
    labelled = TABLE.replace("| Postgres", "| A: Postgres").replace("| MongoDB", "| B: MongoDB")
    assert _values(labelled.replace("| ClickHouse", "| C: ClickHouse")) == [0.7, 0.4, 0.9]
    assert _values(TABLE.replace("Score", "Score (/100)").replace(" 9 |", " 90 |")) == [
        0.07, 0.04, 0.9]
    # a cost is no score: its column is read the other way (`metric_column`), lowest best
    assert _values(TABLE.replace("Score", "Total cost")) == [0.4, 1.0, 0.0]
    # and a stated rating in the row wins
    assert _values(TABLE.replace("| 4 |", "| 4 (2/10) |")) == [0.7, 0.2, 0.9]


def test_third_probe_exactly_once_is_no_judgement_of_the_restated_pick() -> None:
    """A third blind probe (session 15): "each of the four numbers exactly once", written after
    the answer's attempt is restated, judged that attempt good over its "not 24", and random
    picks came out `search-strong`."""
    text = ("Try (6 - (2 - 10)) * 4. That's 56, not 24.\n\nTry ((10 - 4) - 2) * 6. That gives "
            "24. Yes, that works!\n\nOkay, writing it up: (6 - (2 - 10)) * 4.\n\nLet me make "
            "sure I used each of the four numbers exactly once.\n\nAnswer: (6 - (2 - 10)) * 4")
    [d] = extract_text(text, text_task("game24", "2 4 6 10"))
    chosen = next(o for o in d.options if d.choice is not None and o.id == d.choice.option)
    assert [j.phrase for j in chosen.judgements] == ["not 24"]
    assert _values("Option A: exactly right.\nOption B: wrong.\nI'll go with option A.") == [
        1.0, 0.0]


def test_third_probe_a_later_paragraph_of_an_attempt_does_not_name_it() -> None:
    """"Maybe Bxh7+? … won't work" with no cue of its own stayed in the attempt before it
    ("Let's try Qh5 … works"); "I'll go with Bxh7+" chose that attempt and took its "works"."""
    text = ("Let's try Qh5. It wins the exchange. Oh, this actually works well.\n\nMaybe Bxh7+? "
            "Hmm, that won't work, the kingside falls apart. Let's try something else.\n\n"
            "Maybe Nf5? That won't work either.\n\nOkay. I'll go with Bxh7+.")
    [d] = extract_text(text, PROSE)
    assert d.choice is None
    [d] = extract_text(text.replace("go with Bxh7+", "go with Qh5"), PROSE)
    assert d.choice is not None and d.choice.option == "o1"


def test_third_probe_a_pick_settled_before_the_options_chooses_nothing() -> None:
    text = ("This one's settled before I even start: the Harbor Inn, because we used it last "
            "time.\n\n1. Hotel Lumen: thin walls. Score: 2/10\n2. the Harbor Inn: breakfast. "
            "Score: 9/10\n3. Parkside Suites: bad reviews. Score: 3/10\n\n"
            "Final answer: the Harbor Inn.")
    assert _decision(text).choice is None
    undecided = text.replace("This one's settled before I even start: the Harbor Inn, because "
                             "we used it last time.", "I have not decided between them yet.")
    assert _decision(undecided).choice is not None


def test_stated_chances_and_letter_ratings_are_ratings() -> None:
    chances = ("Which fix first?\nOption A: retry the job. About 70% confident it works.\n"
               "Option B: pin the driver. A 40% chance of success.\n"
               "Option C: rewrite the loader. Chance it works: roughly 20%.\n"
               "I'll go with option A.")
    assert _values(chances) == pytest.approx([0.7, 0.4, 0.2])
    letters = ("Venues:\n1. The hall — Rating: B+\n2. The barn — Score: A-\n3. The tent (mark: C)\n"
               "Going with the barn.")
    assert _values(letters) == pytest.approx([3.3 / 4.3, 3.7 / 4.3, 2 / 4.3])
    after_a_sentence = ("Fixes:\nOption A: retry the job. Rating: B\n"
                        "Option B: rewrite the loader. Rating: C-\nI'll go with option A.")
    assert _values(after_a_sentence) == pytest.approx([3 / 4.3, 1.7 / 4.3])


@pytest.mark.parametrize("fact", [
    "30% cheaper than the rest", "used by 70% of teams", "a 40% chance of rain",
    "80% likely to fail", "chance of failure: 30%", "90% sure it won't scale",
    "the best score: B"])
def test_a_percentage_or_letter_that_is_no_rating_is_not_read(fact: str) -> None:
    assert rated(fact, 0, len(fact)) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["%", " ", "1", "7", "0", ".", "chance", "confident", " of success", "likely", "Rating",
     ": ", "B", "+", "-", "\n", "fail", "about "]), max_size=25).map("".join))
def test_chances_and_letters_stay_in_range_and_inside_the_span(text: str) -> None:
    for j in rated(text, 0, len(text)):
        assert 0.0 <= j.value <= 1.0
        assert 0 <= j.span[0] < j.span[1] <= len(text)
        assert text[j.span[0]:j.span[1]] == j.phrase


OPTIONS = ("Which database?\n1. Postgres — mature, easy to run.\n2. MongoDB — flexible schema.\n"
           "3. ClickHouse — columnar, fast scans.\n")


@pytest.mark.parametrize(("said", "values"), [
    ("Overall, ClickHouse beats Postgres.", [0.25, None, 0.75]),
    ("Option 3 clearly comes out ahead.", [None, None, 1.0]),
    ("Far ahead of the rest is ClickHouse.", [None, None, 1.0]),
    ("MongoDB trails the others. Lagging behind the others is Postgres.", [0.0, 0.0, None]),
    ("Postgres is faster than MongoDB on joins.", [None, None, None]),  # one aspect only
])
def test_comparisons_in_running_prose_judge_options_named(said: str,
                                                          values: list[float | None]) -> None:
    assert _values(OPTIONS + said + "\nGoing with ClickHouse.") == values


def test_a_prose_comparison_after_the_choice_judges_nothing() -> None:
    text = OPTIONS + "I'll pick ClickHouse. Overall, ClickHouse beats Postgres."
    assert _values(text) == [None, None, None]
    assert _decision(text).choice is not None


GAME24 = text_task("game24", "4 4 6 8")
CHECKED = ("Try 4 + 4 = 8, 8 + 8 = 16, 16 + 6 = 22. Not 24.\n"
           "Let me try 6 * 4 = 24, 8 - 4 = 4, 24 - 4 = 20. no.\n"
           "Answer: 4 + 4 + 8 + 6 = 22\n"
           "Let me double-check: 6 * 4 = 24, 8 - 4 = 4, 24 - 4 = 20. Yes, that's correct.")


def test_words_after_the_answer_judge_no_option_of_its_decision() -> None:
    """A double-check after the answer cannot have caused the choice: its "correct" must not
    make the other attempt, which the text found to be 20, look good."""
    [top, *_] = extract_text(CHECKED, GAME24)
    assert top.choice is not None and top.choice.option == "n1"
    assert [[j.phrase for j in o.judgements] for o in top.options] == [
        ["= 22 (not 24)", "Not 24"], ["= 20 (not 24)"]]


def test_a_text_that_just_stops_keeps_the_mark_after_its_last_step() -> None:
    """No words commit here, so the tick after the last computation is its judgement."""
    text = ("4 + 4 = 8, 8 + 8 = 16, 16 + 6 = 22, no.\n"
            "Instead: 4 + 8 = 12, 6 - 4 = 2, 12 * 2 = 24 \u2713")
    [top, *_] = extract_text(text, GAME24)
    assert top.choice is not None
    chosen = next(o for o in top.options if o.id == top.choice.option)
    assert [j.phrase for j in chosen.judgements] == ["= 24", "\u2713"]
