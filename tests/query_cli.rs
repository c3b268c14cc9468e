//! `orgraf query` and `orgraf run`: exit codes, formats, and every kind of
//! error with its message and position.

mod util;

use util::{query, run_stdin};

/// The error of a failing query, checked for exit code 1 and no stdout.
fn error_of(statement: &str) -> String {
    let out = query(statement, &[]);
    assert_eq!(out.code, 1, "{statement}: {out:?}");
    assert!(out.stdout.is_empty(), "{statement}: {out:?}");
    out.stderr
}

#[test]
fn answers_exit_zero_even_when_empty() {
    let out = query("? utser PSG", &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "(none)\n");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(util::orgraf(&["query"], None).code, 2);
    assert_eq!(
        util::orgraf(&["query", "kinds", "--format", "xml"], None).code,
        2
    );
    let out = util::orgraf(&["run", "no/such/file.oq"], None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("cannot read no/such/file.oq"),
        "{}",
        out.stderr
    );
    let out = util::orgraf(&["query", "kinds", "--model", "no/such/model"], None);
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn syntax_error_expected_a_name() {
    insta::assert_snapshot!(error_of("? bereder"));
}

#[test]
fn syntax_error_trailing_input() {
    insta::assert_snapshot!(error_of("? bereder PSG extra"));
}

#[test]
fn syntax_error_second_statement() {
    insta::assert_snapshot!(error_of("? bereder PSG; kinds"));
}

#[test]
fn syntax_error_missing_arrow() {
    insta::assert_snapshot!(error_of("path PSG SRO"));
}

#[test]
fn syntax_error_unclosed_parenthesis() {
    insta::assert_snapshot!(error_of("? (bereder|rapporterar_till ?"));
}

#[test]
fn syntax_error_unterminated_string() {
    insta::assert_snapshot!(error_of("show \"Politisk samrådsgrupp"));
}

#[test]
fn syntax_error_stray_character() {
    insta::assert_snapshot!(error_of("? bereder @"));
}

#[test]
fn syntax_error_bad_bound() {
    insta::assert_snapshot!(error_of("paths PSG -> SRO max 99"));
}

#[test]
fn syntax_error_filter_without_question_mark() {
    insta::assert_snapshot!(error_of("VVG bereder SRO where kind = organ"));
}

#[test]
fn empty_query() {
    insta::assert_snapshot!(error_of("  "));
}

#[test]
fn unknown_name_suggests_close_ones() {
    insta::assert_snapshot!(error_of("? bereder PSF"));
}

#[test]
fn unknown_relation_suggests_close_ones() {
    insta::assert_snapshot!(error_of("Styrgrupp berder ?"));
}

#[test]
fn unknown_kind_and_field() {
    insta::assert_snapshot!("unknown_kind", error_of("list rolle"));
    insta::assert_snapshot!("unknown_field", error_of("? ingår_i PSG where knd = roll"));
}

#[test]
fn unknown_help_topic_and_word() {
    insta::assert_snapshot!("unknown_topic", error_of("help pathz"));
    insta::assert_snapshot!("unknown_word", error_of("explain xyzzy"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("? {}bereder{} ?", "(".repeat(10_000), ")".repeat(10_000));
    let err = error_of(&deep);
    assert!(
        err.contains("parentheses nested more than 64 deep"),
        "{err}"
    );
    assert!(err.contains("<query>:1:67"), "{err}");
}

#[test]
fn names_are_case_and_diacritic_insensitive() {
    for q in [
        "? bereder PSG",
        "? bereder psg",
        "? bereder PSS",
        "? bereder \"Politisk samrådsgrupp vårdsamverkan\"",
        "? prepares politisk_samradsgrupp_vardsamverkan",
    ] {
        let out = query(q, &[]);
        assert_eq!(out.code, 0, "{q}: {out:?}");
        assert!(
            out.stdout.contains("styrgrupp_skaraborg"),
            "{q}: {}",
            out.stdout
        );
    }
    let out = query("DRNO ordforande_i ?", &[]);
    assert!(out.stdout.contains("psg"), "{}", out.stdout);
}

#[test]
fn json_shapes() {
    let json = |q: &str| -> serde_json::Value {
        let out = query(q, &["--format", "json"]);
        assert_eq!(out.code, 0, "{q}: {out:?}");
        assert_eq!(out.stdout.lines().count(), 1, "one line: {}", out.stdout);
        serde_json::from_str(&out.stdout).expect("valid JSON")
    };
    let v = json("? bereder PSG");
    assert_eq!(v["results"][0]["id"], "styrgrupp_skaraborg");
    assert_eq!(v["results"][0]["aliases"][0], "Styrgrupp");
    let v = json("? utser ?");
    assert_eq!(v["rows"][0]["subject"]["id"], "koncernledning_hs");
    assert_eq!(v["rows"][0]["relation"], "utser");
    assert_eq!(v["rows"][0]["object"]["id"], "ordforande_rattspsykiatri");
    assert_eq!(json("VVG bereder SRO")["answer"], true);
    assert_eq!(json("SRO bereder VVG")["answer"], false);
    let v = json("path Beredningsgrupp_VVG -> SRO");
    let hops = &v["paths"][0]["hops"];
    assert_eq!(hops[0]["from"]["id"], "beredningsgrupp_vvg");
    assert_eq!(hops[1]["to"]["id"], "sro");
    assert_eq!(hops[1]["source"]["doc"], "001_24fa625428b9fa0c.txt");
    let v = json("show PSG");
    assert_eq!(v["id"], "psg");
    assert_eq!(v["former_names"][0]["aliases"][0], "PSS");
    assert_eq!(v["incoming"][0]["label"], "bereds av");
    assert!(v["sources"][0]["quote"].is_string());
}

#[test]
fn csv_has_a_header_and_quotes_fields() {
    let out = query("list roll", &["--format", "csv"]);
    assert_eq!(out.code, 0);
    let mut lines = out.stdout.split("\r\n");
    assert_eq!(lines.next(), Some("id,name,kind,subkind,aliases"));
    assert_eq!(
        lines.next(),
        Some("ordforande_rattspsykiatri,\"Ordförande, samordningsråd rättspsykiatri\",roll,,")
    );
}

#[test]
fn run_reports_every_failing_statement_and_runs_the_rest() {
    let out = run_stdin(
        "? bereder PSG\nshow PSF\n# a comment\nkinds; ? berder PSG\n? bereder\n",
        &[],
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("> ? bereder PSG"), "{}", out.stdout);
    assert!(out.stdout.contains("> kinds"), "{}", out.stdout);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn run_writes_json_lines() {
    let out = run_stdin(
        "? bereder PSG; kinds\nVVG bereder SRO",
        &["--format", "json"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let docs: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[2]["answer"], true);
}

#[test]
fn run_of_a_file_names_it_in_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.oq");
    std::fs::write(&file, "kinds\n\n? bereder ?x\n").expect("write script");
    let model = util::fixture_model();
    let out = util::orgraf(
        &[
            "run",
            file.to_str().unwrap(),
            "--model",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("broken.oq:3:12"), "{}", out.stderr);
}

#[test]
fn timings_go_to_stderr() {
    let out = query("? bereder PSG", &["--timings"]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("timing: model load"), "{}", out.stderr);
    assert!(out.stderr.contains("timing: parse"), "{}", out.stderr);
    let out = run_stdin("kinds\nrelations", &["--timings"]);
    assert!(
        out.stderr.contains("timing: statement 2 (line 2): parse"),
        "{}",
        out.stderr
    );
    assert!(!out.stdout.contains("timing"), "{}", out.stdout);
}

#[test]
fn a_name_alone_answers_like_show() {
    for (bare, show) in [
        ("SRO", "show SRO"),
        ("DRNÖ", "show DRNÖ"),
        ("\"NOSAM Lerum\"", "show \"NOSAM Lerum\""),
    ] {
        let a = query(bare, &["--format", "json"]);
        let b = query(show, &["--format", "json"]);
        assert_eq!(a.code, 0, "{bare}: {a:?}");
        assert_eq!(a.stdout, b.stdout, "{bare}");
    }
    // An unknown name alone is the unknown-name error of `show`, with
    // suggestions, not "expected a relation".
    let e = error_of("DRNX");
    assert!(e.contains("unknown name \"DRNX\""), "{e}");
    assert!(!e.contains("expected a relation"), "{e}");
    // Two words are a pattern still, which needs three parts.
    assert!(error_of("SRO PSG").contains("expected a name or ?"));
}

/// The ids of `search TEXT`'s hits on the bundled model, best first.
fn search_ids(text: &str) -> Vec<String> {
    let statement = format!("search {text}");
    let out = util::orgraf(&["query", &statement, "--format", "json"], None);
    assert_eq!(out.code, 0, "{out:?}");
    let answer: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn search_ranks_the_body_that_is_the_query_first() {
    // Seven nodes contain the word; the council itself is what is meant.
    let ids = search_ids("rättspsykiatri");
    assert_eq!(ids[0], "samordningsrad_rattspsykiatri", "{ids:?}");
    // The role and the group that merely contain the name come later,
    // the longest name (least covered by the query) last of them.
    let pos = |id: &str| ids.iter().position(|i| i == id).expect(id);
    assert!(
        pos("undergrupper_samordningsrad_rattspsykiatri")
            < pos("koordinator_samordningsrad_rattspsykiatri")
    );
    assert!(
        pos("koordinator_samordningsrad_rattspsykiatri")
            < pos("adjungerade_deltagare_samordningsrad_rattspsykiatri")
    );
    assert_eq!(search_ids("drno")[0], "drno");
    assert_eq!(search_ids("samla")[0], "samla");
    assert_eq!(search_ids("psg")[0], "psg");
}
