//! The README's example session is real: every `$ orgraf …` command in a
//! `console` block prints exactly what the README shows, and the `check`
//! summary it quotes is current.

mod util;

use util::{orgraf, root};

/// Splits a shell line into words: plain words and '…' quoted ones.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('\'') {
            let end = r.find('\'').expect("closed quote in README command");
            words.push(r[..end].to_string());
            rest = r[end + 1..].trim_start();
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            words.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    words
}

/// (command words, expected output) for every `$ orgraf` line of every
/// console block.
fn examples(readme: &str) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut in_console = false;
    let mut current: Option<(Vec<String>, String)> = None;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = !in_console && line.trim() == "```console";
            out.extend(current.take());
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ orgraf") {
            out.extend(current.take());
            current = Some((shell_words(cmd), String::new()));
        } else if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

#[test]
fn the_readme_session_prints_what_it_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 3, "the README has an example session");
    for (args, expected) in examples {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = orgraf(&args, None);
        assert_eq!(r.code, 0, "orgraf {args:?}: {}", r.stderr);
        assert_eq!(
            r.stdout, expected,
            "orgraf {args:?} prints something else than README.md shows"
        );
    }
}
