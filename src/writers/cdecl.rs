//! The C declarator printer the C-like writers share (cffi, lua): a type and the declarator
//! inside it (`*p`, `name[4]`, `(*cb)(int)`) become C text, with pointers to arrays and
//! functions parenthesised. What differs between the dialects (how a base type, qualifiers
//! and a parameter list are spelled) is a [`Dialect`].

use crate::ir::{ArraySize, FunctionType, Type};

/// A writer's spelling of the parts of a declarator.
pub trait Dialect {
    /// A [`Type::CType`] name as this dialect spells it; `anon` stands for the bare keyword
    /// of an anonymous record or enum defined in place.
    fn base(&self, name: &str, anon: Option<&str>) -> String;

    /// Qualifiers, each followed by a space (`"const "`), or nothing.
    fn quals(&self, qualifiers: &[String]) -> String;

    /// The parameter list of a function type, without the parentheses.
    fn params(&self, f: &FunctionType) -> String;

    /// The declarator of a function type before its parameter list, for a dialect that
    /// writes something there (a calling convention); unchanged by default.
    fn function_inner(&self, _f: &FunctionType, inner: String) -> String {
        inner
    }
}

/// `ty` declared around `inner` (empty for an abstract declarator): `int (*name)[4]`.
pub fn declarator(d: &dyn Dialect, ty: &Type, inner: String, anon: Option<&str>) -> String {
    match ty {
        Type::CType { name, qualifiers } => {
            let base = d.base(name, anon);
            let q = d.quals(qualifiers);
            if inner.is_empty() {
                format!("{q}{base}")
            } else {
                format!("{q}{base} {inner}")
            }
        }
        Type::Pointer {
            pointee,
            qualifiers,
        } => {
            let q = d.quals(qualifiers);
            let q = q.trim_end();
            let mut s = String::from("*");
            s.push_str(q);
            if !q.is_empty() && !inner.is_empty() {
                s.push(' ');
            }
            s.push_str(&inner);
            if matches!(**pointee, Type::Array { .. } | Type::Function(_)) {
                s = format!("({s})");
            }
            declarator(d, pointee, s, anon)
        }
        Type::Array { element, size } => {
            let n = match size {
                Some(ArraySize::Fixed(n)) => n.to_string(),
                Some(ArraySize::Expr(e)) => e.clone(),
                None => String::new(),
            };
            declarator(d, element, format!("{inner}[{n}]"), anon)
        }
        Type::Function(f) => {
            let params = d.params(f);
            let inner = d.function_inner(f, inner);
            declarator(d, &f.return_type, format!("{inner}({params})"), anon)
        }
    }
}
