//! libFuzzer entry of the `attributes` target (see `aexy_fuzz::attributes`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::attributes(data));
