package evasions

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"testing"
)

func TestZZWindows(t *testing.T) {
	path := os.Getenv("ZZ")
	if path == "" {
		t.Skip()
	}
	f, _ := os.Open(path)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<30)
	type agg struct{ calls, bytes int }
	by := map[string]*agg{}
	var samples = map[string]string{}
	for sc.Scan() {
		var r struct{ Text string }
		json.Unmarshal(sc.Bytes(), &r)
		text := []byte(r.Text)
		if len(text) == 0 {
			continue
		}
		var found [numEvasionKinds]string
		s := scan{tally: tally{allSpace: true}}
		for from := 0; from < len(text); {
			g, done := s.run(text, from, &found)
			if g == len(text) {
				break
			}
			p := resetBefore(text, from, g, found[iBlob] != "")
			s.uncount(text, p, done)
			blobBefore := found[iBlob] != ""
			from = checkFull(text, &found, p, done, &s.tally)
			w := text[p:from]
			// classify
			nb64, nhex, nlow, nhigh, neq := 0, 0, 0, 0, 0
			for _, c := range w {
				if c >= 0x80 {
					nhigh++
					continue
				}
				if asciiEv[c]&acB64 != 0 {
					nb64++
				}
				if asciiEv[c]&acHex != 0 {
					nhex++
				}
				if c >= 'a' && c <= 'z' {
					nlow++
				}
				if c == '=' {
					neq++
				}
			}
			k := "other"
			switch {
			case len(w) > 0 && neq*5 > len(w):
				k = "qp-like"
			case len(w) > 0 && nhigh*4 > len(w):
				k = "non-ascii"
			case len(w) > 0 && nb64*10 > len(w)*9:
				k = "b64-like"
			}
			if blobBefore {
				k += "/blobBefore"
			} else if found[iBlob] != "" {
				k += "/blobFound"
			}
			if by[k] == nil {
				by[k] = &agg{}
				samples[k] = string(w[:min(len(w), 200)])
			}
			by[k].calls++
			by[k].bytes += len(w)
		}
	}
	var ks []string
	for k := range by {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		t.Logf("%-30s calls %6d bytes %8d  e.g. %q", k, by[k].calls, by[k].bytes, samples[k][:min(len(samples[k]), 120)])
	}
}
