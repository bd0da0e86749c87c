//! What a [`Redactor`](super::Redactor) is built from. Every field has a safe default, so
//! `RedactorOptions::default()` already redacts the default key list and every detector.

use crate::secret::SecretBytes;

/// What happens to a value (or the secret part of a string) that a rule selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Replace it with the replacement text (default `[REDACTED]`).
    #[default]
    Replace,
    /// Remove the object member altogether. Array elements, the root value and secrets found
    /// inside strings cannot be removed; for them this acts as [`Mode::Replace`].
    Remove,
    /// Keep a recognised token prefix and the last `mask_keep_last` characters:
    /// `sk_live_…4f2a`. Short secrets keep no tail; with nothing to keep, acts as `Replace`.
    Mask,
    /// Replace it with a keyed hash (`[hmac:…]`, HMAC-SHA256 under `hash_key`, hex, truncated),
    /// so equal secrets correlate across log lines without being revealed.
    Hash,
}

impl Mode {
    /// The mode's stable name, as bindings spell it in options.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mode::Replace => "replace",
            Mode::Remove => "remove",
            Mode::Mask => "mask",
            Mode::Hash => "hash",
        }
    }

    /// Parses a mode name (`replace`, `remove`, `mask`, `hash`).
    pub fn parse(name: &str) -> Option<Mode> {
        match name {
            "replace" => Some(Mode::Replace),
            "remove" => Some(Mode::Remove),
            "mask" => Some(Mode::Mask),
            "hash" => Some(Mode::Hash),
            _ => None,
        }
    }
}

/// A value detector: a kind of secret recognised inside any string, wherever it appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Detector {
    /// Stripe secret and restricted keys and webhook secrets (`sk_live_`, `sk_test_`,
    /// `rk_live_`, `rk_test_`, `whsec_`). Publishable `pk_` keys are not secret.
    StripeKey,
    /// AWS access key ids (`AKIA…`, `ASIA…`, `ABIA…`, `ACCA…` and 16 more characters).
    AwsAccessKeyId,
    /// GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`). A bad checksum
    /// lowers the reported confidence but never stops the redaction.
    GithubToken,
    /// Slack tokens (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xoxe-`, `xoxo-`, `xapp-`).
    SlackToken,
    /// Slack incoming-webhook URLs; the secret path after `/services/` is redacted.
    SlackWebhook,
    /// Google API keys (`AIza` and 35 more characters).
    GoogleApiKey,
    /// JSON Web Tokens: three (or five) base64url parts whose first decodes to a JSON object
    /// (`{"` or `{ ` first, as every JWT header).
    Jwt,
    /// PEM private key blocks (`-----BEGIN … PRIVATE KEY-----` up to the matching END line,
    /// or to the end of the string when the END line is missing).
    PrivateKey,
    /// `Bearer <token>` credentials (`Bearer`, `bearer`, `BEARER`); the token is redacted.
    BearerToken,
    /// `Basic <base64(user:password)>` credentials (`Basic`, `basic`, `BASIC`); the base64
    /// part is redacted.
    BasicAuth,
    /// Passwords in URL userinfo (`scheme://user:password@host`); the password is redacted.
    UrlPassword,
    /// `name=value` pairs (URL query and fragment parameters, logfmt, cookies) whose name is a
    /// sensitive key; the value is redacted. Inside percent-encoded URLs too (`token%3D…`,
    /// once or twice encoded), up to the next encoded delimiter.
    UrlParam,
    /// Payment card numbers: issuer prefix, length and Luhn checksum must all agree, so
    /// 13-digit millisecond timestamps, order ids and invalid-Luhn numbers survive.
    PaymentCard,
    /// Standard Webhooks Ed25519 secret keys (`whsk_` and base64). Public `whpk_` keys are not
    /// secret.
    WebhookSigningKey,
    /// OpenAI API keys: project, service-account and admin keys (`sk-proj-`, `sk-svcacct-`,
    /// `sk-admin-`, `sk-None-` and 20 or more characters) and legacy user keys (`sk-` and
    /// exactly 48 letters and digits).
    OpenaiKey,
    /// Anthropic API keys (`sk-ant-api03-…`, `sk-ant-admin01-…`, `sk-ant-oat01-…`).
    AnthropicKey,
    /// GitLab tokens: personal, project and group access tokens (`glpat-`), deploy tokens
    /// (`gldt-`), runner tokens (`glrt-`), pipeline trigger tokens (`glptt-`).
    GitlabToken,
    /// npm access tokens (`npm_` and 36 letters and digits). A bad checksum lowers the
    /// reported confidence but never stops the redaction.
    NpmToken,
    /// SendGrid API keys (`SG.`, 22 characters, `.`, 43 characters).
    SendgridKey,
    /// Shopify access tokens and shared secrets (`shpat_`, `shpca_`, `shppa_`, `shpss_` and
    /// 32 hex digits).
    ShopifyToken,
    /// HashiCorp Vault tokens (`hvs.`, `hvb.`, `hvr.` and 24 or more characters).
    VaultToken,
    /// Discord webhook URLs; the token after the webhook id is redacted.
    DiscordWebhook,
    /// Twilio credentials: an account SID or API key SID (`AC`/`SK` and 32 lowercase hex
    /// digits) joined by `:` to its auth token or key secret (32 letters and digits); the
    /// secret is redacted. A SID alone is an identifier and stays.
    TwilioCredential,
}

impl Detector {
    /// Every detector, in a stable order.
    pub const ALL: &'static [Detector] = &[
        Detector::StripeKey,
        Detector::AwsAccessKeyId,
        Detector::GithubToken,
        Detector::SlackToken,
        Detector::SlackWebhook,
        Detector::GoogleApiKey,
        Detector::Jwt,
        Detector::PrivateKey,
        Detector::BearerToken,
        Detector::BasicAuth,
        Detector::UrlPassword,
        Detector::UrlParam,
        Detector::PaymentCard,
        Detector::WebhookSigningKey,
        Detector::OpenaiKey,
        Detector::AnthropicKey,
        Detector::GitlabToken,
        Detector::NpmToken,
        Detector::SendgridKey,
        Detector::ShopifyToken,
        Detector::VaultToken,
        Detector::DiscordWebhook,
        Detector::TwilioCredential,
    ];

    /// The detector's stable id, used in options and reports.
    pub const fn id(self) -> &'static str {
        match self {
            Detector::StripeKey => "stripe_key",
            Detector::AwsAccessKeyId => "aws_access_key_id",
            Detector::GithubToken => "github_token",
            Detector::SlackToken => "slack_token",
            Detector::SlackWebhook => "slack_webhook",
            Detector::GoogleApiKey => "google_api_key",
            Detector::Jwt => "jwt",
            Detector::PrivateKey => "private_key",
            Detector::BearerToken => "bearer_token",
            Detector::BasicAuth => "basic_auth",
            Detector::UrlPassword => "url_password",
            Detector::UrlParam => "url_param",
            Detector::PaymentCard => "payment_card",
            Detector::WebhookSigningKey => "webhook_signing_key",
            Detector::OpenaiKey => "openai_key",
            Detector::AnthropicKey => "anthropic_key",
            Detector::GitlabToken => "gitlab_token",
            Detector::NpmToken => "npm_token",
            Detector::SendgridKey => "sendgrid_key",
            Detector::ShopifyToken => "shopify_token",
            Detector::VaultToken => "vault_token",
            Detector::DiscordWebhook => "discord_webhook",
            Detector::TwilioCredential => "twilio_credential",
        }
    }

    /// Looks a detector up by its id.
    pub fn from_id(id: &str) -> Option<Detector> {
        Detector::ALL.iter().copied().find(|d| d.id() == id)
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// A sensitive key added to the list, with an optional mode of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRule {
    /// The key, in any spelling: `apiKey`, `api_key` and `API-KEY` are the same key.
    pub key: String,
    /// The mode for values under this key; `None` uses [`RedactorOptions::key_mode`].
    pub mode: Option<Mode>,
}

impl KeyRule {
    /// A key rule using the default key mode.
    pub fn new(key: impl Into<String>) -> Self {
        KeyRule {
            key: key.into(),
            mode: None,
        }
    }
}

/// An explicit path, in pino / fast-redact syntax plus a deep wildcard:
/// `req.headers.cookie`, `a["x-y"]`, `items[0].card`, `*.password`, `**.secret`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathRule {
    /// The path expression. Segments match keys exactly (case-sensitive), as in pino.
    pub path: String,
    /// The mode for the value at this path; `None` uses [`RedactorOptions::mode`].
    pub mode: Option<Mode>,
}

impl PathRule {
    /// A path rule using the default mode.
    pub fn new(path: impl Into<String>) -> Self {
        PathRule {
            path: path.into(),
            mode: None,
        }
    }
}

/// A user-supplied value pattern (Rust `regex` syntax, linear time). The whole match is the
/// secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomPattern {
    /// A short id used in reports as `custom:<id>`.
    pub id: String,
    /// The pattern. Use non-capturing groups `(?:…)`; named groups are refused. Builds
    /// without the `custom-patterns` feature (the lean WASM build) refuse every custom pattern.
    pub pattern: String,
    /// The mode; `None` uses the detector mode.
    pub mode: Option<Mode>,
}

/// What `redact_ndjson` does with a line that is not valid JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InvalidLinePolicy {
    /// Fail the whole call with an error naming the line number (default).
    #[default]
    Error,
    /// Redact the line as free text (value detectors only: keys cannot be recognised).
    Text,
    /// Replace the line with the JSON string `"[Invalid JSON line]"`.
    Replace,
}

/// Options for [`Redactor::new`](super::Redactor::new). Build from `Default` and change fields.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RedactorOptions {
    /// Start from the built-in sensitive key list (default `true`).
    pub default_keys: bool,
    /// Keys added to the list, each with an optional mode. A key added here that is also a
    /// default key overrides the default's mode.
    pub keys: Vec<KeyRule>,
    /// Keys removed from the list (any spelling).
    pub remove_keys: Vec<String>,
    /// Keys that are never sensitive, even though they contain a sensitive word
    /// (any spelling; compared on the normalised key). Value detectors still run on them.
    pub allow_keys: Vec<String>,
    /// Explicit paths, checked before keys.
    pub paths: Vec<PathRule>,
    /// The default mode of every rule (default [`Mode::Replace`]).
    pub mode: Mode,
    /// The mode for sensitive keys; `None` uses `mode`.
    pub key_mode: Option<Mode>,
    /// The mode for value detectors; `None` uses `mode`.
    pub detector_mode: Option<Mode>,
    /// Per-detector modes, overriding `detector_mode`.
    pub detector_modes: Vec<(Detector, Mode)>,
    /// Detectors switched off.
    pub disabled_detectors: Vec<Detector>,
    /// Extra value patterns.
    pub custom_patterns: Vec<CustomPattern>,
    /// The replacement text (default `[REDACTED]`).
    pub replacement: String,
    /// Characters [`Mode::Mask`] keeps at the end (default 4, at most 16).
    pub mask_keep_last: usize,
    /// The key for [`Mode::Hash`] (at least 16 bytes). Zeroized on drop, never printed.
    pub hash_key: Option<SecretBytes>,
    /// Hex characters of the HMAC that [`Mode::Hash`] keeps (default 16, 8 to 64).
    pub hash_hex_len: usize,
    /// Containers nested deeper than this are replaced by `too_deep_marker` (default 64,
    /// 1 to 1000).
    pub max_depth: usize,
    /// The text replacing containers nested too deep (default `[Too deep]`).
    pub too_deep_marker: String,
    /// Largest input in bytes for JSON, NDJSON and text calls (default 16 MiB).
    pub max_bytes: usize,
    /// Collect a report of findings (rule, path, detector; never values). Default `false`;
    /// the count of redactions is always kept.
    pub report: bool,
    /// Most findings kept in one report (default 1000); the report says when it was cut.
    pub max_findings: usize,
    /// What `redact_ndjson` does with an invalid line.
    pub invalid_ndjson_line: InvalidLinePolicy,
}

impl Default for RedactorOptions {
    fn default() -> Self {
        RedactorOptions {
            default_keys: true,
            keys: Vec::new(),
            remove_keys: Vec::new(),
            allow_keys: Vec::new(),
            paths: Vec::new(),
            mode: Mode::Replace,
            key_mode: None,
            detector_mode: None,
            detector_modes: Vec::new(),
            disabled_detectors: Vec::new(),
            custom_patterns: Vec::new(),
            replacement: DEFAULT_REPLACEMENT.to_owned(),
            mask_keep_last: 4,
            hash_key: None,
            hash_hex_len: 16,
            max_depth: 64,
            too_deep_marker: DEFAULT_TOO_DEEP.to_owned(),
            max_bytes: 16 * 1024 * 1024,
            report: false,
            max_findings: 1000,
            invalid_ndjson_line: InvalidLinePolicy::Error,
        }
    }
}

/// The default replacement text.
pub const DEFAULT_REPLACEMENT: &str = "[REDACTED]";
/// The default marker for containers nested deeper than `max_depth`.
pub const DEFAULT_TOO_DEEP: &str = "[Too deep]";
/// What a binding writes in place of a reference back to a container being converted (a
/// cycle in a host object): the same text in every binding.
pub const CIRCULAR_MARKER: &str = "[Circular]";
/// The marker `InvalidLinePolicy::Replace` writes.
pub const INVALID_LINE_MARKER: &str = "[Invalid JSON line]";
/// Upper bound of `max_depth` (the value path recurses once per level).
pub const MAX_DEPTH_LIMIT: usize = 1000;

/// The built-in sensitive keys, normalised (lowercase, separators removed). Matching is by
/// whole words, so `token` matches `access_token` and `X-Auth-Token` but not `tokens`; a
/// single word ending in `password`, `passwd`, `secret` or `token` matches too (`PGPASSWORD`,
/// `appsecret`, `authtoken`), and `sid` matches only a whole key (`sid`, not `account_sid`).
pub const DEFAULT_KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "passwords",
    "secret",
    "secrets",
    "clientsecret",
    "token",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "apikey",
    "xapikey",
    "apitoken",
    "auth",
    "authorization",
    "proxyauthorization",
    "cookie",
    "cookies",
    "setcookie",
    "session",
    "sessionid",
    "sessiontoken",
    "privatekey",
    "credential",
    "credentials",
    "csrf",
    "csrftoken",
    "xsrf",
    "xsrftoken",
    "webhooksecret",
    "signature",
    "sig",
    "cardnumber",
    "ccnumber",
    "pan",
    "cvv",
    "cvc",
    "cvv2",
    "ssn",
    "pin",
    "otp",
    "jwt",
    "secretkey",
    "accesskey",
    "signingkey",
    "encryptionkey",
    "sid",
    "connectsid",
    "phpsessid",
    "jsessionid",
    "sessid",
    "dsn",
    "connectionstring",
    "passcode",
    "mfa",
];
