//! Where a page's links point: absolute URLs for the server
//! (`/body/psg`), relative file links for the static site
//! (`../../body/psg/index.html`). Pages ask this, never build a URL
//! themselves, so both faces link the same pages. On the server, a page
//! asked `?asof=DATE` links every page with the same date.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::diagram::page::URL_ID;

/// What a query-string value percent-encodes: all but unreserved
/// characters.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How pages link to each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Links {
    /// `orgraf serve`: absolute paths, each with `asof=DATE` when the
    /// page was asked as of a date.
    Server { as_of: Option<String> },
    /// `orgraf site`: relative links from a page `depth` folders below
    /// the site's root.
    Site { depth: usize },
}

/// A query-string value, percent-encoded.
pub fn encode_query(s: &str) -> String {
    utf8_percent_encode(s, QUERY).to_string()
}

/// The folder name of an id or a document file in the static site: the
/// text with everything but `[A-Za-z0-9_.-]` percent-encoded, and a
/// leading `.` too (so `..` is a folder of its own, not the parent).
pub fn slug(s: &str) -> String {
    let enc = utf8_percent_encode(s, URL_ID).to_string();
    match enc.strip_prefix('.') {
        Some(rest) => format!("%2E{rest}"),
        None => enc,
    }
}

impl Links {
    /// The server's links, without a date.
    pub const SERVER: Links = Links::Server { as_of: None };

    /// The date the page was asked for (`?asof=DATE`), if any.
    pub fn as_of(&self) -> Option<&str> {
        match self {
            Links::Server { as_of } => as_of.as_deref(),
            Links::Site { .. } => None,
        }
    }

    /// `url` with the page's date, when it has one.
    pub fn dated(&self, url: String) -> String {
        match self.as_of() {
            Some(d) => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}asof={}", encode_query(d))
            }
            None => url,
        }
    }

    fn root(&self) -> String {
        match self {
            Links::Server { .. } => "/".into(),
            Links::Site { depth } => "../".repeat(*depth),
        }
    }

    /// The site's file for a folder `path` below the root (`""` for the
    /// root), or the server's URL.
    fn page(&self, path: &str) -> String {
        self.dated(self.undated(path))
    }

    fn undated(&self, path: &str) -> String {
        match self {
            Links::Server { .. } => format!("/{path}"),
            Links::Site { .. } if path.is_empty() => format!("{}index.html", self.root()),
            Links::Site { .. } => format!("{}{path}/index.html", self.root()),
        }
    }

    pub fn is_site(&self) -> bool {
        matches!(self, Links::Site { .. })
    }

    pub fn home(&self) -> String {
        self.page("")
    }

    pub fn search(&self) -> String {
        self.page("search")
    }

    pub fn search_for(&self, text: &str) -> String {
        self.dated(format!(
            "{}?q={}",
            self.undated("search"),
            encode_query(text)
        ))
    }

    pub fn documents(&self) -> String {
        self.page("documents")
    }

    pub fn relations(&self) -> String {
        self.page("relations")
    }

    pub fn kinds(&self) -> String {
        self.page("kinds")
    }

    /// The path form; the server only.
    pub fn path(&self) -> Option<String> {
        (!self.is_site()).then(|| self.dated("/path".to_string()))
    }

    /// The query form; the server only.
    pub fn query(&self) -> Option<String> {
        (!self.is_site()).then(|| self.dated("/query".to_string()))
    }

    /// The answer to a statement: on the server any statement; in the
    /// site only the tour's, pre-rendered as `tour/N/`.
    pub fn answer(&self, statement: &str, tour_step: Option<usize>) -> Option<String> {
        match (self, tour_step) {
            (Links::Server { .. }, _) => {
                Some(self.dated(format!("/query?q={}", encode_query(statement))))
            }
            (Links::Site { .. }, Some(i)) => Some(self.page(&format!("tour/{}", i + 1))),
            (Links::Site { .. }, None) => None,
        }
    }

    pub fn body(&self, id: &str) -> String {
        self.item("body", id)
    }

    pub fn document(&self, file: &str) -> String {
        self.item("documents", file)
    }

    fn item(&self, folder: &str, key: &str) -> String {
        match self {
            Links::Server { .. } => {
                self.dated(format!("/{folder}/{}", utf8_percent_encode(key, URL_ID)))
            }
            Links::Site { .. } => {
                let link = utf8_percent_encode(&slug(key), URL_ID).to_string();
                self.page(&format!("{folder}/{link}"))
            }
        }
    }

    /// The node link template for charts (see
    /// [`crate::diagram::ChartOptions::node_href`]).
    pub fn chart_href(&self) -> String {
        match self {
            Links::Server { .. } => self.dated("/body/{id}".into()),
            Links::Site { .. } => format!("{}body/{{id}}/index.html", self.root()),
        }
    }

    pub fn asset(&self, name: &str) -> String {
        format!("{}assets/{name}", self.root())
    }

    /// The static site's search index.
    pub fn search_index(&self) -> String {
        format!("{}search-index.json", self.root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_and_site_links() {
        let s = Links::SERVER;
        assert_eq!(s.body("psg"), "/body/psg");
        assert_eq!(s.search_for("drnö x"), "/search?q=drn%C3%B6%20x");
        let dated = Links::Server {
            as_of: Some("2022-10".into()),
        };
        assert_eq!(dated.body("psg"), "/body/psg?asof=2022-10");
        assert_eq!(dated.search_for("x"), "/search?q=x&asof=2022-10");
        assert_eq!(
            dated.answer("show PSG", None).unwrap(),
            "/query?q=show%20PSG&asof=2022-10"
        );
        assert_eq!(dated.home(), "/?asof=2022-10");
        assert_eq!(dated.chart_href(), "/body/{id}?asof=2022-10");
        assert_eq!(dated.asset("style.css"), "/assets/style.css");
        let site = Links::Site { depth: 2 };
        assert_eq!(site.body("psg"), "../../body/psg/index.html");
        assert_eq!(site.home(), "../../index.html");
        assert_eq!(Links::Site { depth: 0 }.kinds(), "kinds/index.html");
        assert_eq!(slug(".."), "%2E.");
        assert_eq!(site.body(".."), "../../body/%252E./index.html");
    }
}
