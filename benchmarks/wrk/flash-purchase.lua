-- POST a purchase as one of the buyers in BUYER_TOKENS, each request with a fresh Idempotency-Key.
dofile("benchmarks/wrk/report.lua")
local tokens = {}
for line in io.lines(os.getenv("BUYER_TOKENS") or "target/buyer-tokens.txt") do
  tokens[#tokens + 1] = line
end
local sale = os.getenv("SALE_ID")
local counter = 0
local run = tostring(os.time())

-- Each wrk thread (thread_id, set in setup) takes its own buyers and its own keys: no accidental replays.
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/flash-sales/" .. sale .. "/purchases", {
    ["Authorization"] = "Bearer " .. tokens[((counter * 2 + thread_id) % #tokens) + 1],
    ["Idempotency-Key"] = run .. "-" .. thread_id .. "-" .. counter,
    ["Content-Type"] = "application/json"
  }, "{\"quantity\":1}")
end
