"""Events built from values already of their declared types, without validation.

`built(cls, **values)` is `cls.model_construct(**values)` without its per-field alias and
default lookups, which cost more than the rest of building a derived transcript's candidates:
each model's defaults are read once. The caller vouches for the types, as with
`model_construct`; `tests/test_implicit_speed.py` checks that validating what
`scaffold.implicit.derive` builds this way changes nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_DEFAULTS: dict[type[BaseModel], tuple[dict[str, Any], tuple[str, ...]]] = {}


def _defaults(cls: type[BaseModel]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Every field in declaration order with its plain default (None where it is required or
    made by a factory), and the fields whose default comes from a factory."""
    found = _DEFAULTS.get(cls)
    if found is None:
        plain: dict[str, Any] = {}
        factories: list[str] = []
        for name, field in cls.model_fields.items():
            if field.default_factory is not None:
                factories.append(name)
                plain[name] = None
            else:
                plain[name] = None if field.is_required() else field.default
        if (any(f.alias or f.validation_alias for f in cls.model_fields.values())
                or cls.__pydantic_post_init__ or cls.__private_attributes__
                or cls.__pydantic_root_model__):
            raise TypeError(f"{cls.__name__}: aliases, post-init or private attributes "
                            "need model_construct")
        found = _DEFAULTS[cls] = (plain, tuple(factories))
    return found


_new = object.__new__
_set = object.__setattr__
# BaseModel's slots, set through their descriptors (`object.__setattr__` looks them up each time)
_set_fields_set = vars(BaseModel)["__pydantic_fields_set__"].__set__
_set_extra = vars(BaseModel)["__pydantic_extra__"].__set__
_set_private = vars(BaseModel)["__pydantic_private__"].__set__


def built(cls: type[M], **values: Any) -> M:
    """An instance of `cls` holding `values` (and the defaults of the other fields)."""
    found = _DEFAULTS.get(cls)
    plain, factories = found if found is not None else _defaults(cls)
    data = plain | values
    if len(data) != len(plain):
        raise TypeError(f"{cls.__name__}: no field {sorted(set(data) - set(plain))}")
    for name in factories:
        if name not in values:
            data[name] = cls.model_fields[name].get_default(call_default_factory=True)
    m = _new(cls)
    _set(m, "__dict__", data)
    _set_fields_set(m, set(values))
    _set_extra(m, None)
    _set_private(m, None)
    return m
