//! The one place that decides which paths a scan may read and write.
//!
//! ringfence reads pull requests: the configuration file and every file's contents
//! (`file()`, `templatefile()`, module sources, nested-stack `TemplateURL`s, symbolic
//! links) are written by whoever opened it. Paths named on the command line are the
//! user's and trusted; every other path resolves inside the *root* or is refused with a
//! reason that a located error can carry.

use crate::limits::MAX_FILE_BYTES;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The directory a scan reads and writes in: the top of the git work tree holding the
/// working directory, else the working directory; `--root DIR` widens it (the
/// configuration cannot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    dir: PathBuf,
}

/// Directories no input may reach, whatever the root: their files report sizes of 0,
/// block, or never end, and `/proc/self/environ` holds the CI's secrets.
const SPECIAL: &[&str] = &["/proc", "/dev", "/sys"];

impl Root {
    /// A root at `dir` (made absolute, symbolic links resolved).
    pub fn at(dir: &Path) -> std::io::Result<Root> {
        Ok(Root { dir: std::fs::canonicalize(dir)? })
    }

    /// The root for a scan started in `cwd`: the nearest ancestor holding `.git` (a
    /// directory, or the file a linked work tree has), else `cwd` itself.
    pub fn discover(cwd: &Path) -> std::io::Result<Root> {
        let cwd = std::fs::canonicalize(cwd)?;
        let top = cwd.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(&cwd);
        Ok(Root { dir: top.to_path_buf() })
    }

    /// A root nothing resolves in (when there is no working directory).
    pub fn unreachable() -> Root {
        Root { dir: PathBuf::from("/\u{0}unreachable") }
    }

    /// The root for a scan in the current working directory.
    pub fn current() -> std::io::Result<Root> {
        Root::discover(&std::env::current_dir()?)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `path` really is, when that is inside the root: absolute, with every
    /// symbolic link resolved. A path that does not exist is judged by its spelling.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refused> {
        let absolute = crate::absolute_path(path);
        let real = match std::fs::canonicalize(&absolute) {
            Ok(real) => real,
            Err(_) => absolute.clone(),
        };
        if SPECIAL.iter().any(|s| real.starts_with(s)) {
            return Err(Refused::Special { path: path.to_path_buf(), real });
        }
        if !real.starts_with(&self.dir) {
            return Err(Refused::Outside { path: path.to_path_buf(), real, root: self.dir.clone() });
        }
        Ok(real)
    }

    /// Whether `path` resolves inside the root.
    pub fn contains(&self, path: &Path) -> bool {
        self.resolve(path).is_ok()
    }

    /// Reads a file that an input names: inside the root, a regular file, at most
    /// `limit` bytes, UTF-8.
    pub fn read(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        let real = self.resolve(path).map_err(ReadError::Refused)?;
        read_regular(&real, limit)
    }
}

/// Reads a regular file of at most `limit` bytes as UTF-8 text. The limit holds on
/// what is read, not on the size the file system reports (`/proc` files report 0).
/// FIFOs, devices and sockets are refused before they are opened: opening a FIFO
/// blocks until a writer comes, which in CI is never.
pub fn read_regular(path: &Path, limit: u64) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular { kind: file_type_name(&meta) });
    }
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    // The file may have been swapped since the first look.
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err(ReadError::NotRegular { kind: "not a regular file" });
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)
}

/// Reads a file of the scan (found by discovery or named): a regular file within the
/// main size limit.
pub fn read_source(path: &Path) -> Result<String, ReadError> {
    read_regular(path, MAX_FILE_BYTES)
}

fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Why a path named by an input was not followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// It resolves outside the root.
    Outside { path: PathBuf, real: PathBuf, root: PathBuf },
    /// It resolves into `/proc`, `/dev` or `/sys`.
    Special { path: PathBuf, real: PathBuf },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Outside { path, real, root } if path == real => {
                write!(f, "`{}` is outside the root `{}`", path.display(), root.display())
            }
            Refused::Outside { path, real, root } => {
                write!(f, "`{}` leads to `{}`, outside the root `{}`", path.display(), real.display(), root.display())
            }
            Refused::Special { path, real } => {
                write!(f, "`{}` leads to `{}`, which is never read (outside the root)", path.display(), real.display())
            }
        }
    }
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    Refused(Refused),
    NotRegular { kind: &'static str },
    TooLarge { limit: u64 },
    NotUtf8,
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Refused(r) => write!(f, "not read: {r}"),
            ReadError::NotRegular { kind } => write!(f, "not read: it is {kind}, not a regular file"),
            ReadError::TooLarge { limit } => {
                write!(f, "not read: it is larger than {} MiB (the limit for one file)", limit >> 20)
            }
            ReadError::NotUtf8 => f.write_str("cannot read file: it is not UTF-8 text"),
            ReadError::Io(e) => write!(f, "cannot read file: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_root_only() {
        let dir = tempfile_dir();
        let root = Root::at(&dir.join("repo")).unwrap();
        std::fs::write(dir.join("repo/a.tf"), "x").unwrap();
        std::fs::write(dir.join("secret"), "x").unwrap();
        assert!(root.resolve(&dir.join("repo/a.tf")).is_ok());
        assert!(root.resolve(&dir.join("repo/sub/../a.tf")).is_ok());
        assert!(matches!(root.resolve(&dir.join("repo/../secret")), Err(Refused::Outside { .. })));
        assert!(matches!(root.resolve(Path::new("/proc/self/environ")), Err(Refused::Special { .. })));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret"), dir.join("repo/link.tf")).unwrap();
            let refused = root.resolve(&dir.join("repo/link.tf")).unwrap_err();
            assert!(refused.to_string().contains("outside the root"), "{refused}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_are_bounded_by_what_is_read() {
        let dir = tempfile_dir();
        let path = dir.join("repo/big.tf");
        std::fs::write(&path, "x".repeat(100)).unwrap();
        assert_eq!(read_regular(&path, 100).unwrap().len(), 100);
        assert_eq!(read_regular(&path, 99), Err(ReadError::TooLarge { limit: 99 }));
        assert!(matches!(read_regular(&dir, 10), Err(ReadError::NotRegular { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A scratch directory with a `repo/` inside (no dev-dependency for one helper).
    fn tempfile_dir() -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ringfence-confine-{}-{n}", std::process::id()));
        std::fs::create_dir_all(dir.join("repo")).unwrap();
        std::fs::canonicalize(dir).unwrap()
    }
}
