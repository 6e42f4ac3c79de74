//! Comparing definitions by meaning: everything but where they were written ([`Span`]s) and
//! their doc comments. This is what "print, parse again, get the same AST" means.
//!
//! [`Span`]: crate::ast::Span

use crate::ast::{Definition, ParamKind, Parameter, Type};

impl Definition {
    /// Equal in everything but spans and doc comments.
    pub fn eq_ignoring_spans(&self, other: &Definition) -> bool {
        self.namespace == other.namespace
            && self.name == other.name
            && self.explicit_id == other.explicit_id
            && self.computed_id == other.computed_id
            && self.category == other.category
            && self.result.eq_ignoring_spans(&other.result)
            && self.generics.len() == other.generics.len()
            && self
                .generics
                .iter()
                .zip(&other.generics)
                .all(|(a, b)| a.name == b.name)
            && self.params.len() == other.params.len()
            && self
                .params
                .iter()
                .zip(&other.params)
                .all(|(a, b)| a.eq_ignoring_spans(b))
    }
}

impl Parameter {
    /// Equal in everything but spans.
    pub fn eq_ignoring_spans(&self, other: &Parameter) -> bool {
        self.name == other.name
            && match (&self.kind, &other.kind) {
                (ParamKind::Flags, ParamKind::Flags) => true,
                (ParamKind::Normal { ty: a, flag: fa }, ParamKind::Normal { ty: b, flag: fb }) => {
                    a.eq_ignoring_spans(b)
                        && match (fa, fb) {
                            (None, None) => true,
                            (Some(x), Some(y)) => x.field == y.field && x.bit == y.bit,
                            _ => false,
                        }
                }
                _ => false,
            }
    }
}

impl Type {
    /// Equal in everything but spans (of this type and its argument).
    pub fn eq_ignoring_spans(&self, other: &Type) -> bool {
        self.namespace == other.namespace
            && self.name == other.name
            && self.percent == other.percent
            && self.generic_ref == other.generic_ref
            && match (&self.arg, &other.arg) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignoring_spans(b),
                _ => false,
            }
    }
}
