//! The optional report: what was redacted, by rule and path, never the values.

/// How sure a detector is. Redaction happens either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Confidence {
    /// The format and any checksum verified.
    #[default]
    High,
    /// The format matched but a checksum or documented shape did not (for example a GitHub
    /// token with a bad checksum); redacted all the same.
    Low,
}

impl Confidence {
    /// `"high"` or `"low"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Low => "low",
        }
    }
}

/// One redaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule: `key:<normalised key>`, `path:<path as configured>`, `detector:<id>`,
    /// `custom:<id>` or `limit:max_depth`.
    pub rule: String,
    /// Where, in pino path syntax (`req.headers.authorization`, `items[0]["x-y"]`); empty for
    /// the root value and for free text.
    pub path: String,
    /// The detector id for value detectors (`stripe_key`, `payment_card`, …), else `None`.
    pub detector: Option<String>,
    /// The detector's confidence (always `High` for key, path and limit rules).
    pub confidence: Confidence,
    /// For `redact_ndjson`: the 1-based line number.
    pub line: Option<usize>,
}

/// What a call redacted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// How many values or secrets were redacted (always counted).
    pub redactions: usize,
    /// The findings, in document order, when the `report` option is on.
    pub findings: Vec<Finding>,
    /// Whether findings were dropped after `max_findings`.
    pub truncated: bool,
}
