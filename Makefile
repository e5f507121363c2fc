# Kariz: `make serve` and `make test` are the whole set-up (both install what is missing first).
SHELL := /bin/bash
export PATH := $(CURDIR)/scripts/bin:$(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CARGO_TERM_COLOR := never

WASM := wasm32-unknown-unknown
BROWSER_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver

.PHONY: setup serve build test fmt lint test-native test-browser release e2e size bench profile clean

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
	rm -rf dist tests/e2e/artifacts index-names.html

# Domain benchmarks (native), then the in-browser ones (wasm KPI bench + the app in Chromium);
# the figures go to docs/performance.md.
bench: setup release
	cargo bench --locked --bench kpi
	node tests/bench/browser.mjs

# CPU profiles with function names (target/bench/*.cpuprofile, open them in Chromium's DevTools):
# the app built without wasm-opt, which strips the names (its chunks too: KARIZ_KEEP_NAMES), in a
# target directory of its own, then one profiled run of each CSV import step and of a cold start.
profile: setup
	sed 's/data-cargo-features="split" data-wasm-opt="z"/data-cargo-features="split" data-wasm-opt="0"/' index.html > index-names.html
	grep -q 'data-wasm-opt="0"' index-names.html
	KARIZ_KEEP_NAMES=1 CARGO_TARGET_DIR=$(CURDIR)/target/names trunk build index-names.html --release --dist target/names-dist
	KARIZ_DIST=target/names-dist node tests/bench/browser.mjs --csv-only --cpu-profile --runs 1 --out target/bench/profile-csv.json
	KARIZ_DIST=target/names-dist node tests/bench/browser.mjs --store --cpu-profile --runs 1 --out target/bench/profile-store.json
