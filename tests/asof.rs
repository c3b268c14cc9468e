//! `as of DATE STATEMENT` on the bundled model: the seeds' real changes
//! (PSS, the hjälpmedel council's rename, VVG's start, SRO's 2022
//! matters), notes for names of another time, located errors, and that
//! the model's own date gives the answers of a statement without `as of`.

mod util;

use serde_json::Value;
use util::{orgraf, root};

/// The JSON answer of one statement (exit 0 required).
fn json(statement: &str) -> Value {
    let out = orgraf(&["query", statement, "--format", "json"], None);
    assert_eq!(out.code, 0, "{statement}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("one JSON document")
}

fn ids(results: &Value) -> Vec<&str> {
    results
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().expect("an id"))
        .collect()
}

#[test]
fn in_2021_the_skaraborg_steering_group_prepares_pss_matters() {
    let v = json("as of 2021 ? bereder PSS");
    assert_eq!(v["as_of"], "2021");
    assert_eq!(ids(&v["answer"]["results"]), ["styrgrupp_skaraborg"]);
    let notes = v["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 1);
    let note = notes[0].as_str().expect("a note");
    assert!(
        note.starts_with("`PSS` is a former name of `psg`") && note.contains("does not date"),
        "{note}"
    );
}

#[test]
fn in_january_2023_the_council_has_its_new_name_and_the_old_one_finds_it() {
    let v = json("as of 2023-01 show ledningsrad_hjalpmedel");
    assert_eq!(v["answer"]["name"], "Ledningsråd för hjälpmedel");
    assert_eq!(v["notes"], serde_json::json!([]));
    let old = json("as of 2023-01 show \"Ledningsråd MTP\"");
    assert_eq!(old["answer"]["name"], "Ledningsråd för hjälpmedel");
    assert_eq!(
        old["notes"],
        serde_json::json!([
            "`Ledningsråd MTP` was a name of `ledningsrad_hjalpmedel` (Ledningsråd Medicintekniska produkter –2022-10); as of 2023-01 it is called Ledningsråd för hjälpmedel"
        ])
    );
}

#[test]
fn before_the_rename_the_council_has_its_old_name_and_todays_finds_it() {
    let v = json("as of 2022-09 show \"Ledningsråd för hjälpmedel\"");
    let card = &v["answer"];
    assert_eq!(card["name"], "Ledningsråd Medicintekniska produkter");
    assert_eq!(
        card["aliases"],
        serde_json::json!(["Ledningsråd MTP", "MTP"])
    );
    let note = v["notes"][0].as_str().expect("a note");
    assert!(
        note.contains("is today's name of `ledningsrad_hjalpmedel`"),
        "{note}"
    );
    // The revised remit dates from October 2022: not yet there.
    let attributes = card["attributes"].to_string();
    assert!(
        !attributes.contains("Reviderad uppdragsbeskrivning"),
        "{attributes}"
    );
    let today = json("show ledningsrad_hjalpmedel")["attributes"].to_string();
    assert!(today.contains("Reviderad uppdragsbeskrivning"), "{today}");
}

#[test]
fn edges_and_bodies_outside_their_interval_are_left_out() {
    // SRO gave VästKom remits on 2022-09-29 (SRO) and 2022-10-03 (presidium).
    let remits = |date: &str| {
        let v = json(&format!("as of {date} show sro"));
        let out = v["answer"]["outgoing"]
            .as_array()
            .expect("outgoing")
            .clone();
        out.iter()
            .filter(|e| e["relation"] == "ger_uppdrag_till")
            .map(|e| e["to"]["id"].as_str().expect("an id").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(remits("2022-08"), Vec::<String>::new());
    assert_eq!(remits("2022-09-28"), Vec::<String>::new());
    assert_eq!(remits("2022-09-29"), ["vastkom", "vgr"]);
    // A month means every day of it: the remits of its 29th count.
    assert_eq!(remits("2022-09"), ["vastkom", "vgr"]);
    // The matters of 2022, month by month.
    let handled = |date: &str| {
        let v = json(&format!("as of {date} sro behandlar ?"));
        ids(&v["answer"]["results"]).len()
    };
    assert_eq!(handled("2021"), 0);
    assert_eq!(handled("2022-01"), 5);
    assert_eq!(handled("2022-02"), 10);
    assert_eq!(handled("2022"), 29);
    // VVG was formed in January 2017.
    let vvg = |date: &str| {
        ids(&json(&format!("as of {date} list where id = vvg"))["answer"]["results"]).len()
    };
    assert_eq!(
        (vvg("2016"), vvg("2016-12-31"), vvg("2017-01"), vvg("2024")),
        (0, 0, 1, 1)
    );
}

#[test]
fn at_the_models_own_date_every_example_answers_as_without_as_of() {
    let script = std::fs::read_to_string(root().join("queries/newcomer.oq")).expect("newcomer.oq");
    let mut n = 0;
    for line in script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let plain = json(line);
        let dated = json(&format!("as of 2024-05-21 {line}"));
        assert_eq!(dated["answer"], plain, "{line}");
        n += 1;
    }
    assert!(n > 5, "newcomer.oq has statements");
}

#[test]
fn a_bad_date_or_a_body_not_yet_there_is_a_located_error() {
    let out = orgraf(&["query", "as of 2022-13 show VVG"], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("`2022-13` is not a date: month 13 is not 1–12"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("<query>:1:7"), "{}", out.stderr);
    let out = orgraf(&["query", "as of 2016 show VVG"], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("`VVG` (vvg) did not exist as of 2016"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("<query>:1:17") && out.stderr.contains("2017-01–"),
        "{}",
        out.stderr
    );
    for (q, expected) in [
        ("as of", "expected a date after \"of\""),
        ("as of 2021", "expected a statement after \"2021\""),
        (
            "as of 2021 as of 2022 show VVG",
            "`as of` is given once per statement",
        ),
    ] {
        let out = orgraf(&["query", q], None);
        assert_eq!(out.code, 1, "{q}");
        assert!(out.stderr.contains(expected), "{q}: {}", out.stderr);
    }
    // `as` alone is still a name (and nothing is called so).
    let out = orgraf(&["query", "as"], None);
    assert!(out.stderr.contains("unknown name"), "{}", out.stderr);
}

#[test]
fn text_and_csv_show_the_date_and_notes_or_the_table_alone() {
    let out = orgraf(&["query", "as of 2023-01 show MTP"], None);
    assert!(
        out.stdout
            .starts_with("as of 2023-01:\nnote: `MTP` was a name of `ledningsrad_hjalpmedel`"),
        "{}",
        out.stdout
    );
    let csv = orgraf(
        &["query", "as of 2021 ? bereder PSS", "--format", "csv"],
        None,
    );
    let plain = orgraf(&["query", "? bereder PSS", "--format", "csv"], None);
    assert_eq!(csv.stdout, plain.stdout);
}

#[test]
fn show_has_a_history_of_names_and_dated_facts_oldest_first() {
    let v = json("show ledningsrad_hjalpmedel");
    let history: Vec<(Value, Value, &str, &str)> = v["history"]
        .as_array()
        .expect("a history")
        .iter()
        .map(|e| {
            (
                e["from"].clone(),
                e["until"].clone(),
                e["fact"].as_str().expect("a fact"),
                e["text"].as_str().expect("a text"),
            )
        })
        .collect();
    let null = Value::Null;
    assert_eq!(
        history,
        [
            (
                null.clone(),
                "2022-10".into(),
                "name",
                "name Ledningsråd Medicintekniska produkter"
            ),
            (
                "2022-10".into(),
                null.clone(),
                "name",
                "name Ledningsråd för hjälpmedel"
            ),
            (
                "2022-10".into(),
                null.clone(),
                "attribute",
                "styrdokument: Reviderad uppdragsbeskrivning, godkänd i förslaget som SRO ställde sig bakom i oktober 2022."
            ),
        ]
    );
    // Each entry cites the evidence for its dates.
    let first = &v["history"][0]["sources"];
    assert_eq!(first[0]["quote"], "Ställningstaganden av SRO oktober 2022");
    // The council's remits of 2024, and SRO's of 2022, in order.
    let text = orgraf(&["query", "show sro"], None).stdout;
    let history = text
        .split("\nhistory:\n")
        .nth(1)
        .expect("a history section");
    let dates: Vec<&str> = history
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().expect("a period"))
        .collect();
    assert_eq!(
        dates,
        ["2022-09-29–", "2022-09-29–", "2022-12–", "2022-12–"]
    );
    assert!(
        orgraf(&["query", "show vvg"], None)
            .stdout
            .contains("\nhistory:\n  2017-01–  exists [2]\n"),
        "VVG's lifetime"
    );
    // A body with no former name and nothing dated has no history.
    let drno = json("show DRNÖ");
    assert!(drno.get("history").is_none(), "{drno}");
    assert!(
        !orgraf(&["query", "show DRNÖ"], None)
            .stdout
            .contains("history:")
    );
}
