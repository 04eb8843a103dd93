package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/report"
)

// ParseInterspersed parses flags that may come before, between or after
// the positional arguments, as people type them ("scan data.jsonl --label
// y"), and returns those. A "--" ends the flags.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// Short declares short as another name of fs's flag long (-q for
// --quiet): the same value, shown once in PrintFlags as "-q, --quiet".
func Short(fs *flag.FlagSet, short, long string) {
	f := fs.Lookup(long)
	if f == nil {
		panic("cli.Short: no flag --" + long)
	}
	fs.Var(f.Value, short, shortUsage+long)
}

// shortUsage starts the usage of a short name (Short), which PrintFlags
// shows with its flag instead.
const shortUsage = "same as --"

// PrintFlags writes fs's flags as flag.PrintDefaults does, but spelled as
// the README and the examples spell them: --name, and -x for a one-letter
// name. The flag package accepts both forms. A short name of a flag
// (Short) is shown with it: -q, --quiet.
func PrintFlags(w io.Writer, fs *flag.FlagSet) {
	short := map[string]string{} // long name -> short
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := strings.CutPrefix(f.Usage, shortUsage); ok && len(f.Name) == 1 && fs.Lookup(long) != nil {
			short[long] = f.Name
		}
	})
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := strings.CutPrefix(f.Usage, shortUsage); ok && short[long] == f.Name {
			return
		}
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		var b strings.Builder
		b.WriteString("  ")
		if s, ok := short[f.Name]; ok {
			b.WriteString("-" + s + ", ")
		}
		b.WriteString(dash + f.Name)
		name, usage := flag.UnquoteUsage(f)
		if name != "" {
			b.WriteString(" " + name)
		}
		b.WriteString("\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t"))
		if f.DefValue != zeroString(f.Value) {
			if g, ok := f.Value.(flag.Getter); ok && isString(g.Get()) {
				fmt.Fprintf(&b, " (default %q)", f.DefValue)
			} else {
				fmt.Fprintf(&b, " (default %v)", f.DefValue)
			}
		}
		fmt.Fprintln(w, b.String())
	})
}

// zeroString is what a flag of v's type prints at its zero value: a
// default equal to it goes unsaid, as in flag.PrintDefaults.
func zeroString(v flag.Value) string {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		return reflect.New(t.Elem()).Interface().(flag.Value).String()
	}
	return reflect.Zero(t).Interface().(flag.Value).String()
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// ListFlag is a flag that may be repeated or given as a comma-separated
// list. The first value given replaces the default (Vals as declared).
type ListFlag struct {
	Vals []string
	// IsSet is whether the flag was given.
	IsSet bool
}

func (l *ListFlag) String() string { return strings.Join(l.Vals, ",") }

// Set adds the comma-separated values of v.
func (l *ListFlag) Set(v string) error {
	if !l.IsSet {
		l.Vals, l.IsSet = nil, true
	}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			l.Vals = append(l.Vals, p)
		}
	}
	return nil
}

// Duplicate returns a value that appears twice in vals, or "".
func Duplicate(vals []string) string {
	seen := map[string]bool{}
	for _, v := range vals {
		if seen[v] {
			return v
		}
		seen[v] = true
	}
	return ""
}

// ErrFlagsSaid is a bad flag, which the flag package has named on the
// flag set's output, followed by a hint (Parse): the command exits 2
// without saying more.
var ErrFlagsSaid = errors.New("bad flag")

// Parse parses args with flags anywhere among the positional arguments
// (ParseInterspersed), and returns those. The command does not go on when
// it returns done (it printed the help: usage, the flags, then what more
// returns, if more is not nil, once to stdout for -h or --help; err is
// then the error writing it, if any)
// or an error (ErrFlagsSaid after a bad flag:
// the flag package's one-line reason and a hint are on the flag set's
// output, not the whole help, which would bury the reason).
func Parse(fs *flag.FlagSet, args []string, stdout io.Writer, usage string, more func() string) (pos []string, done bool, err error) {
	// The flag package prints the usage itself on -h and on a bad flag;
	// the help is printed here instead, once, where it belongs.
	fs.Usage = func() {}
	// The flag package names a flag -name in its messages; the help and
	// the README spell it --name.
	out := fs.Output()
	var said strings.Builder
	fs.SetOutput(&said)
	pos, err = ParseInterspersed(fs, args)
	fs.SetOutput(out)
	if said.Len() > 0 {
		fmt.Fprint(out, dashDash().ReplaceAllString(said.String(), "$1--$2"))
	}
	if errors.Is(err, flag.ErrHelp) {
		w := &report.ErrWriter{W: stdout}
		fmt.Fprint(w, usage)
		PrintFlags(w, fs)
		if more != nil {
			fmt.Fprint(w, more())
		}
		return nil, true, w.Err // a full disk: exit non-zero, not 0 with the help lost
	}
	if err == nil {
		if err = CheckNumbers(fs); err != nil {
			fmt.Fprintln(fs.Output(), err)
		}
	}
	if err != nil {
		// The flag package (or CheckNumbers) has written the reason to
		// fs.Output().
		fmt.Fprintf(fs.Output(), "run 'dataaudit help %s' for the flags\n", fs.Name())
		return nil, false, ErrFlagsSaid
	}
	return pos, false, nil
}

// CheckNumbers refuses a negative value given to any numeric flag of fs
// (--workers -1 used to mean the default, silently), and NaN or an
// infinity given to a float flag. A flag whose default
// is -1 ("no limit", as --max-bad-records) accepts -1 and nothing lower.
// Every command of both binaries calls it once its flags are parsed (Parse
// does for dataaudit's).
func CheckNumbers(fs *flag.FlagSet) error {
	var bad error
	fs.Visit(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok || bad != nil {
			return
		}
		name := "--" + f.Name
		if len(f.Name) == 1 {
			name = "-" + f.Name // -j, as typed
		}
		var v float64
		switch n := g.Get().(type) {
		case int:
			v = float64(n)
		case int64:
			v = float64(n)
		case float64:
			v = n
		default:
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bad = fmt.Errorf("invalid value %q for flag %s: not a number", f.Value.String(), name)
		} else if v < 0 && !(v == -1 && f.DefValue == "-1") {
			want := "0 or more"
			if f.DefValue == "-1" {
				want = "-1 (no limit) or more"
			}
			bad = fmt.Errorf("invalid value %q for flag %s: must be %s", f.Value.String(), name, want)
		}
	})
	return bad
}

// dashDash finds the flag a flag package message names, to spell it
// --name (a one-letter flag keeps its one dash); compiled on first use,
// as a run whose flags are all good never needs it.
var dashDash = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(not defined: |for flag )-([a-zA-Z0-9][a-zA-Z0-9-]+)`)
})

// GateExprs returns the gates of --fail-on, then those of the --policy
// file, if any (gate.ParsePolicy).
func GateExprs(failOn []string, policy string) ([]string, error) {
	if policy == "" {
		return failOn, nil
	}
	data, err := os.ReadFile(policy)
	if err != nil {
		return nil, fmt.Errorf("--policy: %w", err)
	}
	return append(failOn, gate.ParsePolicy(string(data))...), nil
}

// BatchFlags defines the flags that size the units handed to workers, the
// same for every command that reads data. The defaults keep the memory in
// flight small (see ingest.Options).
func BatchFlags(fs *flag.FlagSet, batchRows, chunkBytes *int) {
	fs.IntVar(batchRows, "batch-size", 0, "Parquet batch size in `rows` (0: about 1 MiB of text, 64 to 8192 rows)")
	fs.IntVar(chunkBytes, "chunk-bytes", 512<<10, "JSONL chunk size in `bytes` handed to a worker")
}

// LenientJSONFlag declares --lenient-json, for every command that reads
// JSONL.
func LenientJSONFlag(fs *flag.FlagSet, lenient *bool) {
	fs.BoolVar(lenient, "lenient-json", false, "read JSONL as before strict RFC 8259 reading: numbers like 01 or NaN, unknown escapes and raw control characters in strings are accepted, and of a key given twice one copy is read (by default such lines are invalid_json and duplicate_key bad records)")
}

// ChatFlags declares the flags of chat and instruction data.
func ChatFlags(fs *flag.FlagSet, roles *ListFlag, prompt, response *string) {
	fs.Var(roles, "role", "keep only the chat turns of these `roles` in the text: user, assistant, system, tool (comma-separated; default all)")
	fs.StringVar(prompt, "prompt", "", "prompt `field` of a flat layout (chat and instruction data have theirs: the turns before the last assistant turn)")
	fs.StringVar(response, "response", "", "response `field` of a flat layout (chat and instruction data: the last assistant turn)")
}
