package parquetcompat

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/pierrec/lz4/v4"
)

// hadoopLZ4 decodes Parquet's deprecated LZ4 codec: Hadoop frames, or one
// bare LZ4 block (see the package doc).
type hadoopLZ4 struct{}

var _ compress.ErrorCodec = hadoopLZ4{}

func init() {
	compress.RegisterCodec(compress.Codecs.Lz4, hadoopLZ4{})
}

func (hadoopLZ4) DecodeWithError(dst, src []byte) ([]byte, error) {
	if out, ok := decodeHadoopFrames(dst, src); ok {
		return out, nil
	}
	n, err := lz4.UncompressBlock(src, dst)
	if err != nil {
		return nil, fmt.Errorf("lz4 (neither Hadoop frames nor a bare block): %w", err)
	}
	return dst[:n], nil
}

// decodeHadoopFrames decodes src as Hadoop LZ4 frames that fill dst
// exactly, or reports false.
func decodeHadoopFrames(dst, src []byte) ([]byte, bool) {
	out := 0
	for len(src) > 0 {
		if len(src) < 8 {
			return nil, false
		}
		raw := uint64(binary.BigEndian.Uint32(src))
		comp := uint64(binary.BigEndian.Uint32(src[4:]))
		src = src[8:]
		if comp > uint64(len(src)) || raw > uint64(len(dst)-out) {
			return nil, false
		}
		n, err := lz4.UncompressBlock(src[:comp], dst[out:out+int(raw)])
		if err != nil || uint64(n) != raw {
			return nil, false
		}
		out += n
		src = src[comp:]
	}
	return dst[:out], out == len(dst)
}

func (c hadoopLZ4) Decode(dst, src []byte) []byte {
	out, err := c.DecodeWithError(dst, src)
	if err != nil {
		panic(err)
	}
	return out
}

// Encode writes one Hadoop frame; dataaudit does not write this codec, but
// the interface asks for it.
func (c hadoopLZ4) Encode(dst, src []byte) []byte {
	bound := int(c.CompressBound(int64(len(src))))
	if cap(dst) < bound {
		dst = make([]byte, bound)
	}
	dst = dst[:bound]
	n, err := lz4.CompressBlock(src, dst[8:], nil)
	if err != nil {
		panic(err)
	}
	if n == 0 && len(src) > 0 {
		panic(errors.New("lz4: incompressible block"))
	}
	binary.BigEndian.PutUint32(dst, uint32(len(src)))
	binary.BigEndian.PutUint32(dst[4:], uint32(n))
	return dst[:8+n]
}

func (c hadoopLZ4) EncodeLevel(dst, src []byte, _ int) []byte { return c.Encode(dst, src) }

func (hadoopLZ4) CompressBound(n int64) int64 { return int64(lz4.CompressBlockBound(int(n))) + 8 }
