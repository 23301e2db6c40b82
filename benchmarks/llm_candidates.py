"""K candidates of N new tokens: batched (one prompt encoding, shared KV) vs one at a time.

Same run, same prompt, same GGUF, same threads: our batched sampler (fp32 arithmetic on
fp16-stored linear weights, the default) against llama.cpp decoding the same K sequences in
one batch and llama.cpp single-stream (both in worker processes,
benchmarks/llama_cpp_batched.py), the three arms interleaved `--repeats` times, each arm
running for at least `--min-seconds`; the ratios are per repeat, reported as median and range.
Then, alternating: our batch with the lean decode step and through transformers' layers (CPU
ms per step). Then once: our sampler called K times, the same batch with fp32 weights packed
for oneDNN and with plain nn.Linear on MKL, the same batch in bf16, and transformers' own
`generate(num_return_sequences=K)`. The roofline: bytes of weights a decode step streams, the
memory bandwidth measured in the same run, and the fraction of that limit reached. Every
stream is forced to exactly N new tokens. `--json` prints one JSON line. Targets: batched >=
3x sequential, >= 1.5x llama.cpp single-stream, >= 1.0x llama.cpp batched.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from machine import describe

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PROMPT = "Use the numbers 4 9 10 13 and + - * / to make 24. Propose one next step."
LOAD_SNIPPET = (
    "import time; t=time.perf_counter(); from scaffold.models.load import load_text_model; "
    "load_text_model(); print(time.perf_counter()-t)"
)


def start_seconds(cache: str | None) -> float:
    """Wall time of a fresh process importing and loading the embedded model."""
    env = {**os.environ, **({"MESASCOPE_CACHE": cache} if cache else {})}
    out = subprocess.run(
        [sys.executable, "-c", LOAD_SNIPPET], env=env, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def timed(fn: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t0


def timed_until(fn: Any, seconds: float) -> tuple[int, float]:
    """Call `fn(i)` (which returns a token count) until `seconds` have passed: tokens, time."""
    tokens, t0, i = 0, time.perf_counter(), 0
    while i == 0 or time.perf_counter() - t0 < seconds:
        tokens += fn(i)
        i += 1
    return tokens, time.perf_counter() - t0


class LlamaWorker:
    """llama.cpp decoding `k` sequences per step in its own process (llama_cpp_batched.py)."""

    def __init__(self, prompt_text: str, k: int, threads: int) -> None:
        from scaffold.models.embedded import embedded_gguf_path

        script = str(Path(__file__).with_name("llama_cpp_batched.py"))
        self.proc = subprocess.Popen(
            [sys.executable, script, str(embedded_gguf_path()), str(k), str(threads)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        self.ready = self._ask(json.dumps(prompt_text))

    def _ask(self, line: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError("llama.cpp worker exited")
        return dict(json.loads(answer))

    def run(self, new: int, seed: int) -> int:
        return int(self._ask(json.dumps({"new": new, "seed": seed}))["tokens"])

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def interleaved(model: Any, chat: list[Any], args: argparse.Namespace) -> dict[str, Any]:
    """Ours batched, llama.cpp batched and llama.cpp single-stream, interleaved per repeat."""
    from scaffold.models.text_model import SamplingParams

    k, new = args.k, args.new_tokens
    prompt_text = model.tokenizer.decode(model.prompt_ids(chat))
    batched_llama = LlamaWorker(prompt_text, k, args.threads)
    single_llama = LlamaWorker(prompt_text, 1, args.threads)

    def ours(i: int) -> int:
        params = SamplingParams(n=k, max_new_tokens=new, temperature=0.7, seed=100 + i)
        return sum(g.n_tokens for g in model.generate(chat, params, min_new_tokens=new))

    arms: dict[str, list[float]] = {"batched": [], "llama_cpp_batched": [], "llama_cpp": []}
    try:
        for _ in range(args.repeats):
            for name, fn in (("batched", ours),
                             ("llama_cpp_batched", lambda i: batched_llama.run(new, i)),
                             ("llama_cpp", lambda i: single_llama.run(new, i))):
                tokens, seconds = timed_until(fn, args.min_seconds)
                arms[name].append(tokens / seconds)
    finally:
        batched_llama.close()
        single_llama.close()
    out: dict[str, Any] = {f"{name}_tok_s": statistics.median(v) for name, v in arms.items()}
    out["runs_tok_s"] = {name: [round(x, 1) for x in v] for name, v in arms.items()}
    for other in ("llama_cpp_batched", "llama_cpp"):
        ratios = [a / b for a, b in zip(arms["batched"], arms[other], strict=True)]
        out[f"batched_over_{other}"] = statistics.median(ratios)
        out[f"batched_over_{other}_range"] = [round(min(ratios), 3), round(max(ratios), 3)]
    out["llama_cpp_prompt_tokens"] = batched_llama.ready["prompt_tokens"]
    return out


def roofline_numbers(model: Any, args: argparse.Namespace, batched_tok_s: float,
                     prompt_tokens: int) -> dict[str, Any]:
    from roofline import bandwidth, kv_bytes_per_step, linears_steps_s

    from scaffold.models.embedded import embedded_gguf_path
    from scaffold.models.packed_linear import linear_weight_bytes

    bw = bandwidth(args.threads)
    weights = linear_weight_bytes(model.model)
    kv = kv_bytes_per_step(model.model.config, args.k, prompt_tokens + args.new_tokens / 2)
    steps_s = batched_tok_s / args.k
    limit = bw["copy_gb_s"] * 1e9 / weights
    linears = linears_steps_s(model.model, args.k)
    return {
        **bw,
        "weight_bytes_per_step": weights,
        "kv_bytes_per_step_mean": round(kv),
        "gguf_bytes": embedded_gguf_path().stat().st_size,
        "batched_steps_s": steps_s,
        "roofline_steps_s": limit,
        "roofline_fraction": steps_s / limit,
        "roofline_fraction_with_kv": steps_s / (bw["copy_gb_s"] * 1e9 / (weights + kv)),
        # the step's GEMMs alone, nothing else: how much of the bandwidth limit they allow
        "linears_only_steps_s": linears,
        "linears_only_roofline_fraction": linears / limit,
        "fraction_of_linears_only": steps_s / linears,
    }


def transformers_numbers(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from scaffold.models.load import load_text_model
    from scaffold.models.text_model import ChatMessage, SamplingParams

    k, new, threads = args.k, args.new_tokens, args.threads
    torch.set_num_threads(threads)
    os.environ["MESASCOPE_SAMPLING_THREADS"] = str(threads)  # the backend's own thread setting
    chat = [ChatMessage("user", PROMPT)]
    model: Any = load_text_model()
    params = SamplingParams(n=k, max_new_tokens=new, temperature=0.7, seed=1)
    model.generate(chat, SamplingParams(n=2, max_new_tokens=4))  # warm-up
    prompt_ids = model.prompt_ids(chat)
    result = interleaved(model, chat, args)
    result.update(roofline_numbers(model, args, result["batched_tok_s"], len(prompt_ids)))
    result["numerics"] = model.numerics
    # at 2+ threads: GEMMs and attention on two OpenMP lanes (scaffold.models.gemm_lanes), same bits
    result["two_lanes"] = model.lean is not None and model.lean.lanes is not None
    result["prompt_tokens"] = len(prompt_ids)
    result.update(lean_numbers(model, chat, args))
    if args.anchor_only:
        return result

    batched, batched_s = timed(lambda: model.generate(chat, params, min_new_tokens=new))
    one = SamplingParams(n=1, max_new_tokens=new, temperature=0.7)
    sequential, sequential_s = timed(
        lambda: [
            model.generate(chat, SamplingParams(**{**one.__dict__, "seed": s}), min_new_tokens=new)
            for s in range(k)
        ]
    )
    _, first_s = timed(lambda: model.generate(chat, SamplingParams(n=k, max_new_tokens=1)))
    _, first_one_s = timed(lambda: model.generate(chat, SamplingParams(n=1, max_new_tokens=1)))

    # transformers' own generate: does it encode the prompt once or K times?
    rows: list[int] = []
    embed = model.model.get_input_embeddings()
    hook = embed.register_forward_pre_hook(lambda _m, a: rows.append(a[0].shape[0]))
    ids = torch.tensor([prompt_ids])
    with torch.inference_mode():
        hf_out, hf_s = timed(lambda: model.model.generate(
            ids, attention_mask=torch.ones_like(ids), do_sample=True, temperature=0.7,
            max_new_tokens=new, min_new_tokens=new, num_return_sequences=k,
        ))
    hook.remove()
    hf_tokens = (hf_out.shape[1] - len(prompt_ids)) * k

    variants = {}
    for kind in ("fp32", "none"):
        other = same_weights(model, kind)
        other.generate(chat, SamplingParams(n=2, max_new_tokens=4))
        variants[kind] = timed(lambda m=other: m.generate(chat, params, min_new_tokens=new))
        del other
    (fp32_out, fp32_s), (unpacked_out, unpacked_s) = variants["fp32"], variants["none"]

    bf16: Any = load_text_model(dtype="bfloat16")
    bf16.generate(chat, SamplingParams(n=2, max_new_tokens=4))
    bf16_out, bf16_s = timed(lambda: bf16.generate(chat, params, min_new_tokens=new))

    batched_tokens = sum(g.n_tokens for g in batched)
    sequential_tokens = sum(g[0].n_tokens for g in sequential)
    result.update({
        "batched_once_tok_s": batched_tokens / batched_s,
        "sequential_tok_s": sequential_tokens / sequential_s,
        "fp32_packed_batched_tok_s": sum(g.n_tokens for g in fp32_out) / fp32_s,
        "fp32_packed_same_tokens": [g.text for g in fp32_out] == [g.text for g in batched],
        "unpacked_batched_tok_s": sum(g.n_tokens for g in unpacked_out) / unpacked_s,
        "unpacked_same_tokens": [g.text for g in unpacked_out] == [g.text for g in batched],
        "bf16_batched_tok_s": sum(g.n_tokens for g in bf16_out) / bf16_s,
        "hf_generate_tok_s": hf_tokens / hf_s,
        "hf_generate_prefill_rows": rows[0],
        "first_token_latency_s": first_s,
        "first_token_latency_single_s": first_one_s,
        "tokens_checked": batched_tokens == k * new and sequential_tokens == k * new,
    })
    result["batched_over_sequential"] = result["batched_once_tok_s"] / result["sequential_tok_s"]
    return result


def lean_numbers(model: Any, chat: list[Any], args: argparse.Namespace) -> dict[str, Any]:
    """Our batch with the lean decode step and through transformers' layers, alternating
    `--repeats` times: CPU ms per decode step (`time.thread_time`, the calling thread only, so
    other jobs' time slices do not count), the wall-time ratio, and whether the tokens match."""
    from scaffold.models.text_model import SamplingParams

    if model.lean is None:
        return {"lean_step": False}
    k, new = args.k, args.new_tokens
    cpu: dict[str, list[float]] = {"lean": [], "layers": []}
    ratios: list[float] = []
    same = True
    lean = model.lean
    try:
        for i in range(args.repeats):
            params = SamplingParams(n=k, max_new_tokens=new, temperature=0.7, seed=200 + i)
            outs, walls = {}, {}
            for name in ("layers", "lean") if i % 2 else ("lean", "layers"):
                model.lean = lean if name == "lean" else None
                t0, c0 = time.perf_counter(), time.thread_time()
                outs[name] = model.generate(chat, params, min_new_tokens=new)
                walls[name] = time.perf_counter() - t0
                cpu[name].append((time.thread_time() - c0) / new * 1e3)
            ratios.append(walls["layers"] / walls["lean"])
            same = same and outs["lean"] == outs["layers"]
    finally:
        model.lean = lean
    return {
        "lean_step": True,
        "lean_cpu_ms_per_step": statistics.median(cpu["lean"]),
        "layers_cpu_ms_per_step": statistics.median(cpu["layers"]),
        "lean_over_layers_cpu": statistics.median(
            [b / a for a, b in zip(cpu["lean"], cpu["layers"], strict=True)]),
        "lean_over_layers_wall": statistics.median(ratios),
        "lean_same_generations": same,
    }


def same_weights(packed: Any, kind: str) -> Any:
    """The same cached fp32 weights behind our backend, linears packed as `kind`."""
    from transformers import AutoModelForCausalLM

    from scaffold.models.transformers_backend import TransformersTextModel
    from scaffold.models.weights_cache import cached_model_dir

    folder = cached_model_dir(packed.info.file_hash)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype="float32").eval()
    return TransformersTextModel(model, packed.tokenizer, packed.info, pack=kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch and llama.cpp threads (1: the box is shared)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="interleaved rounds of ours / llama.cpp batched / single-stream")
    parser.add_argument("--min-seconds", type=float, default=3.0,
                        help="each arm of a round runs at least this long")
    parser.add_argument("--anchor-only", action="store_true",
                        help="only the interleaved arms and the roofline")
    parser.add_argument("--cold", action="store_true",
                        help="also time a cold start (dequantize into an empty cache, ~1 min)")
    args = parser.parse_args()
    result: dict[str, Any] = {"k": args.k, "new_tokens": args.new_tokens, "threads": args.threads}
    if args.cold:
        with tempfile.TemporaryDirectory() as empty_cache:
            result["cold_start_s"] = start_seconds(empty_cache)
    result["warm_start_s"] = start_seconds(None)
    result.update(transformers_numbers(args))
    result["dtype"] = "float32"
    result["load_avg_1m"] = os.getloadavg()[0]
    result["machine"] = describe()
    result["date"] = time.strftime("%Y-%m-%d")
    if args.json:
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v
                          for k, v in result.items()}))
        return
    for key, value in result.items():
        print(f"{key:34s} {value:.3f}" if isinstance(value, float) else f"{key:34s} {value}")


if __name__ == "__main__":
    main()
