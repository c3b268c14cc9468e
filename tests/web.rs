//! `orgraf serve` over HTTP: every page and the API, their status and
//! content type, escaping of hostile model text, the bounds on input and
//! answers, GET/HEAD only, the charts (and a page without `dot`), and a
//! clean stop on Ctrl-C.

mod util;
#[path = "util/web.rs"]
mod web;

use util::{fixture_model, orgraf, root};
use web::{Served, enc};

const HTML: &str = "text/html; charset=utf-8";

/// The statements of `queries/newcomer.oq`, one per line.
fn newcomer_statements() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("queries/newcomer.oq")).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// How often `needle` occurs in `hay`.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn the_api_answers_byte_for_byte_like_the_cli() {
    let s = Served::start(&[]);
    let mut statements = newcomer_statements();
    statements.extend(
        [
            "show DRNÖ",
            "search rättspsykiatri",
            "relations",
            "kinds",
            "help path",
            "paths NOSAM_Lerum -> SRO max 4",
            "path SRO -> NOSAM_Lerum",
        ]
        .map(String::from),
    );
    assert!(statements.len() > 15);
    for st in &statements {
        let cli = orgraf(&["query", st, "--format", "json"], None);
        assert_eq!(cli.code, 0, "{st}: {}", cli.stderr);
        let r = s.get(&format!("/api/query?q={}", enc(st)));
        assert_eq!(r.status, 200, "{st}: {}", r.body);
        assert_eq!(r.content_type, "application/json");
        assert_eq!(r.body, cli.stdout, "{st}");
    }
}

#[test]
fn api_errors_are_json_with_the_place() {
    let s = Served::start(&[]);
    let r = s.get(&format!("/api/query?q={}", enc("? bereder PSX")));
    assert_eq!(r.status, 400);
    assert_eq!(r.content_type, "application/json");
    let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(j["error"]["message"], "unknown name \"PSX\"");
    assert_eq!(j["error"]["line"], 1);
    assert_eq!(j["error"]["column"], 11);
    assert!(
        j["error"]["hints"][0].as_str().unwrap().contains("PSG"),
        "{j}"
    );
    // A parse error, too.
    let r = s.get(&format!("/api/query?q={}", enc("? bereder")));
    assert_eq!(r.status, 400);
    let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(j["error"]["column"], 10, "{j}");
    // No statement at all.
    let r = s.get("/api/query");
    assert_eq!(r.status, 400);
    let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(
        j["error"]["message"]
            .as_str()
            .unwrap()
            .contains("missing parameter q")
    );
}

#[test]
fn home_has_the_model_the_questions_a_search_box_and_the_overview() {
    let s = Served::start(&[]);
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, HTML);
    let b = &r.body;
    assert!(b.contains("<h1>Vårdsamverkan Västra Götaland</h1>"), "{b}");
    let check = orgraf(&["check"], None).stdout; // ok: N nodes, M edges, …
    let nodes = check.split_whitespace().nth(1).unwrap();
    assert!(b.contains(&format!("{nodes} organ och roller")), "{b}");
    for step in orgraf::tour::TOUR {
        let href = format!("href=\"/query?q={}\"", enc(step.statement));
        assert!(b.contains(&href), "{href}");
        // … and each link answers.
        let a = s.get(&format!("/query?q={}", enc(step.statement)));
        assert_eq!(a.status, 200, "{}", step.statement);
    }
    assert!(b.contains("action=\"/search\""));
    // The overview: a chart, or (Graphviz failing on the whole model)
    // a note saying so in its place, never an error page.
    assert!(
        b.contains("<div class=\"chart\"><svg") || b.contains("Graphviz `dot` misslyckades"),
        "{b}"
    );
    // The assets are served from the binary.
    let css = s.get("/assets/style.css");
    assert_eq!(
        (css.status, css.content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let js = s.get("/assets/app.js");
    assert_eq!(js.status, 200);
    assert!(js.body.contains("/api/query"));
    let r = s.get("/assets/nope.css");
    assert_eq!((r.status, r.content_type.as_str()), (404, HTML));
}

#[test]
fn search_ranks_and_links_to_body_pages() {
    let s = Served::start(&[]);
    let r = s.get("/search?q=drno");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, HTML);
    let results = r
        .body
        .split("<ol class=\"results\">")
        .nth(1)
        .expect("results");
    let first = results.split("href=\"").nth(1).unwrap();
    assert!(first.starts_with("/body/drno\""), "{results}");
    // The same order as the CLI's search.
    let cli = orgraf(&["query", "search drno", "--format", "json"], None);
    let j: serde_json::Value = serde_json::from_str(&cli.stdout).unwrap();
    let ids: Vec<&str> = j["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let mut at = 0;
    for id in ids {
        let pos = results[at..]
            .find(&format!("href=\"/body/{id}\""))
            .unwrap_or_else(|| panic!("{id} in order"));
        at += pos + 1;
    }
    // Nothing found, and an empty query.
    let r = s.get("/search?q=zzzqqq");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Inget matchar ”zzzqqq”"));
    let r = s.get("/search");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<h1>Sök</h1>"));
}

#[test]
fn body_page_is_the_card_with_sources_a_linked_chart_and_a_path_form() {
    let s = Served::start(&[]);
    let r = s.get("/body/drno");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, HTML);
    let b = &r.body;
    assert!(b.contains("<h1>Delregional nämnd östra"), "{b}");
    assert!(b.contains("DRNÖ"));
    // Every source of the card, with its document's title and quote.
    let cli = orgraf(&["query", "show DRNÖ", "--format", "json"], None);
    let card: serde_json::Value = serde_json::from_str(&cli.stdout).unwrap();
    let mut quotes = 0;
    for s in card["sources"].as_array().unwrap() {
        let q = html_escape(s["quote"].as_str().unwrap());
        assert!(b.contains(&format!("<q>{q}</q>")), "{q}");
        assert!(b.contains(&html_escape(s["title"].as_str().unwrap())));
        quotes += 1;
    }
    for e in card["outgoing"]
        .as_array()
        .unwrap()
        .iter()
        .chain(card["incoming"].as_array().unwrap())
    {
        assert!(
            b.contains(&format!(
                "<h2>{}</h2>",
                html_escape(e["label"].as_str().unwrap())
            )),
            "{e}"
        );
        for s in e["sources"].as_array().unwrap() {
            assert!(b.contains(&html_escape(s["quote"].as_str().unwrap())));
            quotes += 1;
        }
    }
    assert!(quotes > 2);
    // The chart of the surroundings, each box linking to its page.
    assert!(b.contains("<div class=\"chart\"><svg"), "no chart");
    assert!(
        b.contains("xlink:href=\"/body/drno\""),
        "the chart's boxes link"
    );
    // A path form from here.
    assert!(b.contains("<input type=\"hidden\" name=\"from\" value=\"drno\">"));
    // Incoming edges under the inverse label.
    let psg = s.get("/body/psg").body;
    assert!(psg.contains("<h2>bereds av</h2>"), "{psg}");
    assert!(psg.contains("href=\"/body/styrgrupp_skaraborg\""));
    // An unknown id: a 404 page in the same style.
    let r = s.get("/body/no_such_body");
    assert_eq!(r.status, 404);
    assert_eq!(r.content_type, HTML);
    assert!(r.body.contains("<nav>") && r.body.contains("no_such_body"));
}

/// As maud escapes text.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn path_page_shows_each_hop_with_its_sources_or_why_not() {
    let s = Served::start(&[]);
    let r = s.get(&format!(
        "/path?from={}&to={}",
        enc("NOSAM Lerum"),
        enc("Den politiska samrådsgruppen (SAMLA)")
    ));
    assert_eq!(r.status, 200, "{}", r.body);
    let b = &r.body;
    let hops = b
        .split("<ol class=\"hops\">")
        .nth(1)
        .expect("hops")
        .split("</ol>")
        .collect::<Vec<_>>();
    let hops = hops[..hops.len() - 1].join("</ol>");
    assert_eq!(count(&hops, "<span class=\"hop\">"), 2, "{b}");
    assert!(hops.contains("lyfter ärenden till") && hops.contains("rapporterar till"));
    assert!(b.contains("Bereda och hantera ärenden som lyfts från Närområdessamverkan (NOSAM) i Lerum eller Alingsås."));
    // The form keeps what was asked and completes names.
    assert!(b.contains("value=\"NOSAM Lerum\""));
    assert!(
        b.contains("<datalist id=\"bodies\">")
            && b.contains("<option value=\"Samordningsgruppen SAMLA\">")
    );
    // With via.
    let r = s.get(&format!(
        "/path?from=NOSAM_Lerum&to=samla&via={}",
        enc("lyfter_ärenden_till|bereder")
    ));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("1 steg"), "{}", r.body);
    // No path: the why-not explanation.
    let r = s.get("/path?from=SRO&to=NOSAM_Lerum");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Ingen väg från"), "{}", r.body);
    assert!(r.body.contains("<div class=\"why\">"));
    // The form alone; a half-filled form; an unknown name.
    assert_eq!(s.get("/path").status, 200);
    let r = s.get("/path?from=SRO");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Fyll i både Från och Till"));
    let r = s.get("/path?from=SRO&to=PSX");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("did you mean PSG"), "{}", r.body);
}

#[test]
fn query_page_answers_any_statement_and_shows_errors_like_the_cli() {
    let s = Served::start(&[]);
    let r = s.get(&format!("/query?q={}", enc("? bereder PSG")));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<table class=\"bodies\">"));
    assert!(r.body.contains("href=\"/body/styrgrupp_skaraborg\""));
    assert!(
        r.body
            .contains(&format!("href=\"/api/query?q={}\"", enc("? bereder PSG")))
    );
    // Rows, yes/no, evidence, explain, help.
    for (q, want) in [
        ("? rekommenderar ?", "<table class=\"rows\">"),
        ("VVG bereder SRO", "<strong>"),
        ("why styrgrupp_skaraborg bereder PSG", "Ja: "),
        ("explain bereder", "section class=\"meaning\""),
        ("help", "<pre class=\"help\">"),
    ] {
        let r = s.get(&format!("/query?q={}", enc(q)));
        assert_eq!(r.status, 200, "{q}");
        assert!(r.body.contains(want), "{q}: {}", r.body);
    }
    // An error: the CLI's message with the caret, in the page.
    let cli = orgraf(&["query", "? bereder PSX"], None);
    let r = s.get(&format!("/query?q={}", enc("? bereder PSX")));
    assert_eq!(r.status, 400);
    let pre = r
        .body
        .split("<pre>")
        .nth(1)
        .unwrap()
        .split("</pre>")
        .next()
        .unwrap();
    assert_eq!(pre.trim_end(), html_escape(cli.stderr.trim_end()));
    assert!(pre.contains('^'));
    // The form alone.
    assert_eq!(s.get("/query").status, 200);
}

#[test]
fn documents_say_what_they_establish() {
    let s = Served::start(&[]);
    let r = s.get("/documents");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, HTML);
    let samla = "003_d4ad0bc19c53bb6e.txt";
    assert!(r.body.contains(&format!("href=\"/documents/{samla}\"")));
    assert!(
        r.body
            .contains("Uppdragsbeskrivning för Samordningsgruppen (SAMLA – Lerum Alingsås)")
    );
    let r = s.get(&format!("/documents/{samla}"));
    assert_eq!(r.status, 200);
    let b = &r.body;
    assert!(b.contains("Vad belägger"));
    assert!(b.contains("href=\"/body/nosam_lerum\"") && b.contains("lyfter ärenden till"));
    assert!(b.contains("Bereda och hantera ärenden som lyfts från Närområdessamverkan (NOSAM) i Lerum eller Alingsås."));
    let r = s.get("/documents/nope.txt");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("nope.txt"));
}

#[test]
fn relations_and_kinds_list_the_vocabulary() {
    let s = Served::start(&[]);
    let r = s.get("/relations");
    assert_eq!(r.status, 200);
    let b = &r.body;
    assert!(b.contains("<tr id=\"bereder\"><td><code>bereder</code></td><td>bereder</td><td>bereds av</td><td>prepares</td>"), "{b}");
    let r = s.get("/kinds");
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("<td>huvudman</td><td>principal</td>"),
        "{}",
        r.body
    );
}

#[test]
fn only_get_and_head_unknown_pages_are_404_and_headers_are_strict() {
    let s = Served::start(&[]);
    let r = s.post("/");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, HEAD"));
    assert!(r.body.contains("GET och HEAD"));
    assert_eq!(s.delete("/body/psg").status, 405);
    let r = s.head("/body/psg");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    let r = s.get("/no/such/page");
    assert_eq!(r.status, 404);
    assert_eq!(r.content_type, HTML);
    assert!(r.body.contains("Sidan finns inte"));
    assert!(
        r.body.contains("Det finns ingen sida ”/no/such/page”."),
        "{}",
        r.body
    );
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(s.get("/").header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn bad_input_is_bounded_and_never_a_server_error() {
    let s = Served::start(&[]);
    let long = "x".repeat(5000);
    for path in [
        format!("/query?q={long}"),
        format!("/api/query?q={long}"),
        format!("/search?q={long}"),
        format!("/path?from={long}&to=SRO"),
    ] {
        let r = s.get(&path);
        assert_eq!(r.status, 400, "{}", &path[..20]);
        assert!(r.body.contains("2000"), "{}", r.body);
    }
    for q in ["\"", "(((((", "?\u{0}", "path -> ->", "{{x}}", "<script>"] {
        let r = s.get(&format!("/query?q={}", enc(q)));
        assert_eq!(r.status, 400, "{q}");
        assert!(!r.body.contains("<script>\n") && !r.body.contains("<script>alert"));
        let r = s.get(&format!("/search?q={}", enc(q)));
        assert!(r.status == 200 || r.status == 400, "{q}: {}", r.status);
    }
    // Bad percent-encoding and odd ids.
    let r = s.get("/body/%FF%FE");
    assert_eq!(r.status, 400);
    assert!(
        r.body.contains("<nav>") && r.body.contains("Felaktig begäran"),
        "{}",
        r.body
    );
    assert_eq!(s.get("/body/..%2F..%2Fetc").status, 404);
    assert_eq!(s.get("/documents/..%2FCargo.toml").status, 404);
}

#[test]
fn hostile_model_text_is_escaped_everywhere() {
    let s = Served::with_model(&root().join("tests/fixtures/web_model"));
    let pages = [
        "/".to_string(),
        "/body/evil".into(),
        "/body/plain".into(),
        "/search?q=script".into(),
        "/documents".into(),
        "/documents/000_c79e22084b67890b.txt".into(),
        format!("/query?q={}", enc("show evil")),
        format!("/query?q={}", enc("explain evil")),
        format!("/query?q={}", enc("? bereder ?")),
        "/path?from=evil&to=plain".into(),
    ];
    for p in &pages {
        let r = s.get(p);
        assert_eq!(r.status, 200, "{p}");
        let b = &r.body;
        for raw in [
            "<script>alert",
            "<img src=x",
            "<b>&amp;",
            "<svg onload",
            "<i>Dokument",
            "</q><script>",
        ] {
            assert!(!b.contains(raw), "{p}: raw {raw:?} in the page");
        }
    }
    let b = s.get("/body/evil").body;
    assert!(
        b.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {{mall}}"),
        "{b}"
    );
    assert!(b.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(b.contains("&lt;/q&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    // The model's name in titles and the footer, the braces left alone.
    assert!(b.contains("Modell &lt;script&gt;alert(&quot;m&quot;)&lt;/script&gt; &amp; {{namn}}"));
    // The API is JSON, not HTML: the text as it is.
    let r = s.get(&format!("/api/query?q={}", enc("show evil")));
    let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(j["name"], "<script>alert(\"x\")</script> & {{mall}}");
}

#[test]
fn answers_too_large_for_a_page_get_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    orgraf::synth::generate(20_000, 1, dir.path()).unwrap();
    let s = Served::with_model(dir.path());
    let r = s.get(&format!("/query?q={}", enc("? utser ?")));
    assert_eq!(r.status, 413, "{}", &r.body[..r.body.len().min(300)]);
    assert!(r.body.contains("fler än de 5000"), "{}", r.body);
    let r = s.get(&format!("/api/query?q={}", enc("? utser ?")));
    assert_eq!(r.status, 413);
    assert!(r.body.contains("5000"));
    // A small answer on the same model is fine.
    assert_eq!(s.get(&format!("/query?q={}", enc("show nat"))).status, 200);
}

#[test]
fn without_dot_pages_render_and_say_how_to_install_it() {
    let empty = tempfile::tempdir().unwrap();
    let s = Served::start_with(&[], &[("PATH", empty.path().to_str().unwrap())]);
    for p in ["/", "/body/psg"] {
        let r = s.get(p);
        assert_eq!(r.status, 200, "{p}");
        assert!(
            r.body.contains("apt-get install graphviz"),
            "{p}: {}",
            r.body
        );
        assert!(!r.body.contains("<svg"));
    }
    assert!(s.get("/body/psg").body.contains("<h2>bereds av</h2>"));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let s = Served::start(&[]);
    assert_eq!(s.get("/").status, 200);
    let (code, stderr) = s.interrupt();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("orgraf: stopped"), "{stderr}");
}

#[test]
fn binding_beyond_this_machine_warns() {
    let s = Served::start(&["--addr", "0.0.0.0:0"]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        s.stderr().contains("warning: listening on 0.0.0.0"),
        "{}",
        s.stderr()
    );
    let local = Served::start(&[]);
    assert!(!local.stderr().contains("warning"), "{}", local.stderr());
    // A bad address is a usage error.
    let r = orgraf(&["serve", "--addr", "not-an-address"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn serve_takes_another_model() {
    let s = Served::with_model(&fixture_model());
    let r = s.get("/");
    assert!(
        r.body.contains("<h1>Testmodell vårdsamverkan</h1>"),
        "{}",
        r.body
    );
    assert_eq!(s.get("/body/psg").status, 200);
}

#[test]
fn open_without_a_browser_is_a_note_and_the_server_runs() {
    let empty = tempfile::tempdir().unwrap();
    let s = Served::start_with(&["--open"], &[("PATH", empty.path().to_str().unwrap())]);
    assert_eq!(s.get("/").status, 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !s.stderr().contains("cannot open a browser") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        s.stderr().contains("note: cannot open a browser"),
        "{}",
        s.stderr()
    );
}

#[test]
fn asof_answers_like_the_cli_and_every_link_keeps_the_date() {
    let s = Served::start(&[]);
    // The API: the bytes of `orgraf query --format json "as of DATE …"`.
    for (date, st) in [
        ("2021", "? bereder PSS"),
        ("2023-01", "show ledningsrad_hjalpmedel"),
        ("2023-01", "show \"Ledningsråd MTP\""),
        ("2022-02", "sro behandlar ?"),
    ] {
        let cli = orgraf(
            &["query", &format!("as of {date} {st}"), "--format", "json"],
            None,
        );
        assert_eq!(cli.code, 0, "{st}: {}", cli.stderr);
        let r = s.get(&format!("/api/query?q={}&asof={date}", enc(st)));
        assert_eq!(
            (r.status, r.body.as_str()),
            (200, cli.stdout.as_str()),
            "{st}"
        );
    }
    // An error points into the statement as sent.
    let r = s.get(&format!("/api/query?q={}&asof=2016", enc("show VVG")));
    assert_eq!(r.status, 400);
    let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        j["error"]["message"],
        "`VVG` (vvg) did not exist as of 2016"
    );
    assert_eq!(
        (j["error"]["line"].clone(), j["error"]["column"].clone()),
        (1.into(), 6.into())
    );
    let r = s.get(&format!("/api/query?q={}&asof=2022-13", enc("show VVG")));
    assert_eq!(r.status, 400);
    assert!(r.body.contains("month 13 is not 1–12"), "{}", r.body);
    // A body's page as of September 2022: the council's name then, a
    // banner, and every link and form with the date.
    let r = s.get("/body/ledningsrad_hjalpmedel?asof=2022-09");
    assert_eq!((r.status, r.content_type.as_str()), (200, HTML));
    assert!(
        r.body
            .contains("<h1>Ledningsråd Medicintekniska produkter "),
        "{}",
        r.body
    );
    assert!(r.body.contains("Du ser läget 2022-09"), "banner");
    assert!(
        r.body
            .contains("href=\"/body/samarbetsorganisationen_hjalpmedel?asof=2022-09\"")
    );
    assert!(
        r.body
            .contains("<input type=\"hidden\" name=\"asof\" value=\"2022-09\">")
    );
    let body_links: Vec<&str> = r.body.split("href=\"/body/").skip(1).collect();
    assert!(!body_links.is_empty());
    for l in body_links {
        let url = &l[..l.find('"').unwrap()];
        assert!(
            url.ends_with("?asof=2022-09"),
            "a link without the date: {url}"
        );
    }
    // Today the same page has today's name and no date anywhere.
    let today = s.get("/body/ledningsrad_hjalpmedel");
    assert!(today.body.contains("<h1>Ledningsråd för hjälpmedel "));
    assert!(!today.body.contains("asof"), "no date on today's page");
    // The query page answers as of the date too; a bad date is a 400 page.
    let r = s.get(&format!("/query?q={}&asof=2021", enc("? bereder PSS")));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Styrgrupp vårdsamverkan Skaraborg"));
    assert!(r.body.contains("is a former name of `psg`"), "the note");
    assert_eq!(s.get("/body/vvg?asof=22").status, 400);
    assert_eq!(s.get("/body/vvg?asof=2016").status, 400);
}
