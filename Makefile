# Shortcuts; the scripts are the source of truth.
.PHONY: test bench demo lint

test:
	scripts/test

demo:
	scripts/demo

lint:
	scripts/lint

# All benchmarks (bench/README.md); BENCH_DURATION=3 for a quick pass.
bench:
	bench/run
