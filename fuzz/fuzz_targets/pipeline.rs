//! The whole pipeline: scenario and data separated by 0x1E, loaded, scored, planned and rendered in every format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = grantplan::cmd::fuzz::pipeline(data);
});
