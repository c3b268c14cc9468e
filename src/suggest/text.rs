//! A governance document as blocks and sentences, each with its line.
//!
//! Paragraphs are runs of non-blank lines. A one-line paragraph that does
//! not end like a sentence is a heading; a line beginning with `-`, `*`,
//! `•`, `–` or `1.` is a list item (lines after it without a marker
//! continue it); a line with a tab is a table row, a block of its own,
//! whose cells are each read as their own text.
//! Within a block, sentences end at `.`, `!` or `?` followed by a space
//! and a capital letter or digit, except after an abbreviation
//! (`t.ex.`), a single letter, or a list number; a line break inside a
//! sentence is a space.

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    Item,
}

/// A heading, a paragraph or a list item, split into sentences.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// 1-based line of the block's first character.
    pub line: usize,
    /// The block's lines as written (for signatures), trimmed.
    pub lines: Vec<String>,
    pub sentences: Vec<Sentence>,
}

/// One sentence: its text as written (whitespace runs made one space) and
/// its words.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub line: usize,
    pub text: String,
    pub tokens: Vec<Token>,
}

/// A word or a punctuation mark of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// As written (without markdown asterisks).
    pub text: String,
    /// Folded ([`crate::graph::names::fold`]), a genitive `:s` removed.
    pub folded: String,
    /// Byte range in [`Sentence::text`].
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn is_punct(&self) -> bool {
        matches!(self.text.as_str(), "," | ":" | "(" | ")")
    }

    /// Whether the word begins with a capital letter or is a digit.
    pub fn is_capitalised(&self) -> bool {
        self.text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }
}

/// The most words of a sentence that patterns are tried on; the rest of a
/// longer "sentence" (a table dump, a line without full stops) is read as
/// further sentences of this length.
pub const MAX_SENTENCE_WORDS: usize = 200;

/// Splits `text` into blocks. `abbreviations` are folded, without their
/// final full stop.
pub fn blocks(text: &str, abbreviations: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut para, &mut out, abbreviations);
        } else {
            para.push((i + 1, line));
        }
    }
    flush(&mut para, &mut out, abbreviations);
    out
}

fn is_item_start(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    for m in ["- ", "* ", "• ", "– ", "· "] {
        if t.starts_with(m) {
            return Some(lead + m.len());
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) && t[digits..].starts_with(". ") {
        return Some(lead + digits + 2);
    }
    None
}

fn flush(para: &mut Vec<(usize, &str)>, out: &mut Vec<Block>, abbr: &[String]) {
    if para.is_empty() {
        return;
    }
    // Group lines into items and plain runs.
    let mut groups: Vec<(BlockKind, Vec<(usize, &str)>)> = Vec::new();
    let mut row_before = false;
    for &(n, line) in para.iter() {
        // A table row (cells separated by tabs) is a block of its own.
        let row = line.contains('\t');
        if let Some(skip) = is_item_start(line) {
            let rest = &line[skip..];
            // A numbered line alone in its paragraph that reads like a
            // heading is one: "4. Sammansättning".
            let numbered = line.trim_start().starts_with(|c: char| c.is_ascii_digit());
            let kind = if numbered
                && para.len() == 1
                && is_heading(rest)
                && rest.split_whitespace().count() <= 6
            {
                BlockKind::Paragraph
            } else {
                BlockKind::Item
            };
            groups.push((kind, vec![(n, rest)]));
        } else if let Some((_, g)) = groups.last_mut().filter(|_| !row && !row_before) {
            g.push((n, line));
        } else {
            groups.push((BlockKind::Paragraph, vec![(n, line)]));
        }
        row_before = row;
    }
    for (kind, lines) in groups {
        let kind = if kind == BlockKind::Paragraph && lines.len() == 1 && is_heading(lines[0].1) {
            BlockKind::Heading
        } else {
            kind
        };
        let mut sentences = Vec::new();
        // Table cells: each tab-separated cell on its own.
        let mut cells: Vec<Cell> = Vec::new();
        let mut current = String::new();
        let mut line_of = Vec::new(); // (byte offset in current, line)
        for (n, l) in &lines {
            for (ci, cell) in l.split('\t').enumerate() {
                if ci > 0 {
                    push_cell(&mut cells, &mut current, &mut line_of);
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                line_of.push((current.len(), *n));
                current.push_str(cell.trim());
            }
        }
        push_cell(&mut cells, &mut current, &mut line_of);
        for (marks, cell) in cells {
            split_sentences(&cell, &marks, abbr, &mut sentences);
        }
        out.push(Block {
            kind,
            line: lines[0].0,
            lines: lines.iter().map(|(_, l)| l.trim().to_string()).collect(),
            sentences,
        });
    }
    para.clear();
}

/// A cell's text and where its lines begin: (byte offset, line).
type Cell = (Vec<(usize, usize)>, String);

/// Moves the cell gathered in `current` (lines starting at `line_of`) to
/// `cells`.
fn push_cell(cells: &mut Vec<Cell>, current: &mut String, line_of: &mut Vec<(usize, usize)>) {
    if !current.trim().is_empty() {
        cells.push((std::mem::take(line_of), std::mem::take(current)));
    }
    current.clear();
    line_of.clear();
}

/// Last words of a lead-in that is no heading: "Rådet ska", "I gruppen
/// ingår", then the items.
const LEAD_IN_ENDS: &[&str] = &["ska", "skall", "kan", "bör", "ingår", "har", "är", "att"];

fn is_heading(line: &str) -> bool {
    let t = line
        .trim()
        .trim_matches(|c| c == '*' || c == '#' || c == ' ');
    let words = t.split_whitespace().count();
    if words > 1
        && t.rsplit(' ')
            .next()
            .is_some_and(|w| LEAD_IN_ENDS.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    let first_upper = t.chars().next().is_some_and(|c| c.is_uppercase());
    first_upper
        && (1..=12).contains(&words)
        && t.len() <= 120
        && !t.ends_with(['.', '!', '?', ';', ','])
        && (!t.contains(": ") || t.ends_with(':'))
        && !line.contains('\t')
}

fn split_sentences(text: &str, marks: &[(usize, usize)], abbr: &[String], out: &mut Vec<Sentence>) {
    let line_at = |off: usize| {
        marks
            .iter()
            .rev()
            .find(|(o, _)| *o <= off)
            .map_or(1, |(_, n)| *n)
    };
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, i, abbr) {
            push_sentence(text, start, i + 1, &line_at, out);
            start = i + 1;
        }
        i += 1;
    }
    push_sentence(text, start, text.len(), &line_at, out);
}

fn ends_sentence(text: &str, i: usize, abbr: &[String]) -> bool {
    let after = &text[i + 1..];
    let mut rest = after.chars();
    match rest.next() {
        Some(c) if c.is_whitespace() => {}
        _ => return false,
    }
    let next = after.trim_start().chars().next();
    if !next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"”»([*".contains(c)) {
        return false;
    }
    if text.as_bytes()[i] != b'.' {
        return true;
    }
    // The word before the full stop.
    let before = &text[..i];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(0, |p| p + 1);
    let word = &before[word_start..];
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return false; // an initial, or "a." in a list
    }
    if !word.is_empty()
        && word.len() <= 2
        && word.bytes().all(|b| b.is_ascii_digit())
        && word_start == 0
    {
        return false; // "1. " numbering at the start
    }
    let folded = crate::graph::names::fold(word);
    if abbr.contains(&folded) {
        return false;
    }
    // "t ex." written with a space: the last two words.
    let two_start = before[..word_start.saturating_sub(1)]
        .rfind(char::is_whitespace)
        .map_or(0, |p| p + 1);
    let two = crate::graph::names::fold(&before[two_start..]);
    !abbr.contains(&two)
}

fn push_sentence(
    text: &str,
    start: usize,
    end: usize,
    line_at: &dyn Fn(usize) -> usize,
    out: &mut Vec<Sentence>,
) {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let raw = raw.trim();
    if raw.is_empty() || !raw.chars().any(char::is_alphanumeric) {
        return;
    }
    let line = line_at(start + lead);
    let tokens = tokenize(raw);
    if tokens.len() <= MAX_SENTENCE_WORDS {
        out.push(Sentence {
            line,
            text: raw.to_string(),
            tokens,
        });
        return;
    }
    for chunk in tokens.chunks(MAX_SENTENCE_WORDS) {
        let (s, e) = (chunk[0].start, chunk[chunk.len() - 1].end);
        let sub = raw[s..e].to_string();
        out.push(Sentence {
            line,
            tokens: tokenize(&sub),
            text: sub,
        });
    }
}

/// Words and `, : ( )` of a text. A word is a run of letters and digits,
/// with `-`, `&`, `/`, `'` or `.` inside it or a `-` at its end
/// ("hälso- och"); `PSG:s` is the word `PSG:s` folded to `psg`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    chars.next();
                } else if matches!(d, '-' | '&' | '/' | '\'' | '.' | ':' | '\u{2019}') {
                    // Inside a word only when a letter or digit follows
                    // (a trailing hyphen is kept too).
                    let next = text[j + d.len_utf8()..].chars().next();
                    if next.is_some_and(char::is_alphanumeric) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else if d == '-' {
                        end = j + 1;
                        chars.next();
                        break;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let word = &text[i..end];
            let mut folded = crate::graph::names::fold(word);
            if let Some(f) = folded.strip_suffix(":s") {
                folded = f.to_string();
            }
            out.push(Token {
                text: word.to_string(),
                folded,
                start: i,
                end,
            });
        } else if matches!(c, ',' | ':' | '(' | ')' | '&') {
            out.push(Token {
                text: c.to_string(),
                folded: c.to_string(),
                start: i,
                end: i + 1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr() -> Vec<String> {
        ["t.ex", "t ex", "bl.a", "m.m"].map(String::from).to_vec()
    }

    fn sentences(text: &str) -> Vec<(usize, String)> {
        blocks(text, &abbr())
            .into_iter()
            .flat_map(|b| b.sentences)
            .map(|s| (s.line, s.text))
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s =
            sentences("Gruppen bereder t.ex. frågor till SRO. Den möts bl.a. i maj. Och t ex. Nu.");
        assert_eq!(
            s,
            vec![
                (1, "Gruppen bereder t.ex. frågor till SRO.".to_string()),
                (1, "Den möts bl.a. i maj.".to_string()),
                (1, "Och t ex. Nu.".to_string()),
            ]
        );
    }

    #[test]
    fn line_breaks_inside_a_sentence_join_and_keep_the_first_line() {
        let s = sentences("Rubrik\n\nStyrgruppen bereder\närenden till PSG. Gruppen\nmöts.\n");
        assert_eq!(
            s,
            vec![
                (1, "Rubrik".to_string()),
                (3, "Styrgruppen bereder ärenden till PSG.".to_string()),
                (4, "Gruppen möts.".to_string()),
            ]
        );
    }

    #[test]
    fn headings_items_and_table_cells() {
        let b = blocks(
            "Sammansättning\n\n- Alfa kommun\n- Beta\n  fortsätter\nEtt stycke.\n\nA\tB gör något.\n",
            &abbr(),
        );
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading,
                BlockKind::Item,
                BlockKind::Item,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(b[2].sentences[0].text, "Beta fortsätter Ett stycke.");
        let cells: Vec<&str> = b[3].sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(cells, ["A", "B gör något."]);
    }

    #[test]
    fn tokens_fold_and_drop_genitive_colon_s() {
        let t: Vec<String> = tokenize("PSG:s möte, hälso- och **sjukvård**: Kommun & stad")
            .into_iter()
            .map(|t| t.folded)
            .collect();
        assert_eq!(
            t,
            [
                "psg", "mote", ",", "halso-", "och", "sjukvard", ":", "kommun", "&", "stad"
            ]
        );
    }

    #[test]
    fn a_huge_line_is_read_in_chunks() {
        let line = "ord ".repeat(1000);
        let s = blocks(&line, &abbr());
        assert_eq!(s[0].sentences.len(), 5);
        assert!(
            s[0].sentences
                .iter()
                .all(|s| s.tokens.len() <= MAX_SENTENCE_WORDS)
        );
    }
}
