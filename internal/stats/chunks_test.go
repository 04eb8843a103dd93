package stats

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"unsafe"
)

// chunkToks returns n distinct tokens of 1 to 40 bytes, every 997th of
// more than arenaChunk bytes (a chunk of its own), so that they cross many
// entry and arena chunk edges.
func chunkToks(n int) [][]byte {
	toks := make([][]byte, 0, n)
	for i := range n {
		tok := fmt.Appendf(nil, "%x", uint64(i)*0x9e3779b97f4a7c15)
		tok = tok[:1+i%len(tok)]
		tok = append(tok, fmt.Appendf(nil, "z%d", i)...)
		for len(tok) < i%41 {
			tok = append(tok, 'q')
		}
		if i%997 == 0 {
			tok = append(tok, bytes.Repeat([]byte{'w'}, arenaChunk+i%3)...)
		}
		toks = append(toks, tok)
	}
	return toks
}

// TestTableChunks: the entries and the arena grow by chunks that are never
// copied or moved, a token never spans two arena chunks, and every key,
// count and merge is what it was with one slice each.
func TestTableChunks(t *testing.T) {
	toks := chunkToks(3*(1<<entryBits) + 5)
	tab := newCountTable()
	var firstEntry *keyRef
	var firstByte *byte
	for i, tok := range toks {
		id, err := tab.add(tok, uint64(i%5+1))
		if err != nil {
			t.Fatal(err)
		}
		if int(id) != i {
			t.Fatalf("token %d got id %d", i, id)
		}
		if i == 0 {
			firstEntry, firstByte = &tab.entries[0][0], &tab.arena[0][0]
		}
	}
	if &tab.entries[0][0] != firstEntry || &tab.arena[0][0] != firstByte {
		t.Fatal("the first entry or arena chunk moved")
	}
	if tab.distinct() != len(toks) || len(tab.entries) != len(toks)>>entryBits+1 {
		t.Fatalf("distinct %d in %d entry chunks, want %d in %d", tab.distinct(), len(tab.entries), len(toks), len(toks)>>entryBits+1)
	}
	for k, c := range tab.arena {
		if len(c) > arenaChunk && cap(c) != len(c) {
			t.Fatalf("arena chunk %d: %d bytes in a chunk of %d", k, len(c), cap(c))
		}
	}
	counts := tab.counts()
	for i, tok := range toks {
		e := tab.entry(uint32(i))
		if p := int(e.off & (arenaChunk - 1)); p+int(e.n) > len(tab.arena[e.off>>arenaBits]) {
			t.Fatalf("token %d spans its chunk's end", i)
		}
		if !bytes.Equal(tab.key(uint32(i)), tok) || counts[i] != uint64(i%5+1) {
			t.Fatalf("token %d: key %.20q count %d, want %.20q %d", i, tab.key(uint32(i)), counts[i], tok, i%5+1)
		}
		if id, err := tab.add(tok, 1); err != nil || int(id) != i {
			t.Fatalf("token %d found again as %d, %v", i, id, err)
		}
	}
	// A merge into a table holding every other token, in reverse order.
	o := newCountTable()
	for i := len(toks) - 1; i >= 0; i -= 2 {
		if _, err := o.add(toks[i], 7); err != nil {
			t.Fatal(err)
		}
	}
	remap, err := tab.merge(o)
	if err != nil {
		t.Fatal(err)
	}
	counts = tab.counts()
	for oid := range o.distinct() {
		id := remap[oid]
		i := int(id)
		if !bytes.Equal(o.key(uint32(oid)), toks[i]) || counts[id] != uint64(i%5+1)+1+7 {
			t.Fatalf("merged token %d: count %d, want %d", i, counts[id], i%5+1+1+7)
		}
	}
}

// TestTableArenaFull: a table whose arena holds as many chunks as a keyRef
// can number refuses a token that needs one more, as it refused a token
// past 4 GiB of distinct bytes.
func TestTableArenaFull(t *testing.T) {
	tab := newCountTable()
	if _, err := tab.add([]byte("first"), 1); err != nil {
		t.Fatal(err)
	}
	full := make([][]byte, maxArenaChunks)
	copy(full, tab.arena)
	for k := 1; k < len(full); k++ {
		full[k] = make([]byte, 0) // full: no room left
	}
	tab.arena = full
	if _, err := tab.add([]byte("second"), 1); !errors.Is(err, errArenaFull) {
		t.Fatalf("add to a full arena: %v, want errArenaFull", err)
	}
	if id, err := tab.add([]byte("first"), 1); err != nil || id != 0 {
		t.Fatalf("a token already counted: id %d, %v", id, err)
	}
	if unsafe.Sizeof(keyRef{}) != 8 {
		t.Fatalf("keyRef is %d bytes, want 8", unsafe.Sizeof(keyRef{}))
	}
}

// TestMergeKeyFree: merge takes a short or mid token's bytes from o's
// index, not o's arena (which it reads for long tokens only): with the
// arena bytes of o's short and mid tokens overwritten, t still gets every
// token right, new and old, with its counts.
func TestMergeKeyFree(t *testing.T) {
	toks := chunkToks(5000)
	for i := range 200 {
		toks = append(toks, fmt.Appendf(nil, "%d", i), fmt.Appendf(nil, "mid-token-%d", i))
	}
	tab, o := newCountTable(), newCountTable()
	for i, tok := range toks {
		if i%3 != 0 {
			if _, err := tab.add(tok, 2); err != nil {
				t.Fatal(err)
			}
		}
		if i%2 == 0 {
			if _, err := o.add(tok, uint64(i)+1); err != nil {
				t.Fatal(err)
			}
		}
	}
	for id := range o.distinct() {
		if k := o.key(uint32(id)); len(k) <= 16 {
			for j := range k {
				k[j] = '#'
			}
		}
	}
	remap, err := tab.merge(o)
	if err != nil {
		t.Fatal(err)
	}
	counts := tab.counts()
	oid := 0
	for i, tok := range toks {
		want := uint64(0)
		if i%3 != 0 {
			want = 2
		}
		if i%2 == 0 {
			want += uint64(i) + 1
			id := remap[oid]
			oid++
			if !bytes.Equal(tab.key(id), tok) || counts[id] != want {
				t.Fatalf("token %d: key %.30q count %d, want %.30q %d", i, tab.key(id), counts[id], tok, want)
			}
		}
		if want > 0 {
			if id, err := tab.add(tok, 0); err != nil || counts[id] != want {
				t.Fatalf("token %d %.30q: count %d, want %d (%v)", i, tok, counts[id], want, err)
			}
		}
	}
}

// TestShortMidToken: shortToken and midToken give back the bytes of any
// token of 1 to 8 and 9 to 16 bytes from its hash or its words.
func TestShortMidToken(t *testing.T) {
	if fib*fibInv != 1 {
		t.Fatalf("fib * fibInv = %#x", uint64(fib*fibInv))
	}
	var buf [16]byte
	for i := range 20000 {
		tok := fmt.Appendf(nil, "%x%c", uint64(i)*0x9e3779b97f4a7c15, 0x80+i%128)
		tok = tok[:1+i%16]
		if len(tok) <= 8 {
			if got := shortToken(&buf, tableHash(tok)); !bytes.Equal(got, tok) {
				t.Fatalf("shortToken of %q = %q", tok, got)
			}
			continue
		}
		w0, w1 := midWords(tok)
		if got := midToken(&buf, w0, w1); !bytes.Equal(got, tok) {
			t.Fatalf("midToken of %q = %q", tok, got)
		}
	}
}
