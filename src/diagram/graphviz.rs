//! Running Graphviz's `dot` to turn DOT into SVG or PNG.
//!
//! graphviz-rust's `exec` writes the DOT to a temporary file and reports a
//! missing `dot` as a plain I/O error; here the DOT goes through a pipe
//! and a missing `dot` is [`DiagramError::GraphvizMissing`], whose message
//! says how to install it.

use std::io::{ErrorKind, Write as _};
use std::process::{Command, Stdio};

use super::DiagramError;

/// PNG resolution: sharp enough for a printed report.
const PNG_DPI: &str = "150";

/// Renders DOT text with `dot -T<format>` (`svg` or `png`) and returns its
/// output.
pub fn run(dot: &[u8], format: &str) -> Result<Vec<u8>, DiagramError> {
    let mut cmd = Command::new("dot");
    cmd.arg(format!("-T{format}"));
    if format == "png" {
        cmd.arg(format!("-Gdpi={PNG_DPI}"));
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            ErrorKind::NotFound => DiagramError::GraphvizMissing,
            _ => DiagramError::Io(e),
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Feed stdin from another thread so that a large output cannot block
    // `dot` while we are still writing its input.
    let output = std::thread::scope(|s| {
        let writer = s.spawn(move || stdin.write_all(dot));
        let output = child.wait_with_output();
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("writer thread panicked")));
        (output, written)
    });
    let (output, written) = output;
    let output = output.map_err(DiagramError::Io)?;
    if !output.status.success() {
        return Err(DiagramError::GraphvizFailed {
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    // A write error with a successful exit (a broken pipe) would mean `dot`
    // stopped reading early; treat it as a failure too.
    written.map_err(DiagramError::Io)?;
    Ok(output.stdout)
}
