"""`model_construct` without its per-call work, for the events a diffusion step builds.

pydantic's `model_construct` walks every field of the model on every call (aliases, defaults,
the set of given fields); a diffusion run builds four models per recorded state (the state, its
metrics, two image payloads) at every step, on the thread that competes with the UNet's.
`Construct(cls)(**values)` gives the same object: its first call builds it both ways and keeps
the short way only if the two agree exactly (the field values and their order, the set of given
fields, no extras or private attributes), so a pydantic that builds models differently falls
back to `model_construct` instead of producing something else.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__
_IMMUTABLE = (type(None), bool, int, float, str, tuple, frozenset)


class Construct(Generic[M]):
    """Builds `cls` from field values without validation, like `cls.model_construct`.

    Every call must name the same fields, in the order the model declares them; the fields it
    leaves out take their (immutable) defaults. The first call checks this.
    """

    def __init__(self, cls: type[M]) -> None:
        self.cls = cls
        self._fast: bool | None = None
        self._keys: tuple[str, ...] = ()
        self._missing: dict[str, Any] = {}

    @property
    def fast(self) -> bool | None:
        """Whether calls take the short way (None before the first call)."""
        return self._fast

    def __call__(self, **values: Any) -> M:
        if self._fast:
            if tuple(values) != self._keys:
                return self.cls.model_construct(**values)
            given = set(values)
            values.update(self._missing)
            model = self.cls.__new__(self.cls)
            _set(model, "__dict__", values)
            _set(model, "__pydantic_fields_set__", given)
            _set(model, "__pydantic_extra__", None)
            _set(model, "__pydantic_private__", None)
            return model
        if self._fast is None:
            return self._first(values)
        return self.cls.model_construct(**values)

    def _first(self, values: dict[str, Any]) -> M:
        reference = self.cls.model_construct(**values)
        keys = tuple(values)
        missing = {k: v for k, v in reference.__dict__.items() if k not in values}
        self._keys, self._missing = keys, missing
        self._fast = (
            getattr(self.cls, "__pydantic_post_init__", None) is None
            and reference.__pydantic_extra__ is None
            and reference.__pydantic_private__ is None
            and all(isinstance(v, _IMMUTABLE) for v in missing.values())
        )
        if self._fast:
            quick = self(**values)
            self._fast = (
                list(quick.__dict__.items()) == list(reference.__dict__.items())
                and quick.__pydantic_fields_set__ == reference.__pydantic_fields_set__
            )
        return reference
