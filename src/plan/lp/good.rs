//! The good_lp back ends: microlp (a general simplex) and Clarabel (interior
//! point, with duals). The one place that builds a good_lp model.

use good_lp::{
    constraint, variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel,
};

use super::{Lp, LpError};

/// The one place that builds a good_lp model: microlp, or Clarabel with
/// duals. Returns the column values and the row duals (zeros for microlp).
/// `refine`: Clarabel's iterative refinement of each Newton step (its
/// default). Without it a solve is 35–40% faster on the sifted period
/// programs; the tolerances are checked on the iterate all the same, so a
/// solve that meets them is as good, but an ill-conditioned one may fail
/// to converge (callers then retry with it).
pub(super) fn solve_good_lp(
    lp: &Lp,
    clarabel: bool,
    refine: bool,
) -> Result<(Vec<f64>, Vec<f64>), LpError> {
    use good_lp::solvers::{DualValues, SolutionWithDual};
    if lp.cols.is_empty() {
        let ok = lp.rows.iter().all(|r| r.lo <= 1e-9 && r.hi >= -1e-9);
        return if ok {
            Ok((Vec::new(), vec![0.0; lp.rows.len()]))
        } else {
            Err(LpError::Infeasible)
        };
    }
    let mut vars = ProblemVariables::new();
    let xs: Vec<good_lp::Variable> =
        lp.cols.iter().map(|c| vars.add(variable().min(c.lo).max(c.hi))).collect();
    let objective: Expression = lp.cols.iter().zip(&xs).map(|(c, &x)| c.obj * x).sum();
    let mut constraints: Vec<(usize, good_lp::Constraint)> = Vec::new();
    for (r, row) in lp.rows.iter().enumerate() {
        let expr: Expression = row.terms.iter().map(|&(j, a)| a * xs[j]).sum();
        if row.lo == row.hi {
            constraints.push((r, constraint!(expr == row.hi)));
            continue;
        }
        if row.hi.is_finite() {
            constraints.push((r, constraint!(expr.clone() <= row.hi)));
        }
        if row.lo.is_finite() {
            constraints.push((r, constraint!(expr >= row.lo)));
        }
    }
    let problem = vars.maximise(objective);
    let failed = |e: ResolutionError| match e {
        ResolutionError::Infeasible => LpError::Infeasible,
        ResolutionError::Unbounded => LpError::Unbounded,
        other => LpError::Solver(other.to_string()),
    };
    let (mut x, y) = if clarabel {
        let mut model = problem.using(good_lp::clarabel);
        // Tighter than the defaults: objectives here can be small numbers.
        model
            .settings()
            .tol_gap_abs(1e-12)
            .tol_gap_rel(1e-10)
            .tol_feas(1e-10)
            .iterative_refinement_enable(refine);
        let refs: Vec<(usize, _)> =
            constraints.into_iter().map(|(r, c)| (r, model.add_constraint(c))).collect();
        let mut sol = model.solve().map_err(failed)?;
        let x: Vec<f64> = xs.iter().map(|&v| sol.value(v)).collect();
        let duals = sol.compute_dual();
        let mut y = vec![0.0; lp.rows.len()];
        for (r, c) in refs {
            y[r] += duals.dual(c);
        }
        (x, y)
    } else {
        let sol = problem
            .using(good_lp::microlp)
            .with_all(constraints.into_iter().map(|(_, c)| c))
            .solve()
            .map_err(failed)?;
        (xs.iter().map(|&v| sol.value(v)).collect(), vec![0.0; lp.rows.len()])
    };
    snap(&mut x, lp);
    Ok((x, y))
}

/// Interior-point answers sit a hair inside their bounds: snap them.
fn snap(x: &mut [f64], lp: &Lp) {
    for (v, c) in x.iter_mut().zip(&lp.cols) {
        if c.lo.is_finite() && (*v <= c.lo || *v - c.lo <= 1e-9 * (1.0 + c.lo.abs())) {
            *v = c.lo;
        } else if c.hi.is_finite() && (*v >= c.hi || c.hi - *v <= 1e-9 * (1.0 + c.hi.abs())) {
            *v = c.hi;
        }
    }
}
