//! Diagnostics as data, rendered in one place.
//!
//! Model loading, validation and the query parser all produce
//! [`Diagnostic`]s; the CLI, the REPL and the tests render them with
//! [`render`], so a message reads the same everywhere.

use std::fmt;
use std::ops::Range;

use ariadne::{CharSet, Config, IndexType, Label, Report, ReportKind};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a named source text by a byte span.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Name of the source: a model file name, or `<query>`.
    pub file: String,
    pub span: Range<usize>,
    pub message: String,
    /// Short text under the caret.
    pub label: Option<String>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span,
            message: message.into(),
            label: None,
            hints: Vec::new(),
        }
    }

    pub fn warning(
        file: impl Into<String>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, span, message)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// A one-line form without the source excerpt: `file@start..end: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Bytes read from a file or stdin as text. Invalid UTF-8 or a NUL byte
/// is an error located at the first bad byte ("the WHAT is not valid
/// UTF-8"), returned rendered: `file:line:col`, the line (invalid bytes
/// shown as `�`) and a caret.
pub fn decode(name: &str, bytes: Vec<u8>, what: &str, color: bool) -> Result<String, String> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::error(
                name,
                at..at + '\u{FFFD}'.len_utf8(),
                format!("the {what} is not valid UTF-8"),
            )
            .with_label("invalid byte here")
            .with_hint(format!("save the {what} as UTF-8"));
            return Err(render(&d, &lossy, color));
        }
    };
    if let Some(at) = text.find('\0') {
        let d = Diagnostic::error(name, at..at + 1, format!("the {what} contains a NUL byte"))
            .with_label("NUL byte")
            .with_hint("remove the NUL byte; it has no place in text");
        return Err(render(&d, &text, color));
    }
    Ok(text)
}

/// `s` cut to at most `max` characters, with `…` where it was cut: for
/// quoting the user's text in a message (a megabyte-long name is quoted
/// by its start).
pub fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(s),
        Some(_) => {
            let end = s
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            std::borrow::Cow::Owned(format!("{}…", &s[..end]))
        }
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = floor_char_boundary(text, at);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Renders `diag` against `text` (the source it points into): a header
/// with `file:line:col`, the offending line with a caret, and the hints.
/// To render many diagnostics against one text, use [`SourceText`].
pub fn render(diag: &Diagnostic, text: &str, color: bool) -> String {
    SourceText::new(text).render(diag, color)
}

/// How much of a long line an excerpt shows from the start of the span:
/// a five-megabyte string in a query is underlined for this many bytes,
/// then cut with `…`.
pub const MAX_SHOWN: usize = 240;

/// A source text with its lines indexed once, so that rendering many
/// diagnostics against a long script costs the lines they show, not the
/// whole text each time (ten thousand errors in a ten-thousand-line
/// script would otherwise take minutes).
pub struct SourceText<'t> {
    text: &'t str,
    source: ariadne::Source<&'t str>,
}

impl<'t> SourceText<'t> {
    pub fn new(text: &'t str) -> Self {
        SourceText {
            text,
            source: ariadne::Source::from(text),
        }
    }

    /// Renders `diag`; see [`render`].
    pub fn render(&self, diag: &Diagnostic, color: bool) -> String {
        let text = self.text;
        let start = floor_char_boundary(text, diag.span.start);
        let end = floor_char_boundary(text, diag.span.end.max(start));
        // A long line is shown from its start (so the column stays right)
        // to a little past the start of the span, on a source of its own
        // whose line numbers are kept by empty lines before it.
        let line = self
            .source
            .get_byte_line(start)
            .and_then(|(line, idx, _)| Some((self.source.get_line_text(line)?, idx)));
        if let Some((line_text, idx)) = line {
            let line_start = line_text.as_ptr() as usize - text.as_ptr() as usize;
            let content = line_text.trim_end_matches(['\n', '\r']);
            let line_end = line_start + content.len();
            // `start` may be past the content: on the `\n` of a `\r\n`.
            if line_end.saturating_sub(start) > MAX_SHOWN {
                let shown_end = floor_char_boundary(text, start + MAX_SHOWN);
                let mut excerpt = "\n".repeat(idx);
                excerpt.push_str(&text[line_start..shown_end]);
                excerpt.push_str(" …");
                let at = |i: usize| idx + i - line_start;
                let span = at(start)..at(end.min(shown_end));
                return report(diag, span, &ariadne::Source::from(excerpt.as_str()), color);
            }
        }
        report(diag, start..end, &self.source, color)
    }
}

/// Renders `diag` at `span` (bytes, on char boundaries) of `source`.
fn report(
    diag: &Diagnostic,
    span: Range<usize>,
    source: &ariadne::Source<&str>,
    color: bool,
) -> String {
    let kind = match diag.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
    };
    // ariadne shows `file:line:col` (columns in characters) in the header.
    let name = diag.file.clone();
    let config = Config::default()
        .with_color(color)
        .with_char_set(CharSet::Ascii)
        .with_index_type(IndexType::Byte)
        .with_compact(false);
    // ariadne draws the caret only under a label with a message.
    let label = Label::new((name.clone(), span.clone()))
        .with_message(diag.label.as_deref().unwrap_or("here"));
    let mut report = Report::build(kind, (name.clone(), span))
        .with_config(config)
        .with_message(&diag.message)
        .with_label(label);
    for hint in &diag.hints {
        report.add_help(hint);
    }
    let mut out = Vec::new();
    // Writing into a Vec cannot fail; fall back to the plain form if it does.
    if report
        .finish()
        .write((name.clone(), source), &mut out)
        .is_err()
    {
        return format!("{name}: {}\n", diag.message);
    }
    let mut rendered = String::with_capacity(out.len());
    for line in String::from_utf8_lossy(&out).lines() {
        rendered.push_str(line.trim_end());
        rendered.push('\n');
    }
    rendered
}

/// Renders many diagnostics, looking each one's text up by file name.
pub fn render_all<'a>(
    diags: &[Diagnostic],
    text_of: impl Fn(&str) -> Option<&'a str>,
    color: bool,
) -> String {
    let mut out = String::new();
    for d in diags {
        match text_of(&d.file) {
            Some(text) => out.push_str(&render(d, text, color)),
            None => {
                let kind = if d.is_error() { "Error" } else { "Warning" };
                out.push_str(&format!("{kind}: {}: {}\n", d.file, d.message));
                for h in &d.hints {
                    out.push_str(&format!("  Help: {h}\n"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_are_located() {
        let e = decode("s.oq", b"kinds\nshow \xff\n".to_vec(), "script", false).unwrap_err();
        assert!(e.contains("the script is not valid UTF-8"), "{e}");
        assert!(e.contains("s.oq:2:6") && e.contains("show \u{FFFD}"), "{e}");
        let e = decode("s.oq", b"kinds\n\0".to_vec(), "script", false).unwrap_err();
        assert!(e.contains("the script contains a NUL byte"), "{e}");
        assert!(e.contains("s.oq:2:1"), "{e}");
        assert_eq!(decode("s.oq", "å".into(), "script", false).unwrap(), "å");
    }

    #[test]
    fn shorten_cuts_long_text() {
        assert_eq!(shorten("PSG", 3), "PSG");
        assert_eq!(shorten("PSGX", 3), "PS…");
        assert_eq!(shorten(&"å".repeat(1000), 5), "åååå…");
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nåäö x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 5));
    }

    #[test]
    fn long_lines_are_cut_and_keep_their_place() {
        let big = "å".repeat(1 << 20);
        let text = format!("first\nshow \"{big}\" x\n");
        let d = Diagnostic::error("f.oq", 12..14, "unknown name").with_label("this");
        let out = render(&d, &text, false);
        assert!(out.contains("f.oq:2:7"), "{out}");
        assert!(out.len() < 1000, "{}", out.len());
        assert!(out.contains("å …"), "{out}");
        // The whole string underlined: cut too.
        let d = Diagnostic::error("f.oq", 11..text.len() - 4, "unknown name");
        let out = render(&d, &text, false);
        assert!(out.contains("f.oq:2:6") && out.len() < 1000, "{out}");
    }

    #[test]
    fn the_end_of_a_crlf_line() {
        // The parser points at the `\n` of `\r\n` after `show`.
        let text = "kinds\r\nshow\r\nlist\r\n";
        let d = Diagnostic::error("f.oq", 12..12, "expected a name");
        let out = render(&d, text, false);
        assert!(out.contains("f.oq:2:6") && out.contains("show"), "{out}");
    }

    #[test]
    fn many_diagnostics_against_one_long_text() {
        let text = "show X\n".repeat(10_000);
        let src = SourceText::new(&text);
        let start = std::time::Instant::now();
        for i in (0..10_000).step_by(7) {
            let d = Diagnostic::error("f.oq", i * 7 + 5..i * 7 + 6, "unknown name");
            let out = src.render(&d, false);
            assert!(out.contains(&format!("f.oq:{}:6", i + 1)), "{out}");
        }
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
    }

    #[test]
    fn render_points_at_the_place() {
        let text = "first\nsecond bad\n";
        let d = Diagnostic::error("f.ron", 13..16, "a problem")
            .with_label("here")
            .with_hint("fix it");
        let out = render(&d, text, false);
        assert!(out.contains("f.ron:2:8"), "{out}");
        assert!(out.contains("second bad"), "{out}");
        assert!(out.contains("^"), "{out}");
        assert!(out.contains("fix it"), "{out}");
    }
}
