//! Type layout (size, alignment, field offsets) for the target, as the C compiler computes it:
//! bit-fields, `packed`, `aligned(N)`, `#pragma pack`, flexible array members, and the
//! System V / AAPCS / MSVC differences in bit-field packing.
//!
//! INTERFACE (implementation in progress).

use crate::ir;
use crate::preprocess::target::DataModel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub size: u64,
    pub align: u64,
}

/// A field's place in its struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLayout {
    /// Offset in bits from the start of the struct.
    pub bit_offset: u64,
    /// Width in bits (bit-fields) or size in bits.
    pub bit_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructLayout {
    pub layout: Layout,
    /// One entry per field of the struct, in order (anonymous members included).
    pub fields: Vec<FieldLayout>,
}

/// How layout finds the declarations a type names.
pub trait Types {
    fn typedef(&self, name: &str) -> Option<&ir::Type>;
    fn record(&self, name: &str, is_union: bool) -> Option<&ir::Struct>;
    fn enumeration(&self, name: &str) -> Option<&ir::Enum>;
}

impl Types for ir::Header {
    fn typedef(&self, name: &str) -> Option<&ir::Type> {
        ir::Header::typedef(self, name).map(|t| &t.underlying_type)
    }
    fn record(&self, name: &str, is_union: bool) -> Option<&ir::Struct> {
        ir::Header::record(self, name, is_union)
    }
    fn enumeration(&self, name: &str) -> Option<&ir::Enum> {
        self.declarations
            .iter()
            .chain(&self.dependencies)
            .find_map(|d| match d {
                ir::Declaration::Enum(e) if e.name.as_deref() == Some(name) => Some(e),
                _ => None,
            })
    }
}

/// Size and alignment of `ty`; `Err` for incomplete or unknown types.
pub fn layout_of(_ty: &ir::Type, _types: &dyn Types, _dm: &DataModel) -> Result<Layout, String> {
    Err("not implemented".into())
}

/// The layout of a struct or union definition.
pub fn struct_layout(
    _s: &ir::Struct,
    _types: &dyn Types,
    _dm: &DataModel,
) -> Result<StructLayout, String> {
    Err("not implemented".into())
}
