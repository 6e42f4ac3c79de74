//! Printing the AST back as canonical TL, which parses to the same AST (spans aside).
//!
//! A definition prints its explicit id only, so that printing and parsing keep
//! [`Definition::explicit_id`]; the alternate form (`{:#}`) always prints the wire id.

use std::fmt;

use crate::ast::{
    Builtin, Category, Definition, Flag, Generic, ParamKind, Parameter, Schema, Type,
};

impl fmt::Display for Type<'_> {
    /// `!X`, `%Foo`, `phone.PhoneCall`, `Vector<long>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.generic_ref() {
            f.write_str("!")?;
        }
        if self.percent() {
            f.write_str("%")?;
        }
        f.write_str(self.qualified_name())?;
        if let Some(arg) = self.arg() {
            write!(f, "<{arg}>")?;
        }
        Ok(())
    }
}

impl fmt::Display for Flag<'_> {
    /// `flags.3?`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}?", self.field(), self.bit())
    }
}

impl fmt::Display for Parameter<'_> {
    /// `name:#`, `name:Type` or `name:flags.N?Type`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ParamKind::Flags => write!(f, "{}:#", self.name()),
            ParamKind::Normal { ty, flag: None } => write!(f, "{}:{ty}", self.name()),
            ParamKind::Normal {
                ty,
                flag: Some(flag),
            } => write!(f, "{}:{flag}{ty}", self.name()),
        }
    }
}

impl fmt::Display for Generic<'_> {
    /// `{X:Type}`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}:Type}}", self.name())
    }
}

impl fmt::Display for Definition {
    /// `phone.requestCall#42ff96ed flags:# video:flags.0?true … = phone.PhoneCall;`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.qualified_name())?;
        let id = if f.alternate() {
            Some(self.id())
        } else {
            self.explicit_id
        };
        if let Some(id) = id {
            write!(f, "#{id:x}")?;
        }
        for g in self.generics() {
            write!(f, " {g}")?;
        }
        for p in self.params() {
            write!(f, " {p}")?;
        }
        write!(f, " = {};", self.result())
    }
}

impl fmt::Display for Builtin {
    /// The line as it was written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Display for Schema {
    /// `// LAYER N`, the built-in lines, the constructors, `---functions---`, the methods; each
    /// definition preceded by its doc comment as `//` lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(layer) = self.layer {
            writeln!(f, "// LAYER {layer}\n")?;
        }
        for b in &self.builtins {
            writeln!(f, "{b}")?;
        }
        if !self.builtins.is_empty() {
            writeln!(f)?;
        }
        let of = |c: Category| self.definitions.iter().filter(move |d| d.category == c);
        for d in of(Category::Type) {
            write_definition(f, d)?;
        }
        let mut functions = of(Category::Function).peekable();
        if functions.peek().is_some() {
            writeln!(f, "\n---functions---\n")?;
        }
        for d in functions {
            write_definition(f, d)?;
        }
        Ok(())
    }
}

fn write_definition(f: &mut fmt::Formatter<'_>, d: &Definition) -> fmt::Result {
    if let Some(doc) = &d.doc {
        for line in doc.split('\n') {
            writeln!(f, "// {line}")?;
        }
    }
    writeln!(f, "{d}")
}
