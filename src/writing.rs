//! `--fix` writes files of the pull request it checks, so it writes only what it read:
//! a regular file inside the root, unchanged since it was read, never through a
//! symbolic link, and each atomically (a temporary file in the same directory, renamed
//! over it, with the file's permissions), so that a failure leaves every file either
//! fixed or as it was.

use ringfence_syntax::confine::{read_regular, Root};
use ringfence_syntax::display_path;
use ringfence_syntax::limits::MAX_FILE_BYTES;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What writing the fixed files did: which were changed and which not, with why.
#[derive(Debug, Default)]
pub struct Written {
    pub changed: Vec<PathBuf>,
    pub unchanged: Vec<(PathBuf, String)>,
}

impl Written {
    /// Every file named with what happened to it (for a failure: all were tried).
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for path in &self.changed {
            out += &format!("  changed: {}\n", display_path(path));
        }
        for (path, why) in &self.unchanged {
            out += &format!("  not changed: {}: {why}\n", display_path(path));
        }
        out
    }
}

/// Writes each file's new text; `files` holds (path, text it was read with, new text).
/// Every file is tried: one that cannot be written does not stop the others.
pub fn write_fixed<'f>(root: &Root, files: impl IntoIterator<Item = (&'f Path, &'f str, &'f str)>) -> Written {
    let mut written = Written::default();
    for (path, old, new) in files {
        match write_one(root, path, old, new) {
            Ok(()) => written.changed.push(path.to_path_buf()),
            Err(why) => written.unchanged.push((path.to_path_buf(), why)),
        }
    }
    written
}

fn write_one(root: &Root, path: &Path, old: &str, new: &str) -> Result<(), String> {
    root.resolve(path).map_err(|refused| format!("not written: {refused}"))?;
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("not written: {e}"))?;
    if meta.file_type().is_symlink() {
        return Err("not written: it is a symbolic link (never written through)".to_string());
    }
    if !meta.is_file() {
        return Err("not written: it is no longer a regular file".to_string());
    }
    if meta.permissions().readonly() {
        return Err("not written: it is read-only".to_string());
    }
    // Someone else's change since the scan read it is not overwritten.
    match read_regular(path, MAX_FILE_BYTES) {
        Ok(text) if text == old => {}
        Ok(_) => return Err("not written: it changed since it was read".to_string()),
        Err(e) => return Err(e.to_string()),
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".ringfence-fix-")
        .tempfile_in(dir)
        .map_err(|e| format!("not written: cannot create a temporary file in {}: {e}", dir.display()))?;
    let file = temporary.as_file_mut();
    file.write_all(new.as_bytes())
        .and_then(|()| file.set_permissions(meta.permissions()))
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("not written: {e}"))?;
    // The rename replaces the file in one step; the temporary file is removed on failure.
    temporary.persist(path).map_err(|e| format!("not written: {}", e.error))?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const OLD: &str = "enable_key_rotation = false\n";
    const NEW: &str = "enable_key_rotation = true\n";

    #[test]
    fn each_file_is_written_or_said_not_to_be() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = Root::at(&base.join(".")).unwrap();
        let (ok, fifo, read_only, changed) =
            (base.join("ok.tf"), base.join("fifo.tf"), base.join("ro.tf"), base.join("changed.tf"));
        std::fs::write(&ok, OLD).unwrap();
        std::fs::set_permissions(&ok, std::fs::Permissions::from_mode(0o640)).unwrap();
        // Read by the scan, then replaced by a FIFO before the fix is written.
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        std::fs::write(&read_only, OLD).unwrap();
        std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::write(&changed, "edited meanwhile\n").unwrap();
        let files = [&ok, &fifo, &read_only, &changed];
        let written = write_fixed(&root, files.iter().map(|p| (p.as_path(), OLD, NEW)));
        assert_eq!(written.changed, vec![ok.clone()]);
        let why: Vec<&str> = written.unchanged.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(
            why,
            [
                "not written: it is no longer a regular file",
                "not written: it is read-only",
                "not written: it changed since it was read"
            ]
        );
        assert_eq!(std::fs::read_to_string(&ok).unwrap(), NEW);
        assert_eq!(std::fs::metadata(&ok).unwrap().permissions().mode() & 0o777, 0o640, "permissions kept");
        assert_eq!(std::fs::read_to_string(&read_only).unwrap(), OLD);
        assert_eq!(std::fs::read_to_string(&changed).unwrap(), "edited meanwhile\n");
        let description = written.describe();
        assert!(description.contains("changed: ") && description.contains("not changed: "), "{description}");
        // No temporary file is left behind.
        let names: Vec<String> =
            std::fs::read_dir(&base).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        assert!(!names.iter().any(|n| n.starts_with(".ringfence-fix-")), "{names:?}");
    }

    #[test]
    fn never_through_a_symbolic_link_nor_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("repo")).unwrap();
        let root = Root::at(&base.join("repo")).unwrap();
        std::fs::write(base.join("outside.tf"), OLD).unwrap();
        std::fs::write(base.join("repo/inside.tf"), OLD).unwrap();
        std::os::unix::fs::symlink(base.join("outside.tf"), base.join("repo/out.tf")).unwrap();
        std::os::unix::fs::symlink(base.join("repo/inside.tf"), base.join("repo/in.tf")).unwrap();
        let files = [base.join("repo/out.tf"), base.join("repo/in.tf"), base.join("outside.tf")];
        let written = write_fixed(&root, files.iter().map(|p| (p.as_path(), OLD, NEW)));
        assert!(written.changed.is_empty(), "{written:?}");
        assert!(written.unchanged[0].1.contains("outside the root"), "{written:?}");
        assert!(written.unchanged[1].1.contains("symbolic link"), "{written:?}");
        assert!(written.unchanged[2].1.contains("outside the root"), "{written:?}");
        assert_eq!(std::fs::read_to_string(base.join("outside.tf")).unwrap(), OLD);
        assert_eq!(std::fs::read_to_string(base.join("repo/inside.tf")).unwrap(), OLD);
    }
}
