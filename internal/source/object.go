package source

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// This file writes and reads back whole objects: the outputs of a
// distributed run (dataaudit-beam's profile and merged states), which a
// worker writes and the launcher, on another machine, reads.

// ObjectName returns the name of the object an object URL (IsURL) names,
// scheme://bucket/key without the driver's query, as Expand names an
// object input; for a file:// URL, the local path it names, and local
// true.
func ObjectName(u string) (name string, local bool, err error) {
	_, key, prefix, err := splitURL(u)
	if err != nil {
		return "", false, err
	}
	if strings.HasPrefix(u, "file:") {
		return "/" + key, true, nil
	}
	return prefix + key, false, nil
}

// WriteObject writes the object at URL u (not file://, which callers
// write as a local file) with write: all of it, or, when write fails or
// ctx is done first, nothing. An object is replaced whole when the write
// completes (gocloud.dev/blob's Writer.Close), never seen half written.
func WriteObject(ctx context.Context, u string, write func(w io.Writer) error) error {
	bucketURL, key, prefix, err := splitURL(u)
	if err != nil {
		return err
	}
	if key == "" || strings.HasSuffix(key, "/") {
		return fmt.Errorf("%s: names no object (%s://BUCKET/KEY)", prefix+key, strings.SplitN(u, ":", 2)[0])
	}
	b, err := openBucket(ctx, bucketURL)
	if err != nil {
		return err
	}
	// Canceling the writer's context before Close aborts the write: the
	// previous object, if any, stays.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := b.NewWriter(wctx, key, nil)
	if err != nil {
		return fmt.Errorf("write %s: %w", prefix+key, err)
	}
	if err := write(w); err != nil {
		cancel()
		w.Close()
		return fmt.Errorf("write %s: %w", prefix+key, err)
	}
	if err := ctx.Err(); err != nil {
		cancel()
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", prefix+key, err)
	}
	return nil
}

// ReadObject reads the whole object at URL u (not file://).
func ReadObject(ctx context.Context, u string) ([]byte, error) {
	bucketURL, key, prefix, err := splitURL(u)
	if err != nil {
		return nil, err
	}
	b, err := openBucket(ctx, bucketURL)
	if err != nil {
		return nil, err
	}
	data, err := b.ReadAll(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", prefix+key, err)
	}
	return data, nil
}
