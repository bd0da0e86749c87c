-- edgeward GCRA for Redis: the decision of edgeward_core::ratelimit::Gcra::decide, run
-- atomically next to the key, with the server's clock (no skew between app instances).
-- KEYS[1]: the key. ARGV: emission (µs per unit of cost), tolerance (µs: emission * burst),
-- cost, now (µs since the epoch; -1: the server's clock, TIME). Times are whole numbers of
-- microseconds below 2^53, exact in Lua's doubles.
-- Answers CL.THROTTLE's reply: {limited, limit, remaining, retry_after, reset_after}, times in
-- whole seconds rounded up, retry_after -1 when allowed or when the cost exceeds the burst.
local emission = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
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
    redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil(ttl / 1000))
  end
elseif increment <= tolerance then
  retry = math.ceil((new_tat - tolerance - now) / 1000000)
end
local remaining = 0
if tolerance > ttl then
  remaining = math.floor((tolerance - ttl) / emission)
end
return {limited, math.floor(tolerance / emission), remaining, retry, math.ceil(ttl / 1000000)}
