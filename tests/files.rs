//! Files: everything orgraf writes goes to a temporary file renamed into
//! place, and nothing ever writes to a model.

mod util;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// Every file in `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                (std::fs::read(e.path()).unwrap(), meta.modified().unwrap()),
            )
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn no_command_writes_to_a_model() {
    for fixture in ["tests/fixtures/query_model", "tests/fixtures/check/csv_ok"] {
        let model = tempfile::tempdir().unwrap();
        copy_dir(&util::root().join(fixture), model.path());
        let out = tempfile::tempdir().unwrap();
        let before = snapshot(model.path());
        let m = model.path().to_str().unwrap();
        let dot = out.path().join("all.dot");
        let dot = dot.to_str().unwrap();
        for args in [
            &["check", "--model", m][..],
            &["query", "list", "--model", m],
            &["diagram", "all", "--model", m, "-o", dot],
        ] {
            let r = util::orgraf(args, None);
            assert_eq!(r.code, 0, "{args:?}: {r:?}");
        }
        let r = util::orgraf(&["run", "-", "--model", m], Some("kinds\nlist\n"));
        assert_eq!(r.code, 0, "{r:?}");
        let r = util::orgraf(&["--model", m], Some("kinds\n"));
        assert_eq!(r.code, 0, "{r:?}");
        // Drawing over a model file, or into one, is refused.
        for name in before.keys().chain([&"new.ron".to_string()]) {
            let target = model.path().join(name);
            let target = target.to_str().unwrap();
            let args = [
                "diagram", "all", "--model", m, "--format", "dot", "-o", target,
            ];
            let r = util::orgraf(&args, None);
            assert_eq!(r.code, 1, "{args:?}: {r:?}");
            assert!(r.stderr.contains("never writes model files"), "{r:?}");
        }
        assert_eq!(snapshot(model.path()), before, "{fixture} was changed");
    }
}

#[test]
fn diagrams_are_written_whole_and_replaced() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("psg.dot");
    let p = path.to_str().unwrap();
    let r = util::orgraf(&["diagram", "psg", "-o", p], None);
    assert_eq!(r.code, 0, "{r:?}");
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.starts_with("digraph") && first.trim_end().ends_with('}'));
    let r = util::orgraf(&["diagram", "sro", "-o", p], None);
    assert_eq!(r.code, 0, "{r:?}");
    let second = std::fs::read_to_string(&path).unwrap();
    assert_ne!(first, second);
    // Only the file itself: no temporary file is left behind.
    let names: Vec<String> = snapshot(out.path()).into_keys().collect();
    assert_eq!(names, ["psg.dot"]);
    // A failed write leaves the old file as it was.
    let r = util::orgraf(&["diagram", "nosuchbody", "-o", p], None);
    assert_ne!(r.code, 0, "{r:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), second);
}
