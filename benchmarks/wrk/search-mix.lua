-- A storefront search mix: plain words, a typo, a filtered query, and autocomplete prefixes.
dofile("benchmarks/wrk/report.lua")
local paths = {}
for line in io.lines(os.getenv("SEARCH_PATHS") or "target/search-paths.txt") do
  paths[#paths + 1] = line
end
math.randomseed(os.time())

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
