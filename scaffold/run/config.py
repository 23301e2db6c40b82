"""The base of every loop family's typed config.

A family's config is one pydantic model: its fields are the `run` flags it reads and the keys
`--set KEY=VALUE` may set, validated in one place, with bounds that say why. Unknown keys are
errors (`extra="forbid"`), so a typo never runs with a default.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scaffold.errors import InputError

MAX_SEED = 2**63 - 1


class LoopConfig(BaseModel):
    """Fields every family has. Subclasses add theirs; all of it is recorded in the header."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    seed: int = Field(0, ge=0, le=MAX_SEED, description="Random seed.")

    def with_params(self, params: dict[str, Any]) -> LoopConfig:
        """A copy with some fields replaced (a fork's overrides), validated like the flags."""
        return validate_config(type(self), {**self.model_dump(), **params}, source="fork")


def validate_config(
    model: type[LoopConfig], values: dict[str, Any], source: str = "--set"
) -> Any:
    """Build `model` from `values`; a bad value is one InputError naming the key and why."""
    try:
        return model.model_validate(values)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "config"
        if first["type"] == "extra_forbidden":
            known = ", ".join(sorted(model.model_fields)) or "none"
            raise InputError(f"{source} {key}: not a setting of this loop (known: {known})") from None
        raise InputError(f"{source} {key}: {first['msg']}") from None
