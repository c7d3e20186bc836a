//! The data rows of a table as read from a file, every cell in one buffer:
//! reading a national file copies its cells once, with no allocation per
//! row or per cell.

/// A table's data rows, each with the line it came from.
#[derive(Debug, Default)]
pub struct Rows {
    /// Every cell, back to back.
    text: String,
    /// Where each cell ends in `text` (a cell starts where the one before ends).
    ends: Vec<usize>,
    /// Per row: its line, and the index in `ends` of its first cell.
    rows: Vec<(usize, usize)>,
}

/// One row's cells.
#[derive(Debug, Clone, Copy)]
pub struct Record<'c> {
    text: &'c str,
    /// Where the row's first cell starts in `text`.
    start: usize,
    /// Where each of its cells ends in `text`.
    ends: &'c [usize],
}

impl Rows {
    /// No rows yet, with room for `text` bytes of cells and `cells` cells.
    pub fn with_capacity(text: usize, cells: usize) -> Rows {
        Rows {
            text: String::with_capacity(text),
            ends: Vec::with_capacity(cells),
            rows: Vec::new(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Add a row: its line and its cells.
    pub fn push<'s>(&mut self, line: usize, cells: impl IntoIterator<Item = &'s str>) {
        self.rows.push((line, self.ends.len()));
        for cell in cells {
            self.text.push_str(cell);
            self.ends.push(self.text.len());
        }
    }

    /// Every row, in order, with its line.
    pub fn iter(&self) -> impl Iterator<Item = (usize, Record<'_>)> + '_ {
        self.rows.iter().enumerate().map(|(k, &(line, first))| {
            let last = self.rows.get(k + 1).map_or(self.ends.len(), |r| r.1);
            let start = if first == 0 { 0 } else { self.ends[first - 1] };
            (line, Record { text: &self.text, start, ends: &self.ends[first..last] })
        })
    }
}

impl<'c> Record<'c> {
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Cell `i`, if the row has it.
    pub fn get(&self, i: usize) -> Option<&'c str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { self.start } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_give_back_their_cells() {
        let mut rows = Rows::default();
        rows.push(2, ["a", "", "ccc"]);
        rows.push(3, []);
        rows.push(5, ["", "é", "x"]);
        rows.push(6, ["last"]);
        let got: Vec<(usize, Vec<&str>)> = rows
            .iter()
            .map(|(line, r)| (line, (0..r.len()).map(|i| r.get(i).unwrap()).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, vec!["a", "", "ccc"]),
                (3, vec![]),
                (5, vec!["", "é", "x"]),
                (6, vec!["last"]),
            ]
        );
        assert_eq!(rows.len(), 4);
        let (_, first) = rows.iter().next().unwrap();
        assert_eq!(first.get(3), None);
    }
}
