# Quick start: `make demo`, then `make test`.
SWIFT ?= swift

.PHONY: demo test bench deps build fixtures

deps:
	@bash scripts/install-system-deps.sh

build: deps
	$(SWIFT) build -c release

demo: build
	$(SWIFT) run -c release dezero-examples demo

test: deps
	$(SWIFT) test

bench: deps
	bash scripts/bench.sh

fixtures:
	bash scripts/make-fixtures.sh
