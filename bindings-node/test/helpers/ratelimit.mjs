// The result the rate-limit vectors' mapping gives for a step (tests/vectors/generate_ratelimit.py).
export function expected(step) {
  const [limited, limit, remaining, retry, reset] = step.expect;
  return {
    allowed: limited === 0,
    limit,
    remaining,
    retryAfterSeconds: limited === 0 ? 0 : retry === -1 ? null : retry,
    resetAfterSeconds: reset,
  };
}
