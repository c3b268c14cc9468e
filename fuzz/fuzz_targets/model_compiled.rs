//! Fuzzes the compiled model loader. The first byte chooses: even, the
//! rest is read as it is (the checksum stops nearly everything at the
//! header); odd, the rest is sealed first (its checksum written into
//! it), so that the records behind the checksum are read. Either way a
//! model or an error, never a panic; a model that loads answers a few
//! statements and renders its warnings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orgraf::model::compiled;
use orgraf::output::{Format, render};
use orgraf::query::{eval, parse_statement};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = rest.to_vec();
    if mode % 2 == 1 {
        compiled::seal(&mut bytes);
    }
    let Ok(loaded) = compiled::from_bytes(&bytes) else {
        return;
    };
    let _ = loaded.texts.render(&loaded.diagnostics, false);
    let g = &loaded.graph;
    let _ = g.summary();
    let first = g.bodies().next().map(|b| g.node(b).id.to_string());
    let mut statements = vec![
        "list".to_string(),
        "? bereder ?".into(),
        "kinds".into(),
        "relations".into(),
        "as of 2016 list".into(),
    ];
    if let Some(id) = first {
        statements.push(format!("show {id}"));
        statements.push(format!("{id} (bereder|ingår_i)* ?"));
        statements.push(format!("search {id}"));
    }
    for s in &statements {
        if let Ok(stmt) = parse_statement(s) {
            if let Ok(v) = eval(g, &stmt) {
                for f in [Format::Text, Format::Json, Format::Csv] {
                    let _ = render(&v, g, f);
                }
            }
        }
    }
});
