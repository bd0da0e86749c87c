//! Redactor options and reports as JSON text: the form in which every binding passes them.
//! Options arrive from the host language in the corpus' snake_case form and are read with the
//! core's bounded parser, so no binding walks a host object to build them.

use super::{
    CustomPattern, Detector, InvalidLinePolicy, KeyRule, Mode, Number, PathRule, RedactorOptions,
    Report, Value,
};
use crate::error::Error as CoreError;
use crate::secret::SecretBytes;

fn bad(reason: impl Into<String>) -> CoreError {
    CoreError::RedactionInvalidOptions {
        reason: reason.into(),
    }
}

fn get<'a>(members: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn string(v: &Value, what: &str) -> Result<String, CoreError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(bad(format!("`{what}` must be a string"))),
    }
}

fn strings(v: &Value, what: &str) -> Result<Vec<String>, CoreError> {
    match v {
        Value::Array(items) => items.iter().map(|i| string(i, what)).collect(),
        _ => Err(bad(format!("`{what}` must be an array of strings"))),
    }
}

fn boolean(v: &Value, what: &str) -> Result<bool, CoreError> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(bad(format!("`{what}` must be a boolean"))),
    }
}

fn count(v: &Value, what: &str) -> Result<usize, CoreError> {
    let n = match v {
        Value::Number(Number::UInt(n)) => usize::try_from(*n).ok(),
        Value::Number(Number::Int(n)) => usize::try_from(*n).ok(),
        Value::Number(Number::Text(t)) => t.as_str().parse::<usize>().ok(),
        Value::Number(Number::Float(f)) if f.fract() == 0.0 && *f >= 0.0 && *f < 1e15 => {
            // Checked above: a small, non-negative whole number.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(*f as usize)
        }
        _ => None,
    };
    n.ok_or_else(|| bad(format!("`{what}` must be a non-negative integer")))
}

fn mode(v: &Value, what: &str) -> Result<Mode, CoreError> {
    let name = string(v, what)?;
    Mode::parse(&name).ok_or_else(|| {
        bad(format!(
            "`{what}` must be one of \"replace\", \"remove\", \"mask\", \"hash\""
        ))
    })
}

/// The items of a rule list (`keys`, `paths`): each a string, or `{<field>, mode}`.
fn rules(v: &Value, option: &str, field: &str) -> Result<Vec<(String, Option<Mode>)>, CoreError> {
    let Value::Array(items) = v else {
        return Err(bad(format!("`{option}` must be an array")));
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(s) => Ok((s.clone(), None)),
            Value::Object(m) => {
                let text = string(
                    get(m, field).unwrap_or(&Value::Null),
                    &format!("{option}[].{field}"),
                )?;
                let mode = get(m, "mode")
                    .map(|x| mode(x, &format!("{option}[].mode")))
                    .transpose()?;
                Ok((text, mode))
            }
            _ => Err(bad(format!(
                "`{option}` items must be strings or {{{field}, mode}}"
            ))),
        })
        .collect()
}

fn detector(name: &str) -> Result<Detector, CoreError> {
    Detector::from_id(name).ok_or_else(|| {
        let known: Vec<&str> = Detector::ALL.iter().map(|d| d.id()).collect();
        bad(format!(
            "unknown detector {name:?}; known detectors: {}",
            known.join(", ")
        ))
    })
}

fn hex(text: &str) -> Result<Vec<u8>, CoreError> {
    let digits = text.as_bytes();
    if digits.len() % 2 != 0 {
        return Err(bad("`hash_key_hex` must have an even number of hex digits"));
    }
    digits
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or_else(|| bad("`hash_key_hex` must be hex digits"))
        })
        .collect()
}

/// Reads options (JSON text, snake_case keys as in `tests/redact/corpus.json`).
pub fn options_from_json(text: &str) -> Result<RedactorOptions, CoreError> {
    let parsed = Value::from_json(text, 8).map_err(|_| bad("the options are not a JSON object"))?;
    let Value::Object(members) = parsed else {
        return Err(bad("the options must be an object"));
    };
    let mut o = RedactorOptions::default();
    for (name, v) in &members {
        let name = name.as_str();
        if matches!(v, Value::Null) {
            continue;
        }
        match name {
            "default_keys" => o.default_keys = boolean(v, name)?,
            "keys" => {
                for (key, mode) in rules(v, name, "key")? {
                    let mut rule = KeyRule::new(key);
                    rule.mode = mode;
                    o.keys.push(rule);
                }
            }
            "remove_keys" => o.remove_keys = strings(v, name)?,
            "allow_keys" => o.allow_keys = strings(v, name)?,
            "paths" => {
                for (path, mode) in rules(v, name, "path")? {
                    let mut rule = PathRule::new(path);
                    rule.mode = mode;
                    o.paths.push(rule);
                }
            }
            "mode" => o.mode = mode(v, name)?,
            "key_mode" => o.key_mode = Some(mode(v, name)?),
            "detector_mode" => o.detector_mode = Some(mode(v, name)?),
            "detector_modes" => {
                let Value::Object(m) = v else {
                    return Err(bad("`detector_modes` must be an object {detector: mode}"));
                };
                for (d, m) in m {
                    o.detector_modes
                        .push((detector(d)?, mode(m, "detector_modes")?));
                }
            }
            "disabled_detectors" => {
                o.disabled_detectors = strings(v, name)?
                    .iter()
                    .map(|d| detector(d))
                    .collect::<Result<_, _>>()?;
            }
            "custom_patterns" => {
                let Value::Array(items) = v else {
                    return Err(bad(
                        "`custom_patterns` must be an array of {id, pattern, mode}",
                    ));
                };
                for item in items {
                    let Value::Object(m) = item else {
                        return Err(bad("`custom_patterns` items must be {id, pattern, mode}"));
                    };
                    o.custom_patterns.push(CustomPattern {
                        id: string(get(m, "id").unwrap_or(&Value::Null), "custom_patterns[].id")?,
                        pattern: string(
                            get(m, "pattern").unwrap_or(&Value::Null),
                            "custom_patterns[].pattern",
                        )?,
                        mode: get(m, "mode")
                            .map(|x| mode(x, "custom_patterns[].mode"))
                            .transpose()?,
                    });
                }
            }
            "replacement" => o.replacement = string(v, name)?,
            "mask_keep_last" => o.mask_keep_last = count(v, name)?,
            "hash_key" => {
                o.hash_key = Some(SecretBytes::new(string(v, name)?.into_bytes()));
            }
            "hash_key_hex" => {
                let Value::String(s) = v else {
                    return Err(bad("`hash_key_hex` must be a string of hex digits"));
                };
                o.hash_key = Some(SecretBytes::new(hex(s)?));
            }
            "hash_hex_len" => o.hash_hex_len = count(v, name)?,
            "max_depth" => o.max_depth = count(v, name)?,
            "too_deep_marker" => o.too_deep_marker = string(v, name)?,
            "max_bytes" => o.max_bytes = count(v, name)?,
            "report" => o.report = boolean(v, name)?,
            "max_findings" => o.max_findings = count(v, name)?,
            "invalid_ndjson_line" => {
                o.invalid_ndjson_line = match string(v, name)?.as_str() {
                    "error" => InvalidLinePolicy::Error,
                    "text" => InvalidLinePolicy::Text,
                    "replace" => InvalidLinePolicy::Replace,
                    _ => {
                        return Err(bad(
                            "`invalid_ndjson_line` must be \"error\", \"text\" or \"replace\"",
                        ));
                    }
                }
            }
            other => return Err(bad(format!("unknown option {other:?}"))),
        }
    }
    Ok(o)
}

/// A report as JSON text: `{redactions, findings: [{rule, path, detector, confidence, line}],
/// truncated}`. Rule ids and paths only, never values.
pub fn report_json(report: &Report) -> String {
    let findings = report
        .findings
        .iter()
        .map(|f| {
            Value::Object(vec![
                ("rule".to_owned(), Value::String(f.rule.clone())),
                ("path".to_owned(), Value::String(f.path.clone())),
                (
                    "detector".to_owned(),
                    f.detector.clone().map_or(Value::Null, Value::String),
                ),
                (
                    "confidence".to_owned(),
                    Value::String(f.confidence.as_str().to_owned()),
                ),
                (
                    "line".to_owned(),
                    f.line
                        .map_or(Value::Null, |l| Value::Number(Number::UInt(l as u64))),
                ),
            ])
        })
        .collect();
    Value::Object(vec![
        (
            "redactions".to_owned(),
            Value::Number(Number::UInt(report.redactions as u64)),
        ),
        ("findings".to_owned(), Value::Array(findings)),
        ("truncated".to_owned(), Value::Bool(report.truncated)),
    ])
    .to_json()
}
