# Kariz: `make serve` and `make test` are the whole set-up (both install what is missing first).
SHELL := /bin/bash
export PATH := $(CURDIR)/scripts/bin:$(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CARGO_TERM_COLOR := never

WASM := wasm32-unknown-unknown
BROWSER_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver

.PHONY: setup serve build test fmt lint test-native test-browser release e2e size bench clean

setup:
	@bash scripts/setup.sh

serve: setup
	trunk serve

build: setup
	trunk build index.html --release

test: setup
	$(MAKE) --no-print-directory fmt lint test-native test-browser release e2e size

fmt:
	cargo fmt --all --check
	leptosfmt --check --quiet src/

lint:
	@bash scripts/check-dispatch.sh
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked --workspace --all-targets --target $(WASM) --features kariz/split -- -D warnings

test-native:
	cargo test --locked --workspace

test-browser:
	$(BROWSER_ENV) cargo test --locked --target $(WASM) --test browser

release:
	trunk build index.html --release

e2e:
	node --test --test-concurrency=1 tests/e2e/

size:
	@node scripts/size-report.mjs

clean:
	cargo clean
	rm -rf dist tests/e2e/artifacts

# Domain benchmarks (native), then the in-browser ones (wasm KPI bench + the app in Chromium);
# the figures go to docs/performance.md.
bench: setup release
	cargo bench --locked --bench kpi
	node tests/bench/browser.mjs
