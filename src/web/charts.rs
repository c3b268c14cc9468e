//! Charts as inline SVG, drawn by the diagram module and Graphviz's
//! `dot`, each box linking to its body's page.
//!
//! The model does not change while the server runs, so every chart is
//! drawn once and kept. When `dot` is missing or fails, or the chart
//! would be too large for a page, the page says so where the chart would
//! be; it never fails because of a chart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use maud::{Markup, PreEscaped, html};

use super::strings::{fill, ui};
use crate::diagram::{ChartOptions, DiagramError, DiagramFormat, PageArg, Selection, render_with};
use crate::graph::OrgGraph;

/// Charts with more bodies than this are not drawn on a page.
pub const MAX_NODES: usize = 400;
/// At most this many charts are kept.
const MAX_KEPT: usize = 4096;

/// A drawn chart: the `<svg>` element, or why there is none.
type Drawn = Result<Arc<str>, Arc<str>>;

/// The charts drawn so far, by link template and name.
#[derive(Default)]
pub struct Charts {
    kept: Mutex<HashMap<(String, String), Drawn>>,
}

impl Charts {
    /// The chart of `sel` (named `key`, e.g. a body id or `all`), its
    /// nodes linking by `href` (see [`crate::diagram::ChartOptions::node_href`]).
    pub fn chart(
        &self,
        g: &OrgGraph,
        key: &str,
        href: &str,
        sel: impl FnOnce() -> Selection,
    ) -> Markup {
        let k = (href.to_string(), key.to_string());
        let cached = self.kept.lock().ok().and_then(|m| m.get(&k).cloned());
        let drawn = match cached {
            Some(d) => d,
            None => {
                let d = draw(g, &sel(), href);
                if let Ok(mut m) = self.kept.lock()
                    && m.len() < MAX_KEPT
                {
                    m.insert(k, d.clone());
                }
                d
            }
        };
        match drawn {
            Ok(svg) => html! {
                div.chart { (PreEscaped(&*svg)) }
                p.hint { (ui().chart_site_hint) }
            },
            Err(why) => html! { p.chart-missing role="note" { (&*why) } },
        }
    }
}

fn draw(g: &OrgGraph, sel: &Selection, href: &str) -> Drawn {
    let u = ui();
    if sel.nodes.len() > MAX_NODES {
        return Err(fill(u.chart_too_big, &[("n", &sel.nodes.len().to_string())]).into());
    }
    // On screen the chart keeps its natural size: the browser scales it.
    let opts = ChartOptions {
        page: PageArg::None,
        node_href: Some(href.to_string()),
        ..ChartOptions::default()
    };
    match render_with(g, sel, DiagramFormat::Svg, &opts) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            // The `<svg>` element alone: no XML declaration, doctype or
            // comments before it.
            let svg = text.find("<svg").map_or(&*text, |i| &text[i..]);
            Ok(svg.trim_end().into())
        }
        Err(DiagramError::GraphvizMissing) => Err(u.chart_missing.into()),
        Err(e) => {
            let message = e.to_string();
            let first = message.lines().take(3).collect::<Vec<_>>().join(" ");
            Err(fill(u.chart_failed, &[("message", &first)]).into())
        }
    }
}
