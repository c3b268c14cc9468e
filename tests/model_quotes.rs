//! Every quote in the bundled model is found, verbatim (whitespace
//! normalised), in the source document it cites in ../shared/seeds.

mod util;

use std::collections::HashMap;

use orgraf::model::types::{Bound, Source};
use orgraf::model::{Texts, bundled_files, parse_file};

/// Runs of whitespace count as one space.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sources of a fact's `valid_from` and `valid_until`, with where
/// they were cited.
fn validity(at: &str, ends: [&Option<Bound>; 2], out: &mut Vec<(String, Source)>) {
    for (end, b) in ["valid_from", "valid_until"].iter().zip(ends) {
        for s in b.iter().flat_map(|b| &b.sources) {
            out.push((format!("{at} {end}"), s.clone()));
        }
    }
}

/// Every source in every bundled file, with where it was cited: the
/// facts' and their validity's.
fn all_sources() -> Vec<(String, Source)> {
    let mut out = Vec::new();
    for (name, text) in bundled_files() {
        let mut diags = Vec::new();
        let f = parse_file(name, text.as_bytes(), &mut diags, &mut Texts::default())
            .unwrap_or_else(|| panic!("{name} does not parse: {diags:?}"));
        let c = f.content;
        for n in &c.nodes {
            let at = format!("{name}: node {}", n.id);
            out.extend(n.sources.iter().map(|s| (at.clone(), s.clone())));
            validity(&at, [&n.valid_from, &n.valid_until], &mut out);
            for a in &n.attributes {
                let aat = format!("{at} attribute {}", a.key);
                validity(&aat, [&a.valid_from, &a.valid_until], &mut out);
                out.extend(
                    a.sources
                        .iter()
                        .map(|s| (format!("{at} attribute {}", a.key), s.clone())),
                );
            }
            for f in &n.former_names {
                let fat = format!("{at} former name {}", f.name);
                validity(&fat, [&f.valid_from, &f.valid_until], &mut out);
                out.extend(
                    f.sources
                        .iter()
                        .map(|s| (format!("{at} former name {}", f.name), s.clone())),
                );
            }
        }
        for e in &c.edges {
            let at = format!("{name}: edge {} {} {}", e.from, e.rel, e.to);
            out.extend(e.sources.iter().map(|s| (at.clone(), s.clone())));
            validity(&at, [&e.valid_from, &e.valid_until], &mut out);
        }
    }
    out
}

#[test]
fn every_quote_is_in_its_document() {
    let seeds = util::seeds_dir();
    let mut docs: HashMap<String, String> = HashMap::new();
    let mut missing = Vec::new();
    let sources = all_sources();
    assert!(!sources.is_empty(), "the bundled model cites no sources");
    for (at, s) in &sources {
        let text = docs.entry(s.doc.clone()).or_insert_with(|| {
            let path = seeds.join(&s.doc);
            std::fs::read_to_string(&path)
                .map(|t| normalise(&t))
                .unwrap_or_else(|e| panic!("{at}: cannot read ../shared/seeds/{}: {e}", s.doc))
        });
        if !text.contains(&normalise(&s.quote)) {
            missing.push(format!("{at}: not in {}: {:?}", s.doc, s.quote));
        }
    }
    assert!(
        missing.is_empty(),
        "{} quotes not found:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn every_declared_document_exists() {
    let seeds = util::seeds_dir();
    for (name, text) in bundled_files() {
        let mut diags = Vec::new();
        let f =
            parse_file(name, text.as_bytes(), &mut diags, &mut Texts::default()).expect("parses");
        for d in &f.content.documents {
            assert!(
                seeds.join(&d.file).is_file(),
                "{name}: document {} is not in ../shared/seeds",
                d.file
            );
        }
    }
}
