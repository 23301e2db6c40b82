"""The shortcuts that make implicit search fast give what the plain way gives: events built
without validation validate to themselves, the n-gram counts are scikit-learn's array for
array, the word scan finds the matches of trying every pattern at every word, and scoring in
worker processes gives the serial reports."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from scaffold.implicit import lexicon as lx
from scaffold.implicit.calibration import PROCESSES, sample_header, texts
from scaffold.implicit.derive import derive_events
from scaffold.implicit.score import score_implicit
from scaffold.scoring.many import workers_for
from scaffold.scoring.ngram_matrix import _counts_by_dict, char_wb_ngrams, ngram_counts
from scaffold.transcript.events import CandidatesEvent, StateEvent, dump_event


def _derived_events() -> list:
    out = []
    for process in PROCESSES:
        for s in texts(process, 7, 6):
            derived = derive_events(sample_header(s), [StateEvent(step=0, text=s.text)])
            out.extend(derived.events)
    return out


def test_events_built_without_validation_validate_to_themselves() -> None:
    events = _derived_events()
    assert any(isinstance(ev, CandidatesEvent) for ev in events)
    for ev in events:
        again = type(ev).model_validate(ev.model_dump())
        assert dump_event(again) == dump_event(ev)
        assert again == ev


def test_attrs_spelled_as_non_finite_numbers_become_floats_as_validation_makes_them() -> None:
    text = "Option A: NaN\nOption B: Infinity\nOption B is better than A. I'll go with B."
    header = sample_header(texts("best_attempt", 0, 1)[0]).model_copy(
        update={"task": sample_header(texts("best_attempt", 0, 1)[0]).task.model_copy(
            update={"name": "prompt", "instance": ""})})
    for ev in derive_events(header, [StateEvent(step=0, text=text)]).events:
        assert dump_event(type(ev).model_validate(ev.model_dump())) == dump_event(ev)


def _word_texts() -> list[str]:
    rng = random.Random(5)
    words = ['works', 'wait', 'instead', "let's", "i'll", "I'd", 'go', 'with', 'pick', 'option',
             'A', 'try', 'again', 'from', 'scratch', 'dead-end', 'nope', "can't", "won't", 'not',
             'good', 'better', 'than', "doesn't", "it's", "'wait", "''go", "x'try", 'ok✓',
             'good✗', '✓✓', '2then', '_try', "don'tgo", 'ſtart', 'Keep']
    out = [s.text for p in PROCESSES for s in texts(p, 3, 5)]
    for _ in range(2000):
        out.append("".join(rng.choice(words) + rng.choice([" ", "", "'", "\n", "✓", "."])
                           for _ in range(rng.randint(1, 20))))
    return out


def _scan_reference(text: str) -> dict[str, list[tuple[int, int]]]:
    """Every pattern tried at every word that starts with one of its trigger words."""
    out: dict[str, list[tuple[int, int]]] = {k: [] for k in lx.SCANNED}
    last = dict.fromkeys(lx.SCANNED, 0)
    for w in re.finditer(r"[A-Za-z][A-Za-z']*|[✓✔✅✗✘❌]", text):
        word = w.group().lower()
        for kind, pattern in lx.SCANNED.items():
            triggers = [t for ts in lx._TRIGGERS[kind].values() for t in ts]
            if w.start() < last[kind] or not any(word.startswith(t) for t in triggers):
                continue
            m = pattern.match(text, w.start())
            if m is not None and m.end() > m.start():
                out[kind].append((m.start(), m.end()))
                last[kind] = m.end()
    return out


def test_scan_finds_what_trying_every_pattern_at_every_word_finds() -> None:
    for text in _word_texts():
        got = {k: [(m.start(), m.end()) for m in v] for k, v in lx.scan(text).items()}
        assert got == _scan_reference(text), text


def _ngram_docs(seed: int) -> list[str]:
    rng = random.Random(seed)
    chars = list("ab cd\t\n\x1c\u2003\u00a0é✓ xyz  1+2=3\U0001f600\ud800")
    docs = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 30))) for _ in range(400)]
    return docs + [t[:160] for t in _word_texts()[:300]] + ["a", "a", "  ", "ab ab ab", ""]


@pytest.mark.parametrize("seed", [2, 3])
def test_ngram_counts_are_scikit_learns_array_for_array(seed: int) -> None:
    docs = _ngram_docs(seed)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=False)
    analyze = vec.build_analyzer()
    assert all(list(char_wb_ngrams(d)) == analyze(d) for d in docs)
    ref = vec.fit_transform(docs).tocsr()
    counts = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=False,
                             use_idf=False, norm=None).fit_transform(docs).tocsr()
    # numpy's windows, the same with tables too small (the dictionaries), and the dictionaries
    for mine in (ngram_counts(docs), ngram_counts(docs, max_table=64), _counts_by_dict(docs)):
        assert mine is not None
        for name in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(mine, name), getattr(counts, name)), name
            assert getattr(mine, name).dtype == getattr(counts, name).dtype, name
        from sklearn.feature_extraction.text import TfidfTransformer
        weighted = TfidfTransformer().fit(mine).transform(mine, copy=False).tocsr()
        for name in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(weighted, name), getattr(ref, name)), name
    assert ngram_counts(["", "  "]) is None
    assert ngram_counts([]) is None


def test_ngram_counts_of_benchmark_candidates_are_the_dictionaries_counts() -> None:
    from scaffold.implicit.calib_numbers import long_trace, pick_game
    rng = random.Random(4)
    game = pick_game(rng)
    texts = [long_trace(rng, game=game).text for _ in range(20)]
    cands = [t[i:i + 160] for t in texts for i in range(0, len(t), 97)]
    mine, plain = ngram_counts(cands), _counts_by_dict(cands)
    assert mine is not None and plain is not None
    for name in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(mine, name), getattr(plain, name)), name


def test_operators_translated_by_pattern_are_what_str_translate_gives() -> None:
    from scaffold.implicit.arith_parse import _TABLE, translate
    rng = random.Random(11)
    chars = [chr(k) for k in _TABLE] + list("ab 1+2=3 x 4X5\n✓→[]*") + ["**"]
    for _ in range(3000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 40)))
        want = list(text.translate(_TABLE))
        for m in re.finditer(r"\*\*", text):  # markdown bold written, blanked
            want[m.start()] = want[m.start() + 1] = " "
        for m in re.finditer(r"(?<=[\d)])[ \t]*[xX](?=[ \t]*[\d(])", "".join(want)):
            want[m.end() - 1] = "*"
        assert translate(text) == "".join(want), text


def _write_runs(tmp: Path) -> list[Path]:
    from benchmarks.implicit import write_traces
    paths, _ = write_traces(tmp, 40, 20, seed=3)
    return paths


def test_worker_processes_give_the_serial_reports(tmp_path: Path) -> None:
    paths = _write_runs(tmp_path)
    serial = score_implicit(paths, pooled=True, workers=1)
    pooled = score_implicit(paths, pooled=True, workers=2)
    assert [r.to_json() for r in pooled] == [r.to_json() for r in serial]


def test_score_on_a_derived_transcript_gives_the_report_of_score_implicit(tmp_path: Path) -> None:
    """`score --implicit` scores the events it derives in memory (collector paused); `score`
    reads the written derived transcript back, validated: the reports are the same but for
    the path."""
    import json

    from scaffold.implicit.derive import default_output, derive_file, write_derived
    from scaffold.scoring import score_transcript
    paths = _write_runs(tmp_path)
    for path in paths:
        target = default_output(path)
        write_derived(derive_file(path), target)
        implicit = json.loads(score_implicit([path], workers=1)[0].to_json())
        derived = json.loads(score_transcript(target).to_json())
        assert implicit.pop("path") == f"{path} (implicit)"
        assert derived.pop("path") == str(target)
        assert implicit["n_decisions"] > 0
        assert derived == implicit


def test_one_file_or_little_text_is_scored_in_this_process(tmp_path: Path) -> None:
    paths = _write_runs(tmp_path)
    assert workers_for(paths[:1]) == 1
    assert workers_for(paths) == 1  # 40 traces are well under POOL_MIN_BYTES


def test_a_bad_file_among_several_fails_as_in_a_serial_run(tmp_path: Path) -> None:
    from scaffold.errors import InputError
    paths = _write_runs(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    with pytest.raises(InputError) as serial:
        score_implicit([paths[0], bad, paths[1]], workers=1)
    with pytest.raises(InputError) as pooled:
        score_implicit([paths[0], bad, paths[1]], workers=2)
    assert str(pooled.value) == str(serial.value)


def test_transcripts_still_closing_do_not_keep_scoring_on_one_core(tmp_path: Path) -> None:
    """Writing the transcripts just before scoring them leaves their close threads running
    (the last fsync); `workers_for` waits for those rather than giving up on the pool. In a
    fresh process, as the CLI and the benchmark run it: threads other tests leave in this one
    would keep it on one process whatever it does."""
    import os
    import subprocess
    import sys

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: always one process")
    script = f"""
import os, threading, time
from pathlib import Path
from benchmarks.implicit import write_traces
from scaffold.scoring.many import workers_for
from scaffold.transcript import writer_close
real_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(0.3)
    real_fsync(fd)
writer_close.os.fsync = slow_fsync
paths, _ = write_traces(Path({str(tmp_path)!r}), 300, 100, seed=1)
closing = threading.active_count() - 1  # the close threads wait in fsync
print(closing, workers_for(paths), threading.active_count())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    closing, workers, threads_after = map(int, out.stdout.split())
    assert closing >= 1
    assert workers == min(2, len(os.sched_getaffinity(0)))
    assert threads_after == 1
