-- The soak's mixed load: each request is drawn from a weighted list of requests read from a
-- file (bench/soak.py writes it), one request per line, fields separated by tabs:
--   WEIGHT  METHOD  PATH  CONTENT_TYPE  BODY_TEMPLATE  CSRF_SECRET  HEADER [HEADER ...]
-- BODY_TEMPLATE may contain {uuid}, {csrf} and {n}; header values may contain {uuid}; "-"
-- stands for an empty field. done() prints one JSON line for bench/ to read.
--   wrk ... -s mixed.lua URL -- SPEC_FILE

local counter = 0
local specs = {}
local total = 0
local chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

local function split(line)
  local fields = {}
  for field in string.gmatch(line, "([^\t]*)\t?") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      local f = split(line)
      local spec = {
        weight = tonumber(f[1]), method = f[2], path = f[3], content_type = f[4],
        template = f[5], secret = f[6], headers = {},
      }
      for i = 7, #f do
        if f[i] ~= "" then table.insert(spec.headers, f[i]) end
      end
      total = total + spec.weight
      spec.upto = total
      table.insert(specs, spec)
    end
  end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
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

local function pick()
  local r = math.random() * total
  for _, spec in ipairs(specs) do
    if r <= spec.upto then return spec end
  end
  return specs[#specs]
end

function request()
  counter = counter + 1
  local spec = pick()
  local id = uuid()
  local headers = {}
  for _, header in ipairs(spec.headers) do
    local name, value = string.match(header, "^([^:]+):%s*(.*)$")
    if name then
      headers[name] = string.gsub(value, "{uuid}", id)
    end
  end
  if spec.method == "GET" then
    return wrk.format("GET", spec.path, headers)
  end
  local body = spec.template
  body = string.gsub(body, "{uuid}", id)
  body = string.gsub(body, "{n}", tostring(counter))
  if spec.secret ~= "-" then
    body = string.gsub(body, "{csrf}", masked(spec.secret))
  end
  headers["Content-Type"] = spec.content_type
  return wrk.format(spec.method, spec.path, headers, body)
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
