//! The four CSV loaders (states, chambers, races, groups separated by 0x1E) under the tutorial's scenario.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = grantplan::cmd::fuzz::csv_loaders(data);
});
