//! Writing files safely: into a temporary file beside the target, then
//! renamed into place, so a reader never sees a partial file and a failed
//! write leaves nothing behind.
//!
//! orgraf writes diagrams (`diagram -o`), saved sessions (`:save`) and
//! the explorer's history, all through [`write_atomic`], and never a
//! model: a path that is or would become part of a model (`*.ron`,
//! `nodes.csv`, `edges.csv`, `attributes.csv`, `former_names.csv`) is refused, so a slip such as
//! `diagram all --format dot -o model/edges.csv` cannot destroy one.

use std::io::Write;
use std::path::Path;

/// The model files [`is_model_file`] names, as messages list them.
pub const MODEL_FILES: &str = ".ron, nodes.csv, edges.csv, attributes.csv, former_names.csv";

/// Whether `path` names a model file: `*.ron`, `nodes.csv`,
/// `edges.csv`, `attributes.csv` or `former_names.csv`, which the loader
/// reads from a model folder.
pub fn is_model_file(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str());
    let name = path.file_name().and_then(|n| n.to_str());
    ext.is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        || name.is_some_and(|n| {
            [
                "nodes.csv",
                "edges.csv",
                "attributes.csv",
                "former_names.csv",
            ]
            .iter()
            .any(|m| n.eq_ignore_ascii_case(m))
        })
}

/// Writes `bytes` to `path` atomically. A model file (see
/// [`is_model_file`]) is refused and left as it is.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if is_model_file(path) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("orgraf never writes model files ({MODEL_FILES}); choose another name"),
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".orgraf-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private (0600); the result should read like any
    // file the user writes: keep the replaced file's mode, else 0644.
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `files` (`(name, bytes)`, names without folders) as the new
/// folder `dir`: into a temporary folder beside it, renamed into place, so
/// the folder appears whole or not at all. `dir` must not exist or be
/// empty: a folder with files in it (a model, perhaps) is never written
/// into.
pub fn write_dir_atomic(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    let exists = match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "the folder exists and is not empty; orgraf writes only a new or empty folder",
                ));
            }
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    let parent = match dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".orgraf-")
        .suffix(".tmp")
        .tempdir_in(parent)?;
    for (name, bytes) in files {
        let path = tmp.path().join(name);
        let mut f = std::fs::File::create(&path)?;
        f.write_all(bytes)?;
        f.set_permissions(default_permissions(&f)?)?;
        f.sync_all()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))?;
    }
    if exists {
        std::fs::remove_dir(dir)?;
    }
    std::fs::rename(tmp.path(), dir)?;
    // Renamed away: nothing left for the guard to remove.
    let _ = tmp.keep();
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(f: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(f.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn model_files_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["m.ron", "M.RON", "nodes.csv", "edges.csv", "Edges.CSV"] {
            let p = dir.path().join(name);
            std::fs::write(&p, b"model").unwrap();
            let e = write_atomic(&p, b"digraph {}").unwrap_err();
            assert!(e.to_string().contains("never writes model files"), "{e}");
            assert_eq!(std::fs::read(&p).unwrap(), b"model");
            std::fs::remove_file(&p).unwrap();
            // Nor a new one, which would join the model folder.
            assert!(write_atomic(&p, b"digraph {}").is_err());
            assert!(!p.exists());
        }
        assert!(write_atomic(&dir.path().join("other.csv"), b"x").is_ok());
    }

    #[test]
    fn folders_appear_whole_and_never_over_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let files = vec![
            ("a.csv".to_string(), b"a".to_vec()),
            ("b.csv".to_string(), b"b".to_vec()),
        ];
        write_dir_atomic(&out, &files).unwrap();
        assert_eq!(std::fs::read(out.join("b.csv")).unwrap(), b"b");
        // A folder with files in it is left as it is.
        let e = write_dir_atomic(&out, &[("c.csv".to_string(), b"c".to_vec())]).unwrap_err();
        assert!(e.to_string().contains("not empty"), "{e}");
        assert!(!out.join("c.csv").exists());
        // An empty one is filled; nothing temporary is left beside it.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_dir_atomic(&empty, &files).unwrap();
        assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 2);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // A file name that cannot be written leaves no folder.
        let bad = dir.path().join("bad");
        assert!(write_dir_atomic(&bad, &[("no/such/sub".to_string(), vec![])]).is_err());
        assert!(!bad.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn unwritable_place_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, b"x").unwrap();
        assert!(write_atomic(&file.join("sub.txt"), b"y").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
