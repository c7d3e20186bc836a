//! The ground floor: small helpers every stage may use and that use no
//! stage — a parallel map ([`par`]), a seeded generator ([`rng`]), a
//! progress bar ([`progress`]), all-or-nothing output files ([`output`]),
//! money and numbers as people read them ([`numbers`]) and a fast hasher
//! for internal maps ([`hash`]).

pub mod hash;
pub mod numbers;
pub mod output;
pub mod par;
pub mod progress;
pub mod rng;
