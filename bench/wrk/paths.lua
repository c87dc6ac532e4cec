-- Rotates over the paths in $MYPI_BENCH_PATHS (one per line): GET each as pip does, with pip's
-- Accept header for /simple/ pages and Accept-Encoding: gzip. Used to warm a server's page,
-- .metadata and file paths before the `pip install` rounds.
local paths = {}
for line in io.lines(os.getenv("MYPI_BENCH_PATHS")) do paths[#paths + 1] = line end
local page = {
  ["Accept"] = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01",
  ["Accept-Encoding"] = "gzip, deflate"
}
local file = { ["Accept-Encoding"] = "gzip, deflate" }
local i = 0
request = function()
  i = i + 1
  local path = paths[(i % #paths) + 1]
  return wrk.format("GET", path, path:sub(1, 8) == "/simple/" and page or file)
end
