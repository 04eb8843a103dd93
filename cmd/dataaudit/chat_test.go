package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanChat: chat and instruction files are read by their shape
// without flags, the summary and the JSON say which, --role keeps turns,
// and a role that does not exist is a usage error.
func TestScanChat(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "chat")
	tests := []struct {
		name      string
		args      []string
		code      int
		shape     string
		rows      int64
		summary   string // a line the text summary must have
		roleTurns map[string]int64
	}{
		{"openai", []string{filepath.Join(dir, "openai.jsonl")}, exitOK, "openai_chat", 3,
			"Shape     openai_chat (rows: openai_chat 3)", map[string]int64{"system": 1, "user": 4, "assistant": 4}},
		{"openai user turns", []string{"--role", "user", filepath.Join(dir, "openai.jsonl")}, exitOK, "openai_chat", 3,
			"          user      4 turns, 17 tokens, median 3 tokens", map[string]int64{"user": 4}},
		{"sharegpt and alpaca", []string{filepath.Join(dir, "sharegpt.jsonl"), filepath.Join(dir, "alpaca.jsonl")}, exitOK, "mixed", 5,
			"Shape     mixed (rows: alpaca 3, sharegpt 2)", map[string]int64{"system": 1, "user": 3, "assistant": 3}},
		{"parquet", []string{filepath.Join(dir, "chat.parquet")}, exitOK, "openai_chat", 3, "          prompt    2 rows", nil},
		{"flat prompt and response", []string{"--prompt", "q", "--response", "a", filepath.Join(dir, "flat.jsonl")}, exitOK, "text", 2,
			"          prompt    2 rows, 8 tokens, median 3 tokens", nil},
		{"unknown role", []string{"--role", "robot", filepath.Join(dir, "openai.jsonl")}, exitError, "", 0, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var text, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"scan", "--quiet"}, tt.args...), &text, &stderr)
			if code != tt.code {
				t.Fatalf("scan %v = exit %d, want %d; stderr: %s", tt.args, code, tt.code, stderr.String())
			}
			if code != exitOK {
				if !strings.Contains(stderr.String(), `unknown role "robot"`) {
					t.Errorf("stderr %q, want the unknown role named", stderr.String())
				}
				return
			}
			if !strings.Contains(text.String(), tt.summary) {
				t.Errorf("summary has no line %q:\n%s", tt.summary, text.String())
			}
			var js bytes.Buffer
			if code := run(context.Background(), append([]string{"scan", "--quiet", "--json", "-"}, tt.args...), &js, &stderr); code != exitOK {
				t.Fatalf("scan --json: exit %d: %s", code, stderr.String())
			}
			var doc struct {
				Summary struct{ Rows int64 }
				Chat    *struct {
					Shape string
					Roles map[string]struct{ Count int64 }
				}
			}
			if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Chat == nil || doc.Chat.Shape != tt.shape || doc.Summary.Rows != tt.rows {
				t.Fatalf("report: rows %d, chat %+v; want %d rows, shape %s", doc.Summary.Rows, doc.Chat, tt.rows, tt.shape)
			}
			for role, n := range tt.roleTurns {
				if got := doc.Chat.Roles[role].Count; got != n {
					t.Errorf("chat.roles.%s.count = %d, want %d", role, got, n)
				}
			}
			if tt.roleTurns != nil && len(doc.Chat.Roles) != len(tt.roleTurns) {
				t.Errorf("chat.roles = %v, want %v", doc.Chat.Roles, tt.roleTurns)
			}
		})
	}
}
