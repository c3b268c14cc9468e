//! The syntax tree of a statement, with spans, and its canonical source
//! form.
//!
//! `Display` prints a statement back as source that parses to the same
//! tree. Spans take no part in equality ([`Span`] compares equal to every
//! span), so `parse(print(ast)) == ast` holds although the positions move.

use std::fmt;
use std::ops::Range;

use super::lex::is_word_char;

/// A byte range in the statement's source. All spans compare equal, so
/// trees compare by structure only.
#[derive(Debug, Clone, Default, Eq)]
pub struct Span(pub Range<usize>);

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Span {
    pub fn range(&self) -> Range<usize> {
        self.0.clone()
    }

    /// From the start of `self` to the end of `other`.
    pub fn to(&self, other: &Span) -> Span {
        Span(self.0.start..other.0.end.max(self.0.start))
    }
}

/// A name as written: a bare word or a quoted string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// One statement and the source range it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementKind {
    /// `? bereder PSG where kind = organ`
    Triple(Triple),
    /// `list organ where subkind = styrgrupp`
    List {
        kind: Option<Name>,
        filter: Vec<Cond>,
    },
    /// `path A -> B via bereder|rapporterar_till`
    Path(PathQuery),
    /// `paths A -> B via bereder max 4`
    Paths {
        query: PathQuery,
        max: Option<usize>,
    },
    /// `show PSG`
    Show(Name),
    /// `why NOSAM_Lerum lyfter_ärenden_till+ SAMLA`
    Why { from: Name, path: RelPath, to: Name },
    /// `search samordning`
    Search(Name),
    /// `explain DRNÖ`
    Explain(Name),
    /// `relations`
    Relations,
    /// `kinds`
    Kinds,
    /// `help` or `help path`
    Help(Option<Name>),
    /// `as of 2021 ? bereder PSS`: a statement evaluated on the graph as
    /// it stood on a date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked by
    /// the parser).
    AsOf {
        date: Name,
        statement: Box<Statement>,
    },
}

impl StatementKind {
    /// The names in the statement that stand for bodies: the named ends
    /// of a pattern, path or `why`, and the name of `show`.
    pub fn body_names(&self) -> Vec<&Name> {
        fn term(t: &Term) -> Option<&Name> {
            match t {
                Term::Name(n) => Some(n),
                Term::Ask(_) => None,
            }
        }
        match self {
            StatementKind::Triple(t) => term(&t.subject)
                .into_iter()
                .chain(term(&t.object))
                .collect(),
            StatementKind::Path(q) | StatementKind::Paths { query: q, .. } => vec![&q.from, &q.to],
            StatementKind::Show(n) => vec![n],
            StatementKind::Why { from, to, .. } => vec![from, to],
            StatementKind::AsOf { statement, .. } => statement.kind.body_names(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triple {
    pub subject: Term,
    pub path: RelPath,
    pub object: Term,
    pub filter: Vec<Cond>,
}

/// One end of a triple pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// `?`: what is asked.
    Ask(Span),
    Name(Name),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathQuery {
    pub from: Name,
    pub to: Name,
    /// The relations allowed, if restricted with `via`.
    pub via: Option<Vec<Name>>,
}

/// A relation path: which edges may lead from subject to object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelPath {
    /// One relation, forward.
    Rel(Name),
    /// `^p`: `p` followed backwards.
    Inverse(Box<RelPath>),
    /// `p+` (one or more) or `p*` (zero or more).
    Repeat {
        inner: Box<RelPath>,
        at_least_one: bool,
    },
    /// `p/q`: `p` then `q`.
    Seq(Vec<RelPath>),
    /// `p|q`: `p` or `q`.
    Alt(Vec<RelPath>),
}

/// A filter condition: `kind = roll`, `object subkind != styrgrupp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cond {
    /// Which `?` it applies to; `None` means every `?`.
    pub target: Option<Target>,
    pub field: Name,
    pub op: Op,
    pub value: Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Subject,
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    /// Contains, case- and diacritic-insensitive.
    Contains,
}

/// Words with a meaning of their own at the start of a statement, in the
/// order `help` lists them.
pub const KEYWORDS: &[&str] = &[
    "as",
    "list",
    "show",
    "path",
    "paths",
    "why",
    "search",
    "explain",
    "relations",
    "kinds",
    "help",
];

/// Words with a meaning inside a statement.
pub const INNER_KEYWORDS: &[&str] = &["where", "and", "via", "max", "subject", "object", "of"];

/// Whether a name must be quoted to read back as the same name: it is not
/// one bare word, or it is a word with a meaning inside statements.
fn needs_quotes(s: &str) -> bool {
    let bare = !s.is_empty()
        && s.chars().all(|c| is_word_char(c) || c == '-')
        && !s.contains("->")
        && !s.starts_with('-');
    !bare || INNER_KEYWORDS.contains(&s.to_lowercase().as_str())
}

fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if needs_quotes(&self.text) {
            write_quoted(f, &self.text)
        } else {
            f.write_str(&self.text)
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Ask(_) => f.write_str("?"),
            Term::Name(n) => n.fmt(f),
        }
    }
}

impl RelPath {
    /// Binding strength: alternatives bind loosest, single relations tightest.
    fn level(&self) -> u8 {
        match self {
            RelPath::Alt(_) => 0,
            RelPath::Seq(_) => 1,
            RelPath::Inverse(_) => 2,
            RelPath::Repeat { .. } => 3,
            RelPath::Rel(_) => 4,
        }
    }

    /// Writes `self`, in parentheses if it binds looser than `min`.
    fn write_at(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        if self.level() < min {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }

    /// Whether this path is one relation or several joined by `|`, each
    /// possibly inverted: a single step, which matches edges directly.
    pub fn is_single_step(&self) -> bool {
        match self {
            RelPath::Rel(_) => true,
            RelPath::Inverse(p) => p.is_single_step(),
            RelPath::Alt(ps) => ps.iter().all(RelPath::is_single_step),
            RelPath::Repeat { .. } | RelPath::Seq(_) => false,
        }
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelPath::Rel(n) => n.fmt(f),
            RelPath::Inverse(p) => {
                f.write_str("^")?;
                p.write_at(f, 3)
            }
            RelPath::Repeat {
                inner,
                at_least_one,
            } => {
                inner.write_at(f, 4)?;
                f.write_str(if *at_least_one { "+" } else { "*" })
            }
            RelPath::Seq(ps) => join(f, ps, "/", 2),
            RelPath::Alt(ps) => join(f, ps, "|", 1),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, ps: &[RelPath], sep: &str, min: u8) -> fmt::Result {
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        p.write_at(f, min)?;
    }
    Ok(())
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target {
            Some(Target::Subject) => f.write_str("subject ")?,
            Some(Target::Object) => f.write_str("object ")?,
            None => {}
        }
        let op = match self.op {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Contains => "~",
        };
        write!(f, "{} {op} {}", self.field, self.value)
    }
}

fn write_filter(f: &mut fmt::Formatter<'_>, filter: &[Cond]) -> fmt::Result {
    for (i, c) in filter.iter().enumerate() {
        f.write_str(if i == 0 { " where " } else { " and " })?;
        write!(f, "{c}")?;
    }
    Ok(())
}

impl fmt::Display for PathQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}", self.from, self.to)?;
        if let Some(via) = &self.via {
            f.write_str(" via ")?;
            for (i, r) in via.iter().enumerate() {
                if i > 0 {
                    f.write_str("|")?;
                }
                write!(f, "{r}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl fmt::Display for StatementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatementKind::Triple(t) => {
                // A subject that is a statement keyword needs quotes.
                match &t.subject {
                    Term::Name(n) if KEYWORDS.contains(&n.text.to_lowercase().as_str()) => {
                        write_quoted(f, &n.text)?
                    }
                    other => write!(f, "{other}")?,
                }
                write!(f, " {} {}", t.path, t.object)?;
                write_filter(f, &t.filter)
            }
            StatementKind::List { kind, filter } => {
                f.write_str("list")?;
                if let Some(k) = kind {
                    write!(f, " {k}")?;
                }
                write_filter(f, filter)
            }
            StatementKind::Path(q) => write!(f, "path {q}"),
            StatementKind::Paths { query, max } => {
                write!(f, "paths {query}")?;
                match max {
                    Some(m) => write!(f, " max {m}"),
                    None => Ok(()),
                }
            }
            StatementKind::Show(n) => write!(f, "show {n}"),
            StatementKind::Why { from, path, to } => write!(f, "why {from} {path} {to}"),
            StatementKind::Search(n) => write!(f, "search {n}"),
            StatementKind::Explain(n) => write!(f, "explain {n}"),
            StatementKind::Relations => f.write_str("relations"),
            StatementKind::Kinds => f.write_str("kinds"),
            StatementKind::Help(None) => f.write_str("help"),
            StatementKind::Help(Some(t)) => write!(f, "help {t}"),
            StatementKind::AsOf { date, statement } => {
                write!(f, "as of {} {statement}", date.text)
            }
        }
    }
}
