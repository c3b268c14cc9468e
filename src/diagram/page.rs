//! The pages a chart is laid out for, and the options of a chart.
//!
//! A chart is fitted to the printable area of its page: the sheet less
//! [`MARGIN`] on every side. Graphviz gets that area as its `size`, so a
//! drawing larger than the area is scaled down to it and a smaller one is
//! left as it is. The planner keeps charts close to the page's proportions
//! (see [`super::plan`]) so that the scale stays near 100 %.

pub use crate::cli::PageArg;

/// Points per millimetre.
const MM: f64 = 72.0 / 25.4;
/// The margin left free on every side of the sheet: 15 mm.
pub const MARGIN: f64 = 15.0 * MM;

/// A sheet of paper, in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    /// `A4`, `A4 landscape` …
    pub name: &'static str,
    pub width: f64,
    pub height: f64,
}

impl Page {
    pub const A4: Page = Page {
        name: "A4",
        width: 210.0 * MM,
        height: 297.0 * MM,
    };
    pub const A4_LANDSCAPE: Page = Page {
        name: "A4 landscape",
        width: 297.0 * MM,
        height: 210.0 * MM,
    };
    pub const A3: Page = Page {
        name: "A3",
        width: 297.0 * MM,
        height: 420.0 * MM,
    };
    pub const A3_LANDSCAPE: Page = Page {
        name: "A3 landscape",
        width: 420.0 * MM,
        height: 297.0 * MM,
    };

    /// The printable area's width and height in points.
    pub fn area(self) -> (f64, f64) {
        (self.width - 2.0 * MARGIN, self.height - 2.0 * MARGIN)
    }

    /// The sheet `arg` names, portrait for a bare `a4` or `a3` (whose
    /// orientation the renderer chooses by laying the chart out both
    /// ways); `None` for `none`.
    pub fn of(arg: PageArg) -> Option<Page> {
        match arg {
            PageArg::A4 | PageArg::A4Portrait => Some(Page::A4),
            PageArg::A4Landscape => Some(Page::A4_LANDSCAPE),
            PageArg::A3 | PageArg::A3Portrait => Some(Page::A3),
            PageArg::A3Landscape => Some(Page::A3_LANDSCAPE),
            PageArg::None => None,
        }
    }

    /// The sheets a chart may be laid out on for `arg`: portrait and
    /// landscape for a bare `a4` or `a3` (the renderer keeps the one that
    /// draws it larger, portrait on a tie), else the one `arg` names.
    pub fn candidates(arg: PageArg) -> Vec<Option<Page>> {
        match arg {
            PageArg::A4 => vec![Some(Page::A4), Some(Page::A4_LANDSCAPE)],
            PageArg::A3 => vec![Some(Page::A3), Some(Page::A3_LANDSCAPE)],
            fixed => vec![Page::of(fixed)],
        }
    }
}

/// How a chart is drawn, beyond what is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartOptions {
    /// The page to lay the chart out for (default A4, by shape).
    pub page: PageArg,
    /// PNG resolution in pixels per inch (default 150).
    pub dpi: u32,
    /// A link for every body node: `{id}` is replaced by the body's id,
    /// percent-encoded; written as the node's `URL` with
    /// `target="_top"`, so that a body in an SVG shown in a web page links
    /// to its page (e.g. `/body/{id}`). Off by default.
    pub node_href: Option<String>,
    /// A line added under a body's name, by model id: an atlas page's
    /// reference to the other pages the body is drawn on (`→ s. 4, 7`).
    /// Empty by default.
    pub notes: std::collections::BTreeMap<String, String>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            page: PageArg::A4,
            dpi: 150,
            node_href: None,
            notes: Default::default(),
        }
    }
}

/// What a link percent-encodes in an id: all but the unreserved
/// characters, so a model id (`[A-Za-z0-9_.-]`) stays as it is and any
/// other is one path segment or query value.
pub const URL_ID: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `template` with `{id}` replaced by `id`, percent-encoded (see
/// [`URL_ID`]).
pub fn href(template: &str, id: &str) -> String {
    let id = percent_encoding::utf8_percent_encode(id, URL_ID).to_string();
    template.replace("{id}", &id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_by_name() {
        assert_eq!(Page::of(PageArg::A4), Some(Page::A4));
        assert_eq!(Page::of(PageArg::A4Landscape), Some(Page::A4_LANDSCAPE));
        assert_eq!(Page::of(PageArg::A3Portrait), Some(Page::A3));
        assert_eq!(Page::of(PageArg::None), None);
        let (w, h) = Page::A4.area();
        assert!(
            (w - 510.2).abs() < 0.1 && (h - 756.9).abs() < 0.1,
            "{w} {h}"
        );
    }

    #[test]
    fn hrefs_encode_the_id() {
        assert_eq!(href("/body/{id}", "psg"), "/body/psg");
        assert_eq!(href("/body/{id}", "a b/ö?"), "/body/a%20b%2F%C3%B6%3F");
    }
}
