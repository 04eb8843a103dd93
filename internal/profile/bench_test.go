package profile

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// BenchmarkHashInput measures the SHA-256 pass of the manifest, which runs
// alongside the scan.
func BenchmarkHashInput(b *testing.B) {
	path := filepath.Join(b.TempDir(), "f")
	data := make([]byte, 64<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := HashInput(context.Background(), inputs[0]); err != nil {
			b.Fatal(err)
		}
	}
}
