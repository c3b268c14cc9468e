//! The query language after load: each kind of statement, parsed,
//! evaluated and rendered as text (what `orgraf query` does once the
//! model is loaded), on the bundled model and on a generated model of
//! about a million nodes (`ORGRAF_BENCH_NODES` changes the size), and a
//! script of 1,000 yes/no reachability questions.
//!
//! `cargo bench --bench query`

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use orgraf::graph::OrgGraph;
use orgraf::model::{self, ModelSource, compiled};
use orgraf::output::{self, Format};
use orgraf::query::{self, run};

/// Parses, evaluates and renders one statement, which must succeed.
fn answer(g: &OrgGraph, statement: &str) -> String {
    let stmt = query::parse_statement(statement).unwrap_or_else(|e| panic!("{statement}: {e:?}"));
    let value = query::eval(g, &stmt).unwrap_or_else(|e| panic!("{statement}: {}", e.message));
    output::render(&value, g, Format::Text)
}

fn statements(group: &mut BenchmarkGroup<'_, WallTime>, g: &OrgGraph, table: &[(&str, String)]) {
    for (label, statement) in table {
        // Once outside the measurement: fails early, and a slow
        // statement gets fewer samples so that `cargo bench` stays short.
        let start = Instant::now();
        answer(g, statement);
        group.sample_size(if start.elapsed() > Duration::from_millis(20) {
            10
        } else {
            50
        });
        group.bench_function(*label, |b| b.iter(|| answer(g, black_box(statement))));
    }
}

fn bundled(c: &mut Criterion) {
    let loaded = model::load(&ModelSource::Bundled).unwrap();
    let g = &loaded.graph;
    let mut group = c.benchmark_group("query_bundled");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    let table: Vec<(&str, String)> = [
        ("triple_ask_subject", "? bereder PSG"),
        (
            "triple_yes_no",
            "NOSAM_Lerum (lyfter_ärenden_till|bereder|rapporterar_till)+ SRO",
        ),
        (
            "triple_closure",
            "NOSAM_Lerum (lyfter_ärenden_till|bereder|rapporterar_till)+ ?",
        ),
        (
            "triple_closure_backward",
            "SRO ^(bereder|rapporterar_till)* ?",
        ),
        ("triple_all_pairs", "? rekommenderar ?"),
        ("list", "list organ"),
        ("list_where", "list where mandat ~ \"inget mandat\""),
        ("path", "path vvg_beredningsgrupp -> SRO"),
        ("path_none", "path NOSAM_Lerum -> SRO"),
        ("paths", "paths vvg_beredningsgrupp -> SRO max 3"),
        ("show", "show PSG"),
        ("why", "why styrgrupp_skaraborg bereder PSG"),
        ("search", "search samordning"),
        ("explain", "explain DRNO"),
        ("relations", "relations"),
        ("kinds", "kinds"),
        ("help", "help path"),
        ("as_of_triple", "as of 2021 ? bereder PSS"),
        ("as_of_show", "as of 2022-09 show ledningsrad_hjalpmedel"),
    ]
    .into_iter()
    .map(|(l, s)| (l, s.to_string()))
    .collect();
    statements(&mut group, g, &table);
    group.finish();
}

fn big(c: &mut Criterion) {
    let (loaded, stats) = common::big_graph();
    let g = &loaded.graph;
    let mut group = c.benchmark_group("query_big");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let (k, d, r) = (stats.kommuner / 2, stats.delregions / 2, stats.regions / 2);
    let table: Vec<(&str, String)> = vec![
        ("triple_ask_subject", format!("? bereder k{k}_n1")),
        ("triple_yes_no", format!("k{k}_ag0 rapporterar_till+ nat")),
        (
            "triple_closure_up",
            format!("k{k}_ag0_smk (ingår_i|rapporterar_till|bereder|rekommenderar)+ ?"),
        ),
        (
            "triple_closure_down_delregion",
            format!("? (ingår_i|rapporterar_till|bereder)+ d{d}_psa"),
        ),
        (
            "triple_closure_down_region",
            format!("r{r} ^(ingår_i|rapporterar_till|rekommenderar)+ ?"),
        ),
        ("list_delregions", "list delregion".to_string()),
        ("path", format!("path k{k}_ag0_smk -> nat")),
        ("path_none", format!("path k{k}_ag0 -> k{}_lsg", k + 1)),
        ("paths", format!("paths k{k}_ks_ordf -> nat max 4")),
        ("show", format!("show k{k}_lsg")),
        ("why", format!("why k{k}_ag0 rapporterar_till+ nat")),
        (
            "search",
            format!("search {}", g.node(g.by_id(&format!("k{k}")).unwrap()).name),
        ),
        ("explain", format!("explain k{k}_ks")),
        ("relations", "relations".to_string()),
        ("kinds", "kinds".to_string()),
        // A generated model dates nothing: the graph is not copied.
        ("as_of_show", format!("as of 2022 show k{k}_lsg")),
    ];
    statements(&mut group, g, &table);

    // The large answers, evaluated and printed in each format: a closure
    // of tens of thousands of bodies and every `bereder` pair; on the
    // graph loaded from the folder, and on the same model compiled (its
    // arrays read in place, as `--model FILE.orgraf` does).
    let bytes = compiled::to_bytes(&loaded).unwrap();
    let compiled = compiled::from_bytes(&bytes).unwrap();
    drop(bytes);
    for (label, statement) in [
        ("closure_down_national", "? rapporterar_till+ nat"),
        ("all_bereder_pairs", "? bereder ?"),
    ] {
        let stmt = query::parse_statement(statement).unwrap();
        group.sample_size(20);
        for (model, g) in [("", g), ("compiled_", &compiled.graph)] {
            for format in [Format::Text, Format::Json, Format::Csv] {
                let name = format!("{model}{label}_{format:?}").to_lowercase();
                group.bench_function(name, |b| {
                    b.iter(|| {
                        let v = query::eval(g, black_box(&stmt)).unwrap();
                        output::render(&v, g, format)
                    })
                });
            }
        }
    }

    let script: String = orgraf::synth::reach_questions(&stats)
        .iter()
        .map(|(a, b)| format!("{a} rapporterar_till+ {b}\n"))
        .collect();
    let out = run::answer(g, &script, "<bench>", Format::Text, false);
    assert!(out.ok, "{}", out.stderr);
    group.bench_function("script_1000_reach_yes_no", |b| {
        b.iter(|| run::answer(g, black_box(&script), "<bench>", Format::Text, false))
    });
    group.finish();
}

criterion_group!(benches, bundled, big);
criterion_main!(benches);
