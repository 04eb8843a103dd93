package outliers

// Sixty-four bytes at a time (featChunks): on CPUs with AVX-512 BW,
// VBMI, GFNI and BITALG, features hands the kernel every run of 64-byte
// chunks of ASCII bytes other than the controls 0-7 and 16-31, and the
// last bytes of the text after them (under a mask), a whole text a call
// (asm is never inlined). The kernel counts the words that start in a
// chunk (a letter or digit not after one: a 128-byte table lookup,
// VPERMI2B, and a mask) and each byte without a scalar increment: for
// each of thirteen groups of eight byte values (8-15 and 32-127), VPERMB
// sets the group's bytes to a one-hot bit of their value (others to 0),
// VGF2P8AFFINEQB with the bytes as the matrix transposes each eight
// bytes' bits, VPOPCNTB counts how many of the eight are each value, and
// VPADDB adds that to byte counters, which are added to hist[0] every 31
// chunks (8 x 31 < 256). That is 52 vector instructions a chunk instead
// of 64 load-increment-stores: BenchmarkFeaturesHot 0.57-0.60 to 0.33 ms
// CPU a megabyte, featChunksAVX512 4.2% to 1.9% of the default audit's
// samples on the 200 MB JSONL. It stops at a chunk holding a byte that
// is not ASCII or one of the controls it does not count, which the
// eight-byte path takes. useChunks picks it (set at start-up from the
// CPU; the tests turn it off to hold the eight-byte path, the fallback
// on other CPUs, to the same features).
//
// Memory (session 16): in the default audit the texts come from the
// last-level cache or memory, not the second level (the analyses before
// push them out), and the loop now prefetches the chunk 2 KB ahead
// (PREFETCHT0, into the next texts past a text's end):
// BenchmarkFeaturesCorpus/fast 13.4-15.2 to 9.0-9.5 ms CPU, four rounds
// alternated at load 9 (512 bytes ahead 10.7-11.3, 1 KB 9.5-10.2; 4 KB
// 9.7-10.4 against 2 KB's 9.1-9.5 in another three);
// BenchmarkFeaturesHot unchanged (282-288 against 290-301 µs); in the
// audit on the 200 MB JSONL featChunksAVX512 212 to 159 samples of
// about 8,000. (So session 14's reading below, that the kernel waits on
// its ports and not on memory, holds for texts in cache only.)
//
// Where the kernel's time goes (session 14): BenchmarkFeaturesHot
// (texts in cache) costs about what outliers cost inside the default
// audit, so the kernel waits on its ports, not on memory: about 64
// vector uops a chunk, all on ports 0 and 5 (512-bit), 32 cycles, of
// which the thirteen groups are 52 (VPERMB and VPOPCNTB on port 5,
// VGF2P8AFFINEQB on port 0, VPADDB on either). Not tried, and why:
// selecting a group by bit planes of the transposed bytes (VPTERNLOGD)
// instead of VPERMB still costs four uops a group; skipping a group
// absent from a chunk costs a test and a branch that mail text (digits,
// capitals in most chunks) would mispredict; carry-save adders instead
// of VPOPCNTB cost two uops an input. Tried and rejected: the entropy's
// sum of k log2 k in four sums instead of one chain of dependent adds
// (BenchmarkFeaturesCorpus/fast 10.4-11.0 CPU ms before, 10.8-11.2
// after, alternated, load 10: the chain overlaps the next text's kernel
// work).

// Session 20, one pass feeding both this kernel and evasions' (issue
// 20: "the evasion and outlier features computed in the same loop"),
// estimated first and not built: the outliers' pass runs right after
// the evasions' on each batch (a JSONL batch is under 512 KB, so its
// texts are in the second-level cache), and reading them from the first
// level does not make features faster: groups of 16 KB of the first MB
// of corpus-30MB, each read eight times in a row (first level) against
// once (second), 0.25 against 0.23-0.24 ms CPU a megabyte, three runs
// each; evasions' checkText 0.33-0.35 against 0.36-0.40. A fused
// kernel would save one load and one class lookup (VPERMI2B) a chunk of
// about 64 uops here: under 0.2% of the default audit, for a kernel
// that must go on counting through the evasion kernel's 310,625 stops
// on corpus-200MB. Handing a batch to evasions and outliers before the
// other analyses (texts fresh from the decoder, an experiment in
// analysis.Workers) made no difference either: 0.951 against 0.951 CPU
// s on the 200 MB JSONL, 7 rounds alternated (user 0.821 against 0.836,
// sys 0.130 against 0.116).

// Session 26, per-text costs after the kernel: a text that the
// eight-byte path never saw (the kernel took it whole, ASCII without the
// controls it stops at and at least 64 bytes long, in 19,576 of the 30
// MB mail corpus's 20,861 texts) has counts in hist[0] alone, so
// features merges that one (featMerge1AVX512: a load and two stores of
// sixteen counts instead of four loads and five stores); the ASCII
// letters and digits are summed in one loop of three chains (asciiSums);
// and a character that is not ASCII is classed from a table (runeClass). BenchmarkFeaturesHot 211.2
// to 183.9 µs CPU (-12.9%, p=0.000, 18 runs each in 6 rounds alternated,
// load 6-15; the merge and runeClass alone 189.9). In perf of the default
// audit of the benchmark Parquet (8 runs each alternated with main's
// binary, load 13-16): this package 478 to 444 samples a run of about
// 10,800 (4.39% to 4.16%), features' own 152 to 128, the merge 27 to 14,
// package unicode (with the other packages' calls) 87 to 64.

// Session 28, tried and not kept: every other full chunk counted a byte
// at a time in the four histograms inside the kernel (a MOVBLZX and an
// ADDL to memory a byte, on the load and store ports that the thirteen
// groups leave idle), in the hope that the scalar chunk would run beside
// the vector one: BenchmarkFeaturesHot 170-185 to 240-300 µs CPU (two
// rounds alternated): the scalar chunk costs about 30 cycles more than a
// vector one and does not overlap it. And the entropy's sum in four
// chains of adds (see above), measured again in the audit of the
// benchmark Parquet (perf -F 4000, 5 runs each alternated): features'
// own samples with the sum 290, without it 158 plus 116 in the sum's
// function, 274: the sum waits on its loads (of nz, just stored by the
// merge's 64-byte stores, or of kLog2k), not on its chain of adds.
// math.Log and math.Log2 (log_bytes, log_words and the entropy's
// log2(n)) take about 0.4% of the audit's samples, all from features.

// featState is what the kernel carries from chunk to chunk.
type featState struct {
	words  int // word starts: added to
	inWord int // 1 after a letter or digit: read and carried
}

// featTables is what the kernel looks up: the class of each ASCII byte
// (0x80 a letter or digit, 0x01 a control it stops at: 0 to 7 and 16 to
// 31), and the one-hot table of each group of eight byte values by its
// place in its half of ASCII (onehot[j][i] is 1<<(i&7) where i>>3 is j,
// else 0: the byte values 8j to 8j+7, or 64+8j to 64+8j+7).
type featTables struct {
	class  [128]byte
	onehot [8][64]byte
}

var featKernelTables = func() (k featTables) {
	for c := range k.class {
		if asciiFeat[c]&featWord != 0 {
			k.class[c] = 0x80
		}
		if c < 8 || c >= 16 && c < 32 {
			k.class[c] = 0x01
		}
	}
	for j := range k.onehot {
		for i := range k.onehot[j] {
			if i>>3 == j {
				k.onehot[j][i] = 1 << (i & 7)
			}
		}
	}
	return k
}()

// useChunks reports whether features calls the kernel.
var useChunks = hasChunks
