//! The report's charts, drawn with plotters' SVG backend into strings that
//! the HTML page inlines: horizontal bars, before/after dot plots, the
//! budget frontier and the schedule by period (the state tile map is in
//! [`super::tiles`]). Plotters writes text as SVG `<text>` elements and
//! escapes it; the browser lays the text out, so no font file is needed.
//! Charts are drawn at the width they are shown at and scale with the page.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A drawing surface.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Ink for text.
pub const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
/// Secondary text.
pub const MUTED: RGBColor = RGBColor(0x5b, 0x65, 0x73);
/// Grid lines and tracks.
pub const RULE: RGBColor = RGBColor(0xe3, 0xe7, 0xed);
/// The main series color.
pub const BLUE: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// A lighter blue, for secondary series.
pub const SKY: RGBColor = RGBColor(0x8d, 0xb4, 0xe2);
/// "Before" marks.
pub const STONE: RGBColor = RGBColor(0xa3, 0xab, 0xb8);
/// Limits and markers.
pub const AMBER: RGBColor = RGBColor(0xd9, 0x82, 0x1e);
/// Locked or protected amounts.
pub const GREEN: RGBColor = RGBColor(0x2f, 0x85, 0x5a);
/// Caps set by the scenario.
pub const PURPLE: RGBColor = RGBColor(0x6b, 0x4f, 0xbb);
/// State caps.
pub const RUST: RGBColor = RGBColor(0xb8, 0x4a, 0x1f);
/// Periods and timing.
pub const TEAL: RGBColor = RGBColor(0x1d, 0x8a, 0x8a);

/// Series colors for stacked charts, most important first.
pub const SERIES: [RGBColor; 7] = [
    BLUE,
    TEAL,
    AMBER,
    PURPLE,
    RUST,
    GREEN,
    RGBColor(0xb9, 0xc2, 0xce), // "other"
];

/// Draw into an SVG string `width` × `height` pixels; `label` describes
/// the chart for screen readers.
pub fn svg(
    width: u32,
    height: u32,
    label: &str,
    draw: impl FnOnce(&Area<'_>) -> Result<()>,
) -> Result<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    let open = format!("<svg class=\"chart\" role=\"img\" aria-label=\"{}\" ", esc(label));
    Ok(buf.replacen("<svg ", &open, 1))
}

/// A text style: `px` pixels high (as CSS means it), anchored on `h`.
pub fn font(px: f64, color: &RGBColor, h: HPos, bold: bool) -> TextStyle<'static> {
    // plotters writes font-size = size / 1.24 into the SVG.
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    FontDesc::new(FontFamily::SansSerif, px * 1.24, style)
        .color(color)
        .pos(Pos::new(h, VPos::Center))
}

/// A filled rectangle from (x0, y0) to (x1, y1).
pub fn rect(area: &Area<'_>, x0: i32, y0: i32, x1: i32, y1: i32, color: &RGBColor) -> Result<()> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled()))?;
    Ok(())
}

/// A line of `width` pixels.
pub fn line(area: &Area<'_>, points: Vec<(i32, i32)>, color: &RGBColor, width: u32) -> Result<()> {
    area.draw(&PathElement::new(points, color.stroke_width(width)))?;
    Ok(())
}

/// Text at (x, y), vertically centered.
pub fn text(area: &Area<'_>, s: &str, x: i32, y: i32, style: &TextStyle<'_>) -> Result<()> {
    area.draw(&Text::new(s.to_owned(), (x, y), style.clone()))?;
    Ok(())
}

/// Shorten `s` to about `max` characters with `…`, keeping a short
/// parenthesised ending such as a state, `(PA)`, which says whose it is.
pub fn clip(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_owned();
    }
    let keep = match s.rfind(" (") {
        Some(i) if s.ends_with(')') && s[i..].chars().count() <= 8 => &s[i..],
        _ => "",
    };
    let room = max.saturating_sub(1 + keep.chars().count());
    let mut out: String = s.chars().take(room).collect();
    out = out.trim_end().to_owned();
    out.push('…');
    out.push_str(keep);
    out
}

/// A probability as a whole percentage, with a decimal where rounding would
/// say 0% or 100% of something that is neither (99.6%, not 100%).
pub fn percent(p: f64) -> String {
    let v = p * 100.0;
    if (v.round() >= 100.0 && p < 1.0) || (v.round() <= 0.0 && p > 0.0) {
        let one = format!("{v:.1}");
        if (one == "100.0" && p < 1.0) || (one == "0.0" && p > 0.0) {
            return if p > 0.5 { ">99.9%".to_owned() } else { "<0.1%".to_owned() };
        }
        format!("{one}%")
    } else {
        format!("{v:.0}%")
    }
}

/// `$1.2M`, `$450k`, `$900`.
pub fn short_money(x: f64) -> String {
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    let (v, unit) = if a >= 999_500.0 {
        (a / 1e6, "M")
    } else if a >= 1_000.0 {
        (a / 1e3, "k")
    } else {
        return format!("{sign}${a:.0}");
    };
    let digits = if v >= 100.0 || (v - v.round()).abs() < 0.05 { 0 } else { 1 };
    format!("{sign}${v:.digits$}{unit}")
}

/// One horizontal bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label left of the bar.
    pub label: String,
    /// Length, in the chart's unit.
    pub value: f64,
    /// Fill.
    pub color: RGBColor,
    /// Text right of the bar.
    pub note: String,
    /// A tick across the bar at this value (e.g. a floor), if any.
    pub marker: Option<f64>,
}

/// Horizontal bars, one row each, scaled so the longest bar (or marker)
/// fills the plot; `label_width` pixels are kept for the labels.
pub fn hbars(aria: &str, bars: &[Bar], width: u32, label_width: u32) -> Result<String> {
    const ROW: i32 = 26;
    // Room right of the longest bar for the longest note: 12.5 px text in
    // the page's sans-serif (DejaVu Sans is among the widest, about 0.6 em
    // a character), and a margin.
    let note_chars = bars.iter().map(|b| b.note.chars().count()).max().unwrap_or(0);
    let note_room = (note_chars as f64 * 7.8).ceil() as i32 + 16;
    let height = (bars.len() as i32 * ROW + 8).max(ROW) as u32;
    let max = bars
        .iter()
        .flat_map(|b| [b.value, b.marker.unwrap_or(0.0)])
        .fold(0.0_f64, f64::max)
        .max(1e-12);
    let chars = (label_width as usize).saturating_sub(12) / 8;
    svg(width, height, aria, |area| {
        let x0 = label_width as i32;
        let span = (width as i32 - x0 - note_room).max(20);
        let label = font(13.0, &INK, HPos::Right, false);
        let note = font(12.5, &MUTED, HPos::Left, false);
        for (i, b) in bars.iter().enumerate() {
            let yc = 4 + i as i32 * ROW + ROW / 2;
            text(area, &clip(&b.label, chars), x0 - 10, yc, &label)?;
            rect(area, x0, yc - 8, x0 + span, yc + 8, &RGBColor(0xf2, 0xf4, 0xf7))?;
            let len = ((b.value.max(0.0) / max) * span as f64).round() as i32;
            if len > 0 {
                rect(area, x0, yc - 8, x0 + len.max(2), yc + 8, &b.color)?;
            }
            if let Some(m) = b.marker {
                let xm = x0 + ((m / max) * span as f64).round() as i32;
                line(area, vec![(xm, yc - 12), (xm, yc + 12)], &INK, 2)?;
            }
            text(area, &b.note, x0 + len.max(2) + 8, yc, &note)?;
        }
        Ok(())
    })
}

/// One row of a before/after dot plot (values are probabilities).
#[derive(Debug, Clone)]
pub struct Change {
    /// Label left of the row.
    pub label: String,
    /// Probability before.
    pub before: f64,
    /// Probability after.
    pub after: f64,
}

/// Probabilities before (grey) and after (blue) on a 0–100% axis, with
/// both values in a column at the right.
pub fn dumbbell(aria: &str, rows: &[Change], width: u32, label_width: u32) -> Result<String> {
    const ROW: i32 = 28;
    const TOP: i32 = 30;
    const VALUES: i32 = 120;
    let height = (TOP + rows.len() as i32 * ROW + 10) as u32;
    let chars = (label_width as usize).saturating_sub(16) / 8;
    svg(width, height, aria, |area| {
        let x0 = label_width as i32 + 10;
        let x1 = width as i32 - VALUES - 16;
        let x = |p: f64| x0 + (p.clamp(0.0, 1.0) * (x1 - x0) as f64).round() as i32;
        let bottom = TOP + rows.len() as i32 * ROW;
        let axis = font(11.5, &MUTED, HPos::Center, false);
        for k in 0..=4 {
            let p = k as f64 / 4.0;
            let color = if k == 2 { STONE } else { RULE };
            line(area, vec![(x(p), TOP - 6), (x(p), bottom)], &color, 1)?;
            let tick = if k == 2 { "50% (even)".to_owned() } else { format!("{}%", k * 25) };
            text(area, &tick, x(p), TOP - 16, &axis)?;
        }
        let head = font(11.5, &MUTED, HPos::Right, false);
        text(area, "before → after", width as i32 - 4, TOP - 16, &head)?;
        let label = font(13.0, &INK, HPos::Right, false);
        let value = font(12.5, &INK, HPos::Right, false);
        for (i, r) in rows.iter().enumerate() {
            let yc = TOP + i as i32 * ROW + ROW / 2;
            if i % 2 == 1 {
                rect(
                    area,
                    0,
                    yc - ROW / 2,
                    width as i32,
                    yc + ROW / 2,
                    &RGBColor(0xf8, 0xf9, 0xfb),
                )?;
            }
            text(area, &clip(&r.label, chars), x0 - 16, yc, &label)?;
            let (a, b) = (x(r.before), x(r.after));
            line(area, vec![(a, yc), (b, yc)], &SKY, 4)?;
            area.draw(&Circle::new((a, yc), 6, STONE.filled()))?;
            area.draw(&Circle::new((b, yc), 6, BLUE.filled()))?;
            let change = format!("{} → {}", percent(r.before), percent(r.after));
            text(area, &change, width as i32 - 4, yc, &value)?;
        }
        Ok(())
    })
}

/// The budget frontier: impact at each budget, with the plan's own budget
/// marked.
pub fn frontier(aria: &str, points: &[(f64, f64)], current: f64, width: u32) -> Result<String> {
    let height = 300;
    let xmax = points.iter().map(|p| p.0).fold(0.0, f64::max).max(1.0) * 1.04;
    let ymax = points.iter().map(|p| p.1).fold(0.0, f64::max).max(1e-9) * 1.12;
    // plotters' axis code never ends on an infinite or NaN range (or one
    // past f64's reach): draw nothing rather than hang. Input limits keep
    // real scenarios far inside.
    if !(xmax.is_finite() && ymax.is_finite() && xmax < 1e300 && ymax < 1e300)
        || points.iter().any(|p| !(p.0.is_finite() && p.1.is_finite()))
    {
        return svg(width, height, aria, |_| Ok(()));
    }
    svg(width, height, aria, |area| {
        let mut chart = ChartBuilder::on(area)
            .margin_top(14)
            .margin_right(24)
            .margin_left(8)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..xmax, 0.0..ymax)?;
        let axis_font = font(12.0, &MUTED, HPos::Center, false);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(RULE)
            .light_line_style(TRANSPARENT)
            .axis_style(STONE)
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|v| short_money(*v))
            .y_label_formatter(&|v| format!("{v:.2}"))
            .x_desc("budget")
            .y_desc("win-equivalents")
            .label_style(axis_font.clone())
            .axis_desc_style(axis_font)
            .draw()?;
        let series: Vec<(f64, f64)> = std::iter::once((0.0, 0.0))
            .chain(points.iter().copied().filter(|p| p.0 > 0.0))
            .collect();
        chart.draw_series(
            AreaSeries::new(series.clone(), 0.0, BLUE.mix(0.10)).border_style(BLUE.stroke_width(3)),
        )?;
        chart.draw_series(
            series.iter().skip(1).map(|&p| Circle::new(p, 4, ShapeStyle::from(&BLUE).filled())),
        )?;
        if let Some(&(bx, by)) = points.iter().find(|p| (p.0 - current).abs() < 0.5) {
            chart.draw_series(std::iter::once(Circle::new((bx, by), 8, AMBER.filled())))?;
            let (px, py) = chart.backend_coord(&(bx, by));
            // The curve rises and flattens: the space above and left of a
            // point is empty, unless the point sits near the left edge.
            let left_edge = bx < xmax * 0.3;
            let (anchor, dx) = if left_edge { (HPos::Left, 14) } else { (HPos::Right, -14) };
            let label = format!("this plan: {} → {by:.2}", short_money(bx));
            text(area, &label, px + dx, py - 18, &font(13.0, &INK, anchor, true))?;
        }
        Ok(())
    })
}

/// One stacked series of the schedule chart.
#[derive(Debug, Clone)]
pub struct Stack {
    /// Legend label.
    pub label: String,
    /// Dollars per period.
    pub amounts: Vec<f64>,
    /// Fill.
    pub color: RGBColor,
}

/// Dollars granted per period, stacked by series, with each period's
/// release marked by a tick.
pub fn schedule(
    aria: &str,
    periods: &[String],
    releases: &[f64],
    stacks: &[Stack],
    width: u32,
) -> Result<String> {
    let height = 330;
    let n = periods.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|t| stacks.iter().map(|s| s.amounts.get(t).copied().unwrap_or(0.0)).sum())
        .collect();
    let ymax = totals.iter().chain(releases).copied().fold(0.0, f64::max).max(1.0) * 1.1;
    svg(width, height, aria, |area| {
        let (left, right, top, bottom) = (64, width as i32 - 16, 44, height as i32 - 40);
        let y = |v: f64| bottom - ((v / ymax) * (bottom - top) as f64).round() as i32;
        let axis = font(12.0, &MUTED, HPos::Right, false);
        for k in 0..=4 {
            let v = ymax / 1.1 * k as f64 / 4.0;
            line(area, vec![(left, y(v)), (right, y(v))], &RULE, 1)?;
            text(area, &short_money(v), left - 8, y(v), &axis)?;
        }
        let slot = (right - left) / n as i32;
        let bar = (slot as f64 * 0.62) as i32;
        let label = font(12.0, &INK, HPos::Center, false);
        for t in 0..n {
            let xc = left + slot * t as i32 + slot / 2;
            let mut base = 0.0;
            for s in stacks {
                let v = s.amounts.get(t).copied().unwrap_or(0.0);
                if v > 0.0 {
                    rect(area, xc - bar / 2, y(base + v), xc + bar / 2, y(base), &s.color)?;
                }
                base += v;
            }
            if let Some(&r) = releases.get(t) {
                line(area, vec![(xc - bar / 2 - 5, y(r)), (xc + bar / 2 + 5, y(r))], &INK, 2)?;
            }
            let name = periods.get(t).map_or("", String::as_str);
            text(area, &clip(name, 12), xc, bottom + 16, &label)?;
        }
        line(area, vec![(left, bottom), (right, bottom)], &STONE, 1)?;
        // Legend across the top.
        let legend = font(12.0, &INK, HPos::Left, false);
        let mut lx = left;
        for s in stacks {
            rect(area, lx, 10, lx + 12, 22, &s.color)?;
            text(area, &s.label, lx + 17, 16, &legend)?;
            lx += 30 + 7 * s.label.chars().count() as i32;
        }
        line(area, vec![(lx, 16), (lx + 16, 16)], &INK, 2)?;
        text(area, "released in the period", lx + 21, 16, &legend)?;
        Ok(())
    })
}

/// Escape text for HTML and SVG content and attribute values (the charts
/// write SVG; the page uses the same escaping).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"Co\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"
        );
        assert_eq!(esc("plain"), "plain");
    }

    #[test]
    fn percentages_never_round_to_certainty() {
        assert_eq!(percent(0.996), "99.6%");
        assert_eq!(percent(0.9999), ">99.9%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.004), "0.4%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.5), "50%");
    }

    #[test]
    fn money_is_short() {
        assert_eq!(short_money(0.0), "$0");
        assert_eq!(short_money(450_000.0), "$450k");
        assert_eq!(short_money(1_250_000.0), "$1.2M");
        assert_eq!(short_money(10_000_000.0), "$10M");
        assert_eq!(short_money(999_999.0), "$1M");
    }

    #[test]
    fn long_labels_are_clipped() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("a rather long group name", 10), "a rather…");
        assert_eq!(clip("a rather long group name (PA)", 15), "a rather… (PA)");
        assert_eq!(clip("Greater Metropolitan Coalition (PA)", 20), "Greater Metrop… (PA)");
    }

    #[test]
    fn chart_text_is_escaped() {
        let bars = [Bar {
            label: "<script>alert(1)</script> & Co".into(),
            value: 1.0,
            color: BLUE,
            note: "$1".into(),
            marker: None,
        }];
        let svg = hbars("groups & <things>", &bars, 400, 200).unwrap();
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(svg.contains("aria-label=\"groups &amp; &lt;things&gt;\""), "{svg}");
        assert!(svg.starts_with("<svg class=\"chart\""));
    }

    #[test]
    fn charts_draw_the_same_bytes_twice() {
        let pts = [(1e6, 0.5), (5e6, 1.8), (10e6, 3.0)];
        let a = frontier("f", &pts, 5e6, 600).unwrap();
        assert_eq!(a, frontier("f", &pts, 5e6, 600).unwrap());
        assert!(a.contains("this plan"));
    }
}
