//! Test vectors shared by the mtproto tests, with where each comes from.
//!
//! `sample`: the worked key exchange of core.telegram.org/mtproto/samples-auth_key
//! (transcribed, then checked for consistency in Python: tgcrypto's IGE reproduces
//! every encrypt/decrypt step, `pow` reproduces g_b and auth_key, hashlib the hashes).

/// Hex (whitespace allowed) to bytes; panics on bad input, which is test-only.
pub(crate) fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Hex to a fixed-size array.
pub(crate) fn hex_array<const N: usize>(s: &str) -> [u8; N] {
    hex(s).try_into().expect("length")
}

/// The sample values, named as on the page.
pub(crate) mod sample {
    /// `server_nonce` (step 2).
    pub(crate) const SERVER_NONCE: &str = "e11dbc3bc97d91a26154f932af019943";

    /// `new_nonce` (step 4).
    pub(crate) const NEW_NONCE: &str =
        "a8bbc849512dac6c67b6efd9157d6ca7377a1776307d84265c6be9bdcf802ac1";

    /// The serialized `p_q_inner_data_dc` (step 4).
    pub(crate) const PQ_INNER_DATA: &str = concat!(
        "955ff5a908256595edb7766797000000045a300d4b000000046a26db65000000406709f612fadfbec3f0289d0aa67eef",
        "e11dbc3bc97d91a26154f932af019943a8bbc849512dac6c67b6efd9157d6ca7377a1776307d84265c6be9bdcf802ac1",
        "02000000",
    );

    /// `random_padding_bytes` of RSA_PAD (step 4).
    pub(crate) const RANDOM_PADDING_BYTES: &str = concat!(
        "d944bb8347c876177fe03c2562bf4e87258ef147a7815d8853aa4b1065a5a385d0da7e0b6100faf55728d04dfc84e7e0",
        "d20006e07e1cb036730f5b3209cf85b2365b39de2cbc56f40b725ad347835e5d1973567ece8a02cf343d54f7",
    );

    /// `encrypted_answer` of `server_DH_params_ok` (step 6).
    pub(crate) const ENCRYPTED_ANSWER: &str = concat!(
        "6ad7dd5d8b2526c761abe50e93c82a6f331b1eae0ad011893da976e3771d4aa45209d234fea65642985386b817bf8980",
        "f517f6d32dbeb47e34534556f950ddf960db721a48480231619161112682c6046d5629c71cd1ec8061dfcdd704703ec7",
        "a8aebdcbd159579fc8886d9fa51e009af49b5ab90c7628eb81c9788a2eb6ac0e757a7debe3d949f80a990bedb4d2dbae",
        "43f00328b82f4d8fc83a9b9cfeef467e1593bb4579ee32412f167a780cfa517650bd0eb51cbfb50e3afe978839466131",
        "fcd956711e63614f006a55ed35ed2b1f833c29f4fd7a84f0c8f1c10dfc1a1aaf9a8a57108decf206e3968406f0fb25e9",
        "22df154f497b51527e4834202fab477a137d0a99d1c347196fba10699f52ea56f01ef93829b310a5c97db95fd57e6441",
        "7e526eb920d261157c6e38791bdd5389eeb744e075d952db33a8151207d0ab3c629e30a723a5205f8fa18398937ed271",
        "4a4e76a5f4512508a4be1b4d6ae46fd156c6f06347af5e07ce49279195133b07cce4bc6775d88f3611180d23c4c70946",
        "619ad759ab9f183a385ccf9bf19315fadbe8a4fdc748af52df930345909c870de4b48901e9f90e56d74ca534d8e1fe3a",
        "35a92a18d676958eb8fc3d82f9cee308df2a9e4ccd23ff89ea255b9eedbc3378148879666ffc2e19a431cbb57ae1a010",
        "ffe5cb39abf131add9e90bf969a112c435509b78960e0b20031c822190841561e8390446227660bbaccf3d53574bfba3",
        "3bf476e3bdc9eb680aa2a17fd6756f652725ed0313e5eb0fd6a9c8c949eefbe809a89311bf20f40055ca25fd169dc13e",
        "e14b315092fde4184638d849682fd862",
    );

    /// `tmp_aes_key` (step 6).
    pub(crate) const TMP_AES_KEY: &str =
        "5ea702f743e850f5546e857f08b7d5337bbaedf9b61248751594851be2e8c297";

    /// `tmp_aes_iv` (step 6).
    pub(crate) const TMP_AES_IV: &str =
        "1cef8e372a63d97ebfa805c0dbb018bc7c1e0931693fbcb1a1afc0c0a8bbc849";

    /// The decrypted `server_DH_inner_data` (step 6).
    pub(crate) const ANSWER: &str = concat!(
        "ba0d89b5406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af01994303000000fe000100c71caeb9",
        "c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e",
        "0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96",
        "bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8",
        "a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15",
        "e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf0",
        "34b10403119cd8e3b92fcc5bfe0001000a77200bdff6e6c4c126a2c41df310ab3a3bdbd698cd480749e1f3c64fb1cfc9",
        "dfc70ac6f1aa671019620a640055b2cf7d7d99cc86533645c0fa000954de2987bad68d7450cf134c9f0305f34c1bb285",
        "da8233f65970a01c4bd3afd5ea3cd5864b8f1dcb35d5e9737df15063c54cf53048ef519a280498dddaf23764f29ffb0c",
        "5813caad90c319be8592b78c4be815e65ada7c62ea23754b5a2c5a86c4721872d0cc48e0f895c3ebe186e81e5f0e88a6",
        "b3f09101c409af3410b64238fbf2a2095e3f3b7ffc7eb3a02a319b99a155647bc59958bcdfed8a1cc6eb7f13f8600e52",
        "1d9d0247b0f639f2fa3b09f72987781f71c0e8aa950167de5092380b4853e7f1513dc565",
    );

    /// `dh_prime` (step 6), also on /mtproto/security_guidelines.
    pub(crate) const DH_PRIME: &str = concat!(
        "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db",
        "fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64",
        "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41",
        "0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4",
        "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf",
        "6f4fadf034b10403119cd8e3b92fcc5b",
    );

    /// `g_a` (step 6); g = 3.
    pub(crate) const G_A: &str = concat!(
        "0a77200bdff6e6c4c126a2c41df310ab3a3bdbd698cd480749e1f3c64fb1cfc9dfc70ac6f1aa671019620a640055b2cf",
        "7d7d99cc86533645c0fa000954de2987bad68d7450cf134c9f0305f34c1bb285da8233f65970a01c4bd3afd5ea3cd586",
        "4b8f1dcb35d5e9737df15063c54cf53048ef519a280498dddaf23764f29ffb0c5813caad90c319be8592b78c4be815e6",
        "5ada7c62ea23754b5a2c5a86c4721872d0cc48e0f895c3ebe186e81e5f0e88a6b3f09101c409af3410b64238fbf2a209",
        "5e3f3b7ffc7eb3a02a319b99a155647bc59958bcdfed8a1cc6eb7f13f8600e521d9d0247b0f639f2fa3b09f72987781f",
        "71c0e8aa950167de5092380b4853e7f1",
    );

    /// The client's secret `b` (step 7).
    pub(crate) const B: &str = concat!(
        "1376a5a6bf7a9f874b47028f3d5cff0689fd52f58949bb0ee9bacdbe81dd1ced07101844eb6f2ae19e61120b84799431",
        "f445785e33a18141399821479ae96786e0f4e9c5c6c9e46bf562c21c96b0f8f7438c8caba3dfcb3dd3b886c2a37b95ed",
        "804315335c0ddffeb3a278243d89f964278bc734d1087d6d4b554c1f78397a414f440e38ba9a4f1211b20ae835437762",
        "f81a45fdb035bb2220d939693084b39a3c7be2481309ab9ae378eab8bb3a15a69eba80bef683582e2218fa604e823eab",
        "d111553d31dbb46b9383a0d8eef615fff9cf266c970800aa28ac5e962d20351311a815ffa7562989ca6d6323bf2b5af4",
        "0ef3f45021b7445664852d07b80172ce",
    );

    /// `g_b = pow(3, b) mod dh_prime` (step 7).
    pub(crate) const G_B: &str = concat!(
        "a215d057bc6648453d68c2f418a38d9d4f4fa47e5d520ac7ebc2adc3b00075090c10a1e9d96a5dda127317f2ddc165c5",
        "f6c8c2854648c106d0d9df684dae70b0e6021658806245b494b762b1979e8bd597b5cc8e43a80f96ca47fb0765c98d40",
        "529f3d94c82113ae32c603aa24411ef8b330565a1d66ea6b89c9d4f8affeea397c4b247564215d147b6ad0df7f3fb449",
        "9e89e34304531d87448b91967b5bd53093f09386c0f78940c1dd6aa7c8667e15857453e6aad275f94cd386468cf49108",
        "fb7c54282596a4d0314dce9efed4066a6e072471439aeaaa74157db7dd53f01982982534dee8740610ba433bf459b3df",
        "e38674561f31991ce007ba112dda6718",
    );

    /// The serialized `client_DH_inner_data` (step 7.1).
    pub(crate) const CLIENT_DH_INNER_DATA: &str = concat!(
        "54b64366406709f612fadfbec3f0289d0aa67eefe11dbc3bc97d91a26154f932af0199430000000000000000fe000100",
        "a215d057bc6648453d68c2f418a38d9d4f4fa47e5d520ac7ebc2adc3b00075090c10a1e9d96a5dda127317f2ddc165c5",
        "f6c8c2854648c106d0d9df684dae70b0e6021658806245b494b762b1979e8bd597b5cc8e43a80f96ca47fb0765c98d40",
        "529f3d94c82113ae32c603aa24411ef8b330565a1d66ea6b89c9d4f8affeea397c4b247564215d147b6ad0df7f3fb449",
        "9e89e34304531d87448b91967b5bd53093f09386c0f78940c1dd6aa7c8667e15857453e6aad275f94cd386468cf49108",
        "fb7c54282596a4d0314dce9efed4066a6e072471439aeaaa74157db7dd53f01982982534dee8740610ba433bf459b3df",
        "e38674561f31991ce007ba112dda6718",
    );

    /// The padding of step 7.1.
    pub(crate) const CLIENT_DH_PADDING: &str = "74876952857ba6aaa495a20d";

    /// `encrypted_data` of `set_client_DH_params` (step 7.1).
    pub(crate) const CLIENT_DH_ENCRYPTED: &str = concat!(
        "14d185e575255986c29be3a0437d525ba22430cba0cd755225945ad3a1acefb536518514f5086892e6e3fa84d1cbb644",
        "bc8f7bebcde74e31ba8a073f47623ebb6e7d94b3a676a4c1afd4689c52d05f73d21c33f64fe6aeabd04273d9117cd064",
        "e467e1f8e6c887bcae4679e0399ad35db1302a80629618f8c8485248d89a4e3568b464ff7b608cbe24b51eeb81b65d76",
        "224b62a1669eaa48a99c122e5e8a778e13dd441dc52175160088a498f186a2b99c736fe8c5c3e274d804c629564a0f15",
        "ddabc5b449356a7990900652a7432afb1499c7ce09246f6b29006425df2926465b04f17c0077b6a336a50e46b675ad56",
        "07f05818f84eadec1f4847bf311027e742f8b1e183c01810c4ce964f2a0f36e257849c144c9b0b93b4a7a9e57391db0c",
        "cb0d757a2b7a77257c8ff55553d66b6e1d45e9d8ca88e5a47b16322ff2ed5f5abe099e7006b2d29c829d746b704130b1",
    );

    /// `auth_key` (step 8).
    pub(crate) const AUTH_KEY: &str = concat!(
        "aca2547baa3b4b3e6ad9129adee796042fc4acaaaba40dce7a1196640595829e2ba85c5e68e5d2b7b713b28720ccd0e6",
        "5da3b80cd8a9282bde895755b924f4cbbced119dee057d3066d7095c25771a53d9ad6ec3464ee0e7fe1a4d9851f17b6c",
        "c7d6e636e0bdea7d66153cf37005835a528e65673c1f5adaa27465964ba89aa6fd045108b25b1dc9ab2d979864858c9e",
        "acbfa4a399cdbf2154d2cc6743c5caa40683343d80a36c7f1289dc5ac5ee585dea1e1cd296444ea6cd8f6c3564b2d355",
        "b310a3c02608eea5ec36d38e941bf811489ab7a24c069e44ff54714cb4a45eee2f310fddc0a1b08bd3dff8801e27c850",
        "8efd7ad51ef3c13ef1d9a02ee4601741",
    );

    /// `new_nonce_hash1` of `dh_gen_ok` (step 9).
    pub(crate) const NEW_NONCE_HASH1: &str = "1142871352165e59e1124036b48b97d3";
}

/// 2048-bit primes for the primality tests.
pub(crate) mod primes {
    /// The 2048-bit MODP group of RFC 3526 §3, computed from its formula
    /// (2^2048 − 2^1984 − 1 + 2^64·(⌊2^1918·π⌋ + 124476), mpmath) and matching the RFC's
    /// leading and trailing words: a safe prime (sympy.isprime on p and (p−1)/2) with
    /// p mod 8 = 7.
    pub(crate) const RFC_3526_2048: &str = concat!(
        "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404dd",
        "ef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed",
        "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f",
        "83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b",
        "e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa0510",
        "15728e5a8aacaa68ffffffffffffffff",
    );

    /// A 2048-bit prime whose (p−1)/2 is composite: sympy.nextprime from a seeded random
    /// start, both facts checked with sympy.isprime.
    pub(crate) const NOT_SAFE: &str = concat!(
        "98f135d25f557203301850c5a38fd547923a736994e3bf911a61dbe22e44158bae97ba94d0eda82f8f6d05584ef8aa38",
        "922766581e27a1c08a6a63ec24ede6a46b4cb2424a23d5962217beaddbc496cb8e81973e0becd7b03898d190f9ebdacc",
        "0cb1e29c658cda1495e60af593bd04cf0fd630f1f29d0da9953f48f1a09f76b5a170b33839263059f28c105d1fb17c23",
        "90c192cfd3ac94af0f21ddb66cad4a268d116ece1738f7d93d9c172411e20b8f6b0d549b6f03675a1600a35a099950d8",
        "36f675cc81e74ef5e8e25d940ed904759531985d5d9dc9f81818e811892f902bd23f0824128b2f330c5c7fd0a6a3a450",
        "6513270e269e0d37f2a74de452e6bc93",
    );
}
