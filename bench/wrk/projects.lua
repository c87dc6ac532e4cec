-- Rotates over the project names in $MYPI_BENCH_NAMES: GET /simple/<name>/ with $MYPI_BENCH_ACCEPT.
local names = {}
for line in io.lines(os.getenv("MYPI_BENCH_NAMES")) do names[#names + 1] = line end
local accept = os.getenv("MYPI_BENCH_ACCEPT")
local headers = {}
if accept then headers["Accept"] = accept end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/simple/" .. names[(i % #names) + 1] .. "/", headers)
end
