//! libFuzzer entry of the `escape` target (see `aexy_fuzz::escape`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aexy_fuzz::escape(data));
