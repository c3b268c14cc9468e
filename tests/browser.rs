//! A real browser on `orgraf serve`: Debian's headless Chromium, driven
//! through chromedriver's WebDriver protocol (plain HTTP and JSON).
//!
//! A newcomer opens `/`, searches for "drno" (the box offers hits as
//! they type), follows the first result to DRNÖ's page and sees its
//! sources, then asks the path page how a matter goes from NOSAM Lerum
//! to the political SAMLA group and sees both hops. Screenshots of the
//! home page and a body page are written to `target/screenshots/`.
//!
//! Without `chromium` or `chromedriver` the test fails and says how to
//! install them; it never skips.

mod util;
#[path = "util/web.rs"]
mod web;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use util::{orgraf, root};
use web::Served;

const INSTALL: &str = "the browser test needs Debian's headless Chromium and its WebDriver: \
     `apt-get install chromium chromium-driver` (the README's set-up line installs them)";

/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where a program is on PATH, or a failure saying how to install it.
fn require(program: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{program}` was not found on PATH; {INSTALL}"))
}

/// A chromedriver process and one browser session in it; both end when
/// dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let chromium = require("chromium");
        let chromedriver = require("chromedriver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromedriver ({e}); {INSTALL}"));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        loop {
            let ready = agent
                .get(format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not get ready on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {v}"))
            .to_string();
        b
    }

    /// One WebDriver command; returns its `value`, failing on an error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let r = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut r = r.unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let status = r.status().as_u16();
        let v: Value = r
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_json()
            .unwrap();
        assert!(status == 200, "WebDriver {method} {path}: {status} {v}");
        v["value"].clone()
    }

    fn cmd(&self, method: &str, what: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{what}", self.session), body)
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_string()
    }

    /// Waits until the current URL satisfies `ok`.
    fn wait_url(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let u = self.url();
            if ok(&u) {
                return u;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "waited for {what}; at {u}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every element matching a CSS selector.
    fn all(&self, css: &str) -> Vec<String> {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_string())
            .collect()
    }

    /// The first element matching `css`, waiting for it to appear.
    fn find(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(e) = self.all(css).into_iter().next() {
                return e;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no element {css} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn text(&self, element: &str) -> String {
        self.cmd("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn attribute(&self, element: &str, name: &str) -> String {
        self.cmd("GET", &format!("/element/{element}/attribute/{name}"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn click(&self, element: &str) {
        self.cmd("POST", &format!("/element/{element}/click"), None);
    }

    fn type_into(&self, element: &str, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Saves a screenshot of the window as PNG.
    fn screenshot(&self, path: &std::path::Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `target/screenshots/`, or under `CARGO_TARGET_DIR`.
fn screenshots() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("screenshots")
}

/// The Enter key in WebDriver's key codes.
const ENTER: &str = "\u{E007}";

#[test]
fn a_newcomer_finds_drno_its_sources_and_where_a_nosam_matter_goes() {
    let served = Served::start(&[]);
    let b = Browser::start();
    let base = &served.base;

    // The home page.
    b.go(&format!("{base}/"));
    let h1 = b.find("h1");
    assert_eq!(b.text(&h1), "Vårdsamverkan Västra Götaland");
    let shots = screenshots();
    b.screenshot(&shots.join("home.png"));

    // Search as you type offers DRNÖ; Enter asks the search page.
    let input = b.find("main form.search input[name=q]");
    b.type_into(&input, "drno");
    let offered = b.find("main form.search ul.live li a");
    assert!(
        b.attribute(&offered, "href").ends_with("/body/drno"),
        "search as you type"
    );
    b.type_into(&input, ENTER);
    b.wait_url("the search page", |u| u.contains("/search?q=drno"));

    // The first result is DRNÖ; its page shows the card and its sources.
    let first = b.find("ol.results li a");
    assert_eq!(b.text(&first), "Delregional nämnd östra");
    b.click(&first);
    b.wait_url("DRNÖ's page", |u| u.ends_with("/body/drno"));
    let h1 = b.find("h1");
    assert!(b.text(&h1).starts_with("Delregional nämnd östra"));
    let card = orgraf(&["query", "show DRNÖ", "--format", "json"], None);
    let card: Value = serde_json::from_str(&card.stdout).unwrap();
    let sources: Vec<String> = b.all("ol.sources li").iter().map(|e| b.text(e)).collect();
    assert!(!sources.is_empty(), "no sources on DRNÖ's page");
    let quote = card["sources"][0]["quote"].as_str().unwrap();
    let title = card["sources"][0]["title"].as_str().unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s.contains(quote) && s.contains(title)),
        "{quote} in {sources:?}"
    );
    assert!(
        !b.all(".chart svg").is_empty(),
        "the chart of DRNÖ's surroundings"
    );
    b.screenshot(&shots.join("body.png"));

    // The path page: NOSAM Lerum to the political SAMLA group, two hops.
    b.go(&format!("{base}/path"));
    b.type_into(&b.find("form.path input[name=from]"), "NOSAM Lerum");
    b.type_into(
        &b.find("form.path input[name=to]"),
        "Den politiska samrådsgruppen (SAMLA)",
    );
    b.click(&b.find("form.path button[type=submit]"));
    b.wait_url("the path's answer", |u| u.contains("/path?from="));
    let hops: Vec<String> = b.all("ol.hops > li").iter().map(|e| b.text(e)).collect();
    assert_eq!(hops.len(), 2, "{hops:?}");
    assert!(
        hops[0].starts_with("NOSAM Lerum lyfter ärenden till Samordningsgruppen SAMLA"),
        "{hops:?}"
    );
    assert!(
        hops[1].starts_with(
            "Samordningsgruppen SAMLA rapporterar till Den politiska samrådsgruppen (SAMLA)"
        ),
        "{hops:?}"
    );
    assert!(hops[0].contains("Bereda och hantera ärenden som lyfts från Närområdessamverkan (NOSAM) i Lerum eller Alingsås."));
    assert!(hops[1].contains("återrapportera resultat till den politiska samrådsgruppen"));
    b.screenshot(&shots.join("path.png"));
}
