package profile

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkHashFile measures the SHA-256 pass of the manifest, which runs
// alongside the scan.
func BenchmarkHashFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "f")
	data := make([]byte, 64<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := HashFile(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
}
