//! The `json` writer: the IR as JSON ([`ir::HeaderJson`], schema in `docs/json-schema.md`),
//! streamed through serde_json with a [`PythonFormatter`] (no `Value` tree is built), laid out
//! like the reference tool's output (Python's `json.dumps(data, indent=2)`), byte for byte
//! where the reference is valid JSON:
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

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;
use serde_json::ser::Formatter;

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
        let doc = header.json(opts.bool("dependencies", false));
        let mut out = render(&doc, indent, opts.bool("ensure_ascii", true), 1 << 16)
            .map_err(|e| format!("cannot write JSON: {e}"))?;
        out.push(b'\n');
        Ok(out)
    }
}

/// Streams `value` as Python's `json.dumps` lays it out.
fn render<T: Serialize + ?Sized>(
    value: &T,
    indent: Option<usize>,
    ensure_ascii: bool,
    capacity: usize,
) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        PythonFormatter::new(indent, ensure_ascii),
    );
    value.serialize(&mut ser)?;
    Ok(out)
}

/// Renders a JSON value as Python's `json.dumps` does.
pub fn dumps(value: &Value, indent: Option<usize>, ensure_ascii: bool) -> String {
    let out = render(value, indent, ensure_ascii, 0).expect("a JSON value always serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A [`Formatter`] for Python's `json.dumps(data, indent=N, ensure_ascii=A)` layout: with an
/// indent, each item on its own line, `","` at line ends and `": "` after keys; without, one
/// line with `", "` and `": "`; `[]` and `{}` for empty containers; floats in Python's `repr`
/// form; with `ensure_ascii`, everything outside ASCII's printable range (and DEL) as `\uXXXX`
/// (surrogate pairs above U+FFFF). serde_json itself writes the other escapes as Python does
/// (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, `\u001b`), and infinite or NaN floats as `null`.
#[derive(Debug, Clone)]
pub struct PythonFormatter {
    /// Spaces per level; `None` for the one-line form.
    indent: Option<usize>,
    ensure_ascii: bool,
    /// How deep the container being written is nested.
    level: usize,
    /// Whether the container being closed had an item.
    has_value: bool,
}

impl PythonFormatter {
    pub fn new(indent: Option<usize>, ensure_ascii: bool) -> Self {
        PythonFormatter {
            indent,
            ensure_ascii,
            level: 0,
            has_value: false,
        }
    }

    /// What comes before an item: a line break (after a `,` unless `first`) and the indentation
    /// of the current level, or `", "` between items on one line.
    fn item<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        match self.indent {
            Some(n) if first => line_break(w, &NEWLINE, 1, n * self.level),
            Some(n) => line_break(w, &COMMA_NEWLINE, 2, n * self.level),
            None if first => Ok(()),
            None => w.write_all(b", "),
        }
    }

    /// What comes before a closing bracket, once the level is the container's own.
    fn close<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        match self.indent {
            Some(n) if self.has_value => line_break(w, &NEWLINE, 1, n * self.level),
            _ => Ok(()),
        }
    }
}

/// Room for a line break and the indentation of most lines in one write.
const PAD: usize = 256;
static NEWLINE: [u8; PAD] = padded(b"\n");
static COMMA_NEWLINE: [u8; PAD] = padded(b",\n");

/// `prefix` followed by spaces.
const fn padded(prefix: &[u8]) -> [u8; PAD] {
    let mut a = [b' '; PAD];
    let mut i = 0;
    while i < prefix.len() {
        a[i] = prefix[i];
        i += 1;
    }
    a
}

/// The first `len` bytes of `padded` (a line break) and `spaces` spaces.
fn line_break<W: ?Sized + Write>(
    w: &mut W,
    padded: &[u8; PAD],
    len: usize,
    spaces: usize,
) -> io::Result<()> {
    if len + spaces <= PAD {
        return w.write_all(&padded[..len + spaces]);
    }
    w.write_all(&padded[..len])?;
    let mut left = spaces;
    while left > 0 {
        let n = left.min(PAD - 1);
        w.write_all(&NEWLINE[1..1 + n])?;
        left -= n;
    }
    Ok(())
}

impl Formatter for PythonFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level -= 1;
        self.close(w)?;
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level -= 1;
        self.close(w)?;
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_f32<W: ?Sized + Write>(&mut self, w: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(w, f64::from(value))
    }

    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        w.write_all(py_float(value).as_bytes())
    }

    /// A run of a string that needs no JSON escape (no `"`, `\` or control character).
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        if !self.ensure_ascii || bytes.iter().all(|&b| b < 0x7f) {
            return w.write_all(bytes);
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if (c as u32) < 0x7f {
                continue;
            }
            w.write_all(&bytes[start..i])?;
            let mut units = [0u16; 2];
            for &unit in c.encode_utf16(&mut units).iter() {
                w.write_all(&unicode_escape(unit))?;
            }
            start = i + c.len_utf8();
        }
        w.write_all(&bytes[start..])
    }
}

/// `\uXXXX` with lowercase hex digits, as Python writes it.
fn unicode_escape(unit: u16) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |shift: u16| HEX[usize::from((unit >> shift) & 0xf)];
    [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)]
}

/// `f` as Python's `repr(float)`: the shortest digits that read back to `f`, in positional
/// form when the decimal exponent is in -4..16 (with `.0` for whole numbers), otherwise in
/// scientific form with a signed exponent of at least two digits.
fn py_float(f: f64) -> String {
    if !f.is_finite() {
        // serde_json writes these as `null` without asking the formatter; kept for
        // completeness.
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
            object_macros: Vec::new(),
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
    fn python_floats_in_documents() {
        let v = json!([1000.0, 1e16, 5e-7, 0.1, 2, -3, 18446744073709551615u64]);
        assert_eq!(
            dumps(&v, None, true),
            "[1000.0, 1e+16, 5e-07, 0.1, 2, -3, 18446744073709551615]"
        );
    }

    #[test]
    fn deep_indentation() {
        // Deeper than one padded write holds (256 bytes).
        let mut v = json!(1);
        for _ in 0..10 {
            v = json!([v]);
        }
        let s = dumps(&v, Some(32), true);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 21);
        assert_eq!(lines[10], format!("{}1", " ".repeat(320)));
        assert_eq!(lines[11], format!("{}]", " ".repeat(288)));
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }

    /// The streamed document and the one `to_json` builds are the same JSON, laid out alike.
    #[test]
    fn streaming_matches_value() {
        for indent in [None, Some(1), Some(2), Some(4)] {
            for ascii in [true, false] {
                for deps in [true, false] {
                    let h = header();
                    let streamed = render(&h.json(deps), indent, ascii, 0).unwrap();
                    let tree = dumps(&h.to_json(deps), indent, ascii);
                    assert_eq!(String::from_utf8(streamed).unwrap(), tree);
                }
            }
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
