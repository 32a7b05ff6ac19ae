# Quick start: `make demo`, then `make test`.
SWIFT ?= swift

.PHONY: demo test bench deps build fixtures

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
