package report

import "io"

// ErrWriter passes writes to W until one fails, then keeps that first
// error in Err and writes nothing more: a text written by many
// fmt.Fprint calls (a renderer, a command's help) checks Err once at
// the end, so that a full disk exits non-zero rather than 0 with the text
// lost. The flag package's PrintDefaults drops its writes' errors; an
// ErrWriter given to fs.SetOutput keeps them.
type ErrWriter struct {
	W   io.Writer
	Err error
}

func (e *ErrWriter) Write(p []byte) (int, error) {
	if e.Err != nil {
		return 0, e.Err
	}
	n, err := e.W.Write(p)
	e.Err = err
	return n, err
}
