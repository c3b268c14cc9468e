//! Folding names for lookup: case- and diacritic-insensitive.
//!
//! `DRNÖ`, `drno` and `Drnö` fold to the same key; `_` counts as a space so
//! `NOSAM_Lerum` finds "NOSAM Lerum"; runs of whitespace count as one.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

/// The lookup key of a name: lower case, ASCII, single spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a buffer the caller reuses, so that loading a large
/// model folds each spelling without allocating.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let mut space = true; // drop leading spaces
    if s.is_ascii() {
        // The common case, byte by byte. The whitespace set is exactly
        // what `char::is_whitespace` accepts below 128 (it includes the
        // vertical tab, which `u8::is_ascii_whitespace` does not).
        for b in s.bytes() {
            if matches!(b, b' ' | b'_' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
                if !space {
                    out.push(' ');
                    space = true;
                }
            } else {
                out.push(char::from(b.to_ascii_lowercase()));
                space = false;
            }
        }
    } else {
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
            if c.is_ascii() || c.is_whitespace() {
                push(c, out);
            } else {
                match deunicode::deunicode_char(c) {
                    Some(ascii) => {
                        for a in ascii.chars() {
                            push(a, out);
                        }
                    }
                    None => push(c, out),
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// A 64-bit hash of a string, used as the key of the name indexes. A hit
/// is always verified against the node, so a collision costs nothing but
/// a comparison.
pub fn key(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Edit distance between two folded strings, for "did you mean":
/// `strsim::osa_distance` (optimal string alignment), computed without
/// allocating for the common case of short ASCII words, as search
/// compares a word with many.
pub fn distance(a: &str, b: &str) -> usize {
    const MAX: usize = 64;
    if !(a.is_ascii() && b.is_ascii() && a.len() < MAX && b.len() < MAX) {
        return strsim::osa_distance(a, b);
    }
    let (a, b, n) = (a.as_bytes(), b.as_bytes(), b.len());
    // Three rows of the table, as strsim keeps them; values stay below
    // 2 * MAX, so a byte each.
    let mut two = [0u8; MAX + 1];
    let mut prev = [0u8; MAX + 1];
    let mut cur = [0u8; MAX + 1];
    for j in 0..=n {
        (two[j], prev[j]) = (j as u8, j as u8);
    }
    for (i, &ac) in a.iter().enumerate() {
        cur[0] = i as u8 + 1;
        for (j, &bc) in b.iter().enumerate() {
            let cost = u8::from(ac != bc);
            let mut v = (cur[j] + 1).min(prev[j + 1] + 1).min(prev[j] + cost);
            if i > 0 && j > 0 && ac != bc && ac == b[j - 1] && bc == a[i - 1] {
                v = v.min(two[j - 1] + 1);
            }
            cur[j + 1] = v;
        }
        std::mem::swap(&mut two, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    usize::from(prev[n])
}

/// Whether [`distance`]`(a, b) <= 1`: one substitution, insertion,
/// deletion or swap of neighbours apart (or equal). Linear, where the
/// distance fills a table; search asks this of most word pairs.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return distance(a, b) <= 1;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = short.iter().zip(long).position(|(x, y)| x != y) else {
        return true; // equal, or one more at the end
    };
    if short.len() < long.len() {
        return short[i..] == long[i + 1..];
    }
    short[i + 1..] == long[i + 1..]
        || (i + 1 < short.len()
            && short[i] == long[i + 1]
            && short[i + 1] == long[i]
            && short[i + 2..] == long[i + 2..])
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
        assert_eq!(fold("A\u{b}B\u{85}c"), "a b c");
        assert_eq!(fold("__x__"), "x");
    }

    /// The char-by-char rule the ASCII fast path must agree with.
    fn reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = true;
        for c in s.chars() {
            if c == '_' || c.is_whitespace() {
                if !space {
                    out.push(' ');
                    space = true;
                }
            } else {
                out.push(c.to_ascii_lowercase());
                space = false;
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        out
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_char_rule() {
        for b in 0u8..128 {
            let c = char::from(b);
            for s in [format!("a{c}b"), format!("{c}{c}X"), format!("Y{c}")] {
                assert_eq!(fold(&s), reference(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn distance_is_strsims_osa_distance() {
        let mut words: Vec<String> = [
            "", "a", "ab", "ba", "abc", "acb", "ca", "abcd", "badc", "kommun", "kmomun", "ö", "aö",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut x = 12345u64;
        for _ in 0..300 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 12) as usize;
            words.push(
                (0..len)
                    .map(|i| char::from(b'a' + ((x >> (i * 3)) % 4) as u8))
                    .collect(),
            );
        }
        words.push("x".repeat(63));
        words.push("y".repeat(70));
        for a in &words {
            for b in &words {
                let d = strsim::osa_distance(a, b);
                assert_eq!(distance(a, b), d, "{a:?} {b:?}");
                assert_eq!(within_one_edit(a, b), d <= 1, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn closest_prefers_small_distance() {
        let c = ["psg", "pss", "sro", "samla"];
        assert_eq!(closest("pgs", c, 2), vec!["psg", "pss"]);
        assert!(closest("zzzzzzzz", c, 2).is_empty());
    }
}
