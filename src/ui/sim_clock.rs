//! How the page's wall clock drives the playground's simulated clock: paused or running, and
//! at which speed.
//!
//! The engine only ever sees simulated instants (it is sans-IO, `handle(input, now)`); this is
//! the one place that decides how far each tick of the page's timer moves it. Running at
//! ×1, a second of wall time is a second of simulated time, as in a real cluster; slower
//! speeds let a learner watch a rebalance or an ISR shrink unfold, faster ones skip the
//! waiting for `retention.ms` or a session timeout. Paused, nothing moves until the learner
//! steps (to the next moment something is due, `scenario::apply::next_moment`) or resumes.
//!
//! The simulated clock's own moves (a terminal `advance`, a step) are not undone: each tick
//! adds the scaled wall time elapsed since the previous tick to wherever the playground is.

/// The speeds offered, in thousandths of real time.
pub const SPEEDS_PER_MILLE: [u32; 7] = [100, 250, 500, 1_000, 2_000, 5_000, 10_000];
/// The speed a page starts at: real time.
pub const REAL_TIME_PER_MILLE: u32 = 1_000;
/// The most wall time one tick accounts for. A hidden tab's timers fire once a second or
/// less, and a laptop wakes from sleep hours later: without a bound, the next tick would
/// replay hours of background producers in one go and freeze the page. Time past the bound
/// is simply not simulated, like a paused playground.
pub const MAX_TICK_WALL_MS: i64 = 1_000;

/// The page's clock control. Plain data, so the reducer can hold and compare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimClock {
    paused: bool,
    speed_per_mille: u32,
    /// The wall time of the previous tick; `None` before the first (and after a resume).
    last_wall_ms: Option<i64>,
    /// Scaled wall time not yet turned into a whole simulated millisecond, in thousandths.
    carry_per_mille: i64,
}

impl Default for SimClock {
    fn default() -> Self {
        SimClock::running()
    }
}

impl SimClock {
    /// Real time, not paused.
    pub fn running() -> SimClock {
        SimClock {
            paused: false,
            speed_per_mille: REAL_TIME_PER_MILLE,
            last_wall_ms: None,
            carry_per_mille: 0,
        }
    }

    /// Real time speed, paused.
    pub fn paused() -> SimClock {
        SimClock {
            paused: true,
            ..SimClock::running()
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    pub fn speed_per_mille(&self) -> u32 {
        self.speed_per_mille
    }

    /// Pauses or resumes. Resuming starts counting from the next tick, so the paused wall
    /// time is never simulated.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        self.last_wall_ms = None;
        self.carry_per_mille = 0;
    }

    /// Sets the speed to the offered one nearest `per_mille`.
    pub fn set_speed(&mut self, per_mille: u32) {
        self.speed_per_mille = *SPEEDS_PER_MILLE
            .iter()
            .min_by_key(|s| s.abs_diff(per_mille))
            .expect("the list of speeds is not empty");
    }

    /// The simulated milliseconds a tick at wall time `wall_ms` adds to the clock: the wall
    /// time since the previous tick (at most [`MAX_TICK_WALL_MS`]) times the speed, with the
    /// fractions carried to later ticks so that ×0.1 still moves. Zero while paused.
    pub fn advance_ms(&mut self, wall_ms: i64) -> i64 {
        let last = self.last_wall_ms.replace(wall_ms);
        if self.paused {
            return 0;
        }
        let Some(last) = last else { return 0 };
        let wall_delta = (wall_ms - last).clamp(0, MAX_TICK_WALL_MS);
        let scaled = wall_delta * i64::from(self.speed_per_mille) + self.carry_per_mille;
        self.carry_per_mille = scaled % 1_000;
        scaled / 1_000
    }
}

/// How a speed reads: `×0.25`, `×1`, `×10`.
pub fn speed_label(per_mille: u32) -> String {
    let whole = per_mille / 1_000;
    let frac = per_mille % 1_000;
    if frac == 0 {
        format!("×{whole}")
    } else {
        let digits = format!("{frac:03}");
        format!("×{whole}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_time_moves_with_the_wall_clock_from_the_second_tick() {
        let mut c = SimClock::running();
        assert_eq!(
            c.advance_ms(10_000),
            0,
            "the first tick only sets the origin"
        );
        assert_eq!(c.advance_ms(10_250), 250);
        assert_eq!(c.advance_ms(10_250), 0);
        assert_eq!(
            c.advance_ms(10_000),
            0,
            "a wall clock stepping back moves nothing"
        );
    }

    #[test]
    fn slow_speeds_carry_fractions_and_fast_ones_multiply() {
        let mut c = SimClock::running();
        c.set_speed(100);
        c.advance_ms(0);
        let moved: i64 = (1..=30).map(|i| c.advance_ms(i * 3)).sum();
        assert_eq!(
            moved, 9,
            "90 ms of wall time at ×0.1, whatever the tick size"
        );
        c.set_speed(10_000);
        assert_eq!(c.advance_ms(190), 1_000);
    }

    #[test]
    fn pausing_stops_the_clock_and_resuming_skips_the_pause() {
        let mut c = SimClock::running();
        c.advance_ms(0);
        c.set_paused(true);
        assert_eq!(c.advance_ms(5_000), 0);
        c.set_paused(false);
        assert_eq!(
            c.advance_ms(60_000),
            0,
            "the paused minute is not simulated"
        );
        assert_eq!(c.advance_ms(60_250), 250);
    }

    #[test]
    fn a_long_gap_is_bounded() {
        let mut c = SimClock::running();
        c.advance_ms(0);
        assert_eq!(c.advance_ms(3_600_000), MAX_TICK_WALL_MS);
    }

    #[test]
    fn speeds_snap_to_the_offered_ones_and_read_well() {
        let mut c = SimClock::running();
        c.set_speed(3_000);
        assert_eq!(c.speed_per_mille(), 2_000);
        c.set_speed(u32::MAX);
        assert_eq!(c.speed_per_mille(), 10_000);
        let labels: Vec<String> = SPEEDS_PER_MILLE.iter().map(|&s| speed_label(s)).collect();
        assert_eq!(labels, ["×0.1", "×0.25", "×0.5", "×1", "×2", "×5", "×10"]);
    }
}
