//! libFuzzer entry of the `server` target (see `aexy_fuzz::server`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::server(data));
