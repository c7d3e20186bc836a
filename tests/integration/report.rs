//! The donor report (`grantplan report`, HTML) and the spreadsheet
//! (`--format xlsx`): self-contained, escaped, the same bytes every time,
//! sections that follow the scenario — and a real browser that renders the
//! page without a console error.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{repo, run_in, Fixture};

/// Run `grantplan report` in `dir` on `scenario`; returns the page.
fn report(dir: &Path, scenario: &str, extra: &[&str]) -> String {
    let out = dir.join(format!("report-{}.html", std::process::id()));
    let args = [&["report", scenario, "-o", out.to_str().unwrap()], extra].concat();
    let run = run_in(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "the page goes to the file only");
    let html = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    html
}

/// A tutorial whose data and scenario name carry markup.
fn hostile() -> Fixture {
    let f = Fixture::tutorial();
    f.replace("groups.csv", "Group A (youth)", "\"<script>alert(1)</script> & \"\"Co\"\"\"");
    f.replace("scenario.toml", "Tutorial: one race, two groups", "Tutorial <b>bold</b> & more");
    f
}

/// The tutorial with two funding periods.
fn with_periods() -> Fixture {
    let f = Fixture::tutorial();
    f.replace("scenario.toml", "budget = 500_000", "budget = 500_000\nstart = \"2026-01-01\"");
    f.append(
        "scenario.toml",
        "\n[[periods]]\nname = \"early\"\nstart = \"2026-01-01\"\nrelease = 300_000\nmultiplier = 1.2\n\
         [[periods]]\nname = \"late\"\nstart = \"2026-07-01\"\nrelease = 200_000\nmultiplier = 1.0\n",
    );
    f
}

#[test]
fn report_is_one_self_contained_page() {
    let html = report(&repo(), "scenarios/midterms-2026.toml", &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    // Nothing is fetched: no scripts, links, images, frames or imports, and
    // the only URL is SVG's namespace name.
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(forbidden), "the page contains {forbidden}");
    }
    let urls = html.matches("http://").count() + html.matches("https://").count();
    assert_eq!(urls, html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("@media print"));
    for section in [
        "Where the money goes",
        "By constituency",
        "Who gets it, and why",
        "Control of each chamber",
        "races it moves most",
        "What holds it back",
        "What a different budget would do",
        "How to read this",
        "data/SOURCES.md",
        "ILLUSTRATIVE DATA",
    ] {
        assert!(html.contains(section), "no {section}");
    }
    assert!(!html.contains("When the money goes out"), "no periods, no schedule");
    assert!(html.matches("<svg class=\"chart\"").count() >= 7, "every chart is inline SVG");
}

#[test]
fn report_gives_the_same_bytes_twice() {
    let a = report(&repo(), "scenarios/midterms-2026.toml", &[]);
    let b = report(&repo(), "scenarios/midterms-2026.toml", &[]);
    assert!(a == b, "two runs differ");
}

#[test]
fn report_headline_matches_the_plan() {
    let f = Fixture::tutorial();
    let html = report(f.dir.path(), "scenario.toml", &[]);
    // MODEL.md §5: A $300,000, B $200,000, impact 0.0228327.
    assert!(html.contains("$300,000") && html.contains("$200,000"), "{html}");
    assert!(html.contains("<div class=\"value\">0.02</div>"), "impact in the headline");
    assert!(html.contains("$500k"), "budget in the headline");
    // One state, not on the US grid: bars but no map.
    assert!(!html.contains("Map of the United States"));
    assert!(html.contains("Dollars by state"));
}

#[test]
fn data_text_is_escaped_everywhere() {
    let f = hostile();
    let html = report(f.dir.path(), "scenario.toml", &[]);
    assert!(!html.contains("<script"), "markup from the data reached the page");
    assert!(!html.contains("<b>bold"), "markup from the scenario reached the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
    assert!(html.contains("Tutorial &lt;b&gt;bold&lt;/b&gt; &amp; more"));
}

#[test]
fn schedule_appears_with_periods() {
    let f = with_periods();
    let html = report(f.dir.path(), "scenario.toml", &[]);
    assert!(html.contains("When the money goes out"));
    assert!(html.contains("Dollars granted by period"));
    assert!(html.contains(">early<") && html.contains(">late<"));
    assert!(html.contains("$300,000"), "the early release");
}

#[test]
fn report_refuses_bad_input_with_exit_2() {
    let f = Fixture::tutorial();
    f.replace("groups.csv", "400000", "lots");
    let out = f.path("r.html");
    let run = f.run("report", &["-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("groups.csv"), "{}", run.stderr);
    assert!(!out.exists(), "nothing written");
}

#[test]
fn report_of_an_impossible_plan_explains_it_with_exit_1() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[floors]\nyouth = 0.9\n");
    let out = f.path("r.html");
    let run = f.run("report", &["-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("youth floor"), "{}", run.stderr);
    assert!(!out.exists(), "nothing written");
}

/// Run `grantplan plan ... --format xlsx -o FILE` and open the workbook.
fn xlsx(dir: &Path, args: &[&str]) -> (Vec<u8>, zip::ZipArchive<std::io::Cursor<Vec<u8>>>) {
    let out = dir.join(format!("plan-{}.xlsx", std::process::id()));
    let args = [args, &["--format", "xlsx", "-o", out.to_str().unwrap()]].concat();
    let run = run_in(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    (bytes, zip)
}

fn part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_string(&mut s).unwrap();
    s
}

#[test]
fn xlsx_has_a_sheet_per_table_with_frozen_headers_and_formats() {
    let (_, mut zip) = xlsx(&repo(), &["plan", "scenarios/midterms-2026.toml"]);
    let workbook = part(&mut zip, "xl/workbook.xml");
    let sheets =
        ["Summary", "Groups", "States", "Constituencies", "Constraints", "Races", "Chambers"];
    for name in sheets {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "no sheet {name}: {workbook}");
    }
    for i in 1..=sheets.len() {
        let sheet = part(&mut zip, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(sheet.contains("state=\"frozen\""), "sheet {i} header not frozen");
        assert!(sheet.contains("<cols>"), "sheet {i} has no column widths");
        assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "sheet {i} has a formula");
    }
    let styles = part(&mut zip, "xl/styles.xml");
    assert!(styles.contains("#,##0"), "a dollar format");
    assert!(styles.contains("0.0%"), "a percent format");
    let strings = part(&mut zip, "xl/sharedStrings.xml");
    assert!(strings.contains("pa-umber-hollow-shift-workers-vote"));
}

#[test]
fn xlsx_text_never_becomes_a_formula_and_bytes_repeat() {
    let f = Fixture::tutorial();
    f.replace("groups.csv", "Group A (youth)", "\"=1+2 & <b>\"");
    let (a, mut zip) = xlsx(f.dir.path(), &["plan", "scenario.toml"]);
    let strings = part(&mut zip, "xl/sharedStrings.xml");
    assert!(strings.contains("=1+2 &amp; &lt;b&gt;"), "{strings}");
    let groups = part(&mut zip, "xl/worksheets/sheet2.xml");
    assert!(!groups.contains("<f>") && !groups.contains("<f "));
    let (b, _) = xlsx(f.dir.path(), &["plan", "scenario.toml"]);
    assert!(a == b, "two runs differ");
}

#[test]
fn xlsx_schedule_with_periods_and_score_workbook() {
    let f = with_periods();
    let (_, mut zip) = xlsx(f.dir.path(), &["plan", "scenario.toml"]);
    let workbook = part(&mut zip, "xl/workbook.xml");
    assert!(workbook.contains("name=\"Periods\"") && workbook.contains("name=\"Schedule\""));
    let (_, mut zip) = xlsx(f.dir.path(), &["score", "scenario.toml"]);
    let workbook = part(&mut zip, "xl/workbook.xml");
    for name in ["Summary", "Races", "Groups", "Chambers", "States"] {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "no sheet {name}");
    }
}

// ---- A real browser -------------------------------------------------------

/// Debian's Chromium, if installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Say so on the real standard error, past the test harness's capture.
fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Run headless Chromium on `page` with `extra` flags, at most `limit`;
/// returns (standard output, standard error).
fn browse(
    exe: &Path,
    dir: &Path,
    page: &Path,
    extra: &[String],
    limit: Duration,
) -> (String, String) {
    let profile = crate::util::tempdir_in(dir).unwrap();
    let (out_path, err_path) = (dir.join("chromium.out"), dir.join("chromium.err"));
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    (read(&out_path), read(&err_path))
}

/// Console messages and uncaught errors in Chromium's log.
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught")).collect()
}

/// (standard deviation of luminance, share of dark pixels) of a PNG.
fn pixels(png_path: &Path) -> (f64, f64, (u32, u32)) {
    let (width, height, channels, buf) = decode_png(&std::fs::read(png_path).unwrap());
    let lum: Vec<f64> = buf
        .chunks(channels)
        .map(|p| match channels {
            1 | 2 => p[0] as f64,
            _ => 0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64,
        })
        .collect();
    let n = lum.len() as f64;
    let mean = lum.iter().sum::<f64>() / n;
    let var = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n;
    let dark = lum.iter().filter(|&&l| l < 90.0).count() as f64 / n;
    (var.sqrt(), dark, (width, height))
}

/// Decode an 8-bit, non-interlaced PNG (what Chromium's screenshot writes)
/// into (width, height, channels, pixels). A few lines over flate2 rather
/// than the png crate, whose default features would make the test build
/// recompile crates the program shares.
fn decode_png(bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    use std::io::Read;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let (mut pos, mut idat) = (8, Vec::new());
    let (mut width, mut height, mut channels) = (0u32, 0u32, 0usize);
    while pos + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let data = &bytes[pos + 8..pos + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap());
                height = u32::from_be_bytes(data[4..8].try_into().unwrap());
                assert_eq!(data[8], 8, "only 8-bit PNGs");
                assert_eq!(data[12], 0, "only non-interlaced PNGs");
                channels = match data[9] {
                    0 => 1,
                    2 => 3,
                    4 => 2,
                    6 => 4,
                    other => panic!("PNG color type {other} not handled"),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..]).read_to_end(&mut raw).unwrap();
    let stride = width as usize * channels;
    let mut out = vec![0u8; stride * height as usize];
    for y in 0..height as usize {
        let filter = raw[y * (stride + 1)];
        let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let a = if x >= channels { out[y * stride + x - channels] as i32 } else { 0 };
            let b = if y > 0 { out[(y - 1) * stride + x] as i32 } else { 0 };
            let c = if x >= channels && y > 0 {
                out[(y - 1) * stride + x - channels] as i32
            } else {
                0
            };
            let predictor = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                other => panic!("PNG filter {other} not handled"),
            };
            out[y * stride + x] = (line[x] as i32 + predictor) as u8;
        }
    }
    (width, height, channels, out)
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(exe) = chromium() else {
        say("report_renders_in_headless_chromium: skipped, chromium is not installed (.ci/run installs it)");
        return;
    };
    let dir = crate::util::tempdir().unwrap();
    let limit = Duration::from_secs(120);

    // First, a page that does log to the console: if this is not seen, the
    // log format has changed and the real check below would prove nothing.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><p>x</p><script>console.error('control-error')</script>",
    )
    .unwrap();
    let (_, err) = browse(&exe, dir.path(), &control, &["--dump-dom".into()], limit);
    assert!(
        console_lines(&err).iter().any(|l| l.contains("control-error")),
        "chromium's console log was not recognised; stderr:\n{err}"
    );

    let page = dir.path().join("report.html");
    let run =
        run_in(&repo(), &["report", "scenarios/midterms-2026.toml", "-o", page.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // The page parses, with its charts, and logs nothing.
    let (dom, err) = browse(&exe, dir.path(), &page, &["--dump-dom".into()], limit);
    assert!(console_lines(&err).is_empty(), "console: {:?}", console_lines(&err));
    assert!(dom.contains("How to read this"), "the DOM lacks the last section:\n{dom}");
    assert!(dom.matches("<svg class=\"chart\"").count() >= 7, "charts missing from the DOM");

    // The screenshot is a page, not a blank.
    let shot = dir.path().join("report.png");
    let flags = [format!("--screenshot={}", shot.display()), "--window-size=1280,2400".into()];
    let (_, err) = browse(&exe, dir.path(), &page, &flags, limit);
    assert!(console_lines(&err).is_empty(), "console: {:?}", console_lines(&err));
    assert!(shot.is_file(), "no screenshot; stderr:\n{err}");
    let (sd, dark, size) = pixels(&shot);
    assert_eq!(size, (1280, 2400));
    assert!(sd > 20.0, "the screenshot is nearly uniform (sd {sd:.1})");
    assert!(dark > 0.02, "too little ink: {:.1}% dark pixels", dark * 100.0);
    if let Some(keep) = std::env::var_os("GRANTPLAN_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

/// Measures, in the browser, every SVG text box against its SVG's box, and
/// writes what it finds into the page as `<pre id="overflow">texts;bad…</pre>`.
const MEASURE: &str = r#"<script>
(function () {
  var bad = [], texts = 0;
  document.querySelectorAll('svg').forEach(function (svg) {
    var s = svg.getBoundingClientRect();
    svg.querySelectorAll('text').forEach(function (t) {
      var b = t.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) return;
      texts++;
      if (b.left < s.left - 0.5 || b.right > s.right + 0.5 || b.top < s.top - 0.5 || b.bottom > s.bottom + 0.5) {
        bad.push((svg.getAttribute('aria-label') || 'svg') + ': "' + t.textContent + '" spans ' +
          b.left.toFixed(1) + '..' + b.right.toFixed(1) + ' x ' + b.top.toFixed(1) + '..' + b.bottom.toFixed(1) +
          ', its chart ' + s.left.toFixed(1) + '..' + s.right.toFixed(1) + ' x ' + s.top.toFixed(1) + '..' + s.bottom.toFixed(1));
      }
    });
  });
  var out = document.createElement('pre');
  out.id = 'overflow';
  out.textContent = texts + ';' + bad.join('|');
  document.body.appendChild(out);
})();
</script>"#;

/// (text boxes measured, those outside their SVG) for `html` at `width` px.
fn overflow(exe: &Path, dir: &Path, html: &str, width: u32) -> (usize, Vec<String>) {
    // The page forbids scripts (CSP); the copy measured here allows this one.
    let start = html.find("<meta http-equiv=\"Content-Security-Policy\"").map(|i| {
        let end = i + html[i..].find('>').unwrap() + 1;
        (i, end)
    });
    let mut page = match start {
        Some((i, end)) => format!("{}{}", &html[..i], &html[end..]),
        None => html.to_owned(),
    };
    let body_end = page.rfind("</body>").unwrap_or(page.len());
    page.insert_str(body_end, MEASURE);
    let path = dir.join(format!("measure-{width}.html"));
    std::fs::write(&path, page).unwrap();
    let flags = ["--dump-dom".to_owned(), format!("--window-size={width},3000")];
    let (dom, err) = browse(exe, dir, &path, &flags, Duration::from_secs(120));
    let i = dom.find("<pre id=\"overflow\">").unwrap_or_else(|| panic!("not measured:\n{err}"));
    let rest = &dom[i + "<pre id=\"overflow\">".len()..];
    let text = &rest[..rest.find("</pre>").unwrap()];
    let (n, bad) = text.split_once(';').unwrap();
    let bad = bad.split('|').filter(|s| !s.is_empty()).map(str::to_owned).collect();
    (n.parse().unwrap(), bad)
}

#[test]
fn no_chart_text_leaves_its_chart_at_1400_or_700_px() {
    let Some(exe) = chromium() else {
        say("no_chart_text_leaves_its_chart: skipped, chromium is not installed (.ci/run installs it)");
        return;
    };
    let dir = crate::util::tempdir().unwrap();
    // The measure must see an overflow where there is one.
    let control = "<!DOCTYPE html><html><body><svg width=\"100\" height=\"40\" aria-label=\"control\">\
                   <text x=\"60\" y=\"20\">a label far too long for this chart</text></svg></body></html>";
    let (n, bad) = overflow(&exe, dir.path(), control, 1400);
    assert_eq!(n, 1);
    assert_eq!(bad.len(), 1, "the measure missed the control overflow");
    // A group with a very long name, to test clipping.
    let f = Fixture::tutorial();
    f.replace(
        "groups.csv",
        "Group A (youth)",
        "Greater Metropolitan Coalition of Young Voters for Democratic Participation and Civic Renewal",
    );
    f.replace(
        "groups.csv",
        "A,G",
        "a-very-long-group-identifier-that-goes-on-and-on-for-a-while,G",
    );
    let pages = [
        report(&repo(), "scenarios/midterms-2026.toml", &[]),
        report(&repo(), "scenarios/early-money-2028.toml", &[]),
        report(f.dir.path(), "scenario.toml", &[]),
    ];
    let mut problems = Vec::new();
    for (k, html) in pages.iter().enumerate() {
        for width in [1400, 700] {
            let (n, bad) = overflow(&exe, dir.path(), html, width);
            assert!(n > 20, "page {k} at {width} px: only {n} text boxes measured");
            problems.extend(bad.into_iter().map(|b| format!("page {k} at {width} px: {b}")));
        }
    }
    assert!(
        problems.is_empty(),
        "{} texts leave their chart:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn report_and_frontier_agree_on_where_returns_fall() {
    let f = crate::util::json(&run_in(
        &repo(),
        &["frontier", "scenarios/midterms-2026.toml", "--format", "json"],
    ));
    let fall = f["returns_fall_at"].as_f64().expect("returns fall within the default range");
    let html = report(&repo(), "scenarios/midterms-2026.toml", &[]);
    let said = format!("returns start to fall at {}", grantplan::report::money(fall));
    assert!(html.contains(&said), "the report does not say {said:?}");
    assert!(html.contains(&format!("at {} budgets", f["steps"])), "a different grid");
}

#[test]
fn early_money_report_says_what_giving_early_is_worth() {
    let f = with_periods();
    let p = crate::util::json(&f.run("plan", &["--format", "json"]));
    let t = &p["timing"];
    let html = report(f.dir.path(), "scenario.toml", &[]);
    let sig = |x: &serde_json::Value| grantplan::report::table::sig(x.as_f64().unwrap(), 4);
    let expected = format!(
        "would buy {} win-equivalents at best; this schedule buys {} ({:+.1}%)",
        sig(&t["impact_if_last_period"]),
        sig(&t["impact"]),
        t["gain_pct"].as_f64().unwrap()
    );
    assert!(html.contains("What giving early is worth:"), "no early-money headline");
    assert!(html.contains(&expected), "the report lacks {expected:?}");
    let plain = report(Fixture::tutorial().dir.path(), "scenario.toml", &[]);
    assert!(!plain.contains("What giving early is worth"));
}

#[test]
fn map_legend_names_both_greys_and_odds_never_round_to_certainty() {
    // Without effect ceilings and with tight forecast errors, two races end
    // at 99.7%: shown as such, not as "100%". The scoring block is written
    // here, so the scenario's own (its σ, and any later key) does not move it.
    let dir = crate::util::tempdir().unwrap();
    let text = std::fs::read_to_string(repo().join("scenarios/midterms-2026.toml"))
        .unwrap()
        .replace("\"../data/", &format!("\"{}/data/", repo().display()));
    let (a, b) = (text.find("[scoring]").unwrap(), text.find("[limits]").unwrap());
    let scoring = "[scoring]\nnational_sd = 1.0\nrace_sd = 1.5\n\n";
    let text = format!("{}{scoring}{}\n[effects]\nmax_shift = 0\n", &text[..a], &text[b..]);
    std::fs::write(dir.path().join("s.toml"), text).unwrap();
    let html = report(dir.path(), "s.toml", &[]);
    for name in ["not funded", "no groups"] {
        assert!(html.contains(name), "the map legend lacks {name}");
    }
    assert!(html.contains("→ 99.7%"), "99.7% is not shown as such");
    assert!(!html.contains("→ 100%"));
}
