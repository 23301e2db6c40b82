"""The base of every loop family's typed config.

A family's config is one pydantic model: its fields are the `run` flags it reads and the keys
`--set KEY=VALUE` may set, validated in one place, with bounds that say why. Unknown keys are
errors (`extra="forbid"`), so a typo never runs with a default; numbers must be finite.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scaffold.errors import InputError

MAX_SEED = 2**63 - 1
C = TypeVar("C", bound=BaseModel)


class Settings(BaseModel):
    """Frozen, strict about unknown keys and non-finite numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    def with_params(self, params: Mapping[str, Any], source: str = "fork") -> Self:
        """A copy with some fields replaced (a fork's overrides), validated like the flags."""
        return validate_config(type(self), {**self.model_dump(), **params}, source=source)


class LoopConfig(Settings):
    """Fields every family has. Subclasses add theirs."""

    seed: int = Field(0, ge=0, le=MAX_SEED, description="Random seed.")


def validate_config(
    model: type[C],
    values: Mapping[str, Any],
    *,
    source: str = "--set",
    labels: Mapping[str, str] | None = None,
    owner: str = "this loop",
) -> C:
    """Build `model` from `values`; the first bad value is one InputError naming where it came
    from (`labels[key]`, e.g. `--n`, else `{source} key`, or just the key when `source` is
    "") and why."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        where = (labels or {}).get(key) or " ".join(p for p in (source, key) if p)
        if first["type"] == "extra_forbidden":
            known = ", ".join(sorted(model.model_fields)) or "none"
            raise InputError(f"{where}: not a setting of {owner} (known: {known})") from None
        message = first["msg"].removeprefix("Value error, ")
        raise InputError(f"{where}: {message}" if where else message) from None
