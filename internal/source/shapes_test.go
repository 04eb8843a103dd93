package source

import "testing"

func TestSkipReason(t *testing.T) {
	tests := []struct{ name, want string }{
		{"train.jsonl", ""},
		{"train-00000-of-00002.parquet", ""},
		{"data.csv.gz", ""},
		{"data.TSV.zst", ""},
		{"data-00000-of-00001.arrow", ""},
		{".hidden.jsonl", "hidden"},
		{"README.md", "unknown extension .md"},
		{"LICENSE", "no extension"},
		{"dataset_info.json", "a .json file in a directory is read only if it holds a JSON array; name it to read it as JSON Lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := skipReason(tt.name); got != tt.want {
				t.Errorf("skipReason(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestSniffShapes(t *testing.T) {
	tests := []struct {
		head, path string
		want       Format
	}{
		{"ARROW1\x00\x00", "data.bin", Arrow},
		{"\xff\xff\xff\xff", "data.arrow", Arrow},
		{"\xff\xff\xff\xff", StdinName, Arrow},
		{"\xff\xff\xff\xff", "x.jsonl", JSONL},
		{"id,t", "x.csv", CSV},
		{"\x1f\x8b\x08\x00", "x.tsv.gz", TSV},
		{"PAR1", "x.csv", Parquet},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got, _ := sniff([]byte(tt.head), tt.path); got != tt.want {
				t.Errorf("sniff(%q, %q) = %v, want %v", tt.head, tt.path, got, tt.want)
			}
		})
	}
}

// TestSniffDelimited: standard input holding CSV or TSV (a header row) is
// read as such; JSON Lines, even with commas and tabs inside, stays JSONL.
func TestSniffDelimited(t *testing.T) {
	tests := []struct {
		name, head string
		want       Format
	}{
		{"csv", "text,label\n\"a, b\",x\n", CSV},
		{"csv bom", "\xef\xbb\xbftext,label\n", CSV},
		{"tsv", "text\tlabel\nhello\tx\n", TSV},
		{"tsv with commas", "text\tnote\na,b\tc\n", TSV},
		{"jsonl", "{\"text\":\"a,b\\tc\"}\n", JSONL},
		{"jsonl indented", "  {\"text\":\"a,b\"}\n", JSONL},
		{"array", "[{\"text\":\"a,b\"}]", JSONL},
		{"one column", "text\nhello\n", JSONL},
		{"empty", "", JSONL},
		{"comma on line two only", "text\na,b\n", JSONL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Path: StdinName, Format: JSONL}
			if got := sniffDelimited(in, []byte(tt.head)); got != tt.want {
				t.Errorf("sniffDelimited(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}
