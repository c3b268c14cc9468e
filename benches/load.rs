//! Loading models: the bundled one (parsed from RON and checked), a
//! generated CSV folder of about a million nodes and three million
//! edges (`ORGRAF_BENCH_NODES` changes the size) with LF and with CRLF
//! line ends, the same model compiled (`orgraf compile`), and a plain
//! single-purpose CSV-to-CSR loader as the baseline for the CSV figures.
//!
//! Before criterion's figures, the orgraf loader and the baseline are
//! timed in turn, several rounds each, and the ratio of their medians is
//! printed: measured in one run, so that other load on the machine
//! touches both alike.
//!
//! `cargo bench --bench load`

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use orgraf::model::{self, ModelSource, compiled};
use rustc_hash::FxHashMap;

/// A graph in compressed sparse rows, both directions: what a plain
/// loader makes of `nodes.csv` + `edges.csv`, and no more (no
/// validation, no name index, no evidence).
#[allow(dead_code)] // the fields are the point, read by no one
struct Csr {
    ids: Vec<Box<str>>,
    names: Vec<Box<str>>,
    kinds: Vec<u16>,
    out_start: Vec<u32>,
    out: Vec<(u32, u16)>,
    in_start: Vec<u32>,
    into: Vec<(u32, u16)>,
}

/// An edge row: from, relation, to.
type EdgeRow = (u32, u16, u32);

/// The baseline: one thread, the `csv` crate, a hash map from id to
/// index, and a counting sort into rows.
fn baseline_csr(dir: &Path) -> Csr {
    let reader = |name: &str| {
        csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(dir.join(name))
            .expect("the file opens")
    };
    let mut index: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut kind_ids: FxHashMap<Vec<u8>, u16> = FxHashMap::default();
    let (mut ids, mut names, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
    let mut rec = csv::ByteRecord::new();
    let mut r = reader("nodes.csv");
    while r.read_byte_record(&mut rec).expect("a row") {
        let id: Box<str> = std::str::from_utf8(&rec[0]).expect("UTF-8").into();
        let next = kind_ids.len() as u16;
        kinds.push(*kind_ids.entry(rec[1].to_vec()).or_insert(next));
        names.push(std::str::from_utf8(&rec[2]).expect("UTF-8").into());
        index.insert(id.clone(), ids.len() as u32);
        ids.push(id);
    }
    let mut rel_ids: FxHashMap<Vec<u8>, u16> = FxHashMap::default();
    let mut edges: Vec<EdgeRow> = Vec::new();
    let mut r = reader("edges.csv");
    let node = |f: &[u8]| index[std::str::from_utf8(f).expect("UTF-8")];
    while r.read_byte_record(&mut rec).expect("a row") {
        let next = rel_ids.len() as u16;
        let rel = *rel_ids.entry(rec[1].to_vec()).or_insert(next);
        edges.push((node(&rec[0]), rel, node(&rec[2])));
    }
    let n = ids.len();
    let rows = |key: fn(&EdgeRow) -> (u32, u32, u16)| {
        let mut start = vec![0u32; n + 1];
        for e in &edges {
            start[key(e).0 as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut cells = vec![(0u32, 0u16); edges.len()];
        for e in &edges {
            let (a, b, rel) = key(e);
            cells[fill[a as usize] as usize] = (b, rel);
            fill[a as usize] += 1;
        }
        (start, cells)
    };
    let (out_start, out) = rows(|&(a, r, b)| (a, b, r));
    let (in_start, into) = rows(|&(a, r, b)| (b, a, r));
    Csr {
        ids,
        names,
        kinds,
        out_start,
        out,
        in_start,
        into,
    }
}

/// A copy of the CSV folder `dir` with CRLF line ends.
fn crlf_copy(dir: &Path) -> tempfile::TempDir {
    let out = tempfile::Builder::new()
        .prefix("orgraf-bench-crlf-")
        .tempdir()
        .expect("a temporary folder");
    for name in ["nodes.csv", "edges.csv"] {
        let text = std::fs::read(dir.join(name)).expect("read the model");
        let mut crlf = Vec::with_capacity(text.len() + text.len() / 16);
        for line in text.split_inclusive(|&b| b == b'\n') {
            match line.strip_suffix(b"\n") {
                Some(l) => {
                    crlf.extend_from_slice(l);
                    crlf.extend_from_slice(b"\r\n");
                }
                None => crlf.extend_from_slice(line),
            }
        }
        std::fs::write(out.path().join(name), crlf).expect("write the copy");
    }
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times orgraf's CSV loader and the baseline in turn, `rounds` each,
/// and prints both medians and their ratio.
fn ratio_in_one_run(label: &str, dir: &Path, rounds: usize) {
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        let loaded = common::load_dir(dir);
        ours.push(t.elapsed().as_secs_f64());
        // Dropped outside the timing, as a one-shot command skips it.
        drop(loaded);
        let t = Instant::now();
        let csr = baseline_csr(dir);
        base.push(t.elapsed().as_secs_f64());
        black_box(&csr);
        drop(csr);
    }
    let (o, b) = (median(ours), median(base));
    eprintln!(
        "load {label}: orgraf {:.3} s, plain CSR baseline {:.3} s, ratio {:.2} (medians of {rounds}, in turn)",
        o,
        b,
        o / b
    );
}

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
    let crlf = crlf_copy(dir.path());
    ratio_in_one_run("LF", dir.path(), 5);
    ratio_in_one_run("CRLF", crlf.path(), 5);
    let file = dir.path().join("big.orgraf");
    {
        let loaded = common::load_dir(dir.path());
        let bytes = compiled::to_bytes(&loaded).expect("the model compiles");
        std::fs::write(&file, bytes).expect("write the compiled model");
    }

    // A run takes the better part of a second: few samples, and the
    // graph is dropped outside the timed part (as a one-shot command
    // would skip it).
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let k = stats.nodes / 1000;
    for (label, path) in [("lf", dir.path()), ("crlf", crlf.path())] {
        g.bench_function(format!("csv_{label}_{k}k_nodes"), |b| {
            b.iter_batched(
                || (),
                |()| common::load_dir(black_box(path)),
                BatchSize::PerIteration,
            )
        });
        g.bench_function(format!("csv_{label}_{k}k_nodes_baseline_csr"), |b| {
            b.iter_batched(
                || (),
                |()| baseline_csr(black_box(path)),
                BatchSize::PerIteration,
            )
        });
    }
    g.bench_function(format!("compiled_{k}k_nodes"), |b| {
        b.iter_batched(
            || (),
            |()| model::load(black_box(&ModelSource::Dir(file.clone()))).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
