//! Text for people: aligned tables, Swedish relation labels, paths as
//! numbered hop lists with their sources.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::Footnotes;
use crate::graph::{BodyId, KindId, OrgGraph, RelId};
use crate::model::types::Source;
use crate::query::Value;
use crate::query::value::{Card, Hit, Hop, Meaning, NoPath, Row};

pub fn render(v: &Value, g: &OrgGraph) -> String {
    let mut out = String::new();
    match v {
        Value::Nodes { nodes, .. } => bodies(&mut out, g, nodes),
        Value::Rows(rows) => self::rows(&mut out, g, rows),
        Value::Answer { answer, chain } => {
            out.push_str(if *answer { "yes\n" } else { "no\n" });
            hop_list(&mut out, g, chain);
        }
        Value::Paths {
            from,
            to,
            relations,
            paths,
            max,
            truncated,
            no_path,
        } => self::paths(
            &mut out,
            g,
            (*from, *to),
            relations,
            paths,
            *max,
            *truncated,
            no_path.as_ref(),
        ),
        Value::Card(c) => card(&mut out, g, c),
        Value::Evidence {
            holds,
            from,
            path,
            to,
            chain,
            reached,
        } => {
            let (a, b) = (label(g, *from), label(g, *to));
            if *holds {
                let n = chain.len();
                let _ = writeln!(
                    out,
                    "yes: {a} {path} {b}, by {n} {}",
                    plural(n, "edge", "edges")
                );
                hop_list(&mut out, g, chain);
            } else {
                let _ = writeln!(out, "no: {a} does not reach {b} over {path}");
                if reached.is_empty() {
                    let _ = writeln!(out, "{a} reaches nothing over {path}");
                } else {
                    let _ = writeln!(out, "{a} reaches over {path}: {}", names(g, reached));
                }
            }
        }
        Value::Search { text, hits } => search(&mut out, g, text, hits),
        Value::Explain { meanings, .. } => {
            for (i, m) in meanings.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                meaning(&mut out, g, m);
            }
        }
        Value::Relations(rels) => {
            let mut t = Table::new(&[
                "id",
                "reads",
                "backwards",
                "ascii",
                "english",
                "path follows",
            ]);
            for &r in rels {
                let r = g.catalog.relation(r);
                t.row(vec![
                    r.id.clone(),
                    r.label.clone(),
                    r.inverse.clone(),
                    r.ascii.clone(),
                    r.english.clone().unwrap_or_default(),
                    if r.reachable { "yes" } else { "no" }.into(),
                ]);
            }
            t.write(&mut out);
        }
        Value::Kinds(kinds) => {
            let mut t = Table::new(&["id", "label", "english", "count"]);
            for &(k, n) in kinds {
                let k = g.catalog.kind(k);
                t.row(vec![
                    k.id.clone(),
                    k.label.clone(),
                    k.english.clone().unwrap_or_default(),
                    n.to_string(),
                ]);
            }
            t.write(&mut out);
        }
        Value::Help(text) => out.push_str(text),
        Value::AsOf(a) => {
            let _ = writeln!(out, "as of {}:", a.date);
            for n in &a.notes {
                let _ = writeln!(out, "note: {n}");
            }
            out.push_str(&render(&a.value, a.graph(g)));
        }
    }
    out
}

/// Columns padded to the widest cell (in characters); the last column
/// is not padded.
/// Cells borrow from the graph where they can, and every row's cells
/// are kept in one `Vec`: a table of tens of thousands of bodies
/// allocates nothing a row.
struct Table<'a> {
    cols: usize,
    cells: Vec<Cow<'a, str>>,
    /// Where each row ends in `cells`.
    ends: Vec<usize>,
}

/// Spaces to pad cells with, a slice at a time.
const SPACES: &str = "                                                                ";

/// Appends `n` spaces.
fn pad(out: &mut String, mut n: usize) {
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// The width of `s` in characters, counted fast for ASCII.
fn chars(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

impl<'a> Table<'a> {
    fn new(header: &[&'a str]) -> Table<'a> {
        Table {
            cols: header.len(),
            cells: header.iter().map(|&h| Cow::Borrowed(h)).collect(),
            ends: vec![header.len()],
        }
    }

    /// A table of `cols` columns without a header row.
    fn headless(cols: usize) -> Table<'a> {
        Table {
            cols,
            cells: Vec::new(),
            ends: Vec::new(),
        }
    }

    fn row<S: Into<Cow<'a, str>>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.cells.extend(cells.into_iter().map(Into::into));
        self.ends.push(self.cells.len());
    }

    fn rows(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        std::iter::once(0)
            .chain(self.ends.iter().copied())
            .zip(self.ends.iter().copied())
            .map(|(a, b)| a..b)
    }

    fn write(&self, out: &mut String) {
        let cols = self.cols;
        // Every cell's width, counted once.
        let chars: Vec<usize> = self.cells.iter().map(|c| chars(c)).collect();
        let mut width = vec![0; cols];
        for r in self.rows() {
            for (w, &c) in width.iter_mut().zip(&chars[r]) {
                *w = (*w).max(c);
            }
        }
        out.reserve(self.ends.len() * (width.iter().sum::<usize>() + 2 * cols));
        for r in self.rows() {
            let start = out.len();
            for (c, at) in r.enumerate() {
                out.push_str(&self.cells[at]);
                if c + 1 < cols {
                    pad(out, width[c] - chars[at] + 2);
                }
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
            out.push('\n');
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// `Name (id)`, or the name alone when it is the id.
fn label(g: &OrgGraph, b: BodyId) -> String {
    let n = g.node(b);
    if n.name == n.id {
        n.name.to_string()
    } else {
        format!("{} ({})", n.name, n.id)
    }
}

fn names(g: &OrgGraph, bs: &[BodyId]) -> String {
    const SHOWN: usize = 8;
    let mut s: Vec<String> = bs
        .iter()
        .take(SHOWN)
        .map(|&b| g.node(b).name.to_string())
        .collect();
    if bs.len() > SHOWN {
        s.push(format!("… ({} more)", bs.len() - SHOWN));
    }
    s.join(", ")
}

fn kind_text(g: &OrgGraph, b: BodyId) -> Cow<'_, str> {
    kind_of(g, b, g.node(b).kind)
}

/// [`kind_text`] for a body whose kind is known already.
fn kind_of(g: &OrgGraph, b: BodyId, kind: KindId) -> Cow<'_, str> {
    let k = &g.catalog.kind(kind).id;
    match g.details(b).and_then(|d| d.subkind.as_deref()) {
        Some(s) => Cow::Owned(format!("{k} ({s})")),
        None => Cow::Borrowed(k),
    }
}

/// The bodies as a table of id, name and kind, laid out as [`Table`]
/// would: the cells are read once, prefetched (an answer may hold tens
/// of thousands of bodies spread over a million), and kept in one
/// `Vec` while the columns are measured.
fn bodies(out: &mut String, g: &OrgGraph, bs: &[BodyId]) {
    if bs.is_empty() {
        out.push_str("(none)\n");
        return;
    }
    let mut width = [chars("id"), chars("name")];
    let mut cells = Vec::with_capacity(bs.len());
    for (i, &b) in bs.iter().enumerate() {
        super::prefetch_ahead(g, bs, i);
        let n = g.node(b);
        let w = [chars(n.id), chars(n.name)];
        width = [width[0].max(w[0]), width[1].max(w[1])];
        cells.push((n.id, n.name, w, kind_of(g, b, n.kind)));
    }
    out.reserve((bs.len() + 1) * (width[0] + width[1] + 16));
    let mut line = |id: &str, name: &str, w: [usize; 2], kind: &str| {
        let start = out.len();
        out.push_str(id);
        pad(out, width[0] - w[0] + 2);
        out.push_str(name);
        pad(out, width[1] - w[1] + 2);
        out.push_str(kind);
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    };
    line("id", "name", [chars("id"), chars("name")], "kind");
    for (id, name, w, kind) in &cells {
        line(id, name, *w, kind);
    }
}

fn rows(out: &mut String, g: &OrgGraph, rows: &[Row]) {
    if rows.is_empty() {
        out.push_str("(none)\n");
        return;
    }
    let mut t = Table::new(&["subject", "relation", "object"]);
    for r in rows {
        t.row(vec![
            Cow::Borrowed(g.node(r.subject).name),
            super::via_label(g, &r.via).into(),
            Cow::Borrowed(g.node(r.object).name),
        ]);
    }
    t.write(out);
}

fn source_line(g: &OrgGraph, s: &Source) -> String {
    match g.catalog.document(&s.doc) {
        Some(d) => format!("{} ({}): \"{}\"", d.title, s.doc, s.quote),
        None => format!("{}: \"{}\"", s.doc, s.quote),
    }
}

fn edge_text(g: &OrgGraph, h: &Hop) -> String {
    let r = g.catalog.relation(h.rel);
    let mut s = format!("{} {} {}", g.node(h.from).name, r.label, g.node(h.to).name);
    if let Some(c) = h.count {
        let _ = write!(s, " (×{c})");
    }
    s
}

/// `1. A bereder B` and under it each source.
fn hop_list(out: &mut String, g: &OrgGraph, hops: &[Hop]) {
    for (i, h) in hops.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, edge_text(g, h));
        if let Some(n) = &h.note {
            let _ = writeln!(out, "     note: {n}");
        }
        for s in &h.sources {
            let _ = writeln!(out, "     source: {}", source_line(g, s));
        }
    }
}

fn rel_list(g: &OrgGraph, rels: &[RelId]) -> String {
    rels.iter()
        .map(|&r| g.catalog.relation(r).id.as_str())
        .collect::<Vec<_>>()
        .join("|")
}

#[allow(clippy::too_many_arguments)]
fn paths(
    out: &mut String,
    g: &OrgGraph,
    (from, to): (BodyId, BodyId),
    rels: &[RelId],
    paths: &[Vec<Hop>],
    max: Option<usize>,
    truncated: bool,
    no_path: Option<&NoPath>,
) {
    let (a, b) = (label(g, from), label(g, to));
    let over = rel_list(g, rels);
    if paths.is_empty() {
        let bound = max.map_or(String::new(), |m| {
            format!(" of at most {m} {}", plural(m, "hop", "hops"))
        });
        let _ = writeln!(out, "no path{bound} from {a} to {b} over {over}");
        if let Some(np) = no_path {
            why_no_path(out, g, from, to, np);
        }
        return;
    }
    if paths[0].is_empty() {
        let _ = writeln!(out, "path from {a} to itself: 0 hops");
        return;
    }
    if max.is_none() {
        let n = paths[0].len();
        let _ = writeln!(
            out,
            "path from {a} to {b}, {n} {} over {over}:",
            plural(n, "hop", "hops")
        );
        hop_list(out, g, &paths[0]);
        return;
    }
    let n = paths.len();
    let more = if truncated {
        " (the first ones; there are more)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{n} {} from {a} to {b} of at most {} hops over {over}{more}:",
        plural(n, "path", "paths"),
        max.unwrap_or_default()
    );
    for (i, p) in paths.iter().enumerate() {
        let _ = writeln!(
            out,
            "\npath {} ({} {}):",
            i + 1,
            p.len(),
            plural(p.len(), "hop", "hops")
        );
        hop_list(out, g, p);
    }
}

fn why_no_path(out: &mut String, g: &OrgGraph, from: BodyId, to: BodyId, np: &NoPath) {
    let (a, b) = (&g.node(from).name, &g.node(to).name);
    if let Some(n) = np.shortest {
        let _ = writeln!(
            out,
            "  the shortest path has {n} {}; raise `max` or ask `path`",
            plural(n, "hop", "hops")
        );
        return;
    }
    if np.reached.is_empty() {
        let _ = writeln!(out, "  {a} reaches nothing over these relations");
    } else {
        let n = np.reached.len();
        let _ = writeln!(
            out,
            "  {a} reaches {n} {}: {}",
            plural(n, "body", "bodies"),
            names(g, &np.reached)
        );
    }
    match np.closest.as_slice() {
        [] => {
            let _ = writeln!(
                out,
                "  {b} is not connected to {a} or to anything it reaches, by any relation"
            );
        }
        near => {
            let d = near[0].1;
            let who: Vec<BodyId> = near.iter().map(|&(x, _)| x).collect();
            let _ = writeln!(
                out,
                "  closest to {b}: {}, {d} {} away counting any relation in either direction",
                names(g, &who),
                plural(d, "hop", "hops")
            );
        }
    }
    if np.reaching.is_empty() {
        let _ = writeln!(out, "  nothing reaches {b} over these relations");
    } else {
        let n = np.reaching.len();
        let _ = writeln!(
            out,
            "  {b} is reached from {n} {} over these relations, none of which {a} reaches: {}",
            plural(n, "body", "bodies"),
            names(g, &np.reaching)
        );
    }
}

/// `[1][2]`: the footnote numbers of some sources.
fn refs(notes: &mut Footnotes, ss: &[Source]) -> String {
    notes.numbers(ss).iter().map(|n| format!("[{n}]")).collect()
}

fn card(out: &mut String, g: &OrgGraph, c: &Card) {
    let b = c.body;
    let n = g.node(b);
    let d = g.details(b);
    let mut notes = Footnotes::default();
    let _ = writeln!(
        out,
        "{}  {}",
        n.name,
        d.map_or(String::new(), |d| refs(&mut notes, &d.sources))
    );
    let mut facts = Table::new(&["id", n.id]);
    facts.row(vec!["kind".into(), kind_text(g, b)]);
    let aliases: Vec<&str> = g.aliases(b).collect();
    if !aliases.is_empty() {
        facts.row(vec!["aliases".into(), aliases.join(", ")]);
    }
    if let Some(d) = d {
        for f in &d.former_names {
            let also = if f.aliases.is_empty() {
                String::new()
            } else {
                format!(" ({})", f.aliases.join(", "))
            };
            let value = format!(
                "{}{also}, changed {} {}",
                f.name,
                f.changed,
                refs(&mut notes, &f.sources)
            );
            facts.row(vec!["former name".into(), value]);
        }
        for a in &d.attributes {
            facts.row(vec![
                g.catalog.attribute_label(&a.key).to_string(),
                format!("{} {}", a.value, refs(&mut notes, &a.sources)),
            ]);
        }
    }
    let mut lines = String::new();
    facts.write(&mut lines);
    for l in lines.lines() {
        let _ = writeln!(out, "  {l}");
    }
    edge_groups(out, g, &c.outgoing, true, &mut notes);
    edge_groups(out, g, &c.incoming, false, &mut notes);
    history(out, g, c, &mut notes);
    if !notes.list.is_empty() {
        out.push_str("\nsources:\n");
        for (i, s) in notes.list.iter().enumerate() {
            let _ = writeln!(out, "  [{}] {}", i + 1, source_line(g, s));
        }
    }
}

/// The history section of a card: one line per event, oldest first.
fn history(out: &mut String, g: &OrgGraph, c: &Card, notes: &mut Footnotes) {
    if c.history.is_empty() {
        return;
    }
    out.push_str("\nhistory:\n");
    let mut t = Table::headless(2);
    for e in &c.history {
        let what = super::fact_text(g, c.body, &e.fact);
        t.row(vec![
            super::period_text(e),
            format!("{what} {}", refs(notes, &e.sources)),
        ]);
    }
    let mut lines = String::new();
    t.write(&mut lines);
    for l in lines.lines() {
        let _ = writeln!(out, "  {l}");
    }
}

/// Edges grouped by relation: forward label for outgoing edges, inverse
/// label ("bereds av") for incoming ones.
fn edge_groups(
    out: &mut String,
    g: &OrgGraph,
    hops: &[Hop],
    outgoing: bool,
    notes: &mut Footnotes,
) {
    let mut i = 0;
    while i < hops.len() {
        let rel = hops[i].rel;
        let r = g.catalog.relation(rel);
        let _ = writeln!(out, "\n{}:", if outgoing { &r.label } else { &r.inverse });
        let mut t = Table::headless(2);
        while i < hops.len() && hops[i].rel == rel {
            let h = &hops[i];
            let other = if outgoing { h.to } else { h.from };
            let mut extra = String::new();
            if let Some(c) = h.count {
                let _ = write!(extra, "×{c} ");
            }
            if let Some(n) = &h.note {
                let _ = write!(extra, "({n}) ");
            }
            extra.push_str(&refs(notes, &h.sources));
            t.row(vec![
                format!("  {}", g.node(other).name),
                format!("{} {extra}", kind_text(g, other)),
            ]);
            i += 1;
        }
        t.write(out);
    }
}

fn search(out: &mut String, g: &OrgGraph, text: &str, hits: &[Hit]) {
    if hits.is_empty() {
        let _ = writeln!(out, "nothing matches \"{text}\"");
        return;
    }
    let mut t = Table::new(&["score", "id", "name", "matched"]);
    for h in hits {
        let n = g.node(h.body);
        let matched = if h.field == "name" || h.field == "id" {
            h.field.clone()
        } else {
            format!(
                "{}: {}",
                g.catalog.attribute_label(&h.field),
                shorten(&h.text, 60)
            )
        };
        t.row(vec![
            h.score.to_string(),
            n.id.to_string(),
            n.name.to_string(),
            matched,
        ]);
    }
    t.write(out);
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn meaning(out: &mut String, g: &OrgGraph, m: &Meaning) {
    match m {
        Meaning::Body(b) => {
            let n = g.node(*b);
            let _ = writeln!(out, "{}: {}", n.id, n.name);
            let _ = writeln!(out, "  kind: {}", kind_text(g, *b));
            let aliases: Vec<&str> = g.aliases(*b).collect();
            if !aliases.is_empty() {
                let _ = writeln!(out, "  aliases: {}", aliases.join(", "));
            }
            if let Some(d) = g.details(*b) {
                for f in &d.former_names {
                    let also = if f.aliases.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", f.aliases.join(", "))
                    };
                    let _ = writeln!(
                        out,
                        "  former name: {}{also}, changed {}",
                        f.name, f.changed
                    );
                }
                for a in &d.attributes {
                    let _ = writeln!(out, "  {}: {}", g.catalog.attribute_label(&a.key), a.value);
                }
            }
        }
        Meaning::Relation(r) => {
            let r = g.catalog.relation(*r);
            let en = r
                .english
                .as_deref()
                .map_or(String::new(), |e| format!(" ({e})"));
            let _ = writeln!(
                out,
                "relation {}{en}: A {} B; backwards: B {} A",
                r.id, r.label, r.inverse
            );
            if let Some(d) = &r.description {
                let _ = writeln!(out, "  {d}");
            }
            let _ = writeln!(
                out,
                "  `path` follows it by default: {}",
                if r.reachable { "yes" } else { "no" }
            );
        }
        Meaning::Kind(k) => {
            let k = g.catalog.kind(*k);
            let en = k
                .english
                .as_deref()
                .map_or(String::new(), |e| format!(" ({e})"));
            let _ = writeln!(out, "kind {}{en}: {}", k.id, k.label);
            if let Some(d) = &k.description {
                let _ = writeln!(out, "  {d}");
            }
        }
    }
}
