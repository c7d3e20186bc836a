//! Portfolios.
