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

#[test]
fn rows_that_are_not_utf8_are_reported_in_file_order_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let stats = orgraf::synth::generate(10_000, 2, dir.path()).unwrap();
    // Break a row early in each file and one at the end; the reading
    // threads hand rows over in batches, which must not reorder them.
    for (file, early) in [("nodes.csv", 3), ("edges.csv", 5)] {
        let path = dir.path().join(file);
        let text = std::fs::read(&path).unwrap();
        let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        lines[early - 1].extend_from_slice(b"\xff");
        let last = lines.len() - 2; // the file ends with a newline
        lines[last].extend_from_slice(b"\xfe");
        std::fs::write(&path, lines.join(&b'\n')).unwrap();
    }
    let r = orgraf(&["check", "--model", dir.path().to_str().unwrap()], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let at = |needle: &str| {
        r.stderr
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {}", r.stderr))
    };
    let (nodes_last, edges_last) = (stats.nodes + 1, stats.edges + 1);
    let order = [
        at("nodes.csv:3:1"),
        at(&format!("nodes.csv:{nodes_last}:1")),
        at("edges.csv:5:1"),
        at(&format!("edges.csv:{edges_last}:1")),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", r.stderr);
    assert_eq!(
        r.stderr.matches("the row is not valid UTF-8").count(),
        4,
        "{}",
        r.stderr
    );
}
