package evasions

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// lazyTexts is texts whose replacement and blob evidence checkTextLazy
// may leave out: U+FFFD and lone-surrogate escapes, base64 declared by a
// MIME header, cut from its mail, with a blob after the part, and plain;
// then the sample's rows and the 30 MB mail corpus's when this machine
// has it.
func lazyTexts(t *testing.T) [][]byte {
	texts := lazySeeds()
	sample, _ := fixtures.SampleTexts(t)
	texts = append(texts, sample...)
	return append(texts, corpusTexts(t)...)
}

// lazySeeds is lazyTexts' own texts.
func lazySeeds() [][]byte {
	b64 := strings.Repeat("TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBl\n", 4)
	return [][]byte{
		[]byte("caf\uFFFD au lait, na\uFFFDve"),
		[]byte(`a lone surrogate \udc8f written out`),
		[]byte("both \uFFFD and \\udcff here"),
		[]byte("Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\n" + b64),
		[]byte(b64 + b64 + b64),
		[]byte("see the picture I took on our trip to the lake\n\n" + b64),
		[]byte("Content-Transfer-Encoding: base64\n\n" + b64 + "\nThanks, bob. token " + strings.Repeat("0c1e48f7ab", 8) + " end"),
		[]byte("Content-Transfer-Encoding: base64\n\n" + b64 + "\n\uFFFD\x01 and a control"),
		[]byte(""),
		[]byte("plain words"),
	}
}

// checkLazy holds checkTextLazy(tx) to checkText(tx) for every lazy
// mask: the same categories, the same evidence for those not left out,
// and for those left out lazyEvidence, or attachmentEvidence for an
// attachment. It returns how many evidences were left out.
func checkLazy(t *testing.T, name string, tx []byte) (left int) {
	var want [numEvasionKinds]string
	checkText(tx, &want)
	for lazy := uint8(1); lazy <= lazyReplacement|lazyBlob|lazyAttachment; lazy++ {
		var got [numEvasionKinds]string
		checkTextLazy(tx, &got, lazy)
		for k := range got {
			ok := got[k] == want[k]
			switch {
			case k == iReplacement && lazy&lazyReplacement != 0 && want[k] != "":
				ok = got[k] == lazyEvidence
			case k == iBlob && !ok:
				// b64Evidence's, each kind by its bit: the other rules'
				// evidence is built
				attach := strings.HasPrefix(want[k], attachmentEvidence)
				ok = attach && lazy&lazyAttachment != 0 && got[k] == attachmentEvidence || !attach && lazy&lazyBlob != 0 && want[k] != "" && got[k] == lazyEvidence
			}
			if !ok {
				t.Fatalf("%s: checkTextLazy(%.60q, %b)[%s] = %q; checkText's %q", name, tx, lazy, evasionKinds[k], got[k], want[k])
			}
			if got[k] != want[k] {
				left++
			}
		}
	}
	return left
}

// TestCheckTextLazy holds checkTextLazy to checkText (checkLazy) on
// lazyTexts, on both paths of scan.blocks.
func TestCheckTextLazy(t *testing.T) {
	left := 0
	for _, path := range chunkPaths() {
		restore := path.Use()
		for _, tx := range lazyTexts(t) {
			left += checkLazy(t, path.Name, tx)
		}
		restore()
	}
	if left == 0 {
		t.Error("no evidence left out")
	}
}

// FuzzCheckTextLazy holds checkTextLazy to checkText (checkLazy) on
// texts grown from lazySeeds.
func FuzzCheckTextLazy(f *testing.F) {
	for _, tx := range lazySeeds() {
		f.Add(tx)
	}
	f.Fuzz(func(t *testing.T, tx []byte) {
		for _, path := range chunkPaths() {
			restore := path.Use()
			checkLazy(t, path.Name, tx)
			restore()
		}
	})
}

// refAdd is Checker.Add before checkTextLazy: the evidence of every
// category found, every item offered to its list.
func (e *Checker) refAdd(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	ids := finding.IDColumn(b)
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		var found [numEvasionKinds]string
		checkText(t, &found)
		if found[iBlob] != "" {
			e.mime.check(t, &found) // as Add (mimeparts.go)
		}
		for k, reason := range found {
			if reason == "" {
				continue
			}
			kind := evasionKinds[k]
			if k == iBlob && strings.HasPrefix(reason, attachmentEvidence) {
				kind = Attachment
			}
			e.counts[kind]++
			e.items[kind].Add(finding.Item{Pos: b.Pos(i), ID: finding.RowID(ids, i), Kind: kind, Reason: reason})
		}
	})
}

// TestAddLazy holds Checker.Add to refAdd on lazyTexts in batches of
// seven rows, handed in turn to two checkers merged at the end (two
// workers), for lists of 0 to 40 examples and none: the same counts,
// findings and unlisted counts.
func TestAddLazy(t *testing.T) {
	texts := lazyTexts(t)
	if len(texts) > 4000 {
		texts = texts[:4000]
	}
	var batches []*ingest.Batch
	for i := 0; i < len(texts); i += 7 {
		rows := make([]fixtures.Row, 0, 7)
		for _, tx := range texts[i:min(i+7, len(texts))] {
			rows = append(rows, fixtures.Row{Text: string(tx)})
		}
		b := fixtures.Batch(t, rows, int64(i+1))
		defer b.Record.Release()
		batches = append(batches, b)
	}
	run := func(max int, add func(*Checker, *ingest.Batch) error) string {
		w := [2]*Checker{NewChecker(max), NewChecker(max)}
		for i, b := range batches {
			if err := add(w[i%2], b); err != nil {
				t.Fatal(err)
			}
		}
		if err := w[0].Merge(w[1]); err != nil {
			t.Fatal(err)
		}
		counts, fs, unlisted := w[0].Result([]string{"x.jsonl"})
		return fmt.Sprintf("%v\n%+v\n%v", counts, fs, unlisted)
	}
	for _, max := range []int{-1, 1, 2, 5, 40} {
		got := run(max, (*Checker).Add)
		want := run(max, (*Checker).refAdd)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("max %d: Add gives\n%s\nwant\n%s", max, got[:min(len(got), 2000)], want[:min(len(want), 2000)])
		}
	}
}

// BenchmarkAddCorpus runs Checker.Add and refAdd over the 30 MB mail
// corpus in batches of 512 rows, into a checker listing 100 rows of each
// category (about the 200 MB corpus's share of its attachments and
// replacement characters, 1,000 listed of 6,817 and 5,316).
func BenchmarkAddCorpus(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var n int64
	var batches []*ingest.Batch
	for i := 0; i < len(texts); i += 512 {
		rows := make([]fixtures.Row, 0, 512)
		for _, tx := range texts[i:min(i+512, len(texts))] {
			rows = append(rows, fixtures.Row{Text: string(tx)})
			n += int64(len(tx))
		}
		bt := fixtures.Batch(b, rows, int64(i+1))
		defer bt.Record.Release()
		batches = append(batches, bt)
	}
	for _, fn := range []struct {
		name string
		add  func(*Checker, *ingest.Batch) error
	}{{"lazy", (*Checker).Add}, {"ref", (*Checker).refAdd}} {
		b.Run(fn.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				c := NewChecker(100)
				for _, bt := range batches {
					if err := fn.add(c, bt); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
