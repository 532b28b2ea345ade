//! libFuzzer entry of the `message` target (see `aexy_fuzz::message`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::message(data));
