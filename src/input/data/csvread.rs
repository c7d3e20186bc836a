//! Reading one CSV table with a fixed set of known columns, collecting every
//! problem as a diagnostic with its file, line and column.
//!
//! Rules (MODEL.md §1): a header row, column order free, unknown columns are
//! an error, blank optional cells take their default. Lines starting with `#`
//! are comments; cells are trimmed.

use std::path::{Path, PathBuf};

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
                "write whole dollars, e.g. 250000, 250_000, $250,000 or 250k"
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
        let value = if matches!(self, Num::Dollars | Num::PositiveDollars) {
            crate::base::numbers::parse_money(text)?
        } else if whole {
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
    /// The file as shown in messages: `groups.csv`, or `groups.xlsx:Sheet`
    /// for a spreadsheet, so a place reads `file:sheet:row:column`.
    path: PathBuf,
    columns: &'a [Column],
    /// For each known column, its field index in the file (if present).
    fields: Vec<Option<usize>>,
    /// Added to a field index to give its column number: 1, or more when
    /// a sheet's first used column is not A.
    first_col: usize,
}

/// One data row being read.
pub struct Row<'r, 'a> {
    reader: &'r TableReader<'a>,
    record: &'r [String],
    /// 1-based line of the row in the file (its row number in a sheet).
    pub line: usize,
    diags: &'r mut Diagnostics,
    ok: bool,
}

/// A table's cells as read from a file, before the columns are checked.
struct Grid {
    /// Line (row number) of the header.
    header_line: usize,
    /// The header's cells.
    headers: Vec<String>,
    /// Data rows with their line numbers; comments and blank rows left out.
    rows: Vec<(usize, Vec<String>)>,
    /// Column number of the first field (1 for CSV).
    first_col: usize,
    /// A row that could not be read (CSV only), reported after the others.
    broken: Option<(usize, String)>,
}

/// Is `path` a spreadsheet (by its extension)?
pub fn is_spreadsheet(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
}

/// `book.xlsx#Sheet` → (`book.xlsx`, `Some("Sheet")`); other paths as they are.
pub fn split_sheet(path: &Path) -> (PathBuf, Option<String>) {
    let text = path.to_string_lossy();
    if let Some((file, sheet)) = text.rsplit_once('#') {
        if is_spreadsheet(Path::new(file)) && !sheet.is_empty() {
            return (PathBuf::from(file), Some(sheet.to_owned()));
        }
    }
    (path.to_path_buf(), None)
}

/// How a table file is named in messages: the path, or for a spreadsheet
/// `book.xlsx:Sheet` (the sheet read), so places read `file:sheet:row:column`.
pub fn display_name(path: &Path, table: &str) -> PathBuf {
    let (file, sheet) = split_sheet(path);
    if !is_spreadsheet(&file) {
        return path.to_path_buf();
    }
    match super::sheet::sheet_name(&file, sheet.as_deref(), table) {
        Some(name) => PathBuf::from(format!("{}:{name}", file.display())),
        None => file,
    }
}

/// A header cell as matched against column names: trimmed, lower case.
fn header_key(cell: &str) -> String {
    cell.trim().to_lowercase()
}

/// Is this header a note column (`#…` or `note…`), read by people only?
fn is_note(key: &str) -> bool {
    key.starts_with('#') || key.starts_with("note")
}

impl<'a> TableReader<'a> {
    /// Read every row of `path` (shown to users as `shown`), calling
    /// `on_row` for each. `path` is a CSV file, or a spreadsheet (`.xlsx`,
    /// `.ods`, …) whose sheet is named after `#` (`groups.xlsx#Partners`);
    /// without a name, the sheet named like `table` (`groups`) if there is
    /// one, else the first. Problems go to `diags`. Returns false when the
    /// file could not be read at all.
    pub fn read(
        path: &Path,
        shown: &Path,
        columns: &'a [Column],
        diags: &mut Diagnostics,
        on_row: impl FnMut(&mut Row<'_, 'a>),
    ) -> bool {
        let table = shown.file_stem().map_or(String::new(), |s| s.to_string_lossy().into_owned());
        Self::read_table(path, shown, &table, columns, diags, on_row)
    }

    /// [`TableReader::read`], with the sheet looked for by default named
    /// `table` (e.g. `groups`, whatever the file is called).
    pub fn read_table(
        path: &Path,
        shown: &Path,
        table: &str,
        columns: &'a [Column],
        diags: &mut Diagnostics,
        mut on_row: impl FnMut(&mut Row<'_, 'a>),
    ) -> bool {
        let (file, sheet) = split_sheet(path);
        let (shown_file, _) = split_sheet(shown);
        let (grid, shown) = if is_spreadsheet(&file) {
            match super::sheet::read(&file, &shown_file, sheet.as_deref(), table, diags) {
                Some((grid, name)) => {
                    let shown = PathBuf::from(format!("{}:{name}", shown_file.display()));
                    (
                        Grid {
                            header_line: grid.header_line,
                            headers: grid.headers,
                            rows: grid.rows,
                            first_col: grid.first_col,
                            broken: None,
                        },
                        shown,
                    )
                }
                None => return false,
            }
        } else {
            match read_csv(&file, &shown_file, diags) {
                Some(grid) => (grid, shown_file),
                None => return false,
            }
        };
        if grid.headers.iter().all(|h| h.trim().is_empty()) {
            diags
                .error(&shown, Pos::new(grid.header_line, 0), "the file has no header row")
                .hint(format!("the first line must name the columns: {}", names(columns)));
            return false;
        }
        let mut reader = TableReader {
            path: shown,
            columns,
            fields: vec![None; columns.len()],
            first_col: grid.first_col,
        };
        let shown = reader.path.clone();
        for (i, name) in grid.headers.iter().enumerate() {
            let pos = Pos::new(grid.header_line, i + grid.first_col);
            let key = header_key(name);
            if key.is_empty()
                && grid.rows.iter().all(|(_, r)| r.get(i).is_none_or(|c| c.is_empty()))
            {
                continue; // an empty column of a sheet
            }
            match columns.iter().position(|c| c.name == key) {
                Some(k) if reader.fields[k].is_some() => {
                    diags
                        .error(&shown, pos, format!("column `{key}` appears twice in the header"))
                        .hint("delete one of the two columns");
                }
                Some(k) => reader.fields[k] = Some(i),
                None if is_note(&key) => {}
                None => {
                    let d = diags.error(&shown, pos, format!("unknown column `{}`", name.trim()));
                    match closest(&key, columns.iter().map(|c| c.name)) {
                        Some(best) => d.hint(format!("did you mean `{best}`?")),
                        None => d.hint(format!(
                            "the columns of this file are: {} (a column for people only starts with `#` or `note`)",
                            names(columns)
                        )),
                    };
                }
            }
        }
        for (k, col) in columns.iter().enumerate() {
            if col.required && reader.fields[k].is_none() {
                diags
                    .error(
                        &shown,
                        Pos::new(grid.header_line, 0),
                        format!("missing required column `{}`", col.name),
                    )
                    .hint(format!(
                        "add a `{}` column; required columns are: {}",
                        col.name,
                        required_names(columns)
                    ));
            }
        }
        for (line, record) in &grid.rows {
            if record.len() != grid.headers.len() {
                diags
                    .error(
                        &shown,
                        Pos::new(*line, 0),
                        format!(
                            "expected {} cells as in the header, found {}",
                            grid.headers.len(),
                            record.len()
                        ),
                    )
                    .hint("a name with a comma must be quoted, e.g. \"Smith, Jones & Co\"");
                continue;
            }
            let mut row = Row { reader: &reader, record, line: *line, diags, ok: true };
            on_row(&mut row);
        }
        if let Some((line, e)) = grid.broken {
            diags
                .error(&shown, Pos::new(line, 0), format!("cannot read this row: {e}"))
                .hint("check for a stray quote (\") or text that is not UTF-8");
        }
        true
    }
}

/// The cells of a CSV file: `#` lines are comments, cells are trimmed.
fn read_csv(path: &Path, shown: &Path, diags: &mut Diagnostics) -> Option<Grid> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.error(shown, Pos::default(), format!("cannot read the file: {e}")).hint(
                "check the path under [data] in the scenario (paths are relative to the scenario file)",
            );
            return None;
        }
    };
    let mut csv = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_slice());
    let header_line = header_line(&text);
    let headers: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            diags
                .error(shown, Pos::new(header_line, 0), format!("cannot read the header row: {e}"))
                .hint("save the file as UTF-8 CSV with a header row first");
            return None;
        }
    };
    let mut rows = Vec::new();
    let mut broken = None;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                broken = Some((line, e.to_string()));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Some(Grid { header_line, headers, rows, first_col: 1, broken })
}

/// Cells of a sheet, as [`super::sheet`] gives them.
pub struct SheetGrid {
    /// Row number of the header.
    pub header_line: usize,
    /// The header's cells.
    pub headers: Vec<String>,
    /// Data rows with their row numbers.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Column number of the first cell (1 = A).
    pub first_col: usize,
}

impl<'a> Row<'_, 'a> {
    /// The file being read, as shown to users.
    pub fn path(&self) -> &Path {
        &self.reader.path
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
        Pos::new(self.line, self.column(name).1.map_or(0, |f| f + self.reader.first_col))
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
        let text = self.record.get(field).map_or("", String::as_str);
        if text.is_empty() {
            if self.reader.columns[k].required {
                self.ok = false;
                self.diags
                    .error(
                        &self.reader.path,
                        Pos::new(self.line, field + self.reader.first_col),
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
        let d = self.diags.error(&self.reader.path, pos, message);
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
        assert_eq!(Num::Dollars.parse("12k"), Some(12_000.0));
        assert_eq!(Num::Dollars.parse("$1,000"), Some(1_000.0));
        assert_eq!(Num::Dollars.parse("-5"), None);
        assert_eq!(Num::Dollars.parse("12.5"), None);
        assert_eq!(Num::Dollars.parse("lots"), None);
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
