//! The bench as a picture: one bar per measurement, bare beside supervised, then the grader's
//! own times. Plain SVG (no dependency): it opens in any browser and renders on GitHub.

use std::fmt::Write;
use std::time::Duration;

use grader::t;

use super::Row;

const WIDTH: f64 = 900.0;
const LABEL_W: f64 = 300.0;
const BAR_H: f64 = 14.0;
const GAP: f64 = 10.0;

/// The chart of `rows` (solutions at size) and `grading` (the grader's times).
pub fn svg(rows: &[Row], grading: &[(String, Duration)], subtitle: &str) -> String {
    let mut body = String::new();
    let mut y = 60.0;
    y = panel(
        &mut body,
        y,
        &t!("bench.chart.solutions"),
        &rows
            .iter()
            .map(|r| (r.label.clone(), r.bare, r.supervised))
            .collect::<Vec<_>>(),
    );
    if !grading.is_empty() {
        y = panel(
            &mut body,
            y + 20.0,
            &t!("bench.chart.grader"),
            &grading
                .iter()
                .map(|(l, d)| (l.clone(), *d, None))
                .collect::<Vec<_>>(),
        );
    }
    let legend_y = y + 10.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{h}" viewBox="0 0 {WIDTH} {h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="16" y="26" font-size="18" font-weight="bold">{title}</text>
<text x="16" y="44" fill="#555555">{sub}</text>
{body}<rect x="{LABEL_W}" y="{legend_y}" width="12" height="12" fill="#3465a4"/>
<text x="{lx1}" y="{ly}">{bare}</text>
<rect x="{lx2}" y="{legend_y}" width="12" height="12" fill="#f57900"/>
<text x="{lx3}" y="{ly}">{sup}</text>
</svg>
"##,
        h = legend_y + 30.0,
        title = esc(&t!("bench.chart.title")),
        sub = esc(subtitle),
        lx1 = LABEL_W + 18.0,
        lx2 = LABEL_W + 160.0,
        lx3 = LABEL_W + 178.0,
        ly = legend_y + 11.0,
        bare = esc(&t!("bench.column.bare")),
        sup = esc(&t!("bench.column.supervised")),
    );
    out
}

/// One titled panel of bars, scaled to its longest; returns the y below it.
fn panel(
    out: &mut String,
    mut y: f64,
    title: &str,
    bars: &[(String, Duration, Option<Duration>)],
) -> f64 {
    let longest = bars
        .iter()
        .map(|(_, a, b)| a.max(&b.unwrap_or_default()).as_secs_f64())
        .fold(1e-9, f64::max);
    let scale = (WIDTH - LABEL_W - 90.0) / longest;
    let _ = writeln!(
        out,
        r#"<text x="16" y="{}" font-weight="bold">{}</text>"#,
        y + 12.0,
        esc(title)
    );
    y += 24.0;
    for (label, bare, supervised) in bars {
        let rows = if supervised.is_some() { 2.0 } else { 1.0 };
        let _ = writeln!(
            out,
            r#"<text x="16" y="{}">{}</text>"#,
            y + BAR_H * rows / 2.0 + 4.0,
            esc(label)
        );
        for (i, (d, colour)) in [(Some(*bare), "#3465a4"), (*supervised, "#f57900")]
            .into_iter()
            .filter_map(|(d, c)| d.map(|d| (d, c)))
            .enumerate()
        {
            let top = y + i as f64 * BAR_H;
            let w = (d.as_secs_f64() * scale).max(1.0);
            let _ = writeln!(
                out,
                r##"<rect x="{LABEL_W}" y="{top}" width="{w:.1}" height="{}" fill="{colour}"/><text x="{:.1}" y="{}" fill="#333333">{}</text>"##,
                BAR_H - 2.0,
                LABEL_W + w + 6.0,
                top + BAR_H - 3.0,
                esc(&super::ms(d))
            );
        }
        y += BAR_H * rows + GAP;
    }
    y
}

/// Text made safe inside an SVG element.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, bare: u64, sup: Option<u64>) -> Row {
        Row {
            label: label.into(),
            what: String::new(),
            bare: Duration::from_millis(bare),
            supervised: sup.map(Duration::from_millis),
            throughput: String::new(),
        }
    }

    #[test]
    fn a_bar_per_measurement_scaled_to_the_longest() {
        let svg = svg(
            &[
                row("06 <shared>", 400, Some(800)),
                row("raw pipe", 100, None),
            ],
            &[("grade 06".into(), Duration::from_millis(900))],
            "2 CPUs",
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("06 &lt;shared&gt;"), "labels are escaped");
        // Three bars of solutions and one of the grader, plus the background and the legend.
        assert_eq!(svg.matches("<rect").count(), 4 + 1 + 2, "{svg}");
        // The longest bar of a panel has the whole width.
        let full = WIDTH - LABEL_W - 90.0;
        assert!(svg.contains(&format!(r#"width="{full:.1}""#)), "{svg}");
    }
}
