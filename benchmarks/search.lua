-- For benchmarks/search.py --wrk: one kind of request, over and over.
--   wrk ... -s search.lua URL -- search FILE   POST /<lang>/search with each line of FILE ("<lang> <form body>")
--   wrk ... -s search.lua URL -- page          GET /da/, a page the page cache keeps
local built = {}
local counter = 0

function init(args)
  local headers = {["Accept-Encoding"] = "br, gzip", ["Accept-Language"] = "da"}
  if args[1] == "search" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    for line in io.lines(args[2]) do
      local lang, body = line:match("^(%S+) (.*)$")
      built[#built + 1] = wrk.format("POST", "/" .. lang .. "/search", headers, body)
    end
  else
    built[1] = wrk.format("GET", "/da/", headers)
  end
end

function request()
  counter = counter % #built + 1
  return built[counter]
end
