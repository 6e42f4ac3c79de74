//! Method closures: the full layer's `phone.requestCall` figures, the rules on a small
//! hand-written schema, the unknown-method error, and pruning (`closure_with`): what it keeps,
//! the shipped schema's figures before and after, and every way a `Prune` can be wrong.

use tl_parser::Location;
use tl_parser::ast::{Category, Schema};
use tl_parser::closure::{ClosureError, Counts, Prune, PruneProblem, closure, closure_with};

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

/// A miniature of `Updates`/`Update`: a method returning a type whose constructors reach much
/// more than the caller needs.
const UPDATES: &str = "\
// LAYER 9
int ? = Int;
long ? = Long;
vector#1cb5c415 {t:Type} # [ t ] = Vector t;

call id:long = Call;
callEmpty = Call;
message id:int media:Media = Message;
mediaPhoto id:long = Media;
mediaDocument id:long = Media;
chat id:long = Chat;
user id:long = User;
updateNewMessage message:Message = Update;
updateCall call:Call = Update;
updateUserName user:User = Update;
updatesTooLong = Updates;
updateShort update:Update date:int = Updates;
updates updates:Vector<Update> chats:Vector<Chat> = Updates;
updateShortMessage id:int user:User = Updates;
wrapped inner:updateUserName = Wrapped;

---functions---

discardCall id:long = Updates;
getCall id:long = Call;
getWrapped = Wrapped;
";

fn calls_prune() -> Prune {
    let mut prune = Prune::new();
    prune
        .keep("Update", ["updateCall"])
        .keep("Updates", ["updateShort", "updates"]);
    prune
}

#[test]
fn pruned_types_contribute_only_the_kept_constructors() {
    let schema = parse(UPDATES);
    let all = closure(&schema, &["discardCall"]).unwrap();
    assert_eq!(Counts::of(&all).constructors, 14, "unpruned: everything");

    let sub = closure_with(&schema, &["discardCall"], &calls_prune()).unwrap();
    // No message/media/user: only `updateNewMessage`, `updateUserName` and
    // `updateShortMessage` led there. `chat` stays: the kept `updates` has a chats vector.
    assert_eq!(
        names(&sub),
        [
            "call",
            "callEmpty",
            "chat",
            "updateCall",
            "updateShort",
            "updates",
            "discardCall"
        ]
    );
    // Still a schema that lints on its own: every type a kept constructor uses is defined.
    let reparsed = parse(&sub.to_string());
    assert_eq!(names(&reparsed), names(&sub));
}

#[test]
fn pruning_a_type_nothing_reaches_changes_nothing() {
    let schema = parse(UPDATES);
    let plain = closure(&schema, &["getCall"]).unwrap();
    let pruned = closure_with(&schema, &["getCall"], &calls_prune()).unwrap();
    assert_eq!(names(&pruned), names(&plain));
    assert_eq!(names(&pruned), ["call", "callEmpty", "getCall"]);
}

#[test]
fn empty_prune_is_the_plain_closure() {
    let schema = parse(UPDATES);
    let plain = closure(&schema, &["discardCall", "getWrapped"]).unwrap();
    let with = closure_with(&schema, &["discardCall", "getWrapped"], &Prune::new()).unwrap();
    assert_eq!(names(&with), names(&plain));
    assert!(Prune::new().is_empty());
}

#[test]
fn bare_reference_keeps_its_constructor_even_when_the_type_is_pruned() {
    // `inner:updateUserName` can hold nothing but that constructor; dropping it would leave
    // the field's type undefined.
    let sub = closure_with(&parse(UPDATES), &["getWrapped"], &calls_prune()).unwrap();
    assert_eq!(
        names(&sub),
        ["user", "updateUserName", "wrapped", "getWrapped"]
    );
}

#[test]
fn keep_merges_repeated_types_and_names() {
    let mut prune = Prune::new();
    prune
        .keep("Updates", ["updates"])
        .keep("Update", ["updateCall"])
        .keep("Updates", ["updateShort", "updates"]);
    let entries: Vec<(&str, Vec<&str>)> = prune
        .entries()
        .map(|(t, c)| (t, c.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        entries,
        [
            ("Updates", vec!["updates", "updateShort"]),
            ("Update", vec!["updateCall"])
        ]
    );
    let sub = closure_with(&parse(UPDATES), &["discardCall"], &prune).unwrap();
    let expected = closure_with(&parse(UPDATES), &["discardCall"], &calls_prune()).unwrap();
    assert_eq!(names(&sub), names(&expected));
}

#[test]
fn bad_prune_entries_are_all_reported_with_positions() {
    let mut prune = Prune::new();
    prune
        .keep("Updatez", ["updates"])
        .keep("updates", ["updates"])
        .keep("Update", ["updateCall", "updateShort", "nope"])
        .keep("Call", Vec::<String>::new());
    let err = closure_with(&parse(UPDATES), &["discardCall"], &prune).unwrap_err();
    let at = |line, col| Location {
        file: "test.tl".into(),
        line,
        col,
    };
    assert_eq!(
        err,
        ClosureError::BadPrune(vec![
            PruneProblem::UnknownType {
                ty: "Updatez".into(),
                constructor_of: None,
            },
            PruneProblem::UnknownType {
                ty: "updates".into(),
                constructor_of: Some(("Updates".into(), at(18, 1))),
            },
            PruneProblem::WrongType {
                ty: "Update".into(),
                name: "updateShort".into(),
                actual: "Updates".into(),
                at: at(17, 1),
            },
            PruneProblem::UnknownConstructor {
                ty: "Update".into(),
                name: "nope".into(),
            },
            PruneProblem::NothingKept { ty: "Call".into() },
        ])
    );
    assert_eq!(
        err.to_string(),
        "cannot prune `Updatez`: no constructor has this type\n\
         cannot prune `updates`: no constructor has this type (`updates` is a constructor of \
         `Updates`, defined at test.tl:18:1)\n\
         cannot keep `updateShort` for `Update`: it is a constructor of `Updates`, defined at \
         test.tl:17:1\n\
         cannot keep `nope` for `Update`: no constructor has this name\n\
         cannot prune `Call`: no constructor to keep was named"
    );
}

#[test]
fn unknown_methods_are_reported_before_prune_problems() {
    let mut prune = Prune::new();
    prune.keep("Nope", ["nope"]);
    let err = closure_with(&parse(UPDATES), &["nope"], &prune).unwrap_err();
    assert!(
        matches!(err, ClosureError::UnknownMethods { .. }),
        "{err:?}"
    );
}

/// The methods of the shipped `schema/api.tl` (see schema/README.md).
const SHIPPED_METHODS: [&str; 10] = [
    "phone.requestCall",
    "phone.receivedCall",
    "phone.acceptCall",
    "phone.confirmCall",
    "phone.discardCall",
    "messages.getDhConfig",
    "invokeWithLayer",
    "initConnection",
    "help.getConfig",
    "users.getUsers",
];

#[test]
fn full_layer_shipped_methods_before_and_after_pruning() {
    let schema = tl_parser::parse_paths(&[tl_fixtures::api_tl()]).unwrap_or_else(|e| panic!("{e}"));
    // Through `Updates` (phone.discardCall), `Update` drags in most of the layer.
    let all = closure(&schema, &SHIPPED_METHODS).unwrap();
    assert_eq!(
        Counts::of(&all),
        Counts {
            boxed_types: 193,
            constructors: 863,
            functions: 10
        }
    );
    let calls = closure(&schema, &SHIPPED_METHODS[..6]).unwrap();
    assert_eq!(Counts::of(&calls).constructors, 854);

    let mut prune = Prune::new();
    prune
        .keep("Update", ["updatePhoneCall"])
        .keep("Updates", ["updates", "updateShort"]);
    let sub = closure_with(&schema, &SHIPPED_METHODS, &prune).unwrap();
    assert_eq!(
        Counts::of(&sub),
        Counts {
            boxed_types: 32,
            constructors: 83,
            functions: 10
        }
    );
    let names = names(&sub);
    for absent in [
        "updateNewMessage",
        "updateShortMessage",
        "updatesTooLong",
        "message",
    ] {
        assert!(!names.iter().any(|n| n == absent), "{absent} is kept");
    }
    for present in [
        "updatePhoneCall",
        "updates",
        "updateShort",
        "config",
        "boolTrue",
    ] {
        assert!(names.iter().any(|n| n == present), "{present} is missing");
    }
    // What the printed subset holds is a schema on its own.
    let reparsed = parse(&sub.to_string());
    assert_eq!(Counts::of(&reparsed), Counts::of(&sub));
}
