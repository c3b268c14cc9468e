//! A compiled model: one file that `orgraf compile` writes from a model
//! folder and that every command opens like the folder
//! (`--model FILE.orgraf`), without parsing a line of RON or CSV.
//!
//! The file is mapped into memory (memmap2), its checksum verified, and
//! its records copied into the graph; the indexes and the id order come
//! precomputed. The layout is fixed and little-endian:
//!
//! | bytes | what |
//! | --- | --- |
//! | 0–7 | the mark [`MAGIC`] |
//! | 8–11 | the format version, [`FORMAT_VERSION`] |
//! | 12–15 | CRC-32 of every byte from 16 to the end |
//! | 16–23 | the length of the whole file |
//! | 24… | seven sections, each a length (8 bytes) and its bytes, padded with zeros to a multiple of 8 |
//!
//! The sections: (1) the catalog, files, node details, edge evidence and
//! the model's warnings with the lines they point at, in
//! [postcard](https://docs.rs/postcard); (2) the strings of the nodes
//! (id, name, aliases of each, in node order), UTF-8; (3) where each
//! string ends in (2), 4 bytes each; (4) the nodes, 8 bytes each: kind
//! (2), number of aliases (2), index of the details or `u32::MAX` (4);
//! (5) the edges in index order, 16 bytes each: from (4), to (4),
//! relation (2), zero (2), index + 1 of the evidence or `u32::MAX` (4);
//! (6) the nodes in id order, 4 bytes each; (7) the name index, 8 bytes
//! an entry: node (4), hash of the folded spelling (4).
//!
//! A file that is truncated, damaged (checksum), foreign (no mark) or of
//! another format version is refused with a message that says which,
//! before any record is read; a file whose checksum holds but whose
//! records do not fit together (only a file made by hand) is refused too
//! (see [`crate::graph`]'s `frozen` module). Bump [`FORMAT_VERSION`]
//! whenever what a section holds changes, including the serde shape of
//! the types in section (1): the test `compiled_format_is_pinned` fails
//! until then.

use std::ops::Range;
use std::path::Path;

use crate::commands::{INPUT_ERROR, USAGE_ERROR};
use crate::diag::Diagnostic;
use crate::graph::OrgGraph;
use crate::graph::frozen::{EdgeRec, NodeRec, Rich};

use super::{LoadFailure, Loaded, ModelSource, Texts};

/// The first eight bytes of every compiled model.
pub const MAGIC: &[u8; 8] = b"ORGRAF\x00M";
/// The version of the layout and of the serde shapes in it.
pub const FORMAT_VERSION: u32 = 2;
/// The conventional extension of a compiled model.
pub const EXTENSION: &str = "orgraf";

const HEADER: usize = 24;
const SECTIONS: usize = 7;

/// What section (1) holds besides the graph's own parts: the model's
/// warnings and, for each file they point into, its text as far as they
/// need it.
type Notes = (Vec<Diagnostic>, Vec<(String, String)>);

/// Writes `loaded` (a model without errors) as a compiled model.
pub fn to_bytes(loaded: &Loaded) -> Result<Vec<u8>, String> {
    let g = &loaded.graph;
    if !g.is_dense() {
        return Err("the graph has holes; it cannot be compiled".into());
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

    let mut strings = Vec::new();
    let mut ends: Vec<u8> = Vec::new();
    let mut nodes = Vec::with_capacity(g.node_count() * 8);
    let mut push_str = |s: &str, strings: &mut Vec<u8>| -> Result<(), String> {
        strings.extend_from_slice(s.as_bytes());
        let end = u32::try_from(strings.len()).map_err(|_| "the node strings pass 4 GB")?;
        ends.extend_from_slice(&end.to_le_bytes());
        Ok(())
    };
    for b in g.bodies() {
        let n = g.node(b);
        let rec = g.node_rec(b);
        push_str(&n.id, &mut strings)?;
        push_str(&n.name, &mut strings)?;
        for a in g.alias_list(b) {
            push_str(a, &mut strings)?;
        }
        nodes.extend_from_slice(&rec.kind.to_le_bytes());
        nodes.extend_from_slice(&rec.aliases.to_le_bytes());
        nodes.extend_from_slice(&rec.details.to_le_bytes());
    }
    let mut edges = Vec::with_capacity(g.edge_count() * 16);
    for e in g.edge_recs() {
        edges.extend_from_slice(&e.from.to_le_bytes());
        edges.extend_from_slice(&e.to.to_le_bytes());
        edges.extend_from_slice(&e.rel.to_le_bytes());
        edges.extend_from_slice(&0u16.to_le_bytes());
        edges.extend_from_slice(&e.info.to_le_bytes());
    }
    let order: Vec<u8> = g
        .bodies_sorted()
        .iter()
        .flat_map(|b| (b.index() as u32).to_le_bytes())
        .collect();
    let names: Vec<u8> = g
        .name_entries()
        .flat_map(|(n, k)| n.to_le_bytes().into_iter().chain(k.to_le_bytes()))
        .collect();

    let sections: [&[u8]; SECTIONS] = [&rich, &strings, &ends, &nodes, &edges, &order, &names];
    let size = HEADER
        + sections
            .iter()
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
    // SAFETY: the map is only read, and only within this call: every
    // record is checked (checksum first) and copied out before it
    // returns. orgraf itself never changes a compiled file in place (it
    // writes a new file and renames it), so the bytes can change under
    // the map only if another program writes into the file meanwhile,
    // which the checksum then most likely reports.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| fail(format!("cannot map: {e}")))?;
    let mut release = |r: Range<usize>| release_pages(&map, r);
    read(&map, &mut release).map_err(fail)
}

/// Lets the system take back the memory of pages of the map that have
/// been read, so that the file does not count twice (as the map and as
/// the graph made of it) in the process's memory. Without this, a
/// million-node model peaks 130 MB higher.
fn release_pages(map: &memmap2::Mmap, r: Range<usize>) {
    const PAGE: usize = 4096;
    let start = r.start.next_multiple_of(PAGE);
    let end = r.end.min(map.len()) / PAGE * PAGE;
    if end > start {
        // SAFETY: the map is a shared, read-only mapping of a file, so
        // pages dropped with MADV_DONTNEED hold nothing but the file's
        // bytes, which the next read of them maps again: the slices that
        // borrow the map keep seeing the same bytes. It only costs a page
        // fault should a released page be read again. Failure is
        // harmless (the pages stay).
        #[allow(unsafe_code)]
        let _ = unsafe {
            map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start)
        };
    }
}

/// Reads a compiled model from its bytes: checks the header and the
/// checksum, then puts the graph together.
pub fn from_bytes(bytes: &[u8]) -> Result<Loaded, String> {
    read(bytes, &mut |_| {})
}

/// [`from_bytes`], calling `release` with each range of `bytes` that it
/// has done with.
fn read(bytes: &[u8], release: &mut dyn FnMut(Range<usize>)) -> Result<Loaded, String> {
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
    let mut crc = crc32fast::Hasher::new();
    const CHUNK: usize = 8 << 20;
    let mut at = 16;
    while at < bytes.len() {
        let end = (at + CHUNK).min(bytes.len());
        crc.update(&bytes[at..end]);
        release(at..end);
        at = end;
    }
    if crc.finalize() != word(12) {
        return Err(format!(
            "the compiled model is damaged (its checksum does not match); {AGAIN}"
        ));
    }
    read_records(bytes, release)
        .map_err(|why| format!("the compiled model is damaged: {why}; {AGAIN}"))
}

/// The sections after a verified header.
fn read_records(bytes: &[u8], release: &mut dyn FnMut(Range<usize>)) -> Result<Loaded, String> {
    let mut at = HEADER;
    let mut sections: Vec<Range<usize>> = Vec::with_capacity(SECTIONS);
    for i in 0..SECTIONS {
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
        sections.push(start..end);
        at = end.next_multiple_of(8);
    }
    if at != bytes.len() {
        return Err("bytes after the last section".into());
    }
    let [rich, strings, ends, nodes, edges, order, names] =
        [0, 1, 2, 3, 4, 5, 6].map(|i| &bytes[sections[i].clone()]);
    let (rich, (warnings, texts)): (Rich, Notes) =
        postcard::from_bytes(rich).map_err(|e| format!("section 1: {e}"))?;
    if warnings.iter().any(Diagnostic::is_error) {
        return Err("it lists an error".into());
    }
    let strings = std::str::from_utf8(strings).map_err(|_| "a node string is not UTF-8")?;
    let ends = words(ends, "section 3")?;
    let mut from = 0usize;
    let mut next = ends.iter().map(|&end| {
        let s = strings.get(from..end as usize);
        from = end as usize;
        s.ok_or("a node string is out of place")
    });
    let mut next_str = move || next.next().unwrap_or(Err("a node string is missing"));
    let node_count = records(nodes, 8, "section 4")?;
    let edge_count = records(edges, 16, "section 5")?;
    let nodes = nodes.chunks_exact(8).map(|r| {
        let rec = NodeRec {
            kind: u16::from_le_bytes([r[0], r[1]]),
            aliases: u16::from_le_bytes([r[2], r[3]]),
            details: u32::from_le_bytes([r[4], r[5], r[6], r[7]]),
        };
        let id = next_str()?;
        let name = next_str()?;
        let aliases = (0..rec.aliases)
            .map(|_| next_str())
            .collect::<Result<Vec<_>, _>>()?;
        Ok((rec, id, name, aliases))
    });
    let nodes = nodes.map(|r: Result<_, &str>| r.map_err(String::from));
    let mut graph = OrgGraph::thaw_nodes(rich, node_count, edge_count, nodes)?;
    let used = 2 * graph.node_count()
        + graph
            .bodies()
            .map(|b| graph.alias_list(b).len())
            .sum::<usize>();
    if used != ends.len() {
        return Err("node strings are left over".into());
    }
    release(sections[0].start..sections[3].end);
    graph.thaw_edges(edges.chunks_exact(16).map(|r| EdgeRec {
        from: u32::from_le_bytes([r[0], r[1], r[2], r[3]]),
        to: u32::from_le_bytes([r[4], r[5], r[6], r[7]]),
        rel: u16::from_le_bytes([r[8], r[9]]),
        info: u32::from_le_bytes([r[12], r[13], r[14], r[15]]),
    }))?;
    release(sections[4].clone());
    records(names, 8, "section 7")?;
    let names = names.chunks_exact(8).map(|r| {
        (
            u32::from_le_bytes([r[0], r[1], r[2], r[3]]),
            u32::from_le_bytes([r[4], r[5], r[6], r[7]]),
        )
    });
    let sorted = words(order, "section 6")?;
    graph.thaw_indexes(names, sorted)?;
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

/// How many records of `size` bytes `bytes` holds, exactly.
fn records(bytes: &[u8], size: usize, what: &str) -> Result<usize, String> {
    if bytes.len().is_multiple_of(size) {
        Ok(bytes.len() / size)
    } else {
        Err(format!("{what} does not hold whole records"))
    }
}

fn words(bytes: &[u8], what: &str) -> Result<Vec<u32>, String> {
    records(bytes, 4, what)?;
    Ok(bytes
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect())
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
