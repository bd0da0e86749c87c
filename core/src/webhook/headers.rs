//! Reading a request's headers, whatever shape the caller has them in.
//!
//! The verifier asks for headers by their lowercase names ([`Scheme::header_names`]) and
//! never enumerates the request's headers, so an attacker's extra headers cost nothing.
//! Three ways in, all equivalent:
//! - a type implementing [`Headers`] (slices, arrays and vectors of name/value pairs, and
//!   string-keyed maps, are provided), for [`Webhook::verify_headers`];
//! - a closure `name -> Option<value>`, for [`Webhook::verify_with`] (e.g. over
//!   `http::HeaderMap`);
//! - the values of [`Scheme::header_names`] in order, for [`Webhook::verify_values`]: what
//!   bindings use, so that only the needed headers cross the language boundary.
//!
//! A header sent several times must reach the core as one value, joined with `, ` as HTTP
//! and the fetch `Headers` API do. A joined signature header does not parse, so repeated
//! signature headers fail closed (`WEBHOOK_MALFORMED_HEADER`).
//!
//! [`Scheme::header_names`]: super::Scheme::header_names
//! [`Webhook::verify_headers`]: super::Webhook::verify_headers
//! [`Webhook::verify_with`]: super::Webhook::verify_with
//! [`Webhook::verify_values`]: super::Webhook::verify_values

use std::collections::{BTreeMap, HashMap};

/// A request's headers, looked up by name, ASCII-case-insensitively.
pub trait Headers {
    /// The value of the header called `name` (given in lowercase), or `None` when the
    /// request has no such header. Implementations compare names ASCII-case-insensitively;
    /// when a name occurs more than once they return the first occurrence (pass joined
    /// values instead when that matters, as HTTP libraries do).
    fn header(&self, name: &str) -> Option<&str>;
}

fn find<'a, K, V>(pairs: impl IntoIterator<Item = (&'a K, &'a V)>, name: &str) -> Option<&'a str>
where
    K: AsRef<str> + 'a + ?Sized,
    V: AsRef<str> + 'a + ?Sized,
{
    pairs
        .into_iter()
        .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        find(self.iter().map(|(k, v)| (k, v)), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Headers for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> Headers for HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        find(self.iter(), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&str> {
        find(self.iter(), name)
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_lookup() {
        let pairs = [("Webhook-ID", "msg_1"), ("webhook-id", "msg_2")];
        assert_eq!(pairs.header("webhook-id"), Some("msg_1"));
        assert_eq!(pairs.header("webhook-timestamp"), None);
        let map: HashMap<String, String> =
            [("X-Hub-Signature-256".to_owned(), "sha256=00".to_owned())].into();
        assert_eq!(map.header("x-hub-signature-256"), Some("sha256=00"));
        let tree: BTreeMap<&str, &str> = [("STRIPE-SIGNATURE", "t=1")].into();
        let by_ref: &BTreeMap<&str, &str> = &tree;
        assert_eq!(Headers::header(&by_ref, "stripe-signature"), Some("t=1"));
        let vec = vec![("a".to_owned(), "b")];
        assert_eq!(vec.header("A"), Some("b"));
    }
}
