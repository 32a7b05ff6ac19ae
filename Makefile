# Quick start: `make demo`, then `make test`.
SWIFT ?= swift

.PHONY: demo test bench deps build fixtures fuzz docs

deps:
	@bash scripts/install-system-deps.sh

build: deps
	$(SWIFT) build -c release

demo: build
	$(SWIFT) run -c release dezero-examples demo --output out

test: deps
	bash scripts/install-nvrtc.sh >/dev/null
	$(SWIFT) test
	$(SWIFT) build --product dezero-examples
	python3 scripts/check-examples.py "$$($(SWIFT) build --show-bin-path)/dezero-examples"
	python3 scripts/check-examples.py "$$($(SWIFT) build --show-bin-path)/dezero-examples" --compiled
	SWIFT=$(SWIFT) bash scripts/check-release-messages.sh

bench: deps
	bash scripts/bench.sh

fixtures:
	bash scripts/make-fixtures.sh

# A seeded mutation run over the file readers from Fuzz/corpus (not part of `make test`):
# FUZZ_SECONDS per reader, FUZZ_SEED to vary or replay; findings go to .build/fuzz-findings.
FUZZ_SECONDS ?= 10
FUZZ_SEED ?= 1
fuzz: deps
	DEZERO_FUZZ=1 DEZERO_FUZZ_SECONDS=$(FUZZ_SECONDS) DEZERO_FUZZ_SEED=$(FUZZ_SEED) \
		$(SWIFT) test --filter ReaderFuzzTests

# The DocC catalogs of DeZeroArray, DeZero and DeZeroGraphviz as one site in .build/docs (open
# .build/docs/index.html through a web server, or run `swift package preview-documentation
# --target DeZero`). A broken symbol link or a missing symbol fails the build.
docs:
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation \
		--target DeZeroArray --target DeZero --target DeZeroGraphviz \
		--enable-experimental-combined-documentation --warnings-as-errors --output-path .build/docs
