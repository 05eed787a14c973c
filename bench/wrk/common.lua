-- Shared by the wrk scripts: each request comes from one of 10,000 visitor IPs
-- (X-Forwarded-For, trusted by the benchmark's TRUSTED_PROXIES=1), with a
-- browser's User-Agent and the page's Origin, like real widget traffic.
-- With UA_FILE (one User-Agent per line, bench/user_agents.py) each request
-- takes a random one of them; without it, every request sends the same one.
local M = {}
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

local agents = {}
local ua_file = os.getenv("UA_FILE")
if ua_file and ua_file ~= "" then
  for line in io.lines(ua_file) do
    if line ~= "" then agents[#agents + 1] = line end
  end
end

M.base_headers = {
  ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  ["Origin"] = "https://shop.example",
  ["Accept-Encoding"] = "gzip, deflate, br",
}

function M.visitor_ip()
  return string.format("10.%d.%d.%d", math.random(0, 3), math.random(0, 49), math.random(1, 50))
end

function M.headers(extra)
  local h = {}
  for k, v in pairs(M.base_headers) do h[k] = v end
  for k, v in pairs(extra or {}) do h[k] = v end
  h["X-Forwarded-For"] = M.visitor_ip()
  if #agents > 0 then h["User-Agent"] = agents[math.random(1, #agents)] end
  return h
end

function M.uuid()
  return string.format("%08x-%04x-4%03x-%04x-%04x%08x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0x8000, 0xbfff), math.random(0, 0xffff), math.random(0, 0xffffffff))
end

return M
