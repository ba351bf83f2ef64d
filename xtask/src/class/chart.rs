//! The class chart: per exercise (and hidden variant), a stacked bar of how many students got
//! full marks, some points, or none, and the class average (a line across the bar, its
//! percentage above it). Students who could not be graded are left out of the bars (the caption
//! counts them). Plain SVG, opens in any browser.

use std::fmt::Write;

use grader::t;

use super::gradebook::{Column, Row};

const BAR: f64 = 56.0;
const GAP: f64 = 28.0;
const TOP: f64 = 80.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 60.0;
/// The exercise names under the bars slant down to the right by this angle (degrees), so that
/// long names (`lock_protected_resource`) never run into their neighbours.
const SLANT: f64 = 40.0;
/// Width of one character of the names (11 px sans-serif), rounded up: the layout leaves room
/// for the longest name.
const CHAR: f64 = 6.6;

/// How a column's graded students did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    pub full: usize,
    pub partial: usize,
    pub zero: usize,
    /// Sum of points, for the average.
    pub points: u64,
}

impl Spread {
    pub fn students(&self) -> usize {
        self.full + self.partial + self.zero
    }
}

/// The spread of `col` over the graded students (a student who could not be graded has no
/// points in it, not zero points).
pub fn spread(rows: &[Row], col: &Column) -> Spread {
    let mut s = Spread::default();
    for row in rows.iter().filter(|r| r.graded()) {
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

fn label(col: &Column) -> String {
    col.hidden.clone().unwrap_or_else(|| col.slug.clone())
}

/// The chart of `rows` over `columns`, titled `title`.
pub fn svg(rows: &[Row], columns: &[Column], title: &str) -> String {
    let graded = rows.iter().filter(|r| r.graded()).count();
    let n = graded.max(1) as f64;
    let (sin, cos) = SLANT.to_radians().sin_cos();
    let longest = columns
        .iter()
        .map(|c| label(c).chars().count())
        .max()
        .unwrap_or(0) as f64
        * CHAR;
    let plot = columns.len() as f64 * (BAR + GAP);
    // The last name slants past the plot's right end by this much: keep the legend clear of it.
    let overhang = (longest * cos - (GAP / 2.0 + BAR / 2.0)).max(0.0);
    let legend = [
        t!("class.chart.full"),
        t!("class.chart.some"),
        t!("class.chart.none"),
        t!("class.chart.average"),
    ];
    // 12 px text: about 7 px a character.
    let legend_width =
        40.0 + 7.0 * legend.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    let width = (LEFT + plot + legend_width.max(overhang + 20.0)).ceil();
    let label_y = TOP + HEIGHT + 18.0;
    let height = (label_y + 14.0 + longest * sin + 20.0).ceil();
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
    let caption = if graded == rows.len() {
        t!("class.chart.caption", count = rows.len())
    } else {
        t!(
            "class.chart.caption_ungraded",
            count = graded,
            ungraded = rows.len() - graded
        )
    };
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="48" fill="#555">{}</text>"##,
        escape(&caption)
    );
    // Axis: 0, 25, 50, 75, 100 % of the graded students.
    for k in 0..=4 {
        let y = TOP + HEIGHT - HEIGHT * f64::from(k) / 4.0;
        let _ = writeln!(
            out,
            r##"<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#ddd"/><text x="{}" y="{}" text-anchor="end" fill="#555">{}%</text>"##,
            LEFT - 4.0,
            LEFT + plot,
            LEFT - 8.0,
            y + 4.0,
            k * 25
        );
    }
    for (i, col) in columns.iter().enumerate() {
        let s = spread(rows, col);
        let x = LEFT + GAP / 2.0 + i as f64 * (BAR + GAP);
        let mut y = TOP + HEIGHT;
        // The counts go on top of the average's line, drawn after it.
        let mut counts = String::new();
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
                    total = graded,
                    what = what
                ))
            );
            if h >= 14.0 {
                let _ = writeln!(
                    counts,
                    r#"<text x="{}" y="{:.1}" text-anchor="middle" fill="white">{count}</text>"#,
                    x + BAR / 2.0,
                    y + h / 2.0 + 4.0
                );
            }
        }
        // The average: a line across the bar at its height, the percentage above the bar (the
        // bars of graded students all reach the top, so nothing hides it).
        let average = (col.max > 0 && s.students() > 0)
            .then(|| s.points as f64 / (s.students() as f64 * f64::from(col.max)));
        if let Some(average) = average {
            let ay = TOP + HEIGHT - HEIGHT * average;
            let _ = writeln!(
                out,
                r##"<line x1="{}" x2="{}" y1="{ay:.1}" y2="{ay:.1}" stroke="#222" stroke-width="2"/>"##,
                x - 3.0,
                x + BAR + 3.0,
            );
        }
        out.push_str(&counts);
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#222" font-size="11" font-weight="bold">{}</text>"##,
            x + BAR / 2.0,
            TOP - 6.0,
            average.map_or_else(|| "–".to_string(), |a| format!("{:.0}%", a * 100.0))
        );
        let cx = x + BAR / 2.0;
        let ly = label_y + 12.0;
        let _ = writeln!(
            out,
            r##"<text x="{cx}" y="{label_y}" text-anchor="middle" font-weight="bold">{}</text><text x="{}" y="{ly}" transform="rotate({SLANT} {} {ly})" fill="#555" font-size="11">{}</text>"##,
            escape(&col.id),
            cx - 4.0,
            cx - 4.0,
            escape(&label(col))
        );
    }
    let lx = LEFT + plot + 20.0;
    for (k, (colour, what)) in ["#5cb85c", "#f0ad4e", "#d9534f"]
        .iter()
        .zip(&legend)
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
    let y = TOP + 66.0;
    let _ = writeln!(
        out,
        r##"<line x1="{lx}" x2="{}" y1="{y}" y2="{y}" stroke="#222" stroke-width="2"/><text x="{}" y="{}">{}</text>"##,
        lx + 12.0,
        lx + 18.0,
        y + 4.0,
        escape(&legend[3])
    );
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
                zero: 0,
                points: 6
            },
            "carol, not graded, is in no bar"
        );
        assert_eq!(spread(&rows, &cols[1]).full, 1);
        assert_eq!(spread(&rows, &cols[1]).zero, 1);
    }

    #[test]
    fn students_not_graded_are_left_out_of_the_bars_and_the_average() {
        let rows = rows();
        let cols = columns(&rows);
        let svg = svg(&rows, &cols, "c");
        assert!(
            svg.contains("2 students graded · 1 not graded, left out of the bars"),
            "{svg}"
        );
        // 01: alice 4/4, bob 2/4 → 75 %; carol counted as 0 would give 50 %.
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let percents: Vec<&str> = doc
            .descendants()
            .filter(|n| n.attribute("font-weight") == Some("bold"))
            .filter_map(|n| n.text())
            .filter(|t| t.ends_with('%'))
            .collect();
        assert_eq!(percents, ["75%", "50%", "50%"], "{svg}");
    }

    /// The box of an SVG text, estimated from its anchor and length (`CHAR` a character).
    fn text_box(n: roxmltree::Node) -> (f64, f64, f64, f64) {
        let num = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        let (x, y) = (num("x"), num("y"));
        let w = n.text().unwrap().chars().count() as f64 * CHAR;
        let left = match n.attribute("text-anchor") {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        (left, y - 10.0, left + w, y)
    }

    #[test]
    fn long_names_and_percentages_overlap_nothing() {
        use super::super::gradebook::tests::{exercise, report};
        let slugs = [
            "two_processes",
            "queue_exchange",
            "lock_protected_resource",
            "pool_map",
            "producer_consumer",
            "shared_counter",
        ];
        // Averages from 0 to 100 %, the widest percentage labels next to each other.
        let rows: Vec<Row> = (0..10u32)
            .map(|i| {
                let cells = slugs
                    .iter()
                    .enumerate()
                    .map(|(k, slug)| {
                        let score = [10, 0, 10, i, (i * 7) % 11, 10 * (i % 2)][k];
                        let mut e = exercise(&format!("0{}", k + 1), score, 10, None);
                        e.slug = (*slug).into();
                        e
                    })
                    .collect();
                Row::of(format!("s{i}"), Some(&report(cells)), vec![])
            })
            .collect();
        let cols = columns(&rows);
        let svg = svg(&rows, &cols, "c");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        let (width, height) = (
            root.attribute("width").unwrap().parse::<f64>().unwrap(),
            root.attribute("height").unwrap().parse::<f64>().unwrap(),
        );
        let bars: Vec<(f64, f64, f64, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.children().any(|c| c.has_tag_name("title")))
            .map(|n| {
                let num = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
                (
                    num("x"),
                    num("y"),
                    num("x") + num("width"),
                    num("y") + num("height"),
                )
            })
            .collect();
        let percents: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("font-weight") == Some("bold"))
            .filter(|n| n.text().is_some_and(|t| t.ends_with('%')))
            .map(text_box)
            .collect();
        assert_eq!(percents.len(), 6, "{svg}");
        for p in &percents {
            for b in &bars {
                let apart = p.2 <= b.0 || b.2 <= p.0 || p.3 <= b.1 || b.3 <= p.1;
                assert!(apart, "percentage {p:?} overlaps bar {b:?}\n{svg}");
            }
        }
        for pair in percents.windows(2) {
            assert!(pair[0].2 < pair[1].0, "{pair:?}");
        }
        // The names slant: two neighbours are parallel, their baselines (BAR + GAP) × sin(SLANT)
        // apart, more than a line of text; and each ends inside the picture.
        let names: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("transform").is_some())
            .collect();
        assert_eq!(names.len(), 6);
        assert!((BAR + GAP) * SLANT.to_radians().sin() > 14.0);
        let (sin, cos) = SLANT.to_radians().sin_cos();
        for n in names {
            let (x0, _, x1, y) = text_box(n);
            let length = x1 - x0;
            let (end_x, end_y) = (x0 + length * cos, y + length * sin);
            assert!(
                end_x < width && end_y < height,
                "{:?} ends outside",
                n.text()
            );
            assert!(
                n.attribute("transform")
                    .unwrap()
                    .starts_with(&format!("rotate({SLANT} ")),
                "{:?}",
                n.attribute("transform")
            );
        }
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
            titles.contains(&"01: 1 of 2 students, full marks"),
            "{titles:?}"
        );
        assert!(
            titles.contains(&"02 big: 1 of 2 students, no points"),
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
            texts.contains(&"01: 1 su 2 studenti, punteggio pieno"),
            "{texts:?}"
        );
        assert!(texts.contains(&"nessun punto"), "{texts:?}");
        assert!(
            !svg.contains("students") && !svg.contains("full marks"),
            "{svg}"
        );
    }
}
