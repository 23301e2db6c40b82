"""Forms the fifth blind probe (`scripts/heldout_probe8.py`) wrote that gave no decision:
chances said as "a 30% shot" or "call it 60%", options named before a semicolon ("Option B -
React Native; call it 60%."), and choices said as "We'll do X." or "My call is X."."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
NAMES = ["Flutter", "React Native", "a PWA", "Xamarin"]
CHANCES = ["I'd guess a {p}% shot.", "call it {p}%.", "call it about {p}%."]
PICKS = ["We'll do {n}.", "My call is {n}.", "Let's do {n}."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(5, 95), min_size=3, max_size=3, unique=True),
       st.lists(st.sampled_from(CHANCES), min_size=3, max_size=3),
       st.integers(0, 2), st.sampled_from(PICKS))
def test_chances_and_choices_in_the_probes_words(
        pcts: list[int], says: list[str], pick: int, picked: str) -> None:
    lines = ["Which framework for the field-survey app?"]
    lines += [f"Option {'ABC'[i]} - {NAMES[i]}; {says[i].format(p=p)}" for i, p in
              enumerate(pcts)]
    lines.append(picked.format(n=NAMES[pick]))
    text = "\n".join(lines)
    [d] = extract_text(text, PROSE)
    assert [[round(j.value, 2) for j in o.judgements] for o in d.options] == [
        [p / 100] for p in pcts], text
    assert d.choice is not None and d.choice.option == d.options[pick].id, text


def test_options_put_forward_one_sentence_each_then_judged_by_name() -> None:
    """"One route is X. Another is Y. Then there's Z." named no list the reader knew."""
    text = ("Which supplier for the boxes?\n\nOne route is BoxCo. Another is Uline. We could "
            "also try Cartonex.\n\nNow, judging them: BoxCo is quick and cheap - hard to beat. "
            "Uline would drag on for months and cost a fortune. Cartonex is okay.\n\n"
            "So BoxCo it is.")
    [d] = extract_text(text, PROSE)
    assert [o.attrs["label"] for o in d.options] == ["boxco", "uline", "cartonex"]
    assert [max(j.value for j in o.judgements) for o in d.options] == [1.0, 0.0, 0.5]
    assert d.choice is not None and d.choice.option == d.options[0].id


@settings(max_examples=60, deadline=None)
@given(st.permutations(NAMES), st.sampled_from([" → ", " -> ", " : ", " => "]),
       st.sampled_from([*PICKS, "Verdict: {n}."]), st.integers(0, 3))
def test_knockout_matches_judge_each_winner_above_its_loser(
        order: list[str], arrow: str, picked: str, pick: int) -> None:
    """"X vs Y → Y" lines, the winner going on to the next match, were no options at all."""
    a, b, c, _ = order
    text = (f"Which framework?\nKnockout round:\n{a} vs {b}{arrow}{b}\n{b} vs {c}{arrow}{b}\n"
            + picked.format(n=[a, b, c][pick % 3]))
    [d] = extract_text(text, PROSE)
    judged = {str(o.attrs["label"]): max(j.value for j in o.judgements) for o in d.options}
    names = [str(o.attrs["label"]) for o in d.options]
    assert len(names) == 3 and judged[names[1]] == 0.75, text
    assert judged[names[0]] == judged[names[2]] == 0.25, text
    assert d.choice is not None and d.choice.option == d.options[pick % 3].id, text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=1, max_size=4), min_size=2, max_size=4),
       st.sampled_from([("**{n}**", "👍", "👎"), ("{n}:", "✅", "❌"), ("**{n}**", "+", "-")]),
       st.integers(0, 3))
def test_headed_pros_and_cons_judge_each_option_by_its_share_of_ticks(
        marks: list[list[bool]], style: tuple[str, str, str], pick: int) -> None:
    """Bold headings with ticked and crossed bullets: the bullets had been taken for the
    options, and the ticks for nothing."""
    head, tick, cross = style
    blocks = ["\n".join([head.format(n=NAMES[i])] + [f"- {tick if m else cross} a point"
                                                      for m in ms])
              for i, ms in enumerate(marks)]
    pick %= len(marks)
    text = "Which framework?\n\n" + "\n\n".join(blocks) + f"\n\nBottom line: {NAMES[pick]}."
    [d] = extract_text(text, PROSE)
    assert [o.internal.value if o.internal else None for o in d.options] == [
        sum(ms) / len(ms) for ms in marks], text
    assert d.choice is not None and d.choice.option == d.options[pick].id, text


def test_pros_and_cons_headings_under_one_option_are_not_options() -> None:
    text = "Pros:\n- ✅ fast\n- ✅ cheap\nCons:\n- ❌ new\n\nSo: go for it."
    assert all(d.at != "pros and cons" for d in extract_text(text, PROSE))
