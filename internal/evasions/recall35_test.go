package evasions

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestCRQuotedB64 holds quoted base64 in a CR LF mail wrapped at under
// 64 bytes a line (recall35.go: every chunk holds a CR) to the reference
// on every kernel path, at offsets 0-69 after prose, with a quoted line
// of prose before it or none, and the clean forms beside it.
func TestCRQuotedB64(t *testing.T) {
	words := base64.StdEncoding.EncodeToString([]byte(groupWords + " Limited time offer act now."))
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	cases := []struct {
		name string
		text string
		blob bool
	}{
		{"quoted at 60", crlf(quoted(words, 60)), true},
		{"quoted at 40", crlf(quoted(words, 40)), true},
		{"quoted at 60 after a quoted line", crlf("\n> Please see the key below:" + quoted(words, 60)), true},
		{"quoted at 60, short", crlf(quoted(words[:100], 60)), false},
		{"quoted prose", strings.Repeat("\r\n> this is some quoted text of a reply", 8), false},
		// Quoted base64 of bytes is a blob too since recall37.go (no armour
		// line declares it), as in TestGroupB64.
		{"quoted bytes at 60", crlf(quoted(base64.StdEncoding.EncodeToString([]byte(strings.Repeat("\x01\x9f\xee\x10", 60))), 60)), true},
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
				for pad := range 70 {
					tx := strings.Repeat("word.", 30)[:pad] + "\r\nOn Mon, Mary wrote:" + tt.text + "\r\nafter"
					found := checkAgainstRef(t, []byte(tx))
					if (found[iBlob] != "") != tt.blob || tt.blob && !strings.Contains(found[iBlob], "quoted with >") {
						t.Fatalf("%s, pad %d: blob %q, want %v", tt.name, pad, found[iBlob], tt.blob)
					}
				}
			}
		})
	}
}
