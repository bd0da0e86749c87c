//! Least privilege: `resource:action` permissions, roles, explicit denies, scoped keys with IP
//! restrictions, and a deny-by-default decision that says which rule decided.
//!
//! ## Threat model
//! - **Wildcards that match too much.** `*` matches one whole segment and nothing else:
//!   `resources:*` and `*:read` exist, `res*:read` and `*` alone are refused, and a `*` never
//!   spans the `:` separator (the class of Casbin's `keyMatch` bugs, where a pattern matched
//!   across path separators). Requested permissions are concrete: a `*` in a request matches
//!   nothing.
//! - **Malformed rules** are refused when the policy is built (`POLICY_INVALID`), never
//!   discovered at check time; a malformed *requested* permission is denied.
//! - **Deny wins**: an explicit deny anywhere (role or subject) overrides every allow.
//! - **Scoped keys**: a key's permissions intersect the subject's roles (a key can only
//!   narrow), and a key with IP restrictions requires the caller's address inside one of them
//!   (IPv4-mapped IPv6 addresses are compared as IPv4). Addresses and ranges are read by the
//!   [`net`](crate::net) module's strict parser, the same one `IpAllowlist` uses: no
//!   `inet_aton` shorthands, leading zeros, zone ids or host bits.
//! - Everything not allowed is denied; errors fail closed.

mod permission;

pub use permission::Permission;

use crate::Error;
use crate::net::{HostBits, IpNet, parse_cidr, parse_ip};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// The `net` parser's explanation, for a `POLICY_INVALID` error (a policy is refused with the
/// policy family's code, whatever part of it is wrong).
fn net_reason(error: Error) -> String {
    match error {
        Error::InvalidIp { reason } | Error::InvalidCidr { reason } => reason,
        other => other.to_string(),
    }
}

/// Most rules (allows and denies over every role) in one policy.
pub const MAX_RULES: usize = 10_000;

/// A role's rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Role {
    /// What the role allows.
    pub allow: Vec<Permission>,
    /// What the role denies, overriding every allow.
    pub deny: Vec<Permission>,
}

/// A policy: named roles. The defaults are `viewer` (`*:read`), `editor` (`*:read`,
/// `*:create`, `*:update`) and `admin` (`*:*`); a role given with the same name replaces one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessPolicy {
    roles: BTreeMap<String, Role>,
}

/// A scoped API key: it may only do what its `permissions` allow, from its `ip_restrictions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopedKey {
    /// The key's permissions (intersected with the subject's).
    pub permissions: Vec<Permission>,
    /// Where the key may be used from; empty means anywhere.
    pub ip_restrictions: Vec<IpNet>,
}

/// Who asks: roles and/or direct permissions, explicit denies, an optional scoped key and the
/// caller's address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subject {
    /// Role names in the policy (an unknown role grants nothing).
    pub roles: Vec<String>,
    /// Permissions granted directly.
    pub permissions: Vec<Permission>,
    /// Permissions denied directly.
    pub deny: Vec<Permission>,
    /// The scoped key the request came with, if any.
    pub key: Option<ScopedKey>,
    /// The caller's IP address (needed when the key has IP restrictions).
    pub ip: Option<IpAddr>,
}

/// A decision and the rule that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the permission is granted.
    pub allowed: bool,
    /// Which rule decided, e.g. `allow *:read (role viewer)`, `deny *:delete (subject)`,
    /// `no rule allows it`, `outside the key's permissions`, `caller IP outside the key's
    /// restrictions`.
    pub rule: String,
}

fn invalid(reason: &str) -> Error {
    Error::PolicyInvalid {
        reason: reason.to_owned(),
    }
}

/// Most entries in one list of a subject or a role.
const MAX_LIST: usize = 1000;

/// A JSON list of permission strings (absent or null: empty).
fn permissions(value: Option<&serde_json::Value>, what: &str) -> Result<Vec<Permission>, Error> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let list = value
        .as_array()
        .ok_or_else(|| invalid(&format!("{what} must be a list of permissions")))?;
    if list.len() > MAX_LIST {
        return Err(invalid(&format!(
            "{what} has more than {MAX_LIST} permissions"
        )));
    }
    list.iter()
        .map(|p| {
            p.as_str()
                .ok_or_else(|| invalid("a permission must be a string such as \"invoices:read\""))
                .and_then(Permission::parse)
        })
        .collect()
}

impl Subject {
    /// Reads `{ roles?, permissions?, deny?, key?: { permissions, ipRestrictions }, ip? }`
    /// (JSON text, as the bindings pass it). Malformed permissions, CIDRs or addresses are
    /// refused (`POLICY_INVALID`).
    pub fn from_json(text: &str) -> Result<Subject, Error> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|_| invalid("the subject is not valid JSON"))?;
        if !value.is_object() {
            return Err(invalid("the subject must be an object"));
        }
        let roles = match value.get("roles").filter(|v| !v.is_null()) {
            None => Vec::new(),
            Some(list) => list
                .as_array()
                .filter(|l| l.len() <= MAX_LIST)
                .ok_or_else(|| invalid("`roles` must be a list of role names"))?
                .iter()
                .map(|r| {
                    r.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| invalid("a role name must be a string"))
                })
                .collect::<Result<_, _>>()?,
        };
        let key = match value.get("key").filter(|v| !v.is_null()) {
            None => None,
            Some(key) => {
                let ip_restrictions = match key
                    .get("ipRestrictions")
                    .or_else(|| key.get("ip_restrictions"))
                    .filter(|v| !v.is_null())
                {
                    None => Vec::new(),
                    Some(list) => list
                        .as_array()
                        .filter(|l| l.len() <= MAX_LIST)
                        .ok_or_else(|| invalid("`ipRestrictions` must be a list of CIDR ranges"))?
                        .iter()
                        .map(|c| {
                            c.as_str()
                                .ok_or_else(|| invalid("a CIDR range must be a string"))
                                .and_then(|text| {
                                    parse_cidr(text, HostBits::Refuse).map_err(|e| {
                                        invalid(&format!("`ipRestrictions`: {}", net_reason(e)))
                                    })
                                })
                        })
                        .collect::<Result<_, _>>()?,
                };
                Some(ScopedKey {
                    permissions: permissions(key.get("permissions"), "the key's `permissions`")?,
                    ip_restrictions,
                })
            }
        };
        let ip = match value.get("ip").filter(|v| !v.is_null()) {
            None => None,
            Some(ip) => Some(
                ip.as_str()
                    .ok_or_else(|| invalid("`ip` must be an IPv4 or IPv6 address"))
                    .and_then(|text| {
                        parse_ip(text).map_err(|e| invalid(&format!("`ip`: {}", net_reason(e))))
                    })?,
            ),
        };
        Ok(Subject {
            roles,
            permissions: permissions(value.get("permissions"), "`permissions`")?,
            deny: permissions(value.get("deny"), "`deny`")?,
            key,
            ip,
        })
    }
}

fn deny(rule: impl Into<String>) -> Decision {
    Decision {
        allowed: false,
        rule: rule.into(),
    }
}

impl Default for AccessPolicy {
    fn default() -> Self {
        let role = |allow: &[&str]| Role {
            allow: allow
                .iter()
                .filter_map(|p| Permission::parse(p).ok())
                .collect(),
            deny: Vec::new(),
        };
        let mut roles = BTreeMap::new();
        roles.insert("viewer".to_owned(), role(&["*:read"]));
        roles.insert(
            "editor".to_owned(),
            role(&["*:read", "*:create", "*:update"]),
        );
        roles.insert("admin".to_owned(), role(&["*:*"]));
        AccessPolicy { roles }
    }
}

impl AccessPolicy {
    /// The default roles, with `roles` added or replacing defaults of the same name.
    pub fn new(roles: impl IntoIterator<Item = (String, Role)>) -> Result<AccessPolicy, Error> {
        let mut policy = AccessPolicy::default();
        let mut rules = 0usize;
        for (name, role) in roles {
            permission::check_name(&name, "role name")?;
            rules = rules.saturating_add(role.allow.len() + role.deny.len());
            policy.roles.insert(name, role);
        }
        if rules > MAX_RULES {
            return Err(Error::PolicyInvalid {
                reason: format!("more than {MAX_RULES} rules"),
            });
        }
        Ok(policy)
    }

    /// Builds a policy from `{ "roles": { "name": ["res:act", ...] | { "allow": [...],
    /// "deny": [...] } } }` text. Every permission is checked now.
    pub fn from_json(text: &str) -> Result<AccessPolicy, Error> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|_| invalid("the policy is not valid JSON"))?;
        let mut roles = Vec::new();
        if let Some(map) = value.get("roles").filter(|v| !v.is_null()) {
            let map = map
                .as_object()
                .ok_or_else(|| invalid("`roles` must map role names to lists of permissions"))?;
            for (name, rules) in map {
                let role = if rules.is_array() {
                    Role {
                        allow: permissions(Some(rules), "a role")?,
                        deny: Vec::new(),
                    }
                } else if rules.is_object() {
                    Role {
                        allow: permissions(rules.get("allow"), "`allow`")?,
                        deny: permissions(rules.get("deny"), "`deny`")?,
                    }
                } else {
                    return Err(invalid(
                        "a role is a list of permissions or { allow: [...], deny: [...] }",
                    ));
                };
                roles.push((name.clone(), role));
            }
        }
        AccessPolicy::new(roles)
    }

    /// Whether `subject` may do `requested` (deny by default).
    pub fn can(&self, subject: &Subject, requested: &str) -> bool {
        self.explain(subject, requested).allowed
    }

    /// The decision for `subject` and `requested`, and the rule that made it.
    pub fn explain(&self, subject: &Subject, requested: &str) -> Decision {
        let Ok(requested) = Permission::parse_request(requested) else {
            return deny("the requested permission is malformed");
        };
        let roles = || {
            subject
                .roles
                .iter()
                .filter_map(|name| self.roles.get(name).map(|role| (name, role)))
        };
        for (name, role) in roles() {
            if let Some(rule) = role.deny.iter().find(|p| p.matches(&requested)) {
                return deny(format!("deny {rule} (role {name})"));
            }
        }
        if let Some(rule) = subject.deny.iter().find(|p| p.matches(&requested)) {
            return deny(format!("deny {rule} (subject)"));
        }
        let mut allowed_by = None;
        for (name, role) in roles() {
            if let Some(rule) = role.allow.iter().find(|p| p.matches(&requested)) {
                allowed_by = Some(format!("allow {rule} (role {name})"));
                break;
            }
        }
        if allowed_by.is_none() {
            if let Some(rule) = subject.permissions.iter().find(|p| p.matches(&requested)) {
                allowed_by = Some(format!("allow {rule} (subject)"));
            }
        }
        let Some(allowed_by) = allowed_by else {
            return deny("no rule allows it");
        };
        if let Some(key) = &subject.key {
            if !key.permissions.iter().any(|p| p.matches(&requested)) {
                return deny("outside the key's permissions");
            }
            if !key.ip_restrictions.is_empty() {
                let inside = subject
                    .ip
                    .is_some_and(|ip| key.ip_restrictions.iter().any(|c| c.contains(ip)));
                if !inside {
                    return deny("caller IP outside the key's restrictions");
                }
            }
        }
        Decision {
            allowed: true,
            rule: allowed_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perms(list: &[&str]) -> Vec<Permission> {
        list.iter()
            .filter_map(|p| Permission::parse(p).ok())
            .collect()
    }

    #[test]
    fn defaults_denies_keys_and_ips() {
        let policy = AccessPolicy::from_json(r#"{"roles":{"editor":{"allow":["*:read","*:create","*:update"],"deny":["billing:update"]}}}"#)
            .unwrap_or_default();
        let editor = Subject {
            roles: vec!["editor".into()],
            ..Subject::default()
        };
        assert!(policy.can(&editor, "invoices:update"));
        assert!(!policy.can(&editor, "invoices:delete"));
        assert!(!policy.can(&editor, "billing:update"));
        assert_eq!(
            policy.explain(&editor, "billing:update").rule,
            "deny billing:update (role editor)"
        );
        assert!(!policy.can(&editor, "invoices:*"));
        assert!(!policy.can(&editor, "invoices"));
        let viewer = Subject {
            roles: vec!["viewer".into()],
            ..Subject::default()
        };
        assert!(policy.can(&viewer, "a:read"));
        assert!(!policy.can(&viewer, "a:read:b"));
        let keyed = Subject {
            roles: vec!["admin".into()],
            key: Some(ScopedKey {
                permissions: perms(&["invoices:read"]),
                ip_restrictions: vec![
                    parse_cidr("10.0.0.0/8", HostBits::Refuse).unwrap_or_else(|_| unreachable!()),
                ],
            }),
            ip: "10.1.2.3".parse().ok(),
            ..Subject::default()
        };
        assert!(policy.can(&keyed, "invoices:read"));
        assert!(!policy.can(&keyed, "invoices:delete"));
        let outside = Subject {
            ip: "11.0.0.1".parse().ok(),
            ..keyed.clone()
        };
        assert!(!policy.can(&outside, "invoices:read"));
        let mapped = Subject {
            ip: "::ffff:10.0.0.1".parse().ok(),
            ..keyed
        };
        assert!(policy.can(&mapped, "invoices:read"));
        assert!(AccessPolicy::from_json(r#"{"roles":{"x":["res*:read"]}}"#).is_err());
        assert!(AccessPolicy::from_json(r#"{"roles":{"x":["*"]}}"#).is_err());
        assert!(AccessPolicy::from_json(r#"{"roles":{"x":["a:b:c"]}}"#).is_err());
        assert!(!policy.can(&Subject::default(), "a:read"));
    }
}
