//! The scenario parser, over the tutorial's data.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = grantplan::cmd::fuzz::scenario(data);
});
