package evasions

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// refScanChunks is what scanChunks does, a byte and a block at a time
// (chunks.go): the plain 64-byte chunks at the start of t, then the
// plain blocks before the first that is not in the chunk where it stops
// or in the last whole blocks of t, unless a chain stops in them,
// counted and carried into st; the bytes taken.
func refScanChunks(t []byte, st *chunkState) int {
	st.minB64, st.minHex = chainB64, chainHex
	stop := byte(ccBackslash | ccControl)
	if st.flags&chunkCtlFound != 0 {
		stop = ccBackslash
	}
	n := 0
	for {
		texty, notSpace := 0, false
		var ok, cnt [2][8]bool // base64, hex
		take := min(8, (len(t)-n)/8)
	blocks:
		for k := range take {
			blk := t[n+8*k : n+8*k+8]
			allB64, anyB64, allHex, anyHex, same, anySpace := true, false, true, false, true, false
			for _, c := range blk {
				if c >= 0x80 || kernelTables.class[c]&stop != 0 {
					take = k
					break blocks
				}
				cl := kernelTables.class[c]
				anySpace = anySpace || cl&ccSpace != 0
				same = same && c == blk[0]
				allB64 = allB64 && cl&ccB64OK != 0
				anyB64 = anyB64 || cl&ccB64 != 0
				allHex = allHex && cl&ccHexOK != 0
				anyHex = anyHex || cl&ccHex != 0
			}
			if same && !anySpace {
				take = k
				break
			}
			ok[0][k], cnt[0][k] = allB64, allB64 && anyB64
			ok[1][k], cnt[1][k] = allHex, allHex && anyHex
		}
		if take == 0 {
			return n
		}
		for _, c := range t[n : n+8*take] {
			cl := kernelTables.class[c]
			if cl&ccTexty != 0 {
				texty++
			}
			notSpace = notSpace || cl&ccSpace == 0
		}
		chains := [2]int{st.b64, st.hex}
		if st.flags&chunkBlobFound == 0 {
			// Stop where a chain reaches its length before the first
			// break, or where the counting blocks after it could.
			for j, min := range [2]int{chainB64, chainHex} {
				chain, first, after := chains[j], true, 0
				for k := range take {
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
			for k := range take {
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
		if n += 8 * take; take < 8 {
			return n
		}
	}
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

// refB64Blocks is b64Blocks a byte at a time: whole blocks of eight
// bytes, each of letters, digits, + / and line breaks.
func refB64Blocks(t []byte, j int) (next, n int, cl uint8) {
	for ; j+8 <= len(t); j += 8 {
		m, c := 0, uint8(0)
		for _, b := range t[j : j+8] {
			switch {
			case b == '\n' || b == '\r':
			case b < 0x80 && asciiEv[b]&acB64 != 0 && b != '=':
				m++
				c |= caseCl[b]
			default:
				return j, n, cl
			}
		}
		n, cl = n+m, cl|c
	}
	return j, n, cl
}

// TestB64Blocks holds b64Blocks to refB64Blocks from every offset of the
// kernel's texts.
func TestB64Blocks(t *testing.T) {
	texts := chunkTexts()
	for _, p := range []string{"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3", "Zm9vYmFy\r\n", "abc+/XYZ09\n"} {
		for _, end := range []string{"", "=", " ", "é", "\x00"} {
			for k := 60; k < 200; k += 7 {
				texts = append(texts, []byte(strings.Repeat(p, 200/len(p)+1)[:k]+end+"QUJD"))
			}
		}
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tx := range texts {
				for j := range tx {
					n1, m1, c1 := b64Blocks(tx, j)
					n2, m2, c2 := refB64Blocks(tx, j)
					if n1 != n2 || m1 != m2 || c1 != c2 {
						t.Fatalf("b64Blocks(%q, %d) = %d, %d, %d, want %d, %d, %d", tx, j, n1, m1, c1, n2, m2, c2)
					}
				}
			}
		})
	}
}

// FuzzB64Blocks holds b64Blocks to refB64Blocks on any bytes.
func FuzzB64Blocks(f *testing.F) {
	f.Add([]byte("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3\r\nQUJD+/==abc"))
	f.Fuzz(func(t *testing.T, tx []byte) {
		for _, path := range chunkPaths() {
			restore := path.Use()
			for j := range tx {
				n1, m1, c1 := b64Blocks(tx, j)
				n2, m2, c2 := refB64Blocks(tx, j)
				if n1 != n2 || m1 != m2 || c1 != c2 {
					restore()
					t.Fatalf("b64Blocks(%q, %d) with %s = %d, %d, %d, want %d, %d, %d", tx, j, path.Name, n1, m1, c1, n2, m2, c2)
				}
			}
			restore()
		}
	})
}
