//! Configuration files end to end: discovery, both `headers` schemas, `${VAR}` expansion,
//! precedence of the command line, and mistakes (one line naming the file and the key, exit 1,
//! nothing written). Each test builds a small project in a temporary directory with a `.git`
//! entry, so discovery never looks above it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn describe(&self) -> String {
        format!(
            "exit {:?}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        )
    }
}

/// `headerkit ARGS` in `dir` with `env` set and the test variables otherwise unset.
fn hk(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_headerkit"));
    cmd.args(args).current_dir(dir);
    for v in ["HK_INC", "HK_EMPTY", "HK_OUT", "HK_DEF", "HK_PAT", "HK_IND"] {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run headerkit");
    let out = Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(
        !out.stderr.contains("panicked") && !out.stderr.contains("internal error"),
        "{}",
        out.describe()
    );
    out
}

fn ok(o: &Out) {
    assert_eq!(o.code, Some(0), "expected success\n{}", o.describe());
}

/// Exit 1 with exactly one line on stderr containing every piece of `needles`.
fn config_error(o: &Out, needles: &[&str]) {
    assert_eq!(o.code, Some(1), "expected exit 1\n{}", o.describe());
    assert_eq!(o.stderr.lines().count(), 1, "one line\n{}", o.describe());
    for n in needles {
        assert!(o.stderr.contains(n), "missing {n:?}\n{}", o.describe());
    }
}

struct Proj {
    dir: tempfile::TempDir,
}

impl Proj {
    /// A project with a `.git` entry and a few headers.
    fn new() -> Proj {
        let p = Proj {
            dir: tempfile::Builder::new()
                .prefix("headerkit-config-")
                .tempdir()
                .unwrap(),
        };
        std::fs::create_dir(p.path().join(".git")).unwrap();
        p.write(
            "include/a.h",
            "#include <dep.h>\n#ifdef WANT_A\nint a_wanted(void);\n#endif\n\
             #if LEVEL == 2\nint level_two(void);\n#endif\nint a(dep_t);\n",
        );
        p.write("include/b.h", "int b(void);\n");
        p.write("include/net/n.h", "int n(void);\n");
        p.write("deps/dep.h", "typedef int dep_t;\n");
        p
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// The names of the declarations in a JSON output file.
    fn names(&self, rel: &str) -> Vec<String> {
        let text =
            std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        names(&text)
    }

    /// Every file under the project, except `.git`, relative and sorted.
    fn files(&self) -> Vec<String> {
        fn walk(d: &Path, root: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(d).unwrap().flatten() {
                let p = e.path();
                if e.file_name() == ".git" {
                    continue;
                }
                if p.is_dir() {
                    walk(&p, root, out);
                } else {
                    out.push(p.strip_prefix(root).unwrap().display().to_string());
                }
            }
        }
        let mut v = Vec::new();
        walk(self.path(), self.path(), &mut v);
        v.sort();
        v
    }
}

fn names(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    v["declarations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["name"].as_str().map(String::from))
        .collect()
}

fn has(names: &[String], n: &str) -> bool {
    names.iter().any(|x| x == n)
}

#[test]
fn discovery_walks_up_to_the_repository_root() {
    let p = Proj::new();
    p.write(
        ".headerkit.toml",
        "writers = [\"json\"]\ninclude_dirs = [\"deps\"]\n\
         [[headers]]\npattern = \"include/a.h\"\n",
    );
    let sub = p.path().join("include/net");
    // From a subdirectory: the configuration at the root, paths relative to it.
    ok(&hk(&sub, &[], &[]));
    assert!(has(&p.names("include/a.json"), "a"));
    // A deeper pyproject.toml without [tool.headerkit] does not stop the walk.
    p.write("include/pyproject.toml", "[project]\nname = \"x\"\n");
    std::fs::remove_file(p.path().join("include/a.json")).unwrap();
    ok(&hk(&sub, &[], &[]));
    assert!(p.exists("include/a.json"));
    // A deeper headerkit.toml wins.
    p.write(
        "include/headerkit.toml",
        "[[headers]]\npattern = \"b.h\"\n[output]\njson = \"out/{stem}.json\"\n",
    );
    ok(&hk(&sub, &["-w", "json"], &[]));
    assert!(p.exists("include/out/b.json"));
    // --no-config: the header named, to standard output.
    let o = hk(&sub, &["--no-config", "n.h", "-w", "json"], &[]);
    ok(&o);
    assert!(has(&names(&o.stdout), "n"));
    // --config PATH, relative to the current directory.
    let o = hk(
        p.path(),
        &["--config", "include/headerkit.toml", "-w", "json"],
        &[],
    );
    ok(&o);
    // Conflicts and missing files.
    let o = hk(
        p.path(),
        &["--config", "x.toml", "--no-config", "include/b.h"],
        &[],
    );
    assert_eq!(o.code, Some(2), "{}", o.describe());
    config_error(
        &hk(p.path(), &["--config", "nothere.toml"], &[]),
        &["nothere.toml"],
    );
}

#[test]
fn an_entrys_output_beats_the_global_output() {
    let p = Proj::new();
    p.write(
        ".headerkit.toml",
        "writers = [\"json\"]\ninclude_dirs = [\"deps\"]\n[output]\njson = \"all/{stem}.json\"\n\
         [[headers]]\npattern = \"include/a.h\"\noutput = { json = \"special/{name}.json\" }\n\
         [[headers]]\npattern = \"include/b.h\"\n",
    );
    ok(&hk(p.path(), &[], &[]));
    assert!(has(&p.names("special/a.h.json"), "a"));
    assert!(has(&p.names("all/b.json"), "b"));
    assert!(!p.exists("all/a.json"));
}

#[test]
fn discovery_stops_at_git_and_pyproject_needs_the_section() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(
        outer.path().join(".headerkit.toml"),
        "writers = [\"nosuch\"]\n",
    )
    .unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join("a.h"), "int a(void);\n").unwrap();
    // The broken configuration above the repository is never read.
    ok(&hk(&repo, &["a.h", "-w", "json"], &[]));
    // Without the .git entry it is found (and its mistake reported).
    std::fs::remove_dir(repo.join(".git")).unwrap();
    config_error(
        &hk(&repo, &["a.h", "-w", "json"], &[]),
        &[".headerkit.toml", "writers[0]", "unknown writer 'nosuch'"],
    );
    // A pyproject.toml with an empty [tool.headerkit] is a configuration (and stops the walk).
    std::fs::write(repo.join("pyproject.toml"), "[tool.headerkit]\n").unwrap();
    ok(&hk(&repo, &["a.h", "-w", "json"], &[]));
}

#[test]
fn both_header_schemas() {
    for schema in [
        "[[tool.headerkit.headers]]\npattern = \"include/a.h\"\ndefines = [\"WANT_A\"]\n\
         [[tool.headerkit.headers]]\npattern = \"include/b.h\"\n",
        // The build backend's form, keyed by path.
        "[tool.headerkit.headers.\"include/a.h\"]\ndefines = [\"WANT_A\"]\n\
         [tool.headerkit.headers.\"include/b.h\"]\n",
    ] {
        let p = Proj::new();
        p.write(
            "pyproject.toml",
            &format!(
                "[project]\nname = \"demo\"\n\n[tool.headerkit]\nbackend = \"libclang\"\n\
                 writers = [\"json\"]\ninclude_dirs = [\"deps\"]\n\n{schema}"
            ),
        );
        ok(&hk(p.path(), &[], &[]));
        let a = p.names("include/a.json");
        assert!(has(&a, "a_wanted") && has(&a, "a"), "{a:?}");
        assert!(has(&p.names("include/b.json"), "b"));
        // Explicit headers work in a project using either form; the entry matching a
        // command-line header applies to it.
        let o = hk(p.path(), &["include/a.h", "-w", "json"], &[]);
        ok(&o);
        assert!(has(&names(&o.stdout), "a_wanted"));
    }
}

#[test]
fn variables_expand_everywhere() {
    let p = Proj::new();
    p.write(
        ".headerkit.toml",
        "writers = [\"json\"]\n\
         include_dirs = [\"${HK_EMPTY}deps\"]\n\
         defines = [\"${HK_DEF}\"]\n\
         [[headers]]\npattern = \"${HK_PAT}\"\n\
         defines = [\"LEVEL=${HK_IND}\"]\n\
         [headers.writer_options.json]\nindent = 0\n\
         [headers.output]\njson = \"${HK_OUT}/{stem}.$NOT_EXPANDED.json\"\n",
    );
    let env = [
        ("HK_EMPTY", ""),
        ("HK_DEF", "WANT_A"),
        ("HK_PAT", "include/a.h"),
        ("HK_IND", "2"),
        ("HK_OUT", "gen"),
    ];
    ok(&hk(p.path(), &[], &env));
    let out = "gen/a.$NOT_EXPANDED.json";
    let n = p.names(out);
    assert!(has(&n, "a_wanted") && has(&n, "level_two"), "{n:?}");
    // indent = 0 from the nested writer_options table: one line.
    let text = std::fs::read_to_string(p.path().join(out)).unwrap();
    assert_eq!(text.trim_end().lines().count(), 1, "{text}");
}

#[test]
fn unset_variable_names_variable_and_key_and_writes_nothing() {
    let p = Proj::new();
    p.write(
        "pyproject.toml",
        "[tool.headerkit]\nwriters = [\"json\"]\n\
         [[tool.headerkit.headers]]\npattern = \"include/a.h\"\n\
         include_dirs = [\"deps\", \"${HK_INC}\"]\n",
    );
    let before = p.files();
    let o = hk(p.path(), &[], &[]);
    config_error(
        &o,
        &[
            "pyproject.toml",
            "tool.headerkit.headers[0].include_dirs[1]",
            "HK_INC",
            "not set",
        ],
    );
    assert_eq!(p.files(), before);
    // Even with the header named on the command line: the configuration is wrong.
    config_error(
        &hk(p.path(), &["include/b.h", "-w", "json"], &[]),
        &["HK_INC"],
    );
    // Nested tables name the full key.
    p.write(
        ".headerkit.toml",
        "[writer.json]\nindent = 2\n[headers.\"a.h\".output]\njson = \"${HK_OUT}/x.json\"\n",
    );
    config_error(
        &hk(p.path(), &["include/b.h"], &[]),
        &[".headerkit.toml", "headers.\"a.h\".output.json", "HK_OUT"],
    );
    // An empty value is a value.
    ok(&hk(
        p.path(),
        &["include/b.h", "-w", "json"],
        &[("HK_OUT", "")],
    ));
}

#[test]
fn command_line_overrides_configuration() {
    let p = Proj::new();
    p.write(
        ".headerkit.toml",
        "writers = [\"json\"]\ninclude_dirs = [\"deps\"]\ndefines = [\"LEVEL=1\"]\n\
         [[headers]]\npattern = \"include/*.h\"\n\
         [writer.json]\nindent = 0\n\
         [output]\njson = \"cfg/{stem}.json\"\n",
    );
    // No arguments: every configured header, with the configuration's options.
    let o = hk(p.path(), &[], &[]);
    ok(&o);
    assert!(
        p.exists("cfg/a.json") && p.exists("cfg/b.json"),
        "{}",
        o.describe()
    );
    assert!(!has(&p.names("cfg/a.json"), "level_two"));
    let one_line = std::fs::read_to_string(p.path().join("cfg/a.json")).unwrap();
    assert_eq!(one_line.trim_end().lines().count(), 1);
    // -D after the configuration's defines, --writer-opt over [writer.json], -o over [output],
    // and the header named replaces the configured ones.
    let o = hk(
        p.path(),
        &[
            "include/a.h",
            "-D",
            "LEVEL=2",
            "--writer-opt",
            "json:indent=4",
            "-o",
            "json:cli/{stem}.json",
        ],
        &[],
    );
    ok(&o);
    assert!(!p.exists("cli/b.json"));
    let text = std::fs::read_to_string(p.path().join("cli/a.json")).unwrap();
    assert!(text.contains("\n    \""), "indent 4:\n{text}");
    assert!(has(&names(&text), "level_two"));
    // A header named on the command line with no -o: the configuration's [output] applies.
    std::fs::remove_file(p.path().join("cfg/b.json")).unwrap();
    ok(&hk(p.path(), &["include/b.h"], &[]));
    assert!(p.exists("cfg/b.json"));
    // --target on the command line wins over the configuration's.
    p.write(
        ".headerkit.toml",
        "target = \"x86_64-linux-gnu\"\ninclude_dirs = [\"deps\"]\n",
    );
    p.write(
        "t.h",
        "#ifdef __aarch64__\nint arm(void);\n#endif\nint any(void);\n",
    );
    let o = hk(p.path(), &["t.h", "-w", "json"], &[]);
    ok(&o);
    assert!(!has(&names(&o.stdout), "arm"));
    let o = hk(
        p.path(),
        &["t.h", "-w", "json", "--target", "aarch64-linux-gnu"],
        &[],
    );
    ok(&o);
    assert!(has(&names(&o.stdout), "arm"));
}

#[test]
fn mistakes_are_one_line_naming_file_and_key() {
    let cases: &[(&str, &[&str])] = &[
        (
            "include_dirs = 3\n",
            &["include_dirs", "expected a list of strings"],
        ),
        (
            "writers = [\"json\", 1]\n",
            &["writers[1]", "expected a string"],
        ),
        (
            "writers = [\"jsn\"]\n",
            &["writers[0]", "unknown writer 'jsn'"],
        ),
        (
            "[writer.jsn]\nindent = 1\n",
            &["writer.jsn", "unknown writer"],
        ),
        (
            "[writer.json]\nindent = \"wide\"\n",
            &["writer.json.indent", "integer"],
        ),
        ("[writer.json]\nindent = -3\n", &["writer.json"]),
        (
            "[writer.json]\ncolour = true\n",
            &["writer.json.colour", "unknown option"],
        ),
        (
            "[writer.json]\nensure_ascii = \"no\"\n",
            &["writer.json.ensure_ascii"],
        ),
        (
            "[output]\njson = \"{nope}.json\"\n",
            &["output.json", "{nope}"],
        ),
        (
            "[output]\njson = 5\n",
            &["output.json", "expected a string"],
        ),
        (
            "[[headers]]\ninclude_dirs = []\n",
            &["headers[0]", "pattern"],
        ),
        ("headers = 3\n", &["headers", "array of tables"]),
        ("target = \"nonsense\"\n", &["target"]),
        ("defines = [\"1BAD\"]\n", &["defines[0]"]),
        ("writers = [\n", &["invalid TOML", "line 1"]),
        (
            "writers = [\"json\"]\n[[headers]]\npattern = \"include/*.h\"\n[output]\njson = \"same.json\"\n",
            &["output.json", "collision", "same.json"],
        ),
    ];
    let mut cases = cases.to_vec();
    if headerkit::writers::get("cffi").is_some() {
        cases.push((
            "[writer.cffi]\ndefine_patterns = [\"NNG_(\"]\n",
            &["writer.cffi.define_patterns", "regular expression"],
        ));
    }
    for (text, needles) in cases {
        let p = Proj::new();
        p.write(".headerkit.toml", text);
        let before = p.files();
        let o = hk(p.path(), &["include/a.h", "include/b.h", "-I", "deps"], &[]);
        let mut all = vec![".headerkit.toml"];
        all.extend_from_slice(needles);
        config_error(&o, &all);
        assert_eq!(p.files(), before, "{text}: something was written");
    }
}

#[test]
fn globs_excludes_and_include_order() {
    let p = Proj::new();
    let o = hk(
        p.path(),
        &[
            "include/**/*.h",
            "--exclude",
            "include/net/**",
            "-w",
            "json",
            "-o",
            "json:out/{dir}/{stem}.json",
            "-I",
            "deps",
        ],
        &[],
    );
    ok(&o);
    assert!(p.exists("out/include/a.json") && p.exists("out/include/b.json"));
    assert!(!p.exists("out/include/net/n.json"), "{:?}", p.files());
    // A glob matching one header still writes files.
    let o = hk(p.path(), &["include/b*.h", "-w", "json"], &[]);
    ok(&o);
    assert!(
        o.stdout.is_empty() && p.exists("include/b.json"),
        "{}",
        o.describe()
    );
    // A glob matching nothing is an error that writes nothing.
    let o = hk(p.path(), &["nomatch*.h", "-w", "json"], &[]);
    assert_eq!(o.code, Some(1), "{}", o.describe());
    assert!(o.stderr.contains("nomatch*.h"));
    // -I order is the user's: the first directory holding dep.h wins.
    p.write("z/dep.h", "typedef int dep_t; int from_z(void);\n");
    p.write("y/dep.h", "typedef int dep_t; int from_y(void);\n");
    p.write("u.h", "#include <dep.h>\n");
    for (first, second, want) in [("z", "y", "from_z"), ("y", "z", "from_y")] {
        let o = hk(
            p.path(),
            &["u.h", "-w", "json", "-I", first, "-I", second],
            &[],
        );
        ok(&o);
        assert!(has(&names(&o.stdout), want), "{}", o.describe());
    }
}
