//! Which enum variants hold their constructor in a `Box`.
//!
//! Two reasons to box: recursion (a type that contains itself inline would have infinite
//! size), and size (one large variant makes every value of the enum large: grammers'
//! `enums::Message` is 2,584 bytes). Sizes are estimated from field types with the layout
//! rules of a 64-bit target; the full-layer test asserts the real `size_of` of every enum.

use crate::model::{FieldKind, Model, Ty};

/// A variant whose constructor is estimated larger than this is boxed. Leaves room for the
/// discriminant and estimate error under the 128-byte ceiling.
pub const BOX_THRESHOLD: usize = 88;

/// The same for the constructor of a one-constructor type (`restrictionReason`, `username`):
/// it has no smaller variants whose values its size would inflate, and boxing it would only
/// add an allocation per value (a `Vec` of them already holds them in one), so it stays
/// inline while it fits under the 128-byte ceiling (such an enum needs no discriminant).
pub const BOX_THRESHOLD_SINGLE: usize = 120;

/// Per-constructor decision: `boxed[ctor_index]`.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Whether constructor `i` is boxed inside its enum.
    pub boxed: Vec<bool>,
    /// Estimated size in bytes of each enum.
    pub enum_size: Vec<usize>,
    /// Whether enum `e` can contain a value of its own type at any depth (inline, boxed, in a
    /// vector, through other types). Only these count against the reader's depth limit:
    /// hostile input can nest them without end, while any other type nests no deeper than the
    /// schema allows, so skipping the depth bookkeeping for them keeps the stack bounded.
    pub recursive: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Unvisited,
    OnStack,
    Done,
}

impl Layout {
    /// Decides boxing for every constructor of the model.
    pub fn compute(model: &Model<'_>) -> Self {
        let mut l = Layout {
            boxed: vec![false; model.ctors.len()],
            enum_size: vec![0; model.enums.len()],
            recursive: recursive_enums(model),
        };
        // Break cycles of inline containment: box the variant through which a back edge runs.
        let mut marks = vec![Mark::Unvisited; model.enums.len()];
        for e in 0..model.enums.len() {
            l.break_cycles(model, e, &mut marks);
        }
        // Sizes bottom-up over what is now a DAG; box what is too large.
        let mut done = vec![false; model.enums.len()];
        for e in 0..model.enums.len() {
            l.size_enum(model, e, &mut done);
        }
        l
    }

    fn break_cycles(&mut self, model: &Model<'_>, e: usize, marks: &mut [Mark]) {
        if marks[e] != Mark::Unvisited {
            return;
        }
        marks[e] = Mark::OnStack;
        for &(_, ci) in &model.enums[e].variants {
            if self.boxed[ci] {
                continue;
            }
            let mut targets = Vec::new();
            inline_enums_of_ctor(model, ci, &mut targets, 0);
            for t in targets {
                match marks[t] {
                    Mark::OnStack => {
                        self.boxed[ci] = true;
                        break;
                    }
                    Mark::Unvisited => self.break_cycles(model, t, marks),
                    Mark::Done => {}
                }
                if self.boxed[ci] {
                    break;
                }
            }
        }
        marks[e] = Mark::Done;
    }

    fn size_enum(&mut self, model: &Model<'_>, e: usize, done: &mut [bool]) -> usize {
        if done[e] {
            return self.enum_size[e];
        }
        // Cycles are broken, so recursion through unboxed variants terminates; mark first
        // anyway so a bug cannot loop forever.
        done[e] = true;
        let mut max = 0;
        let threshold = match model.enums[e].variants.len() {
            1 => BOX_THRESHOLD_SINGLE,
            _ => BOX_THRESHOLD,
        };
        for &(_, ci) in &model.enums[e].variants {
            let size = if self.boxed[ci] {
                8
            } else {
                let s = self.ctor_size(model, ci, done);
                if s > threshold {
                    self.boxed[ci] = true;
                    8
                } else {
                    s
                }
            };
            max = max.max(size);
        }
        let size = round8(max + 8);
        self.enum_size[e] = size;
        size
    }

    fn ctor_size(&mut self, model: &Model<'_>, ci: usize, done: &mut [bool]) -> usize {
        let mut total = 0;
        for f in &model.ctors[ci].fields {
            total += match &f.kind {
                FieldKind::Flags | FieldKind::DerivedTrue { .. } => 0,
                FieldKind::FlagTrue { .. } => 1,
                FieldKind::Value { ty, flag } => {
                    let s = self.ty_size(model, ty, done);
                    if flag.is_some() && !has_niche(ty) {
                        round8(s + 1).max(s + 1)
                    } else {
                        s
                    }
                }
            };
        }
        round8(total)
    }

    fn ty_size(&mut self, model: &Model<'_>, ty: &Ty, done: &mut [bool]) -> usize {
        match ty {
            Ty::Int => 4,
            Ty::Long | Ty::Double => 8,
            Ty::Bool => 1,
            Ty::Vector { .. } => 24,
            Ty::Bytes | Ty::Object => 32,
            // `tl_runtime::Str`, which asserts this size (and the same for `Option<Str>`).
            Ty::String => 40,
            Ty::Int128 => 16,
            Ty::Int256 => 32,
            Ty::Generic(_) => 8,
            Ty::Enum(e) => self.size_enum(model, *e, done),
            Ty::BareCtor(c) => self.ctor_size(model, *c, done),
        }
    }
}

/// Whether `Option<T>` is as large as `T` (Rust uses a niche instead of a tag).
fn has_niche(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String | Ty::Vector { .. } | Ty::Bytes | Ty::Object | Ty::Enum(_) | Ty::Bool
    )
}

fn round8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// Enums held inline (not behind a `Vec` or `Box`) by constructor `ci`, through bare
/// constructors too.
fn inline_enums_of_ctor(model: &Model<'_>, ci: usize, out: &mut Vec<usize>, depth: usize) {
    if depth > model.ctors.len() {
        return;
    }
    for f in &model.ctors[ci].fields {
        if let FieldKind::Value { ty, .. } = &f.kind {
            match ty {
                Ty::Enum(e) => out.push(*e),
                Ty::BareCtor(c) => inline_enums_of_ctor(model, *c, out, depth + 1),
                _ => {}
            }
        }
    }
}

/// For each enum, whether it can reach itself through the fields of its constructors.
fn recursive_enums(model: &Model<'_>) -> Vec<bool> {
    // Edges: the enums that each enum's constructors contain in any way.
    let edges: Vec<Vec<usize>> = model
        .enums
        .iter()
        .map(|e| {
            let mut out = Vec::new();
            let mut seen_ctors = vec![false; model.ctors.len()];
            for &(_, ci) in &e.variants {
                enums_of_ctor(model, ci, &mut out, &mut seen_ctors);
            }
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    (0..model.enums.len())
        .map(|start| {
            // Depth-first search from `start`'s successors; recursive if it comes back.
            let mut seen = vec![false; model.enums.len()];
            let mut stack: Vec<usize> = edges[start].clone();
            while let Some(e) = stack.pop() {
                if e == start {
                    return true;
                }
                if !std::mem::replace(&mut seen[e], true) {
                    stack.extend(&edges[e]);
                }
            }
            false
        })
        .collect()
}

/// Enums that constructor `ci` contains in any way (inline, in vectors, through bare
/// constructors, which `seen` visits once each).
fn enums_of_ctor(model: &Model<'_>, ci: usize, out: &mut Vec<usize>, seen: &mut [bool]) {
    if std::mem::replace(&mut seen[ci], true) {
        return;
    }
    for f in &model.ctors[ci].fields {
        if let FieldKind::Value { ty, .. } = &f.kind {
            enums_of_ty(model, ty, out, seen);
        }
    }
}

fn enums_of_ty(model: &Model<'_>, ty: &Ty, out: &mut Vec<usize>, seen: &mut [bool]) {
    match ty {
        Ty::Enum(e) => out.push(*e),
        Ty::BareCtor(c) => enums_of_ctor(model, *c, out, seen),
        Ty::Vector { item, .. } => enums_of_ty(model, item, out, seen),
        _ => {}
    }
}
