package labels

import "github.com/dataaudit/dataaudit/internal/ingest"

// foldBlockBits sets the rows of a foldTable block: 64 Ki, 64 KiB.
const foldBlockBits = 16

type foldKey struct {
	file int32
	blk  int64 // position >> foldBlockBits
}

// foldTable keeps the fold pass 1 gave each labelled row, by position, so
// that pass 2 looks it up instead of normalising and hashing the text a
// second time: one byte a position (fold+1; 0: none), in blocks of 64 Ki
// positions, so a worker holding every other chunk of a file keeps only
// the blocks it touched. The last block used is cached: rows come in
// position order within a batch.
type foldTable struct {
	blocks  map[foldKey][]uint8
	lastKey foldKey
	last    []uint8
}

func (t *foldTable) block(key foldKey, grow bool) []uint8 {
	if t.last != nil && key == t.lastKey {
		return t.last
	}
	b, ok := t.blocks[key]
	if !ok {
		if !grow {
			return nil
		}
		if t.blocks == nil {
			t.blocks = map[foldKey][]uint8{}
		}
		b = make([]uint8, 1<<foldBlockBits)
		t.blocks[key] = b
	}
	t.lastKey, t.last = key, b
	return b
}

// set records the fold (< 255) of the row at pos.
func (t *foldTable) set(pos ingest.Pos, fold int) {
	b := t.block(foldKey{int32(pos.File), pos.N >> foldBlockBits}, true)
	b[pos.N&(1<<foldBlockBits-1)] = uint8(fold + 1)
}

// get returns the fold of the row at pos, or false when pass 1 did not
// record one.
func (t *foldTable) get(pos ingest.Pos) (int, bool) {
	b := t.block(foldKey{int32(pos.File), pos.N >> foldBlockBits}, false)
	if b == nil {
		return 0, false
	}
	v := b[pos.N&(1<<foldBlockBits-1)]
	return int(v) - 1, v != 0
}

// merge adds o's folds to t; o must not be used afterwards. A position is
// in one worker's table only, and would have the same fold in any.
func (t *foldTable) merge(o *foldTable) {
	for key, ob := range o.blocks {
		b, ok := t.blocks[key]
		if !ok {
			if t.blocks == nil {
				t.blocks = map[foldKey][]uint8{}
			}
			t.blocks[key] = ob
			continue
		}
		for i, v := range ob {
			if v != 0 {
				b[i] = v
			}
		}
	}
	o.blocks, o.last = nil, nil
}

// reader returns a table for one pass-2 worker: the same blocks, read
// only, with a cache of its own.
func (t *foldTable) reader() foldTable {
	return foldTable{blocks: t.blocks}
}
