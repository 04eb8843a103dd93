package gate

import "strings"

// ParsePolicy returns the gate expressions of a policy file's text: one
// per line; blank lines and text after # are ignored.
func ParsePolicy(text string) []string {
	var exprs []string
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			exprs = append(exprs, line)
		}
	}
	return exprs
}
