package batch

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// StrCol accumulates one String column as raw Arrow buffers: building them
// directly costs a copy of the bytes and nothing per row beyond that, where
// array.StringBuilder does several checks and appends per value.
type StrCol struct {
	Offs  []int32
	Data  []byte
	Alloc memory.Allocator // if set, data came from it and goes back on release
	valid []byte           // validity bitmap, nil until the first null
	N     int
	nulls int
}

func (c *StrCol) Reset() {
	c.Offs = append(c.Offs[:0], 0)
	c.Data = c.Data[:0]
	c.valid = nil
	c.N, c.nulls = 0, 0
}

func (c *StrCol) AppendNull() {
	if c.valid == nil {
		c.valid = make([]byte, (c.N+8)/8+64)
		for i := 0; i < c.N; i++ {
			c.valid[i/8] |= 1 << (i % 8)
		}
	}
	c.ensureBit()
	c.Offs = append(c.Offs, int32(len(c.Data)))
	c.N++
	c.nulls++
}

// Commit ends the current value, whose bytes were appended to c.Data.
func (c *StrCol) Commit() {
	if c.valid != nil {
		c.ensureBit()
		c.valid[c.N/8] |= 1 << (c.N % 8)
	}
	c.Offs = append(c.Offs, int32(len(c.Data)))
	c.N++
}

func (c *StrCol) ensureBit() {
	for c.N/8 >= len(c.valid) {
		c.valid = append(c.valid, 0)
	}
}

// Rollback drops bytes appended after mark for a value that was not
// committed.
func (c *StrCol) Rollback(mark int) { c.Data = c.Data[:mark] }

// Array hands the buffers to a new String array, which aliases them: give
// c new buffers before its next reset (every caller does), or the next
// values overwrite this array's.
func (c *StrCol) Array() arrow.Array {
	var validBuf *memory.Buffer
	if c.valid != nil {
		validBuf = memory.NewBufferBytes(c.valid)
	}
	dataBuf := memory.NewBufferBytes(c.Data)
	if c.Alloc != nil {
		dataBuf = memory.NewBufferWithAllocator(c.Data, c.Alloc)
	}
	data := array.NewData(arrow.BinaryTypes.String, c.N,
		[]*memory.Buffer{validBuf, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.Offs)), dataBuf},
		nil, c.nulls, 0)
	dataBuf.Release() // the Data holds its own reference
	defer data.Release()
	return array.MakeFromData(data)
}
