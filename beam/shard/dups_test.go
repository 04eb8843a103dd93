package shard

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/repeats"
)

// TestDupShuffleVolume logs the bytes the duplicates' partitions move,
// without Beam, over the corpus DATAAUDIT_SHUFFLE_CORPUS (skipped
// without it): the shards' states, the parts of each partition, the
// partitions' results and the near-duplicate candidates, and the final
// merge's state with and without partitions. It checks that both merges
// give the same report.
func TestDupShuffleVolume(t *testing.T) {
	path := os.Getenv("DATAAUDIT_SHUFFLE_CORPUS")
	if path == "" {
		t.Skip("DATAAUDIT_SHUFFLE_CORPUS names no corpus")
	}
	ctx := context.Background()
	o := &audit.ScanConfig{
		Inputs: []string{path}, Text: []string{"text"}, DetectShape: true,
		ChunkBytes: 512 << 10, MaxLineBytes: 256 << 20, MaxPageBytes: ingest.DefaultMaxPageBytes,
		Top: 100, TopPerLabel: 20, MaxExamples: 20, Tokenizer: "words",
		Dedup: true, NearDups: true, Evasions: true, Outliers: true,
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
		Folds: labels.DefaultFolds, Seed: 1, LabelMinP: labels.DefaultMinP, SpanTokens: repeats.DefaultTokens,
	}
	in, skipped, err := audit.ExpandScanInputs(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(in)
	job, err := audit.NewScanJob(ctx, o, in, skipped, audit.JobOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Plan(in, 4<<20)
	if err != nil {
		t.Fatal(err)
	}
	for i := range plan {
		if plan[i], err = Count(ctx, in[plan[i].File], plan[i]); err != nil {
			t.Fatal(err)
		}
	}
	if plan, err = Lines(plan, in); err != nil {
		t.Fatal(err)
	}
	var whole []ScanPart
	for _, sh := range plan {
		st, _, err := ReadScan(ctx, job, sh, 0)
		if err != nil {
			t.Fatal(err)
		}
		whole = append(whole, ScanPart{Index: sh.Index, Planned: true}, st)
	}
	one, err := MergeScan(job, whole, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, err := job.Report(ctx, one.State, nil, audit.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	var states int
	for _, s := range whole {
		states += len(s.State)
	}
	t.Logf("%d shards: states %d B, final merge's state %d B without partitions", len(plan), states, len(one.State))
	for _, p := range []int{1, 8} {
		var parts []ScanPart
		tokens := make([][]TokenPart, p)
		dupParts := make([][]DupPart, p)
		var nears []DupPart
		var rests, exactIn, keysIn, nearIn int
		for _, sh := range plan {
			st, tps, err := ReadScan(ctx, job, sh, p)
			if err != nil {
				t.Fatal(err)
			}
			dps, near, err := SplitDups(job, &st, p)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, ScanPart{Index: sh.Index, Planned: true}, st)
			rests += len(st.State)
			for q := range p {
				tokens[q] = append(tokens[q], tps[q])
				dupParts[q] = append(dupParts[q], dps[q]...)
				for _, d := range dps[q] {
					if d.Near {
						keysIn += len(d.Data)
					} else {
						exactIn += len(d.Data)
					}
				}
			}
			nears = append(nears, near)
			nearIn += len(near.Data)
		}
		var shared []DupPart
		var exactOut, sharedOut, maxExact, cands int
		for q := range p {
			top, err := TopOfPartition(job, q, tokens[q])
			if err != nil {
				t.Fatal(err)
			}
			d, s, _, err := DupsOfPartition(job, q, p, dupParts[q])
			if err != nil {
				t.Fatal(err)
			}
			parts, shared = append(parts, top, d), append(shared, s)
			exactOut += len(d.State)
			maxExact = max(maxExact, len(d.State))
			sharedOut += len(s.Data)
		}
		for _, n := range nears {
			c, err := NearCandidates(job, n, p, shared)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, c)
			cands += len(c.State)
		}
		m, err := MergeScan(job, parts, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := job.Report(ctx, m.State, &m.Tokens, audit.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal([]any{got.Duplicates, got.Findings})
		w, _ := json.Marshal([]any{want.Duplicates, want.Findings})
		if !bytes.Equal(g, w) {
			t.Errorf("%d partitions: duplicates and findings %.500s, want %.500s", p, g, w)
		}
		t.Logf("%d partitions: shards' rests %d B; to partitions: exact rows %d B, band keys %d B; near states to candidates %d B; "+
			"partitions' exact results %d B (largest %d B), shared keys %d B; candidates %d B; final merge's state %d B; near rows %d",
			p, rests, exactIn, keysIn, nearIn, exactOut, maxExact, sharedOut, cands, len(m.State), m.Tokens.Dups.Near.Rows)
	}
}
