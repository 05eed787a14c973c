-- Open-loop-ish ingest at RATE requests/s spread over all connections (each waits
-- CONNECTIONS/RATE s, jittered, between its requests). Every answer is written to
-- ACK_FILE: "A <id>" for an acknowledged response, "R <status>" for anything else.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local common = require("common")
local site_key, survey_id = os.getenv("SITE_KEY"), os.getenv("SURVEY_ID")
local interval_ms = tonumber(os.getenv("CONNECTIONS")) * 1000 / tonumber(os.getenv("RATE"))
local out

init = function(args)
  out = io.open(os.getenv("ACK_FILE"), "w")
  out:setvbuf("line")
end

delay = function()
  return interval_ms * (0.5 + math.random())
end

request = function()
  local body = string.format(
    '{"id":"%s","site_key":"%s","survey_id":%s,"answers":{"score":%d},"completed":false,' ..
    '"page_url":"https://shop.example/cart","locale":"en","trigger":"exit_intent"}',
    common.uuid(), site_key, survey_id, math.random(0, 10))
  return wrk.format("POST", "/v1/responses", common.headers({["Content-Type"] = "text/plain;charset=UTF-8"}), body)
end

response = function(status, headers, body)
  if status >= 200 and status < 300 then
    out:write("A ", body:match('"id":"([%x%-]+)"') or "?", "\n")
  else
    out:write("R ", status, "\n")
  end
end
