"""Options written as lines that open with a name and a colon, no bullet, each perhaps followed
by a line that judges it (the twelfth blind probe's laptop notes: "Zenbook 14: about 18 hours,
1.44 kg." then "Middling."): the names are the options, a summary line naming several of them
is not one, and the choice is the name a commitment or the closing line says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
NAMES = ["Zenbook 14", "Framework 13", "MacBook Air 13", "Yoga Slim 7", "Swift Go 14"]
SAID = {1.0: ["Nothing else lasts that long.", "Clearly ahead.", "Solid."],
        0.5: ["Middling.", "Okay, so-so."],
        0.0: ["That's weak for all-day use.", "Too heavy for the train.", "Not great."]}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=2, max_size=5), st.integers(0, 4),
       st.integers(0, 1), st.booleans())
def test_each_named_line_is_an_option_judged_by_the_line_after_it(
        values: list[float], pick: int, form: int, summary: bool) -> None:
    n = len(values)
    pick %= n
    lines = ["Going through the ones they listed."]
    for i, v in enumerate(values):
        lines += [f"{NAMES[i]}: about {10 + i} hours in the loop test, 1.{i}4 kg.",
                  SAID[v][form % len(SAID[v])]]
    if summary:
        lines.append("Ranking by battery: " + ", ".join(NAMES[:n]) + ".")
    lines.append(f"I'd go with the **{NAMES[pick]}**.")
    [d] = extract_text("\n".join(lines), PROSE)
    assert d.at == "named lines"
    assert [o.attrs["label"] for o in d.options] == [x.lower() for x in NAMES[:n]]
    for o, v in zip(d.options, values, strict=True):
        assert v in [j.value for j in o.judgements]
    assert d.choice is not None and d.choice.option == d.options[pick].id


def test_property_lines_and_single_names_are_no_options() -> None:
    for text in ("Goal: a light laptop.\nBudget: 1200.\nNote: battery first.\nGoing with the "
                 "Zenbook 14.",
                 "Zenbook 14: about 18 hours, 1.44 kg.\nGoing with the Zenbook 14."):
        assert all(d.at != "named lines" for d in extract_text(text, PROSE)), text


def test_names_with_no_choice_or_a_random_one_are_left_to_other_readers() -> None:
    for end in ("Picked one at random: Framework 13.", "Not sure yet."):
        text = f"Zenbook 14: 18 hours. Solid.\nFramework 13: 7 hours. Weak.\n{end}"
        assert all(d.at != "named lines" for d in extract_text(text, PROSE)), text


def test_an_item_line_the_reader_cannot_name_lends_its_words_to_no_option() -> None:
    text = ("AlpineGuard: £113, £1,000 cancellation. Verdict: too low, out.\n"
            "Nomad Secure Gold - £99, £5,000 cancellation -> covers everything, the best price.\n"
            "Wanderwise Plus: £62, £5,000 cancellation. Verdict: ticks every box.\n"
            "Wanderwise Plus it is - paid.")
    [d] = extract_text(text, PROSE)
    assert d.at == "named lines"
    assert [o.attrs["label"] for o in d.options] == ["alpineguard", "wanderwise plus"]
    assert [[j.value for j in o.judgements] for o in d.options] == [[0.0], [1.0]]
    assert "Nomad" not in text[d.options[0].span[0]:d.options[0].span[1]]


def test_a_name_in_parentheses_after_a_branch_word_names_the_option() -> None:
    """The twelfth blind probe's fix branches: a long description, then "(branch …)", and
    the choice names the branch."""
    text = ("Ran the suite on each branch:\n"
            "Normalise to UTC before comparing (branch fix/dst-utc): every check passed.\n"
            "Honour datetime.fold (branch fix/dst-fold): 25 tests failed.\n"
            "Strip tzinfo and compare naive (branch fix/dst-naive): CI went red, 11 failing.\n"
            "\nGoing with fix/dst-utc; will cherry-pick onto release/2.x too.")
    [d] = extract_text(text, PROSE)
    assert [o.attrs["label"] for o in d.options] == ["fix/dst-utc", "fix/dst-fold",
                                                     "fix/dst-naive"]
    assert [o.internal.value if o.internal else None for o in d.options] == [1.0, 0.0, 0.0]
    assert d.choice is not None and d.choice.option == d.options[0].id
