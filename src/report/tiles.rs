//! The US tile map: one square per state (and DC) on a grid that keeps
//! each state near its neighbours, colored by the dollars it receives.
//! Drawn with plotters rectangles and text; states missing from the grid
//! (a territory, say) get a row of their own below it.

use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::charts::{font, rect, short_money, svg, text, INK, MUTED};

/// (state, column, row) on a 12 × 8 grid.
const GRID: [(&str, i32, i32); 51] = [
    ("AK", 0, 0),
    ("ME", 11, 0),
    ("WI", 6, 1),
    ("VT", 10, 1),
    ("NH", 11, 1),
    ("WA", 1, 2),
    ("ID", 2, 2),
    ("MT", 3, 2),
    ("ND", 4, 2),
    ("MN", 5, 2),
    ("IL", 6, 2),
    ("MI", 7, 2),
    ("NY", 9, 2),
    ("MA", 10, 2),
    ("OR", 1, 3),
    ("NV", 2, 3),
    ("WY", 3, 3),
    ("SD", 4, 3),
    ("IA", 5, 3),
    ("IN", 6, 3),
    ("OH", 7, 3),
    ("PA", 8, 3),
    ("NJ", 9, 3),
    ("CT", 10, 3),
    ("RI", 11, 3),
    ("CA", 1, 4),
    ("UT", 2, 4),
    ("CO", 3, 4),
    ("NE", 4, 4),
    ("MO", 5, 4),
    ("KY", 6, 4),
    ("WV", 7, 4),
    ("VA", 8, 4),
    ("MD", 9, 4),
    ("DE", 10, 4),
    ("AZ", 2, 5),
    ("NM", 3, 5),
    ("KS", 4, 5),
    ("AR", 5, 5),
    ("TN", 6, 5),
    ("NC", 7, 5),
    ("SC", 8, 5),
    ("DC", 9, 5),
    ("OK", 4, 6),
    ("LA", 5, 6),
    ("MS", 6, 6),
    ("AL", 7, 6),
    ("GA", 8, 6),
    ("HI", 0, 7),
    ("TX", 4, 7),
    ("FL", 8, 7),
];

/// One state on the map.
#[derive(Debug, Clone)]
pub struct Tile {
    /// State code.
    pub state: String,
    /// Dollars.
    pub amount: f64,
    /// Does the state have partner groups at all?
    pub has_groups: bool,
}

/// Fill of a state whose partner groups got nothing.
const NOT_FUNDED: RGBColor = RGBColor(0xf1, 0xf3, 0xf6);
/// Fill of a state with no partner groups.
const NO_GROUPS: RGBColor = RGBColor(0xfa, 0xfb, 0xfc);

const LIGHT: (f64, f64, f64) = (0xe4 as f64, 0xee as f64, 0xf8 as f64);
const DARK: (f64, f64, f64) = (0x0d as f64, 0x3b as f64, 0x70 as f64);

/// The fill for `amount` on a scale whose darkest color is `max` (square
/// root, so mid-sized grants stay visible next to the largest).
pub fn shade(amount: f64, max: f64) -> RGBColor {
    let t = if max > 0.0 { (amount / max).clamp(0.0, 1.0).sqrt() } else { 0.0 };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(LIGHT.0, DARK.0), mix(LIGHT.1, DARK.1), mix(LIGHT.2, DARK.2))
}

/// Is `state` on the grid?
pub fn on_grid(state: &str) -> bool {
    GRID.iter().any(|g| g.0 == state)
}

/// The tile map, `width` pixels wide, with a legend below it.
pub fn map(aria: &str, tiles: &[Tile], width: u32) -> Result<String> {
    const COLS: i32 = 12;
    let cell = (width as i32 - 8) / COLS;
    let gap = (cell / 14).max(2);
    let extra: Vec<&Tile> = tiles.iter().filter(|t| !GRID.iter().any(|g| g.0 == t.state)).collect();
    let extra_rows = (extra.len() as i32 + COLS - 1) / COLS;
    let grid_h = (8 + extra_rows) * cell;
    let height = (grid_h + 56) as u32;
    let max = tiles.iter().map(|t| t.amount).fold(0.0, f64::max);
    svg(width, height, aria, |area| {
        // Every state of the grid is drawn, with or without data.
        let blank: Vec<Tile> = GRID
            .iter()
            .map(|g| Tile { state: g.0.to_owned(), amount: 0.0, has_groups: false })
            .collect();
        let mut cells: Vec<(&Tile, i32, i32)> = GRID
            .iter()
            .zip(&blank)
            .map(|(&(code, c, r), empty)| {
                (tiles.iter().find(|t| t.state == code).unwrap_or(empty), c, r)
            })
            .collect();
        for (i, t) in extra.iter().enumerate() {
            let k = i as i32;
            cells.push((t, k % COLS, 8 + k / COLS));
        }
        for (t, c, r) in cells {
            let (x0, y0) = (4 + c * cell, r * cell);
            let (x1, y1) = (x0 + cell - gap, y0 + cell - gap);
            let funded = t.amount > 0.0;
            let fill = if funded {
                shade(t.amount, max)
            } else if t.has_groups {
                NOT_FUNDED
            } else {
                NO_GROUPS
            };
            rect(area, x0, y0, x1, y1, &fill)?;
            if !funded {
                area.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    RGBColor(0xdf, 0xe3, 0xe9).stroke_width(1),
                ))?;
            }
            let dark = funded && (t.amount / max).sqrt() > 0.45;
            let ink = if dark {
                WHITE
            } else if funded {
                INK
            } else {
                RGBColor(0x9a, 0xa3, 0xaf)
            };
            let xc = (x0 + x1) / 2;
            let code_y = if funded { y0 + (y1 - y0) * 2 / 5 } else { (y0 + y1) / 2 };
            text(area, &t.state, xc, code_y, &font(14.0, &ink, HPos::Center, true))?;
            if funded {
                let y = y0 + (y1 - y0) * 3 / 4;
                text(area, &short_money(t.amount), xc, y, &font(11.0, &ink, HPos::Center, false))?;
            }
        }
        // Legend: five steps from $0 to the largest state total.
        let ly = grid_h + 18;
        let label = font(12.0, &MUTED, HPos::Left, false);
        let mut x = 4;
        text(area, "dollars granted:", x, ly + 8, &label)?;
        x += 112;
        for k in 0..5 {
            let v = max * (k as f64 + 1.0) / 5.0;
            rect(area, x, ly, x + 30, ly + 16, &shade(v, max))?;
            x += 30;
        }
        text(area, &format!("up to {}", short_money(max)), x + 8, ly + 8, &label)?;
        // The two fills of states without money, each named: states with
        // partner groups that got nothing, and states with no groups.
        x += 104;
        for (fill, name, step) in [(NOT_FUNDED, "not funded", 100), (NO_GROUPS, "no groups", 0)] {
            rect(area, x, ly, x + 16, ly + 16, &fill)?;
            area.draw(&Rectangle::new(
                [(x, ly), (x + 16, ly + 16)],
                RGBColor(0xdf, 0xe3, 0xe9).stroke_width(1),
            ))?;
            text(area, name, x + 22, ly + 8, &label)?;
            x += step;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_places_every_state_once() {
        let mut codes: Vec<&str> = GRID.iter().map(|g| g.0).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 51);
        let mut cells: Vec<(i32, i32)> = GRID.iter().map(|g| (g.1, g.2)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), 51, "two states share a cell");
    }

    #[test]
    fn shade_runs_light_to_dark() {
        assert_eq!(shade(0.0, 10.0), RGBColor(0xe4, 0xee, 0xf8));
        assert_eq!(shade(10.0, 10.0), RGBColor(0x0d, 0x3b, 0x70));
        assert_eq!(shade(5.0, 0.0), RGBColor(0xe4, 0xee, 0xf8));
    }

    #[test]
    fn unknown_states_get_their_own_row() {
        let tiles = [
            Tile { state: "PA".into(), amount: 5.0, has_groups: true },
            Tile { state: "PR".into(), amount: 1.0, has_groups: true },
        ];
        let svg = map("map", &tiles, 600).unwrap();
        assert!(svg.contains(">\nPR\n<"), "{svg}");
        assert!(svg.contains(">\nWY\n<"), "states without data are drawn too");
    }
}
