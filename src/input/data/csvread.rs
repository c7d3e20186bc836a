//! Reading one CSV table with a fixed set of known columns, collecting every
//! problem as a diagnostic with its file, line and column.
//!
//! Rules (MODEL.md §1): a header row, column order free, unknown columns are
//! an error, blank optional cells take their default. Lines starting with `#`
//! are comments; cells are trimmed.

use std::path::Path;

use crate::input::diag::{Diagnostics, Pos};

/// A column a table may have.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Header name.
    pub name: &'static str,
    /// Must the column exist and every cell be filled?
    pub required: bool,
}

/// What a numeric cell must hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// Whole dollars ≥ 0.
    Dollars,
    /// Whole dollars > 0.
    PositiveDollars,
    /// Whole number > 0.
    PositiveInt,
    /// Whole number ≥ 0.
    NonNegativeInt,
    /// Any finite number (points of margin).
    Points,
    /// A finite number > 0.
    Positive,
    /// A finite number ≥ 0.
    NonNegative,
    /// A number in [0, 1].
    Share,
}

impl Num {
    fn expected(self) -> &'static str {
        match self {
            Num::Dollars => "a whole number of dollars ≥ 0",
            Num::PositiveDollars => "a whole number of dollars > 0",
            Num::PositiveInt => "a whole number > 0",
            Num::NonNegativeInt => "a whole number ≥ 0",
            Num::Points => "a number of points (negative = R lead)",
            Num::Positive => "a number > 0",
            Num::NonNegative => "a number ≥ 0",
            Num::Share => "a number between 0 and 1",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Num::Dollars | Num::PositiveDollars => {
                "write plain digits without `$`, commas or units, e.g. 250000"
            }
            Num::PositiveInt | Num::NonNegativeInt => "write plain digits, e.g. 12",
            Num::Points => "write the margin in points D − R, e.g. -1.7 for an R+1.7 race",
            Num::Positive | Num::NonNegative => "write a plain decimal number, e.g. 150 or 0.5",
            Num::Share => "write a fraction between 0 and 1, e.g. 0.4 for 40%",
        }
    }

    fn parse(self, text: &str) -> Option<f64> {
        let whole = matches!(
            self,
            Num::Dollars | Num::PositiveDollars | Num::PositiveInt | Num::NonNegativeInt
        );
        let value = if whole {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 15 {
                return None;
            }
            text.parse::<u64>().ok()? as f64
        } else {
            let v: f64 = text.parse().ok()?;
            if !v.is_finite() {
                return None;
            }
            v
        };
        let ok = match self {
            Num::PositiveDollars | Num::PositiveInt | Num::Positive => value > 0.0,
            Num::Dollars | Num::NonNegativeInt | Num::NonNegative => value >= 0.0,
            Num::Share => (0.0..=1.0).contains(&value),
            Num::Points => true,
        };
        ok.then_some(value)
    }
}

/// The reader of one table: the file, its known columns, and where each
/// known column sits in this file's header.
pub struct TableReader<'a> {
    path: &'a Path,
    columns: &'a [Column],
    /// For each known column, its field index in the file (if present).
    fields: Vec<Option<usize>>,
}

/// One data row being read.
pub struct Row<'r, 'a> {
    reader: &'r TableReader<'a>,
    record: &'r csv::StringRecord,
    /// 1-based line of the row in the file.
    pub line: usize,
    diags: &'r mut Diagnostics,
    ok: bool,
}

impl<'a> TableReader<'a> {
    /// Read every row of `path` (shown to users as `shown`), calling
    /// `on_row` for each. Problems go to `diags`. Returns false when the
    /// file could not be read at all.
    pub fn read(
        path: &Path,
        shown: &'a Path,
        columns: &'a [Column],
        diags: &mut Diagnostics,
        mut on_row: impl FnMut(&mut Row<'_, 'a>),
    ) -> bool {
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                diags.error(shown, Pos::default(), format!("cannot read the file: {e}")).hint(
                    "check the path under [data] in the scenario (paths are relative to the scenario file)",
                );
                return false;
            }
        };
        let mut csv = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_slice());
        let header_line = header_line(&text);
        let headers = match csv.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                diags
                    .error(
                        shown,
                        Pos::new(header_line, 0),
                        format!("cannot read the header row: {e}"),
                    )
                    .hint("save the file as UTF-8 CSV with a header row first");
                return false;
            }
        };
        if headers.iter().all(str::is_empty) {
            diags
                .error(shown, Pos::new(header_line, 0), "the file has no header row")
                .hint(format!("the first line must name the columns: {}", names(columns)));
            return false;
        }
        let mut reader = TableReader { path: shown, columns, fields: vec![None; columns.len()] };
        for (i, name) in headers.iter().enumerate() {
            let pos = Pos::new(header_line, i + 1);
            match columns.iter().position(|c| c.name == name) {
                Some(k) if reader.fields[k].is_some() => {
                    diags
                        .error(shown, pos, format!("column `{name}` appears twice in the header"))
                        .hint("delete one of the two columns");
                }
                Some(k) => reader.fields[k] = Some(i),
                None => {
                    let d = diags.error(shown, pos, format!("unknown column `{name}`"));
                    match closest(name, columns.iter().map(|c| c.name)) {
                        Some(best) => d.hint(format!("did you mean `{best}`?")),
                        None => d.hint(format!("the columns of this file are: {}", names(columns))),
                    };
                }
            }
        }
        for (k, col) in columns.iter().enumerate() {
            if col.required && reader.fields[k].is_none() {
                diags
                    .error(
                        shown,
                        Pos::new(header_line, 0),
                        format!("missing required column `{}`", col.name),
                    )
                    .hint(format!(
                        "add a `{}` column; required columns are: {}",
                        col.name,
                        required_names(columns)
                    ));
            }
        }
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    diags
                        .error(shown, Pos::new(line, 0), format!("cannot read this row: {e}"))
                        .hint("check for a stray quote (\") or text that is not UTF-8");
                    return true;
                }
            }
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.len() != headers.len() {
                diags
                    .error(
                        shown,
                        Pos::new(line, 0),
                        format!(
                            "expected {} cells as in the header, found {}",
                            headers.len(),
                            record.len()
                        ),
                    )
                    .hint("a name with a comma must be quoted, e.g. \"Smith, Jones & Co\"");
                continue;
            }
            let mut row = Row { reader: &reader, record: &record, line, diags, ok: true };
            on_row(&mut row);
        }
        true
    }
}

impl<'a> Row<'_, 'a> {
    /// The file being read, as shown to users.
    pub fn path(&self) -> &'a Path {
        self.reader.path
    }

    /// True while no cell of this row had an error.
    pub fn ok(&self) -> bool {
        self.ok
    }

    fn column(&self, name: &str) -> (usize, Option<usize>) {
        let k = self
            .reader
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("column `{name}` is not declared for this table"));
        (k, self.reader.fields[k])
    }

    /// Position of a column's cell in this row.
    pub fn pos(&self, name: &str) -> Pos {
        Pos::new(self.line, self.column(name).1.map_or(0, |f| f + 1))
    }

    /// The raw cell, `None` when blank or when the column is absent.
    /// A blank required cell is reported.
    pub fn cell(&mut self, name: &str) -> Option<&str> {
        let (k, field) = self.column(name);
        let Some(field) = field else {
            // A missing required column was reported once, at the header.
            if self.reader.columns[k].required {
                self.ok = false;
            }
            return None;
        };
        let text = self.record.get(field).unwrap_or("");
        if text.is_empty() {
            if self.reader.columns[k].required {
                self.ok = false;
                self.diags
                    .error(
                        self.reader.path,
                        Pos::new(self.line, field + 1),
                        format!("column `{name}` is required, found an empty cell"),
                    )
                    .hint(format!("fill in `{name}` for this row"));
            }
            return None;
        }
        Some(text)
    }

    /// A text cell.
    pub fn text(&mut self, name: &str) -> Option<String> {
        self.cell(name).map(str::to_owned)
    }

    /// A numeric cell, checked against what it must hold.
    pub fn number(&mut self, name: &str, kind: Num) -> Option<f64> {
        let text = self.cell(name)?.to_owned();
        match kind.parse(&text) {
            Some(v) => Some(v),
            None => {
                self.fail(
                    name,
                    format!("column `{name}`: expected {}, found `{text}`", kind.expected()),
                    kind.hint(),
                );
                None
            }
        }
    }

    /// A cell parsed by `parse`; on failure, report `expected` and `hint`.
    pub fn parsed<T>(
        &mut self,
        name: &str,
        expected: &str,
        hint: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.cell(name)?.to_owned();
        match parse(&text) {
            Some(v) => Some(v),
            None => {
                self.fail(
                    name,
                    format!("column `{name}`: expected {expected}, found `{text}`"),
                    hint,
                );
                None
            }
        }
    }

    /// Report an error in a cell of this row.
    pub fn fail(&mut self, name: &str, message: String, hint: &str) {
        self.ok = false;
        let pos = self.pos(name);
        let d = self.diags.error(self.reader.path, pos, message);
        if !hint.is_empty() {
            d.hint(hint);
        }
    }

    /// The diagnostics being collected (for checks that span cells).
    pub fn diags(&mut self) -> &mut Diagnostics {
        self.diags
    }
}

/// The 1-based line of the header: the first line that is neither blank nor a comment.
fn header_line(text: &[u8]) -> usize {
    for (line, l) in (1..).zip(text.split(|&b| b == b'\n')) {
        let trimmed = l
            .iter()
            .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF);
        let first = trimmed.clone().next();
        if first.is_some() && first != Some(&b'#') {
            return line;
        }
    }
    1
}

fn names(columns: &[Column]) -> String {
    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

fn required_names(columns: &[Column]) -> String {
    columns.iter().filter(|c| c.required).map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a likely typo. Ties go to the alphabetically first candidate, so
/// the hint is the same whatever order the candidates come in (hash maps).
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_strict() {
        assert_eq!(Num::Dollars.parse("250000"), Some(250000.0));
        assert_eq!(Num::Dollars.parse("12k"), None);
        assert_eq!(Num::Dollars.parse("-5"), None);
        assert_eq!(Num::Dollars.parse("1,000"), None);
        assert_eq!(Num::PositiveDollars.parse("0"), None);
        assert_eq!(Num::Points.parse("-1.71"), Some(-1.71));
        assert_eq!(Num::Points.parse("NaN"), None);
        assert_eq!(Num::Points.parse("inf"), None);
        assert_eq!(Num::Share.parse("1.2"), None);
        assert_eq!(Num::Share.parse("0.25"), Some(0.25));
        assert_eq!(Num::Positive.parse("0"), None);
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(closest("rom", ["room", "races", "name"]), Some("room"));
        assert_eq!(
            closest("dollars_per_vote", ["dollars_per_net_vote", "room"]),
            Some("dollars_per_net_vote")
        );
        assert_eq!(closest("zzzz", ["room", "races"]), None);
        // Ties: the same answer in any order.
        assert_eq!(closest("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(closest("ab", ["aa", "ac"]), Some("aa"));
    }

    #[test]
    fn header_line_skips_comments() {
        assert_eq!(header_line(b"# note\n\nstate,name\n"), 3);
        assert_eq!(header_line(b"state,name\n"), 1);
    }
}
