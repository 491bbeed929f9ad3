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

/// The directories a scan reads and writes in: the top of the git work tree holding the
/// working directory, else the working directory (`--root DIR` replaces it), widened
/// by every path named on the command line (a named directory is trusted, so what is
/// inside it is reachable). The configuration cannot widen it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// The first is the root proper; the others are the named paths outside it.
    dirs: Vec<PathBuf>,
}

/// Nothing resolves in the default root: a caller that forgot to give one fails closed.
impl Default for Root {
    fn default() -> Root {
        Root::unreachable()
    }
}

/// The directory of a root nothing resolves in: no real path holds a NUL byte.
const UNREACHABLE: &str = "/\u{0}unreachable";

/// Directories no input may reach, whatever the root: their files report sizes of 0,
/// block, or never end, and `/proc/self/environ` holds the CI's secrets.
const SPECIAL: &[&str] = &["/proc", "/dev", "/sys"];

impl Root {
    /// A root at `dir` (made absolute, symbolic links resolved).
    pub fn at(dir: &Path) -> std::io::Result<Root> {
        Ok(Root { dirs: vec![std::fs::canonicalize(dir)?] })
    }

    /// The root for a scan started in `cwd`: the nearest ancestor holding `.git` (a
    /// directory, or the file a linked work tree has), else `cwd` itself.
    pub fn discover(cwd: &Path) -> std::io::Result<Root> {
        let cwd = std::fs::canonicalize(cwd)?;
        let top = cwd.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(&cwd);
        Ok(Root { dirs: vec![top.to_path_buf()] })
    }

    /// A root nothing resolves in (when there is no working directory).
    pub fn unreachable() -> Root {
        Root { dirs: vec![PathBuf::from(UNREACHABLE)] }
    }

    /// The root for a scan in the current working directory.
    pub fn current() -> std::io::Result<Root> {
        Root::discover(&std::env::current_dir()?)
    }

    /// The root proper (not the named paths that widen it).
    pub fn dir(&self) -> &Path {
        &self.dirs[0]
    }

    /// Widens the root by a path named on the command line by the root a scan
    /// started there would have: the top of the git work tree holding it, else the
    /// directory itself (a named file: its directory, since a Terraform file is read
    /// with its whole module). `ringfence check ../other/examples/x` thus reaches what
    /// `cd ../other/examples/x && ringfence check .` reaches. A `.git` planted below the
    /// real top can only narrow that. A path that does not exist widens nothing.
    pub fn widen(&mut self, named: &Path) {
        let Ok(real) = std::fs::canonicalize(named) else { return };
        let dir = if real.is_dir() { real } else { real.parent().map_or(real.clone(), Path::to_path_buf) };
        let top = dir.ancestors().find(|d| d.join(".git").exists()).unwrap_or(&dir).to_path_buf();
        if !self.dirs.iter().any(|d| top.starts_with(d)) {
            self.dirs.push(top);
        }
    }

    /// This root widened by every path in `named`.
    pub fn widened<'p>(mut self, named: impl IntoIterator<Item = &'p PathBuf>) -> Root {
        for path in named {
            self.widen(path);
        }
        self
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
        if !self.dirs.iter().any(|d| real.starts_with(d)) {
            return Err(Refused::Outside { path: path.to_path_buf(), real, root: self.dir().to_path_buf() });
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
            Refused::Outside { path, root, .. } if root == Path::new(UNREACHABLE) => {
                write!(f, "`{}` is outside the root (there is none: no working directory)", path.display())
            }
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

    #[test]
    fn a_named_path_widens_the_root() {
        let dir = tempfile_dir();
        std::fs::create_dir_all(dir.join("shared/corpus/modules")).unwrap();
        std::fs::write(dir.join("shared/corpus/main.tf"), "x").unwrap();
        std::fs::write(dir.join("shared/secret"), "x").unwrap();
        let root = Root::at(&dir.join("repo")).unwrap();
        assert!(!root.contains(&dir.join("shared/corpus/modules")));
        let wide = root.clone().widened([&dir.join("shared/corpus")]);
        assert!(wide.contains(&dir.join("shared/corpus/modules")));
        assert!(!wide.contains(&dir.join("shared/secret")));
        assert!(wide.contains(&dir.join("repo")));
        assert_eq!(wide.dir(), root.dir());
        // A named file widens by its directory.
        let by_file = root.clone().widened([&dir.join("shared/corpus/main.tf")]);
        assert!(by_file.contains(&dir.join("shared/corpus/modules")));
        // A path inside a git work tree widens by its top.
        std::fs::create_dir_all(dir.join("other/.git")).unwrap();
        std::fs::create_dir_all(dir.join("other/examples/x")).unwrap();
        let by_repo = root.widened([&dir.join("other/examples/x")]);
        assert!(by_repo.contains(&dir.join("other/modules")));
        assert!(!by_repo.contains(&dir.join("shared")));
        assert!(!Root::default().contains(&dir.join("repo")));
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
