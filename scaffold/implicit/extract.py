"""Pick the extractor for a task: exact arithmetic for game24 and Countdown, else free text."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scaffold.errors import InputError
from scaffold.implicit.answer_lines import extract_answer_lines
from scaffold.implicit.answered import answered_choice, named_first, short_answer
from scaffold.implicit.arith_extract import extract_arithmetic
from scaffold.implicit.arith_nodes import unlink
from scaffold.implicit.freetext import extract_free_text
from scaffold.implicit.measured import prompt_goal
from scaffold.implicit.model import ANSWER_ONLY, DerivedDecision
from scaffold.tasks.arithmetic import COUNTDOWN_RULES, GAME24_RULES, Rules
from scaffold.tasks.target_number import parse_numbers
from scaffold.transcript.events import HeaderEvent, StateEvent

GROUNDED = ("game24", "countdown")


@dataclass(frozen=True)
class TextTask:
    """What extraction needs to know about the task: its name and, if it has a verifier, the
    numbers, the target and the rules; else the way its prompt says is better, if it does
    (`measured.prompt_goal`)."""

    name: str
    numbers: tuple[Fraction, ...] = ()
    target: Fraction | None = None
    rules: Rules | None = None
    goal: int | None = None

    @property
    def grounded(self) -> bool:
        return self.target is not None and self.rules is not None

    @property
    def verifier(self) -> str:
        return f"{self.name} verifier"


def text_task(name: str | None, instance: str | None, prompt: str | None = None) -> TextTask:
    """A game24 ("4 9 10 13") or countdown ("57: 3 8 12 40") instance; InputError if the
    instance does not parse. Any other task is free text, with the goal its `prompt` (else
    its instance) states."""
    name = (name or "prompt").strip()
    if name not in GROUNDED:
        return TextTask(name, goal=prompt_goal(prompt if prompt else instance))
    text = (instance or "").strip()
    if name == "game24":
        nums = parse_numbers(text, "instance", count=4)
        return TextTask(name, tuple(Fraction(n) for n in nums), Fraction(24), GAME24_RULES)
    from scaffold.tasks.countdown import parse_instance

    try:
        target, nums = parse_instance(text)
    except InputError as err:
        raise InputError(f"instance: {err}".replace("--puzzle: ", "")) from None
    return TextTask(name, tuple(Fraction(n) for n in nums), Fraction(target), COUNTDOWN_RULES)


def header_task(header: HeaderEvent) -> TextTask:
    """`text_task` of a transcript's header, with the prompt `import reasoning` keeps."""
    prompt = header.config.get("prompt")
    return text_task(header.task.name, header.task.instance,
                     prompt if isinstance(prompt, str) else None)


def answer_of(state: StateEvent) -> str | None:
    """The answer a recorded state carries (`import reasoning` keeps the record's), if any."""
    answer = state.attrs.get("answer")
    return answer if isinstance(answer, str) else None


WEAK_READINGS = frozenset({"restarted attempts", "rated sentences"})
"""Readings that find options by cue words or by a rating alone, not by a list's form: the
record's answer may read the text's units instead, where that judges more options."""


def _judged(decisions: list[DerivedDecision]) -> int:
    """How many options the decisions judge, whatever they chose."""
    return sum(1 for d in decisions for o in d.options if o.judgements)


def extract_text(text: str, task: TextTask, answer: str | None = None) -> list[DerivedDecision]:
    """The derived decisions of one text, each judged only by what the text says before its
    choice (`DerivedDecision.without_hindsight`). In free text where the text's words choose
    nothing, the record's `answer` chooses among the options found (`answered`), or finds them
    (`answer_lines`) where no reader did, or only a weak one that judges fewer."""
    if task.grounded:
        assert task.target is not None and task.rules is not None
        result = extract_arithmetic(text, task.numbers, task.target, task.rules)
        found = result.decisions
        unlink(result.nodes)  # only the decisions are kept: free the states without the collector
    else:
        found = extract_free_text(text, task.goal)
        if (answer := short_answer(answer)) is not None:
            found = _answered(text, found, answer, task.goal)
    return [d.without_hindsight() for d in found]


def _answered(text: str, found: list[DerivedDecision], answer: str, goal: int | None
              ) -> list[DerivedDecision]:
    """The free-text decisions with the record's answer read (`extract_text`), and no choice
    where the text says its pick was made before it says so here (`answered.named_first`).

    Which reading stands must not depend on the pick: the record's units replace the options
    a reader found only where the reader found none, or is weak and judges fewer, whether or
    not it found a choice. Replacing them where no choice was found kept the units of texts
    whose pick was not among the reader's options: a reader that finds the failing rows alone
    (by their "(36/40)") left the units to the texts that picked a passing row, and random
    picks there looked better than their options (probe 16's `jsonbench_N_random`)."""
    if all(d.choice is None for d in found):
        for d in found:
            d.choice = answered_choice(text, d, answer)
    if not any(d.options for d in found) or all(d.at in WEAK_READINGS for d in found):
        units = extract_answer_lines(text, answer, goal)
        if not any(d.options for d in found) or _judged(units) > _judged(found):
            found = units or found
    for d in found:
        if d.choice is not None and named_first(
                text, answer, d.choice.span[d.choice.rule == ANSWER_ONLY], options=d.options):
            d.choice = None
    return found
