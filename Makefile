# LoanSim. `make run` and `make test` install GSL with apt the first time (scripts/install-deps.sh).
.PHONY: run test swift-test browser-test workbook-test serve-test serve notebooks mpi-test bench bench-smoke deps deps-mpi clean calibrate

deps:
	@scripts/install-deps.sh

# The whole package (tests, loansim-mpi) also needs Open MPI.
deps-mpi:
	@scripts/install-deps.sh --mpi

# The bundled default scenario: Zhengzhou's 郑科贷 programme, 10,000 paths.
run: deps
	@echo "building loansim (release; the first build takes a few minutes)…" >&2
	@swift build -c release --product loansim --quiet
	.build/release/loansim run scenarios/zhengkedai-baseline.yaml

# The whole test suite: Swift Testing (statistical tests use fixed seeds), the real-browser test of the
# HTML reports (headless Chromium, installed with apt the first time) and the notebooks (pytest --nbmake
# in a virtual environment with the pinned notebooks/requirements.txt).
test: swift-test browser-test workbook-test serve-test notebooks mpi-test bench-smoke

swift-test: deps-mpi
	swift test

browser-test: deps
	scripts/browser-test.sh

# Every number of the Excel workbook (`report --xlsx`) read back with openpyxl and checked against summary.json.
workbook-test: deps
	scripts/workbook-test.sh

# The what-if workbench: its page in Chromium against `loansim compare`, hostile requests, busy, and a
# bounded load run (200 what-ifs from 20 clients; SERVE_LOAD=0 skips it).
serve-test: deps
	scripts/serve-test.sh

# The what-if workbench on the baseline: open http://127.0.0.1:8080/ (loopback only; Ctrl-C stops it).
serve: deps
	@echo "building loansim-serve (release; the first build takes several minutes)…" >&2
	@swift build -c release --product loansim-serve --quiet
	.build/release/loansim-serve scenarios/zhengkedai-baseline.yaml

notebooks: deps
	scripts/notebooks.sh

# Distributed runs (MPI ranks, shards + merge) give the single run's bytes.
mpi-test: deps-mpi
	scripts/mpi-test.sh

# Refit the shipped calibration to the record (data/zhengzhou-history.csv → scenarios/calibration/zhengzhou):
# the counts' posterior, the posterior conditioned on the whole record (the backcast's breaker and
# depletion checks), the Bayes factors of the breaker's readings, and a posterior over those readings
# that scenarios draw from per path (--average-models).
calibrate: deps
	@swift build -c release --product loansim --quiet
	rm -rf scenarios/calibration/zhengzhou.new
	.build/release/loansim calibrate data/zhengzhou-history.csv --out scenarios/calibration/zhengzhou.new \
	  --condition-on scenarios/zhengzhou-backcast-2018-2025.yaml --breaker-variants scenarios/calibration/breaker-variants.yaml --average-models
	rm -rf scenarios/calibration/zhengzhou && mv scenarios/calibration/zhengzhou.new scenarios/calibration/zhengzhou

# Reference model B1 at 100,000 paths, release build: paths per second and peak memory.
bench: deps
	scripts/bench.sh

# The benchmark script end to end at a few paths and without the yardsticks: it must run through (it
# times nothing that a test asserts).
bench-smoke: deps
	BENCH_RULE_PATHS=200 BENCH_SPILL_PATHS=2000 BENCH_TAPE_PATHS=200 BENCH_CITY_PATHS=300 BENCH_AGREEMENT=0 PEERS= scripts/bench.sh 1000 >/dev/null

clean:
	rm -rf .build out
