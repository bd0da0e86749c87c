-- edgeward GCRA for Redis: the decision of edgeward_core::ratelimit::Gcra::decide, run
-- atomically next to the key, with the server's clock (no skew between app instances).
-- KEYS[1]: the key. ARGV: emission (µs per unit of cost), tolerance (µs: emission * burst),
-- cost (absent: 1), now (µs since the epoch; -1 or absent: the server's clock, TIME). The
-- common check (cost 1, the server's clock) sends two arguments: each one costs the client
-- time to encode. Times are whole numbers of microseconds below 2^53, exact in Lua's doubles.
-- Answers an allowed check packed into one integer, remaining * 2^22 + reset_after, when
-- remaining < 2^30 and reset_after < 2^22 (Decision::packed in the core); any other check
-- answers CL.THROTTLE's reply: {limited, limit, remaining, retry_after, reset_after}, times in
-- whole seconds rounded up, retry_after -1 when allowed or when the cost exceeds the burst.
-- One integer is the common answer because it is the cheapest reply to build and parse: a
-- table of five costs about 4% of a round trip more (bench/node/ratelimit.mjs).
local emission = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3] or 1)
local now = tonumber(ARGV[4] or -1)
if now < 0 then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
end
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then
  tat = now
end
local increment = emission * cost
local new_tat = tat + increment
local limited = 1
local ttl = tat - now
local retry = -1
if new_tat - now <= tolerance then
  limited = 0
  ttl = new_tat - now
  if cost > 0 then
    -- Redis writes a number argument in a form that reads back exactly (%.17g before 7.2,
    -- the shortest round-trip form since), and tonumber above reads either.
    redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil(ttl / 1000))
  end
elseif increment <= tolerance then
  retry = math.ceil((new_tat - tolerance - now) / 1000000)
end
local remaining = 0
if tolerance > ttl then
  remaining = math.floor((tolerance - ttl) / emission)
end
local reset = math.ceil(ttl / 1000000)
if limited == 0 and remaining < 1073741824 and reset < 4194304 then
  return remaining * 4194304 + reset
end
return {limited, math.floor(tolerance / emission), remaining, retry, reset}
