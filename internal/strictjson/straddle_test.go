package strictjson

import (
	"strings"
	"testing"
)

// TestEscapesStraddlingBlocks: every escape (one-byte, \u, a surrogate
// pair, bad or cut short), and runs of them, placed at every offset
// around the kernels' 64-byte blocks, decode (or fail) as the pure Go
// loop does, with every kernel, into an empty column and one that
// already holds text.
func TestEscapesStraddlingBlocks(t *testing.T) {
	escapes := []string{`\n`, `\"`, `\\`, `\/`, `\t`, `\u00e9`, `\u20AC`, `\ud83d\ude00`, `\ud83d`, `\ude00x`, `\u12`, `\x`, `\u00`, "\x01", "é", `\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n`, `\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"`, `\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9`}
	ks := kernels()
	if len(ks) == 1 {
		t.Skip("no AVX-512 on this CPU")
	}
	for _, esc := range escapes {
		for at := 0; at < 200; at++ {
			for _, tail := range []int{0, 1, 63, 64, 65} {
				line := []byte(`{"t":"` + strings.Repeat("a", at) + esc + strings.Repeat("b", tail) + `"}`)
				for _, prefix := range []string{"", "xyz"} {
					want := decodeWith(line, prefix, kernelGo)
					for kernel, name := range ks {
						if got := decodeWith(line, prefix, kernel); got != want {
							t.Fatalf("%s: decode(%q) after %q = %+v, want %+v", name, line, prefix, got, want)
						}
					}
				}
			}
		}
	}
}
