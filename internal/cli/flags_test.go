package cli

import (
	"bytes"
	"flag"
	"regexp"
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
