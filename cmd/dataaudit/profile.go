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
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// profileUsage is the help of 'dataaudit profile', printed before its flags.
//
//go:embed help/profile.txt
var profileUsage string

type profileOpts struct {
	text         cli.ListFlag
	label        string
	out          string
	top          int
	workers      int
	quiet        bool
	batchRows    int
	chunkBytes   int
	maxLineBytes int
	lenientJSON  bool
	maxPageBytes int64
	noHash       bool
	tokenizer    string
	shard        string
}

func (o *profileOpts) ingest() ingest.Options {
	return ingest.Options{
		Text: o.text.Vals, Label: o.label, Workers: o.workers,
		BatchRows: o.batchRows, ChunkBytes: o.chunkBytes, MaxLineBytes: o.maxLineBytes,
		LenientJSON:  o.lenientJSON,
		MaxPageBytes: o.maxPageBytes,
		DetectShape:  !o.text.IsSet, // chat and instruction records, as scan reads them
	}
}

// dataFlags declares the flags that say how to read data, shared by
// profile, compare and verify.
func (o *profileOpts) dataFlags(fs *flag.FlagSet) {
	o.text = cli.ListFlag{Vals: []string{"text"}}
	fs.Var(&o.text, "text", "text `field`(s): a dotted path reaches nested fields; several (comma-separated or repeated) are joined with a newline")
	fs.StringVar(&o.label, "label", "", "label `field` (optional): the label distribution")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (`N`, 0: one per CPU); the output does not depend on it")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	cli.Short(fs, "q", "quiet")
	cli.Short(fs, "j", "workers")
	cli.BatchFlags(fs, &o.batchRows, &o.chunkBytes)
	fs.IntVar(&o.maxLineBytes, "max-line-bytes", 256<<20, "longest JSONL line in `bytes`; a longer one is a bad record")
	cli.LenientJSONFlag(fs, &o.lenientJSON)
	fs.Int64Var(&o.maxPageBytes, "max-page-bytes", ingest.DefaultMaxPageBytes, "largest Parquet page in `bytes`, compressed or not, that is read; the rows of a larger one are unreadable_rows (lower it to bound the memory a corrupt page header can ask for)")
}

func runProfile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o profileOpts
	o.dataFlags(fs)
	fs.StringVar(&o.out, "o", "", "write the profile (JSON) to `FILE` (- for stdout); required")
	fs.IntVar(&o.top, "top", profile.DefaultTopN, "list the `N` most frequent tokens with exact counts (0: every token, for exact merges)")
	fs.BoolVar(&o.noHash, "no-hash", false, "leave the SHA-256 out of the manifest (verify then checks sizes only)")
	cli.TokenizerFlag(fs, &o.tokenizer, false)
	fs.StringVar(&o.shard, "shard", "", "profile shard `K/N` of a job array: read 1/N of the input and write its state file to -o, for dataaudit merge")
	inputsArgs, done, err := cli.Parse(fs, args, stdout, profileUsage, nil)
	if done || err != nil {
		return err
	}
	if len(inputsArgs) == 0 {
		return audit.UsageError{Err: errors.New("no INPUT given"), Hint: hintUsage}
	}
	if o.out == "" {
		return audit.UsageError{Err: errors.New("no -o given: name the profile's file with -o FILE (-o - writes its JSON to stdout)"), Hint: hintUsage}
	}
	if o.top < 0 {
		return audit.UsageError{Err: errors.New("--top must be 0 or more")}
	}
	tok, err := audit.LoadTokenizer(o.tokenizer)
	if err != nil {
		return audit.UsageError{Err: fmt.Errorf("--tokenizer: %w", err)}
	}
	iopts := o.ingest()
	iopts.Notify = func(msg string) { fmt.Fprintf(stderr, "dataaudit profile: %s\n", msg) }
	pcfg := &audit.ProfileConfig{
		Inputs: inputsArgs, Ingest: iopts, Top: o.top, Tokenizer: tok.Desc, LLM: tok.LLM, NoHash: o.noHash,
		Outputs: []outfile.Path{{Flag: "-o", Path: o.out}}, Reads: []outfile.Path{audit.TokenizerInput(o.tokenizer, "--tokenizer")}, ToolVersion: version,
	}
	hooks := audit.Hooks{Notify: iopts.Notify, Progress: cli.ProgressHook(stderr, o.quiet)}
	if o.shard != "" {
		return runProfileShard(ctx, pcfg, o.shard, o.out, stdout, hooks)
	}
	p, err := audit.Profile(ctx, pcfg, hooks)
	if err != nil {
		return err
	}
	if err := cli.WriteProfile(ctx, o.out, stdout, stderr, p, func(name string) string { return report.ProfileLine(name, p) }); err != nil {
		return err
	}
	return audit.ProfileVerdict(p)
}
