-- wrk script: each request takes the next path from PATHS (a file, one path per line), so one
-- run mixes catalogue pages, searches, product pages and API calls; prints p50/p95/p99 (µs)
-- and the number of responses that were not 2xx/3xx, as bench/percentiles.lua does.
local paths = {}
local counter = 0
local bad = 0

local function load_paths()
  for line in io.lines(os.getenv("PATHS")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
end

init = function(args)
  load_paths()
  counter = math.random(#paths)
end

request = function()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %d\n", latency:percentile(50)))
  io.write(string.format("p95 %d\n", latency:percentile(95)))
  io.write(string.format("p99 %d\n", latency:percentile(99)))
end
