//! Constructor ids: the GUIDE's vectors, and that each normalization rule matters.

use tl_parser::ast::Definition;
use tl_parser::ids::{compute_id, normalize};

/// Parses one definition, with the types it names declared so that validation passes.
fn def(line: &str) -> Definition {
    let prelude = "inputUser = InputUser;\nphoneCallProtocol = PhoneCallProtocol;\n\
                   phoneCallEmpty = PhoneCall;\nuser = User;\nmsgsAck = MsgsAck;\n";
    let text = format!("{prelude}{line}");
    let schema = tl_parser::parse_str("ids.tl", &text).unwrap_or_else(|e| panic!("{e}"));
    schema.definitions.last().cloned().expect("one definition")
}

const REQUEST_CALL: &str = "phone.requestCall#42ff96ed flags:# video:flags.0?true \
    user_id:InputUser random_id:int g_a_hash:bytes protocol:PhoneCallProtocol = phone.PhoneCall;";

#[test]
fn request_call() {
    let d = def(&format!(
        "phone.phoneCall x:int = phone.PhoneCall;\n---functions---\n{REQUEST_CALL}"
    ));
    assert_eq!(
        normalize(&d),
        "phone.requestCall flags:# user_id:InputUser random_id:int g_a_hash:string \
         protocol:PhoneCallProtocol = phone.PhoneCall"
    );
    assert_eq!(compute_id(&d), 0x42ff96ed);
    assert_eq!(d.computed_id, 0x42ff96ed);
}

#[test]
fn dropping_true_flags_and_rewriting_bytes_both_matter() {
    // Keeping `video:flags.0?true` gives another id, as does keeping `bytes`.
    let kept_true = "phone.requestCall flags:# video:flags.0?true user_id:InputUser random_id:int \
                     g_a_hash:string protocol:PhoneCallProtocol = phone.PhoneCall";
    assert_eq!(crc32fast::hash(kept_true.as_bytes()), 0x9a8a0a82);
    let kept_bytes = "phone.requestCall flags:# user_id:InputUser random_id:int g_a_hash:bytes \
                      protocol:PhoneCallProtocol = phone.PhoneCall";
    assert_eq!(crc32fast::hash(kept_bytes.as_bytes()), 0xd009efea);
}

#[test]
fn msgs_ack_vector_loses_its_brackets() {
    let d = def("msgs_ack#62d6b459 msg_ids:Vector<long> = MsgsAck;");
    assert_eq!(normalize(&d), "msgs_ack msg_ids:Vector long = MsgsAck");
    assert_eq!(d.computed_id, 0x62d6b459);
}

#[test]
fn invoke_with_layer_generic_loses_its_braces() {
    let d = def("---functions---\ninvokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;");
    assert_eq!(
        normalize(&d),
        "invokeWithLayer X:Type layer:int query:!X = X"
    );
    assert_eq!(d.computed_id, 0xda9b0d0d);
}

#[test]
fn bool_true_has_no_parameters() {
    let d = def("boolTrue#997275b5 = Bool;");
    assert_eq!(normalize(&d), "boolTrue = Bool");
    assert_eq!(d.computed_id, 0x997275b5);
}

#[test]
fn phone_call_namespaced_result() {
    let d =
        def("phone.phoneCall#ec82e140 phone_call:PhoneCall users:Vector<User> = phone.PhoneCall;");
    assert_eq!(
        normalize(&d),
        "phone.phoneCall phone_call:PhoneCall users:Vector User = phone.PhoneCall"
    );
    assert_eq!(d.computed_id, 0xec82e140);
}

#[test]
fn other_flags_fields_and_nested_bytes() {
    // `flags2.N?true` goes like `flags.N?true`; other conditions stay; `Vector<bytes>` stays.
    let d = def(
        "a flags:# flags2:# x:flags2.3?true y:flags.1?string z:Vector<bytes> w:flags2.0?bytes = A;",
    );
    assert_eq!(
        normalize(&d),
        "a flags:# flags2:# y:flags.1?string z:Vector bytes w:flags2.0?string = A"
    );
    assert_eq!(d.computed_id, crc32fast::hash(normalize(&d).as_bytes()));
}

#[test]
fn explicit_id_does_not_change_the_computed_one() {
    let with = def("boolTrue#997275b5 = Bool;");
    let without = def("boolTrue = Bool;");
    assert_eq!(with.explicit_id, Some(0x997275b5));
    assert_eq!(without.explicit_id, None);
    assert_eq!(with.computed_id, without.computed_id);
    assert_eq!(without.id(), 0x997275b5);
}
