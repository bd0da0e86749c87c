// What every runtime check does with an entry of the installed package: verify a genuine
// delivery and refuse a tampered one, redact a record, validate two documents (full entry
// only); the answer is the same JSON object in every runtime (test/package/runtimes.test.mjs).
export function check(edgeward, lean) {
  const wh = new edgeward.Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  const header = wh.sign('{"id":"evt_1"}', { timestamp: 1000 });
  let tampered;
  try {
    wh.verify('{"id":"evt_2"}', header, { now: 1000 });
  } catch (error) {
    tampered = [error.code, error instanceof edgeward.WebhookVerificationError];
  }
  const leanHook = new lean.Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  const payment = new edgeward.Validator({ type: 'object', properties: { amount: { type: 'number', minimum: 0 } }, required: ['amount'] });
  return {
    backend: edgeward.backend,
    verified: wh.verify('{"id":"evt_1"}', header, { now: 1000 }),
    leanVerified: leanHook.verify('{"id":"evt_1"}', header, { now: 1000 }),
    tampered,
    redacted: new edgeward.Redactor().redact({ password: 'hunter2', note: 'ok', key: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' }),
    leanRedacted: new lean.Redactor().redactText('token ghp_16C7e42F292c6912E7710c838347Ae178B4a here'),
    valid: [payment.isValid({ amount: 5 }), payment.isValid({ amount: -1 })],
  };
}

/** The answer every runtime must give (besides `backend`). */
export const EXPECTED = {
  verified: { timestamp: 1000, secretIndex: 0 },
  leanVerified: { timestamp: 1000, secretIndex: 0 },
  tampered: ['WEBHOOK_SIGNATURE_MISMATCH', true],
  redacted: { password: '[REDACTED]', note: 'ok', key: '[REDACTED]' },
  leanRedacted: 'token [REDACTED] here',
  valid: [true, false],
};
