//! Reading one CSV table with a fixed set of known columns, collecting every
//! problem as a diagnostic with its file, line and column.
//!
//! Rules (MODEL.md §1): a header row, column order free, unknown columns are
//! an error, blank optional cells take their default. Lines starting with `#`
//! are comments; cells are trimmed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::cells::{Record, Rows};
use crate::input::diag::{Diagnostics, Pos};
use crate::input::limits::{self, echo, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ID_CHARS, MAX_ROWS};

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
            Num::Points => "a number of points between -200 and 200 (negative = R lead)",
            Num::Positive => "a number > 0 (at most 1e6)",
            Num::NonNegative => "a number ≥ 0 (at most 1e6)",
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
        // Whole numbers have at most 15 digits; dollars at most $1e12.
        let ok = match self {
            Num::PositiveDollars => value > 0.0 && value <= limits::MAX_DOLLARS,
            Num::Dollars => value <= limits::MAX_DOLLARS,
            Num::PositiveInt => value > 0.0,
            Num::NonNegativeInt => true,
            Num::Positive => value > 0.0 && value <= limits::MAX_FACTOR,
            Num::NonNegative => (0.0..=limits::MAX_FACTOR).contains(&value),
            Num::Share => (0.0..=1.0).contains(&value),
            Num::Points => value.abs() <= limits::MAX_POINTS,
        };
        ok.then_some(value)
    }
}

/// Where the bytes of a file come from: [`limits::read_input`] (files,
/// within the limits), or memory (the fuzz targets).
/// `Sync`, so two files can be read at once.
pub type Source<'s> = &'s (dyn Fn(&Path) -> Result<Vec<u8>, String> + Sync);

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
    /// Data rows in the table.
    rows: usize,
}

/// One data row being read.
pub struct Row<'r, 'a> {
    reader: &'r TableReader<'a>,
    record: Record<'r>,
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
    rows: Rows,
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
        on_row: impl FnMut(&mut Row<'_, 'a>),
    ) -> bool {
        Self::read_with(&limits::read_input, path, shown, table, columns, diags, on_row)
    }

    /// [`TableReader::read_table`], with the file's bytes from `source`.
    pub fn read_with(
        source: Source<'_>,
        path: &Path,
        shown: &Path,
        table: &str,
        columns: &'a [Column],
        diags: &mut Diagnostics,
        mut on_row: impl FnMut(&mut Row<'_, 'a>),
    ) -> bool {
        let (file, sheet) = split_sheet(path);
        let (shown_file, _) = split_sheet(shown);
        let bytes = match source(&file) {
            Ok(bytes) => bytes,
            Err(e) => {
                diags.error(&shown_file, Pos::default(), e).hint(
                    "check the path under [data] in the scenario (paths are relative to the scenario file)",
                );
                return false;
            }
        };
        let (grid, shown) = if is_spreadsheet(&file) {
            match super::sheet::read(bytes, &shown_file, sheet.as_deref(), table, diags) {
                Some((grid, name)) => {
                    let shown = PathBuf::from(format!("{}:{name}", shown_file.display()));
                    let mut rows = Rows::default();
                    for (line, cells) in &grid.rows {
                        rows.push(*line, cells.iter().map(String::as_str));
                    }
                    let grid = Grid {
                        header_line: grid.header_line,
                        headers: grid.headers,
                        rows,
                        first_col: grid.first_col,
                        broken: None,
                    };
                    (grid, shown)
                }
                None => return false,
            }
        } else {
            match read_csv(&bytes, &shown_file, diags) {
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
        if grid.headers.len() > MAX_COLUMNS {
            diags
                .error(
                    &shown,
                    Pos::new(grid.header_line, 0),
                    format!(
                        "the header has {} columns, more than the {MAX_COLUMNS} any table may have",
                        grid.headers.len()
                    ),
                )
                .hint(format!("the columns of this file are: {}", names(columns)));
            return false;
        }
        let mut reader = TableReader {
            path: shown,
            columns,
            fields: vec![None; columns.len()],
            first_col: grid.first_col,
            rows: grid.rows.len(),
        };
        let shown = reader.path.clone();
        for (i, name) in grid.headers.iter().enumerate() {
            let pos = Pos::new(grid.header_line, i + grid.first_col);
            let key = header_key(name);
            if key.is_empty() && grid.rows.iter().all(|(_, r)| r.get(i).is_none_or(str::is_empty)) {
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
                    let d =
                        diags.error(&shown, pos, format!("unknown column `{}`", echo(name.trim())));
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
        for (line, record) in grid.rows.iter() {
            if record.len() != grid.headers.len() {
                diags
                    .error(
                        &shown,
                        Pos::new(line, 0),
                        format!(
                            "expected {} cells as in the header, found {}",
                            grid.headers.len(),
                            record.len()
                        ),
                    )
                    .hint("a name with a comma must be quoted, e.g. \"Smith, Jones & Co\"");
                continue;
            }
            let mut row = Row { reader: &reader, record, line, diags, ok: true };
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

/// The cells of a CSV file: `#` lines are comments, cells are trimmed. At
/// most [`MAX_ROWS`] rows are read.
fn read_csv(text: &[u8], shown: &Path, diags: &mut Diagnostics) -> Option<Grid> {
    // Cells are trimmed here, as they are copied into one buffer (csv's own
    // trimming makes two new records per row). A file csv cannot read
    // through is read again with csv trimming: its message then names the
    // byte of the field as trimmed, as it always has.
    let grid = read_csv_trimming(text, shown, diags, csv::Trim::Headers)?;
    if grid.broken.is_none() {
        return Some(grid);
    }
    read_csv_trimming(text, shown, diags, csv::Trim::All)
}

/// [`read_csv`], with csv trimming as `trim` says (headers always).
fn read_csv_trimming(
    text: &[u8],
    shown: &Path,
    diags: &mut Diagnostics,
    trim: csv::Trim,
) -> Option<Grid> {
    let mut csv =
        csv::ReaderBuilder::new().comment(Some(b'#')).flexible(true).trim(trim).from_reader(text);
    let header_line = header_line(text);
    let headers: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            diags
                .error(shown, Pos::new(header_line, 0), format!("cannot read the header row: {e}"))
                .hint("save the file as UTF-8 CSV with a header row first");
            return None;
        }
    };
    // Cells are at most the file's text, one per `,` or line break.
    let separators = text.iter().filter(|&&b| b == b',' || b == b'\n').count();
    let mut rows = Rows::with_capacity(text.len(), separators + 1);
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
        if rows.len() >= MAX_ROWS {
            diags
                .error(
                    shown,
                    Pos::new(line, 0),
                    format!("the file has more than {MAX_ROWS} rows; the rest was not read"),
                )
                .hint("split the data, or check that this is the right file");
            break;
        }
        rows.push(line, record.iter().map(str::trim));
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

    /// Data rows in the table (this one included), to size what they fill.
    pub fn table_rows(&self) -> usize {
        self.reader.rows
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
        let text = self.record.get(field).unwrap_or("");
        let pos = Pos::new(self.line, field + self.reader.first_col);
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            self.ok = false;
            self.diags
                .error(
                    &self.reader.path,
                    pos,
                    format!(
                        "column `{name}`: the cell has {} characters, more than {MAX_CELL_CHARS}: `{}`",
                        text.chars().count(),
                        echo(text)
                    ),
                )
                .hint("check for a missing quote or line break that joined several cells");
            return None;
        }
        // Printable ASCII (nearly every cell) needs no decoding to know it.
        let plain = text.bytes().all(|b| (b' '..=b'~').contains(&b));
        let control = if plain { None } else { text.chars().find(|c| c.is_control()) };
        if let Some(bad) = control {
            self.ok = false;
            self.diags
                .error(
                    &self.reader.path,
                    pos,
                    format!(
                        "column `{name}`: control character U+{:04X} in `{}`",
                        bad as u32,
                        echo(text)
                    ),
                )
                .hint("remove it: cells hold plain text on one line");
            return None;
        }
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
        let text = self.cell(name)?;
        // The cell is copied only to report it.
        match kind.parse(text) {
            Some(v) => Some(v),
            None => {
                let text = text.to_owned();
                self.fail(
                    name,
                    format!(
                        "column `{name}`: expected {}, found `{}`",
                        kind.expected(),
                        echo(&text)
                    ),
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
        let text = self.cell(name)?;
        match parse(text) {
            Some(v) => Some(v),
            None => {
                let text = text.to_owned();
                self.fail(
                    name,
                    format!("column `{name}`: expected {expected}, found `{}`", echo(&text)),
                    hint,
                );
                None
            }
        }
    }

    /// A number already read from `name`, checked against a sane range:
    /// out of it is an error; below `plausible` (when given) a warning.
    pub fn in_range(
        &mut self,
        name: &str,
        value: Option<f64>,
        range: limits::Range,
        plausible: Option<(f64, &str)>,
        hint: &str,
    ) -> Option<f64> {
        let v = value?;
        if !range.accepts(v) {
            self.fail(
                name,
                format!(
                    "column `{name}`: expected a number {}, found {}",
                    range.words(),
                    limits::short(v)
                ),
                hint,
            );
            return None;
        }
        if let Some((low, why)) = plausible {
            if v < low {
                let pos = self.pos(name);
                self.diags
                    .warning(
                        &self.reader.path,
                        pos,
                        format!("column `{name}`: {} is implausibly low ({why})", limits::short(v)),
                    )
                    .hint(hint);
            }
        }
        Some(v)
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
///
/// The work is bounded: a word longer than an id may be ([`MAX_ID_CHARS`])
/// gets no suggestion, a candidate whose length differs by more than the
/// allowed distance is skipped without comparing, each comparison stops as
/// soon as it cannot beat the best so far, and one load spends at most
/// [`HINT_BUDGET`] steps on suggestions in all: past that (thousands of
/// misspelled ids against a national data set) hints stop, the same way
/// on every run and in whatever order the candidates come.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    if word.len() > 4 * MAX_ID_CHARS || word.chars().count() > MAX_ID_CHARS {
        return None;
    }
    let spent = HINT_WORK.load(Ordering::Relaxed);
    if spent >= HINT_BUDGET {
        return None;
    }
    let (best, work) = closest_within(word, candidates, HINT_BUDGET - spent);
    HINT_WORK.fetch_add(work, Ordering::Relaxed);
    best
}

/// [`closest`] with `budget` steps of work: the best candidate, or `None`
/// if the budget ran out, and the steps spent (all of `budget` if so).
fn closest_within<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    budget: u64,
) -> (Option<&'c str>, u64) {
    let word: Vec<char> = word.to_ascii_lowercase().chars().collect();
    let mut work = 0u64;
    let mut best: Option<(usize, &str)> = None;
    let mut cand: Vec<char> = Vec::new();
    let mut rows = (Vec::new(), Vec::new());
    for c in candidates {
        if c.len() > 4 * MAX_ID_CHARS {
            continue;
        }
        let len = if c.is_ascii() { c.len() } else { c.chars().count() };
        let allowed = 2.max(len / 4);
        if word.len().abs_diff(len) > allowed {
            continue;
        }
        // Counted before the best-so-far pruning below, so the work (and
        // whether the budget runs out) does not depend on the order the
        // candidates come in.
        work += (word.len() * len) as u64;
        if work >= budget {
            return (None, budget);
        }
        // A tie at the best distance still needs comparing (alphabetical order).
        let limit = best.map_or(allowed, |(d, _)| d.min(allowed));
        if word.len().abs_diff(len) > limit {
            continue;
        }
        cand.clear();
        cand.extend(c.chars().map(|ch| ch.to_ascii_lowercase()));
        let Some(d) = edit_distance_within(&word, &cand, limit, &mut rows) else { continue };
        let better = match best {
            None => true,
            Some((bd, bc)) => d < bd || (d == bd && c < bc),
        };
        if better {
            best = Some((d, c));
        }
    }
    (best.map(|(_, c)| c), work)
}

/// Steps of edit-distance work one load may spend on did-you-mean hints
/// (about a second on a slow machine).
pub const HINT_BUDGET: u64 = 100_000_000;

static HINT_WORK: AtomicU64 = AtomicU64::new(0);

/// Steps of did-you-mean work spent so far in this load.
pub fn hint_work_spent() -> u64 {
    HINT_WORK.load(Ordering::Relaxed)
}

/// Start a new budget of did-you-mean work (at the start of each load).
pub fn reset_hint_budget() {
    HINT_WORK.store(0, Ordering::Relaxed);
}

/// The edit distance of `a` and `b` if it is at most `limit`, else `None`;
/// stops as soon as every entry of a row of the table exceeds `limit`.
fn edit_distance_within(
    a: &[char],
    b: &[char],
    limit: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let (prev, cur) = rows;
    prev.clear();
    prev.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        cur.clear();
        cur.push(i + 1);
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            let v = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(v);
            cur.push(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
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
    fn hint_work_does_not_depend_on_candidate_order() {
        // A close candidate first prunes the others by length; the work
        // counted (and so where the budget runs out) must not change.
        let names = ["georgia", "georgiaa", "georgia-long-name", "ga", "geor"];
        let mut reversed = names;
        reversed.reverse();
        let (a, wa) = closest_within("georgi", names, u64::MAX);
        let (b, wb) = closest_within("georgi", reversed, u64::MAX);
        assert_eq!((a, wa), (b, wb));
        assert_eq!(a, Some("georgia"));
        // Just short of the work needed: no hint, in either order.
        assert_eq!(closest_within("georgi", names, wa).0, None);
        assert_eq!(closest_within("georgi", reversed, wa).0, None);
        assert_eq!(closest_within("georgi", reversed, wa + 1).0, Some("georgia"));
    }

    #[test]
    fn header_line_skips_comments() {
        assert_eq!(header_line(b"# note\n\nstate,name\n"), 3);
        assert_eq!(header_line(b"state,name\n"), 1);
    }
}
