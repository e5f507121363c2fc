//! Small statistics helpers: ratios that know when they are undefined, day statistics, deltas.

/// A ratio kept as its parts, so "n/a" (no denominator) is explicit rather than NaN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Ratio {
    /// Numerator.
    pub num: u64,
    /// Denominator.
    pub den: u64,
}

impl Ratio {
    /// A ratio of two counts.
    pub fn new(num: u64, den: u64) -> Ratio {
        Ratio { num, den }
    }

    /// The ratio as a fraction, or `None` when the denominator is zero.
    pub fn value(&self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 / self.den as f64)
    }
}

/// Count, mean, median and 90th percentile of durations in days.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DayStats {
    /// Number of durations.
    pub n: u64,
    /// Mean.
    pub mean: Option<f64>,
    /// Median (mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// 90th percentile by nearest rank: the ⌈0.9·n⌉-th smallest value.
    pub p90: Option<f64>,
}

impl DayStats {
    /// Statistics of a list of day counts (linear time: selection, not a full sort).
    pub fn of(mut days: Vec<i64>) -> DayStats {
        if days.is_empty() {
            return DayStats::default();
        }
        let n = days.len();
        let mean = days.iter().sum::<i64>() as f64 / n as f64;
        let rank = (n * 9).div_ceil(10).max(1);
        let p90 = *days.select_nth_unstable(rank - 1).1 as f64;
        let upper = *days.select_nth_unstable(n / 2).1;
        let median = if n % 2 == 1 {
            upper as f64
        } else {
            // After the selection everything left of n/2 is ≤ upper; the lower middle is its maximum.
            let lower = days[..n / 2].iter().copied().max().unwrap_or(upper);
            (lower + upper) as f64 / 2.0
        };
        DayStats {
            n: n as u64,
            mean: Some(mean),
            median: Some(median),
            p90: Some(p90),
        }
    }
}

/// The 90th percentile (nearest rank) alone: one selection, for hot paths that need nothing else.
pub fn p90(mut days: Vec<i64>) -> Option<f64> {
    let n = days.len();
    let rank = (n * 9).div_ceil(10).max(1);
    (n > 0).then(|| *days.select_nth_unstable(rank - 1).1 as f64)
}

/// Relative change from `previous` to `current`; `None` (shown as n/a) when either is missing or
/// the previous value is zero.
pub fn delta(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 && c.is_finite() && p.is_finite() => Some((c - p) / p.abs()),
        _ => None,
    }
}

/// The one-sided critical z of a test at level `alpha`: Φ⁻¹(1 − α), for 0 < α < 1 (Acklam's
/// rational approximation, relative error below 1.2·10⁻⁹ — far finer than any count here).
pub fn critical_z(alpha: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = (1.0 - alpha).clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critical_z_matches_the_normal_table() {
        // Φ⁻¹ from printed tables: 5% → 1.6449, 2.5% → 1.9600, 0.5% → 2.5758, 0.05% → 3.2905.
        for (alpha, z) in [
            (0.05, 1.644_854),
            (0.025, 1.959_964),
            (0.005, 2.575_829),
            (0.0005, 3.290_527),
        ] {
            assert!(
                (critical_z(alpha) - z).abs() < 1e-5,
                "{alpha}: {}",
                critical_z(alpha)
            );
        }
        // The same as the bottleneck's table for its Bonferroni steps.
        for m in 1..=10 {
            let z = super::super::insights::alarm_z(m);
            assert!((critical_z(0.05 / m as f64) - z).abs() < 1e-5, "m = {m}");
        }
    }

    #[test]
    fn day_stats_by_hand() {
        assert_eq!(DayStats::of(vec![]), DayStats::default());
        let s = DayStats::of(vec![10, 2, 4, 8, 6, 12, 14, 16, 18, 20]);
        // Sorted 2..=20 step 2: mean 11, median (10+12)/2, p90 = 9th smallest = 18.
        assert_eq!(
            s,
            DayStats {
                n: 10,
                mean: Some(11.0),
                median: Some(11.0),
                p90: Some(18.0)
            }
        );
        let s = DayStats::of(vec![5]);
        assert_eq!((s.median, s.p90), (Some(5.0), Some(5.0)));
        // 11 values: rank ⌈9.9⌉ = 10th smallest.
        let s = DayStats::of((1..=11).collect());
        assert_eq!(s.p90, Some(10.0));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn selection_matches_sorting(days in proptest::collection::vec(-50i64..500, 1..200)) {
            let mut sorted = days.clone();
            sorted.sort_unstable();
            let n = sorted.len();
            let median = if n % 2 == 1 { sorted[n / 2] as f64 } else { (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0 };
            let p90 = sorted[(n * 9).div_ceil(10).max(1) - 1] as f64;
            proptest::prop_assert_eq!(super::p90(days.clone()), Some(p90));
            let s = DayStats::of(days);
            proptest::prop_assert_eq!((s.median, s.p90), (Some(median), Some(p90)));
        }
    }

    #[test]
    fn deltas_are_na_without_a_base() {
        assert_eq!(delta(Some(12.0), Some(10.0)), Some(0.2));
        assert_eq!(delta(Some(5.0), Some(0.0)), None);
        assert_eq!(delta(None, Some(3.0)), None);
        assert_eq!(delta(Some(3.0), None), None);
        assert_eq!(Ratio::new(1, 0).value(), None);
    }
}
