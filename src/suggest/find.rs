//! Reading a document: mentions of bodies, roles and persons in each
//! sentence, the relation patterns over them, list forms, signatures and
//! attribute headings, each match a suggestion with its quote.
//!
//! A mention is found in three ways, in this order at each word:
//! 1. a spelling the model knows (name, alias, former name; the last word
//!    also without a genitive `s`), confirmed by [`OrgGraph::resolve`] —
//!    the same resolution as queries, so an ambiguous name is a conflict;
//! 2. a role word (`ordförande`, `processledaren` …) with the body it
//!    belongs to: the body named right after it (`för SAMLA`), else the
//!    context;
//! 3. a new name: `Name (ACR)`, or, where a pattern needs a subject or
//!    object, a capitalised noun phrase or one ending in a body word.
//!
//! The context of a sentence is the body its section is about: the last
//! heading that names a body, else the document's title, else none.
//!
//! This module reads sentences; its `forms` part reads what spans more than one
//! (the title and headings, lists, attribute sections, signatures, role
//! labels with their holder, decision lists).

use std::collections::HashMap;

mod forms;
mod members;

use super::patterns::{Elem, GAP, Patterns, Slot, word_matches};
use super::text::{BlockKind, Sentence, Token, blocks};
use super::{EdgeSuggestion, NodeSuggestion, Quote, Report, Status};
use crate::graph::{BodyId, OrgGraph, RelId, ResolveError, names};

/// Words that may stand before a slot's name without being part of it.
const DETERMINERS: &[&str] = &[
    "den",
    "det",
    "de",
    "en",
    "ett",
    "respektive",
    "varje",
    "berord",
    "berorda",
    "samtliga",
    "alla",
    "sin",
    "sitt",
    "sina",
    "ovan",
    "namnda",
    "vardera",
    "var",
];

/// Words that end a new name (verbs, conjunctions, prepositions that do
/// not belong to names).
const STOP: &[&str] = &[
    "och",
    "samt",
    "eller",
    "som",
    "att",
    "ska",
    "skall",
    "kan",
    "har",
    "ar",
    "är",
    "var",
    "blir",
    "med",
    "till",
    "fran",
    "av",
    "om",
    "pa",
    "under",
    "efter",
    "innan",
    "utan",
    "men",
    "dar",
    "nar",
    "bereder",
    "rapporterar",
    "utser",
    "utses",
    "ingar",
    "lyfter",
    "rekommenderar",
    "sammankallar",
    "stodjer",
    "samordnar",
    "leder",
    "deltar",
    "medverkar",
    "samverkar",
    "inrattar",
    "administrerar",
    "inom",
    "mellan",
    "genom",
    "enligt",
    "bade",
    "vid",
    "for",
];

/// Whether the last word of a phrase makes it a body's name: it ends in a
/// [`BODY_WORDS`] word, or is "ledning(en)" as a word of its own ("Klinisk
/// ledning"; "Inledning" is no body).
fn is_body_word(word: &str) -> bool {
    BODY_WORDS.iter().any(|b| word.ends_with(b)) || matches!(word, "ledning" | "ledningen")
}

/// Endings of a noun's definite forms ("processteamerna", "rådet"): a
/// name the model has in the indefinite form is found so too.
const DEFINITE_ENDINGS: &[&str] = &["erna", "arna", "orna", "en", "et"];

/// The endings of a singular noun's definite form, genitive included
/// ("styrgruppen", "-ens"), after the indefinite head ("styrgrupp").
const SINGULAR_DEFINITE: [&str; 6] = ["et", "en", "n", "t", "ets", "ens"];

/// Prepositions: a name right after one is not the subject of a verb
/// that follows it.
const PREPOSITIONS: &[&str] = &[
    "for", "till", "av", "fran", "i", "med", "om", "vid", "inom", "under", "hos", "mellan",
];

/// The last words of a body's name: a noun phrase ending so is a body.
const BODY_WORDS: &[&str] = &[
    "grupp",
    "gruppen",
    "rad",
    "radet",
    "namnd",
    "namnden",
    "styrelse",
    "styrelsen",
    "team",
    "utskott",
    "utskottet",
    "presidium",
    "presidiet",
    "forbund",
    "forvaltning",
    "forvaltningen",
    "organ",
    "organet",
    "kontor",
    "kontoret",
    "kommun",
    "region",
    "regionen",
];

/// The most bodies "ovan nämnda parter" names.
const MAX_PARTIES: usize = 20;

/// Where a mention points: a node suggestion.
type NodeIx = usize;

/// What fills a pattern's slot: a mention, or the words of a new name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    Node(NodeIx),
    Span(usize, usize),
}

type Binding = (Vec<Fill>, Vec<Fill>);

#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    node: NodeIx,
    /// Further bodies the same words name: "NOSAM i Lerum eller Alingsås"
    /// is NOSAM Lerum and NOSAM Alingsås.
    also: Vec<NodeIx>,
}

impl Mention {
    /// Tokens `start..end` naming `nodes`, the first the mention's body;
    /// `None` when they name none.
    fn of_all(start: usize, end: usize, mut nodes: Vec<NodeIx>) -> Option<Mention> {
        if nodes.is_empty() {
            return None;
        }
        let node = nodes.remove(0);
        Some(Mention {
            start,
            end,
            node,
            also: nodes,
        })
    }
}

pub struct Finder<'a> {
    g: &'a OrgGraph,
    p: &'a Patterns,
    /// Token keys of the model's spellings → the bodies with that
    /// spelling (also a name without its parenthesised qualifier: "Den
    /// politiska samrådsgruppen" for "Den politiska samrådsgruppen (SAMLA)").
    spellings: HashMap<String, Vec<BodyId>>,
    /// The keys of the spellings as the model has them (not shortened):
    /// only these are worth asking [`OrgGraph::resolve`] about.
    exact: std::collections::HashSet<String>,
    /// The first words of those spellings: where a name can begin.
    first_words: std::collections::HashSet<String>,
    /// The spellings by [`stem_key`]: a name written with other endings
    /// or a doubled letter ("de delregionala vårdssamverkansgrupperna"
    /// for "Delregionala vårdsamverkansgrupper", "kommun i Skaraborg" for
    /// "Kommunerna i Skaraborg").
    stems: HashMap<String, Vec<BodyId>>,
    stem_first: std::collections::HashSet<String>,
    max_words: usize,
    pub report: Report,
    node_of_body: HashMap<BodyId, NodeIx>,
    node_of_new: HashMap<String, NodeIx>,
    /// Token keys of the new names and aliases found so far, so that a
    /// new body is known when it is named again.
    new_keys: HashMap<String, NodeIx>,
    edge_index: HashMap<(NodeIx, RelId, NodeIx), usize>,
    context: Option<NodeIx>,
    /// The edge from a new role to the context body, added once the role
    /// takes part in a relation (a lone "ordföranden" proposes nothing).
    pending: HashMap<NodeIx, (RelId, NodeIx, Quote, String)>,
    /// The model's role nodes with their folded names, gathered once.
    roles: Option<Vec<(BodyId, String)>>,
    /// The document's file name, as the model cites it.
    doc: String,
    /// The ids of the report's nodes.
    ids: std::collections::HashSet<String>,
    /// The model's matters (`ärende`), gathered once.
    matters: Option<Vec<BodyId>>,
    /// Owners named at the end of a body's name ("Kommunerna i
    /// Skaraborg"), tied at the end of the document if it names them.
    owners_later: Vec<(NodeIx, RelId, BodyId, Quote, String)>,
    /// The nodes tied to an owner their name says.
    owned_by_name: std::collections::HashSet<NodeIx>,
    /// The nodes of several words by the folded first word of their name.
    by_head: HashMap<String, Vec<NodeIx>>,
    /// The subjects of the parties' relations, in the order named (at most
    /// one more than [`MAX_PARTIES`] per relation).
    parties: Vec<(RelId, NodeIx)>,
    /// The bodies the chair rotates between, once the document says so.
    rotation: Vec<NodeIx>,
}

/// Whether paragraph `b` leads in to a list: it ends with a colon, or the
/// next block is a list item.
fn lead_in(b: &super::text::Block, next: Option<&super::text::Block>) -> bool {
    b.kind == BlockKind::Paragraph
        && (b
            .sentences
            .last()
            .is_some_and(|s| s.text.trim_end().ends_with(':'))
            || next.is_some_and(|n| n.kind == BlockKind::Item))
}

/// Whether the tokens at `i` are the folded words `w`.
fn words_at(t: &[Token], i: usize, w: &[String]) -> bool {
    t.len() - i >= w.len() && t[i..i + w.len()].iter().zip(w).all(|(a, b)| a.folded == *b)
}

fn key(tokens: &[Token]) -> String {
    let mut k = String::new();
    for t in tokens {
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(&t.folded);
    }
    k
}

/// Endings a word is compared without: plural and definite forms, an
/// adjective's -a, a genitive -s.
const STEM_ENDINGS: &[&str] = &[
    "ernas", "arnas", "ornas", "erna", "arna", "orna", "ens", "ets", "er", "ar", "or", "en", "et",
    "na", "a", "e", "s",
];

/// A folded word without its ending and with doubled letters single
/// ("vardssamverkansgrupperna" and "vardsamverkansgrupper" are one).
fn stem_word(w: &str) -> String {
    let mut single = String::with_capacity(w.len());
    for c in w.chars() {
        if !single.ends_with(c) {
            single.push(c);
        }
    }
    for e in STEM_ENDINGS {
        if let Some(stem) = single.strip_suffix(e)
            && stem.chars().count() >= 4
        {
            return stem.to_string();
        }
    }
    single
}

/// The words of a name as [`stem_word`]s.
fn stem_key(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| stem_word(&t.folded))
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote(s: &Sentence) -> Quote {
    Quote {
        line: s.line,
        text: s.text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

impl<'a> Finder<'a> {
    pub fn new(g: &'a OrgGraph, p: &'a Patterns, doc: &str) -> Self {
        let mut spellings: HashMap<String, Vec<BodyId>> = HashMap::new();
        let mut first_words = std::collections::HashSet::new();
        let mut exact = std::collections::HashSet::new();
        let mut max_words = 1;
        let mut stems: HashMap<String, Vec<BodyId>> = HashMap::new();
        let mut stem_first = std::collections::HashSet::new();
        for b in g.bodies() {
            let n = g.node(b);
            let mut all: Vec<&str> = vec![&n.name];
            all.extend(g.spellings(b).into_iter().skip(2));
            for s in &all {
                exact.insert(key(&super::text::tokenize(s)));
            }
            if let Some((before, _)) = n.name.split_once(" (")
                && n.name.ends_with(')')
            {
                all.push(before);
            }
            for s in all {
                let toks = super::text::tokenize(s);
                if toks.is_empty() {
                    continue;
                }
                let sk = stem_key(&toks);
                stem_first.extend(sk.split(' ').next().map(str::to_string));
                let v = stems.entry(sk).or_default();
                if !v.contains(&b) {
                    v.push(b);
                }
                max_words = max_words.max(toks.len());
                first_words.insert(toks[0].folded.clone());
                let v = spellings.entry(key(&toks)).or_default();
                if !v.contains(&b) {
                    v.push(b);
                }
            }
        }
        Finder {
            g,
            p,
            spellings,
            exact,
            first_words,
            stems,
            stem_first,
            max_words: max_words.min(12),
            report: Report::default(),
            node_of_body: HashMap::new(),
            node_of_new: HashMap::new(),
            new_keys: HashMap::new(),
            edge_index: HashMap::new(),
            context: None,
            pending: HashMap::new(),
            roles: None,
            doc: doc.to_string(),
            ids: std::collections::HashSet::new(),
            matters: None,
            owners_later: Vec::new(),
            owned_by_name: std::collections::HashSet::new(),
            by_head: HashMap::new(),
            parties: Vec::new(),
            rotation: Vec::new(),
        }
    }

    /// Reads the whole document.
    pub fn read(mut self, text: &str) -> Report {
        let blocks = blocks(text, &self.p.abbreviations);
        self.report.title = blocks
            .iter()
            .find(|b| !b.sentences.is_empty())
            .map(|b| b.lines.join(" "))
            .unwrap_or_default();
        self.find_title_body(&blocks);
        let mut list: Option<(usize, NodeIx)> = None; // (list pattern, context)
        let mut arena: Option<NodeIx> = None; // the arena whose sections these are
        let mut attr: Option<(String, NodeIx, usize, String)> = None; // key, body, blocks taken, heading
        let mut matters: Option<(usize, NodeIx, String)> = None; // list, handler, heading
        // A decision list in prose: whether the list has table rows, and
        // where the matter awaiting its outcome begins.
        let mut table = false;
        let mut pending: Option<usize> = None;
        for (bi, b) in blocks.iter().enumerate() {
            if let Some((mi, handler, heading)) = matters.clone()
                && !table
            {
                if b.lines.iter().any(|l| l.contains('\t')) {
                    table = true;
                    pending = None;
                } else if b.kind != BlockKind::Heading || !self.ends_decisions(&b.sentences[0]) {
                    let start = *pending.get_or_insert(bi);
                    if self.is_outcome(mi, handler, b) {
                        pending = None;
                        if start < bi {
                            self.decision(mi, handler, &heading, &blocks[start..=bi], false);
                        }
                    }
                    // A heading here is a matter's title or outcome.
                    if b.kind == BlockKind::Heading {
                        continue;
                    }
                }
            }
            if b.kind == BlockKind::Heading {
                table = false;
                pending = None;
                list = None;
                attr = None;
                let s = &b.sentences[0];
                matters = self.matter_heading(s);
                let heading = s
                    .text
                    .trim_matches(|c: char| c == '*' || c == '#' || c.is_whitespace());
                if let Some(n) = self.heading_body(s) {
                    self.context = Some(n);
                    arena = self.section(n, arena, s);
                }
                if let Some(key) = self.attribute_key(heading)
                    && let Some(c) = self.context
                {
                    attr = Some((key, c, 0, heading.to_string()));
                }
                if let Some(li) = self.list_trigger(&s.tokens)
                    && let Some(c) = self.context
                {
                    list = Some((li, c));
                }
                continue;
            }
            // A table row under a list's heading is an item: its first
            // cell ("Mossviks kommun", tab, "en ledamot").
            let row = b.kind == BlockKind::Paragraph && b.lines.iter().any(|l| l.contains('\t'));
            if b.kind == BlockKind::Item || (row && list.is_some() && matters.is_none()) {
                if let Some((li, c)) = list {
                    self.list_item(li, c, b);
                }
            } else if !lead_in(b, blocks.get(bi + 1)) {
                // A lead-in to the items ("Följande ingår:", "I gruppen
                // ingår") keeps the list its heading opened.
                list = None;
            }
            if let Some((key, body, taken, heading)) = &mut attr {
                let is_item = b.kind == BlockKind::Item;
                // The first block, and the items after it (or after a
                // lead-in, "Rådet ska").
                let continues = *taken == 0
                    || (is_item
                        && (blocks[bi - 1].kind == BlockKind::Item
                            || *taken == 1 && lead_in(&blocks[bi - 1], Some(b))));
                if continues {
                    let reason = format!("under the heading \"{heading}\"");
                    self.attribute(key.clone(), *body, b, reason);
                    *taken += 1;
                } else {
                    attr = None;
                }
            }
            self.signature(b);
            self.holder_label(b);
            for s in &b.sentences {
                self.sentence(s);
            }
            if let Some((mi, handler, heading)) = &matters
                && b.lines.iter().any(|l| l.contains('\t'))
            {
                self.matter_row(*mi, *handler, heading, b);
            }
            // A lead-in with a list trigger opens a list.
            if let Some(last) = b.sentences.last()
                && lead_in(b, blocks.get(bi + 1))
                && let Some(li) = self.list_trigger(&last.tokens)
                && let Some(c) = self.context
            {
                list = Some((li, c));
            }
            // "Label: text" lines that name an attribute.
            if let Some(first) = b.sentences.first()
                && let Some((label, value)) = first.text.split_once(':')
                && label.split_whitespace().count() <= 3
                && let Some(key) = self.attribute_key(label.trim_matches('*'))
                && let Some(c) = self.context
            {
                let value = value.trim().trim_start_matches('*').trim();
                if !value.is_empty() && b.kind != BlockKind::Heading {
                    self.add_attribute(
                        c,
                        key,
                        value.to_string(),
                        vec![quote(first)],
                        format!("the label \"{}:\"", label.trim()),
                    );
                }
            }
        }
        self.finish()
    }

    /// A heading naming body `n`: an arena opens its sections; a body in a
    /// section of one is part of it. Returns the arena open after it.
    fn section(&mut self, n: NodeIx, arena: Option<NodeIx>, s: &Sentence) -> Option<NodeIx> {
        let Some((subkinds, kinds, rel)) = &self.p.arenas else {
            return None;
        };
        let node = &self.report.nodes[n];
        if node
            .subkind
            .as_ref()
            .is_some_and(|sk| subkinds.contains(sk))
        {
            return Some(n);
        }
        // A body whose name says its owner ("Arbetsutskottet för
        // ledningsgruppen") is part of that, not of the arena.
        let owned = self.owned_by_name.contains(&n);
        if let Some(a) = arena
            && kinds.contains(&node.kind)
            && !owned
            && !matches!(node.status, Status::Conflict(_))
        {
            let reason = format!(
                "a section under the heading of {}",
                self.report.nodes[a].name
            );
            let rel = *rel;
            self.add_edge(n, rel, a, &quote(s), &reason);
        }
        arena
    }

    fn finish(mut self) -> Report {
        for (ix, rel, o, q, reason) in std::mem::take(&mut self.owners_later) {
            if let Some(&ox) = self.node_of_body.get(&o) {
                self.add_edge(ix, rel, ox, &q, &reason);
                self.owned_by_name.insert(ix);
            }
        }
        self.members();
        self.prefixed();
        super::status::resolve_statuses(self.g, &mut self.report);
        self.report
    }

    // ---- nodes ----

    fn known(&mut self, b: BodyId, q: &Quote, reason: &str) -> NodeIx {
        if let Some(&n) = self.node_of_body.get(&b) {
            return n;
        }
        let node = self.g.node(b);
        let ix = self.report.nodes.len();
        self.push_node(NodeSuggestion {
            id: node.id.to_string(),
            name: node.name.to_string(),
            kind: self.g.kind_of(b).id.clone(),
            subkind: self.g.details(b).and_then(|d| d.subkind.clone()),
            aliases: Vec::new(),
            status: Status::Known,
            candidates: Vec::new(),
            quote: q.clone(),
            reason: reason.to_string(),
            attributes: Vec::new(),
        });
        self.node_of_body.insert(b, ix);
        self.genitive_owner(b, ix, q);
        ix
    }

    /// A body whose name begins with another's in the genitive ("Västra
    /// Götalandsregionens koncernledning", "SRO:s presidium"), or ends
    /// with another's after an owner word ("Förvaltningarna i VGR",
    /// "Kommunerna i Skaraborg", "AU för Samordningsgruppen"), is tied to
    /// it by the patterns' relation for the owner's kind.
    fn genitive_owner(&mut self, b: BodyId, ix: NodeIx, q: &Quote) {
        let g = self.g;
        let kind = &g.kind_of(b).id;
        if kind == "roll" || kind == "ärende" || kind == "person" {
            return;
        }
        let name = &g.node(b).name;
        let words: Vec<&str> = name.split_whitespace().collect();
        let mut owners: Vec<(String, String)> = Vec::new();
        for k in 1..words.len() {
            if let Some(owner) = words[k - 1]
                .strip_suffix(":s")
                .or_else(|| words[k - 1].strip_suffix('s'))
                .map(|last| {
                    let mut o = words[..k - 1].join(" ");
                    if !o.is_empty() {
                        o.push(' ');
                    }
                    o.push_str(last);
                    o
                })
            {
                owners.push((owner, "in the genitive".to_string()));
            }
        }
        // An arena named with its place: "Vårdsamverkan Skaraborg".
        let arena = g
            .details(b)
            .and_then(|d| d.subkind.as_ref())
            .is_some_and(|sk| {
                self.p
                    .arenas
                    .as_ref()
                    .is_some_and(|(subkinds, ..)| subkinds.contains(sk))
            });
        if arena && words.len() > 1 {
            owners.push((
                words[words.len() - 1].to_string(),
                "as its place".to_string(),
            ));
        }
        let place_only = |o: BodyId| g.kind_of(o).id == "delregion";
        for k in 1..words.len().saturating_sub(1) {
            let w = names::fold(words[k]);
            if self.p.owner_words.contains(&w) {
                owners.push((words[k + 1..].join(" "), format!("after \"{}\"", words[k])));
            }
        }
        for (owner, how) in owners {
            let toks = super::text::tokenize(&owner);
            let exact = self.exact.contains(&key(&toks));
            let o = match self.spellings.get(&key(&toks)).map(Vec::as_slice) {
                Some([o]) => *o,
                // Only a name the model spells so is worth resolving.
                _ => match exact.then(|| g.resolve(&owner)) {
                    Some(Ok(o)) => o,
                    // "Arbetsutskottet för ledningsgruppen": the body named
                    // before whose name begins so.
                    _ => match toks.as_slice() {
                        [w] => match self
                            .definite_of(&w.folded, true)
                            .and_then(|n| g.by_id(&self.report.nodes[n].id))
                        {
                            Some(o) => o,
                            None => continue,
                        },
                        _ => continue,
                    },
                },
            };
            if o == b || (how == "as its place" && !place_only(o)) {
                continue;
            }
            let owner_kind = &g.kind_of(o).id;
            let patterns: &'a Patterns = self.p;
            let rel = patterns
                .genitives
                .iter()
                .find(|(k, members, _)| {
                    k == owner_kind && (members.is_empty() || members.contains(kind))
                })
                .map(|(.., rel)| *rel);
            if let Some(rel) = rel {
                let reason = format!("its name: {owner} {how}");
                let named_here = names::fold(&q.text).contains(&names::fold(&owner));
                if how.starts_with("after") && !named_here && !self.node_of_body.contains_key(&o) {
                    // Only where the document names the owner too ("Temagrupper
                    // inom SAMLA" for any temagrupper is no sign of SAMLA).
                    self.owners_later.push((ix, rel, o, q.clone(), reason));
                } else {
                    let owner_ix = self.known(o, q, "a name the model knows");
                    self.add_edge(ix, rel, owner_ix, q, &reason);
                    self.owned_by_name.insert(ix);
                }
            }
            return;
        }
    }

    /// Adds a node suggestion, keeping its id taken.
    fn push_node(&mut self, n: NodeSuggestion) {
        self.ids.insert(n.id.clone());
        // Its head noun, for a definite form of it later ("Ledningsgruppen").
        let mut words = n.name.split_whitespace();
        if let (Some(first), Some(_)) = (words.next(), words.next()) {
            let head = names::fold(first);
            if head.len() >= 6 {
                self.by_head
                    .entry(head)
                    .or_default()
                    .push(self.report.nodes.len());
            }
        }
        self.report.nodes.push(n);
    }

    fn new_node(
        &mut self,
        name: &str,
        kind: Option<(&str, Option<&str>)>,
        alias: Option<&str>,
        q: &Quote,
        reason: &str,
    ) -> NodeIx {
        let f = names::fold(name);
        if let Some(&n) = self.node_of_new.get(&f) {
            if let Some(a) = alias
                && !self.report.nodes[n].aliases.iter().any(|x| x == a)
            {
                self.report.nodes[n].aliases.push(a.to_string());
                self.learn_new_spelling(a, n);
            }
            return n;
        }
        let (kind, subkind) = match kind {
            Some((k, s)) => (k.to_string(), s.map(str::to_string)),
            None => self.guess_kind(&f),
        };
        let ix = self.report.nodes.len();
        self.push_node(NodeSuggestion {
            id: self.fresh_id(&f),
            name: name.to_string(),
            kind,
            subkind,
            aliases: alias.map(|a| vec![a.to_string()]).unwrap_or_default(),
            status: Status::New,
            candidates: Vec::new(),
            quote: q.clone(),
            reason: reason.to_string(),
            attributes: Vec::new(),
        });
        self.node_of_new.insert(f, ix);
        for s in std::iter::once(name).chain(alias) {
            self.learn_new_spelling(s, ix);
        }
        ix
    }

    /// Lets later mentions find new node `n` by spelling `s`.
    fn learn_new_spelling(&mut self, s: &str, n: NodeIx) {
        let toks = super::text::tokenize(s);
        self.first_words
            .extend(toks.first().map(|t| t.folded.clone()));
        self.new_keys.insert(key(&toks), n);
    }

    fn ambiguous(&mut self, name: &str, candidates: Vec<String>, q: &Quote) -> NodeIx {
        let f = format!("?{}", names::fold(name));
        if let Some(&n) = self.node_of_new.get(&f) {
            return n;
        }
        let ix = self.report.nodes.len();
        self.push_node(NodeSuggestion {
            id: self.fresh_id(&names::fold(name)),
            name: name.to_string(),
            kind: String::new(),
            subkind: None,
            aliases: Vec::new(),
            status: Status::Conflict(format!(
                "\"{name}\" fits several bodies of the model: {}; choose one",
                candidates.join(", ")
            )),
            candidates,
            quote: q.clone(),
            reason: "the model's name resolution".to_string(),
            attributes: Vec::new(),
        });
        self.node_of_new.insert(f, ix);
        ix
    }

    /// An ASCII id from a folded name, unique in the model and the report.
    fn fresh_id(&self, folded: &str) -> String {
        let mut id = String::new();
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                id.push(c);
            } else if !id.ends_with('_') && !id.is_empty() {
                id.push('_');
            }
            if id.len() >= 48 {
                break;
            }
        }
        let id = id.trim_end_matches('_').to_string();
        let id = if id.is_empty() { "ny".to_string() } else { id };
        let taken = |c: &str| self.g.by_id(c).is_some() || self.ids.contains(c);
        if !taken(&id) {
            return id;
        }
        (2..)
            .map(|i| format!("{id}_{i}"))
            .find(|c| !taken(c))
            .expect("some suffix is free")
    }

    fn guess_kind(&self, folded: &str) -> (String, Option<String>) {
        // The head noun: the last word that a rule knows ("Politiska
        // styrgruppen Hamnstaden", "Samordningsgrupp Exempel").
        for word in folded.rsplit(' ') {
            let Some(r) = self.p.kinds.iter().find(|r| word.ends_with(&r.suffix)) else {
                continue;
            };
            let Some(k) = self.g.catalog.find_kind(&r.kind) else {
                continue;
            };
            let kind = self.g.catalog.kind(k);
            // A subkind the model's kind does not allow is left out.
            let subkind = r
                .subkind
                .clone()
                .filter(|s| kind.subkinds.is_empty() || kind.subkinds.contains(s));
            return (kind.id.clone(), subkind);
        }
        ("organ".to_string(), None)
    }

    /// The node a name refers to, by the model's resolution: known,
    /// ambiguous (a conflict), or `None` when the model does not know it.
    fn resolve(&mut self, name: &str, q: &Quote, reason: &str) -> Option<NodeIx> {
        // Only a name whose words some spelling has can resolve: asking
        // the model about any other would make it look for "did you
        // mean" names across the whole model, for nothing.
        if self.g.by_id(name).is_none() && !self.exact.contains(&key(&super::text::tokenize(name)))
        {
            return None;
        }
        match self.g.resolve(name) {
            Ok(b) => Some(self.known(b, q, reason)),
            Err(ResolveError::Ambiguous { candidates }) => {
                Some(self.ambiguous(name, candidates, q))
            }
            Err(ResolveError::Unknown { .. }) => None,
        }
    }

    // ---- mentions ----

    fn mentions(&mut self, s: &Sentence) -> Vec<Mention> {
        let q = quote(s);
        let t = &s.tokens;
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < t.len() {
            if let Some(m) = self.known_at(s, i, &q) {
                i = m.end;
                out.push(m);
                continue;
            }
            if let Some(m) = self.acronym_at(s, i, &q) {
                // A new name "Name (ACR)" may cover mentions found before.
                out.retain(|o| o.end <= m.start);
                i = m.end;
                out.push(m);
                continue;
            }
            if self.p.anaphora.iter().any(|a| *a == t[i].folded)
                && let Some(node) = self.anaphor(&t[i].folded)
            {
                out.push(Mention {
                    start: i,
                    end: i + 1,
                    node,
                    also: Vec::new(),
                });
                i += 1;
                continue;
            }
            if let Some(m) = self.collective_at(s, i, &q) {
                i = m.end;
                out.push(m);
                continue;
            }
            if let Some(m) = self.role_at(s, i, &q) {
                i = m.end;
                out.push(m);
                continue;
            }
            i += 1;
        }
        self.distribute(s, &mut out, &q);
        out
    }

    /// "NOSAM i Lerum eller Alingsås": a known name followed by `i` and
    /// places, where the model knows the name with each place ("NOSAM
    /// Lerum", "NOSAM Alingsås"), names those bodies.
    fn distribute(&mut self, s: &Sentence, ms: &mut [Mention], q: &Quote) {
        let t = &s.tokens;
        for m in ms.iter_mut() {
            // Past an acronym in parentheses: "Närområdessamverkan (NOSAM) i …".
            let mut after = m.end;
            if t.get(after).is_some_and(|x| x.text == "(")
                && t.get(after + 2).is_some_and(|x| x.text == ")")
            {
                after += 3;
            }
            if after >= t.len() || t[after].folded != "i" {
                continue;
            }
            let mut places = Vec::new();
            let mut k = after + 1;
            while k < t.len() && t[k].is_capitalised() && !t[k].is_punct() {
                places.push(k);
                k += 1;
                if k < t.len() && matches!(t[k].folded.as_str(), "och" | "eller" | "samt" | ",") {
                    k += 1;
                } else {
                    break;
                }
            }
            if places.is_empty() || self.report.nodes[m.node].status != Status::Known {
                continue;
            }
            let Some(b) = self.g.by_id(&self.report.nodes[m.node].id) else {
                continue;
            };
            let spellings: Vec<String> =
                self.g.spellings(b).iter().map(|x| x.to_string()).collect();
            let mut found = Vec::new();
            for &p in &places {
                let hit = spellings
                    .iter()
                    .map(|sp| format!("{sp} {}", t[p].text))
                    .filter(|name| self.exact.contains(&key(&super::text::tokenize(name))))
                    .find_map(|name| self.g.resolve(&name).ok());
                match hit {
                    Some(h) => found.push((p, h)),
                    None => break,
                }
            }
            if found.len() == places.len() {
                let nodes: Vec<NodeIx> = found
                    .iter()
                    .map(|&(_, h)| self.known(h, q, "a name the model knows, with its place"))
                    .collect();
                // Each is part of the body named without the place.
                if let Some(rel) = self.p.place_rel {
                    for &n in &nodes {
                        self.add_edge(n, rel, m.node, q, "a name with its place");
                    }
                }
                m.node = nodes[0];
                m.also = nodes[1..].to_vec();
                m.end = places.last().map_or(m.end, |p| p + 1);
            }
        }
    }

    fn known_at(&mut self, s: &Sentence, i: usize, q: &Quote) -> Option<Mention> {
        let t = &s.tokens;
        if t[i].is_punct() {
            return None;
        }
        let w = t[i].folded.as_str();
        let may_begin = self.first_words.contains(w)
            || w.strip_suffix('s')
                .is_some_and(|g| self.first_words.contains(g))
            || self.stem_first.contains(&stem_word(w));
        let max = if may_begin {
            self.max_words.min(t.len() - i)
        } else {
            0
        };
        for len in (1..=max).rev() {
            let span = &t[i..i + len];
            if span.last().is_some_and(Token::is_punct) {
                continue;
            }
            let k = key(span);
            let text = &s.text[span[0].start..span[len - 1].end];
            // As written, then without a genitive -s ("Samordningsgruppens"),
            // then the last word in its indefinite form ("de regionala
            // processteamerna" for "Regionala processteam").
            let genitive = k.strip_suffix('s').filter(|_| k.len() > 3);
            let last = &span[len - 1].folded;
            // Looked up only when neither form above is known.
            let indefinite = || {
                DEFINITE_ENDINGS.iter().find_map(|e| {
                    let stem = last.strip_suffix(e).filter(|st| st.len() >= 4)?;
                    self.spellings
                        .get(&format!("{}{stem}", &k[..k.len() - last.len()]))
                })
            };
            let found = match self.spellings.get(&k) {
                Some(v) => Some((v.clone(), text.to_string(), self.exact.contains(&k))),
                None => genitive
                    .and_then(|g| self.spellings.get(g))
                    .map(|v| (v.clone(), text[..text.len() - 1].to_string(), false))
                    .or_else(|| indefinite().map(|v| (v.clone(), text.to_string(), false))),
            };
            if let Some((bodies, name, exact)) = found {
                // The model's resolution decides (exact id, then names,
                // then former names); a spelling it cannot take as written
                // (a genitive, a name without its qualifier) goes by the index.
                let resolved = if exact {
                    self.g.resolve(&name)
                } else {
                    Err(ResolveError::Unknown {
                        suggestions: Vec::new(),
                    })
                };
                let node = match resolved {
                    Ok(b) => self
                        .narrower(b, &name)
                        .unwrap_or_else(|| self.known(b, q, "a name the model knows")),
                    Err(ResolveError::Ambiguous { candidates }) => {
                        self.ambiguous(&name, candidates, q)
                    }
                    Err(ResolveError::Unknown { .. }) => match bodies.as_slice() {
                        [b] => self
                            .narrower(*b, &name)
                            .unwrap_or_else(|| self.known(*b, q, "a name the model knows")),
                        // Several bodies share the name so shortened
                        // ("Arbetsgruppen" for "(Norr)" and "(Syd)").
                        many => {
                            let mut ids: Vec<String> = many
                                .iter()
                                .map(|b| self.g.node(*b).id.to_string())
                                .collect();
                            ids.sort();
                            self.ambiguous(&name, ids, q)
                        }
                    },
                };
                self.role_name_edge(node, &name, q);
                return Some(Mention {
                    start: i,
                    end: i + len,
                    node,
                    also: Vec::new(),
                });
            }
            if let Some(&node) = self
                .new_keys
                .get(&k)
                .or_else(|| genitive.and_then(|g| self.new_keys.get(g)))
            {
                return Some(Mention {
                    start: i,
                    end: i + len,
                    node,
                    also: Vec::new(),
                });
            }
            // Other endings, a doubled letter: several words, or one long
            // compound, that only one body's spelling has so.
            if (len >= 2 || (last.chars().count() >= 12 && !self.p.anaphora.contains(last)))
                && let Some([b]) = self.stems.get(&stem_key(span)).map(Vec::as_slice)
            {
                let node = self.known(*b, q, "a name the model knows, written otherwise");
                return Some(Mention {
                    start: i,
                    end: i + len,
                    node,
                    also: Vec::new(),
                });
            }
        }
        // The definite form of the context's head noun: "Vårdsamverkansrådet"
        // for "Vårdsamverkansråd Hamnstaden"; else of the one body named
        // before with that head noun ("ledningsgruppen" for "Ledningsgrupp
        // vårdsamverkan Dalbygden", named in an earlier section).
        if let Some(c) = self.context {
            let head = names::fold(
                self.report.nodes[c]
                    .name
                    .split_whitespace()
                    .next()
                    .unwrap_or(""),
            );
            let w = t[i].folded.as_str();
            if head.len() >= 4
                && w.len() > head.len()
                && w.starts_with(&head)
                && SINGULAR_DEFINITE.contains(&&w[head.len()..])
            {
                return Some(Mention {
                    start: i,
                    end: i + 1,
                    node: c,
                    also: Vec::new(),
                });
            }
        }
        self.definite_of_named(t[i].folded.as_str())
            .map(|node| Mention {
                start: i,
                end: i + 1,
                node,
                also: Vec::new(),
            })
    }

    /// A general name ("kommunerna") where the document has named a part of
    /// that body whose name begins so ("Kommunerna i Dalbygden"): the part.
    fn narrower(&self, b: BodyId, text: &str) -> Option<NodeIx> {
        let g = self.g;
        let prefix = format!("{} ", names::fold(text));
        // The model's parts of it (few), those the document has named.
        let parts: Vec<NodeIx> = g
            .in_edges(b)
            .filter(|e| g.catalog.relation(e.rel).id == "ingår_i")
            .filter_map(|e| self.node_of_body.get(&e.from).copied())
            .filter(|&n| names::fold(&self.report.nodes[n].name).starts_with(&prefix))
            .collect();
        match parts.as_slice() {
            [p] => Some(*p),
            _ => None,
        }
    }

    /// A word that is the definite form of the first word of the name of
    /// exactly one body named so far, not the context ("Ledningsgruppen",
    /// "Styrgruppen"), when that word is no name of its own.
    fn definite_of_named(&self, w: &str) -> Option<NodeIx> {
        self.definite_of(w, false)
    }

    /// [`Self::definite_of_named`], the context included when `context`.
    fn definite_of(&self, w: &str, context: bool) -> Option<NodeIx> {
        let mut found: Vec<NodeIx> = Vec::new();
        for ending in SINGULAR_DEFINITE {
            let Some(head) = w.strip_suffix(ending) else {
                continue;
            };
            for &n in self.by_head.get(head).map_or(&[][..], Vec::as_slice) {
                let node = &self.report.nodes[n];
                if (context || Some(n) != self.context)
                    && !matches!(node.kind.as_str(), "roll" | "person" | "ärende" | "")
                    && !found.contains(&n)
                {
                    found.push(n);
                }
            }
        }
        match found.as_slice() {
            [n] => Some(*n),
            _ => None,
        }
    }

    /// A role named with its body ("Processledaren för SAMLA", "NOSAM
    /// ordförande"): the role's relation to that body.
    fn role_name_edge(&mut self, node: NodeIx, text: &str, q: &Quote) {
        if self.report.nodes[node].kind != "roll" {
            return;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let folded: Vec<String> = words.iter().map(|w| names::fold(w)).collect();
        let patterns: &'a Patterns = self.p;
        for r in &patterns.roles {
            for spelling in &r.words {
                let n = spelling.len();
                if folded.len() <= n {
                    continue;
                }
                let rest = if folded[..n] == spelling[..] {
                    let mut rest = &words[n..];
                    if rest.len() > 1
                        && ["för", "i", "vid", "från", "till"]
                            .contains(&rest[0].to_lowercase().as_str())
                    {
                        rest = &rest[1..];
                    }
                    rest.join(" ")
                } else if folded[folded.len() - n..] == spelling[..] {
                    words[..words.len() - n].join(" ")
                } else {
                    continue;
                };
                if let Some(body) = self.resolve(&rest, q, "a name the model knows")
                    && self.report.nodes[body].kind != "roll"
                {
                    let reason = format!("role word \"{}\" with its body", spelling.join(" "));
                    self.add_edge(node, r.rel, body, q, &reason);
                }
                return;
            }
        }
    }

    /// What "gruppen", "styrgruppen", "rådet" … refer to: the context when
    /// its name has the word's stem ("Beredningsgrupp …" for "gruppen");
    /// else, for a specific word ("styrgruppen"), the one body named so far
    /// whose name has it; else, for a general word, the context.
    fn anaphor(&self, word: &str) -> Option<NodeIx> {
        let stem = ["ens", "ets", "en", "et", "s"]
            .iter()
            .find_map(|suffix| word.strip_suffix(suffix))
            .unwrap_or(word);
        let has = |n: NodeIx| names::fold(&self.report.nodes[n].name).contains(stem);
        if let Some(c) = self.context
            && has(c)
        {
            return Some(c);
        }
        if stem.len() > 6 {
            let named: Vec<NodeIx> = (0..self.report.nodes.len())
                .filter(|&n| self.report.nodes[n].kind != "roll" && has(n))
                .collect();
            return match named.as_slice() {
                [n] => Some(*n),
                _ => None,
            };
        }
        self.context
    }

    /// "en beredningsgrupp", "ett samverkansråd": a body introduced by its
    /// sort, without its name. It is the context when the context's name
    /// begins with that word ("Beredningsgrupp barn och unga Kustlandet"),
    /// else the one body the model ties to the context whose name begins
    /// so ("Beredningsgruppen för VVG" in VVG's document).
    fn indefinite(&mut self, head: &str, q: &Quote) -> Option<NodeIx> {
        if !is_body_word(head) {
            return None;
        }
        let begins = |name: &str| {
            let first = names::fold(name.split_whitespace().next().unwrap_or(""));
            first
                .strip_prefix(head)
                .is_some_and(|rest| matches!(rest, "" | "en" | "et" | "n" | "t"))
        };
        let c = self.context?;
        if begins(&self.report.nodes[c].name) {
            return Some(c);
        }
        let b = self.g.by_id(&self.report.nodes[c].id)?;
        let mut found: Vec<BodyId> = self
            .g
            .out_edges(b)
            .map(|e| e.to)
            .chain(self.g.in_edges(b).map(|e| e.from))
            .filter(|&n| self.g.kind_of(n).id != "roll" && begins(self.g.node(n).name))
            .collect();
        found.sort();
        found.dedup();
        match found.as_slice() {
            [n] => Some(self.known(*n, q, "a body named by its sort (\"en …\")")),
            _ => None,
        }
    }

    /// A name the model knows, or a new one found before in the document.
    fn find_name(&mut self, name: &str, q: &Quote, reason: &str) -> Option<NodeIx> {
        self.resolve(name, q, reason).or_else(|| {
            self.new_keys
                .get(&key(&super::text::tokenize(name)))
                .copied()
        })
    }

    /// `Name (ACR)`: the name is the words before the parenthesis back to
    /// the first capitalised one (at most six, not crossing a stop word).
    fn acronym_at(&mut self, s: &Sentence, i: usize, q: &Quote) -> Option<Mention> {
        let t = &s.tokens;
        let is_acr = |w: &str| {
            let n = w.chars().count();
            (2..=8).contains(&n)
                && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
                && w.chars().any(char::is_alphabetic)
        };
        // i is the first word of the name; find "( ACR )" after at most six words.
        if t[i].is_punct() || !t[i].is_capitalised() || STOP.contains(&t[i].folded.as_str()) {
            return None;
        }
        let mut j = i + 1;
        while j < t.len() && j - i <= 6 && !t[j].is_punct() && !STOP.contains(&t[j].folded.as_str())
        {
            j += 1;
        }
        if j + 2 < t.len()
            && t[j].text == "("
            && is_acr(&t[j + 1].text)
            && t.get(j + 2).is_some_and(|x| x.text == ")")
        {
            let name = &s.text[t[i].start..t[j - 1].end];
            let acr = &t[j + 1].text;
            let reason = "a name with its acronym in parentheses";
            let node = match self.resolve(name, q, reason) {
                Some(n) => n,
                None => match self.resolve(acr, q, reason) {
                    Some(n) => n,
                    None => self.new_node(name, None, Some(acr), q, reason),
                },
            };
            return Some(Mention {
                start: i,
                end: j + 3,
                node,
                also: Vec::new(),
            });
        }
        None
    }

    fn role_at(&mut self, s: &Sentence, i: usize, q: &Quote) -> Option<Mention> {
        let t = &s.tokens;
        let (ri, len) = self.p.roles.iter().enumerate().find_map(|(ri, r)| {
            r.words
                .iter()
                .find(|w| words_at(t, i, w))
                .map(|w| (ri, w.len()))
        })?;
        let mut end = i + len;
        // The body: named right after ("för SAMLA", "i rådet", "SAMLA"), else the context.
        let mut body = None;
        let mut explicit = false;
        let mut k = end;
        if k < t.len() && matches!(t[k].folded.as_str(), "for" | "i" | "vid" | ",") {
            k += 1;
        }
        if k < t.len()
            && let Some(m) = self.known_at(s, k, q)
            && self.report.nodes[m.node].kind != "roll"
        {
            body = Some(m.node);
            end = m.end;
            explicit = true;
        }
        // Two roles of one body, the body said once: "NOSAM ordförande och
        // vice ordförande", "ordförande och vice ordförande i VVG".
        if body.is_none() {
            body = self.shared_role_body(s, i, end, q);
            explicit = body.is_some();
        }
        // "Deltagarna i samordningsråden" in the document of one of them:
        // that one's.
        if let (Some(bx), Some(c)) = (body, self.context)
            && bx != c
            && let (Some(b), Some(cb)) = (
                self.g.by_id(&self.report.nodes[bx].id),
                self.g.by_id(&self.report.nodes[c].id),
            )
            && self
                .p
                .member_rel
                .is_some_and(|rel| self.g.out_edges(cb).any(|e| e.to == b && e.rel == rel))
        {
            body = Some(c);
        }
        let body = body.or(self.context)?;
        let role = &self.p.roles[ri];
        let node = self.role_node(role.name.as_str(), role.rel, body, q, explicit);
        Some(Mention {
            start: i,
            end,
            node,
            also: Vec::new(),
        })
    }

    /// The body of a role word at `i..end` named with another role word
    /// joined to it by "och" ("NOSAM ordförande och vice ordförande":
    /// NOSAM; "ordförande och vice ordförande i VVG": VVG).
    fn shared_role_body(
        &mut self,
        s: &Sentence,
        i: usize,
        end: usize,
        q: &Quote,
    ) -> Option<NodeIx> {
        let t = &s.tokens;
        let joins = |k: usize| {
            t.get(k)
                .is_some_and(|x| matches!(x.folded.as_str(), "och" | "samt" | "respektive"))
        };
        let role_len_at = |k: usize| {
            self.p
                .roles
                .iter()
                .flat_map(|r| &r.words)
                .filter(|w| words_at(t, k, w))
                .map(Vec::len)
                .max()
        };
        let body_at = |me: &mut Self, k: usize, must_end: Option<usize>| {
            let n = match must_end {
                // Exactly these words: "NOSAM" of "NOSAM ordförande".
                Some(e) => {
                    let name = &s.text[t[k].start..t[e - 1].end];
                    me.find_name(name, q, "a name the model knows")?
                }
                None => me.known_at(s, k, q)?.node,
            };
            (me.report.nodes[n].kind != "roll").then_some(n)
        };
        // Before: "BODY ROLE och ROLE" or "ROLE i BODY och ROLE".
        if i >= 2 && joins(i - 1) {
            for start in (0..i - 1).rev().take(3) {
                if role_len_at(start).is_some_and(|n| start + n == i - 1) {
                    for b in start.saturating_sub(3)..start {
                        if let Some(n) = body_at(self, b, Some(start)) {
                            return Some(n);
                        }
                    }
                }
            }
        }
        // After: "ROLE och ROLE i|för BODY".
        if joins(end)
            && let Some(n) = role_len_at(end + 1)
            && t.get(end + 1 + n)
                .is_some_and(|x| matches!(x.folded.as_str(), "i" | "for" | "vid"))
        {
            return body_at(self, end + 2 + n, None);
        }
        None
    }

    /// A word for all bodies of a kind ("huvudmännen", "respektive
    /// huvudman"): the bodies of that kind the document has named so far,
    /// else the model's; in either case those not part (`ingår_i`) of
    /// another body of the kind — the region and "the 49 kommuner", not
    /// each kommun as well.
    fn collective_at(&mut self, s: &Sentence, i: usize, q: &Quote) -> Option<Mention> {
        let t = &s.tokens;
        let patterns: &'a Patterns = self.p;
        if let Some(m) = self.parties_at(s, i) {
            return Some(m);
        }
        // The bodies the chair rotates between, each in turn.
        if let Some(r) = &patterns.rotation
            && let Some((&node, also)) = self.rotation.split_first()
            && let Some(w) = r.words.iter().find(|w| words_at(t, i, w))
        {
            return Some(Mention {
                start: i,
                end: i + w.len(),
                node,
                also: also.to_vec(),
            });
        }
        let (kind, len) = patterns.collectives.iter().find_map(|(words, kind)| {
            words
                .iter()
                .find(|w| words_at(t, i, w))
                .map(|w| (kind, w.len()))
        })?;
        let g = self.g;
        let of_kind = |b: BodyId| g.kind_of(b).id == *kind;
        let named: Vec<BodyId> = self
            .report
            .nodes
            .iter()
            .filter(|n| n.status == Status::Known)
            .filter_map(|n| g.by_id(&n.id))
            .filter(|&b| of_kind(b))
            .collect();
        let mut bodies = if named.is_empty() {
            g.bodies().filter(|&b| of_kind(b)).collect()
        } else {
            named
        };
        let parts: Vec<BodyId> = bodies
            .iter()
            .copied()
            .filter(|&b| {
                g.out_edges(b)
                    .any(|e| g.catalog.relation(e.rel).id == "ingår_i" && bodies.contains(&e.to))
            })
            .collect();
        bodies.retain(|b| !parts.contains(b));
        let reason = format!(
            "\"{}\": every {kind}",
            s.text[t[i].start..t[i + len - 1].end].to_lowercase()
        );
        let nodes: Vec<NodeIx> = bodies
            .into_iter()
            .map(|b| self.known(b, q, &reason))
            .collect();
        Mention::of_all(i, i + len, nodes)
    }

    /// "ovan nämnda parter", "parterna": every body the document has
    /// so far said takes part (the subjects of the words' relation), in
    /// the order named.
    fn parties_at(&mut self, s: &Sentence, i: usize) -> Option<Mention> {
        let t = &s.tokens;
        let patterns: &'a Patterns = self.p;
        let (rel, len) = patterns.parties.iter().find_map(|(words, rel)| {
            words
                .iter()
                .find(|w| words_at(t, i, w))
                .map(|w| (*rel, w.len()))
        })?;
        let nodes: Vec<NodeIx> = self
            .parties
            .iter()
            .filter(|(r, _)| *r == rel)
            .map(|(_, n)| *n)
            .collect();
        // A governance document names a handful of parties; past a score
        // the words say too little to name them all (and a long document
        // would tie every party to every later one).
        if nodes.len() > MAX_PARTIES {
            return None;
        }
        Mention::of_all(i, i + len, nodes)
    }

    /// The role node for a role word and its body: one the model has (a
    /// role named with the word, tied to the body by an edge or by its
    /// name), else a new one, `NAME i BODY`, with its edge to the body.
    fn role_node(
        &mut self,
        role: &str,
        rel: RelId,
        body: NodeIx,
        q: &Quote,
        explicit: bool,
    ) -> NodeIx {
        let body_node = &self.report.nodes[body];
        let role_f = names::fold(role);
        if body_node.status == Status::Known
            && let Some(b) = self.g.by_id(&body_node.id)
        {
            let body_spellings: Vec<String> =
                self.g.spellings(b).iter().map(|s| names::fold(s)).collect();
            // Candidates, best first: a role that already has this
            // relation to the body; one tied to it whose name begins with
            // the role word; one whose name contains the body's name.
            let mut tiers: [Vec<BodyId>; 3] = Default::default();
            let role_words: Vec<&str> = role_f.split(' ').collect();
            let named = |f: &str| {
                let words: Vec<&str> = f
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                let at = words
                    .windows(role_words.len())
                    .position(|w| w == role_words.as_slice());
                // "ordförande" must not find "vice ordförande".
                at.is_some_and(|p| p == 0 || words[p - 1] != "vice")
            };
            let neighbours: Vec<BodyId> = self
                .g
                .out_edges(b)
                .map(|e| e.to)
                .chain(self.g.in_edges(b).map(|e| e.from))
                .collect();
            let g = self.g;
            let roles = self.roles.get_or_insert_with(|| {
                g.bodies()
                    .filter(|&n| g.kind_of(n).id == "roll")
                    .map(|n| (n, names::fold(g.node(n).name)))
                    .collect()
            });
            for (n, f) in roles.iter() {
                let (n, f) = (*n, f.as_str());
                if !named(f) {
                    continue;
                }
                let tier = if self.g.out_edges(n).any(|e| e.rel == rel && e.to == b) {
                    0
                } else if neighbours.contains(&n) && f.starts_with(&role_f) {
                    1
                } else if body_spellings.iter().any(|s| f.contains(s.as_str())) {
                    2
                } else {
                    continue;
                };
                tiers[tier].push(n);
            }
            let found: Vec<BodyId> = tiers
                .into_iter()
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            if let [n] = found.as_slice() {
                let ix = self.known(*n, q, &format!("role word \"{}\"", role.to_lowercase()));
                let reason = format!(
                    "role word \"{}\" of {}",
                    role.to_lowercase(),
                    self.report.nodes[body].name
                );
                self.add_edge(ix, rel, body, q, &reason);
                return ix;
            }
        }
        let body_name = self.report.nodes[body].name.clone();
        let name = format!("{role} i {body_name}");
        let ix = self.new_node(
            &name,
            Some(("roll", None)),
            None,
            q,
            &format!("role word \"{}\"", role.to_lowercase()),
        );
        let reason = format!("a role of {body_name}");
        if explicit {
            self.add_edge(ix, rel, body, q, &reason);
        } else if !self.edge_index.contains_key(&(ix, rel, body)) {
            self.pending
                .entry(ix)
                .or_insert((rel, body, q.clone(), reason));
        }
        ix
    }

    /// A new name where a pattern needs one: a capitalised noun phrase, or
    /// one whose last word is a body word, of at most six words. Returns
    /// its end; nothing is added to the report until the pattern matches.
    fn noun_phrase(s: &Sentence, i: usize) -> Option<usize> {
        let t = &s.tokens;
        let stop = |w: &str| STOP.contains(&w) || DETERMINERS.contains(&w);
        if i >= t.len() || t[i].is_punct() || stop(&t[i].folded) {
            return None;
        }
        let mut j = i;
        let mut best = None;
        while j < t.len() && j - i < 6 && !t[j].is_punct() {
            let w = t[j].folded.as_str();
            if STOP.contains(&w) {
                break;
            }
            // "i" inside a name only before a capitalised word:
            // "Kommun & sjukvård i Göteborgsområdet".
            if w == "i" && !t.get(j + 1).is_some_and(Token::is_capitalised) {
                break;
            }
            j += 1;
            let last = t[j - 1].folded.as_str();
            let body_word = is_body_word(last);
            // "Temagrupp äldre": a body word may take one more word, not a
            // participle ("beredningsgrupp bestående").
            let participle = ["ande", "ende"].iter().any(|e| last.ends_with(e));
            let head_is_body = is_body_word(&t[i].folded) && j - i <= 2 && !participle;
            if (t[i].is_capitalised() && t[j - 1].is_capitalised()) || body_word || head_is_body {
                best = Some(j);
            }
        }
        let mut end = best?;
        // One lowercase word is a noun, not a name ("mellan region och
        // kommun"), unless it introduces a body by its sort ("en
        // beredningsgrupp") or is in the definite form ("ledningsgruppen").
        let by_sort = i > 0 && matches!(t[i - 1].folded.as_str(), "en" | "ett" | "varje");
        let definite = ["en", "et"].iter().any(|e| t[i].folded.ends_with(e));
        if end - i == 1 && !t[i].is_capitalised() && !by_sort && !definite {
            return None;
        }
        // "Arbetsgruppen för psykisk hälsa": a body word may take "för" and
        // what it is for, up to a stop word.
        if is_body_word(&t[end - 1].folded) && t.get(end).is_some_and(|x| x.folded == "for") {
            let words = t[end + 1..]
                .iter()
                .take(4)
                .take_while(|x| {
                    !x.is_punct()
                        && !STOP.contains(&x.folded.as_str())
                        && !DETERMINERS.contains(&x.folded.as_str())
                })
                .count();
            if words > 0 {
                end += 1 + words;
            }
        }
        (s.text[t[i].start..t[end - 1].end].chars().count() >= 3).then_some(end)
    }

    /// The node of a slot filler, adding a new name to the report; `None`
    /// for a body named only by its sort ("en arbetsgrupp", "varje råd")
    /// that is not one the document is about: a description, not a name.
    fn materialise(&mut self, s: &Sentence, f: Fill) -> Option<NodeIx> {
        match f {
            Fill::Node(n) => Some(n),
            Fill::Span(a, b) => {
                let name = s.text[s.tokens[a].start..s.tokens[b - 1].end].to_string();
                let q = quote(s);
                if let Some(n) = self.find_name(&name, &q, "a name the model knows") {
                    return Some(n);
                }
                if a > 0 && matches!(s.tokens[a - 1].folded.as_str(), "en" | "ett" | "varje") {
                    return self.indefinite(&s.tokens[a].folded, &q);
                }
                if b - a == 1
                    && let Some(n) = self.definite_of_named(&s.tokens[a].folded)
                {
                    return Some(n);
                }
                Some(self.new_node(&name, None, None, &q, "a name in a relation phrase"))
            }
        }
    }

    // ---- sentences and patterns ----

    fn sentence(&mut self, s: &Sentence) {
        if s.tokens.is_empty() {
            return;
        }
        let mentions = self.mentions(s);
        self.rotates(s, &mentions);
        let before = self.report.edges.len();
        let q = quote(s);
        let patterns: &'a Patterns = self.p;
        // Patterns naming both ends first: a relation found so in the
        // sentence is not proposed again with an end from the context.
        let full = |p: &&super::patterns::Pattern| {
            p.elems.contains(&Elem::Slot(Slot::Subject))
                && p.elems.contains(&Elem::Slot(Slot::Object))
        };
        let ordered = patterns
            .relations
            .iter()
            .filter(full)
            .chain(patterns.relations.iter().filter(|p| !full(p)));
        let mut explicit: Vec<RelId> = Vec::new();
        for p in ordered {
            if !full(&p) && explicit.contains(&p.rel) {
                continue;
            }
            // Every word of the pattern must occur in the sentence.
            let possible = p.elems.iter().all(|e| match e {
                Elem::Word(alts) => s.tokens.iter().any(|t| word_matches(alts, &t.folded)),
                _ => true,
            });
            if !possible {
                continue;
            }
            for start in 0..s.tokens.len() {
                // Swedish puts the subject after the verb when the sentence
                // opens with an adverbial ("Till stöd för X tillhandahåller
                // Y …"): a name right after a preposition is no subject.
                if matches!(p.elems.first(), Some(Elem::Slot(Slot::Subject)))
                    && start > 0
                    && PREPOSITIONS.contains(&s.tokens[start - 1].folded.as_str())
                {
                    continue;
                }
                let mut binding = (Vec::new(), Vec::new());
                if Self::match_at(s, &mentions, &p.elems, start, &mut binding) {
                    // A relative clause belongs to the last name of a list:
                    // "A, …, samt B som samordnar C".
                    if p.elems.windows(2).any(|w| {
                        w[0] == Elem::Slot(Slot::Subject)
                            && matches!(&w[1], Elem::Word(a) if a.len() == 1 && a[0] == "som")
                    }) && binding.0.len() > 1
                    {
                        binding.0.drain(..binding.0.len() - 1);
                    }
                    let bound = (!binding.0.is_empty(), !binding.1.is_empty());
                    // A matter is handled; it is never a phrase's subject.
                    let mut subj: Vec<NodeIx> = binding
                        .0
                        .into_iter()
                        .filter_map(|f| self.materialise(s, f))
                        .collect();
                    subj.retain(|&n| self.report.nodes[n].kind != "ärende");
                    let mut obj: Vec<NodeIx> = binding
                        .1
                        .into_iter()
                        .filter_map(|f| self.materialise(s, f))
                        .collect();
                    if (bound.0 && subj.is_empty()) || (bound.1 && obj.is_empty()) {
                        continue;
                    }
                    let implicit = |v: &Vec<NodeIx>| v.is_empty();
                    let mut reason = format!("pattern \"{}\"", p.text);
                    if implicit(&subj) || implicit(&obj) {
                        let Some(c) = self.context else { break };
                        let which = if implicit(&subj) { "subject" } else { "object" };
                        reason.push_str(&format!(
                            ", {which} from the context ({})",
                            self.report.nodes[c].name
                        ));
                        if implicit(&subj) {
                            subj.push(c);
                        } else {
                            obj.push(c);
                        }
                    }
                    obj.retain(|&b| {
                        p.object_kinds.is_empty()
                            || p.object_kinds.contains(&self.report.nodes[b].kind)
                    });
                    for &a in &subj {
                        for &b in &obj {
                            self.add_edge(a, p.rel, b, &q, &reason);
                        }
                    }
                    if full(&p) {
                        explicit.push(p.rel);
                    }
                    break;
                }
            }
        }
        let matched = self.report.edges.len() > before;
        let names_a_body = mentions.iter().any(|m| {
            let n = &self.report.nodes[m.node];
            n.status == Status::Known && n.kind != "roll"
        });
        if !matched && names_a_body {
            self.report.unmatched.push(q);
        }
    }

    /// "Ordförandeskapet ska årligen växla mellan A och B": the bodies the
    /// chair rotates between, named after "mellan" (two or more).
    fn rotates(&mut self, s: &Sentence, ms: &[Mention]) {
        let Some(r) = &self.p.rotation else {
            return;
        };
        let (chair, verbs) = (&r.chair, &r.verbs);
        let t = &s.tokens;
        let has = |ws: &[String]| t.iter().any(|x| ws.contains(&x.folded));
        let Some(after) = t.iter().position(|x| x.folded == "mellan") else {
            return;
        };
        if !has(chair) || !has(verbs) {
            return;
        }
        let Some((fills, _)) = Self::slot_at(s, ms, after + 1) else {
            return;
        };
        let nodes: Vec<NodeIx> = fills
            .into_iter()
            .filter_map(|f| match f {
                Fill::Node(n) if self.report.nodes[n].kind != "roll" => Some(n),
                _ => None,
            })
            .collect();
        // Between principals ("mellan kommunerna och regionen"), the
        // principals the document has named say more: the collective words
        // name those (`collectives`).
        if nodes.len() >= 2
            && nodes
                .iter()
                .any(|&n| self.report.nodes[n].kind != "huvudman")
        {
            self.rotation = nodes;
        }
    }

    /// Matches `elems` at token `i`, binding slot fillers.
    fn match_at(
        s: &Sentence,
        ms: &[Mention],
        elems: &[Elem],
        i: usize,
        bind: &mut Binding,
    ) -> bool {
        let t = &s.tokens;
        let Some((first, rest)) = elems.split_first() else {
            return true;
        };
        match first {
            Elem::Word(alts) => {
                i < t.len()
                    && word_matches(alts, &t[i].folded)
                    && Self::match_at(s, ms, rest, i + 1, bind)
            }
            Elem::Gap => {
                (0..=GAP).any(|k| i + k <= t.len() && Self::match_at(s, ms, rest, i + k, bind))
            }
            Elem::Slot(slot) => {
                let Some((nodes, end)) = Self::slot_at(s, ms, i) else {
                    return false;
                };
                if Self::match_at(s, ms, rest, end, bind) {
                    let v = if *slot == Slot::Subject {
                        &mut bind.0
                    } else {
                        &mut bind.1
                    };
                    v.extend(nodes);
                    return true;
                }
                false
            }
        }
    }

    /// One name or a list of names ("A, B och C") starting at `i`; a name
    /// may carry a tail ("processteam inom kunskapsstyrningen").
    fn slot_at(s: &Sentence, ms: &[Mention], i: usize) -> Option<(Vec<Fill>, usize)> {
        let t = &s.tokens;
        // Not from inside a name ("Kustlandet" of "Styrgruppen för
        // vårdsamverkan Kustlandet"); a role's body may be a slot of its
        // own ("PSE" of "ordförande i PSE").
        if ms.iter().any(|m| m.start < i && i < m.end)
            && !PREPOSITIONS.contains(&t[i - 1].folded.as_str())
        {
            return None;
        }
        // A name at i ("de 49 kommunerna"), else after determiners.
        let mut at = i;
        while !ms.iter().any(|m| m.start == at)
            && at < t.len()
            && at - i < 2
            && DETERMINERS.contains(&t[at].folded.as_str())
        {
            at += 1;
        }
        let mut extra = Vec::new();
        let (mut first, mut end) = match ms.iter().find(|m| m.start == at) {
            Some(m) => {
                extra.extend(m.also.iter().map(|&n| Fill::Node(n)));
                (Fill::Node(m.node), m.end)
            }
            None => {
                let e = Self::noun_phrase(s, at)?;
                (Fill::Span(at, e), e)
            }
        };
        // A tail, "inom|vid|för X", belongs to the name before it: a new
        // name takes it in ("Arbetsutskottet för VRH").
        if end + 1 < t.len()
            && matches!(t[end].folded.as_str(), "inom" | "vid" | "for")
            && let Some(m) = ms.iter().find(|m| m.start == end + 1)
        {
            if let Fill::Span(a, _) = first {
                first = Fill::Span(a, m.end);
            }
            end = m.end;
        }
        let mut nodes = vec![first];
        nodes.extend(extra);
        // Past the acronym in parentheses of a name the model knows:
        // "Dalbygdens kommunalförbund (DKF) som …".
        let acronym = |end: usize| {
            (t.get(end).is_some_and(|x| x.text == "(")
                && t.get(end + 1).is_some_and(|x| !x.is_punct())
                && t.get(end + 2).is_some_and(|x| x.text == ")"))
            .then_some(end + 3)
        };
        if matches!(first, Fill::Node(_))
            && let Some(e) = acronym(end)
        {
            end = e;
        }
        loop {
            // A place after a name the model knows does not end the list:
            // "de 49 kommunerna i Västra Götaland och VGR".
            if matches!(nodes.last(), Some(Fill::Node(_)))
                && t.get(end).is_some_and(|x| x.folded == "i")
                && t.get(end + 1).is_some_and(Token::is_capitalised)
                && !ms.iter().any(|m| m.start == end + 1)
            {
                let mut k = end + 1;
                while t
                    .get(k)
                    .is_some_and(|x| x.is_capitalised() && !x.is_punct())
                {
                    k += 1;
                }
                if t.get(k)
                    .is_some_and(|x| matches!(x.folded.as_str(), "," | "och" | "samt"))
                {
                    end = k;
                }
            }
            // Nor does an apposition: "A, med ansvar för …, samt B".
            if t.get(end).is_some_and(|x| x.text == ",")
                && t.get(end + 1)
                    .is_some_and(|x| matches!(x.folded.as_str(), "med" | "som"))
                && let Some(k) = (end + 2..t.len().min(end + 20)).find(|&k| {
                    t[k].text == ","
                        && t.get(k + 1).is_some_and(|x| x.folded == "samt")
                        && ms.iter().any(|m| m.start == k + 2)
                })
            {
                end = k + 1;
            }
            let mut k = end;
            if k < t.len()
                && matches!(
                    t[k].folded.as_str(),
                    "," | "och" | "samt" | "eller" | "respektive"
                )
            {
                k += 1;
            } else {
                break;
            }
            while k < t.len() && DETERMINERS.contains(&t[k].folded.as_str()) && k - end < 3 {
                k += 1;
            }
            // The list's preposition said again: "en från A och en från B",
            // "chefer från A och verksamhetschefer från B".
            if i > 0 && k + 1 < t.len() && PREPOSITIONS.contains(&t[i - 1].folded.as_str()) {
                if t[k].folded == t[i - 1].folded {
                    k += 1;
                } else if k + 2 < t.len()
                    && t[k + 1].folded == t[i - 1].folded
                    && !t[k].is_punct()
                    && !STOP.contains(&t[k].folded.as_str())
                    && !ms.iter().any(|m| m.start == k)
                {
                    k += 2;
                }
            }
            match ms.iter().find(|m| m.start == k) {
                Some(m) => {
                    nodes.push(Fill::Node(m.node));
                    nodes.extend(m.also.iter().map(|&n| Fill::Node(n)));
                    end = acronym(m.end).unwrap_or(m.end);
                }
                // A new name after "och": "A i Bäckeby och B i Norrälv".
                None => match Self::noun_phrase(s, k) {
                    Some(e) => {
                        nodes.push(Fill::Span(k, e));
                        end = e;
                    }
                    None => break,
                },
            }
        }
        nodes.dedup();
        Some((nodes, end))
    }

    pub(super) fn add_edge(&mut self, a: NodeIx, rel: RelId, b: NodeIx, q: &Quote, reason: &str) {
        if a == b {
            return;
        }
        for end in [a, b] {
            if let Some((r, body, pq, reason)) = self.pending.remove(&end) {
                self.add_edge(end, r, body, &pq, &reason);
            }
        }
        if let Some(&e) = self.edge_index.get(&(a, rel, b)) {
            let quotes = &mut self.report.edges[e].quotes;
            if !quotes.contains(q) && quotes.len() < 3 {
                quotes.push(q.clone());
            }
            return;
        }
        self.edge_index.insert((a, rel, b), self.report.edges.len());
        // A party, for "ovan nämnda parter" later (one more than can be
        // named so is enough to know there are too many).
        if self.p.parties.iter().any(|(_, r)| *r == rel)
            && self.report.nodes[a].kind != "roll"
            && !self.parties.contains(&(rel, a))
            && self.parties.iter().filter(|(r, _)| *r == rel).count() <= MAX_PARTIES
        {
            self.parties.push((rel, a));
        }
        self.report.edges.push(EdgeSuggestion {
            from: a,
            rel: self.g.catalog.relation(rel).id.clone(),
            to: b,
            status: Status::New,
            quotes: vec![q.clone()],
            reason: reason.to_string(),
        });
    }
}
