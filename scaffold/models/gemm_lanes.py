"""fbgemm fp16 GEMMs on two lanes of torch's OpenMP threads, in one call.

A decode step of a small model runs ~150 GEMMs of 50-300 µs each. Handing half of each to a
Python helper thread (a future, a lock, the GIL twice) cost as much as it saved. This is a tiny
C++ op instead: it runs lane 0's blocks and lane 1's blocks in one `at::parallel_for` region,
on the OpenMP threads torch already keeps spinning between ops, without the GIL. Every block
is one `fbgemm_linear_fp16_weight` call, the same kernel on the same packed block as one thread
would run, so the outputs are bit for bit those of calling the blocks one after another.

The op is compiled once per machine with `torch.utils.cpp_extension` (a C++ compiler and
ninja are needed; the build lands in the mesascope cache). Where that fails, `lanes_op`
returns None and callers keep their other path.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import warnings
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import torch

from scaffold.models.weights_cache import cache_root

SOURCE = r"""
#include <torch/extension.h>
#include <ATen/Parallel.h>

// Outputs of blocks [0, cut) computed on one thread and [cut, n) on another (when torch has
// two or more threads), each block one fbgemm fp16-weight GEMM of `x`.
std::vector<at::Tensor> lanes(const at::Tensor& x, const std::vector<at::Tensor>& packed,
                              const std::vector<at::Tensor>& bias, int64_t cut) {
  TORCH_CHECK(packed.size() == bias.size(), "one bias per packed block");
  const int64_t n = static_cast<int64_t>(packed.size());
  TORCH_CHECK(0 <= cut && cut <= n, "lane cut out of range");
  std::vector<at::Tensor> outs(n);
  at::parallel_for(0, 2, 1, [&](int64_t begin, int64_t end) {
    for (int64_t lane = begin; lane < end; ++lane) {
      const int64_t first = lane == 0 ? 0 : cut, last = lane == 0 ? cut : n;
      for (int64_t i = first; i < last; ++i) {
        outs[i] = at::fbgemm_linear_fp16_weight(x, packed[i], bias[i]);
      }
    }
  });
  return outs;
}

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("lanes", &lanes, pybind11::call_guard<pybind11::gil_scoped_release>());
}
"""

EXTENSION_NAME = "mesascope_gemm_lanes"
DISABLE_ENV = "MESASCOPE_NO_GEMM_LANES"


@functools.cache
def lanes_op() -> Any:
    """The compiled `lanes(x, packed, bias, cut)` op, or None where it cannot be built (no
    compiler, no OpenMP build of torch) or `MESASCOPE_NO_GEMM_LANES` is set."""
    if os.environ.get(DISABLE_ENV) or not _buildable():
        return None
    from torch.utils import cpp_extension

    folder = cache_root() / "torch_extensions" / EXTENSION_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            module = cpp_extension.load_inline(
                EXTENSION_NAME, cpp_sources=SOURCE, extra_cflags=["-O2", "-fopenmp"],
                extra_ldflags=["-fopenmp"], build_directory=str(folder), verbose=False,
            )
        return _checked(module)
    except Exception:
        return None


def _buildable() -> bool:
    """A compiler, ninja and an OpenMP build of torch (its threads are the lanes)."""
    parallel = torch.__config__.parallel_info()
    return (
        "OpenMP" in parallel.split("ATen parallel backend:")[-1]
        and shutil.which(os.environ.get("CXX", "c++")) is not None
        and shutil.which("ninja") is not None
    )


def _checked(module: Any) -> Any:
    """The module if its lanes give the bits of plain calls on a small case, else None.

    The plain calls come first, with torch's once-per-process "deprecated" notices silenced:
    the op runs without the GIL, where such a notice would go straight to stderr."""
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(3, 40, generator=generator)
    weights = [torch.randn(n, 40, generator=generator) for n in (64, 32, 96)]
    bias = [torch.randn(w.shape[0], generator=generator) for w in weights]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        packed = [torch.fbgemm_pack_gemm_matrix_fp16(w) for w in weights]
        want = [torch.fbgemm_linear_fp16_weight(x, p, b)
                for p, b in zip(packed, bias, strict=True)]
    got = module.lanes(x, packed, bias, 1)
    same = len(got) == len(want) and all(torch.equal(a, b) for a, b in zip(got, want, strict=True))
    return module if same else None


def run_lanes(op: Any, x: torch.Tensor, first: list[tuple[torch.Tensor, torch.Tensor]],
              second: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
    """Outputs of `first`'s (packed, bias) blocks then `second`'s, the two lists on two threads."""
    blocks = first + second
    return list(op.lanes(x, [p for p, _ in blocks], [b for _, b in blocks], len(first)))
