package evasions

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// refScanChunks is what scanChunks does, a byte and a block at a time
// (chunks.go): the plain 64-byte chunks at the start of t, counted and
// carried into st; the bytes taken.
func refScanChunks(t []byte, st *chunkState) int {
	stop := byte(ccBackslash | ccControl)
	if st.flags&chunkCtlFound != 0 {
		stop = ccBackslash
	}
	n := 0
	for ; n+64 <= len(t); n += 64 {
		texty, notSpace := 0, false
		var ok, cnt [2][8]bool // base64, hex
		for k := range 8 {
			blk := t[n+8*k : n+8*k+8]
			allB64, anyB64, allHex, anyHex, same, anySpace := true, false, true, false, true, false
			for _, c := range blk {
				if c >= 0x80 || kernelTables.class[c]&stop != 0 {
					return n
				}
				cl := kernelTables.class[c]
				if cl&ccTexty != 0 {
					texty++
				}
				notSpace = notSpace || cl&ccSpace == 0
				anySpace = anySpace || cl&ccSpace != 0
				same = same && c == blk[0]
				allB64 = allB64 && cl&ccB64OK != 0
				anyB64 = anyB64 || cl&ccB64 != 0
				allHex = allHex && cl&ccHexOK != 0
				anyHex = anyHex || cl&ccHex != 0
			}
			if same && !anySpace {
				return n
			}
			ok[0][k], cnt[0][k] = allB64, allB64 && anyB64
			ok[1][k], cnt[1][k] = allHex, allHex && anyHex
		}
		chains := [2]int{st.b64, st.hex}
		if st.flags&chunkBlobFound == 0 {
			// Stop where a chain reaches its length before the first
			// break, or where the counting blocks after it could.
			for j, min := range [2]int{chainB64, chainHex} {
				chain, first, after := chains[j], true, 0
				for k := range 8 {
					switch {
					case !ok[j][k]:
						first = false
					case cnt[j][k] && first:
						if chain++; chain >= min {
							return n
						}
					case cnt[j][k]:
						if after++; after >= min {
							return n
						}
					}
				}
			}
		}
		for j := range chains {
			for k := range 8 {
				switch {
				case !ok[j][k]:
					chains[j] = 0
				case cnt[j][k]:
					chains[j]++
				}
			}
		}
		st.b64, st.hex = chains[0], chains[1]
		st.texty += texty
		if notSpace {
			st.flags |= chunkNotSpace
		}
	}
	return n
}

// chunkTexts returns texts for the kernel: prose, base64 and hex chains
// of every length across chunk boundaries, runs, controls, backslashes
// and non-ASCII bytes at every position.
func chunkTexts() [][]byte {
	rng := rand.New(rand.NewPCG(64, 8))
	parts := []string{"the quick brown fox ", "jumps\n", "QUJDREVGR0hJ", "+/==", "\r\n", "deadbeef", "0123 4567 ", "        ",
		"\t", "aaaaaaaa", "--------", "\\", "\x00", "\x7f", "é", "ab12cd34", "\n\n\n\n\n\n\n\n", "12345678", "Zz9+/Zz9"}
	var out [][]byte
	for _, p := range parts {
		out = append(out, []byte(strings.Repeat(p, 300/len(p)+1)))
	}
	for range 3000 {
		var b []byte
		for len(b) < 64*6+rng.IntN(64) {
			if rng.IntN(4) == 0 {
				b = append(b, byte(rng.IntN(256)))
			} else {
				b = append(b, parts[rng.IntN(len(parts))]...)
			}
		}
		out = append(out, b)
	}
	return out
}

// TestScanChunks holds the kernel (scanChunksAVX512) to refScanChunks:
// bytes taken and state, with every combination of flags and chains
// going on.
func TestScanChunks(t *testing.T) {
	if !hasChunks {
		t.Skip("no AVX-512 kernel on this CPU")
	}
	for i, tx := range chunkTexts() {
		for flags := range 4 {
			for _, chain := range []int{0, 3, 5, 9} {
				checkChunks(t, tx, chunkState{texty: i, b64: chain, hex: chain % chainHex, flags: flags}) // states the scan reaches: under the chains
			}
		}
	}
}

func checkChunks(t *testing.T, tx []byte, st chunkState) {
	t.Helper()
	got, want := st, st
	n, wantN := scanChunks(tx, &got), refScanChunks(tx, &want)
	if n != wantN || got != want {
		t.Fatalf("scanChunks(%q, %+v) = %d, %+v, want %d, %+v", tx, st, n, got, wantN, want)
	}
}

// FuzzScanChunks holds the kernel to refScanChunks on any bytes.
func FuzzScanChunks(f *testing.F) {
	for _, tx := range chunkTexts()[:40] {
		f.Add(tx, uint8(0), uint8(0))
	}
	f.Fuzz(func(t *testing.T, tx []byte, flags, chain uint8) {
		if !hasChunks {
			t.Skip("no AVX-512 kernel on this CPU")
		}
		checkChunks(t, tx, chunkState{b64: int(chain % chainB64), hex: int(chain % chainHex), flags: int(flags % 4)})
	})
}
