"""K candidates from the embedded model: batched vs one at a time, with llama.cpp for reference.

Targets (issue 3): batched ≥ 3× sequential and ≥ 1.5× llama.cpp single-stream, all measured in
this one run on the same GGUF. Every candidate is forced to exactly `new_tokens` tokens.
Usage: python benchmarks/llm_candidates.py [--json] [--k 8] [--new-tokens 64]
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PROMPT = "Use the numbers 4 9 10 13 and + - * / to make 24. Propose possible next steps."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--new-tokens", type=int, default=64)
    args = parser.parse_args()
    k, n_new = args.k, args.new_tokens

    from scaffold.models.embedded import embedded_gguf_path
    from scaffold.models.load import load_text_model
    from scaffold.models.text_model import ChatMessage, SamplingParams
    from scaffold.models.transformers_backend import TransformersTextModel

    t0 = time.perf_counter()
    model = load_text_model("transformers")
    start_s = time.perf_counter() - t0
    assert isinstance(model, TransformersTextModel)
    messages = [ChatMessage("user", PROMPT)]

    def run(n: int, tokens: int, seed: int) -> float:
        params = SamplingParams(n=n, max_new_tokens=tokens, temperature=0.8, seed=seed)
        t = time.perf_counter()
        gens = model.generate(messages, params, min_new_tokens=tokens)
        assert all(g.n_tokens == tokens for g in gens), [g.n_tokens for g in gens]
        return time.perf_counter() - t

    run(1, 4, 0)  # warm-up
    first_token_s = run(1, 1, 1)
    batched_s = run(k, n_new, 2)
    sequential_s = sum(run(1, n_new, 10 + i) for i in range(k))

    from llama_cpp import Llama

    llm = Llama(model_path=str(embedded_gguf_path()), n_ctx=1024, n_threads=1, verbose=False,
                seed=0)
    chat = [{"role": "user", "content": PROMPT}]
    llm.create_chat_completion(chat, max_tokens=4)
    t = time.perf_counter()
    llama_tokens = 0
    for i in range(2):
        out = llm.create_chat_completion(chat, max_tokens=n_new, temperature=0.8, seed=i,
                                         logit_bias={llm.token_eos(): -100.0})
        llama_tokens += out["usage"]["completion_tokens"]
    llama_s = time.perf_counter() - t

    result = {
        "bench": "llm_candidates",
        "k": k,
        "new_tokens": n_new,
        "batched_tok_s": round(k * n_new / batched_s, 1),
        "sequential_tok_s": round(k * n_new / sequential_s, 1),
        "llama_cpp_tok_s": round(llama_tokens / llama_s, 1),
        "first_token_latency_s": round(first_token_s, 3),
        "start_s": round(start_s, 2),
        "dtype": str(model.dtype).removeprefix("torch."),
        "threads": int(os.environ.get("MESASCOPE_SAMPLING_THREADS", "1")),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    result["batched_vs_sequential"] = round(result["batched_tok_s"] / result["sequential_tok_s"], 2)
    result["batched_vs_llama_cpp"] = round(result["batched_tok_s"] / result["llama_cpp_tok_s"], 2)
    print(json.dumps(result) if args.json else "\n".join(f"{a}: {b}" for a, b in result.items()))


if __name__ == "__main__":
    main()
