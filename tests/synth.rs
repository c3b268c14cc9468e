//! The synthetic model generator writes models that pass `orgraf check`,
//! and problems in a large CSV model are located like in a small one.

mod util;

use std::io::Write as _;

use util::orgraf;

#[test]
fn a_generated_model_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let stats = orgraf::synth::generate(20_000, 3, dir.path()).unwrap();
    let r = orgraf(&["check", "--model", dir.path().to_str().unwrap()], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = format!(
        "ok: {} nodes, {} edges, 8 relations, 0 sources, 2 files (1 warning)\n",
        stats.nodes, stats.edges
    );
    assert_eq!(r.stdout, expected);
    // The one warning: CSV rows cite no sources.
    assert!(r.stderr.contains("carry no sources"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("Warning").count(), 1, "{}", r.stderr);
    assert!(stats.edges > stats.nodes * 5 / 2, "{stats:?}");
}

#[test]
fn problems_at_the_end_of_a_large_csv_model_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let stats = orgraf::synth::generate(20_000, 1, dir.path()).unwrap();
    let mut edges = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("edges.csv"))
        .unwrap();
    writeln!(edges, "k0_ks,rapporterar_till,k0_n0").unwrap(); // k0_n0 reports to k0_ks: a cycle
    writeln!(edges, "k0_ks,bereder,no_such_id").unwrap();
    drop(edges);
    let r = orgraf(&["check", "--model", dir.path().to_str().unwrap()], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let line = stats.edges + 3; // the header, the edges, the cycle's edge
    assert!(
        r.stderr.contains(&format!("edges.csv:{line}:1")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("edge to unknown id `no_such_id`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("`rapporterar_till` forms a cycle through `k0_ks`, `k0_n0`"),
        "{}",
        r.stderr
    );
}
