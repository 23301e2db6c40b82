"""A checklist with the requirements as rows and every option marked in each (the eleventh
blind probe's "2. SAML SSO - Vaultly: yes, Cipherly: no (only Google login)"): the options are
the names marked, not the numbered requirements."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.implicit.extract import extract_text, text_task

PROSE = text_task("prompt", None)
NAMES = ["Vaultly", "Cipher Box", "KeyKeeper", "Safe-Room", "PassWise"]
NEEDS = ["SAML SSO", "audit log export", "under £10 a seat", "SOC 2 report", "EU hosting"]
MARKS = {True: ["yes", "\u2713", "pass"], False: ["no (only Google login)", "\u2717", "fail"]}


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.lists(st.lists(st.booleans(), min_size=5, max_size=5),
                                   min_size=2, max_size=5),
       st.integers(0, 2), st.integers(0, 4), st.booleans())
def test_each_name_marked_in_every_row_is_an_option_judged_by_its_marks(
        n: int, marks: list[list[bool]], form: int, pick: int, numbered: bool) -> None:
    pick %= n
    rows = [f"{f'{r + 1}. ' if numbered else ''}{NEEDS[r]} - "
            + ", ".join(f"{NAMES[i]}: {MARKS[row[i]][form]}" for i in range(n))
            for r, row in enumerate(marks)]
    text = "Checking the must-haves:\n" + "\n".join(rows) + f"\nRaising the PO for {NAMES[pick]}."
    [d] = extract_text(text, PROSE)
    assert d.at == "checklist"
    assert [o.attrs["label"] for o in d.options] == NAMES[:n]
    assert [[j.value for j in o.judgements] for o in d.options] == [
        [sum(row[i] for row in marks) / len(marks)] for i in range(n)]
    assert d.choice is not None and d.choice.option == d.options[pick].id


def test_rows_marking_different_names_or_one_row_are_no_checklist() -> None:
    for text in ("1. SSO - Vaultly: yes, KeyKeeper: no\n2. Audit - Vaultly: yes, PassWise: no\n"
                 "Going with Vaultly.",
                 "1. SSO - Vaultly: yes, KeyKeeper: no\nGoing with Vaultly."):
        assert all(d.at != "checklist" for d in extract_text(text, PROSE)), text
