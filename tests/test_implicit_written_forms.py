"""Options written in forms a reasoning model uses besides plain text: arithmetic in LaTeX
(`\\times`, `\\div`), option heads followed by a dash, and options as the rows of a markdown
table. Spans still index the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scaffold.implicit.arith_parse import translate
from scaffold.implicit.extract import extract_text, text_task

LATEX = r"""First attempt: $4 + 9 + 10 + 13 = 36$, which overshoots.
Second attempt: $(13 - 9) \times (10 - 4) = 4 \times 6 = 24$. This works.
Third attempt: $13 + 10 - 9 + 4 = 18$, too small.
So the answer is $(13 - 9) \times (10 - 4) = 24$."""

TABLE = """| Plan | Cost | Verdict |
|---|---|---|
| A: rent a van | high | too expensive |
| B: borrow a car | low | best option |
| C: take the train | medium | slow |

I'll go with B."""

DASHED = """Approach 1 — cache the results; stale data is a bad risk.
Approach 2 – recompute each time: correct but too slow.
Approach 3 — cache with a 5-minute expiry: the best balance.
Going with approach 3."""


def _shown(text: str, task: str, instance: str | None) -> tuple[list[str], str | None]:
    (decision,) = extract_text(text, text_task(task, instance))
    options = {o.id: text[o.span[0]:o.span[1]] for o in decision.options}
    chosen = options[decision.choice.option] if decision.choice else None
    return list(options.values()), chosen


def test_latex_operators_are_read_as_arithmetic() -> None:
    options, chosen = _shown(LATEX, "game24", "4 9 10 13")
    assert len(options) == 3
    assert chosen is not None and chosen.startswith(r"(13 - 9) \times (10 - 4)")


def test_table_rows_are_labelled_options_judged_in_their_own_row() -> None:
    (decision,) = extract_text(TABLE, text_task("prompt", None))
    rows = [TABLE[o.span[0]:o.span[1]] for o in decision.options]
    assert rows == [line for line in TABLE.splitlines() if line.startswith("| ") and ":" in line]
    judged = [[j.value for j in o.judgements] for o in decision.options]
    assert judged == [[0.0], [1.0], []]
    assert decision.choice is not None and decision.choice.option == decision.options[1].id


def test_a_header_row_alone_is_not_an_option() -> None:
    text = "| Option | Verdict |\n|---|---|\n| rent a van | too expensive |\nI'll rent the van."
    assert extract_text(text, text_task("prompt", None)) == []


def test_heads_followed_by_a_dash_are_options() -> None:
    (decision,) = extract_text(DASHED, text_task("prompt", None))
    assert [o.attrs["label"] for o in decision.options] == ["1", "2", "3"]
    assert [[j.value for j in o.judgements] for o in decision.options] == [[0.0], [1.0, 0.0],
                                                                          [1.0]]
    assert decision.choice is not None and decision.choice.option == decision.options[2].id


def test_game24_attempts_in_a_table_are_options() -> None:
    text = ("| try | steps | result |\n|---|---|---|\n"
            "| A | 4 + 9 + 10 + 13 = 36 | too big |\n"
            "| B | (10 - 4) * (13 - 9) = 24 | works |\n"
            "| C | 13 + 10 - 9 + 4 = 18 | too small |\n"
            "Answer: (10 - 4) * (13 - 9) = 24")
    options, chosen = _shown(text, "game24", "4 9 10 13")
    assert len(options) == 3
    assert chosen == "(10 - 4) * (13 - 9) = 24"


VALUE_TABLE = """| # | expression | value |
|---|---|---|
| 1 | (10+4)*(13-9) | 56 |
| 2 | (10-4)*(13-9) | 24 |
| 3 | 13+10+9-4 | 28 |

{last}: (13+10+9)-4 = 24"""


def _judged(text: str) -> tuple[dict[str, list[float]], str | None]:
    (decision,) = extract_text(text, text_task("game24", "4 9 10 13"))
    judged = {text[o.span[0]:o.span[1]].split(" |")[0]: [j.value for j in o.judgements]
              for o in decision.options}
    chosen = next((text[o.span[0]:o.span[1]].split(" |")[0] for o in decision.options
                   if decision.choice and o.id == decision.choice.option), None)
    return judged, chosen


def test_a_value_column_states_each_rows_result() -> None:
    judged, chosen = _judged(VALUE_TABLE.format(last="Row 3"))
    assert judged == {"(10+4)*(13-9)": [0.0], "(10-4)*(13-9)": [1.0], "13+10+9-4": [0.0]}
    assert chosen == "13+10+9-4"


def test_a_number_cell_under_another_heading_is_no_result() -> None:
    text = VALUE_TABLE.replace("| value |", "| steps |").format(last="Answer")
    judged, _ = _judged(text)
    assert all(v == [] for k, v in judged.items() if k != "13+10+9-4")


def test_a_last_line_naming_its_row_chooses_without_judging_it() -> None:
    """"Use #3: X = 24" restates row 3 (which says 28): its "= 24" is not a judgement, or a
    random pick claiming 24 would look like the best-judged row."""
    for last in ("Use #3", "Row 3", "Going with #3", "Answer"):
        judged, chosen = _judged(VALUE_TABLE.format(last=last))
        assert chosen == "13+10+9-4", last
        assert judged["13+10+9-4"] == [0.0], last


TRIES_JSON = """Puzzle: 4 9 10 13. Tries:
[
  {"expr": "(10+4)*(13-9)", "value": 56},
  {"expr": "(10-4)*(13-9)", "value": 24},
  {'expr': '13+10+9-4', 'result': '28'}
]
Answer: 13+10+9-4 = 28"""


def test_a_records_value_field_states_the_expressions_result() -> None:
    (decision,) = extract_text(TRIES_JSON, text_task("game24", "4 9 10 13"))
    assert [[j.value for j in o.judgements] for o in decision.options] == [[0.0], [1.0], [0.0]]
    chosen = next(o for o in decision.options if decision.choice and o.id == decision.choice.option)
    assert TRIES_JSON[chosen.span[0]:chosen.span[1]].startswith("13+10+9-4")


ARROW_TREE = """Need 24 from [2 3 9 12]. 24 factors as 2x12 or 3x8.
[2 3 9 12]
  9/3=3 -> [2 12 3]
    2+3=5 -> [12 5]
      12-5=7 dead
      12*5=60 dead
  9-3=6 -> [2 12 6]
    2*6=12 -> [12 12]
      12-12=0 dead
      12+12=24 HIT
Answer: 12-(2+(9/3)) = 7"""


def test_numbers_left_in_brackets_after_an_arrow_place_each_step() -> None:
    """"-> [12 5]" names the state a step leaves, so "2x12" in the preamble (a product, not a
    step of the tree) does not pull the tree's steps out of place, and the answer restates the
    dead leaf it names."""
    found = extract_text(ARROW_TREE, text_task("game24", "2 3 9 12"))
    at = {d.at: d for d in found}
    assert {"2 3 9 12", "5 12", "12 12"} <= set(at)
    leaf = at["5 12"]
    assert leaf.choice is not None
    chosen = next(o for o in leaf.options if o.id == leaf.choice.option)
    assert ARROW_TREE[chosen.span[0]:chosen.span[1]].startswith("12-5=7")


@given(st.text(alphabet=st.sampled_from(list("0123456789 +-*/()=\\timescdvrghlf{},$")),
               max_size=80))
def test_translation_keeps_every_character_where_it_was(text: str) -> None:
    out = translate(text)
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        assert a == b or b in "*/ ()" or a in "xX"


PIECES = ["| ", " |", "\n| A: ", "\n| 2 |", "A", "B", ": ", "Option ", "Attempt 2", " — ",
          "(a) ", "1. ", "4 + 9 = 13", r" \times ", "10 - 4 = 6", " = 24", "\n", "too big",
          "works", "I'll go with B.", "| value |\n", "| 56 |", "Use #2: ", " -> [6 9 13]",
          '", "value": 24', "Answer: ", "(left: 6 9 13)", "|---|---|\n", "back to 4 9 10 13", "$"]


@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(["game24", "prompt"]))
def test_any_mix_of_these_forms_extracts_without_error(pieces: list[str], task: str) -> None:
    text = "".join(pieces)
    for d in extract_text(text, text_task(task, "4 9 10 13" if task == "game24" else None)):
        for o in d.options:
            assert 0 <= o.span[0] < o.span[1] <= len(text)


NUMBERED = """1. 4 * 9 = 36, 36 - 13 = 23, 23 + 10 = 33. No.
2. 13 - 10 = 3, 9 - 3 = 6, 6 * 4 = 24. Yes!
3. 10 + 13 = 23, 23 + 4 = 27, 27 - 9 = 18. No.
Answer: (9 - (13 - 10)) * 4 = 24"""


def test_numbered_whole_attempts_each_start_from_the_given_numbers() -> None:
    (decision,) = extract_text(NUMBERED, text_task("game24", "4 9 10 13"))
    assert decision.at == "4 9 10 13"
    firsts = [NUMBERED[o.span[0]:o.span[1]] for o in decision.options]
    assert firsts == ["4 * 9 = 36", "13 - 10 = 3", "10 + 13 = 23"]
    assert decision.choice is not None and decision.choice.option == decision.options[1].id


def test_numbered_steps_of_one_chain_stay_one_chain() -> None:
    text = "1. 10 - 4 = 6\n2. 13 - 9 = 4\n3. 6 * 4 = 24\nAnswer: (10 - 4) * (13 - 9) = 24"
    assert extract_text(text, text_task("game24", "4 9 10 13")) == []


def test_a_label_then_a_name_then_a_colon_is_a_head() -> None:
    text = ("Option A Redis: 8/10\nOption B SQLite: 3/10\nOption C flat files: 5/10\n"
            "Going with option A.")
    [decision] = extract_text(text, text_task("prompt", None))
    assert [o.internal.value if o.internal else None for o in decision.options] == [0.8, 0.3, 0.5]
    assert decision.choice is not None and decision.choice.option == "o1"


def test_a_sentence_about_a_labelled_option_is_not_a_head() -> None:
    text = ("Option A: Redis, 8/10\nOption B: SQLite, 3/10\n"
            "Option A is better than B: it is shared.\nGoing with option A.")
    [decision] = extract_text(text, text_task("prompt", None))
    assert len(decision.options) == 2
