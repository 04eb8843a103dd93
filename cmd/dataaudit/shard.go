package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/outfile"
)

// shardOpts are the flags of a run as shard K of N of a job array
// (scan and profile): --shard K/N, and for scan --pass1 FILE and -o FILE.
type shardOpts struct {
	shard, pass1, out string
}

// runScanShard runs scan --shard, or refuses --pass1 and -o without it.
func runScanShard(ctx context.Context, o *scanOpts, stdout io.Writer, hooks audit.Hooks) error {
	if o.shards.shard == "" {
		return audit.UsageError{Err: errors.New("--pass1 and -o write a shard's state: give --shard K/N")}
	}
	sh, err := cli.ParseShard(o.shards.shard)
	if err != nil {
		return err
	}
	if o.JSON != "" || o.HTML != "" || o.Markdown != "" || o.Findings != "" || len(o.Gates) > 0 {
		return audit.UsageError{Err: errors.New("a shard writes its state (-o), not a report: give --json, --html, --markdown, --findings and gates to no shard (merge writes the report)")}
	}
	if o.MaxBad >= 0 {
		return audit.UsageError{Err: errors.New("a shard sees part of the bad records: give --max-bad-records to merge, which counts them all")}
	}
	o.Outputs = append(o.Outputs, outfile.Path{Flag: "-o", Path: o.shards.out})
	o.Reads = append(o.Reads, outfile.Path{Flag: "--pass1", Path: o.shards.pass1})
	var pass1 []byte
	if o.shards.pass1 != "" {
		if pass1, err = os.ReadFile(o.shards.pass1); err != nil {
			return audit.NoReportError{Err: fmt.Errorf("--pass1: %w", err)}
		}
	}
	state, err := audit.ScanShard(ctx, &o.ScanConfig, sh, pass1, o.shards.pass1, hooks)
	if err != nil {
		return err
	}
	return cli.WriteState(ctx, o.shards.out, stdout, state)
}

// runProfileShard runs profile --shard.
func runProfileShard(ctx context.Context, cfg *audit.ProfileConfig, shard, out string, stdout io.Writer, hooks audit.Hooks) error {
	sh, err := cli.ParseShard(shard)
	if err != nil {
		return err
	}
	state, err := audit.ProfileShard(ctx, cfg, sh, hooks)
	if err != nil {
		return err
	}
	return cli.WriteState(ctx, out, stdout, state)
}
