// Compiled by `tsc -p test/types` against the shipped index.d.ts (through the package's
// own "exports"), so the declarations stay usable and match the documented API.
import { Webhook, WebhookVerificationError, backend, errorCodes } from 'edgeward';
import type { VerifiedDelivery, WebhookErrorCode } from 'edgeward';

const wh = new Webhook(['whsec_new', 'whsec_old'], { toleranceSeconds: 300 });
const header: string = wh.sign(new Uint8Array([1, 2, 3]), { timestamp: new Date() });
try {
  const result: VerifiedDelivery = wh.verify('{"id":1}', header, { now: 1_700_000_000 });
  const index: number = result.secretIndex;
  void index;
} catch (error) {
  if (error instanceof WebhookVerificationError) {
    const code: WebhookErrorCode = error.code;
    void code;
  }
}
const which: 'native' | 'wasm' = backend;
const codes: readonly string[] = errorCodes;
void which;
void codes;
