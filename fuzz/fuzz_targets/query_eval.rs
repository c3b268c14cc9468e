//! Fuzzes the evaluator and the renderers: any statement text is parsed
//! and evaluated on the bundled model, and every answer rendered as text,
//! JSON and CSV. Never a panic, a hang or a blow-up.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use orgraf::graph::OrgGraph;
use orgraf::model::{ModelSource, load};
use orgraf::output::{Format, render};
use orgraf::query::parse;

static GRAPH: OnceLock<OrgGraph> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let g = GRAPH.get_or_init(|| {
        let loaded = load(&ModelSource::Bundled).expect("the bundled model loads");
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.graph
    });
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for stmt in parse::parse_script(text, "fuzz.oq").into_iter().flatten() {
        match orgraf::query::eval_named(g, &stmt, "fuzz.oq") {
            Ok(v) => {
                for f in [Format::Text, Format::Json, Format::Csv] {
                    let _ = render(&v, g, f);
                }
            }
            Err(d) => {
                let _ = orgraf::diag::render(&d, text, false);
            }
        }
    }
});
