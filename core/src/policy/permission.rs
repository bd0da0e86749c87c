//! `resource:action` permissions with whole-segment wildcards.

use crate::Error;

/// Longest segment, in bytes.
const MAX_SEGMENT: usize = 128;

/// One segment: a name or `*` (any one whole segment).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Any,
    Name(String),
}

impl Segment {
    fn matches(&self, concrete: &Segment) -> bool {
        match (self, concrete) {
            (Segment::Any, Segment::Name(_)) => true,
            (Segment::Name(a), Segment::Name(b)) => a == b,
            // A requested `*` is not concrete: it matches nothing.
            (_, Segment::Any) => false,
        }
    }
}

impl core::fmt::Display for Segment {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Segment::Any => f.write_str("*"),
            Segment::Name(n) => f.write_str(n),
        }
    }
}

/// A permission `resource:action`; either segment may be `*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    resource: Segment,
    action: Segment,
}

impl core::fmt::Display for Permission {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}:{}", self.resource, self.action)
    }
}

/// Names: `[A-Za-z0-9_.-]`, 1 to 128 bytes.
pub(crate) fn check_name(name: &str, what: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= MAX_SEGMENT
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::PolicyInvalid {
            reason: format!(
                "a {what} has 1 to {MAX_SEGMENT} characters of A-Z a-z 0-9 _ . - (got {} bytes)",
                name.len()
            ),
        })
    }
}

fn segment(text: &str) -> Result<Segment, Error> {
    if text == "*" {
        return Ok(Segment::Any);
    }
    if text.contains('*') {
        return Err(Error::PolicyInvalid {
            reason: "`*` must be a whole segment (`resources:*`, `*:read`), not part of a name"
                .to_owned(),
        });
    }
    check_name(text, "permission segment")?;
    Ok(Segment::Name(text.to_owned()))
}

impl Permission {
    /// Parses `resource:action` (exactly one `:`; `*` as a whole segment).
    pub fn parse(text: &str) -> Result<Permission, Error> {
        let (resource, action) = text.split_once(':').ok_or_else(|| Error::PolicyInvalid {
            reason: "a permission is `resource:action`, e.g. `invoices:read`".to_owned(),
        })?;
        if action.contains(':') {
            return Err(Error::PolicyInvalid {
                reason: "a permission has exactly one `:`".to_owned(),
            });
        }
        Ok(Permission {
            resource: segment(resource)?,
            action: segment(action)?,
        })
    }

    /// Parses a requested (concrete) permission: no `*`.
    pub(crate) fn parse_request(text: &str) -> Result<Permission, Error> {
        let p = Permission::parse(text)?;
        if p.resource == Segment::Any || p.action == Segment::Any {
            return Err(Error::PolicyInvalid {
                reason: "a requested permission names a resource and an action".to_owned(),
            });
        }
        Ok(p)
    }

    /// Whether this rule covers the concrete `requested` permission.
    pub fn matches(&self, requested: &Permission) -> bool {
        self.resource.matches(&requested.resource) && self.action.matches(&requested.action)
    }
}
