//! `search TEXT`: ranked, typo-tolerant, diacritic-insensitive search.
//!
//! Every id, name, alias, former name and attribute value is folded (see
//! [`fold`]) and scored against the folded text: a whole match beats
//! everything; a field containing the query scores by where (its start,
//! a word, inside a word) and by how much of the field the query covers;
//! words matched with typos come last. Attribute values weigh less than
//! names.
//!
//! Scoring by coverage means the body whose name *is* mostly the query
//! ranks above groups and roles whose names merely contain it (`rättspsykiatri` finds
//! *Samordningsråd rättspsykiatri* before *Adjungerade deltagare i
//! samordningsråd rättspsykiatri*). The match score then gets up to ten
//! points of standing: up to five for a well-connected body (the base-2
//! logarithm of its edge count) and five for a body that is not a role
//! or a person (kinds whose style group is `role`). The score shown is
//! the match plus its standing less 10, so it stays within 0–100; ties go
//! by id.

use crate::graph::names::{distance, fold, fold_into, within_one_edit};
use crate::graph::{BodyId, OrgGraph};

use super::value::Hit;

/// How many hits `search` returns.
pub const MAX_HITS: usize = 20;

/// The most words a search may have: each word is scored against every
/// word of every field, so a search of a thousand words is an error, not
/// minutes of work.
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
///
/// Every body is scored, so this is one pass over the graph; it folds
/// into one reused buffer, allocates only for hits, and rules out a typo
/// match by a cheap letter test before computing any edit distance.
pub fn search(g: &OrgGraph, text: &str) -> Vec<Hit> {
    let q = fold(text);
    if q.is_empty() {
        return Vec::new();
    }
    let query = Query::new(&q);
    let mut folded = String::new();
    let mut hits: Vec<Hit> = Vec::new();
    for b in g.bodies() {
        if let Some(mut hit) = best_field(g, b, &query, &mut folded) {
            hit.score = (hit.score + standing(g, b)).saturating_sub(STANDING);
            hits.push(hit);
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| g.node(a.body).id.cmp(g.node(b.body).id))
    });
    hits.truncate(MAX_HITS);
    hits
}

/// The most points of [`standing`].
pub const STANDING: u32 = 10;

/// 0–[`STANDING`]: how much a match on `b` counts for beyond the match
/// itself: up to 5 for its edges (0 edges 0, 1 → 1, 3 → 2, 7 → 3, 15 → 4,
/// 31 or more 5) and 5 for a body that is not a role or a person.
/// The static site's client-side search (`src/web/assets/site.js`) adds
/// the same points, read from its index.
pub fn standing(g: &OrgGraph, b: BodyId) -> u32 {
    let edges = g.out_edges(b).count() + g.in_edges(b).count();
    let connected = (usize::BITS - edges.leading_zeros()).min(5);
    let role = g.kind_of(b).style.group.as_deref() == Some("role");
    connected + if role { 0 } else { 5 }
}

/// The best-scoring field of body `b`, if any matches: the first of the
/// best, in the order name, id, aliases, former names, attributes.
fn best_field<'g>(
    g: &'g OrgGraph,
    b: BodyId,
    query: &Query<'_>,
    folded: &mut String,
) -> Option<Hit> {
    let node = g.node(b);
    let mut best: Option<(u32, &'g str, &'g str)> = None;
    let mut consider = |field: &'g str, text: &'g str, weight: u32| {
        fold_into(text, folded);
        let score = query.score(folded) * weight / 100;
        if score > 0 && best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, field, text));
        }
    };
    consider("name", node.name, 100);
    consider("id", node.id, 100);
    for a in g.aliases(b) {
        consider("alias", a, 100);
    }
    if let Some(d) = g.details(b) {
        for f in &d.former_names {
            consider("former name", &f.name, 90);
            for a in &f.aliases {
                consider("former name", a, 90);
            }
        }
        for a in &d.attributes {
            consider(&a.key, &a.value, 60);
        }
    }
    best.map(|(score, field, text)| Hit {
        body: b,
        score,
        field: field.to_string(),
        text: text.to_string(),
    })
}

/// A folded query and, per word, what the typo test needs.
struct Query<'q> {
    q: &'q str,
    /// The length of `q` in characters.
    chars: usize,
    words: Vec<Word<'q>>,
}

struct Word<'q> {
    text: &'q str,
    /// Its length in characters, counted once: a hostile query word may
    /// be a megabyte long, and is compared with every field word.
    chars: usize,
    letters: u64,
    /// How many edits a typo may have.
    limit: usize,
}

impl<'q> Word<'q> {
    fn new(text: &'q str) -> Self {
        let chars = text.chars().count();
        Word {
            text,
            chars,
            letters: letters(text),
            limit: match chars {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            },
        }
    }
}

impl<'q> Query<'q> {
    fn new(q: &'q str) -> Self {
        Query {
            q,
            chars: q.chars().count(),
            words: q.split(' ').map(Word::new).collect(),
        }
    }

    /// 0–100: how well folded field `f` matches the query. A field that
    /// contains the query scores by where (start 90, a word 80, inside a
    /// word 70), less up to 20 for the share of the field the query
    /// leaves uncovered.
    fn score(&self, f: &str) -> u32 {
        let q = self.q;
        if f == q {
            return 100;
        }
        // `find` prepares a searcher as long as the query: skip it when
        // the query cannot fit.
        if let Some(i) = (q.len() < f.len()).then(|| f.find(q)).flatten() {
            let place = if i == 0 {
                90
            } else if f[..i].ends_with(' ') {
                80
            } else {
                70
            };
            let (covered, all) = (self.chars as u64, f.chars().count().max(1) as u64);
            return place - (20 * (all - covered.min(all)) / all) as u32;
        }
        let mut cost = 0;
        for w in &self.words {
            let best = f.split(' ').filter_map(|fw| word_cost(fw, w)).min();
            match best {
                Some(c) => cost += c,
                None => return 0,
            }
        }
        60u32.saturating_sub(10 * cost).max(10)
    }
}

/// A set of the characters of `s`, one bit per letter or digit (other
/// characters share bits, which only makes [`word_cost`]'s test weaker).
fn letters(s: &str) -> u64 {
    s.chars().fold(0, |m, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 36 + c as u32 % 28,
        };
        m | 1 << bit
    })
}

/// The cost of reading query word `w` as field word `fw`: 0 equal, 1 a
/// prefix, 1 + edits for a typo within a length-dependent limit.
fn word_cost(fw: &str, w: &Word<'_>) -> Option<u32> {
    let (text, limit) = (w.text, w.limit);
    if fw == text {
        return Some(0);
    }
    if text.len() >= 3 && fw.starts_with(text) {
        return Some(1);
    }
    // Each letter of `w` that `fw` lacks takes an edit, also against a
    // beginning of `fw` (whose letters are fewer): more such letters
    // than the limit rule a typo out without computing a distance.
    if limit == 0 {
        return None;
    }
    // A distance is at least the difference in length, and at least the
    // number of the word's letters that the other lacks. Reading `fw` as
    // a whole must pass both tests within the limit; reading one of its
    // beginnings (at most `wl + 1` long, and costing one more) must pass
    // the letter test within the limit less one, which for a limit of 1
    // leaves only a beginning equal to the word: the prefix case above.
    let (wl, fl) = (w.chars, fw.chars().count());
    let missing = |letters_of: u64| (w.letters & !letters_of).count_ones() as usize;
    let whole = fl.abs_diff(wl) <= limit && missing(letters(fw)) <= limit;
    let beginning = limit >= 2 && fl >= wl && {
        let end = fw.char_indices().nth(wl + 1).map_or(fw.len(), |(i, _)| i);
        missing(letters(&fw[..end])) < limit
    };
    if !whole && !beginning {
        return None;
    }
    // Within a limit of 1 only `fw` itself can match (see above), and
    // not being equal it matches at one edit or not at all.
    if limit == 1 {
        return within_one_edit(fw, text).then_some(2);
    }
    // Compare against the field word, or against its beginning when the
    // query is a typo'd start of a longer word (that costs one more).
    let mut d = distance(fw, text);
    for l in wl.saturating_sub(1)..=wl + 1 {
        let end = fw.char_indices().nth(l).map_or(fw.len(), |(i, _)| i);
        let prefix = &fw[..end];
        if prefix.len() < fw.len() {
            d = d.min(distance(prefix, text) + 1);
        }
    }
    (d <= limit).then_some(1 + d as u32)
}

/// [`Query::score`] of `f` for the folded query `q` (split into `words`).
#[cfg(test)]
fn score(f: &str, q: &str, words: &[&str]) -> u32 {
    assert_eq!(words, q.split(' ').collect::<Vec<_>>());
    Query::new(q).score(f)
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

    /// The word cost as first written, without the letter test.
    fn plain_word_cost(fw: &str, w: &str) -> Option<u32> {
        if fw == w {
            return Some(0);
        }
        if w.len() >= 3 && fw.starts_with(w) {
            return Some(1);
        }
        let limit = match w.chars().count() {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
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

    #[test]
    fn the_letter_test_never_changes_a_cost() {
        let words = [
            "samordning",
            "samordnig",
            "smaordning",
            "samla",
            "sam",
            "lerum",
            "nosam",
            "nosm",
            "ab",
            "abc",
            "abcd",
            "bacd",
            "abdc",
            "kommun",
            "kommunen",
            "kmmun",
            "x9",
            "v99",
            "grupp",
            "gruppen",
            "gurpp",
            "ö",
            "öö",
            "åa",
            "ab€",
            "a€b",
            "€",
            "styrgrupp",
            "styrgruppen",
            "styrgupp",
        ];
        for fw in words {
            for w in words {
                assert_eq!(
                    word_cost(fw, &Word::new(w)),
                    plain_word_cost(fw, w),
                    "{fw} {w}"
                );
            }
        }
    }

    #[test]
    fn a_long_word_is_no_typo_of_a_short_one() {
        let long = "l".repeat(1 << 20);
        let word = Word::new(&long);
        let start = std::time::Instant::now();
        for _ in 0..1000 {
            assert_eq!(word_cost("lerum", &word), None);
        }
        // A hang guard (the edit-distance table took minutes), not a
        // speed target.
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert_eq!(Query::new(&long).score("lerum"), 0);
        assert_eq!(word_cost("lerum", &Word::new("lerumx")), Some(2));
        assert_eq!(word_cost("lerum", &Word::new("lerumxx")), None);
        assert_eq!(
            word_cost("samordningsgrupp", &Word::new("samordnigsgrupx")),
            Some(3)
        );
    }

    #[test]
    fn words_in_any_order_with_typos() {
        let q = "lerum nosm";
        let words: Vec<&str> = q.split(' ').collect();
        assert!(score("nosam lerum", q, &words) > 0);
    }
}
