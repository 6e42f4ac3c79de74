//! The `Config` builder: what build.rs scripts and the CLI use, modelled on prost-build.

use std::path::{Path, PathBuf};

use crate::error::{CodegenError, CodegenErrors};
use crate::generate::{Input, generate_sources};

/// `(errors.tsv, methods.tsv)` as read.
type TablePair = (Input, Input);

/// Settings for one generation run. Build with [`Config::new`] and the setters, then call
/// [`Config::compile`] (build.rs: writes into `OUT_DIR`) or [`Config::generate`] (returns the
/// text).
///
/// ```no_run
/// // build.rs
/// tl_codegen::Config::new()
///     .schema("schema/api.tl")
///     .schema("schema/mtproto.tl")
///     .errors("schema/errors.tsv", "schema/methods.tsv")
///     .compile()
///     .unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    schemas: Vec<PathBuf>,
    errors: Option<(PathBuf, PathBuf)>,
    methods: Vec<String>,
    runtime_path: String,
    serde: bool,
    out_dir: Option<PathBuf>,
    file_name: String,
    max_enum_size: Option<usize>,
    fill: bool,
    pretty: bool,
    server: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    /// Defaults: no inputs, runtime at `::tl_runtime`, no serde, output file `tl.rs`.
    pub fn new() -> Self {
        Self {
            schemas: Vec::new(),
            errors: None,
            methods: Vec::new(),
            runtime_path: "::tl_runtime".into(),
            serde: false,
            out_dir: None,
            file_name: "tl.rs".into(),
            max_enum_size: None,
            fill: false,
            pretty: true,
            server: false,
        }
    }

    /// Adds a TL schema file. Files are read in the order added, as one schema.
    pub fn schema(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.schemas.push(path.as_ref().to_path_buf());
        self
    }

    /// The errors table (`errors.tsv`) and methods table (`methods.tsv`): per-method error
    /// enums and the docs' errors and bot-usability sections come from them.
    pub fn errors(
        &mut self,
        errors_tsv: impl AsRef<Path>,
        methods_tsv: impl AsRef<Path>,
    ) -> &mut Self {
        self.errors = Some((
            errors_tsv.as_ref().to_path_buf(),
            methods_tsv.as_ref().to_path_buf(),
        ));
        self
    }

    /// Generates only these methods (full TL names) and every type they reach.
    pub fn methods<S: Into<String>>(&mut self, names: impl IntoIterator<Item = S>) -> &mut Self {
        self.methods.extend(names.into_iter().map(Into::into));
        self
    }

    /// Path of the runtime crate in generated code (default `::tl_runtime`), for users who
    /// re-export or rename it.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// Derives `serde::Serialize` and `serde::Deserialize` on every type (the using crate
    /// needs `serde` with `derive`, and `bytes` with its `serde` feature).
    pub fn serde(&mut self, enabled: bool) -> &mut Self {
        self.serde = enabled;
        self
    }

    /// Where [`compile`](Self::compile) writes (default: `$OUT_DIR`).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Name of the generated file (default `tl.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = name.into();
        self
    }

    /// Emits a compile-time assertion that every enum is at most `max` bytes.
    pub fn max_enum_size(&mut self, max: Option<usize>) -> &mut Self {
        self.max_enum_size = max;
        self
    }

    /// Format the output with prettyplease (default: on). Off, each chunk of items is one
    /// line: the same code, generated several times faster, for build.rs users who never read
    /// it. Checked-in bindings should stay formatted.
    pub fn pretty(&mut self, enabled: bool) -> &mut Self {
        self.pretty = enabled;
        self
    }

    /// Also emits `Fill` impls (deterministic example values, from `tl_runtime::fill`) and a
    /// `ROUNDTRIP` table of per-definition checks: for tests of whole layers.
    pub fn fill(&mut self, enabled: bool) -> &mut Self {
        self.fill = enabled;
        self
    }

    /// Also emits `pub mod server` (default: off): a `Handler` trait with one method per RPC,
    /// each answering like Telegram does for a method it does not serve unless overridden,
    /// and `dispatch`, which decodes a serialized request, calls its method and serializes the
    /// answer. For test servers that implement only what a test needs.
    pub fn server(&mut self, enabled: bool) -> &mut Self {
        self.server = enabled;
        self
    }

    fn read_inputs(&self) -> Result<(Vec<Input>, Option<TablePair>), CodegenErrors> {
        let read = |p: &PathBuf| -> Result<Input, CodegenError> {
            std::fs::read_to_string(p)
                .map(|text| Input {
                    name: p.display().to_string(),
                    text,
                })
                .map_err(|source| CodegenError::Io {
                    path: p.display().to_string(),
                    source,
                })
        };
        let mut errors = Vec::new();
        let mut schemas = Vec::new();
        for p in &self.schemas {
            match read(p) {
                Ok(i) => schemas.push(i),
                Err(e) => errors.push(e),
            }
        }
        let tables = match &self.errors {
            None => None,
            Some((e, m)) => match (read(e), read(m)) {
                (Ok(e), Ok(m)) => Some((e, m)),
                (e, m) => {
                    errors.extend(e.err());
                    errors.extend(m.err());
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok((schemas, tables))
        } else {
            Err(CodegenErrors(errors))
        }
    }

    /// Every input file, for `cargo:rerun-if-changed`.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut v = self.schemas.clone();
        if let Some((e, m)) = &self.errors {
            v.push(e.clone());
            v.push(m.clone());
        }
        v
    }

    /// Reads the inputs and returns the formatted Rust source.
    pub fn generate(&self) -> Result<String, CodegenErrors> {
        let (schemas, tables) = self.read_inputs()?;
        generate_sources(&schemas, tables.as_ref(), &self.options())
    }

    fn options(&self) -> crate::generate::Options {
        crate::generate::Options {
            methods: self.methods.clone(),
            emit: crate::emit::EmitOptions {
                runtime_path: self.runtime_path.clone(),
                serde: self.serde,
                max_enum_size: self.max_enum_size,
                fill: self.fill,
                pretty: self.pretty,
                server: self.server,
            },
        }
    }

    /// For build.rs: generates, writes `OUT_DIR/<file_name>` only when its content changed
    /// (so dependents are not rebuilt for nothing), and prints `cargo:rerun-if-changed` for
    /// every input (printing any turns off Cargo's default scan, so all are printed).
    /// Returns the path written. Include it with
    /// `include!(concat!(env!("OUT_DIR"), "/tl.rs"));`.
    pub fn compile(&self) -> Result<PathBuf, CodegenErrors> {
        for p in self.inputs() {
            println!("cargo:rerun-if-changed={}", p.display());
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| CodegenError::Io {
                path: "$OUT_DIR".into(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "OUT_DIR is not set: call compile() from build.rs or set out_dir()",
                ),
            })?),
        };
        let text = self.generate()?;
        let path = out_dir.join(&self.file_name);
        write_if_changed(&path, &text)?;
        Ok(path)
    }
}

/// Writes `text` to `path` unless the file already holds exactly that. Returns whether it wrote.
pub fn write_if_changed(path: &Path, text: &str) -> Result<bool, CodegenError> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| CodegenError::Io {
            path: dir.display().to_string(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| CodegenError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(true)
}
