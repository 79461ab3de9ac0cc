# newsdump developer tasks. `make install` once, then `make test`, `make eval`, `make bench`.
PYTHON ?= .venv/bin/python
SHARED ?= ../shared/eval
OUT ?= out

.PHONY: install run test lint eval cv cv-style bench clean engine parity parity-base

install:
	python3 -m venv .venv
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -e '.[test]'

run:
	.venv/bin/newsdump convert samples/

test:
	$(PYTHON) -m pytest

lint:
	.venv/bin/ruff check newsdump tests scripts
	.venv/bin/ruff format --check newsdump tests scripts
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings

# Rebuild the compiled engine (Rust: Cargo.toml, src/, engine/) into the editable install.
engine:
	$(PYTHON) -m pip install -q -e . --no-deps

# Output parity for a port (issue 15): `make parity-base` with the code before the change, then
# `make parity` after it; every record of the dev and fine sets and samples/ must be byte-identical.
PARITY ?= /tmp/newsdump-parity
parity-base:
	SHARED=$(SHARED) scripts/parity.sh record $(PARITY)

parity:
	SHARED=$(SHARED) scripts/parity.sh check $(PARITY)

eval:
	mkdir -p $(OUT)
	.venv/bin/newsdump convert -q $(SHARED)/dev/dumps -o $(OUT)/dev.jsonl
	$(PYTHON) $(SHARED)/score.py $(SHARED)/dev/gold.jsonl.gz $(OUT)/dev.jsonl
	$(PYTHON) $(SHARED)/score_fine.py $(SHARED)/fine/dev.jsonl --dumps $(OUT)/fine-dumps
	.venv/bin/newsdump convert -q $(OUT)/fine-dumps -o $(OUT)/fine.jsonl
	$(PYTHON) $(SHARED)/score_fine.py $(SHARED)/fine/dev.jsonl $(OUT)/fine.jsonl

# Cross-validated body-set score of the whole pipeline (needs `pip install -e '.[train]'`).
cv:
	mkdir -p $(OUT)
	$(PYTHON) scripts/cv_pipeline.py --gold $(SHARED)/dev/gold.jsonl.gz --scorer $(SHARED)/score.py --out $(OUT)/cv.jsonl --inner-folds 2

# Leave-one-style-out: trained on three extractor styles, scored on the fourth (page-grouped folds too).
cv-style:
	mkdir -p $(OUT)
	$(PYTHON) scripts/cv_pipeline.py --gold $(SHARED)/dev/gold.jsonl.gz --scorer $(SHARED)/score.py --out $(OUT)/cv-style.jsonl --leave-style-out --inner-folds 2

bench:
	$(PYTHON) scripts/bench.py

.PHONY: bench-scale
bench-scale:  # Dask local:1,2,4 vs single process, 64 inputs, 16 MB; writes docs/scale.md
	$(PYTHON) scripts/bench_scale.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
