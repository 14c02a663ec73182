# Yanpan: `make run` serves the app on http://127.0.0.1:8080; `make test` runs the whole suite.
# Both install what they need when it is missing (wasm32 target, wasm-bindgen-cli, wasm-split-cli,
# Chromium, Python and Node tools).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
WASM_BINDGEN_VERSION := 0.2.129
# The wasm splitter (its `wasm-split-cli` binary) that cargo-leptos uses as a library: it splits
# the lazily loaded pages off the SPA's wasm (frontend/build.sh). It must understand what the
# locked wasm_split_helpers/macros (frontend/Cargo.lock) emit: bump them together.
WASM_SPLIT_VERSION := 0.2.4
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REPORTS := target/test-reports
export CARGO_TERM_COLOR ?= never

.PHONY: run test build frontend tools wasm-target openapi lint test-unit test-api test-api-sqlite test-api-postgres \
        test-openapi test-contract test-spec test-examples test-browser bench clean-test-dbs

## Tools -------------------------------------------------------------------------------------------
# The SPA's target: the lint checks the frontend for it before anything else is built.
wasm-target:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

tools: wasm-target
	@if ! command -v wasm-bindgen >/dev/null || [ "$$(wasm-bindgen --version | cut -d' ' -f2)" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  cargo install --locked wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@if ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; then \
	  cargo install --locked wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary; fi

## Build and run -----------------------------------------------------------------------------------
frontend: tools
	bash frontend/build.sh

build: frontend
	cargo build --release -p yanpan-server --bin yanpan

run: build
	mkdir -p data
	YANPAN_STATIC_DIR=dist YANPAN_SEED_DEMO_ON_FIRST_START=true ./target/release/yanpan serve

openapi:
	cargo run -q -p yanpan-server --bin yanpan -- openapi > openapi/openapi.json

## Tests -------------------------------------------------------------------------------------------
test: lint test-unit test-api test-contract test-spec test-examples test-browser
	@echo "make test: all suites passed"

lint: wasm-target
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd frontend && cargo fmt --check
	cd frontend && cargo clippy --target wasm32-unknown-unknown -- -D warnings

# Unit tests, the spec drift test and the server's own integration tests (SIGTERM).
test-unit:
	cargo test --workspace --exclude yanpan-tests

test-openapi:
	cargo test -p yanpan-server --test openapi_drift

test-api: test-api-sqlite test-api-postgres

test-api-sqlite:
	mkdir -p $(REPORTS)
	YANPAN_TEST_DATABASE=sqlite cargo test -p yanpan-tests --test api 2>&1 | tee $(REPORTS)/api-sqlite.log

# Runs when PostgreSQL is reachable; records that it ran (CI insists on it).
test-api-postgres: clean-test-dbs
	mkdir -p $(REPORTS)
	rm -f $(REPORTS)/postgres.ok
	@if pg_isready -q -d "$(PG_URL)" 2>/dev/null; then \
	  YANPAN_TEST_DATABASE=postgres YANPAN_TEST_PG_URL="$(PG_URL)" cargo test -p yanpan-tests --test api 2>&1 | tee $(REPORTS)/api-postgres.log; \
	  grep -q "test result: ok" $(REPORTS)/api-postgres.log && date -u +%FT%TZ > $(REPORTS)/postgres.ok; \
	else echo "PostgreSQL at $(PG_URL) is not reachable: skipping the PostgreSQL run"; fi

clean-test-dbs:
	@if pg_isready -q -d "$(PG_URL)" 2>/dev/null; then \
	  for db in $$(psql "$(PG_URL)" -Atc "select datname from pg_database where datname like 'yanpan_t_%'"); do \
	    psql "$(PG_URL)" -qc "drop database if exists $$db" >/dev/null; done; fi

test-contract:
	bash tests/contract/run.sh

# Redocly's recommended lint of the spec, and a Python client generated from it
# (openapi-python-client) driven through one month's meeting against a live server.
test-spec:
	bash tests/spec/run.sh

# examples/platform_sync.py against a running server: push, change feed, a signed webhook.
test-examples:
	bash tests/examples/run.sh

test-browser: frontend
	bash tests/browser/run.sh

## Benchmarks --------------------------------------------------------------------------------------
bench: frontend
	bash bench/run.sh
