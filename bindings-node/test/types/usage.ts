// Compiled by `tsc -p test/types` against the shipped index.d.ts (through the package's
// own "exports"), so the declarations stay usable and match the documented API.
import { Webhook, WebhookVerificationError, backend, errorCodes } from 'edgeward';
import type { ErrorCode, VerifiedDelivery, WebhookErrorCode } from 'edgeward';

const wh = new Webhook(['whsec_new', 'whsec_old'], { toleranceSeconds: 300 });
const header: string = wh.sign(new Uint8Array([1, 2, 3]), { timestamp: new Date() });
try {
  const result: VerifiedDelivery = wh.verify('{"id":1}', header, { now: 1_700_000_000 });
  const index: number = result.secretIndex;
  void index;
} catch (error) {
  if (error instanceof WebhookVerificationError) {
    const code: WebhookErrorCode = error.code;
    const facts: [number | undefined, number | undefined, string | undefined] = [error.ageSeconds, error.toleranceSeconds, error.header];
    void code;
    void facts;
  }
}
const which: 'native' | 'wasm' = backend;
const codes: readonly ErrorCode[] = errorCodes;
void which;
void codes;

// Every scheme, replay protection and the header shapes users have (issue 3).
import { ReplayGuard } from 'edgeward';
import type { ReplayStore, Scheme, SignedHeaders, WebhookHeaders } from 'edgeward';

const guard = new ReplayGuard({ maxEntries: 1000 });
const sizes: number[] = [guard.size, guard.maxEntries, guard.refusedFull];
void sizes;

const github = new Webhook('gh-secret', { scheme: 'github', retentionSeconds: 86_400, replayGuard: guard });
const githubHeaders: SignedHeaders = github.sign('{}', { timestamp: 1 });
const githubResult = github.verify('{}', githubHeaders['x-hub-signature-256'], { now: new Date() });
const noTimestamp: null = githubResult.timestamp;
void noTimestamp;

const standard = new Webhook(['whsec_new', 'whpk_old'], { scheme: 'standard', secretFormat: 'provider' });
const standardHeaders: SignedHeaders = standard.sign('{}', { timestamp: 1, id: 'msg_1' });
const incoming: { [name: string]: string | string[] | undefined } = { ...standardHeaders, 'set-cookie': ['a', 'b'] };
const verified: VerifiedDelivery<'standard'> = standard.verify('{}', incoming);
const id: string = verified.id;
const timestamp: number = verified.timestamp;
void id;
void timestamp;
standard.verify(new Uint8Array(), new Map([['webhook-id', 'msg_1']]));
standard.verify('{}', [['webhook-id', 'msg_1']]);
standard.verify('{}', { get: (name: string) => (name === 'webhook-id' ? 'msg_1' : null) });
const all: SignedHeaders = wh.signHeaders('{}');
void all;

const store: ReplayStore = {
  async seen(key: string, ttlSeconds: number) {
    return key.length > ttlSeconds;
  },
};
const kv = new Webhook('whsec_kv', { scheme: 'standard', replayGuard: store });
const pending: Promise<VerifiedDelivery<'standard'>> = kv.verifyAsync('{}', incoming);
void pending;
new Webhook('s', { scheme: 'slack', replayGuard: { seen: () => false } });

const chosen: Scheme = 'shopify' as Scheme;
const anyScheme = new Webhook('s', { scheme: chosen });
const loose: string | SignedHeaders = anyScheme.sign('x');
const looseTimestamp: number | null = anyScheme.verify('x', 'sig').timestamp;
const headerInput: WebhookHeaders = null;
void loose;
void looseTimestamp;
void headerInput;

// @ts-expect-error an unknown scheme is refused
new Webhook('s', { scheme: 'paddle' });
// @ts-expect-error Stripe deliveries carry no id
const stripeId: string = wh.verify('{}', header).id;
void stripeId;
// @ts-expect-error a replay store answers booleans
new Webhook('s', { scheme: 'github', replayGuard: { seen: () => 'OK' } });
// @ts-expect-error the guard's size is read-only
guard.size = 3;

// Validation: a compiled schema, typed results, exact big integers, safe paths.
import { PathError, SchemaError, ValidationError, Validator, buildPath, encodePathSegment } from 'edgeward';
import type { Draft, ValidationIssue, ValidatorOptions } from 'edgeward';

interface Payment {
  email: string;
  amount: number;
  metadata?: Record<string, unknown>;
}
const options: ValidatorOptions = {
  draft: 'draft2020-12',
  assertFormats: true,
  unknownFormats: 'error',
  formats: { 'x-sku': '[A-Z]{3}-[0-9]{4}' },
  includeValues: false,
  resources: { 'https://schemas.example.com/amount.json': { type: 'number' } },
  limits: { maxBytes: 1 << 20, maxDepth: 64, maxStringBytes: 4096, maxObjectKeys: 100, maxArrayItems: 1000, allowDuplicateKeys: false },
};
// @ts-expect-error unknown formats are refused or ignored, nothing else
const warnOnly: ValidatorOptions = { unknownFormats: 'warn' };
void warnOnly;
// @ts-expect-error a custom format is a pattern string
const formatFunction: ValidatorOptions = { formats: { 'x-sku': (s: string) => s.length > 0 } };
void formatFunction;
const payments: Validator<Payment> = new Validator<Payment>({ type: 'object', required: ['email', 'amount'] }, options);
const draft: Draft = payments.draft;
const input: unknown = JSON.parse('{"email":"a@example.com","amount":1}');
if (payments.isValid(input)) {
  const amount: number = input.amount;
  void amount;
}
payments.validate(input);
const email: string = input.email;
const parsed: Payment = payments.validateJson(new Uint8Array([123, 125]));
const issues: ValidationIssue[] = payments.errors({ amount: -1 });
const paths: string[] = issues.map((issue) => `${issue.instancePath} ${issue.schemaPath} ${issue.keyword} ${issue.message}`);
try {
  payments.validateJson('{"amount":0}');
} catch (error) {
  if (error instanceof ValidationError) {
    const all: ValidationIssue[] = error.errors;
    void all;
  } else if (error instanceof SchemaError || error instanceof PathError) {
    const code: string = error.code;
    void code;
  }
}
const path: string = buildPath('/resources/{id}/events/{event}', { id: 'res_1', event: 42 });
const segment: string = encodePathSegment(9007199254740993n);
void draft;
void email;
void parsed;
void paths;
void path;
void segment;

// Redaction (issue 4).
import { RedactionError, Redactor } from 'edgeward';
import type { RedactionReport, RedactorOptions } from 'edgeward';

const redactOptions: RedactorOptions = { keys: ['sessionKey', { key: 'pin', mode: 'remove' }], paths: ['req.headers["x-token"]', '**.secretish'], maskKeepLast: 4 };
const redactor = new Redactor(redactOptions);
const redactedValue: unknown = redactor.redact({ password: 'x' });
const redactedJson: string = redactor.redactJson('{"token":"x"}');
const redactedText: string = redactor.redactText('Bearer abc');
const redactedLines: string = redactor.redactNdjson('{}\n');
const reporting = new Redactor({ report: true });
const withReport: RedactionReport = reporting.redactJson('{}').report;
const reportedText: string = reporting.redactText('x').value;
const redactDepth: number = redactor.maxDepth;
const pinoLog = redactor.pinoFormatter();
const pinoWhole: (line: string) => string = redactor.pinoOptions().hooks.streamWrite;
// pino's own option types need @types/node; this mirrors the part pinoOptions() touches.
interface PinoLikeOptions {
  level?: string;
  messageKey?: string;
  hooks?: {
    logMethod?: (this: unknown, args: unknown[], method: (...a: unknown[]) => void, level: number) => void;
    streamWrite?: (s: string) => string;
  };
}
const mine: PinoLikeOptions = { level: 'debug', messageKey: 'message', hooks: { logMethod(args, method) { method(...args); }, streamWrite: (s) => s } };
// Merged with the caller's options: theirs are kept, their hooks too, streamWrite is ours.
const pinoMerged: PinoLikeOptions = redactor.pinoOptions(mine);
const pinoSpread: PinoLikeOptions = { ...redactor.pinoOptions(), level: 'info' };
const pinoLevel: string | undefined = redactor.pinoOptions(mine).level;
const pinoStreamWrite: (line: string) => string = redactor.pinoOptions(mine).hooks.streamWrite;
const pinoLogMethod: NonNullable<PinoLikeOptions['hooks']>['logMethod'] = redactor.pinoOptions(mine).hooks.logMethod;
try {
  redactor.redactJson('{');
} catch (error) {
  if (error instanceof RedactionError) {
    const redactCode: 'REDACTION_INVALID_JSON' | 'REDACTION_LIMIT_EXCEEDED' | 'REDACTION_INVALID_OPTIONS' = error.code;
    void redactCode;
  }
}
void [redactedValue, redactedJson, redactedText, redactedLines, withReport, reportedText, redactDepth, pinoLog, pinoWhole, pinoMerged, pinoSpread, pinoLevel, pinoStreamWrite, pinoLogMethod];

// Rate limiting (issue #14).
import { RateLimitError, RateLimiter, durableObjectStore, redisStore } from 'edgeward';
import type { RateLimitResult, RateLimitStore, ThrottleReply } from 'edgeward';
const limiter = new RateLimiter({ limit: 100, periodSeconds: 60, burst: 10, onStoreError: 'deny' });
const checked: RateLimitResult = limiter.check('203.0.113.7', { cost: 1, now: new Date() });
const retry: number | null = checked.retryAfterSeconds;
const limitHeaders: Record<string, string> = limiter.headers(checked);
const asyncChecked: Promise<RateLimitResult> = limiter.checkAsync('k');
const ownStore: RateLimitStore = {
  throttle: (): ThrottleReply => [0, 10, 9, -1, 6],
  seen: async () => false,
};
const withStore = new RateLimiter({ limit: 1, periodSeconds: 1, store: ownStore });
const redisShared: RateLimitStore = redisStore({}, { timeoutMs: 500 });
const doShared = (ns: Parameters<typeof durableObjectStore>[0]): RateLimitStore => durableObjectStore(ns);
try {
  new RateLimiter({ limit: 0, periodSeconds: 60 });
} catch (error) {
  if (error instanceof RateLimitError) {
    const rateCode: 'RATE_LIMIT_INVALID_OPTIONS' = error.code;
    void rateCode;
  }
}
void [retry, limitHeaders, asyncChecked, withStore, redisShared, doShared];
// Credentials.
import {
  AccessPolicy,
  Fernet,
  KeyRing,
  OAuthState,
  Sealer,
  assertKeyForEnvironment,
  codeChallengeS256,
  generateCodeVerifier,
  needsRefresh,
  requestId,
  safeErrorResponse,
  type OAuthErrorCode,
  type SealErrorCode,
} from 'edgeward';

const oauthState = new OAuthState(['s'.repeat(32)], { ttlSeconds: 300 });
const stateToken: string = oauthState.issue({ session: 'sid', verifier: generateCodeVerifier() });
const carried: string | undefined = oauthState.verify(stateToken, { session: 'sid', replay: (key: string) => key === '' }).verifier;
const challenge: string = codeChallengeS256(carried ?? '');
const refresh: boolean = needsRefresh(new Date(), { skewSeconds: 30 });
const sealer = new Sealer([{ id: 'k1', key: 'x' }]);
const opened: Uint8Array = sealer.open(sealer.seal('text', { aad: new Uint8Array(1) }), { maxAgeSeconds: 60 });
const fernetText: string = new Fernet(Fernet.generateKey()).decryptText('t', { ttlSeconds: 60 });
const mode: 'live' | 'test' | 'unknown' = assertKeyForEnvironment('sk_test_x', 'development').mode;
const ring: string = KeyRing.fromEnv(['A', 'B'], {}).current;
const allowed: boolean = new AccessPolicy({ roles: { support: ['tickets:*'] } }).can({ roles: ['support'], ip: '10.0.0.1' }, 'tickets:read');
const reply = safeErrorResponse(new Error('x'), { requestId: requestId('abc') });
const replyStatus: number = reply.status;
const credentialCodes: Array<OAuthErrorCode | SealErrorCode> = ['STATE_REPLAYED', 'SEAL_INVALID'];
void [challenge, refresh, opened, fernetText, mode, ring, allowed, replyStatus, credentialCodes];
// Network guards (issue 14).
import { IpAllowlist, NetworkError, clientIp } from 'edgeward';
import type { ClientIp, ClientIpReason, NetworkErrorCode } from 'edgeward';

const providerList = new IpAllowlist(['192.0.2.0/24', '2001:db8::/32', 'cloudflare'], { allowHostBits: false, maxEntries: 1000 });
const listed: boolean = providerList.allows('192.0.2.7');
const listSize: number = providerList.size;
const found: ClientIp = clientIp({
  peer: '127.0.0.1',
  headers: new Headers({ 'x-forwarded-for': '192.0.2.7' }),
  trustedProxies: new IpAllowlist(['loopback']),
  header: 'x-forwarded-for',
  maxHops: 4,
  explain: true,
});
const foundIp: string | null = found.ip;
const foundReason: ClientIpReason = found.reason;
const fromObject: ClientIp = clientIp({ peer: '::1', headers: { 'x-forwarded-for': ['1.2.3.4', '5.6.7.8'] }, trustedProxies: ['loopback', 'private'] });
try {
  providerList.allows('10.1');
} catch (error) {
  if (error instanceof NetworkError) {
    const netCode: NetworkErrorCode = error.code;
    void netCode;
  }
}
void [listed, listSize, foundIp, foundReason, fromObject, found.chain, found.explanation];

// Verified events (issue #15).
import type { VerifiedEvent, VerifyEventOptions } from 'edgeward';
type Invoice = { type: 'invoice.paid'; data: { amount: number } };
const invoiceSchema = new Validator<Invoice>({ type: 'object' });
const invoiceOptions: VerifyEventOptions<Invoice> = { schema: invoiceSchema, now: 1, maxBytes: 2 ** 20 };
const invoice: VerifiedEvent<Invoice, 'standard'> = standard.verifyEvent<Invoice>('{}', incoming, invoiceOptions);
const amount: number = invoice.event.data.amount;
const eventType: string | null = invoice.type;
const deliveryId: string | null = invoice.id;
const slackInner: string | null = invoice.innerType;
const eventTimestamp: number = invoice.timestamp;
const githubEvent: Promise<VerifiedEvent<unknown, 'github'>> = github.verifyEventAsync('{}', { 'x-github-event': 'push' }, { schema: { type: 'object' } });
void [amount, eventType, deliveryId, slackInner, eventTimestamp, githubEvent];

// Routing (issue #15).
import { WebhookHandlerError, WebhookRouter } from 'edgeward';
import type { RouteResult } from 'edgeward';
const router = new WebhookRouter(github, { onUnhandled: (d) => void d.type })
  .on('push', (d) => d.id)
  .on(['ping', 'issues'], async () => 1)
  .on('*', () => undefined);
const routed: Promise<RouteResult<'github'>> = router.handle('{}', { 'x-github-event': 'push' }, { now: 1 });
const handlerFailure: unknown = new WebhookHandlerError('push', new Error('failed')).cause;
void [routed, handlerFailure];
