//! The line editor's helper: context-aware, diacritic-insensitive
//! completion; hints; highlighting; and multi-line input.

use std::borrow::Cow;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use crate::graph::OrgGraph;
use crate::graph::names::fold;

use crate::query::KEYWORDS as STATEMENT_KEYWORDS;
use crate::query::ast::INNER_KEYWORDS;

/// The REPL's own commands.
pub const META_COMMANDS: &[&str] = &[
    ":help", ":tour", ":format", ":timing", ":asof", ":load", ":reload", ":diagram", ":save",
    ":quit",
];

/// What completion offers, precomputed from the graph.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    /// (folded, spelling) of every node's id, name, alias and former name.
    names: Vec<(String, String)>,
    /// (folded, spelling) of every relation's id, ASCII form and English alias.
    relations: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
}

impl Vocabulary {
    pub fn new(g: &OrgGraph) -> Self {
        let mut names = Vec::new();
        // Very large models would make every keystroke slow; complete ids only.
        let ids_only = g.node_count() > 200_000;
        for b in g.bodies() {
            if ids_only {
                let id = g.node(b).id.to_string();
                names.push((fold(&id), id));
            } else {
                // Offer the id only where no nicer spelling folds the same
                // (`DRNÖ`, not also `drno`).
                let spellings = g.spellings(b);
                let mut own: Vec<(String, String)> = Vec::new();
                for s in spellings[1..].iter().chain(&spellings[..1]) {
                    let f = fold(s);
                    if !own.iter().any(|(o, _)| *o == f) {
                        own.push((f, s.to_string()));
                    }
                }
                names.extend(own);
            }
        }
        names.sort();
        names.dedup();
        let mut relations: Vec<(String, String)> = g
            .catalog
            .relation_spellings()
            .into_iter()
            .map(|s| (fold(s), s.to_string()))
            .collect();
        relations.sort();
        relations.dedup();
        let mut kinds: Vec<(String, String)> = g
            .catalog
            .kinds
            .iter()
            .map(|k| (fold(&k.id), k.id.clone()))
            .collect();
        kinds.sort();
        Vocabulary {
            names,
            relations,
            kinds,
        }
    }
}

/// What the next word of a statement can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Start,
    Name,
    NameOrAsk,
    Relation,
    Arrow,
    AfterTarget,
    AfterTriple,
    Kind,
    Keyword,
    Format,
    /// `of`, after a statement's first word `as`.
    Of,
    /// The date of `as of`.
    Date,
    Nothing,
}

/// Splits input into words, keeping quoted names whole and symbols apart.
/// Returns (start, text) pairs; an unterminated quote runs to the end.
pub fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut end = line.len();
            for (j, d) in chars.by_ref() {
                if d == '"' {
                    end = j + 1;
                    break;
                }
            }
            out.push((i, &line[i..end]));
        } else if "()|;^".contains(c) {
            chars.next();
            out.push((i, &line[i..i + c.len_utf8()]));
        } else if c == '-' && line[i..].starts_with("->") {
            chars.next();
            chars.next();
            out.push((i, &line[i..i + 2]));
        } else {
            let mut end = line.len();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace()
                    || "()|;^\"".contains(d)
                    || (d == '-' && line[j..].starts_with("->"))
                {
                    end = j;
                    break;
                }
                chars.next();
            }
            out.push((i, &line[i..end]));
        }
    }
    out
}

/// What may come after the complete words `prev` of the current statement.
pub fn expect_after(prev: &[&str]) -> Expect {
    let lower: Vec<String> = prev.iter().map(|w| w.to_lowercase()).collect();
    let w: Vec<&str> = lower.iter().map(String::as_str).collect();
    match w.as_slice() {
        [] => Expect::Start,
        [":format"] => Expect::Format,
        [m, ..] if m.starts_with(':') => Expect::Nothing,
        ["help"] => Expect::Keyword,
        ["as"] => Expect::Of,
        ["as", "of"] => Expect::Date,
        // `as of DATE STATEMENT`: the statement as if it began here.
        ["as", "of", _, ..] => expect_after(&prev[3..]),
        ["list"] => Expect::Kind,
        ["show" | "explain" | "search"] => Expect::Name,
        ["path" | "paths"] => Expect::Name,
        ["path" | "paths", _] => Expect::Arrow,
        [.., "->"] => Expect::Name,
        [.., "via" | "|" | "(" | "^"] => Expect::Relation,
        ["path" | "paths", _, "->", _] => Expect::AfterTarget,
        ["why"] => Expect::Name,
        ["why", _] => Expect::Relation,
        ["why", _, _] => Expect::Name,
        [.., "where"] => Expect::Nothing,
        [.., "kind", "="] => Expect::Kind,
        [_] => Expect::Relation,
        [_, _] => Expect::NameOrAsk,
        [_, _, _] => Expect::AfterTriple,
        _ => Expect::Nothing,
    }
}

pub struct OrgHelper {
    pub vocab: Vocabulary,
    pub color: bool,
}

impl OrgHelper {
    /// Completions for the word that starts at `start` and ends at `pos`.
    pub fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<Pair>) {
        let before = &line[..pos];
        // Only the current statement counts.
        let stmt_start = before.rfind(';').map_or(0, |i| i + 1);
        let all = words(&before[stmt_start..]);
        let (start, typed) = match all.last() {
            Some(&(s, w))
                if stmt_start + s + w.len() == pos
                    && !matches!(w, "(" | "|" | "^" | ";" | "->") =>
            {
                (stmt_start + s, w)
            }
            _ => (pos, ""),
        };
        let prev: Vec<&str> = all
            .iter()
            .filter(|(s, _)| stmt_start + s < start)
            .map(|&(_, w)| w)
            .collect();
        let expect = expect_after(&prev);
        let folded = fold(typed.trim_start_matches('"').trim_end_matches(['+', '*']));
        let mut out: Vec<Pair> = Vec::new();
        let add_plain = |list: &[&str], out: &mut Vec<Pair>| {
            for k in list {
                if k.starts_with(&typed.to_lowercase()) {
                    out.push(Pair {
                        display: k.to_string(),
                        replacement: k.to_string(),
                    });
                }
            }
        };
        match expect {
            Expect::Start => {
                if typed.starts_with(':') {
                    add_plain(META_COMMANDS, &mut out);
                } else {
                    add_plain(STATEMENT_KEYWORDS, &mut out);
                    if typed.is_empty() {
                        add_plain(&["?"], &mut out);
                    }
                    self.names(&folded, &mut out);
                }
            }
            Expect::Name => self.names(&folded, &mut out),
            Expect::NameOrAsk => {
                if typed.is_empty() {
                    add_plain(&["?"], &mut out);
                }
                self.names(&folded, &mut out);
            }
            Expect::Relation => {
                for (f, s) in &self.vocab.relations {
                    if f.starts_with(&folded) {
                        out.push(Pair {
                            display: s.clone(),
                            replacement: s.clone(),
                        });
                    }
                }
            }
            Expect::Arrow => add_plain(&["->"], &mut out),
            Expect::AfterTarget => add_plain(&["via", "max"], &mut out),
            Expect::AfterTriple => add_plain(&["where"], &mut out),
            Expect::Kind => {
                for (f, s) in &self.vocab.kinds {
                    if f.starts_with(&folded) {
                        out.push(Pair {
                            display: s.clone(),
                            replacement: s.clone(),
                        });
                    }
                }
            }
            Expect::Keyword => add_plain(STATEMENT_KEYWORDS, &mut out),
            Expect::Format => add_plain(&["text", "json", "csv"], &mut out),
            Expect::Of => add_plain(&["of"], &mut out),
            Expect::Date | Expect::Nothing => {}
        }
        (start, out)
    }

    fn names(&self, folded: &str, out: &mut Vec<Pair>) {
        let from = self
            .vocab
            .names
            .partition_point(|(f, _)| f.as_str() < folded);
        for (f, s) in self.vocab.names[from..]
            .iter()
            .take_while(|(f, _)| f.starts_with(folded))
            .take(500)
        {
            let _ = f;
            let replacement = if s.chars().all(|c| c.is_alphanumeric() || "_-.:".contains(c)) {
                s.clone()
            } else {
                format!("\"{s}\"")
            };
            out.push(Pair {
                display: s.clone(),
                replacement,
            });
        }
    }

    /// Paints one word by what it is.
    fn paint(&self, word: &str, is_name_slot: bool) -> Option<&'static str> {
        let lower = word.to_lowercase();
        if STATEMENT_KEYWORDS.contains(&lower.as_str())
            || INNER_KEYWORDS.contains(&lower.as_str())
            || ["kind", "->"].contains(&lower.as_str())
        {
            return Some("\x1b[1;34m");
        }
        if word == "?" {
            return Some("\x1b[1;33m");
        }
        if word.starts_with(':') || word.starts_with('#') {
            return Some("\x1b[2m");
        }
        let bare = word.trim_start_matches('^').trim_end_matches(['+', '*']);
        let f = fold(bare.trim_matches('"'));
        if self.vocab.relations.iter().any(|(r, _)| *r == f) {
            return Some("\x1b[35m");
        }
        if self
            .vocab
            .names
            .binary_search_by(|(n, _)| n.as_str().cmp(&f))
            .is_ok()
        {
            return Some("\x1b[32m");
        }
        is_name_slot.then_some("\x1b[31m")
    }
}

impl Completer for OrgHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(self.candidates(line, pos))
    }
}

impl Hinter for OrgHelper {
    type Hint = String;

    /// The greyed rest of a unique completion that extends what was typed.
    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<String> {
        if pos < line.len() || line.trim().is_empty() {
            return None;
        }
        let (start, c) = self.candidates(line, pos);
        let typed = &line[start..pos];
        match c.as_slice() {
            [only] if !typed.is_empty() && only.replacement.len() > typed.len() => only
                .replacement
                .get(..typed.len())
                .filter(|p| p.eq_ignore_ascii_case(typed))
                .and_then(|_| only.replacement.get(typed.len()..))
                .map(str::to_string),
            _ => None,
        }
    }
}

impl Highlighter for OrgHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color || line.trim_start().starts_with('#') {
            return Cow::Borrowed(line);
        }
        let mut out = String::with_capacity(line.len() * 2);
        let mut last = 0;
        let ws = words(line);
        for (i, &(s, w)) in ws.iter().enumerate() {
            out.push_str(&line[last..s]);
            let prev: Vec<&str> = ws[..i].iter().map(|&(_, w)| w).collect();
            let expect = expect_after(&prev);
            let slot = matches!(expect, Expect::Name | Expect::NameOrAsk);
            let paint = if expect == Expect::Date {
                // A date in cyan; one that does not parse in red.
                Some(match crate::graph::Period::parse(w) {
                    Ok(_) => "\x1b[36m",
                    Err(_) => "\x1b[31m",
                })
            } else {
                self.paint(w, slot)
            };
            match paint {
                Some(code) => {
                    out.push_str(code);
                    out.push_str(w);
                    out.push_str("\x1b[0m");
                }
                None => out.push_str(w),
            }
            last = s + w.len();
        }
        out.push_str(&line[last..]);
        Cow::Owned(out)
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(format!("\x1b[90m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.color
    }
}

/// Whether `input` is a statement that goes on: an open quote, an open
/// parenthesis, or a trailing `->` or `|`.
pub fn is_unfinished(input: &str) -> bool {
    let code: String = input
        .lines()
        .map(strip_comment)
        .collect::<Vec<_>>()
        .join("\n");
    let quotes = code.matches('"').count();
    if quotes % 2 == 1 {
        return true;
    }
    let ws = words(&code);
    let depth: i64 = ws
        .iter()
        .map(|(_, w)| match *w {
            "(" => 1,
            ")" => -1,
            _ => 0,
        })
        .sum();
    depth > 0 || matches!(ws.last(), Some((_, "->" | "|")))
}

/// A line without its `#` comment (a `#` inside quotes is kept).
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

impl Validator for OrgHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        if is_unfinished(ctx.input()) {
            Ok(ValidationResult::Incomplete)
        } else {
            Ok(ValidationResult::Valid(None))
        }
    }
}

impl Helper for OrgHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() -> OrgHelper {
        let loaded = crate::model::load(&crate::model::ModelSource::Dir(
            "tests/fixtures/repl_model".into(),
        ))
        .unwrap();
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        OrgHelper {
            vocab: Vocabulary::new(&loaded.graph),
            color: false,
        }
    }

    fn complete(h: &OrgHelper, line: &str) -> Vec<String> {
        h.candidates(line, line.len())
            .1
            .into_iter()
            .map(|p| p.replacement)
            .collect()
    }

    #[test]
    fn names_complete_without_diacritics() {
        let h = helper();
        assert_eq!(complete(&h, "show drn"), vec!["DRNÖ"]);
        assert!(
            complete(&h, "? bereder \"politisk sam")
                .contains(&"\"Politisk samrådsgrupp vårdsamverkan\"".to_string())
        );
    }

    #[test]
    fn multi_word_names_are_quoted() {
        let h = helper();
        assert!(complete(&h, "show delreg").contains(&"\"Delregional nämnd östra\"".to_string()));
    }

    #[test]
    fn completion_follows_the_grammar() {
        let h = helper();
        let after_ask = complete(&h, "? ");
        assert!(
            after_ask.contains(&"bereder".to_string())
                && after_ask.contains(&"prepares".to_string())
        );
        assert!(complete(&h, "? ing").contains(&"ingar_i".to_string()));
        assert!(complete(&h, "? ing").contains(&"ingår_i".to_string()));
        assert_eq!(complete(&h, "path psg "), vec!["->"]);
        assert!(complete(&h, "path a -> psg via b").contains(&"bereder".to_string()));
        assert!(complete(&h, "? bereder ").contains(&"?".to_string()));
        assert!(complete(&h, "list ").contains(&"roll".to_string()));
        assert_eq!(complete(&h, ":fo"), vec![":format"]);
        assert_eq!(complete(&h, ":format j"), vec!["json"]);
        assert!(complete(&h, "sh").contains(&"show".to_string()));
        assert!(complete(&h, "PSG ^ber").contains(&"bereder".to_string()));
        // `as of DATE` and then a statement.
        assert!(complete(&h, "a").contains(&"as".to_string()));
        assert_eq!(complete(&h, "as o"), vec!["of"]);
        assert!(complete(&h, "as of ").is_empty());
        assert!(complete(&h, "as of 2021 ? ber").contains(&"bereder".to_string()));
        assert!(complete(&h, "as of 2021 sh").contains(&"show".to_string()));
        assert_eq!(complete(&h, "as of 2021 path psg "), vec!["->"]);
    }

    #[test]
    fn as_of_and_its_date_are_painted() {
        let mut h = helper();
        h.color = true;
        let line = h.highlight("as of 2022-10 show PSG", 0).into_owned();
        assert!(
            line.starts_with("\x1b[1;34mas\x1b[0m \x1b[1;34mof\x1b[0m \x1b[36m2022-10\x1b[0m"),
            "{line:?}"
        );
        let bad = h.highlight("as of 2022-13 show PSG", 0).into_owned();
        assert!(bad.contains("\x1b[31m2022-13\x1b[0m"), "{bad:?}");
    }

    #[test]
    fn hint_is_the_rest_of_a_unique_completion() {
        let h = helper();
        let hist = rustyline::history::DefaultHistory::new();
        let ctx = Context::new(&hist);
        assert_eq!(
            h.hint("show styrg", 10, &ctx),
            Some("rupp_skaraborg".to_string())
        );
        assert_eq!(h.hint("show ", 5, &ctx), None);
    }

    #[test]
    fn unfinished_input_continues() {
        assert!(is_unfinished("? bereder \"Politisk"));
        assert!(is_unfinished("? (bereder|"));
        assert!(is_unfinished("path A ->"));
        assert!(is_unfinished("? (bereder"));
        assert!(!is_unfinished("? bereder PSG"));
        assert!(!is_unfinished("? bereder PSG # (comment"));
        assert!(!is_unfinished("path A -> B"));
    }
}
