// Command dataaudit-beam runs dataaudit's profile and scan as an Apache Beam
// pipeline over shards of the inputs: on Prism, embedded in the process
// (the default, no cluster), or on a runner named by --runner with Beam's
// own flags passed through.
//
// Our flags are parsed here; a flag we do not define but Beam does (e.g.
// --endpoint, --environment_type) goes to Beam. Run without a command and
// with Beam's flags only (--worker ...), the binary is a Beam worker.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/spark"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/dataaudit/dataaudit/beam/pipeline"
	"github.com/dataaudit/dataaudit/beam/shard"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/source"
)

// version is the release, as dataaudit's; set with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `usage: dataaudit-beam profile [flags] INPUT... -o FILE
       dataaudit-beam scan [flags] INPUT...

Profiles the inputs as dataaudit profile does, as an Apache Beam pipeline
whose elements are shards: byte ranges of uncompressed JSONL files (a line
belongs to the range it starts in), other inputs whole. The profile equals
dataaudit profile's on the same inputs. Flags that dataaudit-beam does not
define and Beam does (--endpoint, --environment_type, --project, ...) are
Beam's.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" {
		// A worker started by a runner: Beam's flags only.
		if err := flag.CommandLine.Parse(args); err != nil {
			return 2
		}
		beam.Init() // runs the worker harness and exits when --worker is set
		fmt.Fprint(stderr, usage)
		return 2
	}
	if len(args) == 0 || args[0] != "profile" && args[0] != "scan" {
		fmt.Fprint(stderr, usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	if args[0] == "scan" {
		return exitCode(ctx, stderr, "scan", runScan(ctx, args[1:], stdout, stderr))
	}
	err := runProfile(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errFlagsSaid):
		return 2
	}
	fmt.Fprintf(stderr, "dataaudit-beam profile: %v\n", err)
	return 2
}

// exitCode maps a command's error to its exit code and message, as
// dataaudit's: 0 clean, 1 a gate reached, 2 usage, input or internal
// error, 3 --max-bad-records, 130 interrupted.
func exitCode(ctx context.Context, stderr io.Writer, command string, err error) int {
	var (
		gates audit.GateError
		limit audit.DataGateError
	)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errFlagsSaid):
		return 2
	case errors.As(err, &gates):
		for _, g := range gates.Reached {
			fmt.Fprintf(stderr, "dataaudit-beam %s: gate reached: %s\n", command, g)
		}
		return 1
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		fmt.Fprintf(stderr, "dataaudit-beam %s: interrupted\n", command)
		return 130
	case errors.As(err, &limit):
		fmt.Fprintf(stderr, "dataaudit-beam %s: %v\n", command, err)
		return 3
	}
	fmt.Fprintf(stderr, "dataaudit-beam %s: %v\n", command, err)
	return 2
}

var errFlagsSaid = errors.New("bad flag")

// listFlag is a repeatable, comma-separated flag, as dataaudit's.
type listFlag struct {
	vals []string
	set  bool
}

func (l *listFlag) String() string { return strings.Join(l.vals, ",") }
func (l *listFlag) Set(s string) error {
	if !l.set {
		l.vals, l.set = nil, true
	}
	for v := range strings.SplitSeq(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			l.vals = append(l.vals, v)
		}
	}
	return nil
}

type profileOpts struct {
	cfg        pipeline.Config
	text       listFlag
	out        string
	runner     string
	shardBytes int64
	tokenizer  string
	quiet      bool
}

func runProfile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o profileOpts
	o.text = listFlag{vals: []string{"text"}}
	fs.Var(&o.text, "text", "text `field`(s), as dataaudit's")
	fs.StringVar(&o.cfg.Label, "label", "", "label `field` (optional)")
	fs.IntVar(&o.cfg.Workers, "workers", 0, "goroutines per shard (`N`, 0: one per CPU); the output does not depend on it")
	fs.BoolVar(&o.quiet, "quiet", false, "accepted for dataaudit's command lines; there is no progress bar")
	fs.IntVar(&o.cfg.BatchRows, "batch-size", 0, "Parquet batch size in `rows`")
	fs.IntVar(&o.cfg.ChunkBytes, "chunk-bytes", 512<<10, "JSONL chunk size in `bytes` handed to a worker goroutine")
	fs.IntVar(&o.cfg.MaxLineBytes, "max-line-bytes", 256<<20, "longest JSONL line in `bytes`")
	fs.BoolVar(&o.cfg.LenientJSON, "lenient-json", false, "read JSONL leniently, as dataaudit's --lenient-json")
	fs.Int64Var(&o.cfg.MaxPageBytes, "max-page-bytes", ingest.DefaultMaxPageBytes, "largest Parquet page in `bytes` that is read")
	fs.StringVar(&o.out, "o", "-", "write the profile to `FILE` or object URL (s3://, gs://, azblob://; a remote runner's workers write there and this process reads it back), - for stdout (local runners only)")
	fs.IntVar(&o.cfg.Top, "top", profile.DefaultTopN, "list the `N` most frequent tokens with exact counts (0: every token)")
	fs.BoolVar(&o.cfg.NoHash, "no-hash", false, "leave the SHA-256 out of the manifest")
	fs.StringVar(&o.tokenizer, "tokenizer", "words", "only words here (model tokenizers: not yet)")
	fs.StringVar(&o.runner, "runner", "prism", "Beam `runner`: prism (embedded), direct, dataflow, flink, spark, universal")
	fs.Int64Var(&o.shardBytes, "shard-bytes", 64<<20, "cut uncompressed JSONL files into shards of about `N` bytes (0: one shard per file)")
	fs.IntVar(&o.cfg.TokenPartitions, "token-partitions", 8, "cut the word counts into `P` partitions by token, each merged on its own worker, so that no worker merges the whole vocabulary's counts (0: the final step does; with --top 0 the final step holds every token's count, as the profile does)")
	fs.Usage = func() {}
	inputs, beamArgs, err := splitArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		w := &report.ErrWriter{W: stdout}
		fmt.Fprint(w, usage)
		fs.SetOutput(w)
		fs.PrintDefaults()
		if w.Err != nil {
			return w.Err
		}
		return flag.ErrHelp
	}
	if err != nil {
		return errFlagsSaid
	}
	if err := cli.CheckNumbers(fs); err != nil {
		return err
	}
	if err := flag.CommandLine.Parse(beamArgs); err != nil {
		return errFlagsSaid
	}
	if err := mustWait(beamArgs); err != nil {
		return err
	}
	if len(inputs) == 0 {
		return errors.New("no INPUT given")
	}
	if o.tokenizer != "words" {
		return fmt.Errorf("--tokenizer %s: only words is supported by dataaudit-beam so far", o.tokenizer)
	}
	if o.cfg.Top < 0 {
		return errors.New("--top must be 0 or more")
	}
	if o.cfg.TokenPartitions < 0 {
		return errors.New("--token-partitions must be 0 or more")
	}
	beam.Init()
	o.cfg.Text, o.cfg.DetectShape, o.cfg.ToolVersion = o.text.vals, !o.text.set, version
	in, err := ingest.ExpandContext(ctx, inputs)
	if err != nil {
		return err
	}
	defer ingest.Close(in)
	plan, err := shard.Plan(in, o.shardBytes)
	if err != nil {
		return err
	}
	for _, i := range in {
		o.cfg.Paths, o.cfg.Sizes = append(o.cfg.Paths, i.URL()), append(o.cfg.Sizes, i.Size)
	}
	if err := outfile.CheckOutputs([]outfile.Path{{Flag: "-o", Path: o.out}}, inputPaths(in)); err != nil {
		return err
	}
	if namesStdout(o.out) {
		o.out = "-"
	}
	out, cleanup, err := resultPath("-o", o.out, o.runner)
	if err != nil {
		return err
	}
	defer cleanup()
	o.cfg.Out = out
	if o.cfg.Key, err = tokenKey(); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	pipeline.Build(s, o.cfg, plan)
	if _, err := beam.Run(ctx, o.runner, p); err != nil {
		return fmt.Errorf("pipeline on %s: %w", o.runner, err)
	}
	data, err := pipeline.ReadOut(ctx, out)
	if err != nil {
		return resultError("-o", o.out, out, o.runner, err)
	}
	prof, err := profile.Read(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("-o %s: %w", o.out, err)
	}
	if o.out == "-" {
		if err := profile.Write(stdout, prof); err != nil {
			return err
		}
	} else {
		if err := copyResult(ctx, "-o", o.out, data); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(stdout, "%s: %s, %s in %s, %s, %s\n", o.out, report.Plural(len(prof.Manifest), "file"),
			report.Plural(len(plan), "shard"), o.runner, report.Plural(int(prof.Counts.Rows), "row"), report.Plural(int(prof.Tokens.Total), "token")); err != nil {
			return err
		}
	}
	if err := audit.ProfileVerdict(prof); err != nil {
		return err
	}
	return nil
}

// namesStdout reports whether path is a local name of this process's
// standard output (/dev/stdout, /dev/fd/1), whatever it is (pipe,
// terminal, file): the result then goes where "-" sends it. Left to the
// pipeline, the workers would write the result there and the launcher
// read it back from there: from a pipe it read its own output and hung.
func namesStdout(path string) bool {
	if path == "" || path == "-" || source.IsURL(path) {
		return false
	}
	out, err := os.Stdout.Stat()
	if err != nil {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && os.SameFile(st, out)
}

// device reports whether path is a local file that exists and is not a
// regular file (/dev/null, a FIFO, a terminal): the launcher reads the
// result back from a temporary file and writes it there itself
// (copyResult), for a device cannot be read back (/dev/null reads empty).
func device(path string) bool {
	if path == "" || path == "-" || source.IsURL(path) {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && !st.Mode().IsRegular()
}

// copyResult writes data, the result read back from the pipeline, to the
// output flag's path when that is a device; the pipeline wrote it
// everywhere else.
func copyResult(ctx context.Context, flag, path string, data []byte) error {
	if !device(path) {
		return nil
	}
	if err := outfile.WriteFileContext(ctx, path, func(f *outfile.File) error {
		_, err := f.Write(data)
		return err
	}); err != nil {
		return fmt.Errorf("%s %s: %w", flag, path, err)
	}
	return nil
}

// local reports whether runner runs the pipeline in this process, whose
// workers write where the launcher reads.
func local(runner string) bool { return runner == "prism" || runner == "direct" }

// resultPath returns where the pipeline's last step writes the result
// the launcher reads back (pipeline.ReadOut) for output flag of value path: an
// object URL as given; a local path made absolute (a worker's working
// directory is not ours); for "", "-" or a device (then copyResult), a
// file in a temporary directory that cleanup removes, with a local runner
// only: another runner's workers cannot write to this machine.
func resultPath(flag, path, runner string) (out string, cleanup func(), err error) {
	cleanup = func() {}
	switch {
	case path == "" || path == "-" || device(path):
		if !local(runner) {
			return "", cleanup, audit.UsageError{Err: fmt.Errorf("%s: the %s runner's workers write the result on their machines; name an object URL (s3://, gs://, azblob://) this process reads back", flag, runner)}
		}
		dir, err := os.MkdirTemp("", "dataaudit-beam-")
		if err != nil {
			return "", cleanup, err
		}
		return filepath.Join(dir, "result"), func() { os.RemoveAll(dir) }, nil
	case source.IsURL(path):
		return path, cleanup, nil
	}
	out, err = filepath.Abs(path)
	return out, cleanup, err
}

// resultError says why the launcher could not read back the result the
// pipeline wrote at out (resultPath of output flag's value path).
func resultError(flag, path, out, runner string, err error) error {
	if path == "" || path == "-" || device(path) {
		path = "(a temporary file)"
	}
	if !local(runner) && !source.IsURL(out) && errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s %s: the %s runner's workers wrote it on their machines, not on one this process sees: name an object URL (s3://, gs://, azblob://): %w", flag, path, runner, err)
	}
	return fmt.Errorf("%s %s: the pipeline ran but its result cannot be read back: %w", flag, path, err)
}

// tokenKey draws the key of a run's token partitions: secret and new
// each run, so that no input can be made to send most of the vocabulary
// to one partition (a hot key). The output does not depend on it.
func tokenKey() ([]byte, error) {
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("token partitions' key: %w", err)
	}
	return key, nil
}

// mustWait refuses the Beam flags with which beam.Run returns before the
// job has run (--async, Dataflow's alias --execute_async) or without
// running it (Dataflow's --dry_run and --template_location): the
// launcher reads the job's result back when it ends, to print it and
// give the exit code.
func mustWait(beamArgs []string) error {
	given := map[string]bool{}
	for _, a := range beamArgs {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		given[name] = true
	}
	for _, name := range []string{"async", "execute_async", "dry_run", "template_location"} {
		if f := flag.CommandLine.Lookup(name); given[name] && f != nil && f.Value.String() != "false" && f.Value.String() != "" {
			return audit.UsageError{Err: fmt.Errorf("--%s: dataaudit-beam waits for the pipeline to end and reads its result back (the report, the exit code); run without --%s", name, name)}
		}
	}
	return nil
}

// inputPaths are the names of the inputs, for outfile.CheckOutputs.
func inputPaths(in []ingest.Input) []outfile.Path {
	paths := make([]outfile.Path, len(in))
	for i := range in {
		paths[i] = outfile.Path{Flag: "input", Path: in[i].Path}
	}
	return paths
}

// splitArgs parses our flags from args, anywhere among the inputs, and
// returns the inputs and the flags that are Beam's (defined on
// flag.CommandLine and not by us), for flag.CommandLine.
func splitArgs(fs *flag.FlagSet, args []string) (inputs, beamArgs []string, err error) {
	var ours []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			inputs = append(inputs, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			inputs = append(inputs, a)
			continue
		}
		name, _, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		dst := &ours
		f := fs.Lookup(name)
		if f == nil {
			if f = flag.CommandLine.Lookup(name); f != nil {
				dst = &beamArgs
			}
		}
		*dst = append(*dst, a)
		if f != nil && !hasVal && !isBool(f) && i+1 < len(args) {
			i++
			*dst = append(*dst, args[i])
		}
	}
	if err := fs.Parse(ours); err != nil {
		return nil, nil, err
	}
	return append(fs.Args(), inputs...), beamArgs, nil
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
