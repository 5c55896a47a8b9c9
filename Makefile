# LoanSim. `make run` and `make test` install GSL with apt the first time (scripts/install-deps.sh).
.PHONY: run test swift-test browser-test notebooks mpi-test bench deps deps-mpi clean calibrate

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
test: swift-test browser-test notebooks mpi-test

swift-test: deps-mpi
	swift test

browser-test: deps
	scripts/browser-test.sh

notebooks: deps
	scripts/notebooks.sh

# Distributed runs (MPI ranks, shards + merge) give the single run's bytes.
mpi-test: deps-mpi
	scripts/mpi-test.sh

# Refit the shipped calibration to the record (data/zhengzhou-history.csv → scenarios/calibration/zhengzhou).
calibrate: deps
	@swift build -c release --product loansim --quiet
	.build/release/loansim calibrate data/zhengzhou-history.csv --out scenarios/calibration/zhengzhou

# Reference model B1 at 100,000 paths, release build: paths per second and peak memory.
bench: deps
	scripts/bench.sh

clean:
	rm -rf .build out
