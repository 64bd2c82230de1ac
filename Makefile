# Shortcuts; the scripts are the source of truth.
.PHONY: test bench demo

test:
	scripts/test

demo:
	scripts/demo

# All benchmarks (bench/README.md); BENCH_DURATION=3 for a quick pass.
bench:
	bench/run
