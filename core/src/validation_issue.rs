//! One way a document fails its schema: the payload of [`Error::ValidationFailed`].
//!
//! Its own module so that the error type and the validator both depend on it, and neither on
//! the other: [`crate::error`] depends on nothing else in the crate, and every module that
//! fails uses [`crate::error`].
//!
//! [`Error::ValidationFailed`]: crate::error::Error::ValidationFailed

use core::fmt;

/// One way a document fails its schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationIssue {
    /// Where in the document, as a JSON Pointer (`""` is the whole document).
    pub instance_path: String,
    /// Where in the schema: a JSON Pointer to the failed keyword where it is written (after
    /// following `$ref`, as ajv reports it), e.g. `/properties/amount/maximum`; for a keyword
    /// in another schema resource (a registered resource, an embedded `$id`), that resource's
    /// URI with the pointer as fragment.
    pub schema_path: String,
    /// The failed keyword, such as `format`, `maximum` or `required`.
    pub keyword: String,
    /// What the rule requires; names the value only with
    /// [`ValidatorOptions::include_values`](crate::validate::ValidatorOptions::include_values).
    pub message: String,
}

/// Writes the message of [`Error::ValidationFailed`](crate::error::Error::ValidationFailed).
pub(crate) fn write_validation_failed(
    f: &mut fmt::Formatter<'_>,
    issues: &[ValidationIssue],
) -> fmt::Result {
    write!(f, "the document does not match the schema")?;
    if let Some(first) = issues.first() {
        let at = if first.instance_path.is_empty() {
            "the document"
        } else {
            first.instance_path.as_str()
        };
        write!(f, ": {at} {}", first.message)?;
        if issues.len() > 1 {
            write!(f, " (and {} more issue(s), see .errors)", issues.len() - 1)?;
        }
    }
    Ok(())
}
