package cli

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/audit"
)

// A check is an optional analysis of scan as its command line names it:
// its flag (--dedup) and its place in --checks.
type check struct {
	name string // the flag's name and the name in --checks
	on   func(c *audit.ScanConfig) *bool
	dflt bool // part of the default audit
}

// checks are scan's optional analyses, in the order --checks lists them.
// The default audit is the checks whose cost is a fraction of reading the
// text (benchmarks/README.md, "The complete audit by default"); the
// others read the input twice or keep much more a row, and are asked
// for by name or with --checks all.
var checks = []check{
	{"dedup", func(c *audit.ScanConfig) *bool { return &c.Dedup }, true},
	{"near-dups", func(c *audit.ScanConfig) *bool { return &c.NearDups }, true},
	{"evasions", func(c *audit.ScanConfig) *bool { return &c.Evasions }, true},
	{"outliers", func(c *audit.ScanConfig) *bool { return &c.Outliers }, true},
	{"poison", func(c *audit.ScanConfig) *bool { return &c.Poison }, false},
	{"backdoors", func(c *audit.ScanConfig) *bool { return &c.Backdoors }, false},
	{"spans", func(c *audit.ScanConfig) *bool { return &c.Spans }, false},
}

// ChecksUsage documents --checks.
func ChecksUsage() string {
	var dflt, all []string
	for _, k := range checks {
		all = append(all, k.name)
		if k.dflt {
			dflt = append(dflt, k.name)
		}
	}
	return fmt.Sprintf("the optional checks to run, comma-separated `LIST`: default (%s), all (%s), none (tokens, lengths and bad records only), or names; a check's own flag wins over the list (--checks all --spans=false, --checks none --dedup)",
		strings.Join(dflt, ","), strings.Join(all, ","))
}

// ApplyChecks turns scan's checks on or off: those named by the list
// (default, all, none or check names, comma-separated), then each check
// flag given on the command line as it says (fs has been parsed). Both
// dataaudit scan and dataaudit-beam scan call it, so their defaults agree.
//
// An empty list, or an empty name in one, is refused rather than taken
// for none (an unset $CHECKS would turn the audit off), and so is none
// with other names, which would otherwise be silently outvoted.
func ApplyChecks(c *audit.ScanConfig, list string, fs *flag.FlagSet) error {
	if strings.TrimSpace(list) == "" {
		return fmt.Errorf("--checks: an empty list; write --checks none to run no optional checks, or --checks default")
	}
	items := strings.Split(list, ",")
	for i, item := range items {
		items[i] = strings.TrimSpace(item)
		if items[i] == "" {
			return fmt.Errorf("--checks %q: an empty name (a comma too many?)", list)
		}
	}
	if len(items) > 1 && slices.Contains(items, "none") {
		return fmt.Errorf("--checks %q: none with other checks; name the checks alone (--checks dedup), or add them to none by their flags (--checks none --dedup)", list)
	}
	want := map[string]bool{}
	for _, item := range items {
		switch item {
		case "default":
			for _, k := range checks {
				want[k.name] = want[k.name] || k.dflt
			}
		case "all":
			for _, k := range checks {
				want[k.name] = true
			}
		case "none":
		default:
			if !slices.ContainsFunc(checks, func(k check) bool { return k.name == item }) {
				names := make([]string, len(checks))
				for i, k := range checks {
					names[i] = k.name
				}
				return fmt.Errorf("--checks: unknown check %q (default, all, none, or %s)", item, strings.Join(names, ", "))
			}
			want[item] = true
		}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, k := range checks {
		if !given[k.name] {
			*k.on(c) = want[k.name]
		}
	}
	return nil
}
