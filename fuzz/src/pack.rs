//! The `deltas` target: git's delta format as pack files carry it (`aexy::git::pack_delta`),
//! whose bytes come from whatever pack a repository holds.

use aexy::git::pack_delta::{apply, header, write_size};

/// The first byte says how long the base is; the base follows, then a delta. Applying any
/// delta to any base never panics, and what applies has the size the delta announced; deltas
/// built from the input (all literals, then the base copied whole) rebuild what they describe.
pub fn deltas(data: &[u8]) {
    let n = usize::from(data.first().copied().unwrap_or(0)).min(data.len().saturating_sub(1));
    let (base, delta) = data.get(1..).unwrap_or(&[]).split_at(n);
    let mut out = Vec::new();
    if apply(base, delta, &mut out).is_ok() {
        let h = header(delta).expect("an applied delta has a header");
        assert_eq!(out.len() as u64, h.result_size);
    }

    // every byte of the delta's bytes as literals (at most 127 an instruction)
    let mut literal = Vec::new();
    write_size(base.len() as u64, &mut literal);
    write_size(delta.len() as u64, &mut literal);
    for chunk in delta.chunks(127) {
        literal.push(chunk.len() as u8);
        literal.extend_from_slice(chunk);
    }
    out.clear();
    apply(base, &literal, &mut out).expect("a literal delta applies");
    assert_eq!(out, delta);

    // the base copied whole, in pieces of at most 64 KiB (offset and size bytes all present)
    let mut copy = Vec::new();
    write_size(base.len() as u64, &mut copy);
    write_size(base.len() as u64, &mut copy);
    for (i, chunk) in base.chunks(0xffff).enumerate() {
        let offset = (i * 0xffff) as u32;
        copy.push(0x80 | 0x0f | 0x30);
        copy.extend_from_slice(&offset.to_le_bytes());
        copy.extend_from_slice(&(chunk.len() as u16).to_le_bytes());
    }
    out.clear();
    apply(base, &copy, &mut out).expect("a copying delta applies");
    assert_eq!(out, base);
}
