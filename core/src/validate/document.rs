//! A parsed JSON document the validator reads in place: every value in one flat vector, every
//! string in one buffer.
//!
//! Building a `serde_json::Value` allocates each string, key, array and object, and dropping it
//! frees them again: for a typical request body that costs several times the validation itself,
//! most of all in WASM, whose allocator is slow. A [`Document`] is filled by the same bounded
//! parser (same [`JsonLimits`], same errors, same refusals), allocates nothing per value, and
//! keeps its buffers from one text to the next. A [`DocumentValidator`](super::DocumentValidator)
//! validates it through the `jsonschema` crate's [`Json`](jsonschema::json::Json) trait.
//!
//! A document reads exactly as the value parsed from the same text: object members in key order
//! (the order of `serde_json`'s map, so that issues come in the same order), and of a repeated
//! key (accepted only under `allow_duplicate_keys`) the last copy only.
//!
//! ## Threat model
//! The text is an attacker's request body, read under [`JsonLimits`] by the parser of
//! [`parse_json`](super::parse_json), without recursion. Nothing here recurses over the
//! document either: children are found by offsets, values are rebuilt with an explicit stack.
//! Keys are checked for duplicates as each member is added (the parser's error order), by
//! comparing with the earlier keys of a small object and through an ordered index beyond
//! [`SMALL_OBJECT`] keys, so a many-keyed object costs `n log n` comparisons, never `n²`.

use super::JsonLimits;
use super::interop::unsafe_number;
use super::json::{Open, Refused, Scalar, Sink, Str, parse_into};
use crate::error::Error;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// Objects up to this many keys are checked for duplicates key by key; larger ones get an
/// ordered index while they are parsed.
const SMALL_OBJECT: usize = 16;

/// One value of a document; children follow their container, in document order.
#[derive(Clone, Debug)]
enum Slot {
    Null,
    Bool(bool),
    Number(Number),
    /// The content is `Document::strings[from..to]`.
    String {
        from: usize,
        to: usize,
    },
    /// `len` items; the slot after the last one is `end`.
    Array {
        len: usize,
        end: usize,
    },
    /// `len` members, each a key (a `String` slot) followed by its value; the slot after the
    /// last one is `end`. `Document::members[members..members + len]` lists the keys in key
    /// order (the last copy of a repeated key only).
    Object {
        len: usize,
        end: usize,
        members: usize,
    },
}

/// A JSON document parsed under [`JsonLimits`], held flat. Reusable: parsing another text keeps
/// the buffers.
#[derive(Default)]
pub struct Document {
    slots: Vec<Slot>,
    /// The text, followed by the strings and keys that held escapes, unescaped: every string
    /// and key lies in here.
    strings: String,
    /// The keys of every object, object by object, each object's in key order.
    members: Vec<Key>,
    /// The keys of the small objects being parsed, innermost last.
    open_keys: Vec<Key>,
    /// The parser's stack of open containers, kept from text to text.
    open: Vec<Open<Document>>,
}

impl core::fmt::Debug for Document {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The values only: the buffers' layout says nothing useful.
        core::fmt::Debug::fmt(&self.to_value(), f)
    }
}

impl Document {
    /// An empty document, without buffers yet. It reads as `null` until a text is parsed.
    pub fn new() -> Document {
        Document::default()
    }

    /// Parses `text` under `limits`, replacing what the document held. Accepts and refuses
    /// exactly what [`parse_json`](super::parse_json) does, with the same errors; after an
    /// error the document reads as `null`.
    pub fn parse(&mut self, text: &[u8], limits: &JsonLimits) -> Result<(), Error> {
        limits.check()?;
        self.parse_unchecked(text, limits, false)
    }

    /// [`Document::parse`] for limits already checked; `name_keys` lets duplicate-key errors
    /// name the key.
    pub(crate) fn parse_unchecked(
        &mut self,
        text: &[u8],
        limits: &JsonLimits,
        name_keys: bool,
    ) -> Result<(), Error> {
        self.clear();
        let mut open = core::mem::take(&mut self.open);
        let parsed = parse_into(text, limits, name_keys, self, &mut open);
        open.clear();
        self.open = open;
        if parsed.is_err() {
            self.clear();
        }
        parsed
    }

    fn clear(&mut self) {
        self.slots.clear();
        self.strings.clear();
        self.members.clear();
        self.open_keys.clear();
    }

    /// The whole document, for validation.
    pub fn root(&self) -> DocumentNode<'_> {
        self.node(0)
    }

    /// Bytes held by the buffers: a caller keeping a document between calls can drop it when
    /// one huge text left it large.
    pub fn capacity_bytes(&self) -> usize {
        self.slots.capacity() * core::mem::size_of::<Slot>()
            + self.strings.capacity()
            + (self.members.capacity() + self.open_keys.capacity()) * core::mem::size_of::<Key>()
    }

    /// The document as the `serde_json::Value` [`parse_json`](super::parse_json) makes of the
    /// same text.
    pub fn to_value(&self) -> Value {
        self.value_at(0)
    }

    /// Every integer whose magnitude exceeds [`MAX_SAFE_INTEGER`](super::MAX_SAFE_INTEGER), as `(JSON Pointer, decimal)`
    /// pairs, in the order [`unsafe_integers`](super::unsafe_integers) lists them for the value.
    pub fn unsafe_integers(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        if !self.slots.iter().any(|slot| unsafe_decimal(slot).is_some()) {
            return found;
        }
        if let Some(decimal) = unsafe_decimal(self.slot(0)) {
            found.push((String::new(), decimal));
        }
        // Open containers, each with its remaining children; `path` holds one segment per
        // open container below the root.
        let mut stack: Vec<Children<'_>> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        stack.extend(Children::of(self, 0));
        while let Some(top) = stack.last_mut() {
            let Some((segment, child)) = top.next() else {
                stack.pop();
                path.pop();
                continue;
            };
            if let Some(decimal) = unsafe_decimal(self.slot(child)) {
                let mut pointer = String::new();
                for part in path.iter().chain(core::iter::once(&segment)) {
                    pointer.push('/');
                    pointer.push_str(&part.replace('~', "~0").replace('/', "~1"));
                }
                found.push((pointer, decimal));
            }
            if let Some(children) = Children::of(self, child) {
                stack.push(children);
                path.push(segment);
            }
        }
        found
    }

    #[inline]
    fn node(&self, at: usize) -> DocumentNode<'_> {
        DocumentNode {
            doc: self,
            at,
            slot: self.slot(at),
        }
    }

    #[inline]
    fn slot(&self, at: usize) -> &Slot {
        const NULL: &Slot = &Slot::Null;
        self.slots.get(at).unwrap_or(NULL)
    }

    /// The slot after the value at `at` and its descendants.
    #[inline]
    fn after(&self, at: usize) -> usize {
        match self.slot(at) {
            Slot::Array { end, .. } | Slot::Object { end, .. } => *end,
            _ => at + 1,
        }
    }

    /// The content of the string slot at `at` (empty for any other slot).
    #[inline]
    fn str_at(&self, at: usize) -> &str {
        match self.slot(at) {
            Slot::String { from, to } => self.strings.get(*from..*to).unwrap_or_default(),
            _ => "",
        }
    }

    /// The keys of the object at `at`, in key order (empty for any other slot).
    #[inline]
    fn members_of(&self, at: usize) -> &[Key] {
        match self.slot(at) {
            Slot::Object { len, members, .. } => self
                .members
                .get(*members..members.saturating_add(*len))
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// Adds a string slot; its content is copied unless it lies in the text as it is.
    #[inline]
    fn push_string(&mut self, string: Str<'_>) -> (usize, usize) {
        let from = match string.in_source {
            Some(from) => from,
            None => {
                let from = self.strings.len();
                self.strings.push_str(string.content);
                from
            }
        };
        self.slots.push(Slot::String {
            from,
            to: from + string.content.len(),
        });
        (self.slots.len() - 1, from)
    }

    /// The value at `at`, rebuilt without recursion.
    fn value_at(&self, at: usize) -> Value {
        /// A container being rebuilt, with its children still to come.
        enum Open<'d> {
            Array(Vec<Value>, Children<'d>),
            Object(Map<String, Value>, Children<'d>, String),
        }
        let mut stack: Vec<Open<'_>> = Vec::new();
        let mut next = at;
        loop {
            let mut value = match Children::of(self, next) {
                Some(children) => {
                    let open = match self.slot(next) {
                        Slot::Object { .. } => Open::Object(Map::new(), children, String::new()),
                        _ => Open::Array(Vec::new(), children),
                    };
                    stack.push(open);
                    None
                }
                None => Some(match self.slot(next) {
                    Slot::Null => Value::Null,
                    Slot::Bool(b) => Value::Bool(*b),
                    Slot::Number(n) => Value::Number(n.clone()),
                    Slot::String { .. } => Value::String(self.str_at(next).to_owned()),
                    Slot::Array { .. } => Value::Array(Vec::new()),
                    Slot::Object { .. } => Value::Object(Map::new()),
                }),
            };
            // Attach finished values to their parents until a container has a child to read.
            loop {
                let Some(top) = stack.last_mut() else {
                    return value.unwrap_or_default();
                };
                let children = match top {
                    Open::Array(items, children) => {
                        items.extend(value.take());
                        children
                    }
                    Open::Object(members, children, key) => {
                        if let Some(value) = value.take() {
                            members.insert(core::mem::take(key), value);
                        }
                        children
                    }
                };
                if let Some((segment, child)) = children.next() {
                    if let Open::Object(_, _, key) = top {
                        *key = segment;
                    }
                    next = child;
                    break;
                }
                value = match stack.pop() {
                    Some(Open::Array(items, _)) => Some(Value::Array(items)),
                    Some(Open::Object(members, _, _)) => Some(Value::Object(members)),
                    None => None,
                };
            }
        }
    }
}

fn unsafe_decimal(slot: &Slot) -> Option<String> {
    let Slot::Number(number) = slot else {
        return None;
    };
    unsafe_number(number)
}

/// The remaining children of a container, with their path segments (keys, or indexes).
enum Children<'d> {
    Array {
        doc: &'d Document,
        next: usize,
        index: usize,
        len: usize,
    },
    Object {
        doc: &'d Document,
        keys: core::slice::Iter<'d, Key>,
    },
}

impl<'d> Children<'d> {
    /// The children of the non-empty container at `at`.
    fn of(doc: &'d Document, at: usize) -> Option<Children<'d>> {
        match doc.slot(at) {
            Slot::Array { len, .. } if *len > 0 => Some(Children::Array {
                doc,
                next: at + 1,
                index: 0,
                len: *len,
            }),
            Slot::Object { len, .. } if *len > 0 => Some(Children::Object {
                doc,
                keys: doc.members_of(at).iter(),
            }),
            _ => None,
        }
    }

    /// The next child's segment and slot.
    fn next(&mut self) -> Option<(String, usize)> {
        match self {
            Children::Array {
                doc,
                next,
                index,
                len,
            } => {
                if index >= len {
                    return None;
                }
                let child = *next;
                *next = doc.after(child);
                *index += 1;
                Some(((*index - 1).to_string(), child))
            }
            Children::Object { doc, keys } => {
                let key = keys.next()?;
                Some((key.name(&doc.strings).to_owned(), key.slot + 1))
            }
        }
    }
}

/// An object key: its slot (its value's is the next), where its content lies in
/// `Document::strings`, and its first bytes, which decide most comparisons on their own.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Key {
    slot: usize,
    from: usize,
    to: usize,
    head: u64,
}

impl Key {
    fn name<'s>(&self, strings: &'s str) -> &'s str {
        strings.get(self.from..self.to).unwrap_or_default()
    }

    /// Whether `name` (whose head is `head`) is this key.
    #[inline]
    fn is(&self, strings: &str, name: &str, head: u64) -> bool {
        // Equal heads and lengths up to eight bytes: the whole keys are equal.
        self.head == head
            && self.to - self.from == name.len()
            && (name.len() <= 8 || self.name(strings) == name)
    }

    /// The order of keys in `serde_json`'s map (byte by byte), decided on the heads when they
    /// differ.
    fn cmp(&self, other: &Key, strings: &str) -> core::cmp::Ordering {
        self.head
            .cmp(&other.head)
            .then_with(|| self.name(strings).cmp(other.name(strings)))
    }
}

/// The first eight bytes of `name`, big-endian, zero-padded: heads order as the strings do,
/// except that equal heads need the strings to decide.
#[inline]
fn head(name: &str) -> u64 {
    let mut bytes = [0; 8];
    let first = name.as_bytes().get(..8).unwrap_or(name.as_bytes());
    if let Some(into) = bytes.get_mut(..first.len()) {
        into.copy_from_slice(first);
    }
    u64::from_be_bytes(bytes)
}

/// An array being parsed: its slot, and its items so far.
pub(crate) struct OpenArray {
    at: usize,
    len: usize,
}

/// An object being parsed: its slot, where its keys start in `Document::open_keys` while it is
/// small, and its index once it is not.
pub(crate) struct OpenObject {
    at: usize,
    keys_from: usize,
    index: Option<BTreeMap<Box<str>, Key>>,
}

impl Sink for Document {
    type Value = ();
    type Key = Key;
    type Array = OpenArray;
    type Object = OpenObject;

    fn begin(&mut self, source: &str) {
        // Strings without escapes are read where they lie in this copy of the text: one copy
        // instead of one per string.
        self.strings.push_str(source);
    }

    fn scalar(&mut self, scalar: Scalar<'_>) {
        let slot = match scalar {
            Scalar::Null => Slot::Null,
            Scalar::Bool(b) => Slot::Bool(b),
            Scalar::Number(n) => Slot::Number(n),
            Scalar::String(s) => {
                self.push_string(s);
                return;
            }
        };
        self.slots.push(slot);
    }

    fn key(&mut self, key: Str<'_>) -> Key {
        let (slot, from) = self.push_string(key);
        Key {
            slot,
            from,
            to: from + key.content.len(),
            head: head(key.content),
        }
    }

    fn open_array(&mut self) -> OpenArray {
        self.slots.push(Slot::Array { len: 0, end: 0 });
        OpenArray {
            at: self.slots.len() - 1,
            len: 0,
        }
    }

    fn open_object(&mut self) -> OpenObject {
        self.slots.push(Slot::Object {
            len: 0,
            end: 0,
            members: 0,
        });
        OpenObject {
            at: self.slots.len() - 1,
            keys_from: self.open_keys.len(),
            index: None,
        }
    }

    fn items(array: &OpenArray) -> usize {
        array.len
    }

    fn push(&mut self, array: &mut OpenArray, (): ()) {
        array.len += 1;
    }

    fn insert(
        &mut self,
        object: &mut OpenObject,
        key: Key,
        (): (),
        limits: &JsonLimits,
    ) -> Result<(), Refused> {
        let strings = &self.strings;
        let name = key.name(strings);
        if let Some(index) = &mut object.index {
            if let Some(earlier) = index.get_mut(name) {
                if !limits.allow_duplicate_keys {
                    return Err(Refused::Duplicate(name.to_owned()));
                }
                // The last copy wins, as in the value.
                *earlier = key;
            } else if index.len() >= limits.max_object_keys {
                return Err(Refused::TooManyKeys);
            } else {
                index.insert(name.into(), key);
            }
            return Ok(());
        }
        let keys = self.open_keys.get(object.keys_from..).unwrap_or_default();
        if let Some(earlier) = keys
            .iter()
            .position(|earlier| earlier.is(strings, name, key.head))
        {
            if !limits.allow_duplicate_keys {
                return Err(Refused::Duplicate(name.to_owned()));
            }
            if let Some(earlier) = self.open_keys.get_mut(object.keys_from + earlier) {
                *earlier = key;
            }
            return Ok(());
        }
        if keys.len() >= limits.max_object_keys {
            return Err(Refused::TooManyKeys);
        }
        self.open_keys.push(key);
        if self.open_keys.len() - object.keys_from > SMALL_OBJECT {
            let keys = self.open_keys.drain(object.keys_from..);
            object.index = Some(
                keys.map(|key| (key.name(&self.strings).into(), key))
                    .collect(),
            );
        }
        Ok(())
    }

    fn close_array(&mut self, array: OpenArray) {
        let end = self.slots.len();
        if let Some(slot) = self.slots.get_mut(array.at) {
            *slot = Slot::Array {
                len: array.len,
                end,
            };
        }
    }

    fn close_object(&mut self, object: OpenObject) {
        let end = self.slots.len();
        let members = self.members.len();
        if let Some(index) = object.index {
            // A B-tree iterates in key order already.
            self.members.extend(index.into_values());
        } else {
            let strings = &self.strings;
            if let Some(keys) = self.open_keys.get_mut(object.keys_from..) {
                keys.sort_unstable_by(|a, b| a.cmp(b, strings));
                self.members.extend_from_slice(keys);
            }
            self.open_keys.truncate(object.keys_from);
        }
        if let Some(slot) = self.slots.get_mut(object.at) {
            *slot = Slot::Object {
                len: self.members.len() - members,
                end,
                members,
            };
        }
    }
}

/// One value of a [`Document`], as the validator reads it.
#[derive(Clone, Copy, Debug)]
pub struct DocumentNode<'a> {
    doc: &'a Document,
    at: usize,
    /// The slot at `at`, looked up once: validation reads a node many times.
    slot: &'a Slot,
}

#[cfg(feature = "validate")]
mod reading {
    //! The [`Json`] representation over [`Document`]: what `jsonschema` calls to read one.

    use super::{Document, DocumentNode, Key, Slot, Str, head};
    use core::ops::ControlFlow;
    use jsonschema::JsonType;
    use jsonschema::json::{Array, Json, Node, NodeIdentity, Object, cmp, unique};
    use serde_json::{Number, Value};
    use std::borrow::Cow;

    /// Arrays up to this long are checked for `uniqueItems` pair by pair (as `jsonschema` does);
    /// longer ones by sorting, or by hashing their values.
    const PAIRWISE_UNIQUE: usize = 15;

    /// Objects up to this many keys are searched key by key, larger ones by bisection.
    const SCANNED_OBJECT: usize = 8;

    /// A property name of the schema, with its head computed once.
    #[derive(Clone, Debug)]
    pub struct PreparedKey {
        name: String,
        head: u64,
    }

    impl Json for Document {
        type Node<'a> = DocumentNode<'a>;
        type PreparedKey = PreparedKey;
        type StringBuffer = Document;

        // Lookups bisect sorted keys, as `serde_json`'s B-tree does: the same trade-off.
        const KEYS_PER_LOOKUP: usize = 2;
        const ACYCLIC: bool = true;

        fn prepare_key(key: &str) -> PreparedKey {
            PreparedKey {
                name: key.to_owned(),
                head: head(key),
            }
        }

        fn with_string_node<T>(
            buffer: &mut Document,
            string: &str,
            f: impl FnOnce(DocumentNode<'_>) -> T,
        ) -> T {
            buffer.clear();
            buffer.push_string(Str {
                content: string,
                in_source: None,
            });
            f(buffer.root())
        }
    }

    impl<'a> DocumentNode<'a> {
        #[inline]
        fn slot(&self) -> &'a Slot {
            self.slot
        }

        #[inline]
        fn str(&self) -> Option<&'a str> {
            match *self.slot {
                Slot::String { from, to } => {
                    Some(self.doc.strings.get(from..to).unwrap_or_default())
                }
                _ => None,
            }
        }

        /// JSON equality, decided in place unless both are arrays or both objects (`None`).
        fn scalar_eq(&self, other: &DocumentNode<'_>) -> Option<bool> {
            Some(match (self.slot(), other.slot()) {
                (Slot::Array { .. }, Slot::Array { .. })
                | (Slot::Object { .. }, Slot::Object { .. }) => return None,
                (Slot::String { .. }, Slot::String { .. }) => {
                    self.doc.str_at(self.at) == other.doc.str_at(other.at)
                }
                (Slot::Number(left), Slot::Number(right)) => cmp::equal_numbers(left, right),
                (Slot::Bool(left), Slot::Bool(right)) => left == right,
                (Slot::Null, Slot::Null) => true,
                _ => false,
            })
        }
    }

    impl<'a> Node<'a, Document> for DocumentNode<'a> {
        type Object = DocumentObject<'a>;
        type Array = DocumentArray<'a>;
        type Number = &'a Number;

        fn as_object(&self) -> Option<DocumentObject<'a>> {
            matches!(self.slot(), Slot::Object { .. }).then(|| DocumentObject {
                doc: self.doc,
                keys: self.doc.members_of(self.at),
            })
        }

        fn as_array(&self) -> Option<DocumentArray<'a>> {
            match self.slot() {
                Slot::Array { len, .. } => Some(DocumentArray {
                    doc: self.doc,
                    first: self.at + 1,
                    len: *len,
                }),
                _ => None,
            }
        }

        fn as_string(&self) -> Option<Cow<'a, str>> {
            self.str().map(Cow::Borrowed)
        }

        fn as_number(&self) -> Option<&'a Number> {
            match self.slot() {
                Slot::Number(number) => Some(number),
                _ => None,
            }
        }

        fn as_boolean(&self) -> Option<bool> {
            match self.slot() {
                Slot::Bool(b) => Some(*b),
                _ => None,
            }
        }

        fn is_null(&self) -> bool {
            matches!(self.slot(), Slot::Null)
        }

        fn json_type(&self) -> JsonType {
            match self.slot() {
                Slot::Null => JsonType::Null,
                Slot::Bool(_) => JsonType::Boolean,
                Slot::Number(_) => JsonType::Number,
                Slot::String { .. } => JsonType::String,
                Slot::Array { .. } => JsonType::Array,
                Slot::Object { .. } => JsonType::Object,
            }
        }

        fn string_length(&self) -> Option<u64> {
            self.str().map(|s| s.chars().count() as u64)
        }

        fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
            let s = self.str()?;
            // A code point takes one to four bytes, so the count lies in
            // `ceil(bytes / 4)..=bytes`: often enough to decide without counting.
            let bytes = s.len() as u64;
            let fewest = bytes.div_ceil(4);
            if bytes < min || fewest > max {
                return Some(false);
            }
            if min <= fewest && bytes <= max {
                return Some(true);
            }
            Some((min..=max).contains(&(s.chars().count() as u64)))
        }

        fn equals_value(&self, expected: &Value) -> bool {
            match (self.slot(), expected) {
                (Slot::String { .. }, Value::String(expected)) => {
                    self.doc.str_at(self.at) == expected
                }
                (Slot::Number(number), Value::Number(expected)) => {
                    cmp::equal_numbers(number, expected)
                }
                (Slot::Bool(b), Value::Bool(expected)) => b == expected,
                (Slot::Null, Value::Null) => true,
                (Slot::Array { .. }, Value::Array(_)) | (Slot::Object { .. }, Value::Object(_)) => {
                    cmp::equal(&self.doc.value_at(self.at), expected)
                }
                _ => false,
            }
        }

        fn to_value(&self) -> Cow<'a, Value> {
            Cow::Owned(self.doc.value_at(self.at))
        }

        fn identity(&self) -> Option<NodeIdentity> {
            // Every value has a slot of its own, alive as long as the document.
            Some(NodeIdentity::new(core::ptr::from_ref(self.slot()) as usize))
        }
    }

    /// An object of a [`Document`].
    #[derive(Clone, Copy, Debug)]
    pub struct DocumentObject<'a> {
        doc: &'a Document,
        /// The keys, in key order; each value follows its key.
        keys: &'a [Key],
    }

    impl<'a> Object<'a, Document> for DocumentObject<'a> {
        type Node = DocumentNode<'a>;
        type MemberName = &'a str;
        type MembersIter = Members<'a>;

        fn len(&self) -> usize {
            self.keys.len()
        }

        fn get(&self, key: &PreparedKey) -> Option<DocumentNode<'a>> {
            let strings = &self.doc.strings;
            let found = if self.keys.len() <= SCANNED_OBJECT {
                self.keys
                    .iter()
                    .find(|member| member.is(strings, &key.name, key.head))
            } else {
                let at = self
                    .keys
                    .binary_search_by(|member| {
                        member
                            .head
                            .cmp(&key.head)
                            .then_with(|| member.name(strings).cmp(&key.name))
                    })
                    .ok()?;
                self.keys.get(at)
            };
            found.map(|member| self.doc.node(member.slot + 1))
        }

        fn members(&self) -> Members<'a> {
            Members {
                doc: self.doc,
                keys: self.keys.iter(),
            }
        }

        fn try_for_each_name_node<B>(
            &self,
            _buffer: &mut Document,
            mut f: impl FnMut(DocumentNode<'_>) -> ControlFlow<B>,
        ) -> ControlFlow<B> {
            // Keys are string slots already: hand them over as they are.
            for member in self.keys {
                f(self.doc.node(member.slot))?;
            }
            ControlFlow::Continue(())
        }
    }

    /// The members of a [`DocumentObject`], in key order.
    #[derive(Clone, Debug)]
    pub struct Members<'a> {
        doc: &'a Document,
        keys: core::slice::Iter<'a, Key>,
    }

    impl<'a> Iterator for Members<'a> {
        type Item = (&'a str, DocumentNode<'a>);

        #[inline]
        fn next(&mut self) -> Option<Self::Item> {
            let key = self.keys.next()?;
            Some((key.name(&self.doc.strings), self.doc.node(key.slot + 1)))
        }
    }

    /// An array of a [`Document`].
    #[derive(Clone, Copy, Debug)]
    pub struct DocumentArray<'a> {
        doc: &'a Document,
        /// The first item's slot.
        first: usize,
        len: usize,
    }

    impl<'a> Array<'a, Document> for DocumentArray<'a> {
        type Node = DocumentNode<'a>;
        type ElementsIter = Items<'a>;

        fn len(&self) -> usize {
            self.len
        }

        fn elements(&self) -> Items<'a> {
            Items {
                doc: self.doc,
                next: self.first,
                left: self.len,
            }
        }

        fn is_unique(&self) -> bool {
            // Values without children compare in place; anything else is rebuilt as values
            // and compared as `jsonschema` compares them.
            if self.len <= PAIRWISE_UNIQUE {
                let mut rest = self.elements();
                let mut unique = Some(true);
                while let Some(left) = rest.next() {
                    for right in rest.clone() {
                        match left.scalar_eq(&right) {
                            Some(true) => return false,
                            Some(false) => {}
                            None => unique = None,
                        }
                    }
                }
                if let Some(unique) = unique {
                    return unique;
                }
            } else if let Some(mut strings) = self
                .elements()
                .map(|item| item.str())
                .collect::<Option<Vec<&str>>>()
            {
                strings.sort_unstable();
                return strings.windows(2).all(|pair| pair.first() != pair.get(1));
            }
            let values: Vec<Value> = self
                .elements()
                .map(|item| item.doc.value_at(item.at))
                .collect();
            unique::is_unique(&values)
        }
    }

    /// The items of a [`DocumentArray`], in order.
    #[derive(Clone, Debug)]
    pub struct Items<'a> {
        doc: &'a Document,
        next: usize,
        left: usize,
    }

    impl<'a> Iterator for Items<'a> {
        type Item = DocumentNode<'a>;

        fn next(&mut self) -> Option<DocumentNode<'a>> {
            self.left = self.left.checked_sub(1)?;
            let node = self.doc.node(self.next);
            self.next = match node.slot {
                Slot::Array { end, .. } | Slot::Object { end, .. } => *end,
                _ => node.at + 1,
            };
            Some(node)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::error::ErrorCode;
    use crate::validate::{parse_json, unsafe_integers};
    use serde_json::json;

    fn parsed(document: &mut Document, text: &str) -> Value {
        document
            .parse(text.as_bytes(), &JsonLimits::default())
            .unwrap();
        document.to_value()
    }

    #[test]
    fn reads_as_the_value_and_reuses_its_buffers() {
        let mut document = Document::new();
        assert_eq!(document.to_value(), Value::Null, "nothing parsed yet");
        let texts = [
            r#"{"b":[1,{"y":"\u00e9","x":null}],"a":"x\"y","":{}}"#,
            "[]",
            r#""just a string""#,
            r#"[[],[[]],{},{"k":[{}]}]"#,
            "-0",
        ];
        for text in texts {
            let expected = parse_json(text.as_bytes(), &JsonLimits::default()).unwrap();
            assert_eq!(parsed(&mut document, text), expected, "{text}");
        }
        let capacity = document.capacity_bytes();
        parsed(&mut document, texts[0]);
        assert_eq!(
            document.capacity_bytes(),
            capacity,
            "no new buffers for a smaller text"
        );
        // A refused text leaves a document that reads as null, and the next one parses.
        let err = document.parse(b"[1,2", &JsonLimits::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidJson);
        assert_eq!(document.to_value(), Value::Null);
        assert_eq!(parsed(&mut document, "[3]"), json!([3]));
    }

    #[test]
    fn members_come_in_key_order_with_the_last_copy_of_a_key() {
        let allow = JsonLimits {
            allow_duplicate_keys: true,
            ..JsonLimits::default()
        };
        let many: String = (0..40).rev().map(|i| format!("\"k{i}\":{i},")).collect();
        for text in [
            r#"{"b":1,"a":2,"b":3,"c":{"z":1,"z":2}}"#.to_owned(),
            format!("{{{many}\"k5\":\"last\",\"k39\":[]}}"),
        ] {
            let mut document = Document::new();
            document.parse(text.as_bytes(), &allow).unwrap();
            let expected = parse_json(text.as_bytes(), &allow).unwrap();
            assert_eq!(document.to_value(), expected, "{text}");
            let keys: Vec<&str> = document
                .members_of(0)
                .iter()
                .map(|key| key.name(&document.strings))
                .collect();
            let expected_keys: Vec<&str> = expected
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, expected_keys);
            assert!(
                document
                    .parse(text.as_bytes(), &JsonLimits::default())
                    .is_err()
            );
        }
    }

    #[test]
    fn refuses_what_the_value_parser_refuses_with_the_same_errors() {
        let small = JsonLimits {
            max_object_keys: 20,
            max_array_items: 3,
            max_string_bytes: 5,
            max_depth: 3,
            ..JsonLimits::default()
        };
        let many = |n: usize| -> String {
            let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            format!("{{{}}}", members.join(","))
        };
        let texts = [
            many(20),
            many(21),
            format!("{},\"k3\":1}}", many(20).trim_end_matches('}')),
            format!("{},\"k3\":1}}", many(5).trim_end_matches('}')),
            r#"{"a":1,"a":2,"b":tru}"#.to_owned(),
            r#"{"a":[1,2,3,4]}"#.to_owned(),
            r#"["abcdef"]"#.to_owned(),
            r#"["ab\nc\u00e9f"]"#.to_owned(),
            "[[[[]]]]".to_owned(),
            "{\"a\":1}x".to_owned(),
        ];
        for text in &texts {
            let by_value = parse_json(text.as_bytes(), &small).map(drop);
            let mut document = Document::new();
            let by_document = document.parse(text.as_bytes(), &small);
            assert_eq!(
                by_value.map_err(|e| e.to_string()),
                by_document.map_err(|e| e.to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn finds_the_integers_beyond_2_53_the_value_walk_finds() {
        let text = r#"{"z":[1,{"~/":9007199254740993}],"a":-9007199254740993,"m":{"x":18446744073709551615,"y":2.5}}"#;
        let mut document = Document::new();
        let value = parsed(&mut document, text);
        let found = document.unsafe_integers();
        assert_eq!(found, unsafe_integers(&value));
        assert_eq!(found.len(), 3);
        assert_eq!(
            parsed(&mut document, "18446744073709551615"),
            json!(18_446_744_073_709_551_615_u64)
        );
        assert_eq!(
            document.unsafe_integers(),
            vec![(String::new(), "18446744073709551615".to_owned())]
        );
        parsed(&mut document, r#"{"a":[9007199254740991]}"#);
        assert!(document.unsafe_integers().is_empty());
    }
}
