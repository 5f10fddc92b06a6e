//! The `json` writer: the IR as JSON ([`ir::Header::to_json`], schema in
//! `docs/json-schema.md`), laid out like the reference tool's output (Python's
//! `json.dumps(data, indent=2)`), byte for byte where the reference is valid JSON:
//!
//! * two spaces per level, `": "` between key and value, `","` at line ends; `[]` and `{}`
//!   for empty containers;
//! * non-ASCII characters escaped as `\uXXXX` (surrogate pairs above U+FFFF), as with Python's
//!   `ensure_ascii`; other escapes as Python writes them (`\n`, `\t`, `\u001b`, ...);
//! * floats in Python's `repr` form (`0.5`, `1000.0`, `1e+16`, `1.5e-07`).
//!
//! Differences from the reference, on purpose:
//!
//! * the output ends with a newline (the reference's has none);
//! * a constant whose value is infinite or NaN (`#define BIG 1e999`) has `"value": null`
//!   (the reference writes `Infinity`, which is not JSON); its `raw_expression` keeps the text;
//! * `indent=4` indents by four spaces (the reference's CLI passed the string `"4"` and indented
//!   with the text `4`), and `indent=0` or `indent=none` gives the compact one-line form with
//!   `", "` and `": "` (Python's `indent=0` would still break lines).
//!
//! Options: `indent` (default 2), `dependencies` (default false: also write the out-of-scope
//! declarations the header depends on, under the top-level key `dependencies`), `ensure_ascii`
//! (default true).

use serde_json::Value;

use super::{OptionKind, OptionSpec, Writer, WriterOptions};
use crate::ir;

/// The largest `indent` accepted.
const MAX_INDENT: i64 = 32;

pub struct JsonWriter;

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "indent",
        kind: OptionKind::OptInt,
        help: "spaces per level (default 2); 0 or none: one line",
    },
    OptionSpec {
        name: "dependencies",
        kind: OptionKind::Bool,
        help: "also write out-of-scope declarations used (default false)",
    },
    OptionSpec {
        name: "ensure_ascii",
        kind: OptionKind::Bool,
        help: "write non-ASCII as \\uXXXX escapes (default true)",
    },
];

impl Writer for JsonWriter {
    fn name(&self) -> &'static str {
        "json"
    }

    fn description(&self) -> &'static str {
        "JSON serialization of the IR for inspection and tooling"
    }

    fn extension(&self) -> &'static str {
        ".json"
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn check_options(&self, opts: &WriterOptions) -> Result<(), String> {
        match opts.opt_int("indent", Some(2)) {
            Some(n) if !(0..=MAX_INDENT).contains(&n) => Err(format!(
                "bad value '{n}' for option 'indent': expected 0 to {MAX_INDENT} or 'none'"
            )),
            _ => Ok(()),
        }
    }

    fn write(&self, header: &ir::Header, opts: &WriterOptions) -> Result<Vec<u8>, String> {
        self.check_options(opts)?;
        let indent = match opts.opt_int("indent", Some(2)) {
            Some(n) if n > 0 => Some(n as usize),
            _ => None,
        };
        let value = header.to_json(opts.bool("dependencies", false));
        let mut out = String::with_capacity(4096);
        Dumper {
            out: &mut out,
            indent,
            ascii: opts.bool("ensure_ascii", true),
        }
        .value(&value, 0);
        out.push('\n');
        Ok(out.into_bytes())
    }
}

/// Renders a JSON value as Python's `json.dumps` does.
pub fn dumps(value: &Value, indent: Option<usize>, ensure_ascii: bool) -> String {
    let mut out = String::new();
    Dumper {
        out: &mut out,
        indent,
        ascii: ensure_ascii,
    }
    .value(value, 0);
    out
}

struct Dumper<'a> {
    out: &'a mut String,
    /// Spaces per level; `None` for the one-line form.
    indent: Option<usize>,
    ascii: bool,
}

impl Dumper<'_> {
    fn value(&mut self, v: &Value, level: usize) {
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => self.out.push_str(&i.to_string()),
                (_, Some(u), _) => self.out.push_str(&u.to_string()),
                (_, _, Some(f)) => self.out.push_str(&py_float(f)),
                _ => self.out.push_str("null"),
            },
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                if items.is_empty() {
                    self.out.push_str("[]");
                    return;
                }
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    self.separator(i, level + 1);
                    self.value(item, level + 1);
                }
                self.close(level);
                self.out.push(']');
            }
            Value::Object(map) => {
                if map.is_empty() {
                    self.out.push_str("{}");
                    return;
                }
                self.out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    self.separator(i, level + 1);
                    self.string(k);
                    self.out.push_str(": ");
                    self.value(item, level + 1);
                }
                self.close(level);
                self.out.push('}');
            }
        }
    }

    /// What comes before the `i`th item of a container whose items are at `level`.
    fn separator(&mut self, i: usize, level: usize) {
        match self.indent {
            Some(n) => {
                if i > 0 {
                    self.out.push(',');
                }
                self.out.push('\n');
                self.out.extend(std::iter::repeat_n(' ', n * level));
            }
            None if i > 0 => self.out.push_str(", "),
            None => {}
        }
    }

    /// What comes before the closing bracket of a container at `level`.
    fn close(&mut self, level: usize) {
        if let Some(n) = self.indent {
            self.out.push('\n');
            self.out.extend(std::iter::repeat_n(' ', n * level));
        }
    }

    fn string(&mut self, s: &str) {
        let out = &mut *self.out;
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 || (self.ascii && !(' '..='~').contains(&c)) => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

/// `f` as Python's `repr(float)`: the shortest digits that read back to `f`, in positional
/// form when the decimal exponent is in -4..16 (with `.0` for whole numbers), otherwise in
/// scientific form with a signed exponent of at least two digits.
fn py_float(f: f64) -> String {
    if !f.is_finite() {
        // serde_json cannot hold these; kept for completeness.
        return "null".into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `-1.2345e-7`, `1e16`, `0e0`.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut s = String::from(sign);
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        if point <= 0 {
            s.push_str("0.");
            s.extend(std::iter::repeat_n('0', (-point) as usize));
            s.push_str(&digits);
        } else if point as usize >= digits.len() {
            s.push_str(&digits);
            s.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            s.push_str(".0");
        } else {
            s.push_str(&digits[..point as usize]);
            s.push('.');
            s.push_str(&digits[point as usize..]);
        }
    } else {
        s.push_str(&digits[..1]);
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::*;
    use serde_json::json;

    fn opts(pairs: &[(&str, &str)]) -> WriterOptions {
        let mut o = WriterOptions::default();
        for (k, v) in pairs {
            o.set(OPTIONS, k, v).unwrap();
        }
        o
    }

    fn constant(name: &str, value: ConstValue) -> Declaration {
        Declaration::Constant(Constant {
            name: name.into(),
            value: Some(value),
            ty: Some(Type::named("double")),
            is_macro: true,
            raw_expression: None,
            location: None,
        })
    }

    fn header() -> Header {
        Header {
            path: "small.h".into(),
            declarations: vec![
                constant("R", ConstValue::Float(0.5)),
                constant("BIG", ConstValue::Float(f64::INFINITY)),
                constant("S", ConstValue::Str("\"sm\u{e9}ll\u{1F600}\"".into())),
            ],
            included_headers: vec![],
            dependencies: vec![Declaration::Typedef(Typedef {
                name: "size_t".into(),
                underlying_type: Type::named("unsigned long"),
                anonymous_struct: None,
                anonymous_enum: None,
                deprecated: None,
                location: None,
            })],
            target: String::new(),
        }
    }

    fn write(pairs: &[(&str, &str)]) -> String {
        String::from_utf8(JsonWriter.write(&header(), &opts(pairs)).unwrap()).unwrap()
    }

    #[test]
    fn python_layout() {
        let v = json!({"a": [1, {"b": []}, {}], "c": "x"});
        assert_eq!(
            dumps(&v, Some(2), true),
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    },\n    {}\n  ],\n  \"c\": \"x\"\n}"
        );
        assert_eq!(
            dumps(&v, None, true),
            "{\"a\": [1, {\"b\": []}, {}], \"c\": \"x\"}"
        );
    }

    #[test]
    fn python_escapes() {
        let v = json!("q\"b\\n\n\t\u{8}\u{c}\u{1b}\u{7f}\u{e9}\u{1F600}");
        assert_eq!(
            dumps(&v, None, true),
            r#""q\"b\\n\n\t\b\f\u001b\u007f\u00e9\ud83d\ude00""#
        );
        assert_eq!(
            dumps(&v, None, false),
            "\"q\\\"b\\\\n\\n\\t\\b\\f\\u001b\u{7f}\u{e9}\u{1F600}\""
        );
    }

    #[test]
    fn python_floats() {
        let cases = [
            (0.5, "0.5"),
            (1000.0, "1000.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e100, "1e+100"),
            (-2.5e-300, "-2.5e-300"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123.456, "123.456"),
            (f64::MAX, "1.7976931348623157e+308"),
        ];
        for (f, want) in cases {
            assert_eq!(py_float(f), want, "{f:e}");
        }
    }

    #[test]
    fn default_output() {
        let s = write(&[]);
        assert!(s.ends_with("}\n"));
        assert!(s.starts_with("{\n  \"path\": \"small.h\",\n  \"declarations\": [\n    {\n"));
        assert!(s.contains("\"value\": 0.5,"));
        assert!(s.contains("\"value\": null,"), "infinite float: {s}");
        assert!(s.contains(r#""value": "\"sm\u00e9ll\ud83d\ude00\"""#));
        assert!(!s.contains("dependencies"));
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["declarations"][0]["value"], json!(0.5));
        assert_eq!(Header::from_json(&v).unwrap().declarations.len(), 3);
    }

    #[test]
    fn options() {
        let compact = write(&[("indent", "0")]);
        assert_eq!(compact.lines().count(), 1);
        assert!(compact.starts_with("{\"path\": \"small.h\", \"declarations\": [{\"kind\": "));
        assert_eq!(write(&[("indent", "none")]), compact);
        let four = write(&[("indent", "4")]);
        assert!(four.starts_with("{\n    \"path\": "));
        let deps = write(&[("dependencies", "true")]);
        let v: Value = serde_json::from_str(&deps).unwrap();
        assert_eq!(v["dependencies"][0]["name"], "size_t");
        assert!(write(&[("ensure_ascii", "false")]).contains("sm\u{e9}ll\u{1F600}"));
        assert!(
            JsonWriter
                .check_options(&opts(&[("indent", "99")]))
                .is_err()
        );
        assert!(
            JsonWriter
                .check_options(&opts(&[("indent", "-1")]))
                .is_err()
        );
    }
}
