//! Rows of the plain (CSV) format, prepared away from the builder.
//!
//! A large CSV model loads on two threads: one reads rows and does all
//! that depends on the row alone (parsing, folding and hashing the
//! spellings, looking up kinds and relations, allocating the strings the
//! graph keeps), the other adds the rows to the graph in file order (all
//! that depends on the rows before: duplicates, ids of edge ends, name
//! collisions). The types here pass between the two.

use rustc_hash::FxHashMap;

pub(crate) use super::index::{IdKey, Key};
use super::names::fold_into;
use super::{KindId, RelId};

/// A node row, ready for [`super::Builder::add_plain_node`].
#[derive(Debug)]
pub struct PlainNode {
    pub(crate) id: Box<str>,
    pub(crate) name: Box<str>,
    pub(crate) aliases: Box<[Box<str>]>,
    /// The kind, or the unknown kind as written.
    pub(crate) kind: Result<KindId, Box<str>>,
    /// Hash of the exact id.
    pub(crate) id_key: IdKey,
    /// Hashes of the folded id and the folded name.
    pub(crate) keys: [Key; 2],
    /// Hashes of the folded aliases.
    pub(crate) alias_keys: Box<[Key]>,
}

impl PlainNode {
    /// Prepares a row; `folded` is scratch space the caller reuses.
    pub fn new(
        id: &str,
        kind: Result<KindId, &str>,
        name: &str,
        aliases: &[&str],
        folded: &mut String,
    ) -> Self {
        let mut key = |s: &str| {
            fold_into(s, folded);
            Key::of(folded)
        };
        PlainNode {
            id_key: IdKey::of(id),
            keys: [key(id), key(name)],
            alias_keys: aliases.iter().map(|a| key(a)).collect(),
            id: id.into(),
            name: name.into(),
            aliases: aliases.iter().map(|&a| a.into()).collect(),
            kind: kind.map_err(Into::into),
        }
    }
}

/// An edge row, ready for [`super::Builder::add_plain_edge`]; the
/// strings borrow from the reader's buffer.
#[derive(Debug, Clone, Copy)]
pub struct PlainEdge<'a> {
    pub from: &'a str,
    pub(crate) from_key: IdKey,
    /// The relation, or the unknown relation as written.
    pub rel: Result<RelId, &'a str>,
    pub to: &'a str,
    pub(crate) to_key: IdKey,
}

impl<'a> PlainEdge<'a> {
    pub fn new(from: &'a str, rel: Result<RelId, &'a str>, to: &'a str) -> Self {
        Self::with_keys(from, IdKey::of(from), rel, to, IdKey::of(to))
    }

    /// An edge whose ids were hashed already (by [`IdKey::of`]).
    pub(crate) fn with_keys(
        from: &'a str,
        from_key: IdKey,
        rel: Result<RelId, &'a str>,
        to: &'a str,
        to_key: IdKey,
    ) -> Self {
        PlainEdge {
            from,
            from_key,
            rel,
            to,
            to_key,
        }
    }
}

/// The kinds and relations a CSV row may name, copied out of the builder
/// so that a reading thread can look them up.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// Kind by exact id.
    pub(crate) kinds: FxHashMap<String, KindId>,
    /// Every kind's folded id, label and English name, in catalog order.
    pub(crate) kind_spellings: Vec<(String, KindId)>,
    /// Relation by exact id and ASCII form.
    pub(crate) rels: FxHashMap<String, RelId>,
}

impl Lookup {
    /// A kind by exact id, else by folded id, label or English name (the
    /// first kind in catalog order that matches).
    pub fn kind(&self, s: &str) -> Option<KindId> {
        if let Some(&k) = self.kinds.get(s) {
            return Some(k);
        }
        let f = super::names::fold(s);
        self.kind_spellings
            .iter()
            .find(|(k, _)| *k == f)
            .map(|&(_, id)| id)
    }

    /// A relation by exact id or ASCII form.
    pub fn rel(&self, s: &str) -> Option<RelId> {
        self.rels.get(s).copied()
    }
}
