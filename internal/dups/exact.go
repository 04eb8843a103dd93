package dups

import (
	"cmp"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"hash"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
	"github.com/minio/highwayhash"
)

// Normalizations for exact duplicates.
const (
	// NormalizeDefault: Unicode NFKC, then case folding, then every run of
	// white space made one space, and white space at both ends dropped. So
	// "Hello  World" and "hello world\n" are duplicates, and so are texts
	// that differ only in fullwidth forms or ligatures.
	NormalizeDefault = "nfkc-casefold-space"
	// NormalizeNone compares bytes as they are.
	NormalizeNone = "none"
)

// A row's text is hashed to 128 bits with HighwayHash-128 under a secret
// 32-byte key: a keyed pseudo-random function, so that a supplier who does
// not know the key cannot craft a text that hashes like another and so
// hide it as a "duplicate" of a clean row (reported as one, and dropped by
// --export-dedup). An unkeyed hash (XXH3-128 was used) is no defence:
// anyone can search for, or construct, collisions of a public function.
// With 128 bits of a PRF, the chance that any two of n distinct texts
// collide is at most n²/2¹²⁹, whatever the texts (so long as they were
// chosen without the key): 1.5·10⁻²¹ for a billion rows.
//
// The key comes from the configuration (analysis.Config.DedupKey); by
// default it is ProcessKey, drawn at random once per process. The report
// does not depend on the key, only on which rows share a hash (Result
// orders rows and clusters by position), so reports stay deterministic
// and byte-identical across runs and keys, save for that probability. A
// state carries the key's fingerprint (KeyID), and states hashed with
// different keys refuse to merge: processes that merge their states must
// be given the same key.
//
// Cost (session 19, perf of the default audit on the 200 MB files): the
// hash is about 45% of Exact.Add's samples (updateAVX2 31%, finalize 5%,
// the last len%32 bytes through hashBuffer and Sum128 6%), the
// normalisation about 35% (collapse512 20%). updateAVX2's samples sit on
// its chain of dependent adds, multiplies and shuffles, not on loads:
// HighwayHash of one text is latency-bound, so two texts hashed side by
// side in the halves of AVX-512 registers would take about the time of
// one (not built: it needs HighwayHash's initialise, remainder and
// finalise of our own, as minio's are not exported; est. up to -0.7% of
// the audit). Sum128 of 31 bytes took 49 ns against 26-31 for 32 bytes:
// the remainder costs about 25 ns a text; but over the 30 MB mail's
// normalised texts (session 25, wall ms a pass, 3 runs each, load 7)
// Sum128 of them whole took 19.4-23.1 ms, cut to a multiple of 32
// bytes 20.8-28.5 and zero-padded to one 19.5-21.7: not told apart, so
// a padded encoding (its length in a last block, a hash of its own that
// old states would not share) was not built. Hashing the text as it is
// when it is already normal would save nothing: 36 of the 137,265 texts
// of the 200 MB mail are, all of them empty.
//
// Since session 27 Add hashes four texts side by side on CPUs with
// AVX-512 (hashLanes, hwhash.go): the same HighwayHash-128, bit for bit
// (TestHashLanes, TestExactAddLanes), so states, partitions and reports
// are unchanged. Its update loop over one text ran at 9.7 GB/s, over two
// at 19.3 (a kernel of two lanes, not kept) and over four at 31.7 (64
// KiB texts; BenchmarkHashLoop, thread CPU, n=6: 10.0 and 31.5 GB/s):
// latency-bound, as said above; the finalisations, six more updates a text, are queued
// and done four at a time too, and a text's last bytes are prepared in
// assembly (hwRemainder). Measured, alternated with the code before:
// BenchmarkHashLanes (the sample's mails) 79 to 30 µs of thread CPU
// (n=6);
// BenchmarkExactAddCorpus (normalisation and hash) -25.2% thread CPU
// (p=0.000, n=10); in the default audit of the benchmark Parquet (perf
// -F 4000, 5 runs each) the exact-duplicate path fell from 4.43% to
// 3.20-3.27% of the samples, the hash from 2.85% to 1.3%. Part of the
// hash's saving went to collapse512 (0.83-0.88% to 1.04-1.20% in every
// set), whose loads of the batch's text now wait where the hash of the
// text before hid them: not the lane buffers (one buffer copied to the
// lanes: the same), and neither PREFETCHT0 1024 nor 2048 bytes ahead
// changed it. Two or three busy lanes of the four-lane loop (fewer
// texts held at once): 3.73% and 3.30%, against 3.04% for four. An
// unkeyed hash (XXH3-128, AVX-512 in zeebo/xxh3) was not considered
// again: see above. dupHash stays Sum128: the reference, and the hash
// where there is no AVX-512.
func (d *Exact) dupHash(t []byte) (h1, h2 uint64) {
	h := highwayhash.Sum128(t, d.key[:])
	return binary.LittleEndian.Uint64(h[:8]), binary.LittleEndian.Uint64(h[8:])
}

// longHash is dupHash of the normalised text of t, a text longer than
// pieceLen, hashed in pieces as they are normalised, so that a worker
// keeps pieces of its longest texts, not the whole of them (a mail corpus
// holds texts of megabytes among texts of kilobytes).
func (d *Exact) longHash(t []byte) (h1, h2 uint64) {
	if d.long == nil {
		d.long, _ = highwayhash.New128(d.key[:]) // never fails: the key is KeySize bytes
	}
	d.long.Reset()
	d.norm.normalize(t, func(p []byte) { d.long.Write(p) })
	var sum [16]byte
	d.long.Sum(sum[:0])
	return binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:])
}

// KeySize is the size of the exact-duplicate hash's key.
const KeySize = highwayhash.Size

// ProcessKey returns the default key of the exact-duplicate hash: KeySize
// bytes from crypto/rand, drawn once per process, so that every Exact of
// one run (every worker's, and both corpora's in a comparison) shares it.
var ProcessKey = sync.OnceValue(func() []byte {
	k := make([]byte, KeySize)
	rand.Read(k) // never fails (crypto/rand: it crashes the program instead)
	return k
})

// KeyID returns the fingerprint of a key that a state carries: the first
// 8 bytes of the keyed hash of a fixed text, which tell whether two keys
// are the same and nothing about either.
func KeyID(key []byte) (uint64, error) {
	if len(key) != KeySize {
		return 0, fmt.Errorf("a key of %d bytes, want %d", len(key), KeySize)
	}
	h := highwayhash.Sum64([]byte("dataaudit dups.exact key id"), key)
	return h, nil
}

// SetKey keys the exact-duplicate hash with key (KeySize bytes) instead
// of ProcessKey. It must be called before the first Add.
func (d *Exact) SetKey(key []byte) error {
	id, err := KeyID(key)
	if err != nil {
		return err
	}
	copy(d.key[:], key)
	d.keyID = id
	d.init = hwInit(&d.key)
	d.long = nil
	return nil
}

// dupRow is one row's normalised-text hash and where the row is: 32
// bytes (its id's reference is one word: rowstore.IDRef; its position,
// JSON array element and label another: a rowstore.Place of
// Exact.places, where they were 24 bytes of their own before session
// 22). Ids live in Exact.ids, so that adding a row allocates nothing.
type dupRow struct {
	h1, h2 uint64
	at     rowstore.Place
	id     rowstore.IDRef
}

// Exact finds rows whose normalised texts are equal. It is a mergeable
// accumulator like stats.Summary: one per worker, Add, Merge in a fixed
// order, Result. It keeps 16 bytes of hash and the position (and id) of
// every row: 32 bytes a row (plus the id), 43 MB for 1.35 M rows. Clusters
// and the row kept of each (the first in input order) are decided in
// Result, by position, so they do not depend on workers.
type Exact struct {
	// CollectDrops asks Result for the positions of the redundant rows.
	CollectDrops bool
	normalize    string
	rows         rowstore.Blocks[dupRow]
	ids          rowstore.IDs
	places       rowstore.Places // the rows' positions and labels that do not fit their Place
	labels       labelDict
	lines        map[int32]bool // files whose positions are lines (JSONL)
	norm         Normalizer
	long         hash.Hash     // longHash's: dupHash in pieces
	key          [KeySize]byte // the hash's key: see dupHash
	keyID        uint64        // KeyID(key)
	init         hwState       // HighwayHash's state under key before a text
	lanes        hashLanes     // Add's hashes: dupHash two texts at a time

	// Prefer marks the files (by index in the run's file table) whose
	// rows a cluster keeps before any other: the evaluation splits, so
	// that a deduplicated copy drops a training row, never its evaluation
	// twin. Nil: the first row is kept.
	Prefer []bool
}

// NewExact returns an empty Exact hashing with ProcessKey; normalize is
// NormalizeDefault or NormalizeNone.
func NewExact(normalize string) (*Exact, error) {
	if normalize != NormalizeDefault && normalize != NormalizeNone {
		return nil, fmt.Errorf("unknown normalization %q; want %s or %s", normalize, NormalizeDefault, NormalizeNone)
	}
	d := &Exact{normalize: normalize, lines: map[int32]bool{}}
	if err := d.SetKey(ProcessKey()); err != nil {
		panic(err) // ProcessKey is KeySize bytes
	}
	return d, nil
}

// Add hashes the rows of a batch. It does not release the batch.
func (d *Exact) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	ids := finding.IDColumn(b)
	labels := labelColumn(b)
	d.lines[int32(b.File)] = b.Lines != nil
	err := ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		pos := b.Pos(i)
		at := d.places.Pack(rowstore.Spot{File: int32(pos.File), Line: pos.Line, N: pos.N, Elem: b.Elem(i), Label: d.labels.id(labels, i)})
		r := d.rows.Push(dupRow{at: at, id: d.ids.Add(ids, i)})
		switch {
		case d.normalize == NormalizeDefault && len(t) > pieceLen:
			r.h1, r.h2 = d.longHash(t)
		case !useLanes && d.normalize != NormalizeDefault:
			r.h1, r.h2 = d.dupHash(t)
		case !useLanes:
			r.h1, r.h2 = d.dupHash(d.norm.Normalize(t))
		case d.normalize != NormalizeDefault:
			d.lanes.push(d.lanes.free(), &d.init, t, r) // t is the batch's: flushed before Add returns
		default:
			k := d.lanes.free()
			d.lanes.push(k, &d.init, d.lanes.z[k].Normalize(t), r)
		}
	})
	d.lanes.flush() // every row has its hash, and no lane holds on to the batch
	return err
}

// errKeys is the error for rows hashed with another key.
func errKeys(other, into uint64) error {
	return fmt.Errorf("dups: rows hashed with key %016x cannot be merged with rows hashed with key %016x: they come from different jobs; the shards of one job and their merge need the same key, so the same DATAAUDIT_SHARD_KEY, inputs and settings", other, into)
}

// Merge adds the rows of other, an *Exact hashed with the same key, to d; other must not be used
// afterwards (the law of analysis.Analyser).
func (d *Exact) Merge(other analysis.Analyser) error {
	o, ok := other.(*Exact)
	if !ok {
		return analysis.Mismatch(d, other)
	}
	if o.keyID != d.keyID {
		return errKeys(o.keyID, d.keyID)
	}
	base := d.ids.Merge(&o.ids)
	pbase := d.places.Merge(&o.places)
	m := d.labels.absorb(&o.labels)
	relabel := func(l int32) int32 { return remapLabel(m, l) }
	for _, blk := range o.rows.Chunks() {
		for i := range blk {
			blk[i].id.Rebase(base)
			blk[i].at.Rebase(pbase)
			d.places.Relabel(&blk[i].at, relabel)
		}
	}
	d.rows.Merge(&o.rows)
	for f, l := range o.lines {
		d.lines[f] = l
	}
	return nil
}

// Normalization returns how d compares texts (NormalizeDefault or
// NormalizeNone).
func (d *Exact) Normalization() string { return d.normalize }

func (d *Exact) pos(r dupRow) ingest.Pos {
	s := d.places.Spot(r.at)
	return ingest.Pos{File: int(s.File), N: s.N, Line: d.lines[s.File]}
}

// label returns the index of the row's label, -1 for none.
func (d *Exact) label(r dupRow) int32 { return d.places.Label(r.at) }

func (d *Exact) id(r dupRow) string { return d.ids.String(r.id) }

// ExactResult describes the exact duplicates of a corpus.
type ExactResult struct {
	Normalization string `json:"normalization"`
	// Clusters is the number of groups of two or more equal texts;
	// RowsInClusters counts their rows, and Redundant the rows that would
	// go if one of each were kept: Redundant = RowsInClusters - Clusters.
	Clusters       int64   `json:"clusters"`
	RowsInClusters int64   `json:"rows_in_clusters"`
	Redundant      int64   `json:"redundant_rows"`
	Rate           float64 `json:"duplicate_rate"` // Redundant / rows
	Largest        int64   `json:"largest_cluster"`
	ClusterOutcome
}

// ClusterOutcome is what exact and near duplicates both give besides
// their counts.
type ClusterOutcome struct {
	// Drop lists every member of a cluster but the first (the redundant
	// rows), sorted by position, when CollectDrops is set.
	Drop []ingest.Pos `json:"-"`
	// LabelConflicts counts the clusters whose rows carry different labels
	// (with --label); Conflicts lists the first maxExamples of them.
	LabelConflicts    int64             `json:"label_conflicts,omitempty"`
	Conflicts         []finding.Finding `json:"-"`
	ConflictsUnlisted int64             `json:"-"`
}

// clusterRows returns the runs of two or more rows of rows with equal
// texts, each in input order, counting them into clusters, inRows and
// largest; rows is left as it is. The runs come in the order of their
// first hash word.
//
// It orders the rows' first hash words beside references to them, 16
// bytes a row, not the rows (32 bytes): most rows are in no cluster, and
// only the rows of a run of equal first words are copied out, then
// ordered by second word and position. The words are a keyed hash's,
// spread evenly whatever the texts, so they are dealt by their top bits
// into about a bucket per four rows, and each bucket sorted alone: two
// passes over the rows and small sorts in cache, where one sort of them
// all took 5 times as long (BenchmarkExactResult).
func clusterRows(rows *rowstore.Blocks[dupRow], places *rowstore.Places, clusters, inRows, largest *int64) [][]dupRow {
	type keyed struct {
		h1  uint64
		ref uint32
	}
	nb := min(max(bits.Len(uint(rows.Len()))-2, 0), 20) // log2 of the buckets
	shift := uint(64 - nb)                              // h1>>64 is 0: one bucket
	ends := make([]uint32, 1<<nb+1)                     // where each bucket ends, once dealt
	for _, blk := range rows.Chunks() {
		for j := range blk {
			ends[blk[j].h1>>shift+1]++
		}
	}
	for i := 1; i < len(ends); i++ {
		ends[i] += ends[i-1]
	}
	ks := make([]keyed, rows.Len())
	for i, blk := range rows.Chunks() {
		for j := range blk {
			b := blk[j].h1 >> shift
			ks[ends[b]] = keyed{blk[j].h1, rows.RefOf(i, j)}
			ends[b]++
		}
	}
	start := uint32(0)
	for _, end := range ends[:1<<nb] {
		if bucket := ks[start:end]; len(bucket) > 1 {
			if len(bucket) <= 12 {
				for i := 1; i < len(bucket); i++ {
					for j := i; j > 0 && bucket[j].h1 < bucket[j-1].h1; j-- {
						bucket[j], bucket[j-1] = bucket[j-1], bucket[j]
					}
				}
			} else {
				slices.SortFunc(bucket, func(a, b keyed) int { return cmp.Compare(a.h1, b.h1) })
			}
		}
		start = end
	}
	var members []dupRow // the rows of runs of equal first words
	var runs []int       // where each run starts in members, and its end
	for i := 0; i < len(ks); {
		j := i + 1
		for j < len(ks) && ks[j].h1 == ks[i].h1 {
			j++
		}
		if j-i > 1 {
			runs = append(runs, len(members))
			for _, k := range ks[i:j] {
				members = append(members, *rows.At(k.ref))
			}
		}
		i = j
	}
	runs = append(runs, len(members))
	var out [][]dupRow
	for r := range len(runs) - 1 {
		run := members[runs[r]:runs[r+1]]
		slices.SortFunc(run, func(a, b dupRow) int {
			if c := cmp.Compare(a.h2, b.h2); c != 0 {
				return c
			}
			return rowCompare(places, a, b)
		})
		for i := 0; i < len(run); {
			j := i + 1
			for j < len(run) && run[j].h2 == run[i].h2 {
				j++
			}
			if n := int64(j - i); n > 1 {
				out = append(out, run[i:j:j])
				*clusters++
				*inRows += n
				*largest = max(*largest, n)
			}
			i = j
		}
	}
	return out
}

// Result groups equal texts into clusters, ordered by their first row, and
// lists the first maxExamples as findings (all members named; the first in
// input order is the one to keep). It returns how many clusters were left
// unlisted.
func (d *Exact) Result(files []string, maxExamples int) (ExactResult, []finding.Finding, int64) {
	r := ExactResult{Normalization: d.normalize}
	nrows := d.rows.Len()
	clusters := clusterRows(&d.rows, &d.places, &r.Clusters, &r.RowsInClusters, &r.Largest)
	r.Redundant = r.RowsInClusters - r.Clusters
	if d.CollectDrops {
		r.Drop = make([]ingest.Pos, 0, r.Redundant)
		for _, c := range clusters {
			keep := c[keepOf(c, &d.places, d.Prefer)]
			for _, m := range c {
				if m != keep {
					r.Drop = append(r.Drop, d.pos(m))
				}
			}
		}
		sortPositions(r.Drop)
	}
	if nrows > 0 {
		r.Rate = finding.Round(float64(r.Redundant)/float64(nrows), 8)
	}
	slices.SortFunc(clusters, func(a, b []dupRow) int { return rowCompare(&d.places, a[0], b[0]) })
	for _, c := range clusters {
		labels := make([]int32, len(c))
		for i, m := range c {
			labels[i] = d.label(m)
		}
		if !mixedLabels(labels) {
			continue
		}
		r.LabelConflicts++
		if len(r.Conflicts) >= max(maxExamples, 0) {
			r.ConflictsUnlisted++
			continue
		}
		rows := make([]finding.Row, len(c))
		for i, m := range c {
			rows[i] = finding.NewRow(files, d.pos(m), d.id(m))
		}
		f, _ := conflict(rows, labels, &d.labels, "exact")
		r.Conflicts = append(r.Conflicts, f)
	}
	var fs []finding.Finding
	for _, c := range clusters[:min(len(clusters), max(maxExamples, 0))] {
		f := finding.Finding{Kind: finding.KindExactDuplicate, Severity: finding.Warning}
		for _, m := range c {
			f.Rows = append(f.Rows, finding.NewRow(files, d.pos(m), d.id(m)))
		}
		var where []string
		for _, m := range f.Rows[1:min(len(f.Rows), 4)] {
			where = append(where, m.ID)
		}
		more := ""
		if len(f.Rows) > 4 {
			more = fmt.Sprintf(" and %d more", len(f.Rows)-4)
		}
		keep := f.Rows[0].ID + ", the first"
		if k := keepOf(c, &d.places, d.Prefer); k > 0 {
			keep = f.Rows[k].ID + ", the first in an evaluation split"
		}
		f.Evidence = fmt.Sprintf("%d rows with the same text (%s); keep %s; copies: %s%s",
			len(c), d.normalize, keep, strings.Join(where, ", "), more)
		fs = append(fs, f)
	}
	return r, fs, int64(len(clusters) - len(fs))
}

// keepOf is the index of the row a cluster keeps, its members in input
// order: the first in a preferred file, else the first.
func keepOf(c []dupRow, places *rowstore.Places, prefer []bool) int {
	for i, m := range c {
		if f := places.File(m.at); int(f) < len(prefer) && prefer[f] {
			return i
		}
	}
	return 0
}

// rowCompare orders rows by input position, and rows at one position
// (the elements of a JSON array on one line) by element, so that the
// order never depends on how rows were split among workers or shards.
func rowCompare(places *rowstore.Places, a, b dupRow) int {
	return spotCompare(places.Spot(a.at), places.Spot(b.at))
}

// spotCompare orders positions by file, then line or row, then element.
func spotCompare(a, b rowstore.Spot) int {
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.N, b.N); c != 0 {
		return c
	}
	return cmp.Compare(a.Elem, b.Elem)
}
