-- GET one product's reviews, alternating newest and most helpful first (the product id from REVIEWED_PRODUCT).
dofile("benchmarks/wrk/report.lua")
local product = os.getenv("REVIEWED_PRODUCT")
local paths = {
  "/api/v1/products/" .. product .. "/reviews",
  "/api/v1/products/" .. product .. "/reviews?sort=helpful",
}
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", paths[n % 2 + 1])
end
