//! The explorer's history: one statement per line in the user's data
//! directory (`$XDG_DATA_HOME/orgraf/history`, usually
//! `~/.local/share/orgraf/history`), shared between sessions.
//!
//! Set `ORGRAF_NO_HISTORY=1` to neither read nor write it. A missing or
//! read-only home never stops the explorer: history is then simply off.

use std::fs;
use std::path::PathBuf;

/// How many entries are kept.
pub const MAX_ENTRIES: usize = 1000;

pub struct History {
    path: Option<PathBuf>,
}

impl History {
    /// The history file, unless turned off or there is no data directory.
    pub fn open() -> Self {
        let off = std::env::var_os("ORGRAF_NO_HISTORY").is_some_and(|v| !v.is_empty() && v != "0");
        let path = if off {
            None
        } else {
            dirs::data_dir().map(|d| d.join("orgraf").join("history"))
        };
        History { path }
    }

    /// Entries written so far, oldest first; none when unreadable.
    pub fn entries(&self) -> Vec<String> {
        self.path
            .as_ref()
            .and_then(|p| fs::read_to_string(p).ok())
            .map(|t| {
                t.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Adds this session's entries after whatever other sessions wrote
    /// meanwhile, keeps the newest [`MAX_ENTRIES`], and writes atomically.
    pub fn append(&self, new: &[String]) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if new.is_empty() {
            return Ok(());
        }
        let mut all = self.entries();
        all.extend(new.iter().map(|s| s.replace('\n', " ")));
        let skip = all.len().saturating_sub(MAX_ENTRIES);
        let mut text = all[skip..].join("\n");
        text.push('\n');
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        crate::fsutil::write_atomic(path, text.as_bytes())
    }
}
