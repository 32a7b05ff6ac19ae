# Quick start: `make demo`, then `make test`.
SWIFT ?= swift

.PHONY: demo test bench deps build fixtures docs

deps:
	@bash scripts/install-system-deps.sh

build: deps
	$(SWIFT) build -c release

demo: build
	$(SWIFT) run -c release dezero-examples demo --output out

test: deps
	$(SWIFT) test
	$(SWIFT) build --product dezero-examples
	python3 scripts/check-examples.py "$$($(SWIFT) build --show-bin-path)/dezero-examples"
	python3 scripts/check-examples.py "$$($(SWIFT) build --show-bin-path)/dezero-examples" --compiled

bench: deps
	bash scripts/bench.sh

fixtures:
	bash scripts/make-fixtures.sh

# The DocC catalogs of DeZeroArray, DeZero and DeZeroGraphviz as one site in .build/docs (open
# .build/docs/index.html through a web server, or run `swift package preview-documentation
# --target DeZero`). A broken symbol link or a missing symbol fails the build.
docs:
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation \
		--target DeZeroArray --target DeZero --target DeZeroGraphviz \
		--enable-experimental-combined-documentation --warnings-as-errors --output-path .build/docs
