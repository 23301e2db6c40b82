"""The model loader's named stages as the live app shows them: the current one with its time so
far, and a closing summary of how long each took. Plain data; the app owns the clock."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LoadStages:
    """Stages in the order the loader reported them; a repeated name (progress) is one stage."""

    started: float
    log: list[tuple[str, float]] = field(default_factory=list)
    """(stage, seconds since the load started) at each report, repeats included."""
    fraction: float = 0.0

    def enter(self, stage: str, fraction: float, now: float) -> None:
        self.log.append((stage, now - self.started))
        self.fraction = max(self.fraction, min(1.0, fraction))

    @property
    def current(self) -> str:
        return self.log[-1][0] if self.log else ""

    def durations(self, now: float) -> list[tuple[str, float]]:
        """(stage, seconds spent in it), consecutive repeats merged; the last runs to `now`."""
        out: list[tuple[str, float]] = []
        starts: list[float] = []
        for stage, at in self.log:
            if not out or out[-1][0] != stage:
                out.append((stage, 0.0))
                starts.append(at)
        if not out:
            return []
        ends = [*starts[1:], now - self.started]
        return [(stage, end - start) for (stage, _), start, end in zip(out, starts, ends,
                                                                         strict=True)]

    def status(self, now: float, timings: bool = True) -> str:
        """`hashing GGUF, 0.4 s`: the current stage and its time so far."""
        spans = self.durations(now)
        if not spans:
            return ""
        stage, seconds = spans[-1]
        return f"{stage}, {seconds:.1f} s" if timings else stage

    def summary(self, now: float) -> str:
        """`hashing GGUF 0.1 s, loading cached safetensors 1.9 s, tokenizer 0.2 s`."""
        return ", ".join(f"{stage} {s:.1f} s" for stage, s in self.durations(now)
                         if stage != "ready")
