//! Reading a model: RON files (the bundled model and hand-written ones) or
//! a `nodes.csv`/`edges.csv` folder, into a validated [`OrgGraph`].
//!
//! Loading never stops at the first problem: every file is read, every
//! fact is checked, and all diagnostics come back together.

pub mod compiled;
pub mod csv;
pub mod spans;
pub mod table;
pub mod types;
pub mod workbook;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::graph::{self, OrgGraph};
use spans::SpanTree;
use types::ModelFile;

/// The standard catalog, compiled in.
pub const CATALOG: (&str, &str) = ("<catalog>", include_str!("../catalog.ron"));

include!(concat!(env!("OUT_DIR"), "/bundled_model.rs"));

/// The bundled model's files, as `(name, text)`, compiled in.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    BUNDLED
}

/// Where a model comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// The model compiled into the binary.
    Bundled,
    /// A folder of `.ron` files and/or `nodes.csv` + `edges.csv`, an
    /// Excel workbook (see [`workbook`]), or a compiled model file (see
    /// [`compiled`]): whatever `--model` names.
    Dir(PathBuf),
}

impl ModelSource {
    /// A short name for prompts and banners.
    pub fn label(&self) -> String {
        match self {
            ModelSource::Bundled => "vgr".to_string(),
            ModelSource::Dir(p) if p.is_file() && !workbook::is_workbook(p) => {
                p.file_stem().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            }
            ModelSource::Dir(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }
}

/// A parsed RON file with its text and span tree.
#[derive(Debug)]
pub struct LoadedFile {
    pub name: String,
    pub text: String,
    pub content: ModelFile,
    pub spans: SpanTree,
}

/// The texts diagnostics point into. CSV files are not kept in memory;
/// they are read again only when a diagnostic needs their text.
#[derive(Debug, Default, Clone)]
pub struct Texts {
    entries: Vec<(String, TextOf)>,
}

#[derive(Debug, Clone)]
enum TextOf {
    Kept(String),
    OnDisk(PathBuf),
}

impl Texts {
    pub fn keep(&mut self, name: &str, text: &str) {
        self.entries
            .push((name.to_string(), TextOf::Kept(text.to_string())));
    }

    pub fn on_disk(&mut self, name: &str, path: &Path) {
        self.entries
            .push((name.to_string(), TextOf::OnDisk(path.to_path_buf())));
    }

    /// The text of file `name`, reading it again if it was left on disk.
    pub fn text(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.text_through(name, usize::MAX)
    }

    /// The text of file `name` at least through byte `end` and the rest
    /// of its line: all a diagnostic there needs. A file left on disk is
    /// read only that far, so a warning on line 1 of a 60 MB CSV file
    /// reads one line.
    fn text_through(&self, name: &str, end: usize) -> Option<std::borrow::Cow<'_, str>> {
        let (_, t) = self.entries.iter().find(|(n, _)| n == name)?;
        match t {
            TextOf::Kept(s) => Some(std::borrow::Cow::Borrowed(s)),
            TextOf::OnDisk(p) => read_through(p, end)
                .ok()
                .map(|b| std::borrow::Cow::Owned(lossy_in_place(&b))),
        }
    }

    /// Renders diagnostics against these texts. Each file is read once,
    /// as far as its last diagnostic, and its lines are indexed once.
    pub fn render(&self, diags: &[Diagnostic], color: bool) -> String {
        let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        let texts: Vec<(&str, Option<std::borrow::Cow<'_, str>>)> = files
            .iter()
            .map(|f| {
                let end = diags
                    .iter()
                    .filter(|d| d.file == *f)
                    .map(|d| d.span.end)
                    .max();
                (*f, self.text_through(f, end.unwrap_or(0)))
            })
            .collect();
        let sources: Vec<(&str, Option<crate::diag::SourceText<'_>>)> = texts
            .iter()
            .map(|(f, t)| (*f, t.as_deref().map(crate::diag::SourceText::new)))
            .collect();
        let mut out = String::new();
        for d in diags {
            match sources
                .iter()
                .find(|(f, _)| *f == d.file)
                .and_then(|(_, s)| s.as_ref())
            {
                Some(source) => out.push_str(&source.render(d, color)),
                None => out.push_str(&crate::diag::render_all(
                    std::slice::from_ref(d),
                    |_| None,
                    color,
                )),
            }
        }
        out
    }
}

/// `bytes` as text, each byte that is not UTF-8 shown as `?`: unlike
/// `String::from_utf8_lossy`, whose replacement character takes three
/// bytes, this keeps every later byte offset, so that diagnostics after a
/// bad row of a CSV file still point at their rows.
fn lossy_in_place(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    out
}

/// The first lines of file `path`, through the one holding byte `end`.
fn read_through(path: &Path, end: usize) -> std::io::Result<Vec<u8>> {
    use std::io::BufRead as _;
    let mut r = std::io::BufReader::new(fs::File::open(path)?);
    let mut out = Vec::new();
    while out.len() <= end {
        if r.read_until(b'\n', &mut out)? == 0 {
            break;
        }
    }
    Ok(out)
}

/// The outcome of loading: a graph (built from whatever was valid), all
/// diagnostics, and the texts they point into.
#[derive(Debug)]
pub struct Loaded {
    pub graph: OrgGraph,
    pub diagnostics: Vec<Diagnostic>,
    pub texts: Texts,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Why a model could not be read at all (as opposed to a model with
/// problems, which is a [`Loaded`] with diagnostics).
#[derive(Debug)]
pub struct LoadFailure(pub String);

/// Loads and validates a model: the one place every face (`check`,
/// `query`, `run`, `diagram`, the explorer) reads a model through, so a
/// folder and a compiled file work alike everywhere.
pub fn load(source: &ModelSource) -> Result<Loaded, LoadFailure> {
    match source {
        ModelSource::Bundled => {
            let files: Vec<(String, Vec<u8>)> = BUNDLED
                .iter()
                .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
                .collect();
            Ok(load_texts(files, None))
        }
        ModelSource::Dir(file) if file.is_file() && !workbook::is_workbook(file) => {
            compiled::load(file)
        }
        ModelSource::Dir(dir) => load_dir(dir),
    }
}

fn load_dir(dir: &Path) -> Result<Loaded, LoadFailure> {
    if workbook::is_workbook(dir) {
        return workbook::load(dir);
    }
    let entries = fs::read_dir(dir)
        .map_err(|e| LoadFailure(format!("cannot read model folder {}: {e}", dir.display())))?;
    let mut ron_paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    ron_paths.sort();
    let nodes_csv = dir.join("nodes.csv");
    let has_csv = nodes_csv.is_file();
    if ron_paths.is_empty() && !has_csv {
        return Err(LoadFailure(format!(
            "no model in {}: expected .ron files or nodes.csv (+ edges.csv)",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    for p in &ron_paths {
        let bytes =
            fs::read(p).map_err(|e| LoadFailure(format!("cannot read {}: {e}", p.display())))?;
        files.push((display_name(dir, p), bytes));
    }
    let csv = has_csv.then(|| csv::CsvFolder {
        nodes: nodes_csv.clone(),
        nodes_name: display_name(dir, &nodes_csv),
        edges: Some(dir.join("edges.csv")).filter(|p| p.is_file()),
        edges_name: display_name(dir, &dir.join("edges.csv")),
    });
    Ok(load_texts(files, csv))
}

fn display_name(dir: &Path, file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let d = dir.to_string_lossy();
    if d.is_empty() || d == "." {
        name
    } else {
        format!("{}/{name}", d.trim_end_matches('/'))
    }
}

/// Parses RON texts (and a CSV folder), then builds and validates. The
/// texts are `(name, bytes)`; bytes need not be valid UTF-8.
pub fn load_texts(files: Vec<(String, Vec<u8>)>, csv: Option<csv::CsvFolder>) -> Loaded {
    load_texts_with(files, |builder, texts| {
        if let Some(folder) = csv {
            texts.on_disk(&folder.nodes_name, &folder.nodes);
            if let Some(e) = &folder.edges {
                texts.on_disk(&folder.edges_name, e);
            }
            for (_, path, name) in folder.extra_tables() {
                texts.on_disk(&name, &path);
            }
            csv::load(&folder, builder);
        }
    })
}

/// [`load_texts`], with `more` adding rows from elsewhere (CSV files, a
/// workbook) after the RON files' nodes and edges.
pub fn load_texts_with(
    files: Vec<(String, Vec<u8>)>,
    more: impl FnOnce(&mut graph::Builder, &mut Texts),
) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut texts = Texts::default();
    let mut parsed = Vec::new();
    let catalog = parse_file(
        CATALOG.0,
        CATALOG.1.as_bytes(),
        &mut diagnostics,
        &mut texts,
    )
    .expect("the built-in catalog parses (tested)");
    for (name, bytes) in files {
        if let Some(f) = parse_file(&name, &bytes, &mut diagnostics, &mut texts) {
            parsed.push(f);
        }
    }
    let mut builder = graph::Builder::new(&catalog, &parsed);
    more(&mut builder, &mut texts);
    let (graph, diags) = builder.finish();
    diagnostics.extend(diags);
    Loaded {
        graph,
        diagnostics,
        texts,
    }
}

/// RON options for model files: `implicit_some` so that optional fields
/// are written plainly (`count: 2`, not `count: Some(2)`).
fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Parses one RON file; on failure records a located diagnostic.
pub fn parse_file(
    name: &str,
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
    texts: &mut Texts,
) -> Option<LoadedFile> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let at = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            texts.keep(name, &lossy);
            diags.push(
                Diagnostic::error(name, at..at + 1, "the file is not valid UTF-8")
                    .with_label("invalid byte here")
                    .with_hint("save the file as UTF-8"),
            );
            return None;
        }
    };
    texts.keep(name, &text);
    if let Some(at) = text.find('\0') {
        diags.push(
            Diagnostic::error(name, at..at + 1, "the file contains a NUL byte")
                .with_label("NUL byte")
                .with_hint("remove the NUL byte; model files are plain text"),
        );
        return None;
    }
    match ron_options().from_str::<ModelFile>(&text) {
        Ok(content) => {
            let spans = spans::span_tree(&text);
            Some(LoadedFile {
                name: name.to_string(),
                text,
                content,
                spans,
            })
        }
        Err(e) => {
            diags.push(ron_diagnostic(name, &text, &e));
            None
        }
    }
}

/// Byte offset of a 1-based (line, column) position in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    start
        + line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

fn ron_diagnostic(name: &str, text: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;
    let start = offset_of(text, e.span.start.line, e.span.start.col);
    let end = offset_of(text, e.span.end.line, e.span.end.col).max(start);
    let end = if end == start {
        text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        end
    };
    let mut d = Diagnostic::error(name, start..end, ron_message(&e.code));
    match &e.code {
        E::NoSuchStructField {
            expected, found, ..
        } => {
            if let Some(best) =
                crate::graph::names::closest(found, expected.iter().copied(), 1).first()
            {
                d = d.with_hint(format!("did you mean `{best}`?"));
            }
            d = d.with_label("unknown field");
            d = d.with_hint(format!("allowed fields: {}", expected.join(", ")));
        }
        E::MissingStructField { field, .. } => {
            d = d.with_label(format!("`{field}` is missing here"));
            if *field == "sources" {
                d = d.with_hint("every fact needs `sources: [(doc: \"FILE\", quote: \"…\")]`");
            }
        }
        E::ExpectedComma => d = d.with_hint("separate entries with `,`"),
        _ => {}
    }
    d
}

fn ron_message(e: &ron::Error) -> String {
    use ron::Error as E;
    match e {
        E::NoSuchStructField { found, outer, .. } => match outer {
            Some(o) => format!("unknown field `{found}` in {}", type_name(o)),
            None => format!("unknown field `{found}`"),
        },
        E::MissingStructField { field, outer } => match outer {
            Some(o) => format!("missing field `{field}` in {}", type_name(o)),
            None => format!("missing field `{field}`"),
        },
        E::DuplicateStructField { field, .. } => format!("field `{field}` is given twice"),
        other => format!("RON syntax: {other}"),
    }
}

/// The reader's name for a struct of the format.
fn type_name(rust: &str) -> &str {
    match rust {
        "ModelFile" => "the file",
        "NodeDef" => "a node",
        "EdgeDef" => "an edge",
        "Source" => "a source",
        "RelationDef" => "a relation",
        "KindDef" => "a kind",
        "Attribute" => "an attribute",
        "FormerName" => "a former name",
        "DocumentDef" => "a document",
        "ModelMeta" => "the model header",
        "EdgeStyle" | "NodeStyle" => "a style",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses() {
        let mut d = Vec::new();
        let f = parse_file(
            CATALOG.0,
            CATALOG.1.as_bytes(),
            &mut d,
            &mut Texts::default(),
        );
        assert!(f.is_some(), "{d:?}");
    }

    #[test]
    fn bad_bytes_keep_later_offsets() {
        let text = lossy_in_place(b"a\xffb\xc3(c\n\xc3\xa5");
        assert_eq!(text, "a?b?(c\nå");
        assert_eq!(text.find('c'), Some(5));
    }

    #[test]
    fn offsets_are_char_based() {
        let t = "ab\nåäx\n";
        assert_eq!(&t[offset_of(t, 2, 3)..offset_of(t, 2, 4)], "x");
        assert_eq!(offset_of(t, 9, 1), t.len());
    }
}
