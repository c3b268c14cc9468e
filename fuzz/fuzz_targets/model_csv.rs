//! Fuzzes the CSV folder loader: the input is split at the first NUL
//! byte into nodes.csv and edges.csv, written to a scratch folder, and
//! loaded like `--model DIR`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use orgraf::model::{ModelSource, load};

static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let dir = DIR
        .get_or_init(|| tempfile::tempdir().expect("scratch folder"))
        .path();
    let (nodes, edges) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let mut n = b"id,kind,name,aliases\n".to_vec();
    n.extend_from_slice(nodes);
    let mut e = b"src,rel,dst\n".to_vec();
    e.extend_from_slice(edges);
    std::fs::write(dir.join("nodes.csv"), n).expect("write nodes.csv");
    std::fs::write(dir.join("edges.csv"), e).expect("write edges.csv");
    if let Ok(loaded) = load(&ModelSource::Dir(dir.to_path_buf())) {
        let _ = loaded.texts.render(&loaded.diagnostics, false);
    }
});
