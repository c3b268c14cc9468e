//! Running the `orgraf` binary from tests, the one way all tests do it.
#![allow(dead_code)] // each test crate uses a part

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The small model the query tests run against.
pub fn fixture_model() -> PathBuf {
    root().join("tests/fixtures/query_model")
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `orgraf ARGS` in the crate root, without colours, with `stdin`.
pub fn orgraf(args: &[&str], stdin: Option<&str>) -> Output {
    orgraf_in(&root(), args, stdin)
}

/// A command for `orgraf ARGS` in the crate root, without colours, for
/// tests that need to set more (the environment, say).
pub fn cmd(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("orgraf").expect("the orgraf binary is built");
    cmd.current_dir(root()).env("NO_COLOR", "1").args(args);
    cmd
}

/// Runs `orgraf ARGS` in directory `dir`, without colours, with `stdin`.
pub fn orgraf_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = cmd(args);
    cmd.current_dir(dir);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    cmd.output().expect("orgraf runs").into()
}

/// Runs `orgraf ARGS` (with `stdin`) in the crate root with its stdout
/// closed by the reader: at once (`after_lines` 0, so the first write
/// meets a closed pipe) or after reading that many lines, like `| head
/// -1`. Returns the exit code and stderr; stdout is what was read.
pub fn with_stdout_closed(args: &[&str], stdin: Option<&str>, after_lines: usize) -> Output {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_orgraf"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("orgraf runs");
    if let (Some(text), Some(mut w)) = (stdin, child.stdin.take()) {
        w.write_all(text.as_bytes()).expect("write stdin");
    }
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut stdout = String::new();
    for _ in 0..after_lines {
        reader.read_line(&mut stdout).expect("read a line");
    }
    drop(reader);
    let out = child.wait_with_output().expect("orgraf ends");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout,
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

impl From<std::process::Output> for Output {
    fn from(out: std::process::Output) -> Self {
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// `orgraf query STATEMENT --model MODEL [EXTRA…]`
pub fn query_in(model: &Path, statement: &str, extra: &[&str]) -> Output {
    let model = model.to_str().expect("UTF-8 path");
    let mut args = vec!["query", statement, "--model", model];
    args.extend_from_slice(extra);
    orgraf(&args, None)
}

/// `orgraf query STATEMENT` against the fixture model.
pub fn query(statement: &str, extra: &[&str]) -> Output {
    query_in(&fixture_model(), statement, extra)
}

/// `orgraf run -` against the fixture model, the script on stdin.
pub fn run_stdin(script: &str, extra: &[&str]) -> Output {
    let model = fixture_model();
    let mut args = vec!["run", "-", "--model", model.to_str().expect("UTF-8 path")];
    args.extend_from_slice(extra);
    orgraf(&args, Some(script))
}

/// The source documents, `../shared/seeds` from the crate root (or the
/// folder `ORGRAF_SEEDS` names, for a checkout elsewhere). Fails the test
/// (never skips) when the folder is missing.
pub fn seeds_dir() -> PathBuf {
    let dir = std::env::var_os("ORGRAF_SEEDS")
        .map_or_else(|| root().join("../shared/seeds"), PathBuf::from);
    assert!(
        dir.is_dir(),
        "the source documents are missing: expected the folder ../shared/seeds beside the project \
         (at {}); the model's quotes are checked against it",
        dir.display()
    );
    dir
}
