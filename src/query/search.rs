//! `search TEXT`: ranked, typo-tolerant, diacritic-insensitive search.
//!
//! Every id, name, alias, former name and attribute value is folded (see
//! [`fold`]) and scored against the folded text: a whole match beats a
//! prefix, a prefix beats a word inside, and that beats words matched
//! with typos. Attribute values weigh less than names.

use crate::graph::names::{distance, fold};
use crate::graph::{BodyId, OrgGraph};

use super::value::Hit;

/// How many hits `search` returns.
pub const MAX_HITS: usize = 20;

/// How many words a search text may have. Every word is scored against
/// every word of every field, so the bound keeps a hostile text (a
/// megabyte of `i i i …`) from taking hours; real searches use a few.
pub const MAX_WORDS: usize = 16;

/// The number of words `search` scores in `text`, as it splits them.
pub fn word_count(text: &str) -> usize {
    let q = fold(text);
    if q.is_empty() {
        0
    } else {
        q.split(' ').count()
    }
}

/// The best hits for `text`, best first, ties by id.
pub fn search(g: &OrgGraph, text: &str) -> Vec<Hit> {
    let q = fold(text);
    if q.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = q.split(' ').collect();
    let mut hits: Vec<Hit> = Vec::new();
    for b in g.bodies() {
        if let Some(hit) = best_field(g, b, &q, &words) {
            hits.push(hit);
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| g.node(a.body).id.cmp(&g.node(b.body).id))
    });
    hits.truncate(MAX_HITS);
    hits
}

/// The best-scoring field of body `b`, if any matches.
fn best_field(g: &OrgGraph, b: BodyId, q: &str, words: &[&str]) -> Option<Hit> {
    let node = g.node(b);
    let mut fields: Vec<(&str, &str, u32)> = vec![("name", &node.name, 100), ("id", &node.id, 100)];
    fields.extend(g.aliases(b).map(|a| ("alias", a, 100)));
    if let Some(d) = g.details(b) {
        for f in &d.former_names {
            fields.push(("former name", &f.name, 90));
            fields.extend(f.aliases.iter().map(|a| ("former name", a.as_str(), 90)));
        }
        for a in &d.attributes {
            fields.push((&a.key, &a.value, 60));
        }
    }
    let mut best: Option<Hit> = None;
    for (field, text, weight) in fields {
        let score = score(&fold(text), q, words) * weight / 100;
        if score > 0 && best.as_ref().is_none_or(|h| score > h.score) {
            best = Some(Hit {
                body: b,
                score,
                field: field.to_string(),
                text: text.to_string(),
            });
        }
    }
    best
}

/// 0–100: how well folded field `f` matches folded query `q`.
fn score(f: &str, q: &str, words: &[&str]) -> u32 {
    if f == q {
        return 100;
    }
    if f.starts_with(q) {
        return 90;
    }
    // `find` prepares a searcher as long as the needle: skip it when the
    // query cannot fit.
    if let Some(i) = (q.len() < f.len()).then(|| f.find(q)).flatten() {
        let at_word = f[..i].ends_with(' ');
        return if at_word { 80 } else { 70 };
    }
    let field_words: Vec<&str> = f.split(' ').collect();
    let mut cost = 0;
    for w in words {
        let best = field_words.iter().filter_map(|fw| word_cost(fw, w)).min();
        match best {
            Some(c) => cost += c,
            None => return 0,
        }
    }
    60u32.saturating_sub(10 * cost).max(10)
}

/// The cost of reading query word `w` as field word `fw`: 0 equal, 1 a
/// prefix, 1 + edits for a typo within a length-dependent limit.
fn word_cost(fw: &str, w: &str) -> Option<u32> {
    if fw == w {
        return Some(0);
    }
    if w.len() >= 3 && fw.starts_with(w) {
        return Some(1);
    }
    // Lengths are counted only as far as they matter, so that a
    // megabyte-long query word costs no more than a short one.
    let limit = match w.chars().take(8).count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    // The distance is at least the difference in length: a field word
    // much shorter than the query word cannot match.
    let fl = fw.chars().count();
    if w.chars().take(fl + limit + 1).count() > fl + limit {
        return None;
    }
    // Compare against the field word, or against its beginning when the
    // query is a typo'd start of a longer word (that costs one more).
    let wl = w.chars().count();
    let mut d = distance(fw, w);
    for l in wl.saturating_sub(1)..=wl + 1 {
        let prefix: String = fw.chars().take(l).collect();
        if prefix.len() < fw.len() {
            d = d.min(distance(&prefix, w) + 1);
        }
    }
    (d <= limit).then_some(1 + d as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_beats_prefix_beats_inside_beats_typo() {
        let w = |q: &'static str| q.split(' ').collect::<Vec<_>>();
        let exact = score("samla", "samla", &w("samla"));
        let prefix = score("samla lerum", "samla", &w("samla"));
        let inside = score("grupp samla", "samla", &w("samla"));
        let typo = score("samordningsgrupp", "samordnigsgrupp", &w("samordnigsgrupp"));
        assert!(
            exact > prefix && prefix > inside && inside > typo && typo > 0,
            "{exact} {prefix} {inside} {typo}"
        );
        assert_eq!(score("politisk samradsgrupp", "xyz", &w("xyz")), 0);
    }

    #[test]
    fn a_long_word_is_no_typo_of_a_short_one() {
        let start = std::time::Instant::now();
        assert_eq!(word_cost("lerum", &"l".repeat(1 << 20)), None);
        assert!(start.elapsed().as_secs() < 1, "{:?}", start.elapsed());
        assert_eq!(word_cost("lerum", "lerumx"), Some(2));
        assert_eq!(word_cost("lerum", "lerumxx"), None);
        assert_eq!(word_cost("samordningsgrupp", "samordnigsgrupx"), Some(3));
    }

    #[test]
    fn words_in_any_order_with_typos() {
        let q = "lerum nosm";
        let words: Vec<&str> = q.split(' ').collect();
        assert!(score("nosam lerum", q, &words) > 0);
    }
}
