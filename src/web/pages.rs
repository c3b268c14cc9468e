//! The pages, shared by the server and the static site. Each turns its
//! request into a statement of the query language, asks the engine and
//! renders the answer ([`super::html`]); none computes an answer itself.
//! The document pages list what cites a document, which is a listing of
//! the model's sources rather than a question of the language.

use std::collections::{BTreeMap, HashMap};

use maud::{Markup, html};

use super::charts::Charts;
use super::html::{Ctx, as_of_input, bodies, body_link, hop_list, kind_text, search_form, value};
use super::strings::{fill, ui};
use crate::diagram::{Around, Selection};
use crate::graph::{BodyId, OrgGraph};
use crate::model::types::Source;
use crate::query::ast::{Name, Span};
use crate::query::value::Hop;
use crate::query::{Value, parse_statement};
use crate::tour::TOUR;

/// The longest statement or parameter a page accepts, in bytes.
pub const MAX_QUERY_BYTES: usize = 2000;
/// The most items (bodies, rows, hops, hits) an answer may have to be
/// shown on the web.
pub const MAX_ANSWER_ITEMS: usize = 5000;
/// The most bodies offered for completion in a form.
const MAX_COMPLETIONS: usize = 2000;

/// A rendered page: status, title and the content of `<main>`.
pub struct Page {
    pub status: u16,
    pub title: String,
    pub main: Markup,
}

impl Page {
    fn ok(title: impl Into<String>, main: Markup) -> Page {
        Page {
            status: 200,
            title: title.into(),
            main,
        }
    }
}

/// Why a statement got no answer on the web: the HTTP status, a message,
/// and where it points when it is a query error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub status: u16,
    pub message: String,
    /// The diagnostic rendered as the CLI shows it (caret, did you mean).
    pub rendered: Option<String>,
    /// 1-based line and column of a query error.
    pub at: Option<(usize, usize)>,
    /// Its hints ("did you mean …").
    pub hints: Vec<String>,
}

impl Problem {
    pub fn bad(message: impl Into<String>) -> Problem {
        Problem {
            status: 400,
            message: message.into(),
            rendered: None,
            at: None,
            hints: Vec::new(),
        }
    }
}

/// How many items an answer holds, to bound what a page shows.
pub fn answer_size(v: &Value) -> usize {
    match v {
        Value::Nodes { nodes, edges } => nodes.len() + edges.len(),
        Value::Rows(r) => r.len(),
        Value::Answer { chain, .. } => chain.len(),
        Value::Paths {
            paths, no_path: np, ..
        } => {
            paths.iter().map(Vec::len).sum::<usize>()
                + np.as_ref()
                    .map_or(0, |n| n.reached.len() + n.closest.len() + n.reaching.len())
        }
        Value::Card(c) => c.outgoing.len() + c.incoming.len(),
        Value::Evidence { chain, reached, .. } => chain.len() + reached.len(),
        Value::Search { hits, .. } => hits.len(),
        Value::Explain { meanings, .. } => meanings.len(),
        Value::Relations(r) => r.len(),
        Value::Kinds(k) => k.len(),
        Value::Help(_) => 0,
        Value::AsOf(a) => answer_size(&a.value),
    }
}

/// Checks the length of a statement or parameter.
pub fn check_length(text: &str) -> Result<(), Problem> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(Problem::bad(fill(
            ui().too_long,
            &[("max", &MAX_QUERY_BYTES.to_string())],
        )));
    }
    Ok(())
}

/// Parses and answers one statement, within the web's bounds.
pub fn ask(g: &OrgGraph, text: &str) -> Result<Value, Problem> {
    check_length(text)?;
    let located = |d: crate::diag::Diagnostic| Problem {
        status: 400,
        message: d.message.clone(),
        rendered: Some(crate::diag::render(&d, text, false)),
        at: Some(crate::diag::line_col(text, d.span.start)),
        hints: d.hints.clone(),
    };
    let stmt = parse_statement(text).map_err(located)?;
    let v = crate::query::eval(g, &stmt).map_err(located)?;
    let n = answer_size(&v);
    if n > MAX_ANSWER_ITEMS {
        return Err(Problem {
            status: 413,
            ..Problem::bad(fill(
                ui().too_big,
                &[
                    ("n", &n.to_string()),
                    ("max", &MAX_ANSWER_ITEMS.to_string()),
                ],
            ))
        });
    }
    Ok(v)
}

/// [`ask`] on a page's graph, `as of` the page's date when it has one
/// (`?asof=DATE`).
pub fn ask_in(ctx: &Ctx<'_>, text: &str) -> Result<Value, Problem> {
    match ctx.links.as_of() {
        Some(d) => ask(ctx.g, &crate::query::dated(text, d)),
        None => ask(ctx.g, text),
    }
}

/// A name as the language reads it back: bare or quoted.
fn name(s: &str) -> String {
    Name {
        text: s.replace(|c: char| c.is_control(), " "),
        span: Span::default(),
    }
    .to_string()
}

fn problem_markup(p: &Problem) -> Markup {
    html! {
        div.error role="alert" {
            @if let Some(r) = &p.rendered { pre { (r) } } @else { p { (p.message) } }
        }
    }
}

/// A page for a problem, in the site's style.
pub fn problem_page(title: &str, p: &Problem) -> Page {
    Page {
        status: p.status,
        title: title.to_string(),
        main: html! { h1 { (title) } (problem_markup(p)) },
    }
}

pub fn not_found(what: &str) -> Page {
    let u = ui();
    problem_page(
        u.not_found_title,
        &Problem {
            status: 404,
            ..Problem::bad(what)
        },
    )
}

/// The steps of the tour that the loaded model answers.
fn tour_steps(g: &OrgGraph) -> Vec<(usize, &'static crate::tour::Step)> {
    TOUR.iter()
        .enumerate()
        .filter(|(_, s)| ask(g, s.statement).is_ok())
        .collect()
}

/// `/`: the model, the starting questions, a search box, the overview.
pub fn home(ctx: &Ctx<'_>, charts: &Charts) -> Page {
    let u = ui();
    let g = ctx.g;
    let meta = g.catalog.meta.as_ref();
    let title = meta.map_or("orgraf", |m| m.name.as_str());
    let counts = fill(
        u.counts,
        &[
            ("nodes", &g.node_count().to_string()),
            ("edges", &g.edge_count().to_string()),
            ("sources", &g.source_count().to_string()),
            ("documents", &g.catalog.documents.len().to_string()),
        ],
    );
    let chart = charts.chart(g, "all", &ctx.links.chart_href(), || Selection::all(g));
    let main = html! {
        h1 { (title) }
        @if let Some(m) = meta {
            p.meta { (u.model_date) " " time { (m.date) } ". " (counts) }
            @if let Some(d) = &m.description { p { (d) } }
        } @else { p.meta { (counts) } }
        (search_form(&ctx.links, "", true))
        section.tour {
            h2 { (u.start_questions) }
            ol {
                @for (i, step) in tour_steps(g) {
                    li {
                        @match ctx.links.answer(step.statement, Some(i)) {
                            Some(href) => a href=(href) { (step.question) },
                            None => (step.question),
                        }
                        " " code { (step.statement) }
                    }
                }
            }
        }
        section.overview {
            h2 { (u.overview) }
            (chart)
        }
    };
    Page::ok(title, main)
}

/// `/search?q=TEXT`: the ranked hits of `search`.
pub fn search(ctx: &Ctx<'_>, q: &str) -> Page {
    let u = ui();
    let q = q.trim();
    if q.is_empty() {
        let main = html! {
            h1 { (u.nav_search) }
            (search_form(&ctx.links, "", true))
            p.hint { (u.search_hint) }
        };
        return Page::ok(u.nav_search, main);
    }
    let title = fill(u.search_title, &[("text", q)]);
    match ask(ctx.g, &format!("search {}", name(q))) {
        Ok(v) => Page::ok(
            title.clone(),
            html! {
                h1 { (title) }
                (search_form(&ctx.links, q, true))
                (value(ctx, &v))
            },
        ),
        Err(p) => problem_page(&title, &p),
    }
}

/// The static site's search page: every body, filtered as you type by
/// the site's script from the JSON search index.
pub fn site_search(ctx: &Ctx<'_>) -> Page {
    let u = ui();
    let g = ctx.g;
    let all = g.bodies_sorted();
    let main = html! {
        h1 { (u.nav_search) }
        (search_form(&ctx.links, "", true))
        p.hint { (u.search_js_hint) }
        ol.results #site-results hidden {}
        section #all-bodies {
            h2 { (u.search_all_bodies) }
            (bodies(ctx, &all))
        }
    };
    Page::ok(u.nav_search, main)
}

/// The JSON search index of the static site: for each body its id, name,
/// kind, link and every spelling folded as `search` folds it.
pub fn search_index(ctx: &Ctx<'_>) -> String {
    let g = ctx.g;
    let entries: Vec<serde_json::Value> = g
        .bodies_sorted()
        .into_iter()
        .map(|b| {
            let n = g.node(b);
            let keys: Vec<String> = g
                .spellings(b)
                .iter()
                .map(|s| crate::graph::names::fold(s))
                .collect();
            // The first `current` keys are the id, name and aliases; the
            // rest former names, which weigh less (as in `search`).
            let current = 2 + g.aliases(b).count();
            serde_json::json!({
                "id": n.id, "name": n.name, "kind": kind_text(g, b),
                "href": ctx.links.body(n.id), "keys": keys,
                "current": current, "standing": crate::query::search::standing(g, b),
            })
        })
        .collect();
    serde_json::Value::Array(entries).to_string()
}

/// A `<datalist>` of body names, for completion in the path forms.
fn name_list(g: &OrgGraph) -> Markup {
    html! {
        datalist #bodies {
            @if g.node_count() <= MAX_COMPLETIONS {
                @for b in g.bodies_sorted() { option value=(g.node(b).name) {} }
            }
        }
    }
}

/// `/body/{id}`: the card, the surroundings chart, a path form.
pub fn body(ctx: &Ctx<'_>, charts: &Charts, id: &str) -> Page {
    let u = ui();
    let g = ctx.g;
    let Some(b) = g.by_id(id) else {
        return not_found(&fill(u.no_such_body, &[("id", id)]));
    };
    let v = match ask_in(ctx, &format!("show {}", name(id))) {
        Ok(v) => v,
        Err(p) => return problem_page(g.node(b).name, &p),
    };
    // As of a date, the chart shows the graph as it stood then.
    let then = match &v {
        Value::AsOf(a) => a.graph(g),
        _ => g,
    };
    let chart = charts.chart(then, id, &ctx.links.chart_href(), || {
        Selection::around(then, &[b], &Around::default())
    });
    let main = html! {
        article.card { (value(ctx, &v)) }
        section {
            h2 { (u.chart_surroundings) }
            (chart)
        }
        @if let Some(action) = ctx.links.path() {
            section.path-from {
                h2 { (u.path_from_here) }
                form action=(action) method="get" {
                    input type="hidden" name="from" value=(id);
                    label { (u.path_to) " " input type="text" name="to" list="bodies" required maxlength="200"; }
                    (as_of_input(&ctx.links))
                    button type="submit" { (u.path_button) }
                }
                (name_list(g))
            }
        }
    };
    Page::ok(g.node(b).name.to_string(), main)
}

/// The path form, filled in with what was asked.
fn path_form(ctx: &Ctx<'_>, action: &str, from: &str, to: &str, via: &str) -> Markup {
    let u = ui();
    html! {
        form.path action=(action) method="get" {
            label { (u.path_from) " " input type="text" name="from" value=(from) list="bodies" maxlength="200"; }
            label { (u.path_to) " " input type="text" name="to" value=(to) list="bodies" maxlength="200"; }
            label { (u.path_via) " " input type="text" name="via" value=(via) placeholder=(u.path_via_hint) maxlength="200"; }
            (as_of_input(&ctx.links))
            button type="submit" { (u.path_button) }
        }
        (name_list(ctx.g))
    }
}

/// `/path?from=A&to=B[&via=R1|R2]`: the path hop by hop, or why none.
pub fn path(ctx: &Ctx<'_>, from: &str, to: &str, via: &str) -> Page {
    let u = ui();
    let (from, to, via) = (from.trim(), to.trim(), via.trim());
    let form = path_form(ctx, &ctx.links.path().unwrap_or_default(), from, to, via);
    let page = |status: u16, answer: Markup| Page {
        status,
        title: u.path_title.into(),
        main: html! { h1 { (u.path_title) } p.hint { (u.path_intro) } (form) (answer) },
    };
    if from.is_empty() && to.is_empty() {
        return page(200, html! {});
    }
    if from.is_empty() || to.is_empty() {
        return page(400, problem_markup(&Problem::bad(u.missing_parameter)));
    }
    let mut statement = format!("path {} -> {}", name(from), name(to));
    if !via.is_empty() {
        statement.push_str(" via ");
        statement.push_str(&via.replace(|c: char| c.is_control(), " "));
    }
    match ask_in(ctx, &statement) {
        Ok(v) => page(200, html! { section.answer { (value(ctx, &v)) } }),
        Err(p) => page(p.status, problem_markup(&p)),
    }
}

/// `/query?q=STATEMENT`: any statement, answered as HTML.
pub fn query(ctx: &Ctx<'_>, q: &str) -> Page {
    let u = ui();
    let q = q.trim();
    let form = html! {
        form.query action="/query" method="get" {
            label { span.label { (u.query_label) }
                textarea name="q" rows="2" maxlength=(MAX_QUERY_BYTES) { (q) } }
            (as_of_input(&ctx.links))
            button type="submit" { (u.query_button) }
        }
    };
    let head = html! { h1 { (u.query_title) } p.hint { (u.query_intro) } (form) };
    if q.is_empty() {
        return Page::ok(u.query_title, head);
    }
    let title = format!("{}: {}", u.query_title, crate::diag::shorten(q, 60));
    match ask_in(ctx, q) {
        Ok(v) => Page::ok(
            title,
            html! {
                (head)
                section.answer { (value(ctx, &v)) }
                p.json { a href=(ctx.links.dated(format!("/api/query?q={}", super::links::encode_query(q)))) { (u.query_json) } }
            },
        ),
        Err(p) => Page {
            status: p.status,
            title,
            main: html! { (head) h2 { (u.error_title) } (problem_markup(&p)) },
        },
    }
}

/// The static site's answer to step `i` of the tour.
pub fn tour_answer(ctx: &Ctx<'_>, i: usize) -> Option<Page> {
    let u = ui();
    let step = TOUR.get(i)?;
    let v = ask(ctx.g, step.statement).ok()?;
    Some(Page::ok(
        step.question,
        html! {
            h1 { (step.question) }
            p { (u.tour_statement) " " code { (step.statement) } }
            section.answer { (value(ctx, &v)) }
        },
    ))
}

/// What cites a document.
#[derive(Default)]
struct Citations<'g> {
    bodies: Vec<(BodyId, &'g Source)>,
    former_names: Vec<(BodyId, &'g str, &'g Source)>,
    attributes: Vec<(BodyId, &'g str, &'g str, &'g Source)>,
    edges: Vec<Hop>,
}

impl Citations<'_> {
    fn len(&self) -> usize {
        self.bodies.len() + self.former_names.len() + self.attributes.len() + self.edges.len()
    }
}

/// Every citation in the model, by document file; bodies sorted by id,
/// edges by subject, relation and object id.
fn citations(g: &OrgGraph) -> BTreeMap<&str, Citations<'_>> {
    let mut out: BTreeMap<&str, Citations<'_>> = BTreeMap::new();
    for b in g.bodies_sorted() {
        let Some(d) = g.details(b) else { continue };
        for s in &d.sources {
            out.entry(&s.doc).or_default().bodies.push((b, s));
        }
        for f in &d.former_names {
            for s in &f.sources {
                out.entry(&s.doc)
                    .or_default()
                    .former_names
                    .push((b, &f.name, s));
            }
        }
        for a in &d.attributes {
            for s in &a.sources {
                out.entry(&s.doc)
                    .or_default()
                    .attributes
                    .push((b, &a.key, &a.value, s));
            }
        }
    }
    for e in g.edges() {
        for s in e.info.map_or(&[][..], |i| &i.sources) {
            let hop = Hop {
                from: e.from,
                rel: e.rel,
                to: e.to,
                count: e.info.and_then(|i| i.count),
                note: e.info.and_then(|i| i.note.clone()),
                sources: vec![s.clone()],
            };
            out.entry(&s.doc).or_default().edges.push(hop);
        }
    }
    for c in out.values_mut() {
        c.edges.sort_by(|a, b| {
            let key = |h: &Hop| {
                (
                    g.node(h.from).id.to_string(),
                    g.catalog.relation(h.rel).id.clone(),
                    g.node(h.to).id.to_string(),
                )
            };
            key(a).cmp(&key(b))
        });
    }
    out
}

/// `/documents`: every source document and how often it is cited.
pub fn documents(ctx: &Ctx<'_>) -> Page {
    let u = ui();
    let cites = citations(ctx.g);
    let counts: HashMap<&str, usize> = cites.iter().map(|(k, c)| (*k, c.len())).collect();
    let main = html! {
        h1 { (u.documents_title) }
        p.hint { (u.documents_intro) }
        table.documents {
            thead { tr { th { (u.col_title) } th { (u.col_date) } th { (u.col_file) } th.num { (u.col_cited) } } }
            tbody {
                @for d in &ctx.g.catalog.documents {
                    tr {
                        td { a href=(ctx.links.document(&d.file)) { (d.title) } }
                        td { (d.date.as_deref().unwrap_or("")) }
                        td { code { (d.file) } }
                        td.num { (counts.get(d.file.as_str()).copied().unwrap_or(0)) }
                    }
                }
            }
        }
    };
    Page::ok(u.documents_title, main)
}

/// `/documents/{file}`: what the document establishes.
pub fn document(ctx: &Ctx<'_>, file: &str) -> Page {
    let u = ui();
    let g = ctx.g;
    let Some(doc) = g.catalog.document(file) else {
        return not_found(&fill(u.no_such_document, &[("file", file)]));
    };
    let cites = citations(g);
    let c = cites.get(file);
    let title = fill(u.document_title, &[("title", &doc.title)]);
    let quote = |s: &Source| html! { q { (s.quote) } };
    let main = html! {
        h1 { (title) }
        p.meta { code { (doc.file) } @if let Some(d) = &doc.date { ", " (d) } @if let Some(r) = &doc.reference { ", " (r) } }
        @match c {
            None => p.none { (u.document_nothing) },
            Some(c) => {
                h2 { (u.document_establishes) }
                @if !c.bodies.is_empty() {
                    h3 { (u.document_bodies) }
                    ul.cites { @for (b, s) in &c.bodies { li { (body_link(ctx, *b)) " " span.kind { (kind_text(g, *b)) } ": " (quote(s)) } } }
                }
                @if !c.edges.is_empty() {
                    h3 { (u.document_edges) }
                    (hop_list(ctx, &c.edges))
                }
                @if !c.attributes.is_empty() {
                    h3 { (u.document_attributes) }
                    ul.cites { @for (b, k, v, s) in &c.attributes {
                        li { (body_link(ctx, *b)) ", " (g.catalog.attribute_label(k)) ": " (v) " — " (quote(s)) } } }
                }
                @if !c.former_names.is_empty() {
                    h3 { (u.document_former_names) }
                    ul.cites { @for (b, n, s) in &c.former_names {
                        li { (body_link(ctx, *b)) ", " (u.former_name) ": " (n) " — " (quote(s)) } } }
                }
            }
        }
    };
    Page::ok(title, main)
}

/// `/relations`: the relation vocabulary.
pub fn relations(ctx: &Ctx<'_>) -> Page {
    vocabulary(ctx, "relations", ui().relations_title)
}

/// `/kinds`: the kinds and how many bodies each has.
pub fn kinds(ctx: &Ctx<'_>) -> Page {
    vocabulary(ctx, "kinds", ui().kinds_title)
}

fn vocabulary(ctx: &Ctx<'_>, statement: &str, title: &str) -> Page {
    match ask(ctx.g, statement) {
        Ok(v) => Page::ok(title, html! { h1 { (title) } (value(ctx, &v)) }),
        Err(p) => problem_page(title, &p),
    }
}
