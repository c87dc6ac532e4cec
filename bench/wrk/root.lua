-- GET of the URL given to wrk (the root page), no Accept header: HTML.
request = function()
  return wrk.format("GET", nil)
end
