//! Short text forms shared by both directions: UUIDs as 22 base64 characters, base-36 numbers.

use std::borrow::Cow;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn is_b64_uuid(s: &str) -> bool {
    s.len() == 22
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn uuid_value(id: &str) -> Option<u128> {
    let b = id.as_bytes();
    if b.len() != 36 {
        return None;
    }
    let mut v: u128 = 0;
    for (i, c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if *c != b'-' {
                return None;
            }
            continue;
        }
        // Lowercase only: an uppercase UUID must come back exactly as it was written.
        let digit = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        v = (v << 4) | u128::from(digit);
    }
    Some(v)
}

/// A canonical lowercase UUID as 22 base64url characters; other ids as they are, with a `'`
/// in front when they could be mistaken for a packed UUID (or start with `'`).
pub(super) fn pack_id(id: &str) -> Cow<'_, str> {
    if let Some(v) = uuid_value(id) {
        let mut out = String::with_capacity(22);
        for i in 0..21 {
            out.push(char::from(B64[((v >> (122 - 6 * i)) & 63) as usize]));
        }
        out.push(char::from(B64[((v & 3) << 4) as usize]));
        return Cow::Owned(out);
    }
    if id.starts_with('\'') || is_b64_uuid(id) {
        return Cow::Owned(format!("'{id}"));
    }
    Cow::Borrowed(id)
}

pub(super) fn unpack_id(s: &str) -> String {
    if let Some(raw) = s.strip_prefix('\'') {
        return raw.to_string();
    }
    if !is_b64_uuid(s) {
        return s.to_string();
    }
    let sextet = |c: u8| B64.iter().position(|x| *x == c).unwrap_or(0) as u128;
    let bytes = s.as_bytes();
    let mut v: u128 = 0;
    for c in &bytes[..21] {
        v = (v << 6) | sextet(*c);
    }
    v = (v << 2) | (sextet(bytes[21]) >> 4);
    crate::model::uuid_text(v)
}

pub(super) fn base36(n: i64) -> String {
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(rest % 36) as usize]);
        rest /= 36;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        digits.push(b'-');
    }
    digits.iter().rev().map(|b| char::from(*b)).collect()
}

pub(super) fn unbase36(s: &str) -> Option<i64> {
    if s.is_empty() {
        return Some(0);
    }
    i64::from_str_radix(s, 36).ok()
}

/// How codes below `k` are written: (codes per base64 digit, digits per group). Up to 64 codes,
/// as many codes as fit share a digit (`k^per ≤ 64`); above, a code takes several digits.
fn packing(k: u32) -> (usize, usize) {
    if k <= 64 {
        let mut per = 1;
        while u64::from(k.max(2)).pow(per as u32 + 1) <= 64 {
            per += 1;
        }
        (per, 1)
    } else {
        let mut width = 1;
        while 64u64.pow(width as u32) < u64::from(k) {
            width += 1;
        }
        (1, width)
    }
}

/// Codes below `k` as base64 digits: several codes to a digit when they fit (three deal-type
/// codes of four a digit), else several digits to a code.
pub(super) fn pack_codes(codes: &[u32], k: u32) -> String {
    let (per, width) = packing(k);
    let mut out = String::new();
    for chunk in codes.chunks(per) {
        let mut value: u64 = 0;
        for code in chunk.iter().rev() {
            value = value * u64::from(k) + u64::from(*code);
        }
        for i in (0..width).rev() {
            out.push(char::from(B64[((value >> (6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Undoes [`pack_codes`] for `n` codes below `k`; `None` for a digit that is not base64 or that
/// holds a code not below `k`. A text shorter than `n` codes gives the codes it has.
pub(super) fn unpack_codes(text: &str, k: u32, n: usize) -> Option<Vec<u32>> {
    let (per, width) = packing(k);
    let k = u64::from(k);
    let mut out = Vec::with_capacity(n);
    for group in text.as_bytes().chunks(width) {
        if out.len() == n {
            break;
        }
        let mut value: u64 = 0;
        for b in group {
            value = (value << 6) | B64.iter().position(|c| c == b)? as u64;
        }
        for _ in 0..per {
            if out.len() == n {
                break;
            }
            out.push((value % k) as u32);
            value /= k;
        }
        if value != 0 {
            return None;
        }
    }
    Some(out)
}
