/** What happens to a value (or the secret part of a string) a rule selects. */
export type RedactionMode = 'replace' | 'remove' | 'mask' | 'hash';

/** Value detectors (ids as in reports and `disabledDetectors`). */
export type RedactionDetector =
  | 'stripe_key'
  | 'aws_access_key_id'
  | 'github_token'
  | 'slack_token'
  | 'slack_webhook'
  | 'google_api_key'
  | 'jwt'
  | 'private_key'
  | 'bearer_token'
  | 'basic_auth'
  | 'url_password'
  | 'url_param'
  | 'payment_card'
  | 'webhook_signing_key'
  | 'openai_key'
  | 'anthropic_key'
  | 'gitlab_token'
  | 'npm_token'
  | 'sendgrid_key'
  | 'shopify_token'
  | 'vault_token'
  | 'discord_webhook'
  | 'twilio_credential'
  | (string & {});

/** Options of `new Redactor(options)`; every one has a safe default. */
export interface RedactorOptions {
  /** Start from the built-in sensitive key list (default true). */
  defaultKeys?: boolean;
  /** Extra sensitive keys (any spelling: `apiKey` = `api_key` = `X-API-KEY`). */
  keys?: Array<string | { key: string; mode?: RedactionMode }>;
  /** Keys removed from the list. */
  removeKeys?: string[];
  /** Keys never treated as sensitive (value detectors still run on them). */
  allowKeys?: string[];
  /** pino-style paths (`a.b`, `a["x-y"]`, `a[0]`, `*`) plus the deep wildcard `**`. */
  paths?: Array<string | { path: string; mode?: RedactionMode }>;
  /** Default mode of every rule (default `"replace"`). */
  mode?: RedactionMode;
  keyMode?: RedactionMode;
  detectorMode?: RedactionMode;
  detectorModes?: Partial<Record<RedactionDetector, RedactionMode>>;
  disabledDetectors?: RedactionDetector[];
  /**
   * Extra value patterns (Rust `regex` syntax; a RegExp's `source` is used). The lean WASM
   * build (`edgeward/webhooks` on Workers and in browsers) has no regex engine and refuses
   * them with `REDACTION_INVALID_OPTIONS`; import `edgeward` there to use them.
   */
  customPatterns?: Array<{ id: string; pattern: string | RegExp; mode?: RedactionMode }>;
  /** Replacement text (default `"[REDACTED]"`). */
  replacement?: string;
  /** Characters `mask` keeps at the end (default 4). */
  maskKeepLast?: number;
  /** Key for `hash` mode (≥ 16 bytes). */
  hashKey?: string | Uint8Array;
  hashHexLen?: number;
  /** Containers nested deeper become `tooDeepMarker` (default 64, at most 1000). */
  maxDepth?: number;
  tooDeepMarker?: string;
  /** Largest text input in bytes (default 16 MiB). */
  maxBytes?: number;
  /** When true every method returns `{ value, report }` instead of the bare result. */
  report?: boolean;
  maxFindings?: number;
  /** What `redactNdjson` does with an invalid line (default `"error"`). */
  invalidNdjsonLine?: 'error' | 'text' | 'replace';
}

/** One redaction: which rule, where; never the value. */
export interface RedactionFinding {
  rule: string;
  path: string;
  detector: string | null;
  confidence: 'high' | 'low';
  line: number | null;
}

/** What was redacted. */
export interface RedactionReport {
  redactions: number;
  findings: RedactionFinding[];
  truncated: boolean;
}

/** A result with its report (options `{ report: true }`). */
export interface Redacted<T> {
  value: T;
  report: RedactionReport;
}

type Out<R, T> = [R] extends [true] ? Redacted<T> : T;

/**
 * Redacts secrets from log records: native values, JSON text, NDJSON and free text.
 * Built once (rules compiled once). With `{ report: true }` every method returns
 * `{ value, report }`; otherwise the redacted result itself.
 */
export class Redactor<R extends boolean = false> {
  constructor(options?: RedactorOptions & { report?: R });
  /** A redacted copy (cycles → "[Circular]", Date → ISO, BigInt exact, Buffer → marker); the argument is untouched. */
  redact<T = unknown>(value: T): Out<R, unknown>;
  /** JSON text in, JSON text out (the fast path). Throws `RedactionError` on invalid JSON. */
  redactJson(json: string): Out<R, string>;
  /** NDJSON in, NDJSON out. */
  redactNdjson(ndjson: string): Out<R, string>;
  /** Free text in, free text out. */
  redactText(text: string): Out<R, string>;
  /** Containers nested deeper than this are replaced by the marker. */
  readonly maxDepth: number;
  /**
   * pino options that redact every finished line (message, child bindings, `base`, `mixin`,
   * serialised errors, the merged object) before any destination or transport sees it:
   * `pino({ ...redactor.pinoOptions() })`. Pass your own options to merge them:
   * `pino(redactor.pinoOptions({ level: 'debug', hooks: { streamWrite: yours } }))` runs
   * `yours` first and redacts its output. Never throws into the logging call: a line that
   * cannot be redacted is replaced by
   * `{"level":50,"msg":"[log line not written: redaction failed (CODE)]"}`.
   */
  pinoOptions(): { hooks: PinoLineHooks };
  pinoOptions<O extends object>(options: O): WithPinoRedaction<O>;
  /**
   * A pino `formatters.log` function, for the merging object only: pino never passes the
   * message or child bindings through it (use `pinoOptions()` for whole lines).
   */
  pinoFormatter(): (object: Record<string, unknown>) => Record<string, unknown>;
  /**
   * A winston format redacting each record (message, metadata, child defaults, `splat`
   * arguments, and a finished line if one was written). Put it first:
   * `format.combine(redactor.winstonFormat(), format.splat(), format.json())`.
   */
  winstonFormat(): WinstonRedactionFormat;
  /**
   * Opt-in: redacts the arguments of `console.log`, `info`, `warn`, `error`, `debug`, `trace`,
   * `dir` and `table` (of `target`, default the global `console`) before they print. Returns
   * a function that restores the original methods.
   */
  wrapConsole(target?: Pick<Console, 'log'> & Partial<Console>): () => void;
}

/** A winston (logform) format: an object with `transform`, usable in `format.combine`. */
export interface WinstonRedactionFormat {
  options: Record<string, never>;
  transform(info: { level: string; message?: unknown; [key: string | symbol]: unknown }): typeof info;
}

/** The hook `pinoOptions()` sets: pino's `hooks.streamWrite`, called with every serialised line. */
export interface PinoLineHooks {
  /** Returns the redacted line (line ending kept); never throws. */
  streamWrite: (line: string) => string;
}

type PinoHooksOf<O> = O extends { hooks?: infer H } ? (H extends object ? H : {}) : {};

/** Your pino options with `hooks.streamWrite` set to the redacting hook (yours runs first). */
export type WithPinoRedaction<O extends object> = Omit<O, 'hooks'> & {
  hooks: Omit<PinoHooksOf<O>, 'streamWrite'> & PinoLineHooks;
};
