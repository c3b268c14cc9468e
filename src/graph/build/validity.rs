//! The rules for `valid_from` / `valid_until` (see [`crate::graph::time`]):
//! every date parses and is cited, no fact ends before it begins, the
//! dated names of one body do not overlap, and an edge's dates lie within
//! the lifetimes of its ends.

use super::{Builder, Validity};
use crate::graph::time::{DATE_FORMS, Period};
use crate::graph::{BodyId, FormerName};
use crate::model::spans::SpanTree;

/// The two ends, by field name.
const ENDS: [&str; 2] = ["valid_from", "valid_until"];

impl Builder {
    /// The ends of one fact's validity: each date parses and has sources,
    /// and the fact does not end before it begins. `t` is the span tree
    /// of the fact (a node, edge, name or attribute).
    pub(super) fn check_validity(
        &mut self,
        ix: usize,
        valid: &Validity,
        t: Option<&SpanTree>,
        what: &str,
    ) {
        let mut periods = [None, None];
        for ((field, bound), slot) in ENDS
            .iter()
            .zip([&valid.from, &valid.until])
            .zip(&mut periods)
        {
            let Some(b) = bound else { continue };
            let bt = t.and_then(|t| t.field(field));
            let span = bt.map_or(0..0, |bt| bt.field_span("date"));
            match Period::parse(&b.date) {
                Ok(p) => *slot = Some(p),
                Err(e) => {
                    self.error(ix, span, format!("`{field}` of {what}: {e}"))
                        .hints
                        .push(DATE_FORMS.into());
                }
            }
            if !self.table_rows {
                // A table row's dates have the row's sources, checked with it.
                let sources = bt.and_then(|bt| bt.field("sources"));
                self.check_sources(ix, &b.sources, sources, &format!("`{field}` of {what}"));
            }
        }
        if let [Some(from), Some(until)] = periods
            && until.hi < from.lo
        {
            let span = t
                .and_then(|t| t.field("valid_until"))
                .map_or(0..0, |bt| bt.field_span("date"));
            let (f, u) = (
                valid.from_date().unwrap_or(""),
                valid.until_date().unwrap_or(""),
            );
            self.error(
                ix,
                span,
                format!("{what} ends (`valid_until: {u}`) before it begins (`valid_from: {f}`)"),
            )
            .hints
            .push("swap the two dates, or correct the one that is wrong".into());
        }
    }

    /// Name `i` of `names` (a body's former names) against the earlier
    /// ones and today's name `current`: dated names must not overlap, and
    /// a dated former name must end. Undated names are not compared.
    pub(super) fn check_name_overlap(
        &mut self,
        ix: usize,
        names: &[FormerName],
        i: usize,
        current: &str,
        t: Option<&SpanTree>,
    ) {
        let n = &names[i];
        if n.valid.is_open() {
            return;
        }
        // At the name's first date.
        let span = t.map_or(0..0, |t| {
            let bound = ENDS.iter().find_map(|f| t.field(f));
            bound.map_or(t.span.clone(), |b| b.field_span("date"))
        });
        if n.valid.until.is_none() {
            self.error(
                ix,
                span.clone(),
                format!(
                    "former name `{}` has no `valid_until`, so it overlaps the current name `{current}`",
                    n.name
                ),
            )
            .hints
            .push("give the date the name changed as `valid_until`".into());
        }
        let (lo, hi) = n.valid.certain_days();
        for m in names[..i].iter().filter(|m| !m.valid.is_open()) {
            let (mlo, mhi) = m.valid.certain_days();
            if lo.max(mlo) <= hi.min(mhi) {
                self.error(
                    ix,
                    span.clone(),
                    format!(
                        "names `{}` ({}) and `{}` ({}) overlap in time",
                        m.name,
                        m.valid.text(),
                        n.name,
                        n.valid.text()
                    ),
                )
                .hints
                .push("a body has one name at a time: correct the dates where it changed".into());
            }
        }
    }

    /// Each date of an edge must lie within the lifetime of both its
    /// ends. `t` is the edge's span tree.
    pub(super) fn check_edge_in_lifetimes(
        &mut self,
        ix: usize,
        valid: &Validity,
        ends: [BodyId; 2],
        t: &SpanTree,
        what: &str,
    ) {
        for (field, bound) in ENDS.iter().zip([&valid.from, &valid.until]) {
            let Some(p) = bound.as_ref().and_then(|b| Period::parse(&b.date).ok()) else {
                continue;
            };
            for end in ends {
                let Some(life) = self.g.details(end).map(|d| d.valid.clone()) else {
                    continue;
                };
                let (lo, hi) = life.days();
                let id = &self.g.node(end).id;
                let problem = if p.hi < lo {
                    format!(
                        "before `{id}` exists (`valid_from: {}`)",
                        life.from_date().unwrap_or("")
                    )
                } else if p.lo > hi {
                    format!(
                        "after `{id}` has ceased (`valid_until: {}`)",
                        life.until_date().unwrap_or("")
                    )
                } else {
                    continue;
                };
                let date = bound.as_ref().map_or("", |b| b.date.as_str());
                let span = t
                    .field(field)
                    .map_or(t.span.clone(), |bt| bt.field_span("date"));
                self.error(ix, span, format!("{what} has `{field}: {date}`, {problem}"))
                    .hints
                    .push("an edge holds only while both its ends exist: correct the dates".into());
            }
        }
    }
}
