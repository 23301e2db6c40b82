"""llama.cpp decoding K sequences in one batch: the fair anchor for our batched sampler.

The low-level API of `llama-cpp-python`, as llama-server runs K parallel slots: the prompt is
decoded once on sequence 0 and shared with sequences 1..K-1 (`llama_memory_seq_cp` on a
unified KV cache), then every step is one `llama_decode` of K tokens, one per sequence, and
each sequence samples its next token with its own sampler chain (temperature, then a seeded
draw). Streams are not stopped at EOS, so every run produces exactly K x N tokens.

It runs as a worker in its own process (torch's OpenMP runtime in the parent slows llama.cpp
~10x): one JSON request per stdin line, one JSON answer per stdout line, so the parent can
interleave its own measurements with llama.cpp's.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import llama_cpp as lc


class BatchedLlama:
    """One GGUF model and a context holding `k` sequences that decode together."""

    def __init__(self, path: str, k: int, threads: int, n_ctx: int = 2048) -> None:
        lc.llama_backend_init()
        self.k = k
        model_params = lc.llama_model_default_params()
        self.model = lc.llama_model_load_from_file(path.encode(), model_params)
        if not self.model:
            raise RuntimeError(f"llama.cpp could not load {path}")
        params = lc.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = max(512, k)
        params.n_seq_max = k
        params.kv_unified = True  # the prompt's cells are shared, as llama-server does
        params.n_threads = threads
        params.n_threads_batch = threads
        self.ctx = lc.llama_init_from_model(self.model, params)
        if not self.ctx:
            raise RuntimeError("llama.cpp could not create a context")
        self.vocab = lc.llama_model_get_vocab(self.model)
        self.batch = lc.llama_batch_init(max(n_ctx, k), 0, k)

    def tokenize(self, text: str) -> list[int]:
        raw = text.encode()
        out = (lc.llama_token * (len(raw) + 16))()
        n = lc.llama_tokenize(self.vocab, raw, len(raw), out, len(out), False, True)
        if n < 0:
            raise RuntimeError("llama.cpp tokenize failed")
        return list(out[:n])

    def _fill(self, entries: list[tuple[int, int, int, bool]]) -> None:
        """Batch rows of (token, position, sequence, wants logits)."""
        b = self.batch
        b.n_tokens = len(entries)
        for i, (token, pos, seq, logits) in enumerate(entries):
            b.token[i] = token
            b.pos[i] = pos
            b.n_seq_id[i] = 1
            b.seq_id[i][0] = seq
            b.logits[i] = logits

    def _decode(self) -> None:
        if lc.llama_decode(self.ctx, self.batch) != 0:
            raise RuntimeError("llama_decode failed")

    def run(self, prompt: list[int], new: int, temperature: float, seed: int) -> int:
        """K continuations of `prompt`, exactly `new` tokens each; returns the tokens made."""
        memory = lc.llama_get_memory(self.ctx)
        lc.llama_memory_clear(memory, True)
        samplers = [self._sampler(temperature, seed + i) for i in range(self.k)]
        try:
            last = len(prompt) - 1
            self._fill([(t, p, 0, p == last) for p, t in enumerate(prompt)])
            self._decode()
            for seq in range(1, self.k):
                lc.llama_memory_seq_cp(memory, 0, seq, 0, len(prompt))
            picked = [lc.llama_sampler_sample(s, self.ctx, last) for s in samplers]
            produced = self.k
            for step in range(1, new):
                pos = len(prompt) + step - 1
                self._fill([(picked[seq], pos, seq, True) for seq in range(self.k)])
                self._decode()
                picked = [lc.llama_sampler_sample(s, self.ctx, i) for i, s in enumerate(samplers)]
                produced += self.k
            return produced
        finally:
            for s in samplers:
                lc.llama_sampler_free(s)

    @staticmethod
    def _sampler(temperature: float, seed: int) -> Any:
        chain = lc.llama_sampler_chain_init(lc.llama_sampler_chain_default_params())
        lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_temp(temperature))
        lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_dist(seed))
        return chain

    def close(self) -> None:
        lc.llama_batch_free(self.batch)
        lc.llama_free(self.ctx)
        lc.llama_model_free(self.model)


def serve(path: str, k: int, threads: int, prompt_text: str) -> None:
    """After the prompt (the first stdin line, a JSON string), answer each stdin line
    `{"new": N, "seed": S}` with `{"tokens": T, "seconds": s}`."""
    llm = BatchedLlama(path, k, threads)
    prompt = llm.tokenize(prompt_text)
    llm.run(prompt, 4, 0.7, 0)  # warm-up
    print(json.dumps({"ready": True, "prompt_tokens": len(prompt)}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        t0 = time.perf_counter()
        tokens = llm.run(prompt, int(request["new"]), 0.7, int(request["seed"]))
        print(json.dumps({"tokens": tokens, "seconds": time.perf_counter() - t0}), flush=True)
    llm.close()


if __name__ == "__main__":
    _, gguf, k_arg, threads_arg = sys.argv[:4]
    serve(gguf, int(k_arg), int(threads_arg), str(json.loads(sys.stdin.readline())))
