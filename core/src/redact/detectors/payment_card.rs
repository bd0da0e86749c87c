//! Payment card numbers: issuer prefix, length and Luhn checksum must all agree, so 13-digit
//! millisecond timestamps, order ids and invalid-Luhn numbers survive. Separators are spaces
//! or dashes. Bare JSON numbers are checked too ([`is_card_number`], by the JSON and value
//! paths).

use super::{Candidate, Confirm, Memo, Spec, all, digit, is, run_memo};
use crate::redact::options::Detector;
use crate::redact::report::Confidence;

pub(super) const SPEC: Spec = Spec {
    detector: Detector::PaymentCard,
    pattern: "[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}",
    // No anchor: the JSON scan flags strings holding a run of 13 digits, spaces or dashes.
    anchors: &[],
    first_byte: digit,
    second_byte: digit,
    find: payment_card,
    confirm,
};

/// `[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}`
fn payment_card(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    let digits = run_memo(b, at, digit, &mut memo.digits) - at;
    if digits >= 13 {
        return Some(at + digits.min(19));
    }
    if digits != 4 {
        return None;
    }
    let sep = |i: usize| matches!(b.get(i), Some(b' ' | b'-'));
    let group = |i: usize, n: usize| sep(i) && all(b, i + 1, n, digit);
    if group(at + 4, 4) && group(at + 9, 4) && group(at + 14, 4) {
        let end = at + 19;
        return Some(if group(end, 3) { end + 4 } else { end });
    }
    if group(at + 4, 6) && group(at + 11, 4) {
        let end = at + 16;
        return Some(if is(b, end, digit) { end + 1 } else { end });
    }
    None
}

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    let (prev, next) = (c.before, c.after);
    let bad_before = prev.is_some_and(|p| p.is_ascii_alphanumeric() || b"_.-+".contains(&p));
    let after_next = c.text.as_bytes().get(c.end + 1).copied();
    let bad_after = next.is_some_and(|n| n.is_ascii_alphanumeric() || n == b'_')
        || (matches!(next, Some(b'.' | b'-')) && after_next.is_some_and(|n| n.is_ascii_digit()));
    let m = c.matched();
    if bad_before || bad_after || !is_card_number(m) {
        // Every later start inside this digit run is preceded by a digit, so it would be
        // refused too: resume after the run.
        let run = m.bytes().take_while(u8::is_ascii_digit).count();
        Confirm::RejectUntil(c.start + run.max(1))
    } else {
        Confirm::whole(Confidence::High)
    }
}

/// Payment card: issuer prefix, length and Luhn all agree. Separators are spaces or dashes.
pub(crate) fn is_card_number(text: &str) -> bool {
    let mut digits = [0u8; 19];
    let mut n = 0usize;
    for c in text.bytes() {
        match c {
            b'0'..=b'9' => {
                let Some(slot) = digits.get_mut(n) else {
                    return false;
                };
                *slot = c - b'0';
                n += 1;
            }
            b' ' | b'-' => {}
            _ => return false,
        }
    }
    let d = digits.get(..n).unwrap_or(&[]);
    (13..=19).contains(&n) && issuer_accepts(d) && luhn(d)
}

fn luhn(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &v) in d.iter().rev().enumerate() {
        let mut v = u32::from(v);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn issuer_accepts(d: &[u8]) -> bool {
    let prefix = |k: usize| -> u32 {
        d.iter()
            .take(k)
            .fold(0u32, |acc, &v| acc * 10 + u32::from(v))
    };
    let len = d.len();
    let (p1, p2, p3, p4, p6) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    let visa = p1 == 4 && matches!(len, 13 | 16 | 19);
    let mastercard = ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16;
    let amex = (p2 == 34 || p2 == 37) && len == 15;
    let long = (16..=19).contains(&len);
    let discover = (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65) && long;
    let unionpay = (p2 == 62 || (622_126..=622_925).contains(&p6)) && long;
    let diners =
        ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && (14..=19).contains(&len);
    let jcb = (3528..=3589).contains(&p4) && long;
    let maestro = matches!(p2, 50 | 56 | 57 | 58 | 63 | 67) && long;
    let mir = (2200..=2204).contains(&p4) && long;
    visa || mastercard || amex || discover || unionpay || diners || jcb || maestro || mir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards() {
        for ok in [
            "4242424242424242",
            "4111 1111 1111 1111",
            "5555-5555-5555-4444",
            "378282246310005",
            "3782 822463 10005",
            "6011111111111117",
            "3530111333300000",
            "2223003122003222",
        ] {
            assert!(is_card_number(ok), "{ok}");
        }
        for bad in [
            "1700000000000",
            "1699999999999123",
            "4242424242424241",
            "9999999999999995",
            "424242424242",
            "42424242424242424242",
        ] {
            assert!(!is_card_number(bad), "{bad}");
        }
    }
}
