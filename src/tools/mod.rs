//! Donor tools: questions asked of the planner, each answered by planning
//! again. Takes loaded inputs and scores (and a donor's portfolio); gives
//! [`compare`] (portfolios against the optimum, scenarios side by side),
//! [`frontier`] (impact as the budget grows), [`robust`] (the plan under
//! drawn forecast and cost errors) and [`portfolio`] (reading and scoring a
//! donor's own picks).

pub mod compare;
pub mod frontier;
pub mod funder;
pub mod portfolio;
pub mod robust;
