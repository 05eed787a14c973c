-- GET wrk's URL with visitor headers; IF_NONE_MATCH (env) adds a conditional request.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local common = require("common")
local etag = os.getenv("IF_NONE_MATCH")

request = function()
  local extra = {}
  if etag and etag ~= "" then extra["If-None-Match"] = etag end
  return wrk.format("GET", nil, common.headers(extra))
end
