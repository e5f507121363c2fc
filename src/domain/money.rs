//! Money as integer minor units with an ISO 4217 currency code; never floats.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An ISO 4217 currency code such as `USD` or `IRR`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Currency([u8; 3]);

/// Why an amount or currency could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The currency is not three letters.
    #[error("{0:?} is not a three-letter currency code")]
    Currency(String),
    /// The amount is not a number.
    #[error("{0:?} is not a number")]
    NotANumber(String),
    /// The amount is below zero.
    #[error("the amount is negative")]
    Negative,
    /// More decimals than the currency has.
    #[error("{currency} has at most {digits} decimal places")]
    TooManyDecimals {
        /// The currency of the amount.
        currency: Currency,
        /// How many decimals it allows.
        digits: u32,
    },
    /// The amount does not fit in the range Kariz stores.
    #[error("the amount is too large")]
    TooLarge,
}

/// Largest amount in minor units: keeps sums of 100,000 deals far from `i64` overflow.
pub const MAX_MINOR: i64 = 1_000_000_000_000_000;

impl Currency {
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Iranian rial.
    pub const IRR: Currency = Currency(*b"IRR");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");

    /// Reads a three-letter code, case-insensitively.
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        let code = code.trim().to_ascii_uppercase();
        match code.as_bytes() {
            [a, b, c] if code.bytes().all(|b| b.is_ascii_uppercase()) => Ok(Currency([*a, *b, *c])),
            _ => Err(MoneyError::Currency(code)),
        }
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        // Only ASCII upper-case letters are ever stored, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Decimal places of the minor unit. The rial and toman are used without decimals in
    /// practice, so Kariz stores whole rials even though ISO 4217 lists two.
    pub fn minor_digits(&self) -> u32 {
        match self.code() {
            "IRR" | "IRT" | "JPY" | "KRW" | "CLP" | "ISK" | "VND" => 0,
            "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
            _ => 2,
        }
    }

    /// Reads a user-typed amount ("12,500.50", "۱۲۵۰۰") into minor units of this currency.
    pub fn parse_amount(&self, text: &str) -> Result<i64, MoneyError> {
        let normal: String = super::text::normalize_digits(text.trim())
            .chars()
            .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
            .collect();
        if normal.is_empty() {
            return Ok(0);
        }
        let (negative, digits) = match normal.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, normal.as_str()),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !all_digits(whole) || !all_digits(frac) {
            return Err(MoneyError::NotANumber(text.trim().to_string()));
        }
        if negative {
            return Err(MoneyError::Negative);
        }
        let places = self.minor_digits();
        if frac.len() as u32 > places {
            return Err(MoneyError::TooManyDecimals {
                currency: *self,
                digits: places,
            });
        }
        let scale = 10i64.pow(places);
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| MoneyError::TooLarge)?
        };
        let frac_value: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse::<i64>().map_err(|_| MoneyError::TooLarge)?
                * 10i64.pow(places - frac.len() as u32)
        };
        let minor = whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(frac_value))
            .filter(|m| *m <= MAX_MINOR)
            .ok_or(MoneyError::TooLarge)?;
        Ok(minor)
    }

    /// Formats minor units as a plain decimal with no grouping ("12500.50"), for form fields.
    pub fn plain_amount(&self, minor: i64) -> String {
        let places = self.minor_digits();
        if places == 0 {
            return minor.to_string();
        }
        let scale = 10i64.pow(places);
        let sign = if minor < 0 { "-" } else { "" };
        let abs = minor.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            abs / scale as u64,
            abs % scale as u64,
            width = places as usize
        )
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Currency, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An amount in a currency's minor units (cents, rials).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units.
    pub minor: i64,
    /// Currency of the amount.
    pub currency: Currency,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_amounts_per_currency() {
        assert_eq!(Currency::USD.parse_amount("12,500.5"), Ok(1_250_050));
        assert_eq!(Currency::USD.parse_amount(".75"), Ok(75));
        assert_eq!(Currency::USD.parse_amount(""), Ok(0));
        assert_eq!(Currency::IRR.parse_amount("۱۲٬۰۰۰٬۰۰۰"), Ok(12_000_000));
        assert_eq!(
            Currency::IRR.parse_amount("1.5"),
            Err(MoneyError::TooManyDecimals {
                currency: Currency::IRR,
                digits: 0
            })
        );
        assert_eq!(Currency::USD.parse_amount("-3"), Err(MoneyError::Negative));
        assert!(matches!(
            Currency::USD.parse_amount("12a"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            Currency::USD.parse_amount("."),
            Err(MoneyError::NotANumber(_))
        ));
        assert_eq!(
            Currency::USD.parse_amount("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::parse("usd").unwrap(), Currency::USD);
        assert!(Currency::parse("US").is_err());
        assert!(Currency::parse("U$D").is_err());
        assert_eq!(serde_json::to_string(&Currency::IRR).unwrap(), "\"IRR\"");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn plain_amount_round_trips(minor in 0i64..MAX_MINOR) {
            for c in [Currency::USD, Currency::IRR, Currency::parse("KWD").unwrap()] {
                proptest::prop_assert_eq!(c.parse_amount(&c.plain_amount(minor)), Ok(minor));
            }
        }
    }
}
