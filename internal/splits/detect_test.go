package splits

import (
	"slices"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"files", []string{"d/test.jsonl", "d/train.jsonl", "d/validation.jsonl"}, []string{Test, Train, Validation}},
		{"aliases", []string{"d/dev.jsonl.gz", "d/training.jsonl", "d/valid.parquet", "d/val.jsonl"}, []string{Dev, Train, Validation, Validation}},
		{"shards", []string{"d/data/test-00000-of-00001.parquet", "d/data/train-00000-of-00002.parquet", "d/data/train-00001-of-00002.parquet"},
			[]string{Test, Train, Train}},
		{"shard with hash", []string{"data/train-00000-of-00001-5c1d3a.parquet", "data/unsupervised-00000-of-00001-77ab.parquet"},
			[]string{Train, "unsupervised"}},
		{"folders", []string{"x/test/part-0.jsonl", "x/train/part-0.jsonl", "x/train/part-1.jsonl"}, []string{Test, Train, Train}},
		{"hf parquet export", []string{"default/test/0000.parquet", "default/train/0000.parquet", "default/unsupervised/0000.parquet"},
			[]string{Test, Train, "unsupervised"}},
		{"separators", []string{"train_small.jsonl", "test-clean.jsonl"}, []string{Train, Test}},
		{"unsplit file among splits", []string{"d/README.jsonl", "d/test.jsonl", "d/train.jsonl"}, []string{Other, Test, Train}},
		// A folder above the inputs' shared folders says nothing.
		{"shared test folder", []string{"/tmp/test/a.jsonl", "/tmp/test/b.jsonl"}, nil},
		{"one split", []string{"d/train.jsonl", "d/other.jsonl"}, nil},
		{"one file", []string{"train.jsonl"}, nil},
		{"words that start like splits", []string{"trainer.jsonl", "testimony.jsonl", "devices.jsonl"}, nil},
		{"not a shard suffix", []string{"a-1-of-x.jsonl", "b-00000-of-00001.jsonl"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.paths); !slices.Equal(got, tt.want) {
				t.Errorf("Detect(%q) = %q, want %q", tt.paths, got, tt.want)
			}
		})
	}
}

func TestTable(t *testing.T) {
	tests := []struct {
		name         string
		paths, given []string
		want         []string
	}{
		{"given names win", []string{"a/sft.jsonl", "a/heldout.jsonl", "a/test.jsonl"}, []string{"Training", "valid", ""},
			[]string{Train, Validation, Test}},
		{"one given is enough", []string{"x.jsonl", "y.jsonl"}, []string{"", "test"}, []string{Other, Test}},
		{"a lone given file", []string{"x.jsonl"}, []string{"dev"}, []string{Dev}},
		{"none given", []string{"x.jsonl", "y.jsonl"}, []string{"", ""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Table(tt.paths, tt.given); !slices.Equal(got, tt.want) {
				t.Errorf("Table(%q, %q) = %q, want %q", tt.paths, tt.given, got, tt.want)
			}
		})
	}
}
