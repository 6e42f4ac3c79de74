//! Method closures: the full layer's `phone.requestCall` figures, the rules on a small
//! hand-written schema, and the unknown-method error.

use tl_parser::ast::{Category, Schema};
use tl_parser::closure::{ClosureError, Counts, closure};

fn parse(text: &str) -> Schema {
    tl_parser::parse_str("test.tl", text).unwrap_or_else(|e| panic!("{e}"))
}

fn names(schema: &Schema) -> Vec<String> {
    schema.definitions.iter().map(|d| d.full_name()).collect()
}

const SMALL: &str = "\
// LAYER 7
int ? = Int;
long ? = Long;
string ? = String;
vector#1cb5c415 {t:Type} # [ t ] = Vector t;

boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
true#3fedd339 = True;

photoEmpty id:long = Photo;
photo id:long sizes:Vector<PhotoSize> = Photo;
photoSize w:int h:int = PhotoSize;
photoSizeEmpty = PhotoSize;
user flags:# bot:flags.0?true photo:flags.1?Photo = User;
chat id:long = Chat;
unrelated x:int = Unrelated;
salt valid:int = Salt;
salts list:vector<salt> = Salts;
otherSalt x:int = Salt;
settings flags:# muted:flags.0?Bool = Settings;
wrapper inner:true = Wrapper;
ns.thing id:long = ns.Thing;

---functions---

users.getUser id:long = User;
chats.getChat id:long = Chat;
getSalts = Salts;
getSettings = Settings;
getWrapper = Wrapper;
ns.getThing = ns.Thing;
invokeWith {X:Type} query:!X = X;
";

#[test]
fn full_layer_phone_request_call_has_the_stated_figures() {
    let schema = tl_parser::parse_paths(&[tl_fixtures::api_tl()]).unwrap_or_else(|e| panic!("{e}"));
    let sub = closure(&schema, &["phone.requestCall"]).unwrap();
    // The figure the spec states for layer 230: 16 boxed types, 47 constructors, 1 function.
    assert_eq!(
        Counts::of(&sub),
        Counts {
            boxed_types: 16,
            constructors: 47,
            functions: 1
        }
    );
    assert_eq!(sub.layer, Some(230));
    assert_eq!(sub.builtins, schema.builtins, "built-in lines are kept");
    assert_eq!(
        sub.files, schema.files,
        "files are kept so spans stay valid"
    );
    let names = names(&sub);
    // `flags.0?true` does not pull in `true`, and nothing reaches Bool.
    for absent in ["true", "boolTrue", "boolFalse"] {
        assert!(
            !names.iter().any(|n| n == absent),
            "{absent} is in the closure"
        );
    }
    // All constructors of a reached boxed type, incl. ones reached only through a flag field
    // (`reason:flags.0?PhoneCallDiscardReason`) or a vector (`users:Vector<User>`).
    for present in [
        "phone.requestCall",
        "phone.phoneCall",
        "phoneCallDiscardReasonBusy",
        "phoneConnectionWebrtc",
        "userEmpty",
        "user",
        "inputPeerChannelFromMessage",
        "recentStory",
    ] {
        assert!(names.iter().any(|n| n == present), "{present} is missing");
    }
    // Source order: definitions are a subsequence of the full schema's.
    let mut full = schema.definitions.iter().map(|d| d.full_name());
    for n in &names {
        assert!(full.any(|f| &f == n), "{n} is out of source order");
    }
}

#[test]
fn small_schema_closure_follows_result_vectors_flags_and_all_constructors() {
    let schema = parse(SMALL);
    let sub = closure(&schema, &["users.getUser"]).unwrap();
    assert_eq!(
        names(&sub),
        [
            "photoEmpty",
            "photo",
            "photoSize",
            "photoSizeEmpty",
            "user",
            "users.getUser"
        ]
    );
    assert_eq!(sub.layer, Some(7));
    assert_eq!(sub.builtins.len(), 4);
    assert_eq!(
        Counts::of(&sub),
        Counts {
            boxed_types: 3,
            constructors: 5,
            functions: 1
        }
    );
    // The closure is itself a valid schema: print it and parse it back.
    let printed = sub.to_string();
    let reparsed = parse(&printed);
    assert_eq!(names(&reparsed), names(&sub));
}

#[test]
fn bool_is_followed_like_any_boxed_type() {
    let sub = closure(&parse(SMALL), &["getSettings"]).unwrap();
    assert_eq!(
        names(&sub),
        ["boolFalse", "boolTrue", "settings", "getSettings"]
    );
}

#[test]
fn true_without_a_flag_is_kept() {
    let sub = closure(&parse(SMALL), &["getWrapper"]).unwrap();
    assert_eq!(names(&sub), ["true", "wrapper", "getWrapper"]);
}

#[test]
fn bare_reference_keeps_only_the_named_constructor() {
    // `vector<salt>` is bare: only `salt` can appear, not `otherSalt`.
    let sub = closure(&parse(SMALL), &["getSalts"]).unwrap();
    assert_eq!(names(&sub), ["salt", "salts", "getSalts"]);
}

#[test]
fn namespaced_and_generic_methods() {
    let schema = parse(SMALL);
    let sub = closure(&schema, &["ns.getThing", "invokeWith", "chats.getChat"]).unwrap();
    // `X` is a generic parameter, not a type to follow. Order is source order, not request
    // order.
    assert_eq!(
        names(&sub),
        [
            "chat",
            "ns.thing",
            "chats.getChat",
            "ns.getThing",
            "invokeWith"
        ]
    );
    assert_eq!(
        sub.definitions
            .iter()
            .filter(|d| d.category == Category::Function)
            .count(),
        3
    );
}

#[test]
fn repeated_method_name_is_kept_once() {
    let sub = closure(&parse(SMALL), &["chats.getChat", "chats.getChat"]).unwrap();
    assert_eq!(names(&sub), ["chat", "chats.getChat"]);
}

#[test]
fn unknown_methods_are_all_listed() {
    let err = closure(
        &parse(SMALL),
        &["users.getUser", "users.getUsers", "photo", "nope"],
    )
    .unwrap_err();
    assert_eq!(
        err,
        ClosureError::UnknownMethods {
            names: vec!["users.getUsers".into(), "photo".into(), "nope".into()],
            constructors: vec!["photo".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        "unknown methods: `users.getUsers`, `photo` (a constructor, not a method), `nope`"
    );
}

#[test]
fn one_unknown_method_message() {
    let err = closure(&parse(SMALL), &["phone.requestCal"]).unwrap_err();
    assert_eq!(err.to_string(), "unknown method: `phone.requestCal`");
}

#[test]
fn empty_method_list_gives_an_empty_schema_with_builtins() {
    let schema = parse(SMALL);
    let sub = closure(&schema, &[]).unwrap();
    assert!(sub.definitions.is_empty());
    assert_eq!(sub.builtins, schema.builtins);
    assert_eq!(sub.layer, Some(7));
}
