//! RDF (Turtle and JSON-LD, the same triples): the W3C Organization
//! Ontology where it fits, SKOS for names, Dublin Core for descriptions
//! and documents, PROV for evidence, and an orgraf vocabulary under the
//! base IRI for the rest.
//!
//! IRIs, under the base `B` (default [`super::DEFAULT_BASE`]), with ids
//! percent-encoded where IRIs do not allow them:
//!
//! | what | IRI | typed |
//! |---|---|---|
//! | body | `B node/ID` | its kind's class and the ORG class of the kind |
//! | kind | `B kind/ID` | `rdfs:Class`, `rdfs:subClassOf` the ORG class |
//! | relation | `B rel/ID` | `owl:ObjectProperty`, label, `inverseLabel`, comment |
//! | attribute key | `B attr/ID` | `owl:DatatypeProperty` |
//! | document | `B doc/FILE` | `foaf:Document`, `prov:Entity`, title, date |
//! | edge | `B edge/FROM/REL/TO` | `rdf:Statement` |
//! | the model | `B model` | `prov:Entity`, title, date |
//! | other terms | `B vocab/TERM` | `quote`, `inverseLabel`, `subkind`, `formerName`, … |
//!
//! Kinds map to ORG classes: huvudman `org:FormalOrganization`, delregion
//! `org:Organization`, organ `org:OrganizationalCollaboration`, nämnd and
//! förvaltning `org:OrganizationalUnit`, roll `org:Post`, person
//! `foaf:Person`; other kinds have their own class only. Relations map
//! one to one where ORG has the property: `ingår_i` `org:memberOf`,
//! `tillhör` `org:subOrganizationOf`, `rapporterar_till` `org:reportsTo`,
//! `innehar` `org:holds`, `leder` `org:headOf`; the others are properties
//! `B rel/ID`, each declared with `rdfs:label` (Swedish, and English from
//! the relation's English alias), `B vocab/inverseLabel` and
//! `rdfs:comment`. Names are `skos:prefLabel`, aliases `skos:altLabel`,
//! `beskrivning` is `dcterms:description`, other attributes `B attr/KEY`.
//!
//! Evidence: every edge is also an `rdf:Statement` (reification: no
//! RDF-star needed) with its qualifiers; every attribute and former name
//! a blank-node statement. A body, an edge statement or one of these
//! statements has `prov:wasDerivedFrom DOC` for each document it cites,
//! and one `prov:qualifiedDerivation [ a prov:Derivation; prov:entity
//! DOC; B vocab/quote "…"@sv ]` per source, which keeps each quote with
//! its document. Swedish text is tagged `@sv`; dates of the form
//! `YYYY-MM-DD` are `xsd:date`.

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};

use super::{Subset, iri_piece};
use crate::graph::{Edge, OrgGraph, RelId};
use crate::model::types::Source;

const ORG: &str = "http://www.w3.org/ns/org#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const PROV: &str = "http://www.w3.org/ns/prov#";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// The ORG (or FOAF) class of a kind, by kind id.
pub fn org_class(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "huvudman" => "http://www.w3.org/ns/org#FormalOrganization",
        "delregion" => "http://www.w3.org/ns/org#Organization",
        "organ" => "http://www.w3.org/ns/org#OrganizationalCollaboration",
        "nämnd" | "förvaltning" => "http://www.w3.org/ns/org#OrganizationalUnit",
        "roll" => "http://www.w3.org/ns/org#Post",
        "person" => "http://xmlns.com/foaf/0.1/Person",
        _ => return None,
    })
}

/// The ORG property of a relation, by relation id.
pub fn org_property(rel: &str) -> Option<&'static str> {
    Some(match rel {
        "ingår_i" => "http://www.w3.org/ns/org#memberOf",
        "tillhör" => "http://www.w3.org/ns/org#subOrganizationOf",
        "rapporterar_till" => "http://www.w3.org/ns/org#reportsTo",
        "innehar" => "http://www.w3.org/ns/org#holds",
        "leder" => "http://www.w3.org/ns/org#headOf",
        _ => return None,
    })
}

/// The prefixes both serialisations declare, the base's last.
fn prefixes(base: &str) -> Vec<(&'static str, String)> {
    vec![
        ("org", ORG.into()),
        ("skos", SKOS.into()),
        ("dcterms", DCTERMS.into()),
        ("prov", PROV.into()),
        ("foaf", FOAF.into()),
        ("owl", OWL.into()),
        ("rdf", rdf::TYPE.as_str().trim_end_matches("type").into()),
        (
            "rdfs",
            rdfs::LABEL.as_str().trim_end_matches("label").into(),
        ),
        ("xsd", xsd::DATE.as_str().trim_end_matches("date").into()),
        ("node", format!("{base}node/")),
        ("kind", format!("{base}kind/")),
        ("rel", format!("{base}rel/")),
        ("attr", format!("{base}attr/")),
        ("doc", format!("{base}doc/")),
        ("vocab", format!("{base}vocab/")),
    ]
}

/// The subset as Turtle.
pub fn turtle(s: &Subset<'_>, base: &str) -> Result<Vec<u8>, String> {
    check_base(base)?;
    let mut ser = oxttl::TurtleSerializer::new();
    for (p, iri) in prefixes(base) {
        ser = ser.with_prefix(p, iri).map_err(|e| e.to_string())?;
    }
    let mut w = ser.for_writer(Vec::new());
    each_triple(s, base, &mut |t| w.serialize_triple(t))?;
    w.finish().map_err(|e| e.to_string())
}

/// The subset as JSON-LD (one document with `@context` and `@graph`),
/// ending with a newline.
pub fn jsonld(s: &Subset<'_>, base: &str) -> Result<Vec<u8>, String> {
    check_base(base)?;
    let mut ser = oxjsonld::JsonLdSerializer::new();
    for (p, iri) in prefixes(base) {
        ser = ser.with_prefix(p, iri).map_err(|e| e.to_string())?;
    }
    let mut w = ser.for_writer(Vec::new());
    each_triple(s, base, &mut |t| {
        w.serialize_quad(t.as_ref().in_graph(oxrdf::GraphNameRef::DefaultGraph))
    })?;
    let mut out = w.finish().map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}

/// Every triple of the subset, grouped by subject, in a fixed order.
pub fn triples(s: &Subset<'_>, base: &str) -> Result<Vec<Triple>, String> {
    let mut all = Vec::new();
    each_triple(s, base, &mut |t| {
        all.push(t.clone());
        Ok(())
    })?;
    Ok(all)
}

/// Hands every triple of the subset to `sink`, a subject's block at a
/// time, so that no more than one block is held.
fn each_triple(
    s: &Subset<'_>,
    base: &str,
    sink: &mut dyn FnMut(&Triple) -> std::io::Result<()>,
) -> Result<(), String> {
    check_base(base)?;
    let mut w = Writer {
        base,
        g: s.g,
        out: Vec::new(),
        later: Vec::new(),
        blanks: 0,
    };
    let mut emit = |w: &mut Writer<'_>| -> Result<(), String> {
        for t in w.out.drain(..) {
            sink(&t).map_err(|e| e.to_string())?;
        }
        Ok(())
    };
    w.model();
    w.vocabulary();
    w.documents();
    emit(&mut w)?;
    // Edges are sorted by subject, as the bodies are: each body's
    // outgoing edges are the next run.
    let mut rest = &s.edges[..];
    for &b in &s.nodes {
        let n = rest.iter().take_while(|e| e.from == b).count();
        w.node(b, &rest[..n]);
        emit(&mut w)?;
        rest = &rest[n..];
    }
    debug_assert!(
        rest.is_empty(),
        "every edge's subject is a body of the subset"
    );
    for (e, (ids, n)) in s.edges.iter().zip(s.edge_keys()) {
        let mut path: Vec<String> = ids.iter().map(|id| iri_piece(id)).collect();
        if n > 1 {
            path.push(n.to_string());
        }
        w.edge_statement(e, &path.join("/"));
        emit(&mut w)?;
    }
    Ok(())
}

/// Whether IRIs under `base` are valid: the message for `--base` if not.
fn check_base(base: &str) -> Result<(), String> {
    match NamedNode::new(format!("{base}node/x")) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "--base `{base}` is not an absolute IRI ({e}); e.g. https://example.org/vgr/ or urn:orgraf:vgr:"
        )),
    }
}

struct Writer<'a> {
    base: &'a str,
    g: &'a OrgGraph,
    out: Vec<Triple>,
    /// Triples about blank nodes of the current subject, written after it.
    later: Vec<Triple>,
    blanks: usize,
}

fn iri(s: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(s)
}

fn sv(text: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, "sv").into()
}

fn plain(text: &str) -> Term {
    Literal::new_simple_literal(text).into()
}

/// A `YYYY-MM-DD` date as `xsd:date`, anything else as a plain string.
fn date(text: &str) -> Term {
    let b = text.as_bytes();
    let is_date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if is_date {
        Literal::new_typed_literal(text, xsd::DATE).into()
    } else {
        plain(text)
    }
}

impl Writer<'_> {
    fn at(&self, path: &str, id: &str) -> NamedNode {
        iri(format!("{}{path}/{}", self.base, iri_piece(id)))
    }

    fn vocab(&self, term: &str) -> NamedNode {
        iri(format!("{}vocab/{term}", self.base))
    }

    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: impl Into<NamedNode>, o: impl Into<Term>) {
        self.out.push(Triple::new(s, p, o));
    }

    fn blank(&mut self) -> BlankNode {
        self.blanks += 1;
        BlankNode::new_unchecked(format!("b{}", self.blanks))
    }

    fn flush(&mut self) {
        self.out.append(&mut self.later);
    }

    fn predicate(&self, r: RelId) -> NamedNode {
        let rel = self.g.catalog.relation(r);
        org_property(&rel.id).map_or_else(|| self.at("rel", &rel.id), iri)
    }

    fn attribute(&self, key: &str) -> NamedNode {
        if key == "beskrivning" {
            iri(format!("{DCTERMS}description"))
        } else {
            self.at("attr", key)
        }
    }

    /// `prov:wasDerivedFrom` each document and a qualified derivation per
    /// source, the derivations' own triples kept for [`Writer::flush`].
    fn sources(&mut self, subject: &NamedOrBlankNode, sources: &[Source]) {
        let mut docs: Vec<&str> = sources.iter().map(|s| s.doc.as_str()).collect();
        docs.sort_unstable();
        docs.dedup();
        for d in docs {
            let doc = self.at("doc", d);
            self.add(subject.clone(), iri(format!("{PROV}wasDerivedFrom")), doc);
        }
        for src in sources {
            let b = self.blank();
            self.add(
                subject.clone(),
                iri(format!("{PROV}qualifiedDerivation")),
                b.clone(),
            );
            let doc = self.at("doc", &src.doc);
            let quote = self.vocab("quote");
            self.later.extend([
                Triple::new(b.clone(), rdf::TYPE, iri(format!("{PROV}Derivation"))),
                Triple::new(b.clone(), iri(format!("{PROV}entity")), doc),
                Triple::new(b, quote, sv(&src.quote)),
            ]);
        }
    }

    fn model(&mut self) {
        let Some(m) = self.g.catalog.meta.clone() else {
            return;
        };
        let s = iri(format!("{}model", self.base));
        self.add(s.clone(), rdf::TYPE, iri(format!("{PROV}Entity")));
        self.add(s.clone(), iri(format!("{DCTERMS}title")), sv(&m.name));
        self.add(s.clone(), iri(format!("{DCTERMS}date")), date(&m.date));
        if let Some(d) = &m.description {
            self.add(s, iri(format!("{DCTERMS}description")), sv(d));
        }
    }

    fn vocabulary(&mut self) {
        let label = rdfs::LABEL;
        let comment = rdfs::COMMENT;
        let terms: [(&str, &str, &str); 11] = [
            (
                "quote",
                "citat",
                "The verbatim quote from the document that supports the fact.",
            ),
            (
                "inverseLabel",
                "omvänd etikett",
                "How a relation reads from its object: B bereds av A.",
            ),
            (
                "subkind",
                "underslag",
                "The kind of body more precisely, e.g. styrgrupp.",
            ),
            ("formerName", "tidigare namn", "A name the body had before."),
            (
                "formerAlias",
                "tidigare förkortning",
                "An abbreviation of a former name.",
            ),
            (
                "changed",
                "ändrat",
                "When or by which document a name changed.",
            ),
            ("count", "antal", "How many, e.g. 2 for två representanter."),
            ("validFrom", "gäller från", "From when an edge holds."),
            (
                "validUntil",
                "gäller till och med",
                "Until when an edge holds (inclusive).",
            ),
            ("note", "anmärkning", "A note on an edge."),
            (
                "file",
                "fil",
                "The document's file name among the source documents.",
            ),
        ];
        for (term, sv_label, en_comment) in terms {
            let t = self.vocab(term);
            self.add(t.clone(), rdf::TYPE, rdf::PROPERTY);
            self.add(t.clone(), label, sv(sv_label));
            self.add(
                t,
                comment,
                Literal::new_language_tagged_literal_unchecked(en_comment, "en"),
            );
        }
        let g = self.g;
        for k in &g.catalog.kinds {
            let s = self.at("kind", &k.id);
            self.add(s.clone(), rdf::TYPE, rdfs::CLASS);
            self.add(s.clone(), label, sv(&k.label));
            if let Some(e) = &k.english {
                self.add(s.clone(), label, english(e));
            }
            if let Some(d) = &k.description {
                self.add(s.clone(), comment, sv(d));
            }
            if let Some(c) = org_class(&k.id) {
                self.add(s, rdfs::SUB_CLASS_OF, iri(c));
            }
        }
        for r in &g.catalog.relations {
            let s = self.at("rel", &r.id);
            self.add(s.clone(), rdf::TYPE, iri(format!("{OWL}ObjectProperty")));
            self.add(s.clone(), label, sv(&r.label));
            if let Some(e) = &r.english {
                self.add(s.clone(), label, english(e));
            }
            let inverse = self.vocab("inverseLabel");
            self.add(s.clone(), inverse, sv(&r.inverse));
            if let Some(d) = &r.description {
                self.add(s.clone(), comment, sv(d));
            }
            if let Some(p) = org_property(&r.id) {
                self.add(s, iri(format!("{OWL}equivalentProperty")), iri(p));
            }
        }
        for a in &g.catalog.attributes {
            let s = self.at("attr", &a.id);
            self.add(s.clone(), rdf::TYPE, iri(format!("{OWL}DatatypeProperty")));
            self.add(s.clone(), label, sv(&a.label));
            if let Some(e) = &a.english {
                self.add(s.clone(), label, english(e));
            }
            if a.id == "beskrivning" {
                self.add(
                    s,
                    iri(format!("{OWL}equivalentProperty")),
                    iri(format!("{DCTERMS}description")),
                );
            }
        }
    }

    fn documents(&mut self) {
        let g = self.g;
        let mut docs: Vec<_> = g.catalog.documents.iter().collect();
        docs.sort_by(|a, b| a.file.cmp(&b.file));
        for d in docs {
            let s = self.at("doc", &d.file);
            self.add(s.clone(), rdf::TYPE, iri(format!("{FOAF}Document")));
            self.add(s.clone(), rdf::TYPE, iri(format!("{PROV}Entity")));
            self.add(s.clone(), iri(format!("{DCTERMS}title")), sv(&d.title));
            if let Some(date_text) = &d.date {
                self.add(s.clone(), iri(format!("{DCTERMS}date")), date(date_text));
            }
            if let Some(r) = &d.reference {
                self.add(s.clone(), iri(format!("{DCTERMS}identifier")), plain(r));
            }
            let file = self.vocab("file");
            self.add(s, file, plain(&d.file));
        }
    }

    /// A body with its outgoing edges `out` as plain triples.
    fn node(&mut self, b: crate::graph::BodyId, out: &[Edge<'_>]) {
        let g = self.g;
        let n = g.node(b);
        let s = self.at("node", n.id);
        let kind = g.kind_of(b);
        self.add(s.clone(), rdf::TYPE, self.at("kind", &kind.id));
        if let Some(c) = org_class(&kind.id) {
            self.add(s.clone(), rdf::TYPE, iri(c));
        }
        self.add(s.clone(), iri(format!("{DCTERMS}identifier")), plain(n.id));
        self.add(s.clone(), iri(format!("{SKOS}prefLabel")), sv(n.name));
        for a in g.aliases(b) {
            self.add(s.clone(), iri(format!("{SKOS}altLabel")), sv(a));
        }
        let d = g.details(b);
        if let Some(k) = d.and_then(|d| d.subkind.as_deref()) {
            let p = self.vocab("subkind");
            self.add(s.clone(), p, sv(k));
        }
        for a in d.into_iter().flat_map(|d| &d.attributes) {
            let p = self.attribute(&a.key);
            self.add(s.clone(), p, sv(&a.value));
        }
        for f in d.into_iter().flat_map(|d| &d.former_names) {
            let p = self.vocab("formerName");
            self.add(s.clone(), p, sv(&f.name));
        }
        // The node's edges in the subset, as plain triples.
        for e in out {
            let p = self.predicate(e.rel);
            let o = self.at("node", g.node(e.to).id);
            self.add(s.clone(), p, o);
        }
        let subject: NamedOrBlankNode = s.clone().into();
        if let Some(d) = d {
            self.sources(&subject, &d.sources);
        }
        self.flush();
        // Attributes and former names as statements with their sources.
        for a in d.into_iter().flat_map(|d| &d.attributes) {
            let st = self.blank();
            let p = self.attribute(&a.key);
            self.statement(&st, &s, p, sv(&a.value));
            self.sources(&st.clone().into(), &a.sources);
            self.flush();
        }
        for f in d.into_iter().flat_map(|d| &d.former_names) {
            let st = self.blank();
            let p = self.vocab("formerName");
            self.statement(&st, &s, p, sv(&f.name));
            for a in &f.aliases {
                let p = self.vocab("formerAlias");
                self.add(st.clone(), p, sv(a));
            }
            let p = self.vocab("changed");
            self.add(st.clone(), p, sv(&f.changed));
            self.sources(&st.clone().into(), &f.sources);
            self.flush();
        }
    }

    fn statement(
        &mut self,
        st: &(impl Into<NamedOrBlankNode> + Clone),
        s: &NamedNode,
        p: NamedNode,
        o: impl Into<Term>,
    ) {
        self.add(st.clone(), rdf::TYPE, rdf::STATEMENT);
        self.add(st.clone(), rdf::SUBJECT, s.clone());
        self.add(st.clone(), rdf::PREDICATE, p);
        self.add(st.clone(), rdf::OBJECT, o);
    }

    /// The edge as the statement `B edge/PATH`.
    fn edge_statement(&mut self, e: &Edge<'_>, path: &str) {
        let g = self.g;
        let st = iri(format!("{}edge/{path}", self.base));
        let s = self.at("node", g.node(e.from).id);
        let p = self.predicate(e.rel);
        let o = self.at("node", g.node(e.to).id);
        self.statement(&st, &s, p, o);
        if let Some(i) = e.info {
            if let Some(c) = i.count {
                let p = self.vocab("count");
                self.add(st.clone(), p, Literal::from(c));
            }
            for (term, value) in [
                ("validFrom", i.valid.from_date()),
                ("validUntil", i.valid.until_date()),
            ] {
                if let Some(v) = value {
                    let p = self.vocab(term);
                    self.add(st.clone(), p, date(v));
                }
            }
            if let Some(n) = &i.note {
                let p = self.vocab("note");
                self.add(st.clone(), p, sv(n));
            }
            self.sources(&st.clone().into(), &i.sources);
        }
        self.flush();
    }
}

/// An English alias such as `raises_matters_to` as a label.
fn english(alias: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(alias.replace('_', " "), "en").into()
}
