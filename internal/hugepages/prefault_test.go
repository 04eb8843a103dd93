package hugepages

import (
	"testing"
	"unsafe"
)

func TestPrefaultKeepsContents(t *testing.T) {
	for _, n := range []int{0, 3, 4, 4095, 4096, 4100, 3*pageSize + 7, 1 << 20} {
		t.Run("", func(t *testing.T) {
			b := make([]byte, n+8)
			for i := range b {
				b[i] = byte(i*7 + 1)
			}
			want := append([]byte(nil), b...)
			Prefault(unsafe.Pointer(unsafe.SliceData(b)), n)
			for i := range b {
				if b[i] != want[i] {
					t.Fatalf("Prefault(%d bytes) changed byte %d: %d, want %d", n, i, b[i], want[i])
				}
			}
		})
	}
}
