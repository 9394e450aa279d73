-- wrk script for TradeBench: one-unit buys in Redhaven, each with its own request id, from logged-in players.
-- wrk -s trade.lua URL -- <cookies file> <uniform|hot> <origin>
local goods = {"grain", "flour", "bread", "ale", "fish", "salt", "timber", "iron_ore", "tools", "wool", "cloth", "herbs"}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  cookies = {}
  for line in io.lines(args[1]) do cookies[#cookies + 1] = line end
  hot = args[2] == "hot"
  origin = args[3]
  failures = 0
  math.randomseed(id * 7919 + os.time())
end

function request()
  counter = counter + 1
  local good = hot and "bread" or goods[math.random(#goods)]
  local body = string.format('{"good":"%s","qty":1,"maxUnitPrice":100000,"requestId":"wrk-%d-%d-%d"}',
    good, id, counter, math.random(1, 1000000000))
  return wrk.format("POST", "/api/market/redhaven/buy",
    {["Content-Type"] = "application/json", ["Cookie"] = cookies[math.random(#cookies)], ["Origin"] = origin}, body)
end

function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("failures") end
  io.write(string.format("WRK requests=%d failed=%d seconds=%.3f p50us=%d p99us=%d\n",
    summary.requests, failed, summary.duration / 1e6, latency:percentile(50), latency:percentile(99)))
end
