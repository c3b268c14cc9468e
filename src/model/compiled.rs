//! A compiled model: one file that `orgraf compile` writes from a model
//! folder and that every command opens like the folder
//! (`--model FILE.orgraf`), without parsing a line of RON or CSV.
//!
//! The file is mapped into memory (memmap2) and its checksum verified;
//! the graph then reads its arrays where they lie in the map
//! ([`crate::graph`]'s `mapped` module): opening a million-node model
//! builds no graph and no index. The layout is fixed and little-endian:
//!
//! | bytes | what |
//! | --- | --- |
//! | 0–7 | the mark [`MAGIC`] |
//! | 8–11 | the format version, [`FORMAT_VERSION`] |
//! | 12–15 | CRC-32 of every byte from 16 to the end |
//! | 16–23 | the length of the whole file |
//! | 24… | eighteen sections, each a length (8 bytes) and its bytes, padded with zeros to a multiple of 8 |
//!
//! Section (1) holds the catalog, files, node details, edge evidence and
//! the model's warnings with the lines they point at, in
//! [postcard](https://docs.rs/postcard). The model's dates travel there:
//! when a body existed, had a name or an attribute value, and when an
//! edge held (each end with its sources, [`crate::graph::Validity`]) are
//! part of the node details and edge evidence, read into small owned
//! tables when the file is opened. Only hand-written facts carry dates,
//! and a big generated or CSV model has neither details nor evidence, so
//! the dates cost it nothing; `as of` on a compiled model that dates
//! something copies it into a built graph first
//! ([`OrgGraph::as_of`]). Sections (2)–(18) are the
//! graph's arrays, of 4-byte words unless said otherwise: (2) the node
//! strings (id, name, aliases of each node, in node order), UTF-8; (3)
//! where each string ends in (2); (4) each node's first string in (3),
//! and one more; (5) each node's kind, 2 bytes; (6) each node's index in
//! the node details or `u32::MAX` (empty when no node has details); the
//! out-edges as compressed sparse rows, in model order within each row:
//! (7) where each node's row starts, and one more, (8) each edge's
//! target, (9) its relation, 2 bytes, (10) its evidence index + 1 or
//! `u32::MAX` (empty when no edge has evidence); the in-edges likewise:
//! (11) row starts, (12) sources, (13) relations, 2 bytes, (14) each
//! edge's place in (8) (empty when no edge has evidence); (15) the nodes
//! in id order and (16) each node's place in it; the name index: (17) the
//! hash of every folded spelling of every node, sorted, and (18) its
//! node.
//!
//! A file that is truncated, damaged (checksum), foreign (no mark) or of
//! another format version is refused with a message that says which,
//! before any record is read; a file whose checksum holds but whose
//! records do not fit together (only a file made by hand) is refused too
//! (see [`crate::graph`]'s `mapped` module). Bump [`FORMAT_VERSION`]
//! whenever what a section holds changes, including the serde shape of
//! the types in section (1): the test `compiled_format_is_pinned` fails
//! until then.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::commands::{INPUT_ERROR, USAGE_ERROR};
use crate::diag::Diagnostic;
use crate::graph::mapped::{self, Bytes, Limits, Mapped};
use crate::graph::{OrgGraph, Rich};

use super::{LoadFailure, Loaded, ModelSource, Texts};

/// The first eight bytes of every compiled model.
pub const MAGIC: &[u8; 8] = b"ORGRAF\x00M";
/// The version of the layout and of the serde shapes in it.
pub const FORMAT_VERSION: u32 = 3;
/// The conventional extension of a compiled model.
pub const EXTENSION: &str = "orgraf";

const HEADER: usize = 24;
const SECTIONS: usize = 1 + mapped::SECTIONS;

/// What section (1) holds besides the graph's own parts: the model's
/// warnings and, for each file they point into, its text as far as they
/// need it.
type Notes = (Vec<Diagnostic>, Vec<(String, String)>);

/// Writes `loaded` (a model without errors) as a compiled model.
pub fn to_bytes(loaded: &Loaded) -> Result<Vec<u8>, String> {
    let g = &loaded.graph;
    let layout = g
        .layout()
        .ok_or("the graph has holes; it cannot be compiled")?;
    if layout.strings.len() >= u32::MAX as usize {
        return Err("the node strings pass 4 GB".into());
    }
    let warnings: Vec<Diagnostic> = loaded.diagnostics.clone();
    let mut texts: Vec<(String, String)> = Vec::new();
    for d in &warnings {
        if texts.iter().any(|(f, _)| *f == d.file) {
            continue;
        }
        let end = warnings
            .iter()
            .filter(|w| w.file == d.file)
            .map(|w| w.span.end)
            .max()
            .unwrap_or(0);
        if let Some(t) = loaded.texts.text_through(&d.file, end) {
            texts.push((d.file.clone(), cut_after_line(&t, end).to_string()));
        }
    }
    let rich = postcard::to_allocvec(&(g.rich(), (&warnings, &texts)))
        .map_err(|e| format!("cannot encode the model: {e}"))?;
    let arrays = layout.sections();
    let sections = std::iter::once(&rich).chain(&arrays);
    let size = HEADER
        + sections
            .clone()
            .map(|s| 8 + s.len().next_multiple_of(8))
            .sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(size as u64).to_le_bytes());
    for s in sections {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s);
        out.resize(out.len().next_multiple_of(8), 0);
    }
    debug_assert_eq!(out.len(), size);
    seal(&mut out);
    Ok(out)
}

/// `text` up to the end of the line that holds byte `end`.
fn cut_after_line(text: &str, end: usize) -> &str {
    let end = end.min(text.len());
    let stop = text.as_bytes()[end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| end + i + 1);
    // `end` may fall inside a character; the cut is at a newline or the end.
    &text[..stop]
}

/// Writes the checksum of `bytes` into its header. Exposed for tests and
/// fuzzing, which damage a file and seal it again to reach the records.
#[doc(hidden)]
pub fn seal(bytes: &mut [u8]) {
    if bytes.len() >= 16 {
        let crc = crc32fast::hash(&bytes[16..]);
        bytes[12..16].copy_from_slice(&crc.to_le_bytes());
    }
}

/// Whether `path` is a file that starts with the compiled model's mark.
pub fn is_compiled(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == MAGIC)
}

/// Opens a compiled model by mapping it.
pub fn load(path: &Path) -> Result<Loaded, LoadFailure> {
    let shown = path.display();
    let fail = |why: String| LoadFailure(format!("{shown}: {why}"));
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot open: {e}")))?;
    let len = file
        .metadata()
        .map_err(|e| fail(format!("cannot read: {e}")))?
        .len();
    if len < HEADER as u64 {
        // Too short to map usefully (and an empty map is an error on
        // some systems).
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        return from_bytes(&bytes).map_err(fail);
    }
    // SAFETY: the map is only read. orgraf itself never changes a
    // compiled file in place (it writes a new file and renames it, so a
    // map keeps the old file's bytes); the bytes can change under the map
    // only if another program writes into the file while it is open: the
    // checksum then most likely reports it, and a change after it cannot
    // make a read leave the map (every read is bounds-checked), only give
    // wrong names or edges.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }
        .map_err(|e| fail(format!("cannot map: {e}")))?;
    read(Bytes::Map(map)).map_err(fail)
}

/// Reads a compiled model from its bytes: checks the header and the
/// checksum, then puts the graph together.
pub fn from_bytes(bytes: &[u8]) -> Result<Loaded, String> {
    read(Bytes::copy_of(bytes))
}

/// [`from_bytes`] of bytes the graph keeps and reads in place.
fn read(kept: Bytes) -> Result<Loaded, String> {
    let bytes = kept.as_slice();
    const AGAIN: &str = "compile it again with `orgraf compile`";
    if bytes.len() < 8 || &bytes[..8] != MAGIC {
        if MAGIC.starts_with(bytes) {
            return Err(format!(
                "the compiled model is truncated (it ends within its header); {AGAIN}"
            ));
        }
        return Err(format!(
            "not a compiled orgraf model (it does not start with the mark of one); \
             give a model folder, or a file written by `orgraf compile DIR -o FILE.{EXTENSION}`"
        ));
    }
    if bytes.len() < HEADER {
        return Err(format!(
            "the compiled model is truncated (it ends within its header); {AGAIN}"
        ));
    }
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    let version = word(8);
    if version != FORMAT_VERSION {
        let age = if version < FORMAT_VERSION {
            "an older"
        } else {
            "a newer"
        };
        return Err(format!(
            "compiled by {age} orgraf (format version {version}; this one reads version \
             {FORMAT_VERSION}); {AGAIN}"
        ));
    }
    let size = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    if (bytes.len() as u64) < size {
        return Err(format!(
            "the compiled model is truncated ({} of {size} bytes); {AGAIN}",
            bytes.len()
        ));
    }
    if bytes.len() as u64 > size {
        return Err(format!(
            "the compiled model has {} bytes after its end; {AGAIN}",
            bytes.len() as u64 - size
        ));
    }
    if crc32fast::hash(&bytes[16..]) != word(12) {
        return Err(format!(
            "the compiled model is damaged (its checksum does not match); {AGAIN}"
        ));
    }
    let sections =
        sections(bytes).map_err(|why| format!("the compiled model is damaged: {why}; {AGAIN}"))?;
    read_records(Arc::new(kept), sections)
        .map_err(|why| format!("the compiled model is damaged: {why}; {AGAIN}"))
}

/// Where each section lies, after a verified header.
fn sections(bytes: &[u8]) -> Result<[Range<usize>; SECTIONS], String> {
    let mut at = HEADER;
    let mut sections: [Range<usize>; SECTIONS] = std::array::from_fn(|_| 0..0);
    for (i, section) in sections.iter_mut().enumerate() {
        let len = bytes
            .get(at..at + 8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .ok_or_else(|| format!("section {} is missing", i + 1))?;
        let start = at + 8;
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| start.checked_add(l))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| format!("section {} runs past the end", i + 1))?;
        *section = start..end;
        at = end.next_multiple_of(8);
    }
    if at != bytes.len() {
        return Err("bytes after the last section".into());
    }
    Ok(sections)
}

/// The model in the sections of `bytes`: the first decoded, the graph's
/// arrays checked and read in place.
fn read_records(bytes: Arc<Bytes>, sections: [Range<usize>; SECTIONS]) -> Result<Loaded, String> {
    let (rich, (warnings, texts)): (Rich, Notes) =
        postcard::from_bytes(&bytes.as_slice()[sections[0].clone()])
            .map_err(|e| format!("section 1: {e}"))?;
    if warnings.iter().any(Diagnostic::is_error) {
        return Err("it lists an error".into());
    }
    check_rich(&rich)?;
    let limits = Limits {
        kinds: rich.0.kinds.len(),
        relations: rich.0.relations.len(),
        details: rich.2.len(),
        edge_info: rich.3.len(),
    };
    let arrays: &[Range<usize>; mapped::SECTIONS] =
        sections[1..].try_into().expect("the graph's sections");
    let graph = OrgGraph::from_mapped(rich, Mapped::open(bytes, arrays, &limits)?);
    let mut t = Texts::default();
    for (name, text) in &texts {
        t.keep(name, text);
    }
    Ok(Loaded {
        graph,
        diagnostics: warnings,
        texts: t,
    })
}

/// Every kind, relation and file the declarations and evidence point
/// at is there.
fn check_rich((catalog, files, details, edge_info): &Rich) -> Result<(), String> {
    if catalog.kinds.len() > usize::from(u16::MAX)
        || catalog.relations.len() > usize::from(u16::MAX)
    {
        return Err("too many kinds or relations".into());
    }
    for r in &catalog.relations {
        let kinds = r.subject_kinds.iter().chain(&r.object_kinds);
        if kinds
            .into_iter()
            .any(|k| usize::from(k.0) >= catalog.kinds.len())
        {
            return Err(format!("relation `{}` names an unknown kind", r.id));
        }
    }
    for (i, d) in details.iter().enumerate() {
        if d.origin.as_ref().is_some_and(|o| o.file >= files.len()) {
            return Err(format!("node details {i} name a file that is not listed"));
        }
    }
    if edge_info
        .iter()
        .any(|e| e.origin.as_ref().is_some_and(|o| o.file >= files.len()))
    {
        return Err("edge evidence names a file that is not listed".into());
    }
    Ok(())
}

/// `orgraf compile [DIR] -o FILE`: loads a model (which must be free of
/// errors) and writes it compiled, atomically. Refuses to write over a
/// model source: a model file (see [`crate::fsutil::is_model_file`]), the
/// model being compiled, a folder, or any existing file that is not a compiled
/// model.
pub fn command(source: &ModelSource, output: &Path, timings: bool) -> u8 {
    if let Err(why) = may_write(source, output) {
        eprintln!("error: {why}");
        return USAGE_ERROR;
    }
    let loaded = match crate::commands::load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let bytes = match to_bytes(&loaded) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return INPUT_ERROR;
        }
    };
    if let Err(e) = crate::fsutil::write_atomic(output, &bytes) {
        eprintln!("error: cannot write {}: {e}", output.display());
        return INPUT_ERROR;
    }
    let line = format!(
        "compiled {}: {} into {} ({:.1} MB)\n",
        source.label(),
        loaded.graph.summary(),
        output.display(),
        bytes.len() as f64 / 1e6
    );
    crate::commands::end_with(loaded);
    crate::commands::write_stdout(line.as_bytes())
}

/// Why `output` must not be written, if it must not.
fn may_write(source: &ModelSource, output: &Path) -> Result<(), String> {
    let shown = output.display();
    if crate::fsutil::is_model_file(output) {
        return Err(format!(
            "{shown} would be part of a model folder ({}); \
             write the compiled model to a FILE.{EXTENSION}",
            crate::fsutil::MODEL_FILES
        ));
    }
    if output.is_dir() {
        return Err(format!(
            "{shown} is a folder; give a file name such as model.{EXTENSION}"
        ));
    }
    if let ModelSource::Dir(src) = source {
        let same = |a: &Path, b: &Path| {
            a.canonicalize()
                .ok()
                .is_some_and(|a| b.canonicalize().is_ok_and(|b| a == b))
        };
        if same(src, output) {
            return Err(format!(
                "{shown} is the model being compiled; give another file name"
            ));
        }
    }
    if output.exists() && !is_compiled(output) {
        return Err(format!(
            "{shown} exists and is not a compiled model; refusing to overwrite it \
             (remove it first, or give another name)"
        ));
    }
    Ok(())
}
