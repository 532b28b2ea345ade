//! libFuzzer entry of the `params` target (see `aexy_fuzz::params`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::params(data));
