package ingest

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCSVDuplicateColumn: a column that --text, --label or --id names and
// that is in the header twice is an error before any batch, naming both
// places. Before, the first was read and the second silently left out
// (half of a text, or another label column).
func TestCSVDuplicateColumn(t *testing.T) {
	tests := []struct {
		name, header string
		opts         Options
		want         string // in the error; "" for none
	}{
		{"text twice", "text,text", Options{Text: []string{"text"}}, `column "text" is in the header twice (columns 1 and 2)`},
		{"label twice", "text,label,label", Options{Text: []string{"text"}, Label: "label"}, `column "label" is in the header twice (columns 2 and 3)`},
		{"id twice", "id,text,id", Options{Text: []string{"text"}, ID: "id"}, `column "id" is in the header twice (columns 1 and 3)`},
		{"another column twice", "text,x,x", Options{Text: []string{"text"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "x.csv"), []byte(tt.header+"\na,b,c\n"))
			_, err := collect(t, expandOne(t, path), tt.opts)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Run(header %q) error = %v, want none", tt.header, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Run(header %q) error = %v, want one saying %s", tt.header, err, tt.want)
			}
		})
	}
}
