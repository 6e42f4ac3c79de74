//! The pest grammar (`tl.pest`) and the words its rules go by in error messages.

use pest::error::{ErrorVariant, InputLocation};
use pest_derive::Parser;

use crate::error::ErrorKind;

/// Parser generated from `tl.pest`; the entry rule is [`Rule::item`].
#[derive(Parser)]
#[grammar = "tl.pest"]
pub(crate) struct TlGrammar;

/// How a rule is named when the parser expected it. `None` hides a rule that would only
/// confuse the message (`builtin_body` when a definition was meant).
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::section | Rule::section_name => "`---types---` or `---functions---`",
        Rule::header | Rule::full_name => "a name",
        Rule::id => "a constructor id (1 to 8 hex digits)",
        Rule::generic => "a generic parameter `{X:Type}`",
        Rule::generic_name => "a generic name",
        Rule::type_kind => "`Type`",
        Rule::param => "a parameter",
        Rule::param_name => "a parameter name",
        Rule::flags_mark => "`#`",
        Rule::condition => "a flag condition",
        Rule::flag_field => "a flags field name",
        Rule::flag_bit => "a flag bit number",
        Rule::type_ref | Rule::type_name | Rule::builtin_result => "a type",
        Rule::bang => "`!`",
        Rule::percent => "`%`",
        Rule::ident => "an identifier",
        Rule::colon => "`:`",
        Rule::eq => "`=`",
        Rule::semi => "`;`",
        Rule::rangle => "`>`",
        Rule::EOI => "end of statement",
        _ => return None,
    })
}

/// Converts a pest error on an item's text into a byte offset within that text and a typed
/// error kind.
pub(crate) fn syntax_error(text: &str, err: pest::error::Error<Rule>) -> (usize, ErrorKind) {
    let mut pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    };
    let mut expected: Vec<&'static str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &err.variant {
        for &rule in positives {
            if let Some(word) = describe(rule).filter(|w| !expected.contains(w)) {
                expected.push(word);
            }
        }
        if positives.contains(&Rule::builtin_body) && expected.is_empty() {
            expected.push("a built-in body (`?`, `#`, `[ … ]`)");
        }
    }
    let found = found_at(text, pos);
    if expected == ["`;`"] {
        // Point just past the statement's last token, as a missing `;` belongs there, not at
        // whatever starts the next line.
        pos = text[..pos].trim_end().len();
    }
    (pos, ErrorKind::Syntax { expected, found })
}

/// The result type of a statement that failed to parse (`X` in `… = X;`), if it can be made
/// out, so that the types it would have defined do not add "undefined type" errors.
pub(crate) fn result_of_broken(src: &str) -> Option<&str> {
    let after = src[src.rfind('=')? + 1..].trim_start();
    let end = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(after.len());
    let name = &after[..end];
    let valid = !name.is_empty()
        && name
            .split('.')
            .all(|part| part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'));
    valid.then_some(name)
}

/// Describes what stands at `pos`: the identifier or number starting there, or one character.
fn found_at(text: &str, pos: usize) -> String {
    let rest = &text[pos..];
    let Some(first) = rest.chars().next() else {
        return "end of input".to_owned();
    };
    let word_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if word_len > 0 {
        let word = &rest[..word_len.min(40)];
        return format!("`{word}`");
    }
    match first {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "end of line".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("`{}`", c.escape_debug()),
        c => format!("`{c}`"),
    }
}
