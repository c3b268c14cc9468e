//! The web explorer: `orgraf serve` (a local, read-only web app) and
//! `orgraf site` (the same pages as a static site).
//!
//! ```text
//! request ──server──▶ pages (a statement) ──query::eval──▶ Value ──html──▶ page
//!                                         └──diagram + dot──▶ inline SVG
//! ```
//!
//! The pages ([`pages`]) are shared by both faces and differ only in how
//! they link ([`links`]); they turn a request into a statement of the
//! query language and render the engine's answer as HTML ([`html`], maud
//! templates that escape every string). `/api/query` answers with the
//! JSON renderer of `orgraf query --format json`, byte for byte. Every
//! word of the interface is in [`strings`], in Swedish.
//!
//! Shared start-up (loading the model) is [`crate::commands::load_valid`];
//! this module imports no other face.

pub mod charts;
pub mod html;
pub mod links;
pub mod pages;
pub mod server;
pub mod site;
pub mod strings;

use std::net::SocketAddr;
use std::path::Path;

use crate::commands::{INPUT_ERROR, OK, load_valid};
use crate::model::ModelSource;

/// `orgraf serve`: loads the model and serves it until Ctrl-C.
pub fn serve(source: &ModelSource, addr: SocketAddr, open: bool, timings: bool) -> u8 {
    match load_valid(source, timings) {
        Ok(loaded) => server::serve(loaded.graph, addr, open),
        Err(code) => code,
    }
}

/// `orgraf site -o DIR`: loads the model and writes its static site.
pub fn site(source: &ModelSource, dir: &Path, timings: bool) -> u8 {
    let loaded = match load_valid(source, timings) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let start = std::time::Instant::now();
    match site::write(&loaded.graph, dir) {
        Ok(n) => {
            if timings {
                eprintln!("timing: site {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
            }
            eprintln!("orgraf: wrote {n} files to {}", dir.display());
            OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            INPUT_ERROR
        }
    }
}
