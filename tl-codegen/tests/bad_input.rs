//! Inputs that would produce Rust that does not compile get an error naming the definitions
//! and their positions instead.

use tl_codegen::{CodegenErrors, Input, Options, emit::EmitOptions, generate_sources};

fn generate(schema: &str, tables: Option<(&str, &str)>) -> Result<String, CodegenErrors> {
    let inputs = [Input {
        name: "test.tl".into(),
        text: schema.into(),
    }];
    let tables = tables.map(|(e, m)| {
        (
            Input {
                name: "errors.tsv".into(),
                text: e.into(),
            },
            Input {
                name: "methods.tsv".into(),
                text: m.into(),
            },
        )
    });
    let opts = Options {
        methods: vec![],
        emit: EmitOptions {
            runtime_path: "::tl_runtime".into(),
            serde: false,
            max_enum_size: None,
            fill: false,
            pretty: true,
            server: false,
        },
    };
    generate_sources(&inputs, tables.as_ref(), &opts)
}

fn error_text(schema: &str, tables: Option<(&str, &str)>) -> String {
    match generate(schema, tables) {
        Ok(_) => panic!("expected an error for:\n{schema}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn constructors_colliding_after_naming() {
    let msg = error_text("fooBar = T;\nfoo_bar = T;\n", None);
    assert!(msg.contains("test.tl:2:1"), "{msg}");
    assert!(msg.contains("test.tl:1:1"), "{msg}");
    assert!(msg.contains("`FooBar`"), "{msg}");
    assert!(msg.contains("foo_bar") && msg.contains("fooBar"), "{msg}");
}

#[test]
fn fields_colliding_after_naming() {
    let msg = error_text("a fooBar:int foo_bar:int = A;\n", None);
    assert!(msg.contains("`foo_bar`"), "{msg}");
    assert!(msg.contains("test.tl:1:"), "{msg}");
    assert!(msg.contains("fields of a"), "{msg}");
}

#[test]
fn types_colliding_after_naming() {
    let msg = error_text("a = FooBar;\nb = Foo_bar;\n", None);
    assert!(msg.contains("`FooBar`"), "{msg}");
    assert!(msg.contains("enums"), "{msg}");
}

#[test]
fn type_named_self_is_rejected() {
    let msg = error_text("self = Self;\n", None);
    assert!(msg.contains("cannot be made a Rust identifier"), "{msg}");
}

#[test]
fn errors_table_naming_an_unknown_method() {
    let schema = "a = A;\n---functions---\ndoIt x:int = A;\n";
    let errors = "name\tcodes\tdescription\nBAD_THING\t400\tbad\n";
    let methods = "method\tusability\terrors\nnoSuchMethod\tuser\tBAD_THING\n";
    let msg = error_text(schema, Some((errors, methods)));
    assert!(msg.contains("methods.tsv:2:1"), "{msg}");
    assert!(msg.contains("noSuchMethod"), "{msg}");
}

#[test]
fn malformed_errors_table_has_positions() {
    let schema = "a = A;\n---functions---\ndoIt x:int = A;\n";
    let errors = "name\tcodes\tdescription\nBAD_THING\tfour hundred\tbad\n";
    let methods = "method\tusability\terrors\ndoIt\tuser\tBAD_THING\n";
    let msg = error_text(schema, Some((errors, methods)));
    assert!(msg.contains("errors.tsv:2:"), "{msg}");
}

#[test]
fn error_enum_colliding_with_a_method() {
    let schema = "a = A;\n---functions---\ndoIt x:int = A;\ndoItError = A;\n";
    let errors = "name\tcodes\tdescription\nBAD_THING\t400\tbad\n";
    let methods = "method\tusability\terrors\ndoIt\tuser\tBAD_THING\n";
    let msg = error_text(schema, Some((errors, methods)));
    assert!(msg.contains("`DoItError`"), "{msg}");
    assert!(msg.contains("test.tl:4:1"), "{msg}");
}

#[test]
fn error_variants_colliding() {
    let schema = "a = A;\n---functions---\ndoIt x:int = A;\n";
    let errors = "name\tcodes\tdescription\nFLOOD_WAIT_%d\t420\twait\nFLOOD_WAIT\t420\twait\n";
    let methods = "method\tusability\terrors\ndoIt\tuser\tFLOOD_WAIT_%d FLOOD_WAIT\n";
    let msg = error_text(schema, Some((errors, methods)));
    assert!(msg.contains("`FloodWait`"), "{msg}");
}

#[test]
fn schema_errors_pass_through_with_positions() {
    let msg = error_text("a x:Nope = A;\n", None);
    assert!(msg.contains("test.tl:1:"), "{msg}");
    assert!(msg.contains("Nope"), "{msg}");
}

#[test]
fn good_schema_generates_and_names_the_layer() {
    let text = generate("// LAYER 7\na x:int = A;\n", None).unwrap();
    assert!(text.contains("from TL layer 7"));
    assert!(text.contains("pub const LAYER: i32 = 7;"));
    assert!(text.contains("pub struct A"));
}
