//! libFuzzer entry of the `frames` target (see `aexy_fuzz::frames`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::frames(data));
