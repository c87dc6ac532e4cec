-- Conditional GETs of /simple/<name>/ with If-None-Match: the ETag of each page, read from
-- $MYPI_BENCH_ETAGS ("name<TAB>etag" per line, fetched by run.py just before). A cache that is up
-- to date: every answer is a 304.
local pages = {}
for line in io.lines(os.getenv("MYPI_BENCH_ETAGS")) do
  local name, tag = line:match("^(%S+)\t(.+)$")
  if name then pages[#pages + 1] = { name, tag } end
end
local i = 0
request = function()
  i = i + 1
  local p = pages[(i % #pages) + 1]
  return wrk.format("GET", "/simple/" .. p[1] .. "/", { ["If-None-Match"] = p[2] })
end
