//! The symbols a shared library exports, for writers that must not declare what the library
//! lacks (the cffi writer's `library` option): cffi's API mode refers to every declared
//! function, so one the library does not define makes the module unimportable.
//!
//! A library is named as the linker's `-l` names it (`nng`, `pcre2-8`: `lib<name>.so` in the
//! usual library directories) or by a path (anything with a `/`, or ending in `.so`,
//! `.dylib` or `.dll`). ELF, Mach-O and PE files are read with the `object` crate; a GNU ld
//! script (`libc.so` is one) contributes the libraries its `GROUP`/`INPUT` names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Directories searched for `lib<name>.so`, after `$LIBRARY_PATH` (as gcc searches them).
fn search_dirs(multiarch: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("LIBRARY_PATH")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    for d in [
        "/usr/local/lib/{m}",
        "/usr/local/lib",
        "/lib/{m}",
        "/usr/lib/{m}",
        "/lib64",
        "/usr/lib64",
        "/lib",
        "/usr/lib",
    ] {
        dirs.push(PathBuf::from(d.replace("{m}", multiarch)));
    }
    dirs
}

/// The file a library name or path denotes.
pub fn resolve(spec: &str, multiarch: &str) -> Result<PathBuf, String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err("empty library name".into());
    }
    let is_path = spec.contains('/')
        || [".so", ".dylib", ".dll"]
            .iter()
            .any(|e| spec.ends_with(e) || spec.contains(&format!("{e}.")));
    if is_path {
        let p = PathBuf::from(spec);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!("{spec}: no such library file"))
        };
    }
    let dirs = search_dirs(multiarch);
    for d in &dirs {
        let p = d.join(format!("lib{spec}.so"));
        if p.is_file() {
            return Ok(p);
        }
    }
    // no development symlink: the newest versioned file (`libfoo.so.1.2`)
    for d in &dirs {
        let prefix = format!("lib{spec}.so.");
        let Ok(entries) = std::fs::read_dir(d) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .map(|e| e.path())
            .collect();
        found.sort();
        if let Some(p) = found.pop() {
            return Ok(p);
        }
    }
    Err(format!(
        "library '{spec}' not found (no lib{spec}.so in $LIBRARY_PATH or the system library \
         directories; give a path instead)"
    ))
}

/// [`exports`] for a target triple (`None`: the host), which names the multiarch
/// directories searched.
pub fn exports_for(spec: &str, target: Option<&str>) -> Result<BTreeSet<String>, String> {
    use crate::preprocess::target::Target;
    let t = match target {
        Some(t) => Target::parse(t)?,
        None => Target::host(),
    };
    exports(spec, t.multiarch().unwrap_or(""))
}

/// The names of the functions and variables `spec` makes resolvable once loaded: its own
/// exports and, for ELF, those of the libraries it needs (`DT_NEEDED`, transitively, found by
/// file name in the same directories), as the dynamic loader sees them (`openssl/ssl.h` is
/// linked with `-lssl`, whose libcrypto defines most of what it declares).
pub fn exports(spec: &str, multiarch: &str) -> Result<BTreeSet<String>, String> {
    let path = resolve(spec, multiarch)?;
    let mut out = BTreeSet::new();
    let mut needed = Vec::new();
    read_into(&path, &mut out, &mut needed, 0)?;
    let dirs = search_dirs(multiarch);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while let Some(soname) = needed.pop() {
        if seen.len() > 64 || !seen.insert(soname.clone()) {
            continue;
        }
        // a dependency that cannot be found or read adds nothing (the loader would fail
        // later, at run time, with its own message)
        if let Some(p) = dirs.iter().map(|d| d.join(&soname)).find(|p| p.is_file()) {
            let _ = read_into(&p, &mut out, &mut needed, 0);
        }
    }
    Ok(out)
}

/// The `DT_NEEDED` names of an ELF file.
fn needed_of<Elf: object::read::elf::FileHeader<Endian = object::Endianness>>(
    data: &[u8],
) -> Vec<String> {
    let Ok(elf) = object::read::elf::ElfFile::<Elf>::parse(data) else {
        return Vec::new();
    };
    let Ok(table) = elf
        .elf_section_table()
        .dynamic_table(elf.endian(), elf.data())
    else {
        return Vec::new();
    };
    table
        .iter()
        .filter(|d| d.tag == object::elf::DT_NEEDED)
        .filter_map(|d| table.string(d).ok())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

fn read_into(
    path: &Path,
    out: &mut BTreeSet<String>,
    needed: &mut Vec<String>,
    depth: u32,
) -> Result<(), String> {
    use object::{Object, ObjectSymbol};
    let shown = path.display();
    let data = std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    match object::File::parse(&*data) {
        Ok(file) => {
            let before = out.len();
            for e in file.exports().map_err(|e| format!("{shown}: {e}"))? {
                let e = e.map_err(|e| format!("{shown}: {e}"))?;
                if let Some(Ok(name)) = e.name().into_name().map(std::str::from_utf8) {
                    // Mach-O spells C names with a leading underscore
                    let name = match file.format() {
                        object::BinaryFormat::MachO => name.strip_prefix('_').unwrap_or(name),
                        _ => name,
                    };
                    out.insert(name.to_string());
                }
            }
            if file.format() == object::BinaryFormat::Elf {
                needed.extend(if file.is_64() {
                    needed_of::<object::elf::FileHeader64<object::Endianness>>(&data)
                } else {
                    needed_of::<object::elf::FileHeader32<object::Endianness>>(&data)
                });
            }
            if out.len() == before {
                // exports() is empty for some ELF files: their defined dynamic symbols
                for s in file.dynamic_symbols() {
                    if s.is_definition()
                        && s.is_global()
                        && let Ok(name) = s.name()
                    {
                        out.insert(name.to_string());
                    }
                }
            }
            Ok(())
        }
        Err(_) if depth < 4 && data.is_ascii() => {
            // a GNU ld script: GROUP ( /lib/x/libc.so.6 ... AS_NEEDED ( ... ) )
            let text = String::from_utf8_lossy(&data);
            let mut any = false;
            for word in text.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
                if word.starts_with('/') && word.contains(".so") && Path::new(word).is_file() {
                    read_into(Path::new(word), out, needed, depth + 1)?;
                    any = true;
                }
            }
            if any {
                Ok(())
            } else {
                Err(format!("{shown}: not a shared library"))
            }
        }
        Err(e) => Err(format!("{shown}: not a shared library ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths() {
        assert!(resolve("", "x86_64-linux-gnu").is_err());
        let e = resolve("surely-no-such-library-xyz", "x86_64-linux-gnu").unwrap_err();
        assert!(e.contains("libsurely-no-such-library-xyz.so"), "{e}");
        assert!(
            resolve("/nonexistent/libq.so", "x86_64-linux-gnu")
                .unwrap_err()
                .contains("no such library file")
        );
    }

    #[test]
    fn not_a_library() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("libfake.so");
        std::fs::write(&p, "just text, no GROUP").unwrap();
        let e = exports(p.to_str().unwrap(), "x86_64-linux-gnu").unwrap_err();
        assert!(e.contains("not a shared library"), "{e}");
    }

    /// A library's dependencies count: libssl needs libcrypto, which defines most of what
    /// `openssl/ssl.h` declares.
    #[test]
    fn needed_libraries() {
        let Ok(syms) = exports("ssl", "x86_64-linux-gnu") else {
            return; // libssl-dev not installed
        };
        assert!(syms.contains("SSL_new"), "libssl's own");
        assert!(
            syms.contains("EVP_MD_CTX_new"),
            "libcrypto's, through DT_NEEDED"
        );
    }

    /// The C library is a GNU ld script on Debian (`libc.so`): its `GROUP` is followed.
    #[test]
    fn system_c_library() {
        let Ok(path) = resolve("c", "x86_64-linux-gnu") else {
            return; // not a Debian x86-64 system
        };
        let syms = exports(path.to_str().unwrap(), "x86_64-linux-gnu").unwrap();
        assert!(syms.contains("printf") && syms.contains("malloc"));
        assert!(!syms.contains("__surely_not_exported"));
    }
}
