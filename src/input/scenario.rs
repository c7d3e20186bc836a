//! The scenario file (MODEL.md §1): every planning choice, read from TOML
//! with every key checked where it is read. Unknown keys are errors, and all
//! problems are reported at once with their line and column.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::base::numbers::money;
use crate::input::data::{closest, DataPaths, Office, Rating};
use crate::input::date::Date;
use crate::input::diag::{Diagnostics, Pos};
use crate::input::limits::{self, echo, MAX_CELL_CHARS};

mod funders;
pub use funders::{check_against_data as check_funders, Funder};

/// A whole scenario, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The scenario file, as shown to users.
    pub path: PathBuf,
    /// Display name.
    pub name: String,
    /// Budget, dollars.
    pub budget: f64,
    /// The budget the scenario file gives, when `--budget` replaced it.
    pub file_budget: Option<f64>,
    /// Plan date: races before it are worth nothing.
    pub start: Option<Date>,
    /// End of the current cycle: later races count at power · discount^years.
    pub horizon: Option<Date>,
    /// Discount per year for races after the horizon.
    pub discount: f64,
    /// Grants are whole multiples of this many dollars.
    pub rounding: f64,
    /// Spend exactly the budget.
    pub spend_all: bool,
    /// Groups never funded.
    pub exclude: Vec<Named>,
    /// `states = [...]`: plan for groups in these states only (empty: every
    /// state).
    pub scope_states: Vec<Named>,
    /// `groups = [...]`: plan for these groups only (empty: every group).
    pub scope_groups: Vec<Named>,
    /// Data files, resolved against the scenario's folder.
    pub data: DataPaths,
    /// Forecast-error settings.
    pub scoring: Scoring,
    /// Office weights, indexed like [`Office::ALL`].
    pub office_weights: [f64; 11],
    /// Diminishing returns.
    pub returns: Returns,
    /// Caps and MILP settings.
    pub limits: Limits,
    /// Per-state minimum and maximum, dollars.
    pub states: Vec<StateLimit>,
    /// Constituency floors: share of the budget for groups with the tag.
    pub floors: Vec<Floor>,
    /// Fixed grants.
    pub locks: Vec<Lock>,
    /// Funding periods (empty = one period with multiplier 1).
    pub periods: Vec<Period>,
    /// Timing limits.
    pub timing: Timing,
    /// Effect ceilings (MODEL.md §3, Effect ceiling).
    pub effects: Effects,
    /// Where each key was written, by its dotted path (`spend_all`,
    /// `limits.min_grant`, `data.groups`), so that any later message about
    /// it can name its line.
    pub positions: std::collections::BTreeMap<String, Pos>,
    /// A donor table: the funders planning together (empty: one funder).
    pub funders: Vec<Funder>,
}

impl Scenario {
    /// Where `key` (a dotted path such as `limits.min_grant`) was written,
    /// if it was.
    pub fn pos_of(&self, key: &str) -> Option<Pos> {
        self.positions.get(key).copied()
    }
}

/// `[effects]`: how far this plan can move one race's margin.
#[derive(Debug, Clone)]
pub struct Effects {
    /// Points of margin, for races without an office or race ceiling
    /// (default 2.0; 0 = no ceiling).
    pub max_shift: f64,
    /// `[effects.office]` overrides, points, indexed like [`Office::ALL`].
    pub office: [Option<f64>; 11],
}

impl Default for Effects {
    fn default() -> Effects {
        Effects { max_shift: DEFAULT_MAX_SHIFT, office: [None; 11] }
    }
}

/// Points of margin this plan may move in one race, unless the scenario says otherwise.
pub const DEFAULT_MAX_SHIFT: f64 = 2.0;

/// A name read from the scenario, with its place.
#[derive(Debug, Clone)]
pub struct Named {
    /// The name (a group id, a state code, a tag).
    pub name: String,
    /// Where it was written.
    pub pos: Pos,
}

/// Forecast settings (points of margin).
#[derive(Debug, Clone)]
pub struct Scoring {
    /// sd of the national swing shared by all races.
    pub national_sd: f64,
    /// Added to every race's margin.
    pub national_shift: f64,
    /// Race-specific sd for races without margin_sd.
    pub race_sd: f64,
    /// Lognormal sd of dollars_per_net_vote, for `robust`.
    pub cost_sd: f64,
    /// `scoring.df`: degrees of freedom of Student-t forecast errors (fat
    /// tails), 3 to 100; 0 = normal errors.
    pub df: u32,
    /// μ for each rating, indexed like [`Rating::ALL`].
    pub rating_margins: [f64; 7],
    /// `scoring.anchor`: set `national_shift` so that P(D control) of a
    /// chamber matches a published forecast (MODEL.md §2, Anchoring).
    pub anchor: Option<Anchor>,
}

/// `scoring.anchor = { chamber, p_control }`.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// Chamber id, with its place.
    pub chamber: Named,
    /// The published P(D control), in (0, 1).
    pub p_control: f64,
    /// The national shift found, points (set once solved, before scoring).
    pub shift: Option<f64>,
}

/// Diminishing returns: tranches of room and their value factors.
#[derive(Debug, Clone)]
pub struct Returns {
    /// Fractions of room, summing to 1.
    pub tranches: Vec<f64>,
    /// Value factor of each tranche, non-increasing.
    pub factors: Vec<f64>,
}

/// Caps on grants.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// A state's share of the budget, at most.
    pub max_state_share: Option<f64>,
    /// A group's share of the budget, at most.
    pub max_group_share: Option<f64>,
    /// A grant as a share of the group's annual budget, at most.
    pub max_dependency: Option<f64>,
    /// Smallest grant, dollars (MILP).
    pub min_grant: Option<f64>,
    /// Most groups funded (MILP).
    pub max_groups: Option<u32>,
}

/// `[states.XX]`: dollars for one state.
#[derive(Debug, Clone)]
pub struct StateLimit {
    /// State code, with its place.
    pub state: Named,
    /// At least this many dollars.
    pub min: Option<f64>,
    /// At most this many dollars.
    pub max: Option<f64>,
}

/// `[floors]`: share of the budget for groups with a tag.
#[derive(Debug, Clone)]
pub struct Floor {
    /// The tag, with its place.
    pub tag: Named,
    /// Share of the budget, [0, 1].
    pub share: f64,
}

/// `[[lock]]`: a fixed grant.
#[derive(Debug, Clone)]
pub struct Lock {
    /// Group id, with its place.
    pub group: Named,
    /// Dollars.
    pub amount: f64,
}

/// `[[periods]]`: one funding period.
#[derive(Debug, Clone)]
pub struct Period {
    /// Name, e.g. `2027-H1`.
    pub name: String,
    /// First day of the period.
    pub start: Date,
    /// Dollars released at its start.
    pub release: f64,
    /// Value multiplier of money spent in it.
    pub multiplier: f64,
    /// Where the period was written.
    pub pos: Pos,
}

/// `[timing]`.
#[derive(Debug, Clone, Default)]
pub struct Timing {
    /// Share of a group's room it may absorb in one period, at most.
    pub max_period_share: Option<f64>,
}

/// "a CSV file" (or a spreadsheet) when `path` names a data file rather than
/// a scenario, judged by its extension.
fn data_file_kind(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "tsv" => Some("a CSV data file"),
        "xlsx" | "xls" | "ods" => Some("a spreadsheet"),
        _ => None,
    }
}

impl Scenario {
    /// Weight of an office (scenario override or default).
    pub fn office_weight(&self, office: Office) -> f64 {
        self.office_weights[office as usize]
    }

    /// The effect ceiling of a race, points of margin: its own `max_shift`
    /// cell, else `[effects.office]`, else `effects.max_shift`. `None` when
    /// that value is 0: no ceiling.
    pub fn max_shift(&self, office: Office, own: Option<f64>) -> Option<f64> {
        let shift = own.or(self.effects.office[office as usize]).unwrap_or(self.effects.max_shift);
        (shift > 0.0).then_some(shift)
    }

    /// μ for a rating.
    pub fn rating_margin(&self, rating: Rating) -> f64 {
        self.scoring.rating_margins[rating as usize]
    }

    /// Whether the scope (`states = [...]`, `groups = [...]`) takes in a
    /// group with this id in this state.
    pub fn in_scope(&self, group: &str, state: &str) -> bool {
        (self.scope_states.is_empty() || self.scope_states.iter().any(|s| s.name == state))
            && (self.scope_groups.is_empty() || self.scope_groups.iter().any(|g| g.name == group))
    }

    /// Set a new budget. Period releases and funders' budgets scale with
    /// it, so they still add up.
    pub fn set_budget(&mut self, budget: f64) {
        let old = self.budget;
        self.budget = budget;
        if old > 0.0 {
            for p in &mut self.periods {
                p.release *= budget / old;
            }
            for f in &mut self.funders {
                f.budget *= budget / old;
            }
        }
    }

    /// Read and check a scenario file. Returns `None` when it cannot be
    /// used; every problem is in `diags`.
    pub fn load(path: &Path, diags: &mut Diagnostics) -> Option<Scenario> {
        if let Some(kind) = data_file_kind(path) {
            diags.error(path, Pos::default(), format!("this is {kind}, not a scenario")).hint(
                "give the scenario .toml file, which names its data files under [data], \
                     e.g. scenarios/midterms-2026.toml (`grantplan init DIR` writes a starter)",
            );
            return None;
        }
        let bytes = match limits::read_input(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                diags.error(path, Pos::default(), e.replace("the file", "the scenario")).hint(
                    "give the path of a scenario .toml file, e.g. scenarios/midterms-2026.toml",
                );
                return None;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
                let column = 1 + String::from_utf8_lossy(
                    &good[good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..],
                )
                .chars()
                .count();
                diags
                    .error(path, Pos::new(line, column), "the scenario is not UTF-8 text")
                    .hint("save the file as UTF-8 (most editors offer it under \"Save as\")");
                return None;
            }
        };
        Scenario::parse(path, &text, diags)
    }

    /// Parse scenario text; `path` is used for messages and to resolve data
    /// paths. Returns the scenario as far as it could be read (so its data
    /// files can be checked too) unless the text is not TOML at all; every
    /// problem is in `diags`.
    pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Scenario> {
        let mut cx = Cx::new(path, text, diags);
        let doc = match DeTable::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let pos = e.span().map_or(Pos::default(), |s| cx.pos(s));
                cx.diags
                    .error(path, pos, format!("this is not valid TOML: {}", e.message().trim()))
                    .hint("check quotes, brackets and `key = value` lines near this place");
                return None;
            }
        };
        let scenario = read_scenario(&mut cx, doc.get_ref());
        check_scenario(&mut cx, &scenario);
        Some(scenario)
    }
}

/// Parsing context: the file, its text (for line and column), the diagnostics.
struct Cx<'a> {
    file: &'a Path,
    /// Where each key was written (see [`Scenario::positions`]).
    positions: std::collections::BTreeMap<String, Pos>,
    line_starts: Vec<usize>,
    text: &'a str,
    diags: &'a mut Diagnostics,
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

impl<'a> Cx<'a> {
    fn new(file: &'a Path, text: &'a str, diags: &'a mut Diagnostics) -> Cx<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Cx { file, positions: Default::default(), line_starts, text, diags }
    }

    fn pos(&self, span: Range<usize>) -> Pos {
        let line = self.line_starts.partition_point(|&s| s <= span.start);
        let start = self.line_starts[line - 1];
        let column = self.text.get(start..span.start).map_or(1, |s| s.chars().count() + 1);
        Pos::new(line, column)
    }

    fn error(&mut self, span: Range<usize>, message: String, hint: &str) {
        let pos = self.pos(span);
        let d = self.diags.error(self.file, pos, message);
        if !hint.is_empty() {
            d.hint(hint);
        }
    }

    /// Report keys of `table` not in `known`. `section` names the table in messages.
    fn known_keys(&mut self, table: &Table<'_>, known: &[&str], section: &str) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                let path = if section.is_empty() {
                    name.to_owned()
                } else {
                    format!("{}.{name}", section.trim_matches(['[', ']']))
                };
                let pos = self.pos(key.span());
                self.positions.entry(path).or_insert(pos);
                continue;
            }
            let hint = match closest(name, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("keys allowed here: {}", known.join(", ")),
            };
            let msg = if section.is_empty() {
                format!("unknown key `{name}`")
            } else {
                format!("unknown key `{name}` in [{section}]")
            };
            self.error(key.span(), msg, &hint);
        }
    }

    fn number(&mut self, v: &Value<'_>, what: &str, check: Check) -> Option<f64> {
        let x = match v.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(i.as_str(), i.radix()).ok().map(|x| x as f64)
            }
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            other => {
                let msg =
                    format!("`{what}`: expected {}, found {}", check.expected(), other.type_str());
                self.error(v.span(), msg, check.hint());
                return None;
            }
        };
        match x {
            Some(x) if check.accepts(x) => Some(x),
            _ => {
                let raw = echo(self.text.get(v.span()).unwrap_or("?").trim());
                let msg = format!("`{what}`: expected {}, found {raw}", check.expected());
                self.error(v.span(), msg, check.hint());
                None
            }
        }
    }

    fn string(&mut self, v: &Value<'_>, what: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) if s.chars().count() > MAX_CELL_CHARS => {
                let msg = format!(
                    "`{what}`: the text has {} characters, more than {MAX_CELL_CHARS}: \"{}\"",
                    s.chars().count(),
                    echo(s)
                );
                self.error(v.span(), msg, "shorten it");
                None
            }
            DeValue::String(s) if s.chars().any(char::is_control) => {
                let msg =
                    format!("`{what}`: control characters are not allowed, found \"{}\"", echo(s));
                self.error(
                    v.span(),
                    msg,
                    "remove the escape sequences (\\u0000, \\n, \\t ...) from the text",
                );
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            other => {
                let msg = format!("`{what}`: expected a quoted string, found {}", other.type_str());
                self.error(v.span(), msg, "put the text in double quotes");
                None
            }
        }
    }

    fn boolean(&mut self, v: &Value<'_>, what: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                let msg = format!("`{what}`: expected true or false, found {}", other.type_str());
                self.error(v.span(), msg, "write true or false without quotes");
                None
            }
        }
    }

    fn date(&mut self, v: &Value<'_>, what: &str) -> Option<Date> {
        let parsed = match v.get_ref() {
            DeValue::String(s) => Date::parse(s),
            DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
                d.date.and_then(|d| {
                    Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                })
            }
            _ => None,
        };
        if parsed.is_none() {
            let raw = echo(self.text.get(v.span()).unwrap_or("?").trim());
            let msg = format!("`{what}`: expected a date YYYY-MM-DD, found {raw}");
            self.error(v.span(), msg, "write a real calendar date, e.g. \"2026-11-03\"");
        }
        parsed
    }

    fn table<'t, 'i>(&mut self, v: &'t Value<'i>, what: &str) -> Option<&'t Table<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let msg = format!("`{what}`: expected a table, found {}", other.type_str());
                self.error(v.span(), msg, &format!("write it as a [{what}] section"));
                None
            }
        }
    }

    fn array<'t, 'i>(&mut self, v: &'t Value<'i>, what: &str) -> Option<&'t [Value<'i>]> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            other => {
                let msg = format!("`{what}`: expected an array [..], found {}", other.type_str());
                self.error(v.span(), msg, "write a list in square brackets, e.g. [0.5, 0.5]");
                None
            }
        }
    }

    fn numbers(&mut self, v: &Value<'_>, what: &str, check: Check) -> Option<Vec<f64>> {
        let items = self.array(v, what)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.number(item, what, check) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// What a number must be.
#[derive(Debug, Clone, Copy)]
///
/// Every number must be finite and in a sane range (see
/// [`crate::input::limits`]): dollars at most $1e12 in whole cents (the
/// budget in whole dollars), multipliers, factors and weights at most 1e6,
/// points of margin within ±200, sds that divide a margin at least 0.1.
enum Check {
    Dollars,
    Budget,
    Share,
    PositiveShare,
    Positive,
    NonNegative,
    Points,
    /// An sd that may be 0 (another sd is added to it before dividing).
    SdOrZero,
    /// An sd that a margin may be divided by alone.
    Sd,
    /// A lognormal sd (of cost per net vote).
    LogSd,
    PositiveInt,
    /// Degrees of freedom of Student-t errors: 0 (normal) or 3 to 100.
    Df,
}

impl Check {
    fn accepts(self, x: f64) -> bool {
        use limits::{MAX_DOLLARS, MAX_FACTOR, MAX_POINTS, MIN_SD};
        let whole_cents = |x: f64| ((x * 100.0).round() - x * 100.0).abs() < 1e-6;
        x.is_finite()
            && match self {
                Check::Dollars => (0.0..=MAX_DOLLARS).contains(&x) && whole_cents(x),
                Check::Budget => (1.0..=MAX_DOLLARS).contains(&x) && x.fract() == 0.0,
                Check::Positive => x > 0.0 && x <= MAX_FACTOR,
                Check::NonNegative => (0.0..=MAX_FACTOR).contains(&x),
                Check::Share => (0.0..=1.0).contains(&x),
                Check::PositiveShare => x > 0.0 && x <= 1.0,
                Check::Points => x.abs() <= MAX_POINTS,
                Check::SdOrZero => (0.0..=MAX_POINTS).contains(&x),
                Check::Sd => (MIN_SD..=MAX_POINTS).contains(&x),
                Check::LogSd => (0.0..=5.0).contains(&x),
                Check::PositiveInt => (1.0..=MAX_DOLLARS).contains(&x) && x.fract() == 0.0,
                Check::Df => (x == 0.0 || (3.0..=100.0).contains(&x)) && x.fract() == 0.0,
            }
    }

    fn expected(self) -> &'static str {
        match self {
            Check::Dollars => "dollars ≥ 0 (whole cents, at most $1e12)",
            Check::Budget => "whole dollars > 0 (at most $1e12)",
            Check::Share => "a share between 0 and 1",
            Check::PositiveShare => "a share above 0 and at most 1",
            Check::Positive => "a number > 0 (at most 1e6)",
            Check::NonNegative => "a number ≥ 0 (at most 1e6)",
            Check::Points => "a number of points (between -200 and 200)",
            Check::SdOrZero => "points of sd between 0 and 200",
            Check::Sd => "points of sd between 0.1 and 200",
            Check::LogSd => "a lognormal sd between 0 and 5",
            Check::PositiveInt => "a whole number ≥ 1",
            Check::Df => "0 (normal errors) or whole degrees of freedom from 3 to 100",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Check::Dollars | Check::Budget => "write dollars as a number, e.g. 10_000_000",
            Check::Share | Check::PositiveShare => "write a fraction, e.g. 0.25 for 25%",
            Check::Positive | Check::NonNegative | Check::Points => {
                "write a plain number, e.g. 3.0"
            }
            Check::SdOrZero | Check::Sd => {
                "a forecast sd in points of margin, e.g. 3.0 (below 0.1 no race is uncertain)"
            }
            Check::LogSd => "e.g. 0.3: a group's cost per net vote varies by about ±30%",
            Check::PositiveInt => "write a whole number, e.g. 40",
            Check::Df => {
                "df = 5 gives fat-tailed (Student-t) errors like 538's and The Economist's; below 3 a t has no finite sd; 0 or no key keeps normal errors"
            }
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "name",
    "budget",
    "start",
    "horizon",
    "discount",
    "rounding",
    "spend_all",
    "exclude",
    "groups",
    "data",
    "scoring",
    "offices",
    "returns",
    "limits",
    "states",
    "floors",
    "lock",
    "periods",
    "timing",
    "effects",
    "funders",
];

fn read_scenario(cx: &mut Cx<'_>, doc: &Table<'_>) -> Scenario {
    cx.known_keys(doc, TOP_KEYS, "");
    let file = cx.file.to_path_buf();
    let mut sc = Scenario {
        path: file.clone(),
        name: file.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
        budget: 0.0,
        file_budget: None,
        start: None,
        horizon: None,
        discount: 0.8,
        rounding: 1000.0,
        spend_all: false,
        exclude: Vec::new(),
        scope_states: Vec::new(),
        scope_groups: Vec::new(),
        data: DataPaths::default(),
        scoring: Scoring {
            national_sd: 3.0,
            national_shift: 0.0,
            race_sd: 5.0,
            cost_sd: 0.3,
            df: 0,
            rating_margins: Rating::ALL.map(Rating::default_margin),
            anchor: None,
        },
        office_weights: Office::ALL.map(Office::default_weight),
        returns: Returns { tranches: vec![0.25; 4], factors: vec![1.0, 0.85, 0.7, 0.55] },
        limits: Limits::default(),
        states: Vec::new(),
        floors: Vec::new(),
        locks: Vec::new(),
        periods: Vec::new(),
        timing: Timing::default(),
        positions: Default::default(),
        effects: Effects::default(),
        funders: Vec::new(),
    };
    let get = |key: &str| doc.get(key);
    if let Some(v) = get("name") {
        if let Some(s) = cx.string(v, "name") {
            sc.name = s;
        }
    }
    match get("budget") {
        Some(v) => sc.budget = cx.number(v, "budget", Check::Budget).unwrap_or(0.0),
        None if get("funders").is_some() => {}
        None => {
            cx.diags
                .error(cx.file, Pos::new(1, 1), "the scenario has no `budget`")
                .hint("add a line such as budget = 10_000_000 (dollars)");
        }
    }
    if let Some(v) = get("start") {
        sc.start = cx.date(v, "start");
    }
    if let Some(v) = get("horizon") {
        sc.horizon = cx.date(v, "horizon");
    }
    if let Some(v) = get("discount") {
        sc.discount = cx.number(v, "discount", Check::PositiveShare).unwrap_or(sc.discount);
    }
    if let Some(v) = get("rounding") {
        sc.rounding = cx.number(v, "rounding", Check::PositiveInt).unwrap_or(sc.rounding);
    }
    if let Some(v) = get("spend_all") {
        sc.spend_all = cx.boolean(v, "spend_all").unwrap_or(false);
    }
    if let Some(v) = get("exclude") {
        sc.exclude = names(cx, v, "exclude");
    }
    if let Some(v) = get("groups") {
        sc.scope_groups = names(cx, v, "groups");
        if sc.scope_groups.is_empty() {
            cx.error(
                v.span(),
                "`groups = []` leaves no group to fund".into(),
                "list the group ids to plan for, or remove the line to plan for every group",
            );
        }
    }
    read_data(cx, doc, &mut sc);
    if let Some(t) = get("scoring").and_then(|v| cx.table(v, "scoring")) {
        read_scoring(cx, t, &mut sc.scoring);
    }
    if let Some(t) = get("offices").and_then(|v| cx.table(v, "offices")) {
        let known = Office::ALL.map(Office::as_str);
        cx.known_keys(t, &known, "offices");
        for (key, v) in t.iter() {
            if let Some(office) = Office::parse(key.get_ref()) {
                let what = format!("offices.{}", key.get_ref());
                if let Some(w) = cx.number(v, &what, Check::NonNegative) {
                    sc.office_weights[office as usize] = w;
                }
            }
        }
    }
    if let Some(t) = get("returns").and_then(|v| cx.table(v, "returns")) {
        cx.known_keys(t, &["tranches", "factors"], "returns");
        if let Some(v) = t.get("tranches") {
            if let Some(xs) = cx.numbers(v, "returns.tranches", Check::PositiveShare) {
                sc.returns.tranches = xs;
            }
        }
        if let Some(v) = t.get("factors") {
            if let Some(xs) = cx.numbers(v, "returns.factors", Check::NonNegative) {
                sc.returns.factors = xs;
            }
        }
        check_returns(cx, t, &sc.returns);
    }
    if let Some(t) = get("limits").and_then(|v| cx.table(v, "limits")) {
        read_limits(cx, t, &mut sc.limits);
    }
    if let Some(v) = get("states") {
        if let DeValue::Array(_) = v.get_ref() {
            sc.scope_states = names(cx, v, "states");
            if sc.scope_states.is_empty() {
                cx.error(v.span(), "`states = []` leaves no state to fund".into(), "list the state codes to plan for, e.g. states = [\"PA\", \"MI\"], or remove the line");
            }
        } else if let Some(t) = cx.table(v, "states") {
            read_states(cx, t, &mut sc.states, &mut sc.scope_states);
        }
    }
    if let Some(t) = get("floors").and_then(|v| cx.table(v, "floors")) {
        for (key, v) in t.iter() {
            let what = format!("floors.{}", key.get_ref());
            if let Some(share) = cx.number(v, &what, Check::Share) {
                let tag = Named { name: key.get_ref().to_string(), pos: cx.pos(key.span()) };
                sc.floors.push(Floor { tag, share });
            }
        }
    }
    if let Some(v) = get("lock") {
        read_locks(cx, v, &mut sc.locks);
    }
    if let Some(v) = get("periods") {
        read_periods(cx, v, &mut sc.periods);
    }
    if let (Some(s), Some(h)) = (sc.start, sc.horizon) {
        if h < s {
            let pos = cx.positions.get("horizon").copied().unwrap_or_default();
            cx.diags
                .error(cx.file, pos, format!("horizon {h} is before start {s}"))
                .hint("the horizon is the end of the current cycle and must come after the start");
        }
    }
    if sc.horizon.is_some() && sc.start.is_none() {
        let pos = cx.positions.get("horizon").copied().unwrap_or_default();
        cx.diags
            .error(cx.file, pos, "`horizon` is set but `start` is not")
            .hint("races after the horizon are discounted by years since the start: add start = \"YYYY-MM-DD\"");
    }
    if let Some(t) = get("timing").and_then(|v| cx.table(v, "timing")) {
        cx.known_keys(t, &["max_period_share"], "timing");
        if let Some(v) = t.get("max_period_share") {
            sc.timing.max_period_share =
                cx.number(v, "timing.max_period_share", Check::PositiveShare);
        }
    }
    if let Some(t) = get("effects").and_then(|v| cx.table(v, "effects")) {
        read_effects(cx, t, &mut sc.effects);
    }
    if let Some(v) = get("funders") {
        funders::read(cx, v, &mut sc, get("budget").map(|b| b.span()));
    }
    sc.positions = std::mem::take(&mut cx.positions);
    sc
}

fn read_effects(cx: &mut Cx<'_>, t: &Table<'_>, e: &mut Effects) {
    cx.known_keys(t, &["max_shift", "office"], "effects");
    if let Some(v) = t.get("max_shift") {
        e.max_shift = cx.number(v, "effects.max_shift", Check::NonNegative).unwrap_or(e.max_shift);
    }
    if let Some(ot) = t.get("office").and_then(|v| cx.table(v, "effects.office")) {
        let known = Office::ALL.map(Office::as_str);
        cx.known_keys(ot, &known, "effects.office");
        for (key, v) in ot.iter() {
            if let Some(office) = Office::parse(key.get_ref()) {
                let what = format!("effects.office.{}", key.get_ref());
                if let Some(x) = cx.number(v, &what, Check::NonNegative) {
                    e.office[office as usize] = Some(x);
                }
            }
        }
    }
}

fn read_data(cx: &mut Cx<'_>, doc: &Table<'_>, sc: &mut Scenario) {
    let keys = ["states", "chambers", "races", "groups"];
    let Some(v) = doc.get("data") else {
        cx.diags
            .error(cx.file, Pos::new(1, 1), "the scenario has no [data] section")
            .hint("add [data] with states, chambers, races and groups = \"path/to/file.csv\"");
        return;
    };
    let Some(t) = cx.table(v, "data") else { return };
    cx.known_keys(t, &keys, "data");
    let dir = cx.file.parent().unwrap_or(Path::new("")).to_path_buf();
    for key in keys {
        let Some(v) = t.get(key) else {
            let pos = cx.pos(v.span());
            cx.diags
                .error(cx.file, pos, format!("[data] has no `{key}` file"))
                .hint(format!("add {key} = \"path/to/{key}.csv\" (relative to the scenario file)"));
            continue;
        };
        let Some(rel) = cx.string(v, &format!("data.{key}")) else { continue };
        let path = normalize(&dir.join(rel));
        match key {
            "states" => sc.data.states = path,
            "chambers" => sc.data.chambers = path,
            "races" => sc.data.races = path,
            _ => sc.data.groups = path,
        }
    }
}

/// Remove `.` and `dir/..` lexically, so messages show short paths.
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

fn read_scoring(cx: &mut Cx<'_>, t: &Table<'_>, s: &mut Scoring) {
    cx.known_keys(
        t,
        &["national_sd", "national_shift", "race_sd", "cost_sd", "df", "rating_margins", "anchor"],
        "scoring",
    );
    if let Some(v) = t.get("anchor") {
        s.anchor = read_anchor(cx, v);
        if let (Some(shift), Some(_)) = (t.get("national_shift"), &s.anchor) {
            cx.error(
                shift.span(),
                "`scoring.national_shift` and `scoring.anchor` are both given: the anchor sets the national shift".to_owned(),
                "remove one of them: the anchor finds the shift that matches its chamber's published P(D control)",
            );
        }
    }
    let mut num = |key: &str, check: Check, slot: &mut f64| {
        if let Some(v) = t.get(key) {
            if let Some(x) = cx.number(v, &format!("scoring.{key}"), check) {
                *slot = x;
            }
        }
    };
    num("national_sd", Check::SdOrZero, &mut s.national_sd);
    num("national_shift", Check::Points, &mut s.national_shift);
    num("race_sd", Check::Sd, &mut s.race_sd);
    num("cost_sd", Check::LogSd, &mut s.cost_sd);
    let mut df = f64::from(s.df);
    num("df", Check::Df, &mut df);
    s.df = df as u32;
    if let Some(rt) = t.get("rating_margins").and_then(|v| cx.table(v, "scoring.rating_margins")) {
        let known = Rating::ALL.map(Rating::as_str);
        cx.known_keys(rt, &known, "scoring.rating_margins");
        for (key, v) in rt.iter() {
            if let Some(r) = Rating::parse(key.get_ref()) {
                let what = format!("scoring.rating_margins.{}", key.get_ref());
                if let Some(x) = cx.number(v, &what, Check::Points) {
                    s.rating_margins[r as usize] = x;
                }
            }
        }
    }
}

fn read_anchor(cx: &mut Cx<'_>, v: &Value<'_>) -> Option<Anchor> {
    let t = cx.table(v, "scoring.anchor")?;
    cx.known_keys(t, &["chamber", "p_control"], "scoring.anchor");
    let chamber = match t.get("chamber") {
        Some(c) => {
            let pos = cx.pos(c.span());
            cx.string(c, "scoring.anchor.chamber").map(|name| Named { name, pos })
        }
        None => {
            cx.error(
                v.span(),
                "`scoring.anchor` has no `chamber`".to_owned(),
                "write e.g. anchor = { chamber = \"US-HOUSE\", p_control = 0.55 }",
            );
            None
        }
    };
    let p_control = match t.get("p_control") {
        Some(p) => {
            let x = cx.number(p, "scoring.anchor.p_control", Check::Share);
            match x {
                Some(x) if x > 0.0 && x < 1.0 => Some(x),
                Some(x) => {
                    cx.error(
                        p.span(),
                        format!("`scoring.anchor.p_control`: expected a probability strictly between 0 and 1, found {x}"),
                        "no national shift makes control certain or impossible: write e.g. 0.55",
                    );
                    None
                }
                None => None,
            }
        }
        None => {
            cx.error(
                v.span(),
                "`scoring.anchor` has no `p_control`".to_owned(),
                "write e.g. anchor = { chamber = \"US-HOUSE\", p_control = 0.55 }",
            );
            None
        }
    };
    Some(Anchor { chamber: chamber?, p_control: p_control?, shift: None })
}

fn check_returns(cx: &mut Cx<'_>, t: &Table<'_>, r: &Returns) {
    let span = |key: &str| t.get(key).map(|v| v.span());
    if r.tranches.len() != r.factors.len() {
        let at = span("factors").or_else(|| span("tranches")).unwrap_or(0..0);
        let msg =
            format!("[returns] has {} tranches but {} factors", r.tranches.len(), r.factors.len());
        cx.error(at, msg, "give one factor per tranche");
    }
    let sum: f64 = r.tranches.iter().sum();
    if r.tranches.is_empty() || (sum - 1.0).abs() > 1e-9 {
        let msg = format!(
            "`returns.tranches`: expected fractions of room summing to 1, found a sum of {sum}"
        );
        cx.error(span("tranches").unwrap_or(0..0), msg, "e.g. tranches = [0.25, 0.25, 0.25, 0.25]");
    }
    if r.factors.windows(2).any(|w| w[1] > w[0]) {
        let msg = "`returns.factors`: expected factors that fall (or stay level) from one tranche to the next".to_owned();
        cx.error(
            span("factors").unwrap_or(0..0),
            msg,
            "returns diminish: each tranche is worth no more than the one before, e.g. [1.0, 0.85, 0.7, 0.55]",
        );
    }
}

fn read_limits(cx: &mut Cx<'_>, t: &Table<'_>, l: &mut Limits) {
    let keys = ["max_state_share", "max_group_share", "max_dependency", "min_grant", "max_groups"];
    cx.known_keys(t, &keys, "limits");
    let mut get = |key: &str, check: Check| {
        t.get(key).and_then(|v| cx.number(v, &format!("limits.{key}"), check))
    };
    l.max_state_share = get("max_state_share", Check::Share);
    l.max_group_share = get("max_group_share", Check::Share);
    l.max_dependency = get("max_dependency", Check::NonNegative);
    l.min_grant = get("min_grant", Check::Dollars);
    l.max_groups = get("max_groups", Check::PositiveInt).map(|x| x as u32);
}

/// A list of quoted names (`exclude`, `groups`, `states`), each with its place.
fn names(cx: &mut Cx<'_>, v: &Value<'_>, what: &str) -> Vec<Named> {
    let mut out = Vec::new();
    for item in cx.array(v, what).unwrap_or_default() {
        if let Some(name) = cx.string(item, what) {
            let pos = cx.pos(item.span());
            out.push(Named { name, pos });
        }
    }
    out
}

/// `[states.XX]` limits, and `[states] include = [...]`, the scope written
/// beside them (`states = [...]` cannot be, in TOML).
fn read_states(cx: &mut Cx<'_>, t: &Table<'_>, out: &mut Vec<StateLimit>, scope: &mut Vec<Named>) {
    for (key, v) in t.iter() {
        let code: &str = key.get_ref();
        if code == "include" {
            *scope = names(cx, v, "states.include");
            if scope.is_empty() {
                cx.error(
                    v.span(),
                    "`include = []` leaves no state to fund".into(),
                    "list the state codes to plan for, or remove the line",
                );
            }
            continue;
        }
        let what = format!("states.{code}");
        let Some(st) = cx.table(v, &what) else { continue };
        cx.known_keys(st, &["min", "max"], &what);
        let min = st.get("min").and_then(|v| cx.number(v, &format!("{what}.min"), Check::Dollars));
        let max = st.get("max").and_then(|v| cx.number(v, &format!("{what}.max"), Check::Dollars));
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                let span = st.get("min").map_or(key.span(), |v| v.span());
                cx.error(span, format!("[{what}]: min {lo} is above max {hi}"), "set min ≤ max");
            }
        }
        out.push(StateLimit {
            state: Named { name: code.to_owned(), pos: cx.pos(key.span()) },
            min,
            max,
        });
    }
}

fn read_locks(cx: &mut Cx<'_>, v: &Value<'_>, out: &mut Vec<Lock>) {
    let Some(items) = cx.array(v, "lock") else { return };
    for item in items {
        let Some(t) = cx.table(item, "lock") else { continue };
        cx.known_keys(t, &["group", "amount"], "[lock]");
        let group = match t.get("group") {
            Some(g) => cx.string(g, "lock.group").map(|name| Named { name, pos: cx.pos(g.span()) }),
            None => {
                cx.error(
                    item.span(),
                    "[[lock]] has no `group`".to_owned(),
                    "add group = \"group-id\"",
                );
                None
            }
        };
        let amount = match t.get("amount") {
            Some(a) => cx.number(a, "lock.amount", Check::Dollars),
            None => {
                cx.error(
                    item.span(),
                    "[[lock]] has no `amount`".to_owned(),
                    "add amount = 250_000 (dollars)",
                );
                None
            }
        };
        if let (Some(group), Some(amount)) = (group, amount) {
            out.push(Lock { group, amount });
        }
    }
}

fn read_periods(cx: &mut Cx<'_>, v: &Value<'_>, out: &mut Vec<Period>) {
    let Some(items) = cx.array(v, "periods") else { return };
    for item in items {
        let Some(t) = cx.table(item, "periods") else { continue };
        cx.known_keys(t, &["name", "start", "release", "multiplier"], "[periods]");
        let pos = cx.pos(item.span());
        let name = t.get("name").and_then(|v| cx.string(v, "periods.name"));
        let start = t.get("start").and_then(|v| cx.date(v, "periods.start"));
        let release =
            t.get("release").and_then(|v| cx.number(v, "periods.release", Check::Dollars));
        let multiplier = match t.get("multiplier") {
            Some(v) => cx.number(v, "periods.multiplier", Check::Positive),
            None => Some(1.0),
        };
        for (key, got) in
            [("name", name.is_some()), ("start", start.is_some()), ("release", release.is_some())]
        {
            if !got && t.get(key).is_none() {
                cx.error(
                    item.span(),
                    format!("[[periods]] has no `{key}`"),
                    "each period needs name, start and release",
                );
            }
        }
        if let (Some(name), Some(start), Some(release), Some(multiplier)) =
            (name, start, release, multiplier)
        {
            out.push(Period { name, start, release, multiplier, pos });
        }
    }
}

/// Checks that need several keys at once.
fn check_scenario(cx: &mut Cx<'_>, sc: &Scenario) {
    let file = cx.file;
    let floor_sum: f64 = sc.floors.iter().map(|f| f.share).sum();
    if floor_sum > 1.0 + 1e-9 {
        let pos = sc.floors.first().map_or(Pos::default(), |f| f.tag.pos);
        let list: Vec<String> =
            sc.floors.iter().map(|f| format!("{} {}", f.tag.name, f.share)).collect();
        cx.diags
            .error(file, pos, format!("[floors] add up to {floor_sum:.3} of the budget ({}), more than all of it", list.join(", ")))
            .hint("lower the floors so they sum to at most 1 (a group with several tags counts toward each)");
    }
    let mut seen: Vec<&str> = Vec::new();
    for lock in &sc.locks {
        if seen.contains(&lock.group.name.as_str()) {
            cx.diags
                .error(file, lock.group.pos, format!("group `{}` is locked twice", lock.group.name))
                .hint("keep one [[lock]] per group");
        }
        seen.push(&lock.group.name);
        if sc.exclude.iter().any(|e| e.name == lock.group.name) {
            cx.diags
                .error(
                    file,
                    lock.group.pos,
                    format!("group `{}` is both locked and excluded", lock.group.name),
                )
                .hint("remove it from `exclude` or remove the [[lock]]");
        }
    }
    let locked: f64 = sc.locks.iter().map(|l| l.amount).sum();
    if sc.budget > 0.0 && locked > sc.budget + 1e-6 {
        let pos = sc.locks.first().map_or(Pos::default(), |l| l.group.pos);
        cx.diags
            .error(
                file,
                pos,
                format!(
                    "locked grants add up to {}, more than the budget of {}",
                    money(locked),
                    money(sc.budget)
                ),
            )
            .hint("raise the budget or lower the locked amounts");
    }
    if !sc.periods.is_empty() {
        for w in sc.periods.windows(2) {
            if w[1].start <= w[0].start {
                cx.diags
                    .error(
                        file,
                        w[1].pos,
                        format!(
                            "period `{}` starts on {}, not after period `{}` ({})",
                            w[1].name, w[1].start, w[0].name, w[0].start
                        ),
                    )
                    .hint("list [[periods]] in order of their start dates");
            }
        }
        let released: f64 = sc.periods.iter().map(|p| p.release).sum();
        if sc.budget > 0.0 && (released - sc.budget).abs() > 0.5 {
            cx.diags
                .error(
                    file,
                    sc.periods[0].pos,
                    format!(
                        "period releases add up to {}, but the budget is {}",
                        money(released),
                        money(sc.budget)
                    ),
                )
                .hint("make the releases of all [[periods]] sum to the budget");
        }
        if let Some(s) = sc.start {
            if sc.periods[0].start < s {
                cx.diags
                    .warning(
                        file,
                        sc.periods[0].pos,
                        format!(
                            "the first period starts on {}, before the plan's start {s}",
                            sc.periods[0].start
                        ),
                    )
                    .hint("races before the start are worth nothing either way");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Scenario>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let sc = Scenario::parse(Path::new("scenarios/s.toml"), text, &mut diags);
        (sc, diags)
    }

    const DATA: &str = "[data]\nstates = \"../data/states.csv\"\nchambers = \"c.csv\"\nraces = \"r.csv\"\ngroups = \"g.csv\"\n";

    #[test]
    fn defaults_fill_everything_but_budget_and_data() {
        let (sc, diags) = parse(&format!("budget = 500_000\n{DATA}"));
        let sc = sc.unwrap_or_else(|| panic!("{}", diags.render()));
        assert_eq!(sc.budget, 500_000.0);
        assert_eq!(sc.rounding, 1000.0);
        assert_eq!(sc.returns.factors, vec![1.0, 0.85, 0.7, 0.55]);
        assert_eq!(sc.scoring.national_sd, 3.0);
        assert_eq!(sc.data.states, PathBuf::from("data/states.csv"));
        assert_eq!(sc.data.groups, PathBuf::from("scenarios/g.csv"));
        assert_eq!(sc.office_weight(Office::Governor), 0.8);
    }

    #[test]
    fn reports_every_unknown_key_with_line_and_column() {
        let text = format!("budget = 1\nbugdet = 2\n{DATA}[limits]\nmax_stat_share = 0.3\n");
        let (_, diags) = parse(&text);
        assert!(diags.has_errors());
        let out = diags.render();
        assert!(out.contains("scenarios/s.toml:2:1: error: unknown key `bugdet`"), "{out}");
        assert!(out.contains("did you mean `budget`?"), "{out}");
        assert!(out.contains(":9:1: error: unknown key `max_stat_share` in [limits]"), "{out}");
        assert!(out.contains("did you mean `max_state_share`?"), "{out}");
    }

    #[test]
    fn rejects_tranches_that_do_not_sum_to_one_and_rising_factors() {
        let text =
            format!("budget = 1\n{DATA}[returns]\ntranches = [0.5, 0.4]\nfactors = [0.5, 0.9]\n");
        let (_, diags) = parse(&text);
        let out = diags.render();
        assert!(out.contains("summing to 1, found a sum of 0.9"), "{out}");
        assert!(out.contains("factors that fall"), "{out}");
    }

    #[test]
    fn broken_toml_names_the_place() {
        let (sc, diags) = parse("budget = = 3\n");
        assert!(sc.is_none());
        assert!(diags.render().starts_with("scenarios/s.toml:1:"), "{}", diags.render());
    }

    #[test]
    fn dates_accept_strings_and_toml_dates() {
        let (sc, diags) =
            parse(&format!("budget = 1\nstart = 2027-01-01\nhorizon = \"2028-11-07\"\n{DATA}"));
        let sc = sc.unwrap_or_else(|| panic!("{}", diags.render()));
        assert_eq!(sc.start.unwrap().to_string(), "2027-01-01");
        assert_eq!(sc.horizon.unwrap().to_string(), "2028-11-07");
        let (_, diags) = parse(&format!("budget = 1\nstart = \"2027-02-30\"\n{DATA}"));
        assert!(
            diags.render().contains("expected a date YYYY-MM-DD, found \"2027-02-30\""),
            "{}",
            diags.render()
        );
    }

    #[test]
    fn budget_override_scales_period_releases() {
        let text = format!("budget = 100\n{DATA}[[periods]]\nname = \"a\"\nstart = \"2027-01-01\"\nrelease = 60\n[[periods]]\nname = \"b\"\nstart = \"2027-06-01\"\nrelease = 40\n");
        let (sc, diags) = parse(&text);
        let mut sc = sc.unwrap_or_else(|| panic!("{}", diags.render()));
        sc.set_budget(200.0);
        assert_eq!(sc.periods[0].release, 120.0);
        assert_eq!(sc.periods[1].release, 80.0);
    }
}
