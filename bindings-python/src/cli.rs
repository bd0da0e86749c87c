//! The `edgeward` console script: the command line of `edgeward-cli`, run inside the
//! extension with the process's own standard streams, so the Python package runs the same
//! Rust as the binary.

use pyo3::prelude::*;

/// Runs the command line with `args` (without the program name) and returns its exit code.
/// The GIL is released while it runs (it reads stdin and files, and may run `git`).
#[pyfunction(name = "_run_cli")]
pub(crate) fn run_cli(py: Python<'_>, args: Vec<String>) -> u8 {
    py.detach(|| edgeward_cli::run_process(std::iter::once("edgeward".to_owned()).chain(args)))
}
