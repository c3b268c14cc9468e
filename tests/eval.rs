//! The evaluator through the library API, on the fixture model: answers
//! agree with each other the way the language says they must.

mod util;

use orgraf::graph::{BodyId, OrgGraph};
use orgraf::model::{self, ModelSource};
use orgraf::query::{self, Value};

fn fixture() -> OrgGraph {
    let loaded = model::load(&ModelSource::Dir(util::fixture_model())).expect("fixture loads");
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.graph
}

fn ask(g: &OrgGraph, src: &str) -> Value {
    let stmt = query::parse_statement(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    query::eval(g, &stmt).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

fn ids(g: &OrgGraph, v: &Value) -> Vec<String> {
    match v {
        Value::Nodes { nodes, .. } => nodes.iter().map(|&b| g.node(b).id.to_string()).collect(),
        other => panic!("not a node set: {other:?}"),
    }
}

fn yes(v: &Value) -> bool {
    match v {
        Value::Answer { answer, .. } => *answer,
        other => panic!("not yes/no: {other:?}"),
    }
}

#[test]
fn inverse_and_question_side_agree_for_every_relation_and_body() {
    let g = fixture();
    for r in &g.catalog.relations {
        for b in g.bodies() {
            let x = format!("\"{}\"", g.node(b).id);
            let left = ids(&g, &ask(&g, &format!("? {} {x}", r.id)));
            let right = ids(&g, &ask(&g, &format!("{x} ^{} ?", r.id)));
            assert_eq!(left, right, "? {} {x}", r.id);
            let fwd = ids(&g, &ask(&g, &format!("{x} {}+ ?", r.ascii)));
            let back = ids(&g, &ask(&g, &format!("? ^{}+ {x}", r.id)));
            assert_eq!(fwd, back, "{x} {}+ ?", r.id);
        }
    }
}

#[test]
fn star_is_plus_and_the_start() {
    let g = fixture();
    for b in g.bodies() {
        let x = format!("\"{}\"", g.node(b).id);
        let mut plus = ids(
            &g,
            &ask(&g, &format!("{x} (bereder|ingår_i|lyfter_ärenden_till)+ ?")),
        );
        let star = ids(
            &g,
            &ask(&g, &format!("{x} (bereder|ingår_i|lyfter_ärenden_till)* ?")),
        );
        plus.push(g.node(b).id.to_string());
        plus.sort();
        plus.dedup();
        assert_eq!(plus, star, "{x}");
    }
}

#[test]
fn yes_no_agrees_with_the_set_and_why() {
    let g = fixture();
    let all: Vec<BodyId> = g.bodies_sorted();
    for &a in &all {
        let x = format!("\"{}\"", g.node(a).id);
        let reached = ids(
            &g,
            &ask(&g, &format!("{x} (bereder|rapporterar_till|ingår_i)+ ?")),
        );
        for &b in &all {
            let y = format!("\"{}\"", g.node(b).id);
            let pattern = format!("{x} (bereder|rapporterar_till|ingår_i)+ {y}");
            let holds = yes(&ask(&g, &pattern));
            assert_eq!(
                holds,
                reached.contains(&g.node(b).id.to_string()),
                "{pattern}"
            );
            let Value::Evidence {
                holds: why_holds,
                chain,
                ..
            } = ask(&g, &format!("why {pattern}"))
            else {
                panic!("why gives evidence")
            };
            assert_eq!(why_holds, holds, "why {pattern}");
            if holds {
                assert_eq!(chain.first().map(|h| h.from), Some(a));
                assert_eq!(chain.last().map(|h| h.to), Some(b));
                assert!(
                    chain.windows(2).all(|w| w[0].to == w[1].from),
                    "chain is connected"
                );
                assert!(
                    chain.iter().all(|h| !h.sources.is_empty()),
                    "every hop has a source"
                );
            }
        }
    }
}

#[test]
fn sequences_follow_both_steps() {
    let g = fixture();
    let v = ask(&g, "? utser/ordförande_i samordningsrad_rattspsykiatri");
    assert_eq!(ids(&g, &v), vec!["koncernledning_hs"]);
    let v = ask(&g, "samordningsrad_rattspsykiatri ^(utser/ordförande_i) ?");
    assert_eq!(ids(&g, &v), vec!["koncernledning_hs"]);
    let (nodes, edges) = v.subgraph();
    assert_eq!(nodes.len(), 3);
    assert_eq!(edges.len(), 2);
}

#[test]
fn shortest_path_follows_reachable_relations_only() {
    let g = fixture();
    // DRNÖ chairs and convenes PSG (not reachable relations) and is a member (reachable).
    let Value::Paths { paths, .. } = ask(&g, "path DRNÖ -> PSG") else {
        panic!()
    };
    assert_eq!(paths.len(), 1);
    assert_eq!(g.catalog.relation(paths[0][0].rel).id, "ingår_i");
    let Value::Paths { paths, .. } = ask(&g, "path DRNÖ -> PSG via ordförande_i") else {
        panic!()
    };
    assert_eq!(g.catalog.relation(paths[0][0].rel).id, "ordförande_i");
    let Value::Paths { paths, no_path, .. } = ask(
        &g,
        "path koncernledning_hs -> samordningsrad_rattspsykiatri",
    ) else {
        panic!()
    };
    assert!(paths.is_empty());
    let np = no_path.expect("an explanation");
    assert!(np.reached.is_empty());
    assert_eq!(
        np.reaching.len(),
        1,
        "the process team reports to the council"
    );
}

#[test]
fn paths_lists_every_simple_path_within_the_bound() {
    let g = fixture();
    let Value::Paths {
        paths, truncated, ..
    } = ask(&g, "paths processledare_samla -> SAMLA max 1")
    else {
        panic!()
    };
    assert_eq!(paths.len(), 2);
    assert!(!truncated);
    assert!(paths.iter().all(|p| p.len() == 1));
}

#[test]
fn script_api_reports_errors_and_keeps_the_rest() {
    let (ok, errors) = query::parse_script("kinds\n? bereder\nrelations");
    assert_eq!(ok.len(), 2);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].span, 15..15, "just after \"bereder\"");
}

/// A model of `n` bodies in a chain `n0 → n1 → …` over bereder,
/// written as CSV.
fn chain_model(n: usize) -> tempfile::TempDir {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut nodes = String::from("id,kind,name\n");
    let mut edges = String::from("src,rel,dst\n");
    for i in 0..n {
        let _ = writeln!(nodes, "n{i},organ,Node {i}");
        if i + 1 < n {
            let _ = writeln!(edges, "n{i},bereder,n{}", i + 1);
        }
    }
    std::fs::write(dir.path().join("nodes.csv"), nodes).expect("write nodes");
    std::fs::write(dir.path().join("edges.csv"), edges).expect("write edges");
    dir
}

#[test]
fn reachability_scales_to_long_chains() {
    const N: usize = 100_000;
    let dir = chain_model(N);
    let loaded = model::load(&ModelSource::Dir(dir.path().to_path_buf())).expect("loads");
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics.first());
    let g = loaded.graph;
    let start = std::time::Instant::now();
    let v = ask(&g, "n0 bereder+ ?");
    let Value::Nodes { nodes, .. } = &v else {
        panic!()
    };
    assert_eq!(nodes.len(), N - 1);
    assert!(yes(&ask(&g, &format!("n0 prepares* n{}", N - 1))));
    let Value::Paths { paths, .. } = ask(&g, &format!("path n0 -> n{}", N - 1)) else {
        panic!()
    };
    assert_eq!(paths[0].len(), N - 1);
    let Value::Paths { paths, no_path, .. } = ask(&g, &format!("paths n0 -> n{} max 5", N - 1))
    else {
        panic!()
    };
    assert!(paths.is_empty());
    assert_eq!(no_path.expect("explained").shortest, Some(N - 1));
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}

mod any_input {
    use super::*;
    use proptest::prelude::*;

    /// Tokens that make up statements, besides the language's keywords:
    /// names, relations and operators of the fixture model, and some that
    /// mean nothing.
    const OTHER_WORDS: &[&str] = &[
        "?",
        "PSG",
        "DRNÖ",
        "SRO",
        "VVG",
        "samla",
        "nosam_lerum",
        "\"NOSAM Lerum\"",
        "nobody",
        "bereder",
        "^bereder",
        "ingår_i",
        "utser",
        "ordförande_i",
        "lyfter_ärenden_till",
        "(",
        ")",
        "|",
        "/",
        "+",
        "*",
        "->",
        "kind",
        "=",
        "!=",
        "~",
        "roll",
        "organ",
        "3",
        "0",
        ";",
        "\n",
        "#",
        "\"",
        "@",
    ];

    /// The keywords (taken from the language, so a new one is covered)
    /// and the other tokens.
    fn words() -> Vec<&'static str> {
        let (kw, inner) = (query::KEYWORDS, query::ast::INNER_KEYWORDS);
        kw.iter().chain(inner).chain(OTHER_WORDS).copied().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Whatever the input, parsing and evaluating give answers or
        /// located errors, and rendering works: no panic.
        #[test]
        fn statements_never_panic(words in prop::collection::vec(prop::sample::select(words()), 0..12)) {
            let g = fixture_graph();
            let src = words.join(" ");
            let (stmts, errors) = query::parse_script(&src);
            for e in &errors {
                prop_assert!(e.span.end <= src.len());
            }
            for s in &stmts {
                match query::eval(g, s) {
                    Ok(v) => {
                        for f in [orgraf::output::Format::Text, orgraf::output::Format::Json, orgraf::output::Format::Csv] {
                            let _ = orgraf::output::render(&v, g, f);
                        }
                        let _ = v.subgraph();
                    }
                    Err(e) => prop_assert!(e.span.end <= src.len()),
                }
            }
        }
    }

    fn fixture_graph() -> &'static OrgGraph {
        static G: std::sync::OnceLock<OrgGraph> = std::sync::OnceLock::new();
        G.get_or_init(fixture)
    }
}

/// Every example statement in the `help` pages runs on the bundled model:
/// a reader who copies one gets an answer, not an error.
#[test]
fn help_examples_run_on_the_bundled_model() {
    let loaded = model::load(&ModelSource::Bundled).expect("bundled model loads");
    let g = &loaded.graph;
    let mut pages = vec![query::help(None).expect("overview")];
    pages.extend(query::help::TOPICS.iter().map(|(_, text)| text.to_string()));
    let mut tried = 0;
    for page in &pages {
        for line in page
            .lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        {
            // The statement is the first column: up to a run of spaces.
            let example = line.trim_start().split("   ").next().unwrap_or("").trim();
            const PLACEHOLDERS: &[&str] = &[
                "A", "B", "X", "N", "REL", "RELATION", "TEXT", "WORD", "KIND", "TOPIC", "NAME",
            ];
            let placeholder = example.split([' ', '|']).any(|w| PLACEHOLDERS.contains(&w));
            if placeholder
                || example.contains('…')
                || example.contains('[')
                || example.contains(',')
            {
                continue;
            }
            let Ok(stmt) = query::parse_statement(example) else {
                continue;
            };
            // A lone word in the first column is a term being explained
            // (`FIELD`, `OP`, `text`), which reads as `show WORD`.
            let lone = !example.contains(' ') && !example.contains('"');
            if lone && matches!(stmt.kind, query::StatementKind::Show(_)) {
                continue;
            }
            tried += 1;
            if let Err(e) = query::eval(g, &stmt) {
                panic!("help example `{example}` fails: {}", e.message);
            }
        }
    }
    assert!(tried >= 20, "only {tried} examples found");
}
