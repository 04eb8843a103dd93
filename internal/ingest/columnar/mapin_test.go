package columnar

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestMapIn reads regions of a file through mapIn, in windows of one
// page to more than the region, in reads of random sizes, byte by byte
// and after seeking back: every byte as the file holds it, io.EOF at the
// region's end.
func TestMapIn(t *testing.T) {
	if !canMap {
		t.Skip("no mapping on this platform")
	}
	page := int64(os.Getpagesize())
	data := make([]byte, 5*page+123)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	defer func(old int64) { MapWindow = old }(MapWindow)
	regions := [][2]int64{{0, int64(len(data))}, {7, page}, {page - 1, 3*page + 1}, {2 * page, 2*page + 1}, {5, 5}, {4*page + 100, int64(len(data))}}
	for _, win := range []int64{page, 2 * page, 4 << 20} {
		MapWindow = win
		for _, rg := range regions {
			var m mapIn
			if !m.open(f, rg[0], rg[1]) {
				t.Fatalf("window %d, region %v: not mapped", win, rg)
			}
			var got []byte
			buf := make([]byte, 3*page)
			for {
				n, err := m.Read(buf[:1+rng.IntN(len(buf))])
				got = append(got, buf[:n]...)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("window %d, region %v: %v", win, rg, err)
				}
			}
			if string(got) != string(data[rg[0]:rg[1]]) {
				t.Fatalf("window %d, region %v: read %d bytes unlike the file's %d", win, rg, len(got), rg[1]-rg[0])
			}
			// Back to the start, byte by byte.
			if err := m.seek(rg[0]); err != nil {
				t.Fatal(err)
			}
			for i := rg[0]; i < rg[1]; i++ {
				b, err := m.ReadByte()
				if err != nil || b != data[i] {
					t.Fatalf("window %d, byte %d: %d, %v; want %d", win, i, b, err, data[i])
				}
			}
			if _, err := m.ReadByte(); err != io.EOF {
				t.Fatalf("window %d, region %v: ReadByte at the end: %v, want io.EOF", win, rg, err)
			}
			m.close()
		}
	}
}

// TestMapInTruncated cuts a file short while it is mapped: the read past
// its new end is a MapFault naming the file and the first byte lost, not
// a crash, and every read after it returns it too.
func TestMapInTruncated(t *testing.T) {
	if !canMap {
		t.Skip("no mapping on this platform")
	}
	page := int64(os.Getpagesize())
	data := make([]byte, 8*page)
	for i := range data {
		data[i] = byte(i)
	}
	defer func(old int64) { MapWindow = old }(MapWindow)
	for _, win := range []int64{2 * page, 4 << 20} {
		for _, byByte := range []bool{false, true} {
			MapWindow = win
			path := filepath.Join(t.TempDir(), "f")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			var m mapIn
			if !m.open(f, 100, int64(len(data))) {
				t.Fatal("not mapped")
			}
			buf := make([]byte, page)
			if _, err := io.ReadFull(&m, buf); err != nil || buf[0] != data[100] {
				t.Fatalf("first read: %v", err)
			}
			if err := os.Truncate(path, 3*page+10); err != nil {
				t.Fatal(err)
			}
			var got []byte
			for {
				if byByte {
					var b byte
					b, err = m.ReadByte()
					if err == nil {
						got = append(got, b)
					}
				} else {
					var n int
					n, err = m.Read(buf[:777])
					got = append(got, buf[:n]...)
				}
				if err != nil {
					break
				}
			}
			var mf *MapFault
			if !errors.As(err, &mf) {
				t.Fatalf("window %d, by byte %v: read past the cut: %v, want a MapFault", win, byByte, err)
			}
			// The page the file now ends in is still there (zeros past the
			// end); a byte of the next one faults.
			if mf.Path != path || mf.Off < 4*page || mf.Off >= 5*page || mf.Error() == "" {
				t.Errorf("window %d, by byte %v: fault %+v, want %s in [%d, %d)", win, byByte, mf, path, 4*page, 5*page)
			}
			want := append(append([]byte{}, data[100+page:3*page+10]...), make([]byte, page-10)...)
			if int64(len(got)) > int64(len(want)) || string(got) != string(want[:len(got)]) {
				t.Errorf("window %d, by byte %v: %d bytes read after the cut, want at most %d, as the file's", win, byByte, len(got), len(want))
			}
			if byByte && int64(len(got)) != 4*page-100-page {
				t.Errorf("window %d, by byte: %d bytes read after the cut, want %d", win, len(got), 4*page-100-page)
			}
			if _, err2 := m.Read(buf); err2 != err {
				t.Errorf("read after the fault: %v, want %v", err2, err)
			}
			m.close()
			f.Close()
		}
	}
}
