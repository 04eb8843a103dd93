package evasions

import (
	"bytes"
	"encoding/binary"
	"math/bits"
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
		if take == 8 && st.flags&chunkBlobFound == 0 && allURL(t[n:n+64]) {
			st.flags |= chunkURL
			return n // a chunk of base64url's alphabet (b64url.go): none of its bytes stops it before
		}
		for p := n; p < n+8*take; p++ {
			if t[p] == '=' && (qpStopAt(t, p) || qpCtlStopAt(t, p)) {
				st.flags |= chunkQP // it stops in this chunk (qp.go, recall9.go)
				break
			}
		}
		if take == 8 && (bytes.Count(t[n:n+64], t[n:n+1]) == 64 || allASCIIWS(t[n:n+64])) {
			take = 0 // a chunk of one byte (white space: session 16), a chunk of white space (session 27, wsmix.go)
		}
		rep := take == 8 && n%repEvery == 0 && st.flags&chunkRepOff == 0 && refPeriodic(t[n:n+64]) // a chunk repeating (phrase.go), one in four, tested after the bytes that stop it
	blocks:
		for k := range take {
			blk := t[n+8*k : n+8*k+8]
			allB64, anyB64, allHex, anyHex, same, anySpace := true, false, true, false, true, false
			for b, c := range blk {
				if p := n + 8*k + b; c == '%' && p+3 < len(t) && t[p+3] == '%' {
					take = k // a % with a % three bytes after it, in t (escapes.go; recall26.go: the second may be past the chunk)
					break blocks
				}
				if p := n + 8*k + b; c == '&' && p+1 < len(t) && ampStop(t[p+1]) {
					take = k // an & with a # (or a named entity's first letter) after it, in t (entities.go, entnames.go)
					break blocks
				}
				if p := n + 8*k + b; c == '=' && (qpStopAt(t, p) || qpCtlStopAt(t, p)) {
					take = k // an = with C to F after it, or 4 to 7 and an = three bytes after, in t (qp.go, recall9.go)
					break blocks
				}
				if p := n + 8*k + b; c == ';' && st.flags&chunkBlobFound == 0 && p+7 < len(t) && t[p+7] == ',' {
					take = k // a ; with a , seven bytes after it, in t (datauri.go)
					break blocks
				}
				if c >= 0x80 || kernelTables.class[c]&stop != 0 {
					take = k
					break blocks
				}
				cl := kernelTables.class[c]
				anySpace = anySpace || cl&ccSpace != 0
				same = same && c == blk[0]
				allB64 = allB64 && cl&ccB64OK != 0
				anyB64 = anyB64 || cl&ccB64 != 0
				allHex = allHex && cl&(ccHex|ccSpace) != 0
				anyHex = anyHex || cl&ccHex != 0
			}
			if same && !anySpace {
				take = k
				break
			}
			ok[0][k], cnt[0][k] = allB64, allB64 && anyB64
			ok[1][k], cnt[1][k] = allHex, allHex && anyHex
		}
		if take == 8 && (st.flags&chunkBlobFound == 0 || eqTwo(t, n)) && sepHexChunk(t[n:n+64]) {
			st.flags |= chunkSepHex
			return n // a chunk that may be in a separated hex dump (session 17)
		}
		if take == 0 {
			return n
		}
		if rep && take == 8 {
			st.flags |= chunkRepeat
			return n
		}
		if take == 8 && st.flags&chunkBlobFound == 0 && refGroupChunk(t[n:n+64]) {
			st.flags |= chunkGroup
			return n // a chunk of grouped or quoted base64 (b64groups.go)
		}
		if take == 8 && st.flags&chunkBlobFound == 0 && refRotChunk(t[n:n+64]) {
			st.flags |= chunkRot
			return n // a chunk with a space and rotMin or more of q v z j (recall34.go)
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

// eqTwo reports whether the chunk at t[n] holds an = with a 2 after it,
// in t: with a blob found, the kernel stops at a chunk of separated hex
// only then (runs of =20, qp.go).
func eqTwo(t []byte, n int) bool {
	for p := n; p < n+64; p++ {
		if t[p] == '=' && p+1 < len(t) && t[p+1] == '2' {
			return true
		}
	}
	return false
}

// allURL reports whether every byte of the chunk c is of base64url's
// alphabet: the kernel stops there (b64url.go).
func allURL(c []byte) bool {
	for _, b := range c {
		if !urlByte(b) {
			return false
		}
	}
	return true
}

// sepHexChunk reports whether every byte of the chunk c is a hex digit,
// white space or : - , x, and one is a hex digit: the kernel stops there
// (sephex.go).
func sepHexChunk(c []byte) bool {
	hex := false
	for _, b := range c {
		cl := kernelTables.class[b]
		if cl&(ccHex|ccSpace|ccSep) == 0 {
			return false
		}
		hex = hex || cl&ccHex != 0
	}
	return hex
}

// refPeriodic is periodicWindow a byte at a time: the 64 bytes w repeat
// with the distance from their first white-space byte to the second,
// third or fourth, when that is 32 or under; without white space, from
// their first & to the second; without an & either, from their first
// byte to the next two of it, unless they are letters and digits alone
// or one byte.
// allASCIIWS reports whether w is ASCII white space alone.
func allASCIIWS(w []byte) bool {
	for _, c := range w {
		if !asciiWS(c) {
			return false
		}
	}
	return true
}

func refPeriodic(w []byte) bool {
	var ws []int
	for j, c := range w {
		if c < 0x80 && kernelTables.class[c]&ccSpace != 0 {
			ws = append(ws, j)
		}
	}
	if len(ws) == 0 { // no white space: the distance between the first two & (phrase.go's windowCands)
		for j, c := range w {
			if c == '&' {
				ws = append(ws, j)
			}
		}
		ws = ws[:min(len(ws), 2)]
	}
	alnum := "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	most := phraseMaxPeriod
	if len(ws) == 0 && strings.Trim(string(w), string(w[:1])) != "" {
		// nor an &, nor one byte: the first byte and the next two of it
		// (recall8.go's byteCands), up to shortMaxPeriod for letters and
		// digits alone (recall24.go)
		if strings.Trim(string(w), alnum) == "" {
			most = shortMaxPeriod
		}
		for j, c := range w {
			if c == w[0] && len(ws) < 3 {
				ws = append(ws, j)
			}
		}
	}
	for k := 1; k <= 3 && k < len(ws); k++ {
		p := ws[k] - ws[0]
		if p > most {
			break
		}
		ok := true
		for j := 0; j+p < 64; j++ {
			ok = ok && w[j] == w[j+p]
		}
		if ok {
			return true
		}
	}
	return false
}

// chunkTexts returns texts for the kernel: prose, base64 and hex chains
// of every length across chunk boundaries, runs, controls, backslashes
// and non-ASCII bytes at every position.
func chunkTexts() [][]byte {
	rng := rand.New(rand.NewPCG(64, 8))
	parts := []string{"the quick brown fox ", "jumps\n", "QUJDREVGR0hJ", "+/==", "\r\n", "deadbeef", "0123 4567 ", "        ",
		"\t", "aaaaaaaa", "--------", "\\", "\x00", "\x7f", "é", "ab12cd34", "\n\n\n\n\n\n\n\n", "12345678", "Zz9+/Zz9",
		strings.Repeat(" ", 70), strings.Repeat("\t", 140), // chunks of one white-space byte (session 16)
		"de:ad:be:ef:", "0x1f, 0xa2, ", "12-34-56-78-", " 0xab 0xcd", "2002-08-22 10:30:00 ", " , - : x ", // separated hex (session 17)
		strings.Repeat("free ", 30), strings.Repeat("click here now! ", 12), strings.Repeat("best price guaranteed. ", 9), // repeated phrases (phrase.go)
		strings.Repeat("a b c d ", 80), strings.Repeat("free ", 130), strings.Repeat("&nbsp; ", 20), strings.Repeat("&nbsp;", 30), strings.Repeat("&amp;&x;", 20), "&nbsp;&nbsp;", // runs of an entity (phrase.go) strings.Repeat("x  ", 30), strings.Repeat("word\n", 30),
		"77777777", strings.Repeat("9", 20), "caf\u00c3\u00a9 ", // runs of a digit 1 to 9 (runs.go), mojibake (session 18)
		strings.Repeat("=D0=9F", 30), strings.Repeat("%E5, ", 20), "=\n", "`", // runs of escapes and uuencode's backtick (blobs.go)
		"%68%74%74%70", "%2", "%", "50% off ", "a%%b", "x%C2%ADy", // % three bytes apart (escapes.go), across a chunk's edge (recall26.go)
		";base64,", "data:image/png;base64,iVBORw0KGgo", "a;bcdef,", ";;;;;;;,,,,,,,", "&nbsp;x,", // a ; and a , seven bytes after it (datauri.go)
		"aB3xYzQ-", "Zz9_Qq0-", strings.Repeat("aB3xYzQ-", 20), strings.Repeat("k9_", 50), "Ab9-_xYzAAAAAAAA", // base64url's alphabet (b64url.go)
		"&#8203;", "&#", "&", "#", "a&#x200B;b", "&amp;#", // an & with a # after it (entities.go)
		"<br>", "<p></p>", "-=", strings.Repeat("<br/>", 30), strings.Repeat("-=", 40), "b<b<bb<", // a window's first byte and the next two of it (recall8.go)
		"=07 ", "=00x", "=1B[31m", "=7F.", "=08=08", "=0", "=1", "=7", "=pr", "=p1q", "=1Fa", "size=10 ", "=02/", // escapes of controls (recall10.go)
		"hahahaha", "lol", "abcb", "xoxo", "iIiI", "aaab", "12", "=3D", "免费 ", "БЕСПЛАТНО ", // short units and words not ASCII (recall24.go)
		"QUJD REVG R0h+ ", "Abcd Efgh ", "QUJDREVG R0hJSktM TU5P+/12 ", "\n> QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3+/", "\n> AbcdEfghIjklMnopQrstUvwxAbcdEfghIjklMnopQrstUvwx", // grouped and quoted base64, with and without a digit, + or / (b64groups.go)
		strings.Repeat("QUJD R0h+ ", 8) + "\n", strings.Repeat("QUJDREVG R0hJSk+/ ", 4) + "\n", strings.Repeat("QUJD R0h+ ", 3) + "\n", "QUJD\n R0h+ ", // wrapped: a space before a line's end (recall33.go)
		"Gur dhvpx oebja sbk whzcf bire gur ynml qbt jvgu n qvfpbhag ", "Jr jvyy frzq lbh zber zbarl ", "qvzj", "QVZJ q", "vv zz ", "Qbja Jvgu ", "16*:16*:", "q\nv\tz j", // q v z j, and bytes with their low six bits (recall34.go)
	}
	var out [][]byte
	for _, p := range parts {
		out = append(out, []byte(strings.Repeat(p, 300/len(p)+1)))
	}
	for at := 56; at < 72; at++ { // two escapes across a chunk's edge, nothing before them stopping it (recall26.go)
		out = append(out, []byte(strings.Repeat("plain words here", 10)[:at]+"%C2%AD"+strings.Repeat("plain words here", 10)))
	}
	for range 3000 {
		var b []byte
		for len(b) < 64*6+rng.IntN(1024) {
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
		for _, flags := range []int{0, 1, 2, 3, chunkRepOff, chunkRepOff | 3} {
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
		checkChunks(t, tx, chunkState{b64: int(chain % chainB64), hex: int(chain % chainHex), flags: int(flags%4) | int(flags&4)<<3})
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

// refB64Ahead is earlyB64's block loop, the Go path: the blocks from
// t[0] that a base64 run goes on through, the bytes in them that are not
// line breaks and the hex run at their end, or stop when a hex run
// reaches min.
func refB64Ahead(t []byte, hexRun, min int) (took, n, hexRunOut int, stop bool) {
	j := 0
	for ; j+8 <= len(t); j += 8 {
		w := binary.LittleEndian.Uint64(t[j:])
		if w&highs != 0 {
			break
		}
		lw := w | 0x20*ones
		letter, digit := inRange(lw, 'a', 'z'), inRange(w, '0', '9')
		nl := eqByte(w, '\n') | eqByte(w, '\r')
		if letter|digit|nl|eqByte(w, '+')|eqByte(w, '/')|eqByte(w, '=') != highs {
			break
		}
		n += 8 - bits.OnesCount64(nl)
		if hexish := digit | inRange(lw, 'a', 'f') | nl; hexish == highs {
			hexRun += 8
		} else {
			if hexRun+bits.TrailingZeros64(^hexish&highs)/8 >= min {
				return 0, 0, 0, true
			}
			hexRun = bits.LeadingZeros64(^hexish&highs) / 8
		}
		if hexRun >= min {
			return 0, 0, 0, true
		}
	}
	return j, n, hexRun, false
}

// TestB64Ahead holds the kernel (b64AheadAVX512) to refB64Ahead from
// every offset of the kernel's texts and of base64 with hex runs of
// every length in it, with hex runs going on and limits from 8 to 64.
func TestB64Ahead(t *testing.T) {
	if !hasChunks {
		t.Skip("no AVX-512 kernel on this CPU")
	}
	for _, tx := range chunkTexts() {
		for j := range tx {
			checkB64Ahead(t, tx[j:], 0, 32)
			checkB64Ahead(t, tx[j:], 7, 8)
		}
	}
	var texts [][]byte
	rng := rand.New(rand.NewPCG(8, 64))
	const b64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3+/gh"
	const hex = "0123456789abcdefABCDEF\r\n"
	for run := 1; run < 80; run++ {
		var b []byte
		for len(b) < 300 {
			for range rng.IntN(40) {
				b = append(b, b64[rng.IntN(len(b64))])
			}
			for range run {
				b = append(b, hex[rng.IntN(len(hex))])
			}
		}
		texts = append(texts, append(b, " end"...))
	}
	for _, tx := range texts {
		for j := range tx {
			for _, min := range []int{8, 31, 32, 33, 64} {
				for _, hexRun := range []int{0, 7, min - 1} {
					checkB64Ahead(t, tx[j:], hexRun, min)
				}
			}
		}
	}
}

func checkB64Ahead(t *testing.T, tx []byte, hexRun, min int) {
	t.Helper()
	took, n, hr, stop := b64Ahead(tx, hexRun, min)
	wTook, wN, wHr, wStop := refB64Ahead(tx, hexRun, min)
	if took != wTook || n != wN || hr != wHr || stop != wStop {
		t.Fatalf("b64Ahead(%q, %d, %d) = %d, %d, %d, %v, want %d, %d, %d, %v", tx, hexRun, min, took, n, hr, stop, wTook, wN, wHr, wStop)
	}
}

// FuzzB64Ahead holds the kernel to refB64Ahead on any bytes.
func FuzzB64Ahead(f *testing.F) {
	f.Add([]byte("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3\r\ndeadbeef0123456789abcdef01234567QUJD+/=="), 3, 32)
	f.Fuzz(func(t *testing.T, tx []byte, hexRun, min int) {
		if !hasChunks {
			t.Skip("no AVX-512 kernel on this CPU")
		}
		min = 8 + int(uint(min)%57)
		hexRun = int(uint(hexRun) % uint(min))
		checkB64Ahead(t, tx, hexRun, min)
	})
}

// refGroupChunk reports whether the kernel stops at the 64 bytes ch as
// grouped or quoted base64 (b64groups.go): all letters, digits, + /
// space, line feed and >, and quoted (at most two line feeds, "> " right
// after each, no other > or space past the first two bytes) or grouped
// (no >, the spaces and line feeds every 5 bytes from the first, which
// is in the first five).
func refGroupChunk(ch []byte) bool {
	var s, n, g, tb uint64
	digit := false
	for i, c := range ch {
		digit = digit || c >= '0' && c <= '9' || c == '+' || c == '/'
		switch {
		case c == '\t':
			tb |= 1 << i
		case c == ' ':
			s |= 1 << i
		case c == '\n':
			n |= 1 << i
		case c == '>':
			g |= 1 << i
		case !groupChar(c):
			return false
		}
	}
	if !digit {
		return false // prose of letters and spaces alone: not looked at
	}
	if tb != 0 {
		return s == 0 && g == 0 && tb&^1 == n<<1 && bits.OnesCount64(n) <= 2 // folded (b64fold.go)
	}
	if g&^1 == n<<1 && s&^3 == n<<2 && bits.OnesCount64(n) <= 2 {
		return true
	}
	w := s | n
	if g == 0 && refGrid(w, ^uint64(0)) {
		return true // groups of four or eight
	}
	if g != 0 || n == 0 {
		return false
	}
	var v uint64 // w without n's bits, the bits above each moved down (recall33.go: wrapped)
	k := 0
	for i := range 64 {
		if n>>i&1 != 0 {
			continue
		}
		v |= w >> i & 1 << k
		k++
	}
	return refGrid(v, ^uint64(0)>>bits.OnesCount64(n))
}

// refGrid reports whether the bits of w that mask holds are those of
// groups of four or eight (every 5 or 9 from the first, in the first 5
// or 9).
func refGrid(w, mask uint64) bool {
	ph := bits.TrailingZeros64(w)
	return w != 0 && (ph < 5 && (w^0x1084210842108421<<ph)&mask == 0 || ph < 9 && (w^0x8040201008040201<<ph)&mask == 0)
}

// refRotChunk reports whether the chunk c holds a space and rotMin or
// more of q v z j, either case: the kernel stops there (recall34.go).
func refRotChunk(c []byte) bool {
	n := 0
	for _, b := range c {
		switch b {
		case 'q', 'v', 'z', 'j', 'Q', 'V', 'Z', 'J':
			n++
		}
	}
	return n >= rotMin && bytes.IndexByte(c, ' ') >= 0
}
