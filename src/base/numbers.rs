//! Money and numbers as people read them (`$1,234,567`, `65.5%`, `D+2.0`),
//! and dollars serialized as whole numbers. The core words its explanations
//! with these, and every renderer prints with them.

/// Serialize dollars as a whole number when they are one (they nearly
/// always are: grants are multiples of `rounding`), else as a decimal.
pub fn dollars<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    let r = x.round();
    if (x - r).abs() < 1e-6 && r.abs() < 9e15 {
        s.serialize_i64(r as i64)
    } else {
        s.serialize_f64(*x)
    }
}

/// [`dollars`] for each amount of a list.
pub fn dollars_each<S: serde::Serializer>(xs: &[f64], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(xs.len()))?;
    for x in xs {
        seq.serialize_element(&Whole(Some(*x)))?;
    }
    seq.end()
}

/// [`dollars`] for each amount of a list with gaps (`null` where `None`).
pub fn opt_dollars_each<S: serde::Serializer>(xs: &[Option<f64>], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(xs.len()))?;
    for x in xs {
        seq.serialize_element(&Whole(*x))?;
    }
    seq.end()
}

/// An amount serialized by [`opt_dollars`].
struct Whole(Option<f64>);

impl serde::Serialize for Whole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        opt_dollars(&self.0, s)
    }
}

/// [`dollars`] for optional amounts (empty when `None`).
pub fn opt_dollars<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(v) => dollars(v, s),
        None => s.serialize_none(),
    }
}

/// `$1,234,567` (whole dollars).
pub fn money(x: f64) -> String {
    let neg = x < -0.5;
    let digits = format!("{:.0}", x.abs());
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}${out}", if neg { "-" } else { "" })
}

/// A probability as a percentage with one decimal, e.g. `65.5%`.
pub fn pct(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

/// A margin in points, e.g. `D+2.0` or `R+1.7`.
pub fn margin(m: f64) -> String {
    if m.abs() < 0.05 {
        "even".to_owned()
    } else if m > 0.0 {
        format!("D+{m:.1}")
    } else {
        format!("R+{:.1}", -m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(999.0), "$999");
        assert_eq!(money(1000.0), "$1,000");
        assert_eq!(money(10_000_000.0), "$10,000,000");
        assert_eq!(money(-2500.0), "-$2,500");
    }

    #[test]
    fn margins_read_as_leads() {
        assert_eq!(margin(2.04), "D+2.0");
        assert_eq!(margin(-1.71), "R+1.7");
        assert_eq!(margin(0.01), "even");
    }
}

/// Dollars as people write them: `250000`, `250_000`, `$250,000`, `250k`,
/// `1.5M`, `2B`. `None` unless the text is such an amount, at least 0 and a
/// whole number of dollars.
pub fn parse_money(text: &str) -> Option<f64> {
    let text = text.trim().trim_start_matches('$');
    // Copied only when there are separators to drop (most cells have none).
    let cleaned: std::borrow::Cow<'_, str> = if text.contains([',', '_']) {
        text.chars().filter(|c| !matches!(c, ',' | '_')).collect::<String>().into()
    } else {
        text.into()
    };
    let (num, mult) = match cleaned.chars().last()? {
        'k' | 'K' => (&cleaned[..cleaned.len() - 1], 1e3),
        'm' | 'M' => (&cleaned[..cleaned.len() - 1], 1e6),
        'b' | 'B' => (&cleaned[..cleaned.len() - 1], 1e9),
        _ => (&*cleaned, 1.0),
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let v = num.parse::<f64>().ok()? * mult;
    let whole = v.round();
    (v.is_finite() && (v - whole).abs() < 1e-6 && whole < 1e15).then_some(whole)
}

#[cfg(test)]
mod money_tests {
    use super::parse_money;

    #[test]
    fn money_reads_as_people_write_it() {
        assert_eq!(parse_money("250000"), Some(250_000.0));
        assert_eq!(parse_money("$250,000"), Some(250_000.0));
        assert_eq!(parse_money("250k"), Some(250_000.0));
        assert_eq!(parse_money("1.5M"), Some(1_500_000.0));
        assert_eq!(parse_money("10_000_000"), Some(1e7));
        assert_eq!(parse_money("0"), Some(0.0));
        assert_eq!(parse_money("-5"), None);
        assert_eq!(parse_money("12.5"), None);
        assert_eq!(parse_money("lots"), None);
        assert_eq!(parse_money("1e6"), None);
        assert_eq!(parse_money(""), None);
        assert_eq!(parse_money("$"), None);
    }
}
