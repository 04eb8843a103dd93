package source_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/source"
)

// TestWriteObject writes objects to the S3 fake and reads them back: a
// write that fails, or whose context ends first, leaves the previous
// object as it was.
func TestWriteObject(t *testing.T) {
	srv := blobtest.Serve(t, map[string]string{"out/old.json": "../../testdata/sample.jsonl"})
	ctx := context.Background()
	old, err := source.ReadObject(ctx, srv.URL("out/old.json"))
	if err != nil {
		t.Fatal(err)
	}
	errDisk := errors.New("the writer failed")
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name, key string
		ctx       context.Context
		write     string
		fail      bool
		want      string
		wantErr   error
	}{
		{"new", "out/new.json", ctx, "new\n", false, "new\n", nil},
		{"replace", "out/old.json", ctx, "replaced\n", false, "replaced\n", nil},
		{"failed write keeps the object", "out/old.json", ctx, "half a rep", true, "replaced\n", errDisk},
		{"canceled write keeps the object", "out/old.json", canceled, "half a rep", false, "replaced\n", context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := srv.URL(tt.key)
			err := source.WriteObject(tt.ctx, u, func(w io.Writer) error {
				if _, err := io.WriteString(w, tt.write); err != nil {
					return err
				}
				if tt.fail {
					return errDisk
				}
				return nil
			})
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteObject(%q) = %v, want %v", u, err, tt.wantErr)
			}
			got, err := source.ReadObject(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("ReadObject(%q) = %.40q, want %.40q", u, got, tt.want)
			}
		})
	}
	if len(old) == 0 {
		t.Fatal("the served object is empty")
	}
	if _, err := source.ReadObject(ctx, srv.URL("out/none.json")); err == nil {
		t.Errorf("ReadObject of a missing object = nil error, want one")
	}
	if err := source.WriteObject(ctx, srv.URL("out/"), func(io.Writer) error { return nil }); err == nil {
		t.Errorf("WriteObject of a prefix = nil error, want one")
	}
}

func TestObjectName(t *testing.T) {
	tests := []struct {
		url, want string
		local     bool
	}{
		{"s3://data/a/b.json?endpoint=http://x&region=y", "s3://data/a/b.json", false},
		{"gs://bucket/p.json", "gs://bucket/p.json", false},
		{"azblob://c/k", "azblob://c/k", false},
		{"file:///tmp/x/p.json?metadata=skip", "/tmp/x/p.json", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			name, local, err := source.ObjectName(tt.url)
			if err != nil || name != tt.want || local != tt.local {
				t.Errorf("ObjectName(%q) = %q, %v, %v; want %q, %v", tt.url, name, local, err, tt.want, tt.local)
			}
		})
	}
}
