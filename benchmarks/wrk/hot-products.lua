-- GET a random product page from the hot set written by catalog.sh (one id per line).
dofile("benchmarks/wrk/report.lua")
local ids = {}
for line in io.lines(os.getenv("HOT_PRODUCTS") or "target/hot-products.txt") do
  ids[#ids + 1] = line
end
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/api/v1/products/" .. ids[math.random(#ids)])
end
