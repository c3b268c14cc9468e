//! Running the real binary from the project root, without colour, the way
//! a user would. Every integration test goes through here.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root: fixtures and messages use paths relative to it.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the orgraf binary, run in the project root.
pub fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orgraf"));
    c.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    c
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs orgraf with `args` in the project root.
pub fn orgraf(args: &[&str]) -> Run {
    cmd(args).output().expect("the orgraf binary runs").into()
}

/// Runs orgraf with `args` in directory `dir`.
pub fn orgraf_in(dir: &Path, args: &[&str]) -> Run {
    let mut c = cmd(args);
    c.current_dir(dir);
    c.output().expect("the orgraf binary runs").into()
}

/// The seeds folder, `../shared/seeds` from the project root. Fails the
/// test (never skips) when it is missing.
pub fn seeds_dir() -> PathBuf {
    let dir = root().join("../shared/seeds");
    assert!(
        dir.is_dir(),
        "the source documents are missing: expected the folder ../shared/seeds beside the project \
         (at {}); the model's quotes are checked against it",
        dir.display()
    );
    dir
}
