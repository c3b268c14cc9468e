//! A hand-written recursive-descent parser: one small function per
//! grammar rule, each with the input that reaches it.
//!
//! ```text
//! script    := statement? ((NEWLINE | ';') statement?)*
//! statement := list | show | path | paths | why | search | explain
//!            | relations | kinds | help | triple
//! triple    := term relpath term filter?
//! term      := '?' | name
//! relpath   := seq ('|' seq)*
//! seq       := unary ('/' unary)*
//! unary     := '^'? postfix
//! postfix   := primary ('+' | '*')?
//! primary   := relation | '(' relpath ')'
//! filter    := 'where' cond ('and' cond)*
//! cond      := ('subject' | 'object')? field ('=' | '!=' | '~') value
//! ```
//!
//! Errors say what was *expected* and point at the token found instead.
//! The parser never looks at the graph: names stay text until `eval`.

use super::ast::*;
use super::lex::{Tok, Token, lex};
use crate::diag::Diagnostic;
use crate::graph::time;

/// How deeply parentheses may nest in a relation path. Real queries use
/// two or three levels; the bound keeps hostile input from overflowing
/// the stack.
pub const MAX_DEPTH: usize = 64;

/// How many relations one relation path may name.
pub const MAX_STEPS: usize = 256;

/// The largest bound `paths … max N` accepts.
pub const MAX_HOPS: usize = 12;

/// The parser: an iterator over a script's statements.
pub struct Parser<'s> {
    src: &'s str,
    file: &'s str,
    toks: Vec<Token>,
    pos: usize,
    /// Index of the statement's first token, to say "after X" only
    /// within the statement.
    start: usize,
    depth: usize,
    steps: usize,
}

type PResult<T> = Result<T, Diagnostic>;

/// The statements of a script, one at a time: newlines or `;` separate
/// them. A statement with an error yields the error, and parsing goes on
/// with the next one.
pub fn statements<'s>(src: &'s str, file: &'s str) -> Parser<'s> {
    Parser {
        src,
        file,
        toks: lex(src),
        pos: 0,
        start: 0,
        depth: 0,
        steps: 0,
    }
}

impl Iterator for Parser<'_> {
    type Item = PResult<Statement>;

    fn next(&mut self) -> Option<PResult<Statement>> {
        while matches!(self.peek(), Tok::Newline | Tok::Semi) {
            self.pos += 1;
        }
        if self.peek() == &Tok::Eof {
            return None;
        }
        self.start = self.pos;
        self.depth = 0;
        self.steps = 0;
        let result = self
            .statement()
            .and_then(|s| self.end_of_statement().map(|()| s));
        if result.is_err() {
            while !self.at_end() {
                self.pos += 1;
            }
        }
        Some(result)
    }
}

/// Parses a whole script; see [`statements`].
pub fn parse_script(src: &str, file: &str) -> Vec<PResult<Statement>> {
    statements(src, file).collect()
}

/// Parses exactly one statement; anything after it is an error.
pub fn parse_statement(src: &str, file: &str) -> PResult<Statement> {
    let mut all = statements(src, file);
    match all.next() {
        None => Err(Diagnostic::error(file, 0..src.len(), "the query is empty")
            .with_label("expected a statement")
            .with_hint("try `help`, or a pattern such as `? bereder PSG`")),
        Some(Err(e)) => Err(e),
        Some(Ok(s)) => match all.next() {
            None => Ok(s),
            Some(Err(e)) => Err(e),
            Some(Ok(extra)) => Err(Diagnostic::error(
                file,
                extra.span.range(),
                "only one statement is allowed here",
            )
            .with_label("a second statement")
            .with_hint("use `orgraf run FILE` for several statements")),
        },
    }
}

impl<'s> Parser<'s> {
    fn tok(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn peek(&self) -> &Tok {
        &self.tok().kind
    }

    fn text(&self, t: &Token) -> &'s str {
        &self.src[t.span.clone()]
    }

    /// The current token if it is the bare word `kw` (any case).
    fn at_word(&self, kw: &str) -> bool {
        self.peek() == &Tok::Word && self.text(self.tok()).eq_ignore_ascii_case(kw)
    }

    fn bump(&mut self) -> Token {
        let t = self.tok().clone();
        if t.kind != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, kind: &Tok) -> Option<Token> {
        (self.peek() == kind).then(|| self.bump())
    }

    fn at_end(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::Semi | Tok::Eof)
    }

    /// An error at the current token: "expected WHAT after "PREV"".
    fn expected(&self, what: &str) -> Diagnostic {
        let t = self.tok();
        let message = match self.pos.checked_sub(1).filter(|&p| p >= self.start) {
            Some(p) => format!("expected {what} after \"{}\"", self.text(&self.toks[p])),
            None => format!("expected {what}"),
        };
        let found = match &t.kind {
            Tok::Word => format!("found \"{}\"", self.text(t)),
            other => format!("found {}", other.describe()),
        };
        Diagnostic::error(self.file, self.caret(t), message).with_label(found)
    }

    /// The span to underline for `t`: the end of the input gets one
    /// position past the last character.
    fn caret(&self, t: &Token) -> std::ops::Range<usize> {
        match t.kind {
            Tok::Newline | Tok::Eof => t.span.start..t.span.start,
            _ => t.span.clone(),
        }
    }

    fn span_from(&self, start: usize) -> Span {
        let end = self.toks[self.pos.saturating_sub(1).max(start)].span.end;
        Span(self.toks[start].span.start..end)
    }

    /// `… ; next` — after a complete statement only `;`, a line break or
    /// the end may follow.
    fn end_of_statement(&mut self) -> PResult<()> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self
                .expected("the end of the statement")
                .with_hint("separate statements with `;` or a line break"))
        }
    }

    /// `show PSG`, `? bereder PSG`, … — picks the rule by the first word.
    fn statement(&mut self) -> PResult<Statement> {
        let start = self.pos;
        if let Tok::Bad(_) = self.peek() {
            return Err(self.expected("a statement"));
        }
        let word = if self.peek() == &Tok::Word {
            self.text(self.tok()).to_lowercase()
        } else {
            String::new()
        };
        let kind = match word.as_str() {
            "as" if self.next_is_word("of") => self.as_of()?,
            "list" => self.list()?,
            "show" => self.one_name(StatementKind::Show)?,
            "explain" => self.one_name(StatementKind::Explain)?,
            "path" => {
                self.bump();
                StatementKind::Path(self.path_query()?)
            }
            "paths" => self.paths()?,
            "why" => self.why()?,
            "search" => self.search()?,
            "relations" => self.bare(StatementKind::Relations),
            "kinds" => self.bare(StatementKind::Kinds),
            "help" => self.help()?,
            _ if self.bare_name() => StatementKind::Show(self.name("a name")?),
            _ => StatementKind::Triple(self.triple()?),
        };
        Ok(Statement {
            kind,
            span: self.span_from(start),
        })
    }

    /// Whether the token after the current one is the bare word `kw`.
    fn next_is_word(&self, kw: &str) -> bool {
        self.toks
            .get(self.pos + 1)
            .is_some_and(|t| t.kind == Tok::Word && self.text(t).eq_ignore_ascii_case(kw))
    }

    /// `as of 2021 ? bereder PSS`, `as of 2023-01 show MTP`: a date, then
    /// any statement but another `as of`.
    fn as_of(&mut self) -> PResult<StatementKind> {
        self.bump();
        self.bump();
        let t = self.tok().clone();
        if t.kind != Tok::Word {
            return Err(self.expected("a date").with_hint(time::DATE_FORMS));
        }
        let text = self.text(&t).to_string();
        if let Err(e) = time::Period::parse(&text) {
            return Err(Diagnostic::error(self.file, t.span.clone(), e)
                .with_label("not a date")
                .with_hint(time::DATE_FORMS));
        }
        self.bump();
        if self.at_end() {
            return Err(self
                .expected("a statement")
                .with_hint("e.g. `as of 2021 ? bereder PSS`"));
        }
        if self.at_word("as") && self.next_is_word("of") {
            return Err(Diagnostic::error(
                self.file,
                self.caret(&self.tok().clone()),
                "`as of` is given once per statement",
            )
            .with_label("a second date"));
        }
        let statement = self.statement()?;
        Ok(StatementKind::AsOf {
            date: Name {
                text,
                span: Span(t.span),
            },
            statement: Box::new(statement),
        })
    }

    /// `SRO`, `"NOSAM Lerum"` — a name alone is a statement: it reads as
    /// `show NAME`, which is what a newcomer typing a name means.
    fn bare_name(&self) -> bool {
        let next = self.toks.get(self.pos + 1).map(|t| &t.kind);
        matches!(self.peek(), Tok::Word | Tok::Str(_))
            && matches!(next, Some(Tok::Newline | Tok::Semi | Tok::Eof) | None)
    }

    /// `relations`, `kinds`
    fn bare(&mut self, kind: StatementKind) -> StatementKind {
        self.bump();
        kind
    }

    /// `show PSG`, `explain DRNÖ`
    fn one_name(&mut self, make: fn(Name) -> StatementKind) -> PResult<StatementKind> {
        self.bump();
        Ok(make(self.name("a name")?))
    }

    /// `help`, `help path`
    fn help(&mut self) -> PResult<StatementKind> {
        self.bump();
        if self.at_end() {
            return Ok(StatementKind::Help(None));
        }
        Ok(StatementKind::Help(Some(self.name("a topic")?)))
    }

    /// `list`, `list roll`, `list organ where subkind = styrgrupp`
    fn list(&mut self) -> PResult<StatementKind> {
        self.bump();
        let kind = if self.at_end() || self.at_word("where") {
            None
        } else {
            Some(self.name("a kind, `where` or the end of the statement")?)
        };
        let filter = self.filter(false)?;
        Ok(StatementKind::List { kind, filter })
    }

    /// `search samordning`, `search "nära vård"` — the rest of the
    /// statement, words joined by spaces.
    fn search(&mut self) -> PResult<StatementKind> {
        self.bump();
        let first = self.name("a text to search for")?;
        let mut text = first.text;
        let mut span = first.span;
        while !self.at_end() {
            let n = self.name("more words or the end of the statement")?;
            text.push(' ');
            text.push_str(&n.text);
            span = span.to(&n.span);
        }
        Ok(StatementKind::Search(Name { text, span }))
    }

    /// `why NOSAM_Lerum lyfter_ärenden_till/bereder SAMLA`
    fn why(&mut self) -> PResult<StatementKind> {
        self.bump();
        let from = self.name("a name")?;
        let path = self.relpath()?;
        let to = self.name("a name after the relation")?;
        Ok(StatementKind::Why { from, path, to })
    }

    /// `paths A -> B via bereder max 4`
    fn paths(&mut self) -> PResult<StatementKind> {
        self.bump();
        let query = self.path_query()?;
        let max = if self.at_word("max") {
            self.bump();
            Some(self.number(1, MAX_HOPS)?)
        } else {
            None
        };
        Ok(StatementKind::Paths { query, max })
    }

    /// `4` in `max 4`
    fn number(&mut self, min: usize, max: usize) -> PResult<usize> {
        let t = self.tok().clone();
        let n = (t.kind == Tok::Word)
            .then(|| self.text(&t).parse::<usize>().ok())
            .flatten();
        match n {
            Some(n) if (min..=max).contains(&n) => {
                self.bump();
                Ok(n)
            }
            Some(_) => Err(Diagnostic::error(
                self.file,
                t.span.clone(),
                format!("the bound must be between {min} and {max}"),
            )
            .with_label("out of range")),
            None => Err(self.expected(&format!("a number of hops ({min}–{max})"))),
        }
    }

    /// `A -> B via bereder|rapporterar_till` (after `path` or `paths`)
    fn path_query(&mut self) -> PResult<PathQuery> {
        let from = self.name("a name")?;
        if self.eat(&Tok::Arrow).is_none() {
            return Err(self.expected("`->`").with_hint("write `path A -> B`"));
        }
        let to = self.name("a name")?;
        let via = if self.at_word("via") {
            self.bump();
            let mut rels = vec![self.relation()?];
            while self.eat(&Tok::Pipe).is_some() {
                rels.push(self.relation()?);
            }
            Some(rels)
        } else {
            None
        };
        Ok(PathQuery { from, to, via })
    }

    /// `? bereder PSG where kind = organ`
    fn triple(&mut self) -> PResult<Triple> {
        let subject = self.term()?;
        let path = self.relpath()?;
        let object = self.term()?;
        let asks = matches!(subject, Term::Ask(_)) || matches!(object, Term::Ask(_));
        let filter = self.filter(true)?;
        let both = matches!(subject, Term::Ask(_)) && matches!(object, Term::Ask(_));
        if let Some(c) = filter.first().filter(|_| !asks) {
            return Err(Diagnostic::error(
                self.file,
                c.field.span.range(),
                "`where` needs a `?` in the pattern",
            )
            .with_label("nothing to filter")
            .with_hint("a pattern without `?` answers yes or no"));
        }
        if let Some(c) = filter.iter().find(|c| c.target.is_some() && !both) {
            return Err(Diagnostic::error(
                self.file,
                c.field.span.range(),
                "`subject`/`object` is only needed when both ends are `?`",
            )
            .with_label("drop `subject`/`object` here"));
        }
        Ok(Triple {
            subject,
            path,
            object,
            filter,
        })
    }

    /// `?` or `PSG` or `"Politisk samrådsgrupp vårdsamverkan"`
    fn term(&mut self) -> PResult<Term> {
        if let Some(t) = self.eat(&Tok::Question) {
            return Ok(Term::Ask(Span(t.span.clone())));
        }
        match self.peek() {
            Tok::Word | Tok::Str(_) => Ok(Term::Name(self.name("a name or ?")?)),
            _ => Err(self.expected("a name or ?")),
        }
    }

    /// `PSG`, `"NOSAM Lerum"` — a word or a quoted string.
    fn name(&mut self, what: &str) -> PResult<Name> {
        let t = self.tok().clone();
        let text = match &t.kind {
            Tok::Word => self.text(&t).to_string(),
            Tok::Str(s) => s.clone(),
            _ => return Err(self.expected(what)),
        };
        self.bump();
        Ok(Name {
            text,
            span: Span(t.span.clone()),
        })
    }

    /// `bereder`, `ingar_i`, `prepares` — a relation name (not checked
    /// against the catalog here).
    fn relation(&mut self) -> PResult<Name> {
        let t = self.tok().clone();
        let keyword =
            t.kind == Tok::Word && INNER_KEYWORDS.contains(&self.text(&t).to_lowercase().as_str());
        if keyword || !matches!(t.kind, Tok::Word | Tok::Str(_)) {
            return Err(self.expected("a relation"));
        }
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(Diagnostic::error(
                self.file,
                t.span.clone(),
                format!("the relation path names more than {MAX_STEPS} relations"),
            )
            .with_label("too long"));
        }
        self.name("a relation")
    }

    /// `bereder|rapporterar_till`, `(utser/ordförande_i)|^ingår_i`
    fn relpath(&mut self) -> PResult<RelPath> {
        let mut alts = vec![self.seq()?];
        while self.eat(&Tok::Pipe).is_some() {
            alts.push(self.seq()?);
        }
        Ok(if alts.len() == 1 {
            alts.remove(0)
        } else {
            RelPath::Alt(alts)
        })
    }

    /// `utser/ordförande_i`
    fn seq(&mut self) -> PResult<RelPath> {
        let mut steps = vec![self.unary()?];
        while self.eat(&Tok::Slash).is_some() {
            steps.push(self.unary()?);
        }
        Ok(if steps.len() == 1 {
            steps.remove(0)
        } else {
            RelPath::Seq(steps)
        })
    }

    /// `^bereder`, `^(bereder|rapporterar_till)+`
    fn unary(&mut self) -> PResult<RelPath> {
        if self.eat(&Tok::Caret).is_some() {
            return Ok(RelPath::Inverse(Box::new(self.postfix()?)));
        }
        self.postfix()
    }

    /// `rapporterar_till+`, `(bereder|ingår_i)*`
    fn postfix(&mut self) -> PResult<RelPath> {
        let inner = self.primary()?;
        let at_least_one = match self.peek() {
            Tok::Plus => true,
            Tok::Star => false,
            _ => return Ok(inner),
        };
        self.bump();
        Ok(RelPath::Repeat {
            inner: Box::new(inner),
            at_least_one,
        })
    }

    /// `bereder` or `( … )`
    fn primary(&mut self) -> PResult<RelPath> {
        let Some(open) = self.eat(&Tok::LParen) else {
            return match self.peek() {
                Tok::Word | Tok::Str(_) => Ok(RelPath::Rel(self.relation()?)),
                _ => Err(self.expected("a relation")),
            };
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                self.file,
                open.span.clone(),
                format!("parentheses nested more than {MAX_DEPTH} deep"),
            )
            .with_label("too deep"));
        }
        let inner = self.relpath()?;
        if self.eat(&Tok::RParen).is_none() {
            return Err(self.expected("`)`, `|` or `/`"));
        }
        self.depth -= 1;
        Ok(inner)
    }

    /// `where kind = roll and subkind != styrgrupp` (optional)
    fn filter(&mut self, in_triple: bool) -> PResult<Vec<Cond>> {
        let mut conds = Vec::new();
        if !self.at_word("where") {
            return Ok(conds);
        }
        self.bump();
        conds.push(self.cond(in_triple)?);
        while self.at_word("and") {
            self.bump();
            conds.push(self.cond(in_triple)?);
        }
        Ok(conds)
    }

    /// `kind = roll`, `object subkind != styrgrupp`, `name ~ lerum`
    fn cond(&mut self, in_triple: bool) -> PResult<Cond> {
        let mut target = None;
        let next_is_field = matches!(
            self.toks.get(self.pos + 1).map(|t| &t.kind),
            Some(Tok::Word | Tok::Str(_))
        );
        if in_triple && next_is_field {
            if self.at_word("subject") {
                target = Some(Target::Subject);
            } else if self.at_word("object") {
                target = Some(Target::Object);
            }
            if target.is_some() {
                self.bump();
            }
        }
        let field = self.name("a field such as `kind`, `subkind`, `name` or an attribute")?;
        let op = match self.peek() {
            Tok::Eq => Op::Eq,
            Tok::Ne => Op::Ne,
            Tok::Tilde => Op::Contains,
            _ => return Err(self.expected("`=`, `!=` or `~`")),
        };
        self.bump();
        let value = self.name("a value")?;
        Ok(Cond {
            target,
            field,
            op,
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Statement {
        parse_statement(src, "<query>").unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    fn error(src: &str) -> Diagnostic {
        parse_statement(src, "<query>").expect_err(src)
    }

    #[test]
    fn canonical_form_round_trips() {
        for src in [
            "? bereder PSG",
            "Styrgrupp bereder ?",
            "? utser ?",
            "VVG bereder SRO",
            "NOSAM_Lerum rapporterar_till+ ?",
            "? (bereder|rapporterar_till)+ SRO",
            "PSG ^bereder ?",
            "? ^(bereder|ingår_i)* ?",
            "? utser/ordförande_i \"Samordningsråd rättspsykiatri\"",
            "? (a/b)+|^c ?",
            "? (^a)+ ?",
            "? ingår_i SRO where kind = roll and name ~ \"vård x\"",
            "? utser ? where object kind != roll",
            "list",
            "list roll where subkind = styrgrupp",
            "path A -> B",
            "path A -> B via bereder|rapporterar_till",
            "paths A -> B via bereder max 4",
            "show \"Politisk samrådsgrupp vårdsamverkan\"",
            "why A bereder+ B",
            "search \"nära vård\"",
            "search PSG",
            "explain DRNÖ",
            "relations",
            "kinds",
            "help",
            "help path",
            "\"list\" bereder \"where\"",
        ] {
            let ast = parse(src);
            assert_eq!(ast.to_string(), src, "canonical form of {src}");
            assert_eq!(parse(&ast.to_string()), ast, "round trip of {src}");
        }
    }

    #[test]
    fn precedence() {
        let s = parse("? a|b/c+ ?");
        let StatementKind::Triple(t) = s.kind else {
            panic!()
        };
        assert!(
            matches!(&t.path, RelPath::Alt(v) if matches!(&v[1], RelPath::Seq(s) if matches!(s[1], RelPath::Repeat { .. })))
        );
        assert_eq!(parse("? ((a)) ?").to_string(), "? a ?");
    }

    #[test]
    fn errors_say_what_was_expected() {
        let e = error("? bereder");
        assert_eq!(e.message, "expected a name or ? after \"bereder\"");
        assert_eq!(e.span, 9..9);
        let e = error("? bereder PSG extra");
        assert_eq!(e.message, "expected the end of the statement after \"PSG\"");
        assert_eq!(e.span, 14..19);
        let e = error("path A B");
        assert_eq!(e.message, "expected `->` after \"A\"");
        let e = error("? (bereder ?");
        assert_eq!(e.message, "expected `)`, `|` or `/` after \"bereder\"");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("? {}bereder{} ?", "(".repeat(10_000), ")".repeat(10_000));
        let e = error(&src);
        assert!(e.message.contains("nested more than"), "{}", e.message);
    }

    #[test]
    fn scripts_recover_after_errors() {
        let all = parse_script("? bereder PSG\nshow\n# comment\nkinds; relations", "f.oq");
        let ok: Vec<bool> = all.iter().map(Result::is_ok).collect();
        assert_eq!(ok, vec![true, false, true, true]);
    }
}
