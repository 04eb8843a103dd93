// Command dataaudit audits machine-learning training data: it streams JSONL
// and Parquet corpora and reports token distributions, lengths, labels and
// bad records. See README.md.
package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/hugepages"
	"github.com/dataaudit/dataaudit/internal/initgc"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// Exit codes, documented in --help.
const (
	exitOK          = 0
	exitFindings    = 1 // a --fail-on gate was reached
	exitError       = 2 // usage, input or internal error; no usable record
	exitDataGate    = 3 // a data gate (--max-bad-records) was reached
	exitInterrupted = 130
)

// init gives the collector back: package initgc held it off while the
// packages this one imports initialized, and puts the first collection
// at 16 MiB of heap (a one-row scan runs none: TestOneRowScanCollectsNothing).
// Package main initializes last, in the test binary too.
func init() { initgc.Restore() }

func main() {
	if len(os.Args) > 1 && streams[os.Args[1]] {
		// No hugepages.Prime of the whole heap any more: on the VMs this
		// is measured on, memory another process freed seconds before
		// costs about as much to touch in 2 MiB pages as in 4 KiB ones,
		// and a huge page faults in all of its 2 MiB. The token count
		// tables asked for huge pages (hugepages.Advise) until session
		// 19; they are on 4 KiB pages now (package stats' doc).
		//
		// Once the analyses finish, the memory they freed is
		// reused rather than given back and faulted in again.
		hugepages.EnableKeepHeap()
	}
	if note := addressSpaceNote(addressSpaceLimit(), cgoBuild); note != "" {
		fmt.Fprintf(os.Stderr, "dataaudit: %s\n", note)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	beforeExit()
	os.Exit(code)
}

// beforeExit runs just before the process exits (a developer build's
// trace, tracedev.go).
var beforeExit = func() {}

// usage is the help of dataaudit, printed before its flags.
//
//go:embed help/dataaudit.txt
var usage string

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// Messages quote paths, field names and values from the data: none
	// reaches the terminal with its control characters (package termsafe).
	stderr = termsafe.NewWriter(stderr)
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	switch args[0] {
	case "scan":
		return exitCode(ctx, stderr, "scan", runScan(ctx, args[1:], stdout, stderr))
	case "profile":
		return exitCode(ctx, stderr, "profile", runProfile(ctx, args[1:], stdout, stderr))
	case "merge":
		return exitCode(ctx, stderr, "merge", runMerge(ctx, args[1:], stdout, stderr))
	case "compare":
		return exitCode(ctx, stderr, "compare", runCompare(ctx, args[1:], stdout, stderr))
	case "verify":
		return exitCode(ctx, stderr, "verify", runVerify(ctx, args[1:], stdout, stderr))
	case "contamination":
		return exitCode(ctx, stderr, "contamination", runContamination(ctx, args[1:], stdout, stderr))
	case "version", "--version", "-version":
		_, err := fmt.Fprintln(stdout, versionString())
		return printed(stderr, "version", err)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] != "help" {
			if _, ok := commands[args[1]]; ok {
				return run(ctx, []string{args[1], "--help"}, stdout, stderr)
			}
			if args[1] != "version" {
				fmt.Fprintf(stderr, "dataaudit help: unknown command %q\nrun 'dataaudit help' for the commands\n", args[1])
				return exitError
			}
		}
		_, err := fmt.Fprint(stdout, usage)
		return printed(stderr, "help", err)
	}
	fmt.Fprintf(stderr, "dataaudit: unknown command %q\nrun 'dataaudit help' for the commands\n", args[0])
	return exitError
}

// printed returns the exit code of a command that only prints: an error
// if stdout could not take it (a full disk), which would else pass for
// printed.
func printed(stderr io.Writer, command string, err error) int {
	if err != nil {
		fmt.Fprintf(stderr, "dataaudit %s: %v\n", command, err)
		return exitError
	}
	return exitOK
}

// streams are the commands that stream corpora through growing tables.
var streams = map[string]bool{"scan": true, "profile": true, "compare": true, "contamination": true}

// commands are the subcommands with flags, for 'help COMMAND'.
var commands = map[string]bool{"scan": true, "profile": true, "merge": true, "compare": true, "verify": true, "contamination": true}

// The errors a command returns besides plain ones (an input or internal
// error, exit 2) are audit's typed errors; exitCode maps each to its exit
// code and message. A UsageError's hint is a line printed after the
// message, %s the command (hintUsage).

// hintUsage and hintFlags point at a command's help after a usage error.
const (
	hintUsage = cli.HintUsage
	hintFlags = cli.HintFlags
)

// errDiffers is verify's finding: a file differs from the manifest
// (exit 1); the files are listed on stdout.
var errDiffers = errors.New("a file differs from the manifest")

// exitCode is the one place where a command's error becomes an exit code
// and, unless it was said already, a message on stderr:
//
//	nil                                0
//	GateError, errDiffers              1    (found what the user asked to stop on)
//	UsageError, DataError, any other   2    (the run failed, or its data is unusable)
//	DataGateError                      3    (--max-bad-records)
//	context.Canceled, ctx done         130
func exitCode(ctx context.Context, stderr io.Writer, command string, err error) int {
	var (
		gates  audit.GateError
		usage  audit.UsageError
		data   audit.DataError
		limit  audit.DataGateError
		report audit.NoReportError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &gates):
		for _, g := range gates.Reached {
			fmt.Fprintf(stderr, "dataaudit %s: gate reached: %s\n", command, g)
		}
		return exitFindings
	case errors.Is(err, errDiffers):
		return exitFindings
	case errors.Is(err, cli.ErrFlagsSaid):
		return exitError
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		note := ""
		if errors.As(err, &report) {
			note = "; no report written"
		}
		fmt.Fprintf(stderr, "dataaudit %s: interrupted%s\n", command, note)
		return exitInterrupted
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "dataaudit %s: %v\n", command, err)
		if usage.Hint != "" {
			fmt.Fprintf(stderr, usage.Hint+"\n", command)
		}
		return exitError
	case errors.As(err, &data):
		fmt.Fprintf(stderr, "dataaudit %s: %v\n", command, err)
		return exitError
	case errors.As(err, &limit):
		fmt.Fprintf(stderr, "dataaudit %s: %v\n", command, err)
		return exitDataGate
	}
	fmt.Fprintf(stderr, "dataaudit %s: %v\n", command, err)
	return exitError
}
