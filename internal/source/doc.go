// Package source finds the inputs of a run and opens them: it turns
// command-line arguments into Inputs (Expand), sniffs their format and
// compression, and reads streams (standard input, pipes, FIFOs) exactly
// once. It knows nothing of records: internal/ingest's Run reads the bytes
// it provides and turns a failure here into a bad record; "Run" below is
// that Run. internal/ingest re-exports the names its callers use (Input,
// Expand, Close, Spool, OpenJSONL, ...).
//
// # Inputs
//
// Expand resolves arguments to inputs, each file once (by device and
// inode, so a link or a directory naming a file again adds nothing). An
// input that is not a regular file (standard input "-", a pipe, a FIFO) is
// a stream: opened once, its format sniffed and its fields probed from
// bytes that are kept and replayed to the scan, so every byte is read
// exactly once. Run reads a stream once; with its Options.Spool it keeps a
// copy in $TMPDIR (Stream.SpoolTo) for later passes (Input.Open, OpenJSONL,
// another Run), and a Parquet stream is always copied whole first. Close
// removes the copies. Every wait on a stream (a FIFO's writer, the next
// bytes) ends with ctx.
//
// # Objects
//
// An argument that starts with s3://, gs://, azblob:// or file:// names
// objects in a bucket (gocloud.dev/blob; remote.go): one object, a glob
// over keys, or a prefix read as a directory is. Input.Open returns a
// File that reads the object with ranged requests, so Parquet footers,
// row groups and JSONL byte ranges cost requests, not downloads. Buckets
// are opened once per process and never closed. Input.URL names an object
// with its driver's query, and Input.WithURL reads it again from that
// (a Beam worker, or a merge of --shard states).
//
// # What the drivers cost at start
//
// Every package linked runs its init before main, on one core, and the
// drivers link most of them (session 15, dataaudit version, alternated
// rounds of 40 runs, CPU = user + system):
//
//   - all four drivers, default build: 1,043 packages, 120 MB, 15-17 ms
//     of CPU, 2,300-2,550 page faults; init allocated 3.7 MB, which ran a
//     GC cycle before main (fixed: package initgc);
//   - -tags disable_grpc_modules (cloud.google.com/go/storage's own tag:
//     no gRPC DirectPath, xDS, Envoy protobufs, RLS; gs:// is read over
//     HTTP, and openGCSBucket passes an HTTP client, so grpc=true URLs
//     were refused already): 898 packages, 100 MB, 10-11 ms, 1,630
//     faults. The README's build lines use it; tests pass with and
//     without it.
//   - -tags no_gcs: 89 MB, 12 ms before the other cuts; all four left out:
//     70 MB, 10 ms.
//
// Left, not done: a gs:// driver over google.golang.org/api/storage/v1
// (the generated JSON API client, which links only 13 packages that the
// binary does not have already) in place of gcsblob and its Cloud
// Storage client (OpenTelemetry metrics exporter, Cloud Monitoring
// protobufs, resource detectors). A probe build (no_gcs plus those
// imports) measured 8.2-8.6 ms and 1,465 faults against 10-11 ms with
// the tag. It would have to do what the client does for reads: retries
// of idempotent requests, resuming a broken ranged read, gzip
// transcoding, the emulator and universe-domain settings.
//
// # What it owns
//
// The Streams of the inputs it returns: their pump goroutines, open files
// and spool files, until Close. A file that cannot be read at all is an
// Input whose Err says why, not an error of Expand.
//
// # Invariants
//
//   - Every byte of a stream is taken from its pump once; bytes looked at
//     early (the magic number, the probe) are replayed (StartRecording,
//     Rewind), counted (Live) and hashed (Input.Digest) once.
//   - A stream is used by one goroutine at a time (Expand, then Run's
//     checks, then Run's producer); only its pump runs alongside.
//   - Inputs come in a deterministic order: arguments as given, the files
//     of a directory or glob sorted by path.
package source
