//! What the benchmarks share: the generated large model and the
//! questions asked of it.
#![allow(dead_code)] // each benchmark uses a part

use std::path::Path;

use orgraf::synth::{self, Stats};

/// How many nodes the generated model has: `ORGRAF_BENCH_NODES`, or a
/// million.
pub fn big_size() -> usize {
    std::env::var("ORGRAF_BENCH_NODES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000)
}

/// Generates the large model into a fresh temporary folder (removed
/// when the returned guard drops).
pub fn big_model() -> (tempfile::TempDir, Stats) {
    let dir = tempfile::Builder::new()
        .prefix("orgraf-bench-")
        .tempdir()
        .expect("a temporary folder");
    let stats = synth::generate(big_size(), 1, dir.path()).expect("generate the model");
    eprintln!(
        "generated model: {} nodes, {} edges ({} kommuner) in {}",
        stats.nodes,
        stats.edges,
        stats.kommuner,
        dir.path().display()
    );
    (dir, stats)
}

/// Loads a model folder, which must be free of errors.
pub fn load_dir(dir: &Path) -> orgraf::model::Loaded {
    let loaded = orgraf::model::load(&orgraf::model::ModelSource::Dir(dir.to_path_buf()))
        .expect("the folder loads");
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
    loaded
}

/// Generates the large model, loads it and removes its folder: the graph
/// the query and graph benchmarks run on.
pub fn big_graph() -> (orgraf::model::Loaded, Stats) {
    let (dir, stats) = big_model();
    let loaded = load_dir(dir.path());
    drop(dir);
    (loaded, stats)
}
