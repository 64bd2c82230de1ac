-- wrk script: print p50/p95/p99 latency in microseconds, one per line, after the run.
done = function(summary, latency, requests)
  io.write(string.format("p50 %d\n", latency:percentile(50)))
  io.write(string.format("p95 %d\n", latency:percentile(95)))
  io.write(string.format("p99 %d\n", latency:percentile(99)))
end
