-- GET of the URL given to wrk, with headers from the environment when set: MYPI_BENCH_ACCEPT
-- (Accept), MYPI_BENCH_ENCODING (Accept-Encoding), MYPI_BENCH_IF_NONE_MATCH (If-None-Match).
local headers = {}
local function from_env(header, var)
  local v = os.getenv(var)
  if v and v ~= "" then headers[header] = v end
end
from_env("Accept", "MYPI_BENCH_ACCEPT")
from_env("Accept-Encoding", "MYPI_BENCH_ENCODING")
from_env("If-None-Match", "MYPI_BENCH_IF_NONE_MATCH")
local req = nil
request = function()
  if not req then req = wrk.format("GET", nil, headers) end
  return req
end
