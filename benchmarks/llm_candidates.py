"""K candidates of N new tokens: batched (one prompt encoding, shared KV) vs one at a time.

Same run, same prompt, same GGUF: our batched sampler (fp32 arithmetic on fp16-stored linear
weights, the default), our sampler called K times, the same batch with fp32 weights packed
for oneDNN and with plain nn.Linear on MKL, the same batch in bf16,
transformers' own `generate(num_return_sequences=K)`, and llama.cpp single-stream (in its own
process) for reference. Every stream is forced to exactly
N new tokens. `--json` prints one JSON line. Targets: batched >= 3x sequential and >= 1.5x
llama.cpp.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
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


def transformers_numbers(k: int, new: int, threads: int) -> dict[str, Any]:
    import torch

    from scaffold.models.load import load_text_model
    from scaffold.models.text_model import ChatMessage, SamplingParams

    torch.set_num_threads(threads)
    os.environ["MESASCOPE_SAMPLING_THREADS"] = str(threads)  # the backend's own thread setting
    chat = [ChatMessage("user", PROMPT)]
    model: Any = load_text_model()
    params = SamplingParams(n=k, max_new_tokens=new, temperature=0.7, seed=1)
    model.generate(chat, SamplingParams(n=2, max_new_tokens=4))  # warm-up

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
    prompt_ids = model.prompt_ids(chat)

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
    return {
        "batched_tok_s": batched_tokens / batched_s,
        "sequential_tok_s": sequential_tokens / sequential_s,
        "numerics": model.numerics,
        "fp32_packed_batched_tok_s": sum(g.n_tokens for g in fp32_out) / fp32_s,
        "fp32_packed_same_tokens": [g.text for g in fp32_out] == [g.text for g in batched],
        "unpacked_batched_tok_s": sum(g.n_tokens for g in unpacked_out) / unpacked_s,
        "unpacked_same_tokens": [g.text for g in unpacked_out] == [g.text for g in batched],
        "bf16_batched_tok_s": sum(g.n_tokens for g in bf16_out) / bf16_s,
        "hf_generate_tok_s": hf_tokens / hf_s,
        "hf_generate_prefill_rows": rows[0],
        "first_token_latency_s": first_s,
        "first_token_latency_single_s": first_one_s,
        "prompt_tokens": len(prompt_ids),
        "tokens_checked": batched_tokens == k * new and sequential_tokens == k * new,
        "prompt_text": model.tokenizer.decode(prompt_ids),
    }


def same_weights(packed: Any, kind: str) -> Any:
    """The same cached fp32 weights behind our backend, linears packed as `kind`."""
    from transformers import AutoModelForCausalLM

    from scaffold.models.transformers_backend import TransformersTextModel
    from scaffold.models.weights_cache import cached_model_dir

    folder = cached_model_dir(packed.info.file_hash)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype="float32").eval()
    return TransformersTextModel(model, packed.tokenizer, packed.info, pack=kind)


def llama_cpp_numbers(prompt_text: str, new: int, threads: int) -> dict[str, Any]:
    try:
        from llama_cpp import Llama
    except ImportError:
        return {"llama_cpp_tok_s": None, "llama_cpp_note": "llama_cpp not installed"}
    from scaffold.models.embedded import embedded_gguf_path

    llm = Llama(
        str(embedded_gguf_path()), n_ctx=2048, n_threads=threads, n_threads_batch=threads,
        seed=1, verbose=False,
    )
    tokens = llm.tokenize(prompt_text.encode(), add_bos=False, special=True)

    def run(limit: int) -> int:
        llm.reset()
        produced = 0
        for _token in llm.generate(tokens, temp=0.7, top_p=1.0, top_k=0, reset=True):
            produced += 1  # llm.generate does not stop at EOS; we stop at `limit`
            if produced == limit:
                break
        return produced

    run(4)  # warm-up
    produced, seconds = timed(lambda: run(new))
    _, first_s = timed(lambda: run(1))
    return {"llama_cpp_tok_s": produced / seconds, "llama_cpp_first_token_latency_s": first_s}


def llama_cpp_in_own_process(prompt_text: str, args: argparse.Namespace) -> dict[str, Any]:
    """llama.cpp in a fresh process: torch's OpenMP runtime in this one slows it ~10x."""
    out = subprocess.run(
        [sys.executable, __file__, "--llama-cpp-prompt", prompt_text,
         "--new-tokens", str(args.new_tokens), "--threads", str(args.threads)],
        check=True, capture_output=True, text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch and llama.cpp threads (1: the box is shared)")
    parser.add_argument("--llama-cpp-prompt", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true",
                        help="also time a cold start (dequantize into an empty cache, ~1 min)")
    args = parser.parse_args()
    if args.llama_cpp_prompt is not None:
        print(json.dumps(llama_cpp_numbers(args.llama_cpp_prompt, args.new_tokens, args.threads)))
        return

    result: dict[str, Any] = {"k": args.k, "new_tokens": args.new_tokens, "threads": args.threads}
    if args.cold:
        with tempfile.TemporaryDirectory() as empty_cache:
            result["cold_start_s"] = start_seconds(empty_cache)
    result["warm_start_s"] = start_seconds(None)
    result.update(transformers_numbers(args.k, args.new_tokens, args.threads))
    result.update(llama_cpp_in_own_process(result.pop("prompt_text"), args))
    result["batched_over_sequential"] = result["batched_tok_s"] / result["sequential_tok_s"]
    if result.get("llama_cpp_tok_s"):
        result["batched_over_llama_cpp"] = result["batched_tok_s"] / result["llama_cpp_tok_s"]
    result["dtype"] = "float32"
    result["load_avg_1m"] = os.getloadavg()[0]
    result["machine"] = describe()
    result["date"] = time.strftime("%Y-%m-%d")
    if args.json:
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v
                          for k, v in result.items()}))
        return
    for key, value in result.items():
        print(f"{key:32s} {value:.3f}" if isinstance(value, float) else f"{key:32s} {value}")


if __name__ == "__main__":
    main()
