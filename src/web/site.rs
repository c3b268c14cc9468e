//! `orgraf site -o DIR`: the pages written as a static site.
//!
//! Every page is a folder with an `index.html` (`body/psg/index.html`),
//! linked relatively, so the site works from any folder of a web server
//! and from the file system. The search page filters an embedded copy
//! of the JSON search index (also written as `search-index.json`) as
//! you type. Charts are drawn beforehand, several at once.
//!
//! The site is built in a temporary folder beside DIR and renamed into
//! place, so a failed run leaves no half site. DIR may be missing, empty,
//! or a site made earlier by `orgraf site` (it holds the marker file
//! [`MARKER`]); any other non-empty folder is refused.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use maud::{PreEscaped, html};

use super::charts::Charts;
use super::html::{Ctx, layout};
use super::links::{Links, slug};
use super::pages::{self, Page};
use super::server::{SITE_JS, STYLE};
use crate::graph::OrgGraph;

/// The file that marks a folder as made by `orgraf site`.
pub const MARKER: &str = ".orgraf-site";

/// One page to write: its folder below the root, and how to make it.
enum Job {
    Home,
    Search,
    Documents,
    Relations,
    Kinds,
    Body(String),
    Document(String),
    Tour(usize),
}

impl Job {
    /// The folder, relative to the site's root (`""` for the root).
    fn folder(&self) -> String {
        match self {
            Job::Home => String::new(),
            Job::Search => "search".into(),
            Job::Documents => "documents".into(),
            Job::Relations => "relations".into(),
            Job::Kinds => "kinds".into(),
            Job::Body(id) => format!("body/{}", slug(id)),
            Job::Document(f) => format!("documents/{}", slug(f)),
            Job::Tour(i) => format!("tour/{}", i + 1),
        }
    }

    fn page(&self, ctx: &Ctx<'_>, charts: &Charts) -> Option<Page> {
        Some(match self {
            Job::Home => pages::home(ctx, charts),
            Job::Search => pages::site_search(ctx),
            Job::Documents => pages::documents(ctx),
            Job::Relations => pages::relations(ctx),
            Job::Kinds => pages::kinds(ctx),
            Job::Body(id) => pages::body(ctx, charts, id),
            Job::Document(f) => pages::document(ctx, f),
            Job::Tour(i) => return pages::tour_answer(ctx, *i),
        })
    }
}

/// The search index, with links relative to the site's root, as JSON
/// that may stand inside a `<script>` element.
fn index_json(g: &OrgGraph) -> String {
    let ctx = Ctx {
        g,
        links: Links::Site { depth: 0 },
    };
    pages::search_index(&ctx)
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A file of the site: its path below the root, and its contents.
type File = (String, Vec<u8>);

/// Every file of the site.
pub fn files(g: &OrgGraph) -> Result<Vec<File>, String> {
    let mut jobs = vec![
        Job::Home,
        Job::Search,
        Job::Documents,
        Job::Relations,
        Job::Kinds,
    ];
    jobs.extend(
        g.bodies_sorted()
            .into_iter()
            .map(|b| Job::Body(g.node(b).id.to_string())),
    );
    jobs.extend(
        g.catalog
            .documents
            .iter()
            .map(|d| Job::Document(d.file.clone())),
    );
    jobs.extend((0..crate::tour::TOUR.len()).map(Job::Tour));
    let index = index_json(g);
    let charts = Charts::default();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<File>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let folder = job.folder();
                    let depth = if folder.is_empty() { 0 } else { folder.matches('/').count() + 1 };
                    let ctx = Ctx {
                        g,
                        links: Links::Site { depth },
                    };
                    let Some(mut page) = job.page(&ctx, &charts) else {
                        continue;
                    };
                    if matches!(job, Job::Search) {
                        let main = page.main;
                        page.main = html! {
                            (main)
                            script type="application/json" #search-index data-root="../" { (PreEscaped(&index)) }
                        };
                    }
                    let html = layout(&ctx, &page.title, &page.main).into_string();
                    let path = if folder.is_empty() {
                        "index.html".to_string()
                    } else {
                        format!("{folder}/index.html")
                    };
                    if let Ok(mut d) = done.lock() {
                        d[i] = Some((path, html.into_bytes()));
                    }
                }
            });
        }
    });
    let mut out: Vec<File> = done
        .into_inner()
        .map_err(|_| "a page failed to render".to_string())?
        .into_iter()
        .flatten()
        .collect();
    out.push((
        "search-index.json".into(),
        format!("{index}\n").into_bytes(),
    ));
    out.push(("assets/style.css".into(), STYLE.as_bytes().to_vec()));
    out.push(("assets/site.js".into(), SITE_JS.as_bytes().to_vec()));
    out.push((
        MARKER.into(),
        b"This folder was made by `orgraf site`; the next run replaces it whole.\n".to_vec(),
    ));
    Ok(out)
}

/// Whether `dir` may be (re)placed by a site: missing, empty, or made by
/// `orgraf site`.
fn check_target(dir: &Path) -> Result<bool, String> {
    match std::fs::read_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("cannot read {}: {e}", dir.display())),
        Ok(mut entries) => {
            if entries.next().is_none() || dir.join(MARKER).is_file() {
                Ok(true)
            } else {
                Err(format!(
                    "{} is not empty and was not made by `orgraf site`; choose a new or empty folder \
                     (orgraf replaces only a folder it made, marked by its {MARKER} file)",
                    dir.display()
                ))
            }
        }
    }
}

/// Writes the site to `dir`, atomically. Returns the number of files.
pub fn write(g: &OrgGraph, dir: &Path) -> Result<usize, String> {
    let exists = check_target(dir)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let files = files(g)?;
    let tmp = tempfile::Builder::new()
        .prefix(".orgraf-site-")
        .tempdir_in(&parent)
        .map_err(|e| format!("cannot make a folder in {}: {e}", parent.display()))?;
    for (rel, bytes) in &files {
        let path = tmp.path().join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| format!("cannot write {rel}: {e}"))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {rel}: {e}"))?;
    }
    set_readable(tmp.path());
    // Swap the new site in: the old one (if any) moves aside first and is
    // removed only once the new one is in place.
    let old = if exists {
        let aside = tempfile::Builder::new()
            .prefix(".orgraf-old-")
            .tempdir_in(&parent)
            .map_err(|e| format!("cannot make a folder in {}: {e}", parent.display()))?;
        let aside_path = aside.path().join("site");
        std::fs::rename(dir, &aside_path)
            .map_err(|e| format!("cannot replace {}: {e}", dir.display()))?;
        Some((aside, aside_path))
    } else {
        None
    };
    if let Err(e) = std::fs::rename(tmp.path(), dir) {
        if let Some((_, aside_path)) = &old {
            let _ = std::fs::rename(aside_path, dir);
        }
        return Err(format!("cannot write {}: {e}", dir.display()));
    }
    // The temporary folder is now DIR: nothing left to remove.
    let _ = tmp.keep();
    drop(old);
    Ok(files.len())
}

/// A temporary folder is private (0700); a site is for reading.
#[cfg(unix)]
fn set_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn set_readable(_: &Path) {}
