"""Lossless image payloads: a typed little-endian array, base64-encoded. Never pickled."""

from __future__ import annotations

import base64
import binascii
import math
from typing import Annotated, Literal, cast

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

ArrayDType = Literal["uint8", "float16", "float32"]
MAX_IMAGE_VALUES = 64 * 1024 * 1024


def _side(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("image sides must be whole numbers")
    return value


class ImageData(BaseModel):
    """An image as (H, W) or (H, W, C) values; float images are in [-1, 1] unless noted."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    encoding: Literal["array"] = "array"
    dtype: ArrayDType
    shape: tuple[Annotated[int, BeforeValidator(_side)], ...]
    data: str

    @model_validator(mode="after")
    def _check_size(self) -> ImageData:
        if not 2 <= len(self.shape) <= 3 or any(n <= 0 for n in self.shape):
            raise ValueError(f"image shape must be (H, W) or (H, W, C), got {self.shape}")
        count = math.prod(self.shape)
        if count > MAX_IMAGE_VALUES:
            raise ValueError(f"image has {count} values, more than {MAX_IMAGE_VALUES}")
        expected = count * np.dtype(self.dtype).itemsize
        if len(self.data) != 4 * ((expected + 2) // 3):
            raise ValueError(f"image data does not match shape {self.shape} and {self.dtype}")
        try:
            decoded = len(binascii.a2b_base64(self.data, strict_mode=True))
        except (binascii.Error, ValueError):
            raise ValueError("image data is not valid base64") from None
        if decoded != expected:
            raise ValueError(f"image data does not match shape {self.shape} and {self.dtype}")
        return self

    @classmethod
    def from_array(cls, array: np.ndarray) -> ImageData:
        """Encode an array exactly; float64 is stored as float32."""
        arr = np.asarray(array)
        if arr.dtype == np.float64:
            arr = arr.astype(np.float32)
        dtype = arr.dtype.name
        if dtype not in ("uint8", "float16", "float32"):
            raise ValueError(f"unsupported image dtype {dtype}")
        shape = tuple(int(n) for n in arr.shape)
        if not 2 <= len(shape) <= 3 or any(n <= 0 for n in shape) or arr.size > MAX_IMAGE_VALUES:
            raise ValueError(f"image shape must be (H, W) or (H, W, C), got {shape}")
        le = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        data = base64.b64encode(np.ascontiguousarray(le).tobytes()).decode("ascii")
        # Every field is derived from the array and checked above, so the validator (a third
        # of the cost on a diffusion loop's hot path) has nothing left to find.
        return cls.model_construct(encoding="array", dtype=cast(ArrayDType, dtype), shape=shape,
                                   data=data)

    def to_array(self) -> np.ndarray:
        """Decode to a new native-endian array of `shape`."""
        raw = base64.b64decode(self.data, validate=True)
        arr = np.frombuffer(raw, dtype=np.dtype(self.dtype).newbyteorder("<"))
        return arr.reshape(self.shape).astype(np.dtype(self.dtype))
