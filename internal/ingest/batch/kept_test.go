package batch

import (
	"bytes"
	"testing"
)

// TestKeptPut: Put keeps the bytes an analysis hands over after the read
// (Seal does not end it), once per position and offset, within the
// budget; Few and Chars say what NewKeptFew was given.
func TestKeptPut(t *testing.T) {
	k := NewKeptFew(160, nil, 200, 10)
	if k.Few() != 10 || k.Chars() != 160 || NewKept(160, nil, 1).Few() != 0 || (*Kept)(nil).Few() != 0 {
		t.Fatalf("Few %d, Chars %d: want 10, 160 (0 without few, or nil)", k.Few(), k.Chars())
	}
	k.Seal()
	p := Pos{File: 1, N: 7}
	k.Put(p, 0, 0, []byte("start"))
	k.Put(p, 0, 0, []byte("other")) // the same excerpt: kept once
	k.Put(p, 40, 30, []byte("window"))
	k.Put(Pos{N: 8}, 0, 0, make([]byte, 100)) // over the budget left
	for _, c := range []struct {
		at, lo int
		want   string
		ok     bool
	}{{0, 0, "start", true}, {40, 30, "window", true}, {41, 0, "", false}} {
		b, lo, ok := k.Text(p, c.at)
		if ok != c.ok || lo != c.lo || !bytes.Equal(b, []byte(c.want)) {
			t.Errorf("Text(%v, %d) = %q, %d, %v; want %q, %d, %v", p, c.at, b, lo, ok, c.want, c.lo, c.ok)
		}
	}
	if _, _, ok := k.Text(Pos{N: 8}, 0); ok {
		t.Error("Put kept more than its budget")
	}
	var nilKept *Kept
	nilKept.Put(p, 0, 0, nil) // does nothing
}

// TestKeptPutID: PutID keeps a row's id after Seal, once per position
// ("" for a null id), within the budget; ID finds it, and misses a row
// none was kept of.
func TestKeptPutID(t *testing.T) {
	k := NewKeptFew(160, nil, 200, 10)
	k.Seal()
	p, null, over := Pos{File: 1, N: 7}, Pos{N: 3, Line: true}, Pos{N: 8}
	k.PutID(p, "row-7")
	k.PutID(p, "other") // the same row: kept once
	k.PutID(null, "")
	k.PutID(over, string(make([]byte, 100))) // over the budget left
	for _, c := range []struct {
		p    Pos
		want string
		ok   bool
	}{{p, "row-7", true}, {null, "", true}, {over, "", false}, {Pos{N: 7}, "", false}} {
		if id, ok := k.ID(c.p); id != c.want || ok != c.ok {
			t.Errorf("ID(%v) = %q, %v; want %q, %v", c.p, id, ok, c.want, c.ok)
		}
	}
	var nilKept *Kept
	nilKept.PutID(p, "x") // does nothing
}
