// Package excerpt fills the excerpts of findings that name a row, by
// reading the rows again from the inputs once every analysis has finished.
package excerpt

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync/atomic"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
	"github.com/dataaudit/dataaudit/internal/source"
)

// Add fills the Excerpt of every finding in fs that names a row:
// from the text of its first row, read again from the inputs (streams
// must have been spooled), or, for a bad record, from its raw line (of a
// JSON array, its raw element).
//
// Which rows are listed is known only once every analysis has finished,
// so the analyses keep no text; the rows are found by position instead,
// in one more read of the inputs that hold them, which skips batches
// holding none and stops once all are found. Memory is one excerpt (at
// most finding.ExcerptChars characters) per finding, and the positions
// wanted.
//
// The end of the run (session 23). The benchmark Parquet's default
// audit (scan -q) read its excerpts last, on one core for ~40-50 ms:
// row group 0 up to its row 11,297 (the evasions and the outliers
// shown), row groups 2 and 7 (outliers), zstd, one row group after the
// other (ingest's ParquetDecoders place, meant for the first read), each
// with a new zstd decoder. Now (1) a read with Options.Only takes no
// such place, so its row groups are read on both cores; (2) audit's
// earlyExcerpts calls Add for the findings a summary may show of every
// analysis but the last to finish, while that one (the near duplicates)
// finishes, and Add at the end reads the rest (the near duplicates'
// first rows, row group 0 to row ~500); (3) columnar keeps its zstd
// decoders for the process, so these reads take the first read's.
// perf timelines (perf record -a, one run each, load under 1): from the
// end of the near duplicates' parallel part to the exit, 74 core-ms idle
// of 156 before, 20 of 42 after; the early read runs beside dups-par.
// Default audit of the benchmark Parquet, base 35f8541 alternated 3 s
// apart: 7 rounds (load 0.6-0.8) wall 0.821 s (mean; 0.75-0.91) to
// 0.801 (0.75-0.84), CPU 1.456 to 1.451, peak RSS 151.3 to 148.5 MB,
// faults 31,552 to 30,611; 6 rounds at load 0.8-1.4 (host slower) wall
// 1.187 to 1.100, CPU 1.957 to 1.923 ((1) and (2) without (3) in those
// rounds: wall 1.148, CPU 1.992). The 200 MB JSONL (its re-read is cut
// among the workers already; (2) moves it beside the near duplicates'
// finish), 6 rounds at load 0.7-0.9: wall 0.960 to 0.923, CPU 1.648 to
// 1.602, faults 30,686 to 30,539. The layouts whose row starts are kept
// (no re-read), 3 rounds each: DuckDB's wall 1.003 to 1.050 (spread
// 0.93-1.15), CPU 1.780 to 1.813; pyarrow's 0.957 to 0.923, but with
// every file's decoders kept its faults rose 37,601 to 39,116 and peak
// RSS 175.5 to 181.4 MB, hence columnar's sharedZstdRaw; with it (4
// rounds, host slower: wall 1.25-1.57 s) 37,921 to 37,302 faults, 176.9
// to 174.0 MB, CPU 2.315 to 2.340. The benchmark Parquet in the same
// lock (6 rounds, load 0.7-1.2): wall 1.445 to 1.402, CPU 2.362 to
// 2.340, faults 31,184 to 31,091, peak RSS 148.9 to 150.3 MB.
func Add(ctx context.Context, inputs []ingest.Input, files []string, opts ingest.Options, fs []finding.Finding) error {
	fileIndex := indexFiles(files)
	text := map[ingest.Pos][]int{} // rows wanted -> the findings they start
	raw := map[ingest.Pos][]int{}  // bad records, by line (by element in a JSON array)
	// Findings whose first row is named by its position: an analysis
	// that keeps no id per row (outliers) leaves its rows' ids to be read
	// here, with their text, unless the first read kept them (fromKept).
	// The id is kept only when the row has one.
	unnamed := map[int]string{} // finding -> its positional name
	for i := range fs {
		f := &fs[i]
		pos, ok := wants(f, fileIndex)
		if !ok {
			continue
		}
		switch {
		case f.Kind != finding.KindBadRecord:
			name, done := fromKept(f, files, pos, opts)
			if done {
				continue
			}
			text[pos] = append(text[pos], i)
			if f.Rows[0].ID == name {
				unnamed[i] = name
			}
		case pos.Line || inputs[pos.File].Format == ingest.JSONArray:
			raw[pos] = append(raw[pos], i)
		}
	}
	tops := opts
	if len(unnamed) == 0 {
		tops.ID = "" // no id to read: Parquet's readWanted then reads the text alone
	}
	if err := excerptsFromText(ctx, inputs, tops, fs, text, unnamed); err != nil {
		return err
	}
	if err := excerptsFromLines(inputs, opts, fs, raw); err != nil {
		return err
	}
	for i := range fs {
		if f := &fs[i]; f.Kind == finding.KindBadRecord && len(f.Rows) > 0 && f.Excerpt == "" {
			f.Excerpt = finding.NoTextExcerpt
		}
	}
	return nil
}

// AddKept fills, of the excerpts Add fills, those the first read kept
// (opts.Kept), without reading any input again: Add, called after it,
// reads the others, and the excerpts are those of Add alone (Add skips
// a finding that has its excerpt). A scan calls it as each analysis
// finishes, alongside the others' finishes; it may run on several
// goroutines at once (Kept is safe for that), on findings of its own.
func AddKept(files []string, opts ingest.Options, fs []finding.Finding) {
	if opts.Kept == nil {
		return
	}
	fileIndex := indexFiles(files)
	for i := range fs {
		f := &fs[i]
		if pos, ok := wants(f, fileIndex); ok && f.Kind != finding.KindBadRecord {
			fromKept(f, files, pos, opts)
		}
	}
}

// indexFiles maps each file of the run's table to its first index.
func indexFiles(files []string) map[string]int {
	fileIndex := make(map[string]int, len(files))
	for i, f := range files {
		if _, ok := fileIndex[f]; !ok {
			fileIndex[f] = i
		}
	}
	return fileIndex
}

// wants returns the position of the row whose text or raw line gives
// the finding f its excerpt, and false when it has one already or
// none to be given.
func wants(f *finding.Finding, fileIndex map[string]int) (ingest.Pos, bool) {
	if len(f.Rows) == 0 || f.Excerpt != "" || f.Kind == finding.KindUnreadableInput {
		return ingest.Pos{}, false
	}
	r := f.Rows[0]
	file, ok := fileIndex[r.File]
	if !ok {
		return ingest.Pos{}, false
	}
	if r.Row != nil {
		return ingest.Pos{File: file, N: *r.Row}, true
	}
	return ingest.Pos{File: file, N: r.Line, Line: true}, true
}

// fromKept sets the excerpt of the finding f, which is not a bad record,
// from the bytes the first read kept of the row at pos (and its id, when
// f names it by position while --id names a column), and reports
// whether it did; name is the row's positional name.
func fromKept(f *finding.Finding, files []string, pos ingest.Pos, opts ingest.Options) (name string, done bool) {
	// A row named by position while --id names a column still
	// has its id to read, so the kept bytes do not save its read.
	name = finding.NewRow(files, pos, "").ID
	needID := opts.ID != "" && f.Rows[0].ID == name
	b, lo, ok := opts.Kept.Text(pos, f.At)
	if !ok || f.Needle != "" {
		return name, false
	}
	// Kept by the first read: the bytes the excerpt shows, and
	// the row's id when it must be named by it.
	id, idOK := "", !needID
	if needID {
		id, idOK = opts.Kept.ID(pos)
	}
	if !idOK {
		return name, false
	}
	at := finding.Finding{At: f.At - lo}
	f.Excerpt = at.ExcerptOf(b)
	if id != "" {
		f.Rows[0].ID = id
	}
	return name, true
}

// keepBudget is the most bytes Keep's Kept holds: the starts of 380,000
// rows of ASCII text.
const keepBudget = 64 << 20

// Keep returns what the first read of inputs keeps for the excerpts of
// the findings (ingest.Options.Kept, then Add): the bytes around the
// offsets the analyses flag rows at, and the start of the text of every
// row of the inputs whose second read is dear: a Parquet file in a
// bucket (ranged requests), .gz and .zst (decompressed from their
// start), at most keepBudget bytes.
//
// A local Parquet file's row starts are not kept (session 22): its
// second read (readWanted, with pageText since session 22) decompresses
// the text pages of the row groups holding a row wanted, up to the last
// one, and the starts were 24.8 MB live from the read to the end (and
// more fresh memory than that: they leave the finishes fewer freed
// pages). The benchmark Parquet's default audit (scan -q) reads row
// group 0 to its row 4,876 and row group 7 to its row 3,667 again:
// BenchmarkReadWanted, 16.5 ms (own pages) against 18.3 (arrow-go's
// column reader, which reads each whole compressed chunk first), where
// Kept.Rows took 91 of 5,904 perf samples (about 23 ms). 14 rounds
// alternated with main 952b20b, 3 s apart (load 2-3): CPU 1.344 s
// (mean; 1.19-1.50) against 1.338 (1.22-1.50), wall 0.735 against
// 0.729, peak RSS 161.0 against 188.6 MB, minor faults 34,264 against
// 41,529. Faults and memory saved, CPU no worse: on a day when the
// host backs fresh memory slowly (15-25 us a fault), the faults are
// the larger cost.
//
// Measured and not changed (session 16): the summary alone (scan -q)
// of the 200 MB Parquet keeps 22.6 MB of row starts (137,265 rows of
// 161 bytes), live from the read to the end. Keeping none there (the
// windows still kept) took the peak RSS from 213-228 MB (mean 222) to
// 185-201 (193) and the page faults from 47,600 to 40,700, but CPU
// time did not fall: 2.20-2.40 s (mean 2.30) kept, 2.12-2.51 (2.33)
// not, six alternated rounds at load 7-12. The 20 rows the summary
// reads again lie in four or five of the nine row groups, and each row
// group's text is one 21.8 MB zstd page, decompressed whole to reach a
// row: excerpt.Add took 62-80 ms against 0.3 ms with the starts kept.
// Kept.Rows' copy (1.2% of samples) and its fresh pages cost about as
// much. Keeping nothing at all (no windows either): 194 MB, 2.42 s.
func Keep(inputs []ingest.Input) *ingest.Kept {
	rows := make([]bool, len(inputs))
	for i, in := range inputs {
		rows[i] = keepsRows(in)
	}
	return ingest.NewKept(finding.ExcerptChars, rows, keepBudget)
}

// keepsRows says whether Keep keeps the starts of the rows of in: those
// of a compressed text file, of a Parquet object, and of a local Parquet
// file with a row group over keepRowGroupBytes. A second read of a
// wanted row decompresses its row group up to it, and one row group of
// a whole file (pyarrow's layout for 200 MB of mail) or two (DuckDB's)
// made that read cost about what the first read's workers did in
// 0.1-0.2 s of wall, on one core at the end of the run.
func keepsRows(in ingest.Input) bool {
	switch {
	case in.Format.Text():
		return in.Compression != source.None
	case in.Format != ingest.Parquet:
		return false
	case in.IsObject():
		return true
	}
	n, ok := columnar.LargestRowGroup(in.Path)
	return ok && n > keepRowGroupBytes
}

// keepRowGroupBytes is the largest row group (uncompressed bytes, every
// column) whose rows keepsRows leaves to a second read. Measured (session
// 22, default audit of the 200 MB mail, 2 rounds alternated with the row
// starts of every local Parquet left to a second read): the benchmark
// file (9 row groups of ~22 MB) gained ~7,000 fewer faults and ~30 MB
// less peak RSS at equal wall; DuckDB's layout (2 row groups) took
// 0.85-0.90 s against 0.75-0.81 and pyarrow's-like (1) 0.81-1.00 against
// 0.70-0.80. A variable for the tests.
var keepRowGroupBytes int64 = 32 << 20

// KeepFew is Keep for a run that reads again the excerpts of the few
// findings of each kind a text summary shows (audit's
// ScanConfig.ExcerptsShown: few of each kind, 10 by default): the rows'
// starts of the inputs whose rows Keep keeps, and of the others only
// what the analyses keep of the findings that may be shown (see
// ingest.NewKeptFew): the evasion check the windows of its first few
// rows of each category, the outliers the starts of the rows that may
// be their strongest few (and with --id their ids, Kept.PutID, since
// session 25: before, their rows were read again for the ids alone,
// readWanted 3-4% of the benchmark Parquet's CPU samples with --id id).
// Add then reads again the rows of the other findings shown (the
// duplicates' first rows) and of those the candidates missed.
//
// The end of the run (session 24). The benchmark Parquet's default
// audit read again, of row group 0 up to its row 11,297 (74% of its
// 21.8 MB zstd page), for the cleaning evasions shown (rows 4,659 to
// 11,297) and 8 of the 10 outliers shown (rows 1,136 to 9,757), of row
// group 2 up to row 39,748 and of row group 7 up to row 118,355 for the
// other two: ~46 MB decompressed again, on one core, while the near
// duplicates finished on the other. Of the 60 findings shown (10 each of
// cleaning_evasion, encoded_attachment, exact_duplicate, outlier and
// replacement_char read early, see audit's earlyExcerpts, and 10 near
// duplicates at the end), 46 now have their bytes kept: the evasion
// check keeps 61 windows with one worker, 121 with two, 524 with eight
// (the first few of each category a worker flagged so far, as rows
// come), the outliers 89-98 rows' starts (of 160 candidates), and the
// windows at byte 0 serve 5 duplicates' first rows too. Row group 0 is
// read again up to row 440 (5 exact duplicates' first rows), then up to
// row 20 (9 near duplicates'): 0.6 MB decompressed, not 46. Memory: the
// windows, at most 4*chars+4*chars/3+16 bytes each (870 at 160
// characters; 0.5 MB at eight workers), and the outliers' 16*few starts
// a worker (26 KB of ASCII at few 10), all within keepBudget.
// Measured (default audit of the benchmark Parquet, scan -q, against
// main 630a69f, load 6-19, so wall is not told apart): pprof of 12 runs
// each, alternated, readWanted 630 ms of samples (52 ms a run, 3.75%)
// to none, the candidates' offer 20 ms (1.7 ms a run), total samples
// 16.81 s to 15.98 (1.401 to 1.332 s a run); perf timelines (3 each),
// the re-read's zstd ("decode") after the first finish 34-46 core-ms to
// 0-1, all "decode" 314-348 to 281-314; 38 rounds alternated, CPU
// (user+sys) 1.363 s (mean) to 1.320 (paired: mean -43 ms, median -20,
// 22 of 38 lower), peak RSS 155.6 to 149.7 MB, minor faults 32,812 to
// 32,203. The 200 MB JSONL (8 rounds): CPU 1.174 to 1.170, peak RSS
// 147.9 to 146.2 MB. The layouts whose rows' starts are kept (4 rounds
// each), with fewer evasion windows: snappy's peak RSS 174.1 to 168.6
// MB, faults 38,521 to 37,216; one row group of zstd 177.7 to 170.9 MB,
// 39,360 to 37,277; CPU within noise (1.310 to 1.268, 1.318 to 1.290).
//
// Before (session 22): KeepFew was nil, nothing kept, when no input was
// one whose rows' starts Keep keeps, so that the second read was as
// cheap as a read of those rows can be; every evasion window listed
// (Kept.Window, 36 of 5,904 perf samples, 3.5-5 MB live through the
// finishes) had cost as much as it saved (12 rounds alternated on each
// 200 MB file: the benchmark Parquet CPU 1.273 s against 1.276, the
// JSONL 1.058 against 1.085, fewer faults and less peak RSS without).
func KeepFew(inputs []ingest.Input, few int) *ingest.Kept {
	rows := make([]bool, len(inputs))
	for i, in := range inputs {
		rows[i] = keepsRows(in)
	}
	return ingest.NewKeptFew(finding.ExcerptChars, rows, keepBudget, few)
}

// excerptsFromText reads the inputs holding the rows of want again and
// sets the excerpts of their findings, and the id of the first row of
// those in unnamed (finding -> its positional name) when it has one.
func excerptsFromText(ctx context.Context, inputs []ingest.Input, opts ingest.Options, fs []finding.Finding, want map[ingest.Pos][]int, unnamed map[int]string) error {
	if len(want) == 0 {
		return nil
	}
	// The positions wanted in each input, sorted, and the inputs to read.
	byFile := map[int][]int64{}
	for p := range want {
		byFile[p.File] = append(byFile[p.File], p.N)
	}
	var read []ingest.Input
	var orig []int // read[j] is inputs[orig[j]]
	for i := range inputs {
		if ns, ok := byFile[i]; ok {
			slices.Sort(ns)
			read, orig = append(read, inputs[i]), append(orig, i)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The first read of a position claims it, so that its findings are
	// written once, by one worker; every row read there is counted, and a
	// position read more than once (rows never share one: a JSON array's
	// are its elements) loses its excerpts below, since which of its rows
	// a finding meant would not be known.
	found := make(map[ingest.Pos]*atomic.Int64, len(want))
	for p := range want {
		found[p] = new(atomic.Int64)
	}
	var left atomic.Int64
	left.Store(int64(len(want)))
	opts.Progress = nil
	opts.Kept = nil
	// Only the rows wanted are decoded: the others were read once already.
	opts.Only = make(map[int][]int64, len(read))
	for j, i := range orig {
		opts.Only[j] = byFile[i]
	}
	err := ingest.Run(ctx, read, opts, func(_ int, b *ingest.Batch) error {
		defer b.Record.Release()
		n := int(b.Record.NumRows())
		if n == 0 {
			return nil
		}
		file := orig[b.File]
		first, last := b.Pos(0).N, b.Pos(n-1).N
		ns := byFile[file]
		k, _ := slices.BinarySearch(ns, first)
		if k == len(ns) || ns[k] > last {
			return nil // no row wanted here: the common case
		}
		col := b.Column(ingest.ColText)
		if col == nil {
			return nil
		}
		ids := finding.IDColumn(b)
		return ingest.ForEachText(col, func(i int, t []byte, valid bool) {
			p := b.Pos(i)
			p.File = file
			idx, ok := want[p]
			if !ok || !valid || found[p].Add(1) != 1 {
				return
			}
			for _, j := range idx {
				// Each finding starts at one row, read by one worker.
				fs[j].Excerpt = fs[j].ExcerptOf(t)
				if _, ok := unnamed[j]; ok {
					if id := finding.RowID(ids, i); id != "" {
						fs[j].Rows[0].ID = id
					}
				}
			}
			if left.Add(-1) == 0 {
				cancel()
			}
		})
	})
	for p, idx := range want {
		if found[p].Load() > 1 {
			for _, j := range idx {
				fs[j].Excerpt = ""
				if name, ok := unnamed[j]; ok {
					fs[j].Rows[0].ID = name
				}
			}
		}
	}
	if err != nil && !(errors.Is(err, context.Canceled) && left.Load() == 0) {
		return fmt.Errorf("excerpts: %w", err)
	}
	return nil
}

// maxRawLine is how much of a bad record's line is read for its excerpt.
const maxRawLine = 4096

// excerptsFromLines sets the excerpts of bad records from their raw lines:
// the start of the line, where a record usually shows what is wrong.
func excerptsFromLines(inputs []ingest.Input, opts ingest.Options, fs []finding.Finding, want map[ingest.Pos][]int) error {
	byFile := map[int][]int64{}
	for p := range want {
		byFile[p.File] = append(byFile[p.File], p.N)
	}
	for file, ns := range byFile {
		in := inputs[file]
		if !in.Format.Text() {
			continue
		}
		slices.Sort(ns)
		rc, err := ingest.OpenJSONL(in)
		if err != nil {
			continue // not readable again: the finding keeps no excerpt
		}
		if in.Format == ingest.JSONArray {
			excerptsFromElements(rc, in.Path, &opts, fs, want, file, ns)
			rc.Close()
			continue
		}
		br := bufio.NewReaderSize(rc, maxRawLine)
		line := int64(1)
		for _, n := range ns {
			for ; line < n; line++ {
				if err := skipLine(br); err != nil {
					break
				}
			}
			if line != n {
				break
			}
			b, err := br.ReadSlice('\n')
			if len(b) > 0 || err == nil {
				t := b
				if len(t) > 0 && t[len(t)-1] == '\n' {
					t = t[:len(t)-1]
				}
				if len(t) > 0 && t[len(t)-1] == '\r' {
					t = t[:len(t)-1]
				}
				for _, j := range want[ingest.Pos{File: file, N: n, Line: true}] {
					fs[j].Excerpt = fs[j].ExcerptOf(t)
				}
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				err = skipLine(br)
			}
			line++
			if err != nil {
				break
			}
		}
		rc.Close()
	}
	return nil
}

// excerptsFromElements sets the excerpts of the bad records at elements ns
// (sorted) of the JSON array r, input file, from their raw bytes. A read
// error leaves the rest without one, as for lines.
func excerptsFromElements(r io.Reader, path string, opts *ingest.Options, fs []finding.Finding, want map[ingest.Pos][]int, file int, ns []int64) {
	_ = ingest.ArrayElements(r, path, opts, func(index int64, raw []byte) bool {
		k, ok := slices.BinarySearch(ns, index)
		if ok {
			for _, j := range want[ingest.Pos{File: file, N: index}] {
				fs[j].Excerpt = fs[j].ExcerptOf(raw[:min(len(raw), maxRawLine)])
			}
		}
		return k < len(ns) && !(ok && k == len(ns)-1)
	})
}

// skipLine reads past the next newline.
func skipLine(br *bufio.Reader) error {
	for {
		_, err := br.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}
