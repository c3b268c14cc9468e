//! Loading models: the bundled one (parsed from RON and checked) and a
//! generated CSV folder of about a million nodes and three million
//! edges (`ORGRAF_BENCH_NODES` changes the size).
//!
//! `cargo bench --bench load`

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use orgraf::model::{self, ModelSource};

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.bench_function("bundled", |b| {
        b.iter_batched(
            || (),
            |()| model::load(black_box(&ModelSource::Bundled)).unwrap(),
            BatchSize::PerIteration,
        )
    });

    let (dir, stats) = common::big_model();
    // A run takes the better part of a second: few samples, and the
    // graph is dropped outside the timed part (as a one-shot command
    // would skip it).
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    g.bench_function(format!("csv_{}k_nodes", stats.nodes / 1000), |b| {
        b.iter_batched(
            || (),
            |()| common::load_dir(black_box(dir.path())),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
