"""Quoted texts one a line, each judged on its own line, and a closing line quoting one again:
a brainstorm of titles, slogans or subject lines (the eleventh blind probe's titles, which
no reader took as options)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task
from scaffold.implicit.model import DerivedDecision

PROSE = text_task("prompt", None)
TITLES = ["Sparse Probes Find Planning in Chess Models", "Probing for Search",
          "What the Residual Stream Knows About Lookahead", "Planning Is All You Need",
          "A Study of Internal Search in Transformers"]
SAYS = [(": too long for the venue.", 0.0), (" - overclaims, reviewers will hate it.", 0.0),
        (". Best so far, says what we did.", 1.0), (": done to death.", 0.0),
        (" - a bit vague.", None)]
OPEN = ["", "- ", "* "]  # numbered lines are labelled options, read before these


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(5)), min_size=2, max_size=5, unique=True),
       st.lists(st.sampled_from(range(5)), min_size=5, max_size=5),
       st.lists(st.sampled_from(OPEN), min_size=5, max_size=5), st.integers(0, 4),
       st.sampled_from(['Putting "{t}" on the draft.', 'Going with \u201c{t}\u201d.']))
def test_the_title_a_later_line_quotes_is_chosen_and_each_line_judges_its_own(
        titles: list[int], says: list[int], opens: list[str], pick: int, closing: str) -> None:
    lines = [f'{opens[i]}"{TITLES[t]}"{SAYS[says[i]][0]}' for i, t in enumerate(titles)]
    picked = TITLES[titles[pick % len(titles)]]
    text = "Title ideas for the workshop paper:\n" + "\n".join(lines) + "\n" + closing.format(
        t=picked.lower() if pick % 2 else picked)
    [d] = extract_text(text, PROSE)
    assert [o.attrs["label"] for o in d.options] == [TITLES[t] for t in titles]
    assert [[j.value for j in o.judgements] for o in d.options] == [
        [] if SAYS[s][1] is None else [SAYS[s][1]] for s in says[:len(titles)]]
    assert d.choice is not None
    assert d.options[pick % len(titles)].id == d.choice.option


def _decisions(closing: str) -> list[DerivedDecision]:
    text = ('Subject lines for the launch email:\n"Meet the new dashboard": bland.\n'
            '"Your data, finally in one place": the strongest.\n' + closing)
    return extract_text(text, PROSE)


def test_a_closing_line_quoting_two_options_or_none_chooses_nothing() -> None:
    for closing in ('Sending "Your data, finally in one place", not "Meet the new dashboard".',
                    "Sending the second one.", 'Sending "Hello there, friend".'):
        assert all(d.choice is None or d.at != "quoted options"
                   for d in _decisions(closing)), closing


def test_a_random_pick_is_no_choice() -> None:
    assert all(d.at != "quoted options" for d in _decisions(
        'Flipped a coin: "Meet the new dashboard" it is.'))


def test_one_word_quotes_are_no_options() -> None:
    text = '"Dashboard": bland.\n"Insights": better.\nGoing with "Insights".'
    assert all(d.at != "quoted options" for d in extract_text(text, PROSE))
