# LoanSim. `make run` and `make test` install GSL with apt the first time (scripts/install-deps.sh).
.PHONY: run test bench deps clean

deps:
	@scripts/install-deps.sh

# The bundled default scenario: Zhengzhou's 郑科贷 programme, 10,000 paths.
run: deps
	@echo "building loansim (release; the first build takes a few minutes)…" >&2
	@swift build -c release --product loansim --quiet
	.build/release/loansim run scenarios/zhengkedai-baseline.yaml

# The whole test suite (Swift Testing; statistical tests use fixed seeds).
test: deps
	swift test

# Reference model B1 at 100,000 paths, release build: paths per second and peak memory.
bench: deps
	scripts/bench.sh

clean:
	rm -rf .build out
