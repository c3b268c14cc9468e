//! Writes a synthetic governance-shaped model in the CSV folder format.
//!
//! ```text
//! cargo run --release --example gen -- --nodes 1000000 [--seed 1] DIR
//! orgraf check --model DIR
//! orgraf --model DIR run DIR/workload.oq --format json
//! ```
//!
//! Beside the model it writes `workload.oq`, the performance workload
//! (`orgraf::synth::workload`), which the loader ignores.
//!
//! See `orgraf::synth` for the shape of the graph and its ids.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen [--nodes N] [--seed S] DIR\n  \
--nodes N  about how many nodes to write (default 1000000)\n  \
--seed S   varies the shape; the same seed gives the same files (default 1)";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok((nodes, seed, dir)) => {
            let start = Instant::now();
            let written = orgraf::synth::generate(nodes, seed, &dir).and_then(|s| {
                std::fs::write(dir.join("workload.oq"), orgraf::synth::workload(&s)).map(|()| s)
            });
            match written {
                Ok(s) => {
                    eprintln!(
                        "wrote {} nodes and {} edges ({} regions, {} delregioner, {} kommuner) to {} in {:.2} s",
                        s.nodes,
                        s.edges,
                        s.regions,
                        s.delregions,
                        s.kommuner,
                        dir.display(),
                        start.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", dir.display());
                    ExitCode::FAILURE
                }
            }
        }
        Err(None) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(Some(msg)) => {
            eprintln!("error: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The arguments, or `Err(None)` for `--help`, or what is wrong with them.
fn parse(mut args: impl Iterator<Item = String>) -> Result<(usize, u64, PathBuf), Option<String>> {
    let (mut nodes, mut seed, mut dir) = (1_000_000usize, 1u64, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--nodes" | "-n" => nodes = number(args.next(), "--nodes")?,
            "--seed" => seed = number(args.next(), "--seed")?,
            "-h" | "--help" => return Err(None),
            s if s.starts_with('-') => return Err(Some(format!("unknown option `{s}`"))),
            _ if dir.is_some() => return Err(Some("give one folder".into())),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.ok_or_else(|| "missing the folder to write".to_string())?;
    Ok((nodes, seed, dir))
}

fn number<T: std::str::FromStr>(v: Option<String>, opt: &str) -> Result<T, Option<String>> {
    let v = v.ok_or(format!("{opt} needs a number"))?;
    v.replace('_', "")
        .parse()
        .map_err(|_| Some(format!("{opt}: `{v}` is not a number")))
}
