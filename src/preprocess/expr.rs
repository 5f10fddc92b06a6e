//! `#if` expression evaluation (C17 6.10.1): intmax_t/uintmax_t arithmetic with the usual
//! arithmetic conversions, short-circuiting so that unevaluated operands cannot fail.
//!
//! The input is the directive's token list after macro expansion, with `defined` and the
//! `__has_*` operators already replaced by `0`/`1`.

use super::intern::{Interner, sym};
use super::token::{Kind, Loc, Token};

/// How character constants evaluate on the target.
#[derive(Debug, Clone, Copy)]
pub struct CharModel {
    pub char_signed: bool,
    /// Width in bits of `wchar_t`, and whether it is signed.
    pub wchar_bits: u32,
    pub wchar_signed: bool,
}

impl Default for CharModel {
    fn default() -> Self {
        CharModel {
            char_signed: true,
            wchar_bits: 32,
            wchar_signed: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Val {
    bits: u64,
    unsigned: bool,
}

impl Val {
    fn signed(v: i64) -> Val {
        Val {
            bits: v as u64,
            unsigned: false,
        }
    }
    fn truth(self) -> bool {
        self.bits != 0
    }
    fn i(self) -> i64 {
        self.bits as i64
    }
}

pub type EvalError = (Loc, String);

/// Bound on the recursion depth of the parser (`unary` and `cond` calls): one per unary
/// operator or `?:`, two per parenthesis, so 256 nested parentheses (clang's default bracket
/// depth) fit. Without a bound, `#if ((((…` a few thousand deep overflows the stack and aborts
/// the process.
const MAX_NESTING: u32 = 512;

struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    interner: &'a Interner,
    chars: CharModel,
    end_loc: Loc,
    /// Current recursion depth of `unary` and `cond`.
    depth: u32,
}

/// Evaluates a controlling expression; `end_loc` is used for errors at the end of the line.
pub fn evaluate(
    toks: &[Token],
    interner: &Interner,
    chars: CharModel,
    end_loc: Loc,
) -> Result<bool, EvalError> {
    if toks.is_empty() {
        return Err((end_loc, "#if with no expression".into()));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        interner,
        chars,
        end_loc,
        depth: 0,
    };
    let v = p.comma(true)?;
    if let Some(t) = p.toks.get(p.pos) {
        return Err((
            t.loc,
            format!("missing binary operator before token \"{}\"", p.spell(t)),
        ));
    }
    Ok(v.truth())
}

/// Binary operators by precedence level (higher binds tighter).
fn binop_prec(t: &Token) -> Option<u8> {
    if t.kind != Kind::Punct {
        return None;
    }
    Some(match t.sym {
        sym::STAR | sym::SLASH | sym::PERCENT => 10,
        sym::PLUS | sym::MINUS => 9,
        sym::SHL | sym::SHR => 8,
        sym::LT | sym::GT | sym::LE | sym::GE => 7,
        sym::EQEQ | sym::NE => 6,
        sym::AMP => 5,
        sym::CARET => 4,
        sym::PIPE => 3,
        sym::ANDAND => 2,
        sym::OROR => 1,
        _ => return None,
    })
}

impl Parser<'_> {
    fn spell(&self, t: &Token) -> String {
        self.interner.text(t.sym).into_owned()
    }

    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn loc(&self) -> Loc {
        self.peek().map_or(self.end_loc, |t| t.loc)
    }

    fn eat(&mut self, s: super::intern::Sym) -> bool {
        if self.peek().is_some_and(|t| t.is_punct(s)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn comma(&mut self, live: bool) -> Result<Val, EvalError> {
        let mut v = self.cond(live)?;
        while self.eat(sym::COMMA) {
            v = self.cond(live)?;
        }
        Ok(v)
    }

    /// Runs `f` one nesting level deeper, failing past [`MAX_NESTING`].
    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, EvalError>,
    ) -> Result<T, EvalError> {
        if self.depth >= MAX_NESTING {
            return Err((self.loc(), "#if expression nested too deeply".to_string()));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn cond(&mut self, live: bool) -> Result<Val, EvalError> {
        self.nested(|p| p.cond_inner(live))
    }

    fn cond_inner(&mut self, live: bool) -> Result<Val, EvalError> {
        let c = self.binary(0, live)?;
        if !self.eat(sym::QUESTION) {
            return Ok(c);
        }
        let a = self.comma(live && c.truth())?;
        if !self.eat(sym::COLON) {
            return Err((self.loc(), "'?' without following ':'".into()));
        }
        let b = self.cond(live && !c.truth())?;
        let unsigned = a.unsigned || b.unsigned;
        let v = if c.truth() { a } else { b };
        Ok(Val {
            bits: v.bits,
            unsigned,
        })
    }

    fn binary(&mut self, min: u8, live: bool) -> Result<Val, EvalError> {
        let mut lhs = self.unary(live)?;
        while let Some(t) = self.peek().copied() {
            let Some(prec) = binop_prec(&t) else { break };
            if prec <= min {
                break;
            }
            self.pos += 1;
            lhs = match t.sym {
                sym::ANDAND => {
                    let rhs = self.binary(prec, live && lhs.truth())?;
                    Val::signed((lhs.truth() && rhs.truth()) as i64)
                }
                sym::OROR => {
                    let rhs = self.binary(prec, live && !lhs.truth())?;
                    Val::signed((lhs.truth() || rhs.truth()) as i64)
                }
                op => {
                    let rhs = self.binary(prec, live)?;
                    apply(op, lhs, rhs, live).map_err(|m| (t.loc, m))?
                }
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self, live: bool) -> Result<Val, EvalError> {
        self.nested(|p| p.unary_inner(live))
    }

    fn unary_inner(&mut self, live: bool) -> Result<Val, EvalError> {
        let Some(t) = self.peek().copied() else {
            return Err((self.end_loc, "#if with no expression".into()));
        };
        self.pos += 1;
        match t.kind {
            Kind::Punct => match t.sym {
                sym::LPAREN => {
                    let v = self.comma(live)?;
                    if !self.eat(sym::RPAREN) {
                        return Err((self.loc(), "missing ')' in expression".into()));
                    }
                    Ok(v)
                }
                sym::PLUS => self.unary(live),
                sym::MINUS => {
                    let v = self.unary(live)?;
                    Ok(Val {
                        bits: v.bits.wrapping_neg(),
                        unsigned: v.unsigned,
                    })
                }
                sym::TILDE => {
                    let v = self.unary(live)?;
                    Ok(Val {
                        bits: !v.bits,
                        unsigned: v.unsigned,
                    })
                }
                sym::NOT => {
                    let v = self.unary(live)?;
                    Ok(Val::signed(!v.truth() as i64))
                }
                _ => Err((
                    t.loc,
                    format!(
                        "token \"{}\" is not valid in preprocessor expressions",
                        self.spell(&t)
                    ),
                )),
            },
            Kind::Number => parse_number(self.interner.get(t.sym)).map_err(|m| (t.loc, m)),
            Kind::Char => char_value(self.interner.get(t.sym), self.chars).map_err(|m| (t.loc, m)),
            // An identifier left after expansion (not a macro) is 0, as are C23 keywords in C17.
            Kind::Ident => Ok(Val::signed(0)),
            _ => Err((
                t.loc,
                format!(
                    "token \"{}\" is not valid in preprocessor expressions",
                    self.spell(&t)
                ),
            )),
        }
    }
}

fn apply(op: super::intern::Sym, a: Val, b: Val, live: bool) -> Result<Val, String> {
    let unsigned = a.unsigned || b.unsigned;
    let cmp = |r: bool| Ok(Val::signed(r as i64));
    let arith = |bits: u64| Ok(Val { bits, unsigned });
    match op {
        sym::STAR => arith(a.bits.wrapping_mul(b.bits)),
        sym::SLASH | sym::PERCENT => {
            if b.bits == 0 {
                return if live {
                    Err("division by zero in #if".into())
                } else {
                    arith(0)
                };
            }
            let r = if unsigned {
                if op == sym::SLASH {
                    a.bits / b.bits
                } else {
                    a.bits % b.bits
                }
            } else if op == sym::SLASH {
                a.i().wrapping_div(b.i()) as u64
            } else {
                a.i().wrapping_rem(b.i()) as u64
            };
            arith(r)
        }
        sym::PLUS => arith(a.bits.wrapping_add(b.bits)),
        sym::MINUS => arith(a.bits.wrapping_sub(b.bits)),
        sym::SHL | sym::SHR => {
            // The result has the left operand's type; a negative count shifts the other way.
            let mut left = op == sym::SHL;
            let mut n = b.i();
            if !b.unsigned && n < 0 {
                left = !left;
                n = n.wrapping_neg();
            }
            let n = if b.unsigned && (b.bits as i64) < 0 {
                64
            } else {
                n as u64
            };
            let bits = if left {
                if n >= 64 { 0 } else { a.bits << n }
            } else if a.unsigned {
                if n >= 64 { 0 } else { a.bits >> n }
            } else if n >= 64 {
                if a.i() < 0 { u64::MAX } else { 0 }
            } else {
                (a.i() >> n) as u64
            };
            Ok(Val {
                bits,
                unsigned: a.unsigned,
            })
        }
        sym::LT | sym::GT | sym::LE | sym::GE => {
            let ord = if unsigned {
                a.bits.cmp(&b.bits)
            } else {
                a.i().cmp(&b.i())
            };
            cmp(match op {
                sym::LT => ord.is_lt(),
                sym::GT => ord.is_gt(),
                sym::LE => ord.is_le(),
                _ => ord.is_ge(),
            })
        }
        sym::EQEQ => cmp(a.bits == b.bits),
        sym::NE => cmp(a.bits != b.bits),
        sym::AMP => arith(a.bits & b.bits),
        sym::CARET => arith(a.bits ^ b.bits),
        sym::PIPE => arith(a.bits | b.bits),
        _ => unreachable!("not a binary operator"),
    }
}

/// Value of an integer pp-number in a `#if`.
fn parse_number(s: &[u8]) -> Result<Val, String> {
    let text = String::from_utf8_lossy(s);
    let lower = text.to_ascii_lowercase();
    let (radix, digits_start) = if lower.starts_with("0x") {
        (16, 2)
    } else if lower.starts_with("0b") {
        (2, 2)
    } else if lower.starts_with('0') && lower.len() > 1 {
        (8, 1)
    } else {
        (10, 0)
    };
    let body = &lower[digits_start..];
    let digits_end = body
        .find(|c: char| !(c.is_digit(radix.max(10)) || radix == 16 && c.is_ascii_hexdigit()))
        .unwrap_or(body.len());
    let (digits, suffix) = body.split_at(digits_end);
    let is_float = if radix == 16 {
        suffix.starts_with('.') || suffix.starts_with('p')
    } else {
        suffix.starts_with('.') || suffix.starts_with('e')
    } || (radix == 10 && text.contains('.'));
    if is_float {
        return Err("floating constant in preprocessor expression".into());
    }
    let suffix_ok = matches!(suffix, "" | "u" | "l" | "ul" | "lu" | "ll" | "ull" | "llu")
        && !(text.contains("lL") || text.contains("Ll"));
    if !suffix_ok {
        return Err(format!(
            "invalid suffix \"{}\" on integer constant",
            &text[digits_start + digits_end..]
        ));
    }
    if digits.is_empty() && radix != 8 {
        return Err(format!("invalid integer constant \"{text}\""));
    }
    let mut v: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or_else(|| {
            format!(
                "invalid digit \"{c}\" in {} constant",
                match radix {
                    8 => "octal",
                    2 => "binary",
                    _ => "integer",
                }
            )
        })?;
        v = v
            .checked_mul(radix as u64)
            .and_then(|v| v.checked_add(d as u64))
            .ok_or_else(|| "integer constant is too large for its type".to_string())?;
    }
    // A decimal constant too large for intmax_t is taken as unsigned (gcc warns); octal and
    // hex constants become unsigned when they do not fit the signed type (C17 6.4.4.1).
    let unsigned = suffix.contains('u') || v > i64::MAX as u64;
    Ok(Val { bits: v, unsigned })
}

/// Value of a character constant, with its prefix and quotes.
pub(crate) fn char_value(s: &[u8], m: CharModel) -> Result<Val, String> {
    let (prefix, rest) = match s {
        [b'u', b'8', rest @ ..] => ("u8", rest),
        [b'L', rest @ ..] => ("L", rest),
        [b'u', rest @ ..] => ("u", rest),
        [b'U', rest @ ..] => ("U", rest),
        _ => ("", s),
    };
    let inner = &rest[1..rest.len() - 1];
    let mut units: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c == b'\\' {
            let (v, n) = escape(&inner[i + 1..])?;
            units.push(v);
            i += 1 + n;
        } else if prefix.is_empty() || prefix == "u8" || c < 0x80 {
            units.push(c as u32);
            i += 1;
        } else {
            // a UTF-8 sequence in a wide constant is one code point
            let len = super::lexer::utf8_len(&inner[i..]);
            let cp = std::str::from_utf8(&inner[i..i + len])
                .ok()
                .and_then(|s| s.chars().next())
                .map_or(c as u32, |ch| ch as u32);
            units.push(cp);
            i += len;
        }
    }
    if units.is_empty() {
        return Err("empty character constant".into());
    }
    let (bits, signed) = match prefix {
        "" => (8, m.char_signed),
        "u8" => (8, false),
        "u" => (16, false),
        "U" => (32, false),
        _ => (m.wchar_bits, m.wchar_signed),
    };
    let v = if prefix.is_empty() && units.len() > 1 {
        // multi-character constant: an int built from the bytes, big-endian
        let mut acc: u32 = 0;
        for u in &units {
            acc = (acc << 8) | (u & 0xff);
        }
        acc as i32 as i64
    } else {
        let u = *units.last().unwrap() as u64 & ((1u64 << bits) - 1);
        if signed && u >> (bits - 1) & 1 == 1 {
            (u | !((1u64 << bits) - 1)) as i64
        } else {
            u as i64
        }
    };
    Ok(Val {
        bits: v as u64,
        unsigned: prefix == "U" && m.wchar_bits == 32 && v > i32::MAX as i64,
    })
}

/// Decodes the escape sequence after a backslash; returns its value and length.
fn escape(s: &[u8]) -> Result<(u32, usize), String> {
    let Some(&c) = s.first() else {
        return Err("incomplete escape sequence".into());
    };
    Ok(match c {
        b'n' => (10, 1),
        b't' => (9, 1),
        b'v' => (11, 1),
        b'b' => (8, 1),
        b'r' => (13, 1),
        b'f' => (12, 1),
        b'a' => (7, 1),
        b'e' | b'E' => (27, 1),
        b'0'..=b'7' => {
            let n = s
                .iter()
                .take(3)
                .take_while(|c| (b'0'..=b'7').contains(c))
                .count();
            let v = s[..n].iter().fold(0u32, |a, &d| a * 8 + (d - b'0') as u32);
            (v, n)
        }
        b'x' => {
            let n = s[1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            if n == 0 {
                return Err("\\x used with no following hex digits".into());
            }
            let v = s[1..1 + n].iter().fold(0u32, |a, &d| {
                a.wrapping_mul(16)
                    .wrapping_add((d as char).to_digit(16).unwrap())
            });
            (v, 1 + n)
        }
        b'u' | b'U' => {
            let n = if c == b'u' { 4 } else { 8 };
            let hex = s
                .get(1..1 + n)
                .ok_or("incomplete universal character name")?;
            let v = u32::from_str_radix(std::str::from_utf8(hex).map_err(|_| "bad UCN")?, 16)
                .map_err(|_| "incomplete universal character name")?;
            (v, 1 + n)
        }
        other => (other as u32, 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preprocess::lexer::lex;

    fn eval(src: &str) -> Result<bool, String> {
        let mut i = Interner::new();
        let toks = lex(src.as_bytes(), 0, &mut i).unwrap();
        evaluate(&toks, &i, CharModel::default(), Loc::default()).map_err(|e| e.1)
    }

    #[test]
    fn arithmetic_and_conversions() {
        assert_eq!(eval("1 + 2 * 3 == 7"), Ok(true));
        assert_eq!(eval("-1 > 0u"), Ok(true));
        assert_eq!(eval("-1 < 0"), Ok(true));
        assert_eq!(eval("0x7fffffffffffffff + 1 < 0"), Ok(true));
        assert_eq!(eval("18446744073709551615 == -1"), Ok(true));
        assert_eq!(eval("(1 ? -1 : 0u) > 0"), Ok(true));
        assert_eq!(eval("-1 >> 63 == -1"), Ok(true));
        assert_eq!(eval("1 << 63 < 0"), Ok(true));
        assert_eq!(eval("10 / 3 == 3 && 10 % 3 == 1 && -7 / 2 == -3"), Ok(true));
        assert_eq!(
            eval("0b101 == 5 && 010 == 8 && 0x10 == 16 && 1ULL == 1"),
            Ok(true)
        );
    }

    #[test]
    fn short_circuit_and_errors() {
        assert_eq!(eval("0 && 1 / 0"), Ok(false));
        assert_eq!(eval("1 || 1 / 0"), Ok(true));
        assert_eq!(eval("0 ? 1 / 0 : 2"), Ok(true));
        assert!(eval("1 / 0").unwrap_err().contains("division by zero"));
        assert!(eval("1.0").unwrap_err().contains("floating"));
        assert!(eval("1 +").is_err());
        assert!(eval("(1").is_err());
        assert!(eval("1 2").is_err());
        assert!(eval("\"s\"").is_err());
        assert!(eval("").is_err());
        assert!(eval("08").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // Used to overflow the stack (abort) at a few hundred levels on a 2 MiB thread.
        let ok = format!("{}1{}", "(".repeat(250), ")".repeat(250));
        assert_eq!(eval(&ok), Ok(true));
        for deep in [
            format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000)),
            format!("{}1", "!".repeat(100_001)),
            format!("{}1", "~ ".repeat(100_000)),
            format!("{}1{}", "1?".repeat(50_000), ":0".repeat(50_000)),
            format!("{}1", "0?1:".repeat(50_000)),
        ] {
            let run = move || eval(&deep);
            let r = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(run)
                .unwrap()
                .join()
                .unwrap();
            assert!(r.unwrap_err().contains("nested too deeply"));
        }
    }

    #[test]
    fn characters() {
        assert_eq!(eval("'a' == 97"), Ok(true));
        assert_eq!(eval("'\\377' < 0"), Ok(true));
        assert_eq!(eval("'\\n' == 10 && '\\x41' == 65"), Ok(true));
        assert_eq!(eval("'ab' == 24930"), Ok(true));
        assert_eq!(eval("L'\\xffffffff' < 0"), Ok(true));
        assert_eq!(eval("u'\\xffff' > 0"), Ok(true));
    }
}
