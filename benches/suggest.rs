//! `orgraf suggest` after load: reading the fictional test document
//! against the bundled model, and the same document repeated to a
//! megabyte (a long document, for how time grows).
//!
//! `cargo bench --bench suggest`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use orgraf::model::{self, ModelSource};
use orgraf::suggest;

const DOC: &str = include_str!("../tests/fixtures/suggest/uppdragshandling_hamnstaden.txt");

fn bench(c: &mut Criterion) {
    let loaded = model::load(&ModelSource::Bundled).expect("the bundled model loads");
    let g = &loaded.graph;
    let patterns = suggest::load_patterns(g, &ModelSource::Bundled).expect("the patterns compile");
    let mut group = c.benchmark_group("suggest");
    group.bench_function("patterns compile", |b| {
        b.iter(|| suggest::load_patterns(g, black_box(&ModelSource::Bundled)))
    });
    group.bench_function("one document (2 kB)", |b| {
        b.iter(|| suggest::analyze(g, &patterns, "doc.txt", black_box(DOC)))
    });
    let long = DOC.repeat(1024 * 1024 / DOC.len());
    group.sample_size(10);
    group.bench_function("one megabyte", |b| {
        b.iter(|| suggest::analyze(g, &patterns, "doc.txt", black_box(&long)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
