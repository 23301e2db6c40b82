"""`Construct` builds exactly what pydantic's `model_construct` builds, or falls back to it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from scaffold.loops.diffusion_construct import Construct
from scaffold.transcript.events import MetricsEvent, StateEvent
from scaffold.transcript.images import ImageData


def _same(a: BaseModel, b: BaseModel) -> None:
    assert type(a) is type(b)
    assert list(a.__dict__.items()) == list(b.__dict__.items())
    assert a.__pydantic_fields_set__ == b.__pydantic_fields_set__
    assert a.__pydantic_extra__ == b.__pydantic_extra__
    assert a.__pydantic_private__ == b.__pydantic_private__
    assert a.model_dump_json() == b.model_dump_json()


def test_state_metrics_and_images_are_built_as_model_construct_builds_them() -> None:
    image = Construct(ImageData)
    state, metrics = Construct(StateEvent), Construct(MetricsEvent)
    for step in range(3):  # the first call checks, the later ones take the short way
        img = dict(encoding="array", dtype="float32", shape=(1, 1), data="AAAAAA==")
        _same(image(**img), ImageData.model_construct(**img))
        values = dict(event="state", step=step, parent=None if step == 0 else step - 1,
                      text=None, image=ImageData.model_construct(**img), preview=None,
                      final=step == 2, attrs={"t": 1.0 * step, "posterior": [0.5, 0.5]})
        built = state(**values)
        _same(built, StateEvent.model_construct(**values))
        StateEvent.model_validate(built.model_dump())  # and it is a valid event
        m = dict(event="metrics", step=step, tokens=None, nfe=2, wall_s=0.01, attrs={})
        _same(metrics(**m), MetricsEvent.model_construct(**m))
    assert image.fast and state.fast and metrics.fast


def test_other_field_sets_and_mutable_defaults_fall_back_to_model_construct() -> None:
    class WithList(BaseModel):
        a: int
        items: list[int] = Field(default_factory=list)

    build = Construct(WithList)
    first, second = build(a=1), build(a=2)
    assert build.fast is False  # a default made by a factory must be new for every object
    _same(first, WithList.model_construct(a=1))
    assert second.items == [] and second.items is not first.items

    state = Construct(MetricsEvent)
    state(event="metrics", step=0, tokens=None, nfe=1, wall_s=0.1, attrs={})
    assert state.fast
    other = state(event="metrics", step=1, nfe=3)  # not the fields of the first call
    _same(other, MetricsEvent.model_construct(event="metrics", step=1, nfe=3))
