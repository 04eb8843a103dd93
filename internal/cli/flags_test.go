package cli

import (
	"bytes"
	"flag"
	"io"
	"regexp"
	"strings"
	"testing"
)

// TestPrintFlagsAsFlagPackage: PrintFlags says what flag.PrintDefaults
// says (argument names, defaults, quoting), with the dashes changed only.
func TestPrintFlagsAsFlagPackage(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("o", "-", "write to `FILE`")
	fs.String("json", "", "write JSON to `FILE`")
	fs.String("tokenizer", "words", "the tokenizer")
	fs.Int("top", 100, "the `N` most frequent")
	fs.Int("workers", 0, "workers")
	fs.Bool("quiet", false, "no progress")
	fs.Bool("label-checks", true, "check labels")
	fs.Float64("p", 0.5, "a probability `P`")
	fs.Func("text", "text `field`(s)", func(string) error { return nil })
	var want, got bytes.Buffer
	fs.SetOutput(&want)
	fs.PrintDefaults()
	PrintFlags(&got, fs)
	w := regexp.MustCompile(`(?m)^  -([a-z][a-z-]+)`).ReplaceAllString(want.String(), "  --$1")
	if got.String() != w {
		t.Errorf("PrintFlags:\n%s\nwant:\n%s", got.String(), w)
	}
}

// TestListFlag: the first value replaces the default; commas and repeats add.
func TestListFlag(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"default", nil, "text"},
		{"one", []string{"--text", "body"}, "body"},
		{"commas", []string{"--text", "a, b,,c"}, "a,b,c"},
		{"repeated", []string{"--text", "a", "--text", "b"}, "a,b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			l := ListFlag{Vals: []string{"text"}}
			fs.Var(&l, "text", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if got := l.String(); got != tt.want {
				t.Errorf("cli.ListFlag after %q = %q, want %q", tt.args, got, tt.want)
			}
		})
	}
}

// TestShort: a short name sets the long flag's value, and the help shows
// the two once, together; the flag package's messages spell --name.
func TestShort(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		quiet     bool
		workers   int
		err       bool
		errOutput string
	}{
		{"short", []string{"-q", "-j", "3"}, true, 3, false, ""},
		{"long", []string{"--quiet", "--workers", "3"}, true, 3, false, ""},
		{"none", nil, false, 0, false, ""},
		{"unknown", []string{"--nope"}, false, 0, true, "flag provided but not defined: --nope\n"},
		{"bad value", []string{"--workers", "x"}, false, 0, true, `invalid value "x" for flag --workers: parse error` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			var out bytes.Buffer
			fs.SetOutput(&out)
			quiet := fs.Bool("quiet", false, "no progress bar")
			workers := fs.Int("workers", 0, "`N` workers")
			Short(fs, "q", "quiet")
			Short(fs, "j", "workers")
			_, _, err := Parse(fs, tt.args, io.Discard, "", nil)
			if (err != nil) != tt.err || *quiet != tt.quiet || *workers != tt.workers {
				t.Errorf("Parse(%q) = %v, quiet %v, workers %d; want error %v, %v, %d", tt.args, err, *quiet, *workers, tt.err, tt.quiet, tt.workers)
			}
			if got, _, _ := strings.Cut(out.String(), "run 'dataaudit"); got != tt.errOutput {
				t.Errorf("Parse(%q) said %q, want %q", tt.args, got, tt.errOutput)
			}
			var help bytes.Buffer
			PrintFlags(&help, fs)
			if want := "  -q, --quiet\n    \tno progress bar\n  -j, --workers N\n    \tN workers\n"; help.String() != want {
				t.Errorf("PrintFlags = %q, want %q", help.String(), want)
			}
		})
	}
}

// TestCheckNumbers: a negative number given to a numeric flag is refused,
// not read as the default; -1 passes only where it is the default (no
// limit).
func TestCheckNumbers(t *testing.T) {
	tests := []struct {
		args []string
		want string // contained in the error; "" for none
	}{
		{nil, ""},
		{[]string{"--workers", "0", "--chunk", "5", "--max-bad", "-1", "--prob", "0.5", "--size", "7"}, ""},
		{[]string{"--workers", "-1"}, `invalid value "-1" for flag --workers: must be 0 or more`},
		{[]string{"--chunk", "-5"}, "--chunk: must be 0 or more"},
		{[]string{"--size", "-7"}, "--size: must be 0 or more"},
		{[]string{"--prob", "-0.5"}, "--prob: must be 0 or more"},
		{[]string{"--prob", "NaN"}, "--prob: not a number"},
		{[]string{"--prob", "+Inf"}, "--prob: not a number"},
		{[]string{"--max-bad", "-2"}, "--max-bad: must be -1 (no limit) or more"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.Int("workers", 0, "workers")
			fs.Int("chunk", 512, "chunk")
			fs.Int64("size", 1, "size")
			fs.Int64("max-bad", -1, "limit")
			fs.Float64("prob", 0.5, "p")
			fs.String("name", "-1", "a string")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			err := CheckNumbers(fs)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("CheckNumbers(%q) = %v, want %q", tt.args, err, tt.want)
			}
		})
	}
}
