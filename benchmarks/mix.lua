-- A mix of what readers ask for, for wrk: pages in several languages and searches (POST, so the
-- words stay out of URLs), with Accept-Encoding as a browser sends it. Used by throughput.py and load.py.
local form = "application/x-www-form-urlencoded"
local requests = {
  {"GET", "/da/"}, {"GET", "/ar/"}, {"GET", "/en/services/danner"}, {"GET", "/fa/services/lev-uden-vold"},
  {"GET", "/da/safety"}, {"GET", "/uk/pages/recognise"}, {"GET", "/da/search?category=crisis-centre"},
  {"GET", "/tr/search?audience=victims"}, {"GET", "/pl/sheet"}, {"GET", "/static/site.css"},
  {"POST", "/da/search", "q=krisecenter"}, {"POST", "/en/search", "q=violence+help"},
  {"POST", "/ar/search", "q=%D8%B9%D9%86%D9%81"}, {"POST", "/da/search", "q=voldsramt+kvinde+boern"},
  {"POST", "/uk/search", "q=%D0%B4%D0%BE%D0%BF%D0%BE%D0%BC%D0%BE%D0%B3%D0%B0"},
  {"POST", "/da/search", "q=krisecentr"},  -- a typo: "did you mean"
}
local built = {}
local counter = 0

function init(args)
  for i, r in ipairs(requests) do
    local headers = {["Accept-Encoding"] = "br, gzip", ["Accept-Language"] = "da"}
    if r[1] == "POST" then headers["Content-Type"] = form end
    built[i] = wrk.format(r[1], r[2], headers, r[3])
  end
end

function request()
  counter = counter % #built + 1
  return built[counter]
end
