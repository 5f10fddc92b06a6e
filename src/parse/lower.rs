//! lang-c's AST → IR declarations.

use lang_c::ast::TranslationUnit;

use super::ParseOptions;
use super::text::Prepared;
use crate::diag::Diagnostic;
use crate::ir;
use crate::preprocess::{self, target::Target};

/// What lowering produces.
pub struct Lowered {
    pub header: ir::Header,
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a parsed translation unit.
pub fn lower(
    _unit: &TranslationUnit,
    _prepared: &Prepared,
    _pp: &preprocess::Output,
    _opts: &ParseOptions,
    _target: &Target,
) -> Lowered {
    Lowered {
        header: ir::Header::default(),
        warnings: Vec::new(),
    }
}
