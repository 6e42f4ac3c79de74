//! Parser for Telegram's TL schema language.
//!
//! [`parse_str`], [`parse_files`], [`parse_bytes`] and [`parse_paths`] turn schema text into a
//! [`ast::Schema`], checking it on the way ([`validate`]) and computing every constructor id
//! ([`ids`]); they return all errors found, each with file, line, column and the source line.
#![deny(missing_docs)]

pub mod ast;
pub mod closure;
mod compare;
mod display;
mod error;
pub mod errors_table;
mod fast;
mod grammar;
mod hash;
pub mod ids;
mod lower;
mod names;
mod parse;
mod position;
mod report;
mod scan;
pub mod validate;

pub use error::{Error, ErrorKind, Errors, FlagProblem, Location};
#[doc(hidden)]
pub use parse::parse_files_grammar_only;
pub use parse::{parse_bytes, parse_files, parse_paths, parse_str};
pub use scan::MAX_NESTING;

#[cfg(test)]
mod phases_tmp {
    use std::time::Instant;

    #[test]
    #[ignore]
    fn one_parse() {
        let text = std::fs::read_to_string(concat!(env!("HOME"), "/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/grammers-tl-types-0.11.0/tl/api.tl")).unwrap();
        let files = vec![("api".to_string(), text.clone())];
        for _ in 0..10 {
            let a = crate::parse_files(&files).unwrap();
            assert!(a.definitions.len() > 100);
        }
    }

    #[test]
    #[ignore]
    fn one_grammers() {
        let text = std::fs::read_to_string(concat!(env!("HOME"), "/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/grammers-tl-types-0.11.0/tl/api.tl")).unwrap();
        for _ in 0..10 {
            let a: Vec<_> = grammers_tl_parser::parse_tl_file(&text).collect();
            assert!(a.len() > 100);
        }
    }

    #[test]
    #[ignore]
    fn val_only() {
        let text = std::fs::read_to_string(concat!(env!("HOME"), "/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/grammers-tl-types-0.11.0/tl/api.tl")).unwrap();
        let files = vec![("api".to_string(), text.clone())];
        let parsed = crate::parse_files(&files).unwrap();
        for _ in 0..2000 {
            assert!(crate::validate::validate(&parsed).is_ok());
        }
    }

    #[test]
    #[ignore]
    fn count_allocs() {
        use crate::ast::*;
        let text = std::fs::read_to_string(concat!(env!("HOME"), "/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/grammers-tl-types-0.11.0/tl/api.tl")).unwrap();
        let s = crate::parse_str("api", &text).unwrap();
        fn ty(t: &Type, c: &mut [usize; 6]) {
            c[0] += 1;
            if !t.namespace.is_empty() {
                c[1] += 1 + t.namespace.len();
            }
            if let Some(a) = &t.arg {
                c[2] += 1;
                ty(a, c);
            }
        }
        let mut c = [0usize; 6];
        for d in &s.definitions {
            c[3] += 1;
            if !d.namespace.is_empty() {
                c[1] += 2;
            }
            for p in &d.params {
                c[4] += 1;
                if let ParamKind::Normal { ty: t, flag } = &p.kind {
                    ty(t, &mut c);
                    if flag.is_some() {
                        c[5] += 1;
                    }
                }
            }
            ty(&d.result, &mut c);
        }
        eprintln!(
            "types {} ns-allocs {} boxes {} defs {} params {} flags {}",
            c[0], c[1], c[2], c[3], c[4], c[5]
        );
        eprintln!(
            "sizes def {} param {} type {} span {}",
            std::mem::size_of::<Definition>(),
            std::mem::size_of::<Parameter>(),
            std::mem::size_of::<Type>(),
            std::mem::size_of::<Span>()
        );
    }

    #[test]
    #[ignore]
    fn ours_only() {
        let text = std::fs::read_to_string(concat!(env!("HOME"), "/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/grammers-tl-types-0.11.0/tl/api.tl")).unwrap();
        let files = vec![("api".to_string(), text.clone())];
        for _ in 0..600 {
            let a = crate::parse_files(&files).unwrap();
            assert!(a.definitions.len() > 100);
        }
    }

    #[test]
    #[ignore]
    fn ab() {
        let text = std::fs::read_to_string(concat!(env!("HOME"), "/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/grammers-tl-types-0.11.0/tl/api.tl")).unwrap();
        let files = vec![("api".to_string(), text.clone())];
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut val = Vec::new();
        let parsed = crate::parse_files(&files).unwrap();
        for _ in 0..200 {
            let t = Instant::now();
            let a = crate::parse_files(&files).unwrap();
            drop(a);
            ours.push(t.elapsed());
            let t = Instant::now();
            let a: Vec<_> = grammers_tl_parser::parse_tl_file(&text).collect();
            drop(a);
            theirs.push(t.elapsed());
            let t = Instant::now();
            let a = crate::validate::validate(&parsed);
            drop(a);
            val.push(t.elapsed());
        }
        let mut cl = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let a = parsed.clone();
            drop(a);
            cl.push(t.elapsed());
        }
        cl.sort();
        eprintln!("clone+drop min {:?} med {:?}", cl[0], cl[100]);
        ours.sort();
        theirs.sort();
        val.sort();
        eprintln!(
            "ours min {:?} med {:?}; grammers min {:?} med {:?}; validate min {:?}",
            ours[0], ours[100], theirs[0], theirs[100], val[0]
        );
    }

}
