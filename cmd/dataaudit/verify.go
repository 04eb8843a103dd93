package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// verifyUsage is the help of 'dataaudit verify', printed before its flags.
//
//go:embed help/verify.txt
var verifyUsage string

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o profileOpts
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (`N`, 0: one per CPU) for recounting rows of changed files")
	quiet := fs.Bool("quiet", false, "print only the files that differ")
	root := fs.String("root", "", "with no INPUT: read the manifest's relative paths from `DIR` (default: the profile's directory)")
	cli.Short(fs, "q", "quiet")
	cli.Short(fs, "j", "workers")
	cli.LenientJSONFlag(fs, &o.lenientJSON)
	fs.Int64Var(&o.maxPageBytes, "max-page-bytes", ingest.DefaultMaxPageBytes, "largest Parquet page in `bytes`, compressed or not, that is read; the rows of a larger one are unreadable_rows (lower it to bound the memory a corrupt page header can ask for)")
	pos, done, err := cli.Parse(fs, args, stdout, verifyUsage, nil)
	if done || err != nil {
		return err
	}
	if len(pos) < 1 {
		return audit.UsageError{Err: errors.New("want a PROFILE, then the INPUTs to check (none: the manifest's own files)"), Hint: hintUsage}
	}
	if *root != "" && len(pos) > 1 {
		return audit.UsageError{Err: errors.New("--root reads the manifest's own files: give no INPUT with it")}
	}
	res, err := audit.Verify(ctx, &audit.VerifyConfig{
		Profile: pos[0], Inputs: pos[1:], Root: *root,
		Ingest: ingest.Options{Workers: o.workers, LenientJSON: o.lenientJSON, MaxPageBytes: o.maxPageBytes},
	}, audit.Hooks{Notify: func(msg string) { fmt.Fprintf(stderr, "dataaudit verify: %s\n", msg) }})
	if err != nil {
		return err
	}
	// Paths come from the command line and the (untrusted) manifest.
	differ, err := report.WriteVerified(termsafe.NewWriter(stdout), res, pos[0], *quiet, termsafe.Escape)
	if err == nil && differ > 0 {
		err = errDiffers
	}
	return err
}
