-- POST /v1/responses: a new response id each time, a random NPS score, sent as the widget sends it.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local common = require("common")
local site_key = os.getenv("SITE_KEY")
local survey_id = os.getenv("SURVEY_ID")

request = function()
  local body = string.format(
    '{"id":"%s","site_key":"%s","survey_id":%s,"answers":{"score":%d},"completed":false,' ..
    '"page_url":"https://shop.example/cart?step=2","referrer":"https://www.google.com/","locale":"en",' ..
    '"trigger":"exit_intent","timings":{"first_answer_ms":2300,"duration_ms":4100}}',
    common.uuid(), site_key, survey_id, math.random(0, 10))
  return wrk.format("POST", "/v1/responses", common.headers({["Content-Type"] = "text/plain;charset=UTF-8"}), body)
end
