//! Folding names for lookup: case- and diacritic-insensitive.
//!
//! `DRNÖ`, `drno` and `Drnö` fold to the same key; `_` counts as a space so
//! `NOSAM_Lerum` finds "NOSAM Lerum"; runs of whitespace count as one.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

/// The lookup key of a name: lower case, ASCII, single spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true; // drop leading spaces
    let mut push = |c: char, out: &mut String| {
        if c == ' ' || c == '_' || c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c.to_ascii_lowercase());
            space = false;
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else if c.is_whitespace() {
            push(' ', &mut out);
        } else {
            match deunicode::deunicode_char(c) {
                Some(ascii) => {
                    for a in ascii.chars() {
                        push(a, &mut out);
                    }
                }
                None => push(c, &mut out),
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A 64-bit hash of a string, used as the key of the name indexes. A hit
/// is always verified against the node, so a collision costs nothing but
/// a comparison.
pub fn key(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Edit distance between two folded strings, for "did you mean".
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The candidates closest to `wanted` (at most `max`, within a distance
/// that grows with the length of the word), best first, ties by name.
pub fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let w = fold(wanted);
    let limit = (w.chars().count() / 3).clamp(1, 4);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let f = fold(c);
            if f.len().abs_diff(w.len()) > limit {
                return None;
            }
            let d = distance(&w, &f);
            (d <= limit).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_underscores() {
        assert_eq!(fold("DRNÖ"), "drno");
        assert_eq!(fold("  NOSAM_Lerum "), "nosam lerum");
        assert_eq!(fold("Södra Älvsborgs sjukhus"), "sodra alvsborgs sjukhus");
        assert_eq!(fold("ingår_i"), "ingar i");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("a \t\n b"), "a b");
    }

    #[test]
    fn closest_prefers_small_distance() {
        let c = ["psg", "pss", "sro", "samla"];
        assert_eq!(closest("pgs", c, 2), vec!["psg", "pss"]);
        assert!(closest("zzzzzzzz", c, 2).is_empty());
    }
}
