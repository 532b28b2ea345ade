//! git's delta format, as pack files store deltified objects: two sizes (base, result), then
//! copy-from-base and insert-literal instructions. A faithful port of git's `patch_delta`
//! (patch-delta.c) and `get_delta_hdr_size` (delta.h), with every bound checked: a corrupt pack
//! gives an error, never a panic or a short object.

use std::fmt;

/// A delta that does not describe a valid object (corrupt or truncated pack data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDelta(&'static str);

impl fmt::Display for BadDelta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid delta: {}", self.0)
    }
}

impl std::error::Error for BadDelta {}

/// The sizes a delta starts with, and where its instructions begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub base_size: u64,
    pub result_size: u64,
    pub instructions: usize,
}

/// git's `get_delta_hdr_size`: a little-endian base-128 number, seven bits a byte.
fn size(data: &[u8], pos: &mut usize) -> Result<u64, BadDelta> {
    let mut size = 0u64;
    let mut shift = 0u32;
    loop {
        let &byte = data.get(*pos).ok_or(BadDelta("truncated header"))?;
        *pos += 1;
        if shift > 63 {
            return Err(BadDelta("header size overflows"));
        }
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return Ok(size);
        }
    }
}

/// The most one byte of instructions can make: a copy of 0xffffff bytes takes four.
const MOST_PER_BYTE: u64 = 0x40_0000;

/// Appends `n` as git writes a delta's sizes, the inverse of what [`header`] reads (for
/// building deltas: the tests and the fuzz target).
pub fn write_size(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Reads the two sizes at the start of `delta`. A result larger than its instructions could
/// possibly make is refused here, before anyone allocates room for it (a corrupt pack).
pub fn header(delta: &[u8]) -> Result<Header, BadDelta> {
    let mut pos = 0;
    let base_size = size(delta, &mut pos)?;
    let result_size = size(delta, &mut pos)?;
    if result_size > (delta.len() - pos) as u64 * MOST_PER_BYTE {
        return Err(BadDelta("a result larger than its instructions can make"));
    }
    Ok(Header {
        base_size,
        result_size,
        instructions: pos,
    })
}

/// Applies `delta` to `base`, appending the result to `out` (which should be empty; its spare
/// capacity is reused). Fails, as git's `patch_delta` does, on a base of the wrong size, an
/// instruction reaching outside the base or the delta, opcode 0, or a result of the wrong size.
pub fn apply(base: &[u8], delta: &[u8], out: &mut Vec<u8>) -> Result<(), BadDelta> {
    let h = header(delta)?;
    if h.base_size != base.len() as u64 {
        return Err(BadDelta("the base has another size than the delta expects"));
    }
    let result_size = usize::try_from(h.result_size).map_err(|_| BadDelta("result too large"))?;
    let start = out.len();
    out.try_reserve(result_size)
        .map_err(|_| BadDelta("no memory for the result"))?;
    let mut left = result_size;
    let mut pos = h.instructions;
    let byte = |pos: &mut usize| -> Result<usize, BadDelta> {
        let b = *delta
            .get(*pos)
            .ok_or(BadDelta("truncated copy instruction"))?;
        *pos += 1;
        Ok(usize::from(b))
    };
    while pos < delta.len() {
        let cmd = delta[pos];
        pos += 1;
        if cmd & 0x80 != 0 {
            let (mut offset, mut len) = (0usize, 0usize);
            for (bit, shift) in [(0x01, 0), (0x02, 8), (0x04, 16), (0x08, 24)] {
                if cmd & bit != 0 {
                    offset |= byte(&mut pos)? << shift;
                }
            }
            for (bit, shift) in [(0x10, 0), (0x20, 8), (0x40, 16)] {
                if cmd & bit != 0 {
                    len |= byte(&mut pos)? << shift;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            let end = offset
                .checked_add(len)
                .filter(|&end| end <= base.len() && len <= left)
                .ok_or(BadDelta("copy outside the base or past the result"))?;
            out.extend_from_slice(&base[offset..end]);
            left -= len;
        } else if cmd != 0 {
            let len = usize::from(cmd);
            let literal = delta
                .get(pos..pos + len)
                .filter(|_| len <= left)
                .ok_or(BadDelta("literal past the delta or the result"))?;
            out.extend_from_slice(literal);
            pos += len;
            left -= len;
        } else {
            return Err(BadDelta("unexpected opcode 0"));
        }
    }
    if left != 0 {
        out.truncate(start);
        return Err(BadDelta("the result is shorter than the delta says"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delta(base: usize, result: usize, ops: &[u8]) -> Vec<u8> {
        let mut d = Vec::new();
        write_size(base as u64, &mut d);
        write_size(result as u64, &mut d);
        d.extend_from_slice(ops);
        d
    }

    #[test]
    fn copies_and_inserts_build_the_result() {
        let base = b"hello, world\n";
        // copy "hello" (offset 0, size 5), insert " there", copy ", world\n" (offset 5, size 8)
        let ops = [0x90, 5, 6, b' ', b't', b'h', b'e', b'r', b'e', 0x91, 5, 8];
        let d = delta(base.len(), 19, &ops);
        let mut out = Vec::new();
        apply(base, &d, &mut out).expect("valid delta");
        assert_eq!(out, b"hello there, world\n");
    }

    #[test]
    fn size_zero_means_64_kib_and_sizes_read_like_git() {
        let base = vec![7u8; 0x10000 + 3];
        // copy with no size bytes: 0x10000 bytes from offset 3
        let d = delta(base.len(), 0x10000, &[0x81, 3]);
        let mut out = Vec::new();
        apply(&base, &d, &mut out).expect("valid delta");
        assert_eq!(out.len(), 0x10000);
        let h = header(&d).expect("header");
        assert_eq!((h.base_size, h.result_size), (0x10003, 0x10000));
    }

    #[test]
    fn corrupt_deltas_are_errors() {
        let base = b"abcdef";
        let cases: [(&str, Vec<u8>); 6] = [
            ("wrong base size", delta(5, 1, &[1, b'x'])),
            ("copy past the base", delta(6, 4, &[0x91, 4, 4])),
            ("literal past the delta", delta(6, 3, &[3, b'x'])),
            ("opcode 0", delta(6, 1, &[0, 1, b'x'])),
            ("result too short", delta(6, 9, &[0x91, 0, 6])),
            ("result too long", delta(6, 2, &[0x91, 0, 6])),
        ];
        for (what, d) in cases {
            let mut out = Vec::new();
            assert!(apply(base, &d, &mut out).is_err(), "{what}");
        }
        assert!(header(&[0x80]).is_err(), "truncated header");
        // 2 bytes of instructions cannot make 9 MiB (the fuzzer's first find: a huge size)
        assert!(header(&delta(6, 9 << 20, &[0x91, 0])).is_err());
        assert!(header(&delta(6, 8 << 20, &[0x91, 0])).is_ok());
        assert!(header(&[0xff; 12]).is_err(), "overlong header");
    }
}
