//! Diagnostics: `path:line:col: error: message`, a source snippet with a caret, and the
//! include chain, in the style of compilers.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
    /// The source line the location points into, when known.
    pub source_line: Option<String>,
    /// Where the file was included from, innermost first: `(path, line)`.
    pub included_from: Vec<(String, u32)>,
    /// Extra `note:` lines.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            source_line: None,
            included_from: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// An error that belongs to no source position (a missing input file, say).
    pub fn plain(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::error(path, 0, 0, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            write!(f, "{}: {sev}: {}", self.path, self.message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {sev}: {}",
                self.path, self.line, self.col, self.message
            )?;
        }
        if let Some(src) = &self.source_line {
            let width = self.line.to_string().len();
            let text = src.replace('\t', " ");
            let caret: String = " ".repeat((self.col as usize).saturating_sub(1).min(text.len()));
            write!(
                f,
                "\n{:>width$} | {text}\n{:>width$} | {caret}^",
                self.line, ""
            )?;
        }
        for n in &self.notes {
            write!(f, "\nnote: {n}")?;
        }
        for (p, l) in &self.included_from {
            write!(f, "\n  in file included from {p}:{l}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_snippet_and_chain() {
        let mut d = Diagnostic::error("b.h", 2, 10, "missing.h: No such file or directory");
        d.source_line = Some("#include \"missing.h\"".into());
        d.included_from = vec![("a.h".into(), 1), ("main.h".into(), 3)];
        let s = d.to_string();
        assert_eq!(
            s,
            "b.h:2:10: error: missing.h: No such file or directory\n2 | #include \"missing.h\"\n  |          ^\n  in file included from a.h:1\n  in file included from main.h:3"
        );
    }
}
