// Package cli is the plumbing of dataaudit's command line that knows no
// command: flags given anywhere among the arguments, help that spells
// them --name, list flags, a progress bar on a terminal, and outputs
// written to a file or to standard output. cmd/dataaudit declares the
// flags, calls the use cases of internal/audit and picks the exit code;
// what it does the same way for every command is here, with the writing
// of each use case's report to its outputs and summary (reports.go), and
// the scan flags that dataaudit-beam scan shares (scanflags.go).
package cli
