"""A decode step's GEMMs and attention on two lanes of OpenMP threads, in one call each.

A decode step of a small model runs ~150 GEMMs of 50-300 µs each. Handing half of each to a
Python helper thread (a future, a lock, the GIL twice) cost as much as it saved. This is a tiny
C++ extension instead, whose calls release the GIL and, when torch runs on two or more
threads, run two OpenMP threads (the pool torch already keeps spinning between ops):

- `lanes(x, packed, bias, cut)`: blocks `[0, cut)` on one thread, the rest on the other, each
  block one `fbgemm_linear_fp16_weight` call: the same kernel on the same packed block as one
  thread would run, so the outputs are bit for bit those of calling the blocks in turn.
- `attend(q, keys, values, scaling, mask)`: the lean step's one-token grouped attention
  (scaffold.models.lean_decode), the same ops, half the rows on each thread; every row's
  matmuls and softmax are independent of the others', so the bits are those of all rows at
  once (tests).

The extension is compiled on first use, once per machine and source, by
`torch.utils.cpp_extension` (~30 s; a C++ compiler and ninja are needed; the build is kept in
torch's extensions folder, `$TORCH_EXTENSIONS_DIR` or `~/.cache/torch_extensions`, so a
temporary `MESASCOPE_CACHE` does not rebuild it). Where that fails, `lanes_op` returns None and
callers keep their other path.
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

SOURCE = r"""
#include <torch/extension.h>
#include <ATen/Parallel.h>
#include <ATen/ThreadLocalState.h>
#include <omp.h>
#include <exception>
#include <functional>

// `work(lane)` for lanes 0 and 1 on two OpenMP threads when torch runs on two or more (its
// thread setting is the user's), else both in turn on the caller's thread.
static void two_lanes(const std::function<void(int)>& work) {
  std::exception_ptr errors[2];
  const at::ThreadLocalState state;  // inference mode, grad mode: the caller's, on both
#pragma omp parallel num_threads(at::get_num_threads() > 1 ? 2 : 1)
  {
    const at::ThreadLocalStateGuard guard(state);
    const int lane = omp_get_thread_num();
    try {
      if (omp_get_num_threads() == 1) {
        work(0);
        work(1);
      } else if (lane < 2) {
        work(lane);
      }
    } catch (...) {
      errors[lane] = std::current_exception();
    }
  }
  for (auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// Outputs of blocks [0, cut) (lane 0) and [cut, n) (lane 1), each block one fbgemm
// fp16-weight GEMM of `x`.
std::vector<at::Tensor> lanes(const at::Tensor& x, const std::vector<at::Tensor>& packed,
                              const std::vector<at::Tensor>& bias, int64_t cut) {
  TORCH_CHECK(packed.size() == bias.size(), "one bias per packed block");
  const int64_t n = static_cast<int64_t>(packed.size());
  TORCH_CHECK(0 <= cut && cut <= n, "lane cut out of range");
  std::vector<at::Tensor> outs(n);
  two_lanes([&](int lane) {
    for (int64_t i = lane == 0 ? 0 : cut; i < (lane == 0 ? cut : n); ++i) {
      outs[i] = at::fbgemm_linear_fp16_weight(x, packed[i], bias[i]);
    }
  });
  return outs;
}

// One-token grouped attention, the ops of scaffold.models.lean_decode in the same order, the
// first half of the rows on lane 0 and the rest on lane 1: `q` [rows, kv_heads, group, dim],
// `keys`/`values` [rows, kv_heads, length, dim], `mask` [rows, 1, 1, length] (true: masked)
// or undefined. Returns [rows, kv_heads, group, dim].
at::Tensor attend(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                  double scaling, const c10::optional<at::Tensor>& mask) {
  const int64_t rows = q.size(0), half = (rows + 1) / 2;
  at::Tensor outs[2];
  two_lanes([&](int lane) {
    const int64_t start = lane == 0 ? 0 : half, end = lane == 0 ? half : rows;
    if (end <= start) return;
    at::Tensor scores = at::matmul(q.slice(0, start, end),
                                   keys.slice(0, start, end).transpose(2, 3));
    scores.mul_(scaling);
    if (mask.has_value() && mask->defined()) {
      scores.masked_fill_(mask->slice(0, start, end), -std::numeric_limits<double>::infinity());
    }
    outs[lane] = at::matmul(at::softmax(scores, -1), values.slice(0, start, end));
  });
  return outs[1].defined() ? at::cat({outs[0], outs[1]}) : outs[0];
}

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("lanes", &lanes, pybind11::call_guard<pybind11::gil_scoped_release>());
  m.def("attend", &attend, pybind11::call_guard<pybind11::gil_scoped_release>());
}
"""

EXTENSION_NAME = "mesascope_gemm_lanes"
DISABLE_ENV = "MESASCOPE_NO_GEMM_LANES"


@functools.cache
def lanes_op() -> Any:
    """The compiled extension (`lanes`, `attend`), or None where it cannot be built (no
    compiler, no OpenMP build of torch) or `MESASCOPE_NO_GEMM_LANES` is set."""
    if os.environ.get(DISABLE_ENV) or not _buildable():
        return None
    from torch.utils import cpp_extension

    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            module = cpp_extension.load_inline(
                EXTENSION_NAME, cpp_sources=SOURCE, extra_cflags=["-O2", "-fopenmp"],
                extra_ldflags=["-fopenmp"], verbose=False,
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
