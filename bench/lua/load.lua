-- One wrk script for every page: GETs as given, POSTs with a fresh CSRF token, submission id
-- and Idempotency-Key per request; done() prints one JSON line for bench/ to read.
--   wrk ... -s load.lua URL -- METHOD PATH CONTENT_TYPE BODY_TEMPLATE CSRF_SECRET HEADERS...
-- BODY_TEMPLATE may contain {uuid}, {csrf} and {n}; HEADERS are "Name: value" strings whose
-- values may contain {uuid} too. "-" stands for an empty argument.

local counter = 0
local thread_id = 0
local threads = {}
local method, path, content_type, template, secret = "GET", "/", "-", "-", "-"
local extra = {}
local chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  method = args[1] or "GET"
  path = args[2] or "/"
  content_type = args[3] or "-"
  template = args[4] or "-"
  secret = args[5] or "-"
  for i = 6, #args do
    table.insert(extra, args[i])
  end
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919 + math.floor(os.clock() * 1e6))
end

local function uuid()
  local t = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (string.gsub(t, "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

-- Django's masked CSRF token: a random mask, then the secret shifted by it.
local function masked(token)
  local mask, cipher = {}, {}
  for i = 1, #token do
    local m = math.random(0, 61)
    local s = string.find(chars, string.sub(token, i, i), 1, true) - 1
    mask[i] = string.sub(chars, m + 1, m + 1)
    local c = (s + m) % 62
    cipher[i] = string.sub(chars, c + 1, c + 1)
  end
  return table.concat(mask) .. table.concat(cipher)
end

function request()
  counter = counter + 1
  local id = uuid()
  local headers = {}
  for _, header in ipairs(extra) do
    local name, value = string.match(header, "^([^:]+):%s*(.*)$")
    if name then
      headers[name] = string.gsub(value, "{uuid}", id)
    end
  end
  if method == "GET" then
    return wrk.format("GET", path, headers)
  end
  local body = template
  body = string.gsub(body, "{uuid}", id)
  body = string.gsub(body, "{n}", tostring(counter))
  if secret ~= "-" then
    body = string.gsub(body, "{csrf}", masked(secret))
  end
  headers["Content-Type"] = content_type
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, '
      .. '"p99_ms": %.2f, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
