//! Tokens → text. The items are cut into chunks (a slice of one namespace module of one tree),
//! each chunk is emitted, parsed by syn and printed by prettyplease on its own, on as many
//! threads as there are cores, and the texts are put back together in a fixed order with the
//! module lines around them. Output is byte-for-byte the same whatever the thread count.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use super::structs::{self, Role};
use super::{Ctx, enums, errors, root, server};
use crate::error::CodegenError;

/// Items per chunk: small enough to spread over threads, large enough that per-chunk costs
/// (a syn parse, a prettyplease run) stay negligible.
const CHUNK: usize = 150;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Tree {
    Types,
    Enums,
    Functions,
}

impl Tree {
    fn name(self) -> &'static str {
        match self {
            Tree::Types => "types",
            Tree::Enums => "enums",
            Tree::Functions => "functions",
        }
    }

    fn doc(self) -> &'static str {
        match self {
            Tree::Types => "A struct per constructor: the bare values of the schema's types.",
            Tree::Enums => "An enum per boxed type: which constructor a value was built with.",
            Tree::Functions => {
                "A struct per method (implementing `RemoteCall`), and its typed error enum."
            }
        }
    }
}

/// What one chunk holds.
enum Chunk {
    Root,
    Items(Tree, Vec<usize>),
    /// The whole `server` module: one trait and one `match`, which cannot be split.
    Server,
}

fn emit_chunk(ctx: &Ctx<'_>, chunk: &Chunk) -> TokenStream {
    match chunk {
        Chunk::Root => root::emit(ctx),
        Chunk::Server => server::emit(ctx),
        Chunk::Items(tree, items) => {
            let mut out = TokenStream::new();
            for &i in items {
                out.extend(match tree {
                    Tree::Types => structs::emit(ctx, &ctx.model.ctors[i], Role::Ctor(i)),
                    Tree::Enums => enums::emit(ctx, i, &ctx.model.enums[i]),
                    Tree::Functions => {
                        let f = &ctx.model.funcs[i];
                        let mut t = structs::emit(ctx, f, Role::Function);
                        t.extend(errors::emit(ctx, f));
                        t
                    }
                });
            }
            out
        }
    }
}

fn format_chunk(ctx: &Ctx<'_>, chunk: &Chunk) -> Result<String, CodegenError> {
    let tokens = emit_chunk(ctx, chunk);
    if !ctx.opts.pretty {
        // One line per chunk: valid Rust, no syn parse, no prettyplease (most of the time).
        return Ok(tokens.to_string() + "\n");
    }
    let file: syn::File = syn::parse2(tokens).map_err(|e| CodegenError::Internal(e.to_string()))?;
    Ok(prettyplease::unparse(&file))
}

/// Every chunk's text, in chunk order, computed on up to `threads` threads.
fn format_all(ctx: &Ctx<'_>, chunks: &[Chunk]) -> Result<Vec<String>, CodegenError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<String, CodegenError>>>> =
        chunks.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(i) else { break };
                    let text = format_chunk(ctx, chunk);
                    *results[i]
                        .lock()
                        .expect("no thread panics while holding it") = Some(text);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .expect("no thread panics while holding it")
                .expect("every chunk was formatted")
        })
        .collect()
}

/// Adds `levels` of four-space indentation to every non-empty line (generated code has no
/// multi-line string literals, so this cannot change a value).
fn indent(text: &str, levels: usize, out: &mut String) {
    let pad = "    ".repeat(levels);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
}

fn prologue(ctx: &Ctx<'_>, depth: usize, out: &mut String) {
    let supers = vec!["super"; depth].join("::");
    let lines = [
        "#[allow(unused_imports)]".to_string(),
        format!("use {supers}::{{enums, types}};"),
        "#[allow(unused_imports)]".to_string(),
        format!(
            "use {}::{{self as _rt, Bare as _, BufMut as _, Deserialize as _, Serialize as _}};",
            ctx.opts.runtime_path
        ),
    ];
    indent(&lines.join("\n"), depth, out);
}

/// Emits and formats the whole file body (without the header).
pub fn render(ctx: &Ctx<'_>) -> Result<String, CodegenError> {
    // Items of each (tree, module), in model order; the root namespace (`None`) first.
    let mut groups: BTreeMap<(Tree, Option<String>), Vec<usize>> = BTreeMap::new();
    for tree in [Tree::Types, Tree::Enums, Tree::Functions] {
        let modules: Vec<&Option<String>> = match tree {
            Tree::Types => ctx.model.ctors.iter().map(|c| &c.module).collect(),
            Tree::Enums => ctx.model.enums.iter().map(|e| &e.module).collect(),
            Tree::Functions => ctx.model.funcs.iter().map(|f| &f.module).collect(),
        };
        // Every tree exists, even empty, so paths like `types::` always resolve.
        groups.entry((tree, None)).or_default();
        for (i, m) in modules.into_iter().enumerate() {
            groups.entry((tree, m.clone())).or_default().push(i);
        }
    }
    let mut chunks = vec![Chunk::Root];
    // Second, though printed last: the largest chunk should not be the last one started.
    let server = ctx.opts.server.then(|| {
        chunks.push(Chunk::Server);
        chunks.len() - 1
    });
    let mut layout = Vec::new();
    for ((tree, module), items) in &groups {
        let first = chunks.len();
        for slice in items.chunks(CHUNK) {
            chunks.push(Chunk::Items(*tree, slice.to_vec()));
        }
        layout.push((*tree, module.clone(), first..chunks.len()));
    }
    let texts = format_all(ctx, &chunks)?;

    let mut out = String::with_capacity(texts.iter().map(String::len).sum::<usize>() * 9 / 8);
    out.push_str(&texts[0]);
    let mut open_tree: Option<Tree> = None;
    for (tree, module, range) in layout {
        if open_tree != Some(tree) {
            if open_tree.is_some() {
                out.push_str("}\n");
            }
            out.push_str(&format!(
                "/// {}\n#[allow(clippy::all, clippy::pedantic)]\npub mod {} {{\n",
                tree.doc(),
                tree.name()
            ));
            open_tree = Some(tree);
            prologue(ctx, 1, &mut out);
        }
        match &module {
            None => {
                for t in &texts[range] {
                    indent(t, 1, &mut out);
                }
            }
            Some(m) => {
                out.push_str(&format!(
                    "    /// Items of the `{m}` namespace.\n    pub mod {m} {{\n"
                ));
                prologue(ctx, 2, &mut out);
                for t in &texts[range] {
                    indent(t, 2, &mut out);
                }
                out.push_str("    }\n");
            }
        }
    }
    if open_tree.is_some() {
        out.push_str("}\n");
    }
    if let Some(i) = server {
        out.push_str(&texts[i]);
    }
    Ok(out)
}
