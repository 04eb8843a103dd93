package ingest

import (
	"context"

	"github.com/dataaudit/dataaudit/internal/ingest/textread"
	"github.com/dataaudit/dataaudit/internal/source"
)

// chunkSpan is chunkFile for a byte range of an uncompressed JSONL file
// (Options.Span).
func chunkSpan(ctx context.Context, idx int, in Input, opts *Options, pool *textread.Pool, send func(unit) error) error {
	sp := opts.Span
	f, err := in.Open()
	if err != nil {
		return send(unreadableUnit(idx, in, 0, err))
	}
	defer f.Close()
	counter := &source.CountingReader{R: source.Section(f, sp.Start, sp.End-sp.Start)}
	line, err := chunkReader(ctx, idx, in, opts, pool, send, counter, counter, nil)
	if err != nil {
		return err
	}
	if st, err := f.Stat(); err == nil {
		if u, ok := changedUnit(idx, in, line, st); ok {
			return send(u)
		}
	}
	return nil
}
