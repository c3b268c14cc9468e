//! `orgraf site`: the static site has every page, no broken internal
//! link, a search index, is byte-identical from run to run, and is
//! written atomically into a folder it may replace.

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use util::{orgraf, root};

/// Runs `orgraf site -o DIR ARGS` and returns the exit code and stderr.
fn site(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["site", "-o", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let r = orgraf(&all, None);
    (r.code, r.stderr)
}

/// Every file below `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("valid percent-encoding"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The values of `attr="…"` in an HTML text, entities decoded.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            let end = rest.find('"').expect("closing quote");
            rest[..end].replace("&amp;", "&").replace("&quot;", "\"")
        })
        .collect()
}

/// Checks every link and source in every page: relative, and pointing
/// at a file of the site (and, with a fragment, at an id in it).
/// Returns the number of links checked.
fn check_links(dir: &Path, all: &BTreeMap<String, Vec<u8>>) -> usize {
    let mut checked = 0;
    let mut broken = Vec::new();
    for (rel, bytes) in all.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let here: PathBuf = dir.join(rel).parent().unwrap().to_path_buf();
        let links = ["href", "src", "xlink:href", "action"]
            .into_iter()
            .flat_map(|a| attr_values(html, a));
        for link in links {
            checked += 1;
            assert!(
                !link.starts_with('/') && !link.contains("://") && !link.starts_with("javascript:"),
                "{rel}: link {link:?} is not relative"
            );
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                dir.join(rel)
            } else {
                here.join(percent_decode(path))
            };
            if !target.is_file() {
                broken.push(format!("{rel}: {link}"));
                continue;
            }
            if let Some(f) = fragment {
                let text = std::fs::read_to_string(&target).unwrap();
                if !text.contains(&format!(" id=\"{f}\"")) {
                    broken.push(format!("{rel}: {link} (no id {f})"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}

#[test]
fn the_site_has_every_page_and_no_broken_link() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let (code, stderr) = site(&dir, &[]);
    assert_eq!(code, 0, "{stderr}");
    let all = files(&dir);
    for page in [
        "index.html",
        "search/index.html",
        "documents/index.html",
        "relations/index.html",
        "kinds/index.html",
        "body/drno/index.html",
        "body/psg/index.html",
        "documents/003_d4ad0bc19c53bb6e.txt/index.html",
        "tour/1/index.html",
        "search-index.json",
        "assets/style.css",
        "assets/site.js",
        ".orgraf-site",
    ] {
        assert!(all.contains_key(page), "{page} missing");
    }
    // A page for every body and every document.
    let check = orgraf(&["check"], None).stdout;
    let nodes: usize = check.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert_eq!(all.keys().filter(|k| k.starts_with("body/")).count(), nodes);
    let n = check_links(&dir, &all);
    assert!(n > 5000, "only {n} links checked");
    // The body page as the server shows it: the card, its sources, a
    // chart whose boxes link to their pages.
    let drno = std::str::from_utf8(&all["body/drno/index.html"]).unwrap();
    assert!(drno.contains("<h1>Delregional nämnd östra"));
    assert!(drno.contains("<ol class=\"sources\">"));
    assert!(
        drno.contains("xlink:href=\"../../body/drno/index.html\""),
        "chart links"
    );
    // No form that needs a server.
    assert!(!drno.contains("action=\"/path\"") && !drno.contains("/query"));
    // The home page links the tour's answers.
    let home = std::str::from_utf8(&all["index.html"]).unwrap();
    assert!(home.contains("href=\"tour/1/index.html\""));
    let tour = std::str::from_utf8(&all["tour/1/index.html"]).unwrap();
    assert!(tour.contains("Styrgrupp vårdsamverkan Skaraborg"));
}

#[test]
fn the_search_index_holds_every_body_with_its_spellings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    assert_eq!(site(&dir, &[]).0, 0);
    let text = std::fs::read_to_string(dir.join("search-index.json")).unwrap();
    let index: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = index.as_array().unwrap();
    let drno = entries.iter().find(|e| e["id"] == "drno").unwrap();
    assert_eq!(drno["name"], "Delregional nämnd östra");
    assert_eq!(drno["href"], "body/drno/index.html");
    let keys: Vec<&str> = drno["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(keys.contains(&"drno"), "{keys:?}"); // DRNÖ folded
    for e in entries {
        assert!(dir.join(e["href"].as_str().unwrap()).is_file(), "{e}");
    }
    // The search page embeds the same index and lists every body
    // without JavaScript.
    let search = std::fs::read_to_string(dir.join("search/index.html")).unwrap();
    assert!(
        search.contains("<script id=\"search-index\" type=\"application/json\" data-root=\"../\">")
    );
    assert_eq!(
        search.matches("<tr><td><a href=\"../body/").count(),
        entries.len()
    );
}

#[test]
fn hostile_text_stays_escaped_in_the_site_and_its_index() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let model = root().join("tests/fixtures/web_model");
    let (code, stderr) = site(&dir, &["--model", model.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    for (rel, bytes) in files(&dir) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for raw in ["<script>alert", "<img src=x", "<svg onload", "</q><script>"] {
            assert!(!html.contains(raw), "{rel}: raw {raw:?}");
        }
    }
}

#[test]
fn the_site_is_the_same_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(site(&a, &[]).0, 0);
    assert_eq!(site(&b, &[]).0, 0);
    assert_eq!(files(&a), files(&b));
}

#[test]
fn only_an_empty_folder_or_an_earlier_site_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    // Someone's folder: refused, untouched.
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
    let (code, stderr) = site(&theirs, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not made by `orgraf site`"), "{stderr}");
    assert_eq!(files(&theirs).len(), 1);
    // An empty folder, then the site made there again: replaced whole
    // (a file added by hand goes), and nothing left beside it.
    let ours = tmp.path().join("ours");
    std::fs::create_dir(&ours).unwrap();
    assert_eq!(site(&ours, &[]).0, 0);
    std::fs::write(ours.join("stray.html"), "x").unwrap();
    let (code, stderr) = site(&ours, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!ours.join("stray.html").exists());
    assert!(ours.join("index.html").is_file());
    let beside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
    // A model with errors writes nothing at all.
    let bad = tmp.path().join("bad_model");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("m.ron"), "(nodes: [(id: \"x\"").unwrap();
    let out = tmp.path().join("never");
    let (code, _) = site(&out, &["--model", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!out.exists());
    let beside = std::fs::read_dir(tmp.path()).unwrap().count();
    assert_eq!(beside, 3); // theirs, ours, bad_model
}

/// `(id, score)` of the site's client-side search for `q`, run by Node
/// on the site's own `site.js` and `search-index.json`.
fn site_search(dir: &Path, q: &str) -> Vec<(String, i64)> {
    let script = r#"
const [js, index, q] = process.argv.slice(1);
const { rank } = require(js);
const hits = rank(JSON.parse(require("fs").readFileSync(index, "utf8")), q);
console.log(JSON.stringify(hits.map(([s, e]) => [e.id, s])));
"#;
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(dir.join("assets/site.js"))
        .arg(dir.join("search-index.json"))
        .arg(q)
        .output()
        .expect(
            "Node.js runs the static site's search in this test: install it \
             (apt-get install nodejs)",
        );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from node")
}

/// The static site's search ranks like `search`: the same top hit and
/// the same scores and order for every body it finds (it reads names
/// only, without typos, so `search` may find more).
#[test]
fn the_site_search_ranks_like_search() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    assert_eq!(site(&dir, &[]).0, 0);
    for q in [
        "rättspsykiatri",
        "drno",
        "DRNÖ",
        "samla",
        "samordningsrad",
        "psg",
        "nämnd",
        "pss",
    ] {
        let js = site_search(&dir, q);
        assert!(!js.is_empty(), "{q}: the site finds nothing");
        let statement = format!("search {q}");
        let out = orgraf(&["query", &statement, "--format", "json"], None);
        let answer: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let cli: Vec<(String, i64)> = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["score"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(js[0], cli[0], "{q}: top hit, site {js:?}, search {cli:?}");
        let shared: Vec<&(String, i64)> = cli.iter().filter(|h| js.contains(h)).collect();
        let js_shared: Vec<&(String, i64)> = js.iter().filter(|h| cli.contains(h)).collect();
        assert_eq!(js_shared, shared, "{q}: order");
        // Every site hit that `search` lists has the same score there.
        for (id, s) in &js {
            if let Some((_, c)) = cli.iter().find(|(i, _)| i == id) {
                assert_eq!(s, c, "{q}: score of {id}");
            }
        }
    }
}
