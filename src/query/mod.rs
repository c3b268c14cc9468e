//! The query language: `? bereder PSG`, `path NOSAM_Lerum -> SRO`, …
//!
//! ```text
//! text ──lex──▶ tokens ──parse──▶ Statement (spans) ──eval(&OrgGraph)──▶ Value
//! ```
//!
//! The parser never looks at the graph; names are resolved in [`eval()`],
//! whose errors point at the name. `help()` gives the language reference.

pub mod ast;
pub mod eval;
pub mod help;
pub mod lex;
pub mod parse;
pub mod reach;
pub mod run;
pub mod search;
pub mod value;

pub use ast::{KEYWORDS, Statement, StatementKind};
pub use help::help;
pub use value::Value;

use crate::diag::Diagnostic;
use crate::graph::OrgGraph;

/// The file name diagnostics carry for a single query.
pub const QUERY_FILE: &str = "<query>";

/// Parses a script: every statement that parses, and a diagnostic for
/// each one that does not (the others still parse).
pub fn parse_script(src: &str) -> (Vec<Statement>, Vec<Diagnostic>) {
    parse_script_named(src, QUERY_FILE)
}

/// [`parse_script`] with diagnostics naming `file`.
pub fn parse_script_named(src: &str, file: &str) -> (Vec<Statement>, Vec<Diagnostic>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for r in parse::parse_script(src, file) {
        match r {
            Ok(s) => ok.push(s),
            Err(e) => errors.push(e),
        }
    }
    (ok, errors)
}

/// Parses exactly one statement; trailing input is an error.
pub fn parse_statement(src: &str) -> Result<Statement, Diagnostic> {
    parse::parse_statement(src, QUERY_FILE)
}

/// Evaluates a statement; diagnostics name `<query>`.
pub fn eval(g: &OrgGraph, stmt: &Statement) -> Result<Value, Diagnostic> {
    eval::eval_in(g, stmt, QUERY_FILE)
}

/// [`eval()`] with diagnostics naming `file`, for scripts.
pub fn eval_named(g: &OrgGraph, stmt: &Statement, file: &str) -> Result<Value, Diagnostic> {
    eval::eval_in(g, stmt, file)
}

/// `text` with `as of DATE` before each of its statements that does not
/// begin with it, so that `:asof` answers (and `:save` keeps) exactly
/// what `orgraf query "as of DATE …"` would: the explorer's `:asof` and
/// the web explorer's `?asof=DATE` ask so.
pub fn dated(text: &str, date: &str) -> String {
    use lex::{Tok, lex};
    let toks = lex(text);
    let word = |i: usize, w: &str| {
        toks.get(i)
            .is_some_and(|t| t.kind == Tok::Word && text[t.span.clone()].eq_ignore_ascii_case(w))
    };
    let mut out = String::with_capacity(text.len() + 16);
    let (mut copied, mut start) = (0, true);
    for (i, t) in toks.iter().enumerate() {
        let ends = matches!(t.kind, Tok::Semi | Tok::Newline | Tok::Eof);
        if start && !ends {
            if !(word(i, "as") && word(i + 1, "of")) {
                out.push_str(&text[copied..t.span.start]);
                out.push_str("as of ");
                out.push_str(date);
                out.push(' ');
                copied = t.span.start;
            }
            start = false;
        }
        start |= ends;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::dated;

    #[test]
    fn asof_dates_every_statement_once() {
        assert_eq!(dated("show PSG", "2021"), "as of 2021 show PSG");
        assert_eq!(
            dated("? bereder PSS; as of 2023 list # x; y", "2021"),
            "as of 2021 ? bereder PSS; as of 2023 list # x; y"
        );
        assert_eq!(dated("kinds;", "2021"), "as of 2021 kinds;");
    }
}
