package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestTextArrays: with TextArrays a text field may be an array of strings
// and numbers, joined with newlines; anything else in it, or an array
// without the option, is a bad record.
func TestTextArrays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eval.jsonl")
	data := `{"q":"Which?","c":["Venus","Mars \u00e9",3.5]}
{"q":"Empty?","c":[]}
{"q":"Nested?","c":[["x"]]}
{"q":"Object?","c":[{"x":1}]}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		arrays bool
		texts  []string
		bad    int
	}{
		{"on", true, []string{"0:1\tWhich?\nVenus\nMars é\n3.5", "0:2\tEmpty?"}, 2},
		// Without it an array is a list of chat turns: strings are not
		// turns (an empty list has none, and the other field is the text).
		{"off", false, []string{"0:2\tEmpty?"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			defer Close(inputs)
			got, err := collect(t, inputs, Options{Text: []string{"q", "c"}, TextArrays: tc.arrays, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			texts := goodTexts(got.Rows)
			if !slices.Equal(texts, tc.texts) || len(got.Bad) != tc.bad {
				t.Errorf("TextArrays=%v: texts %q and %d bad, want %q and %d bad", tc.arrays, texts, len(got.Bad), tc.texts, tc.bad)
			}
		})
	}
}
