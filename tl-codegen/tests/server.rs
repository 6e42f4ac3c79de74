//! The `server` option: the module appears only when asked for and adds nothing else, its
//! handler methods are named from the TL names (collisions are errors), and over the whole
//! layer every method gets exactly one handler method, generic wrappers taking `Raw`.
//! (That the output compiles and dispatches is checked where a runtime is at hand: the
//! server crate.)

use std::path::{Path, PathBuf};

use quote::ToTokens;
use tl_codegen::{CodegenErrors, Input, Options, emit::EmitOptions, generate_sources};

fn options(server: bool) -> Options {
    Options {
        methods: vec![],
        emit: EmitOptions {
            runtime_path: "::tl_runtime".into(),
            serde: false,
            max_enum_size: None,
            fill: false,
            pretty: true,
            server,
        },
    }
}

fn read(path: &Path) -> Input {
    Input {
        name: path.display().to_string(),
        text: std::fs::read_to_string(path).expect("read input"),
    }
}

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn seed(server: bool) -> String {
    let d = seed_dir();
    let schemas = [read(&d.join("api.tl")), read(&d.join("mtproto.tl"))];
    let tables = (read(&d.join("errors.tsv")), read(&d.join("methods.tsv")));
    generate_sources(&schemas, Some(&tables), &options(server)).expect("generate the seed")
}

fn text(schema: &str, server: bool) -> Result<String, CodegenErrors> {
    let inputs = [Input {
        name: "test.tl".into(),
        text: schema.into(),
    }];
    generate_sources(&inputs, None, &options(server))
}

/// The `server` module of a generated file.
fn server_module(file: &syn::File) -> &[syn::Item] {
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == "server" => Some(&m.content.as_ref()?.1[..]),
            _ => None,
        })
        .expect("a `server` module")
}

fn handler_methods(server: &[syn::Item]) -> Vec<&syn::TraitItemFn> {
    let handler = server
        .iter()
        .find_map(|i| match i {
            syn::Item::Trait(t) if t.ident == "Handler" => Some(t),
            _ => None,
        })
        .expect("trait Handler");
    handler
        .items
        .iter()
        .filter_map(|i| match i {
            syn::TraitItem::Fn(f) => Some(f),
            _ => None,
        })
        .collect()
}

/// `fn name (& self , …) -> …` as token text.
fn signature(f: &syn::TraitItemFn) -> String {
    f.sig.to_token_stream().to_string()
}

#[test]
fn off_by_default_and_on_adds_only_the_server_module() {
    let off = seed(false);
    let on = seed(true);
    assert!(!off.contains("pub mod server"));
    let rest = on
        .strip_prefix(off.as_str())
        .expect("everything else is unchanged, in the same place");
    assert!(rest.contains("\npub mod server {\n"), "{rest}");
    assert!(rest.trim_end().ends_with('}'));
    assert_eq!(on, seed(true), "deterministic");
}

#[test]
fn seed_handler_names_and_signatures() {
    let file = syn::parse_file(&seed(true)).expect("generated code parses");
    let server = server_module(&file);
    let methods = handler_methods(server);
    let names: Vec<String> = methods.iter().map(|f| f.sig.ident.to_string()).collect();
    assert_eq!(
        names,
        [
            "init_connection",
            "invoke_with_layer",
            "users_get_users",
            "messages_get_dh_config",
            "help_get_config",
            "phone_request_call",
            "phone_accept_call",
            "phone_confirm_call",
            "phone_received_call",
            "phone_discard_call",
            "req_pq_multi",
            "req_dh_params",
            "set_client_dh_params",
            "rpc_drop_answer",
            "get_future_salts",
            "ping",
            "ping_delay_disconnect",
            "destroy_session",
        ]
    );
    // schema/api.tl lists its methods in the full layer's source order.
    let request_call = methods[5];
    assert_eq!(
        signature(request_call),
        "fn phone_request_call (& self , ctx : & Self :: Context , req : functions :: phone :: \
         RequestCall ,) -> Result < enums :: phone :: PhoneCall , _rt :: RpcError >"
    );
    // The default answers like an unknown method.
    let body = request_call.default.to_token_stream().to_string();
    assert!(body.contains("not_served (0x42ff96ed)"), "{body}");
    for item in ["dispatch", "method_name", "not_served", "input_fetch_error"] {
        assert!(
            server
                .iter()
                .any(|i| matches!(i, syn::Item::Fn(f) if f.sig.ident == item)),
            "{item}"
        );
    }
}

#[test]
fn results_are_the_remote_call_return_types() {
    let out = text(
        "boolTrue#997275b5 = Bool;\nboolFalse#bc799737 = Bool;\n\
         vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n\
         pair a:int b:long = Pair;\n---functions---\n\
         a.check n:int = Bool;\nlist n:int = Vector<long>;\nbarePair n:int = %Pair;\n",
        true,
    )
    .unwrap();
    let file = syn::parse_file(&out).unwrap();
    let sigs: Vec<String> = handler_methods(server_module(&file))
        .into_iter()
        .map(signature)
        .collect();
    assert!(
        sigs[0].ends_with("-> Result < bool , _rt :: RpcError >"),
        "{}",
        sigs[0]
    );
    assert!(sigs[0].starts_with("fn a_check "), "{}", sigs[0]);
    assert!(sigs[1].ends_with("-> Result < Vec < i64 > , _rt :: RpcError >"));
    assert!(sigs[2].ends_with("-> Result < types :: Pair , _rt :: RpcError >"));
    // A bare result is written bare, not through the struct's boxed `Serialize`.
    assert!(out.contains("v.serialize_bare(buf);"), "{out}");
}

#[test]
fn handler_names_that_meet_are_an_error_only_with_the_server() {
    let schema = "boolTrue#997275b5 = Bool;\n---functions---\n\
                  phone.requestCall = Bool;\nphoneRequestCall = Bool;\n";
    text(schema, false).expect("no server, no collision");
    let msg = text(schema, true).unwrap_err().to_string();
    assert!(msg.contains("`phone_request_call`"), "{msg}");
    assert!(msg.contains("phone.requestCall") && msg.contains("phoneRequestCall"));
    assert!(msg.contains("methods of server::Handler"), "{msg}");
    assert!(
        msg.contains("test.tl:3:1") && msg.contains("test.tl:4:1"),
        "{msg}"
    );
}

#[test]
fn a_generic_method_the_server_cannot_unwrap_is_an_error_only_with_the_server() {
    // `Raw` reads to the end of the input, so the `!X` field must come last.
    let schema = "---functions---\nwrap {X:Type} query:!X layer:int = X;\n";
    text(schema, false).expect("no server, no check");
    let msg = text(schema, true).unwrap_err().to_string();
    assert!(msg.contains("test.tl:2:1"), "{msg}");
    assert!(msg.contains("generic method `wrap`"), "{msg}");
}

#[test]
fn whole_layer_has_one_handler_method_per_function() {
    let schemas = [
        read(&tl_fixtures::api_tl()),
        read(&tl_fixtures::mtproto_tl()),
    ];
    let files: Vec<(String, String)> = schemas
        .iter()
        .map(|i| (i.name.clone(), i.text.clone()))
        .collect();
    let schema = tl_parser::parse_files(&files).expect("layer parses");
    let functions: Vec<&tl_parser::ast::Definition> = schema
        .definitions
        .iter()
        .filter(|d| matches!(d.category, tl_parser::ast::Category::Function))
        .collect();

    let out = generate_sources(&schemas, None, &options(true)).expect("generate the layer");
    let file = syn::parse_file(&out).expect("generated code parses");
    let server = server_module(&file);
    let methods = handler_methods(server);
    assert_eq!(methods.len(), functions.len());
    assert!(methods.len() > 850, "850 API methods and MTProto's");
    let mut names: Vec<String> = methods.iter().map(|f| f.sig.ident.to_string()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), methods.len(), "handler names are distinct");

    let generic: Vec<&str> = functions
        .iter()
        .filter(|d| !d.generics().is_empty())
        .map(|d| d.name())
        .collect();
    assert!(generic.contains(&"invokeWithLayer") && generic.contains(&"initConnection"));
    let mut raw = 0;
    for f in &methods {
        let sig = signature(f);
        if sig.contains("< _rt :: Raw >") {
            raw += 1;
            assert!(
                sig.ends_with("-> Result < _rt :: Bytes , _rt :: RpcError >"),
                "{sig}"
            );
            let body = f.default.to_token_stream().to_string();
            assert_eq!(body, "{ dispatch (self , ctx , req . query . 0) }");
        }
    }
    assert_eq!(raw, generic.len());
    assert!(out.contains("    pub const MAX_NESTED_WRAPPERS: usize = 16;\n"));
    let with_layer = methods
        .iter()
        .find(|f| f.sig.ident == "invoke_with_layer")
        .expect("invoke_with_layer");
    assert_eq!(
        signature(with_layer),
        "fn invoke_with_layer (& self , ctx : & Self :: Context , req : functions :: \
         InvokeWithLayer < _rt :: Raw > ,) -> Result < _rt :: Bytes , _rt :: RpcError >"
    );

    // `dispatch` picks a function per method, and has a fallback.
    let dispatch = server
        .iter()
        .find_map(|i| match i {
            syn::Item::Fn(f) if f.sig.ident == "dispatch" => Some(f),
            _ => None,
        })
        .expect("dispatch");
    let arms = dispatch
        .block
        .stmts
        .iter()
        .find_map(|s| match s {
            syn::Stmt::Local(syn::Local {
                init: Some(init), ..
            }) => match &*init.expr {
                syn::Expr::Match(m) => Some(m.arms.len()),
                _ => None,
            },
            _ => None,
        })
        .expect("dispatch matches on the id");
    assert_eq!(arms, functions.len() + 1);
}
