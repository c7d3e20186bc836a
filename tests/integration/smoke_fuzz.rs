//! A smoke fuzz on stable Rust: a few thousand mutated and random inputs
//! through the same entry points as the cargo-fuzz targets in `fuzz/`
//! (`grantplan::cmd::fuzz`): the CSV loaders, the scenario parser and the
//! whole pipeline. Any panic fails the test; proptest shrinks it to a small
//! input.

use grantplan::cmd::fuzz::{self, join, TUTORIAL};
use proptest::prelude::*;

/// One edit of a file: replace, insert or delete bytes at a place.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, Vec<u8>),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

/// Bytes that matter to CSV and TOML, and some that should not appear.
fn token() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            &b","[..],
            b"\n",
            b"\"",
            b"#",
            b";",
            b":",
            b"=",
            b"[",
            b"]",
            b"{",
            b"}",
            b"-",
            b"0",
            b"1e308",
            b"-1",
            b"5e-324",
            b"nan",
            b"inf",
            b"0.0",
            b"1_000",
            b"9999999999",
            b"\x00",
            b"\x1b[31m",
            b"\xff",
            b"\xe9",
            b"tossup",
            b"senate",
            b"XX",
            b"A",
            b"B",
            b"2026-11-03",
            b"[[periods]]",
            b"[limits]",
            b"min_grant = ",
            b"max_groups = 1",
            b"spend_all = true",
            b"\x1e",
        ])
        .prop_map(<[u8]>::to_vec),
        prop::collection::vec(any::<u8>(), 1..6),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), token()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (any::<usize>(), token()).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 1usize..8).prop_map(|(at, n)| Edit::Delete(at, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Replace(at, b) if len > 0 => {
                let at = at % len;
                let end = (at + b.len()).min(len);
                bytes.splice(at..end, b.iter().copied());
            }
            Edit::Insert(at, b) => {
                let at = at % (len + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Delete(at, n) if len > 0 => {
                let at = at % len;
                bytes.drain(at..(at + n).min(len));
            }
            _ => {}
        }
    }
    bytes
}

/// The tutorial's files joined as the pipeline reads them, then edited.
fn mutated(from: usize) -> impl Strategy<Value = Vec<u8>> {
    let files: Vec<&[u8]> = TUTORIAL[from..].iter().map(|(_, t)| t.as_bytes()).collect();
    let base = join(&files);
    prop::collection::vec(edit(), 1..6).prop_map(move |edits| apply(base.clone(), &edits))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn csv_loaders_never_panic(bytes in prop_oneof![mutated(1), prop::collection::vec(any::<u8>(), 0..200)]) {
        fuzz::csv_loaders(&bytes);
    }

    #[test]
    fn scenario_parser_never_panics(bytes in prop_oneof![mutated(0).prop_map(|b| b.split(|&c| c == fuzz::SEP).next().unwrap_or_default().to_vec()), prop::collection::vec(any::<u8>(), 0..200)]) {
        fuzz::scenario(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_never_panics(bytes in mutated(0)) {
        fuzz::pipeline(&bytes);
    }
}

/// The unedited tutorial goes all the way through (so the smoke test is not
/// only exercising the error paths).
#[test]
fn tutorial_goes_through_the_whole_pipeline() {
    let files: Vec<&[u8]> = TUTORIAL.iter().map(|(_, t)| t.as_bytes()).collect();
    assert_eq!(fuzz::pipeline(&join(&files)), fuzz::Stage::Rendered);
    fuzz::csv_loaders(&join(&files[1..]));
    fuzz::scenario(files[0]);
}
