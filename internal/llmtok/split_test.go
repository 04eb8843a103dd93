package llmtok

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// regexps compiles every Pattern's expression with regexp2, a backtracking
// engine with the lookahead the patterns need: the reference the
// hand-written pre-tokenizers must agree with.
func regexps(tb testing.TB) map[Pattern]*regexp2.Regexp {
	tb.Helper()
	out := map[Pattern]*regexp2.Regexp{}
	for expr, p := range patternRegex {
		out[p] = regexp2.MustCompile(expr, regexp2.None)
	}
	if len(out) != 4 {
		tb.Fatalf("%d patterns, want 4", len(out))
	}
	return out
}

// regexp2Differs reports whether s has U+017F (ſ), which Rust's regex
// crate (tiktoken, Hugging Face tokenizers) matches with (?i)'s and regexp2
// does not: there the references disagree, and tiktoken is right
// (TestTiktokenKnownIDs).
func regexp2Differs(s string) bool { return strings.ContainsRune(s, 'ſ') }

func refPieces(tb testing.TB, re *regexp2.Regexp, s string) []string {
	var out []string
	m, err := re.FindStringMatch(s)
	for ; m != nil && err == nil; m, err = re.FindNextMatch(m) {
		out = append(out, m.String())
	}
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func pieces(p Pattern, s string) []string {
	var out []string
	b := []byte(s)
	for i := 0; i < len(b); {
		j := p.next(b, i)
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func TestSplitMatchesRegexp(t *testing.T) {
	texts := append(corpusTexts(t, 1<<20), tiktokenCases...)
	for p, re := range regexps(t) {
		bad := 0
		for _, s := range texts {
			if regexp2Differs(s) || !utf8.ValidString(s) {
				continue
			}
			if got, want := pieces(p, s), refPieces(t, re, s); !slices.Equal(got, want) {
				if bad++; bad <= 3 {
					t.Errorf("pattern %d: pieces(%.60q...) differ from regexp2", p, s)
				}
			}
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range tiktokenCases {
		f.Add(s)
	}
	res := regexps(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || regexp2Differs(s) {
			return
		}
		for p, re := range res {
			if got, want := pieces(p, s), refPieces(t, re, s); !slices.Equal(got, want) {
				t.Errorf("pattern %d: pieces(%q) = %q, want %q", p, s, got, want)
			}
		}
	})
}
