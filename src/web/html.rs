//! A [`Value`] as HTML, and the frame every page shares.
//!
//! Like the text and JSON renderers in [`crate::output`], these functions
//! look names, labels and documents up in the graph but never compute an
//! answer: everything shown is in the value. maud escapes every string
//! it is given; the only markup passed through unescaped is Graphviz's
//! SVG (see [`super::charts`]).

use maud::{DOCTYPE, Markup, html};

use super::links::Links;
use super::strings::{fill, ui};
use crate::graph::{BodyId, OrgGraph, RelId};
use crate::model::types::Source;
use crate::output::{Footnotes, via_label};
use crate::query::Value;
use crate::query::value::{Card, Hit, Hop, Meaning, NoPath, Row};

/// What a page needs to render: the graph and how to link.
pub struct Ctx<'a> {
    pub g: &'a OrgGraph,
    pub links: Links,
}

/// The whole HTML document around a page's `main`.
pub fn layout(ctx: &Ctx<'_>, title: &str, main: &Markup) -> Markup {
    let u = ui();
    let l = &ctx.links;
    let meta = ctx.g.catalog.meta.as_ref();
    html! {
        (DOCTYPE)
        html lang=(u.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (u.site_name) }
                link rel="stylesheet" href=(l.asset("style.css"));
                @if l.is_site() {
                    script src=(l.asset("site.js")) defer {}
                } @else {
                    script src=(l.asset("app.js")) defer {}
                }
            }
            body {
                header {
                    nav {
                        a.brand href=(l.home()) { (u.site_name) }
                        a href=(l.search()) { (u.nav_search) }
                        @if let Some(p) = l.path() { a href=(p) { (u.nav_path) } }
                        @if let Some(q) = l.query() { a href=(q) { (u.nav_query) } }
                        a href=(l.documents()) { (u.nav_documents) }
                        a href=(l.relations()) { (u.nav_relations) }
                        a href=(l.kinds()) { (u.nav_kinds) }
                    }
                    (search_form(l, "", false))
                }
                @if let Some(d) = l.as_of() {
                    p.asof-banner {
                        (fill(u.as_of_banner, &[("date", d)])) " "
                        a href=(Links::SERVER.home()) { (u.as_of_today) }
                    }
                }
                main { (main) }
                footer {
                    @if let Some(m) = meta { (m.name) ", " (m.date) ". " }
                    (u.footer)
                }
            }
        }
    }
}

/// A form's hidden `asof` field on a page asked as of a date, so that
/// what the form asks keeps the date.
pub fn as_of_input(l: &Links) -> Markup {
    html! { @if let Some(d) = l.as_of() { input type="hidden" name="asof" value=(d); } }
}

/// The search box; `big` on the home page.
pub fn search_form(l: &Links, value: &str, big: bool) -> Markup {
    let u = ui();
    html! {
        form.search.big[big] action=(l.search()) method="get" role="search" {
            label { span.label[!big] { (u.search_label) }
                input type="search" name="q" value=(value) placeholder=(u.search_placeholder)
                    autocomplete="off" maxlength="200" data-live="";
            }
            (as_of_input(l))
            button type="submit" { (u.search_button) }
            ul.live hidden {}
        }
    }
}

/// A body's name, linking to its page.
pub fn body_link(ctx: &Ctx<'_>, b: BodyId) -> Markup {
    let n = ctx.g.node(b);
    html! { a href=(ctx.links.body(n.id)) { (n.name) } }
}

/// `organ (styrgrupp)`.
pub fn kind_text(g: &OrgGraph, b: BodyId) -> String {
    let k = &g.kind_of(b).label;
    match g.details(b).and_then(|d| d.subkind.as_deref()) {
        Some(s) => format!("{k} ({s})"),
        None => k.clone(),
    }
}

fn rel_list(g: &OrgGraph, rels: &[RelId]) -> String {
    rels.iter()
        .map(|&r| g.catalog.relation(r).label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders any answer.
pub fn value(ctx: &Ctx<'_>, v: &Value) -> Markup {
    let u = ui();
    let g = ctx.g;
    match v {
        Value::Nodes { nodes, .. } => bodies(ctx, nodes),
        Value::Rows(rows) => self::rows(ctx, rows),
        Value::Answer { answer, chain } => html! {
            p.answer { strong { (if *answer { u.yes } else { u.no }) } }
            (hop_list(ctx, chain))
        },
        Value::Paths {
            from,
            to,
            relations,
            paths,
            max,
            truncated,
            no_path,
        } => {
            let (a, b) = (g.node(*from).name, g.node(*to).name);
            let over = rel_list(g, relations);
            let vals = |n: usize| {
                [
                    ("from", a.to_string()),
                    ("to", b.to_string()),
                    ("over", over.clone()),
                    ("n", n.to_string()),
                    ("max", max.unwrap_or_default().to_string()),
                ]
            };
            let say = |t: &str, n: usize| {
                let v = vals(n);
                let pairs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
                fill(t, &pairs)
            };
            html! {
                @if paths.is_empty() {
                    p.answer { (say(u.path_none, 0)) @if max.is_some() { " " (say(u.path_none_bound, 0)) } }
                    @if let Some(np) = no_path { (why_no_path(ctx, *from, *to, np)) }
                } @else if paths[0].is_empty() {
                    p.answer { (u.path_self) }
                } @else if max.is_none() {
                    p.answer { (say(u.path_found, paths[0].len())) }
                    (hop_list(ctx, &paths[0]))
                } @else {
                    p.answer { (say(u.paths_found, paths.len())) @if *truncated { " " (u.paths_truncated) } }
                    @for (i, p) in paths.iter().enumerate() {
                        h3 { (fill(u.path_numbered, &[("i", &(i + 1).to_string()), ("n", &p.len().to_string())])) }
                        (hop_list(ctx, p))
                    }
                }
            }
        }
        Value::Card(c) => card(ctx, c),
        Value::Evidence {
            holds,
            from,
            path,
            to,
            chain,
            reached,
        } => {
            let (a, b) = (g.node(*from).name, g.node(*to).name);
            let n = chain.len().to_string();
            let vals = [("from", a), ("to", b), ("path", path.as_str()), ("n", &n)];
            html! {
                @if *holds {
                    p.answer { (fill(u.evidence_yes, &vals)) }
                    (hop_list(ctx, chain))
                } @else {
                    p.answer { (fill(u.evidence_no, &vals)) }
                    @if !reached.is_empty() {
                        p { (fill(u.evidence_reached, &vals)) }
                        (body_list(ctx, reached))
                    }
                }
            }
        }
        Value::Search { text, hits } => search(ctx, text, hits),
        Value::Explain { meanings, .. } => html! {
            @for m in meanings { (meaning(ctx, m)) }
        },
        Value::Relations(rels) => relations(g, rels),
        Value::Kinds(kinds) => html! {
            table {
                thead { tr { th { (u.col_id) } th { (u.col_label) } th { (u.col_english) } th { (u.col_description) } th.num { (u.col_count) } } }
                tbody {
                    @for &(k, n) in kinds {
                        @let k = g.catalog.kind(k);
                        tr id=(k.id) { td { code { (k.id) } } td { (k.label) } td { (k.english.as_deref().unwrap_or("")) }
                           td { (k.description.as_deref().unwrap_or("")) } td.num { (n) } }
                    }
                }
            }
        },
        Value::Help(text) => html! { pre.help { (text) } },
        Value::AsOf(a) => {
            let then = Ctx {
                g: a.graph(ctx.g),
                links: ctx.links.clone(),
            };
            html! {
                p.asof { (fill(u.as_of, &[("date", &a.date)])) }
                @for n in &a.notes { p.note { (n) } }
                (value(&then, &a.value))
            }
        }
    }
}

fn relations(g: &OrgGraph, rels: &[RelId]) -> Markup {
    let u = ui();
    html! {
        table {
            thead { tr { th { (u.col_id) } th { (u.col_label) } th { (u.col_inverse) } th { (u.col_english) }
                         th { (u.col_description) } th { (u.col_reachable) } } }
            tbody {
                @for &r in rels {
                    @let r = g.catalog.relation(r);
                    tr id=(r.id) { td { code { (r.id) } } td { (r.label) } td { (r.inverse) }
                       td { (r.english.as_deref().unwrap_or("")) } td { (r.description.as_deref().unwrap_or("")) }
                       td { (if r.reachable { u.yes } else { u.no }) } }
                }
            }
        }
    }
}

/// A table of bodies: name (linked), id, kind.
pub fn bodies(ctx: &Ctx<'_>, bs: &[BodyId]) -> Markup {
    let u = ui();
    html! {
        @if bs.is_empty() { p.none { (u.none) } } @else {
            table.bodies {
                thead { tr { th { (u.col_name) } th { (u.col_id) } th { (u.col_kind) } } }
                tbody {
                    @for &b in bs {
                        tr { td { (body_link(ctx, b)) } td { code { (ctx.g.node(b).id) } } td { (kind_text(ctx.g, b)) } }
                    }
                }
            }
        }
    }
}

fn body_list(ctx: &Ctx<'_>, bs: &[BodyId]) -> Markup {
    html! { ul.bodies { @for &b in bs { li { (body_link(ctx, b)) } } } }
}

fn rows(ctx: &Ctx<'_>, rows: &[Row]) -> Markup {
    let u = ui();
    html! {
        @if rows.is_empty() { p.none { (u.none) } } @else {
            table.rows {
                thead { tr { th { (u.col_subject) } th { (u.col_relation) } th { (u.col_object) } } }
                tbody {
                    @for r in rows {
                        tr { td { (body_link(ctx, r.subject)) } td { (via_label(ctx.g, &r.via)) } td { (body_link(ctx, r.object)) } }
                    }
                }
            }
        }
    }
}

/// One source: the document's title (linking to its page) and date, and
/// the quote.
pub fn source(ctx: &Ctx<'_>, s: &Source) -> Markup {
    let doc = ctx.g.catalog.document(&s.doc);
    html! {
        a.doc href=(ctx.links.document(&s.doc)) { (doc.map_or(s.doc.as_str(), |d| d.title.as_str())) }
        @if let Some(date) = doc.and_then(|d| d.date.as_deref()) { " (" (date) ")" }
        ": " q { (s.quote) }
    }
}

/// `1. A bereder B`, each with its note and sources.
pub fn hop_list(ctx: &Ctx<'_>, hops: &[Hop]) -> Markup {
    let u = ui();
    html! {
        @if !hops.is_empty() {
            ol.hops {
                @for h in hops {
                    li {
                        span.hop { (body_link(ctx, h.from)) " " strong.rel { (ctx.g.catalog.relation(h.rel).label) } " " (body_link(ctx, h.to))
                            @if let Some(c) = h.count { " (×" (c) ")" } }
                        @if let Some(n) = &h.note { div.note { (u.note) ": " (n) } }
                        ul.sources { @for s in &h.sources { li { (source(ctx, s)) } } }
                    }
                }
            }
        }
    }
}

fn why_no_path(ctx: &Ctx<'_>, from: BodyId, to: BodyId, np: &NoPath) -> Markup {
    let u = ui();
    let g = ctx.g;
    let (a, b) = (g.node(from).name, g.node(to).name);
    let closest: Vec<BodyId> = np.closest.iter().map(|&(x, _)| x).collect();
    let d = np.closest.first().map_or(0, |c| c.1).to_string();
    let say = |t: &str, n: usize| {
        fill(
            t,
            &[("from", a), ("to", b), ("n", &n.to_string()), ("d", &d)],
        )
    };
    html! {
        div.why {
            @if let Some(n) = np.shortest {
                p { (say(u.why_shortest, n)) }
            } @else {
                @if np.reached.is_empty() { p { (say(u.why_reaches_nothing, 0)) } } @else {
                    p { (say(u.why_reaches, np.reached.len())) } (body_list(ctx, &np.reached))
                }
                @if closest.is_empty() { p { (say(u.why_not_connected, 0)) } } @else {
                    p { (say(u.why_closest, 0)) } (body_list(ctx, &closest))
                }
                @if np.reaching.is_empty() { p { (say(u.why_nothing_reaches, 0)) } } @else {
                    p { (say(u.why_reached_from, np.reaching.len())) } (body_list(ctx, &np.reaching))
                }
            }
        }
    }
}

/// `[1][2]` as links to the card's numbered sources.
fn refs(notes: &mut Footnotes, ss: &[Source]) -> Markup {
    let nums = notes.numbers(ss);
    html! { @for n in nums { sup.ref { a href={ "#k" (n) } { "[" (n) "]" } } } }
}

/// The card of `show`: names, kind, attributes, edges grouped by
/// relation (incoming ones under the inverse label) and numbered sources.
fn card(ctx: &Ctx<'_>, c: &Card) -> Markup {
    let u = ui();
    let g = ctx.g;
    let b = c.body;
    let n = g.node(b);
    let d = g.details(b);
    let mut notes = Footnotes::default();
    let head_refs = refs(&mut notes, d.map_or(&[][..], |d| &d.sources));
    let aliases: Vec<&str> = g.aliases(b).collect();
    let mut facts: Vec<(String, Markup)> = Vec::new();
    facts.push((u.col_id.into(), html! { code { (n.id) } }));
    facts.push((u.kind.into(), html! { (kind_text(g, b)) }));
    if !aliases.is_empty() {
        facts.push((u.aliases.into(), html! { (aliases.join(", ")) }));
    }
    if let Some(d) = d {
        for f in &d.former_names {
            let marks = refs(&mut notes, &f.sources);
            facts.push((
                u.former_name.into(),
                html! { (f.name) @if !f.aliases.is_empty() { " (" (f.aliases.join(", ")) ")" }
                ", " (fill(u.changed, &[("when", &f.changed)])) " " (marks) },
            ));
        }
        for a in &d.attributes {
            let marks = refs(&mut notes, &a.sources);
            facts.push((
                g.catalog.attribute_label(&a.key).to_string(),
                html! { (a.value) " " (marks) },
            ));
        }
    }
    let groups = html! {
        (edge_groups(ctx, &c.outgoing, true, &mut notes))
        (edge_groups(ctx, &c.incoming, false, &mut notes))
    };
    let history: Vec<(String, String, Markup)> = c
        .history
        .iter()
        .map(|e| {
            let what = crate::output::fact_text(g, b, &e.fact);
            (
                crate::output::period_text(e),
                what,
                refs(&mut notes, &e.sources),
            )
        })
        .collect();
    html! {
        h1 { (n.name) " " (head_refs) }
        table.facts { @for (k, v) in &facts { tr { th { (k) } td { (v) } } } }
        (groups)
        @if !history.is_empty() {
            section.history {
                h2 { (u.history) }
                table.history { @for (when, what, marks) in &history { tr { th { (when) } td { (what) " " (marks) } } } }
            }
        }
        @if !notes.list.is_empty() {
            section.sources {
                h2 { (u.sources) }
                ol.sources { @for (i, s) in notes.list.iter().enumerate() { li id={ "k" (i + 1) } { (source(ctx, s)) } } }
            }
        }
    }
}

fn edge_groups(ctx: &Ctx<'_>, hops: &[Hop], outgoing: bool, notes: &mut Footnotes) -> Markup {
    let g = ctx.g;
    let mut groups: Vec<(String, Vec<Markup>)> = Vec::new();
    let mut last: Option<RelId> = None;
    for h in hops {
        let r = g.catalog.relation(h.rel);
        if last != Some(h.rel) {
            let label = if outgoing { &r.label } else { &r.inverse };
            groups.push((label.clone(), Vec::new()));
            last = Some(h.rel);
        }
        let other = if outgoing { h.to } else { h.from };
        let marks = refs(notes, &h.sources);
        let line = html! {
            (body_link(ctx, other)) " " span.kind { (kind_text(g, other)) }
            @if let Some(c) = h.count { " ×" (c) }
            @if let Some(n) = &h.note { " (" (n) ")" }
            " " (marks)
        };
        if let Some(gr) = groups.last_mut() {
            gr.1.push(line);
        }
    }
    html! {
        @for (label, lines) in &groups {
            section.edges {
                h2 { (label) }
                ul { @for l in lines { li { (l) } } }
            }
        }
    }
}

fn search(ctx: &Ctx<'_>, text: &str, hits: &[Hit]) -> Markup {
    let u = ui();
    html! {
        @if hits.is_empty() { p.none { (fill(u.search_nothing, &[("text", text)])) } } @else {
            ol.results {
                @for h in hits {
                    li {
                        (body_link(ctx, h.body)) " " span.kind { (kind_text(ctx.g, h.body)) }
                        @if h.field != "name" {
                            div.matched { (u.matched_in) " " (h.field) ": " (crate::diag::shorten(&h.text, 120)) }
                        }
                    }
                }
            }
        }
    }
}

fn meaning(ctx: &Ctx<'_>, m: &Meaning) -> Markup {
    let u = ui();
    let g = ctx.g;
    match m {
        Meaning::Body(b) => {
            let aliases: Vec<&str> = g.aliases(*b).collect();
            html! {
                section.meaning {
                    h2 { (body_link(ctx, *b)) }
                    p { (u.kind) ": " (kind_text(g, *b)) @if !aliases.is_empty() { "; " (u.aliases) ": " (aliases.join(", ")) } }
                    @if let Some(d) = g.details(*b) {
                        dl {
                            @for f in &d.former_names { dt { (u.former_name) } dd { (f.name) } }
                            @for a in &d.attributes { dt { (g.catalog.attribute_label(&a.key)) } dd { (a.value) } }
                        }
                    }
                }
            }
        }
        Meaning::Relation(r) => {
            let r = g.catalog.relation(*r);
            html! {
                section.meaning {
                    h2 { (r.label) " " small { "(" (u.meaning_relation) " " code { (r.id) } ")" } }
                    p { (u.col_inverse) ": " (r.inverse) @if let Some(e) = &r.english { "; " (u.col_english) ": " (e) } }
                    @if let Some(d) = &r.description { p { (d) } }
                }
            }
        }
        Meaning::Kind(k) => {
            let k = g.catalog.kind(*k);
            html! {
                section.meaning {
                    h2 { (k.label) " " small { "(" (u.meaning_kind) " " code { (k.id) } ")" } }
                    @if let Some(e) = &k.english { p { (u.col_english) ": " (e) } }
                    @if let Some(d) = &k.description { p { (d) } }
                }
            }
        }
    }
}
