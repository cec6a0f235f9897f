-- wrk script: mixed reads (vector tiles, OGC items, parcel detail), counts statuses per thread
-- and prints the number of 5xx and non-2xx/3xx answers at the end.
-- Paths come from the file named by env BENCH_PATHS (one path per line), built by load.sh.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if #line > 0 then table.insert(paths, line) end
  end
  i = math.random(#paths)
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5 = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t2 = t2 + t:get("s2"); t3 = t3 + t:get("s3"); t4 = t4 + t:get("s4"); t5 = t5 + t:get("s5")
  end
  io.write(string.format("BENCH requests=%d 2xx=%d 3xx=%d 4xx=%d 5xx=%d socket_errors=%d\n",
    summary.requests, t2, t3, t4, t5,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("BENCH median_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
