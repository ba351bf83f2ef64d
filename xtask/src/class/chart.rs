//! The class chart: per exercise (and hidden variant), a stacked bar of how many students got
//! full marks, some points, or none, and the class average. Plain SVG, opens in any browser.

use std::fmt::Write;

use grader::t;

use super::gradebook::{Column, Row};

const BAR: f64 = 56.0;
const GAP: f64 = 28.0;
const TOP: f64 = 70.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 60.0;

/// How a column's students did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    pub full: usize,
    pub partial: usize,
    pub zero: usize,
    /// Sum of points, for the average.
    pub points: u64,
}

pub fn spread(rows: &[Row], col: &Column) -> Spread {
    let mut s = Spread::default();
    for row in rows {
        let p = row.points(col).unwrap_or(0);
        s.points += u64::from(p);
        if col.max > 0 && p == col.max {
            s.full += 1;
        } else if p > 0 {
            s.partial += 1;
        } else {
            s.zero += 1;
        }
    }
    s
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart of `rows` over `columns`, titled `title`.
pub fn svg(rows: &[Row], columns: &[Column], title: &str) -> String {
    let n = rows.len().max(1) as f64;
    let width = LEFT + columns.len() as f64 * (BAR + GAP) + 150.0;
    let height = TOP + HEIGHT + 90.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="white"/><text x="{LEFT}" y="28" font-size="16" font-weight="bold">{}</text>"#,
        escape(title)
    );
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="48" fill="#555">{}</text>"##,
        escape(&t!("class.chart.caption", count = rows.len()))
    );
    // Axis: 0, 25, 50, 75, 100 % of the students.
    for k in 0..=4 {
        let y = TOP + HEIGHT - HEIGHT * f64::from(k) / 4.0;
        let _ = writeln!(
            out,
            r##"<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#ddd"/><text x="{}" y="{}" text-anchor="end" fill="#555">{}%</text>"##,
            LEFT - 4.0,
            width - 150.0,
            LEFT - 8.0,
            y + 4.0,
            k * 25
        );
    }
    for (i, col) in columns.iter().enumerate() {
        let s = spread(rows, col);
        let x = LEFT + GAP / 2.0 + i as f64 * (BAR + GAP);
        let mut y = TOP + HEIGHT;
        for (count, colour, what) in [
            (s.zero, "#d9534f", t!("class.chart.none")),
            (s.partial, "#f0ad4e", t!("class.chart.some")),
            (s.full, "#5cb85c", t!("class.chart.full")),
        ] {
            if count == 0 {
                continue;
            }
            let h = HEIGHT * count as f64 / n;
            y -= h;
            let _ = writeln!(
                out,
                r#"<rect x="{x}" y="{y:.1}" width="{BAR}" height="{h:.1}" fill="{colour}"><title>{}</title></rect>"#,
                escape(&t!(
                    "class.chart.bar",
                    column = col.name(),
                    count = count,
                    total = rows.len(),
                    what = what
                ))
            );
            if h >= 14.0 {
                let _ = writeln!(
                    out,
                    r#"<text x="{}" y="{:.1}" text-anchor="middle" fill="white">{count}</text>"#,
                    x + BAR / 2.0,
                    y + h / 2.0 + 4.0
                );
            }
        }
        let average = if col.max == 0 {
            0.0
        } else {
            s.points as f64 / (n * f64::from(col.max))
        };
        let ay = TOP + HEIGHT - HEIGHT * average;
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{:.1}" text-anchor="middle" fill="#222">◆</text><text x="{}" y="{:.1}" fill="#222" font-size="10">{:.0}%</text>"##,
            x + BAR + 6.0,
            ay + 4.0,
            x + BAR + 12.0,
            ay + 4.0,
            average * 100.0
        );
        let label_y = TOP + HEIGHT + 18.0;
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{label_y}" text-anchor="middle" font-weight="bold">{}</text><text x="{}" y="{}" text-anchor="middle" fill="#555" font-size="10">{}</text>"##,
            x + BAR / 2.0,
            escape(&col.id),
            x + BAR / 2.0,
            label_y + 14.0,
            escape(&col.hidden.clone().unwrap_or_else(|| col.slug.clone()))
        );
    }
    let lx = width - 130.0;
    for (k, (colour, what)) in [
        ("#5cb85c", t!("class.chart.full")),
        ("#f0ad4e", t!("class.chart.some")),
        ("#d9534f", t!("class.chart.none")),
    ]
    .iter()
    .enumerate()
    {
        let y = TOP + 20.0 * k as f64;
        let _ = writeln!(
            out,
            r#"<rect x="{lx}" y="{y}" width="12" height="12" fill="{colour}"/><text x="{}" y="{}">{}</text>"#,
            lx + 18.0,
            y + 10.0,
            escape(what)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::gradebook::{columns, tests::rows};
    use super::*;

    #[test]
    fn spread_counts_full_partial_and_none() {
        let rows = rows();
        let cols = columns(&rows);
        assert_eq!(
            spread(&rows, &cols[0]),
            Spread {
                full: 1,
                partial: 1,
                zero: 1,
                points: 6
            }
        );
        assert_eq!(spread(&rows, &cols[1]).full, 1);
        assert_eq!(spread(&rows, &cols[1]).zero, 2);
    }

    #[test]
    fn the_chart_is_well_formed_svg_with_a_bar_per_column() {
        let rows = rows();
        let cols = columns(&rows);
        let svg = svg(&rows, &cols, "Class <A> & co");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            titles.contains(&"01: 1 of 3 students, full marks"),
            "{titles:?}"
        );
        assert!(
            titles.contains(&"02 big: 2 of 3 students, no points"),
            "{titles:?}"
        );
        assert!(svg.contains("Class &lt;A&gt; &amp; co"));
    }

    #[test]
    fn the_chart_in_italian_is_still_well_formed() {
        use grader::i18n::{Lang, with_lang};
        let rows = rows();
        let cols = columns(&rows);
        let svg = with_lang(Lang::It, || svg(&rows, &cols, "Classe"));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(
            texts.contains(&"01: 1 su 3 studenti, punteggio pieno"),
            "{texts:?}"
        );
        assert!(texts.contains(&"nessun punto"), "{texts:?}");
        assert!(
            !svg.contains("students") && !svg.contains("full marks"),
            "{svg}"
        );
    }
}
