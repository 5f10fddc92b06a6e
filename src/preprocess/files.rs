//! The file cache: every file the preprocessor reads goes through here, once per process.
//!
//! It is `Sync` so that parallel jobs (rayon workers) share it; it caches negative look-ups
//! too, which matters because include search probes many directories.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Contents of a source file, shared between jobs.
pub type FileBytes = Arc<[u8]>;

#[derive(Default)]
pub struct FileCache {
    files: RwLock<HashMap<PathBuf, Option<FileBytes>>>,
}

impl FileCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Contents of the regular file at `path`, or `None` if there is no such readable file.
    pub fn get(&self, path: &Path) -> Option<FileBytes> {
        if let Some(hit) = self
            .files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return hit.clone();
        }
        let data = match std::fs::metadata(path) {
            Ok(m) if m.is_file() => std::fs::read(path).ok().map(FileBytes::from),
            _ => None,
        };
        self.files
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(path.to_path_buf())
            .or_insert(data)
            .clone()
    }

    /// Like [`FileCache::get`], but tells a missing file from one that exists and cannot be read.
    pub fn read(&self, path: &Path) -> std::io::Result<FileBytes> {
        if let Some(data) = self.get(path) {
            return Ok(data);
        }
        // Re-ask the file system for a precise error message.
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(std::io::Error::other("is a directory, not a file")),
            Ok(_) => std::fs::read(path).map(FileBytes::from),
            Err(e) => Err(e),
        }
    }

    /// Number of paths looked up so far (hits and misses).
    pub fn len(&self) -> usize {
        self.files.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Joins an include name onto a directory the way compilers print it (`dir/name`), without
/// touching the file system. `.` as the directory yields the bare name.
pub fn join(dir: &Path, name: &str) -> PathBuf {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        PathBuf::from(name)
    } else {
        dir.join(name)
    }
}

/// A lexically normalised form of `p` (no `.`/`..` components), used as a file's identity for
/// `#pragma once` and include guards.
pub fn identity(p: &Path) -> PathBuf {
    use std::path::Component;
    // The working directory is asked for once per process, not once per include.
    static CWD: std::sync::LazyLock<PathBuf> =
        std::sync::LazyLock::new(|| std::env::current_dir().unwrap_or_default());
    let abs;
    let p = if p.is_absolute() {
        p
    } else {
        abs = CWD.join(p);
        &abs
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
