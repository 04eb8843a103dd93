package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// TestExcerptsRendered: every renderer shows a finding's excerpt, escaped
// for where it goes, and its kind's explanation and advice.
func TestExcerptsRendered(t *testing.T) {
	d := hostileDoc()
	d.Findings[0].Excerpt = "…before <script>alert(1)</script> | a\u200bb\u202ec\x1b[2J `tick` after…"
	doc, _ := finding.Doc("cleaning_evasion")
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  []string
		not   []string
	}{
		{"html", func(b *bytes.Buffer) error { return WriteHTML(b, d) },
			[]string{"<th>excerpt</th>", "…before &lt;script&gt;alert(1)&lt;/script&gt; | a\\u200bb\\u202ec\\x1b[2J `tick` after…", "What to do:</b> " + doc.Advice[:20], doc.Explanation[:20]},
			[]string{"<script", "\u200b", "\u202e", "\x1b"}},
		{"markdown", func(b *bytes.Buffer) error { return WriteMarkdown(b, d, TextOptions{}) },
			// The excerpt as a code span (raw '<' is code there, never HTML;
			// TestMarkdownRenders checks that with a GFM renderer), a pipe
			// escaped for the table, backticks inside by a longer fence.
			[]string{"&gt; ``…before <script>alert(1)</script> \\| a\\u200bb\\u202ec\\x1b[2J `tick` after…``", "**What to do:** " + doc.Advice[:20], doc.Explanation[:20]},
			[]string{"\u200b", "\u202e", "\x1b"}},
		{"text", func(b *bytes.Buffer) error { return WriteText(b, d, TextOptions{}) },
			[]string{"      > …before <script>alert(1)</script> | a\\u200bb\\u202ec\\x1b[2J `tick` after…", "What to do: " + doc.Advice, doc.Explanation},
			[]string{"\u200b", "\u202e", "\x1b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("Write%s(...) lacks %q:\n%s", tt.name, w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("Write%s(...) holds %q", tt.name, n)
				}
			}
		})
	}
}
