//! libFuzzer entry of the `repository` target (see `aexy_fuzz::repository`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::repository(data));
