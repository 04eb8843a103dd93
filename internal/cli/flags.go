package cli

import (
	"flag"
	"fmt"
	"io"
	"reflect"
	"strings"
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

// PrintFlags writes fs's flags as flag.PrintDefaults does, but spelled as
// the README and the examples spell them: --name, and -x for a one-letter
// name. The flag package accepts both forms.
func PrintFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		var b strings.Builder
		b.WriteString("  " + dash + f.Name)
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
