//! Fuzzes the RON model loader and checker: any bytes as a model file
//! must give a graph or located diagnostics, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = orgraf::model::load_texts(vec![("fuzz.ron".to_string(), data.to_vec())], None);
    let _ = loaded.texts.render(&loaded.diagnostics, false);
    let _ = loaded.graph.summary();
});
