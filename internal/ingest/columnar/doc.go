// Package columnar reads the columnar inputs of internal/ingest: Parquet
// files (parquet.go; chat columns, list<struct> turns and instruction
// triples, in parquet_chat.go) and Arrow IPC streams and files
// (arrowipc.go), into batch.Batch values.
//
// PrepareParquet and PrepareArrow read a footer or schema and resolve the
// columns before any worker starts; a Reader (one per decoding worker)
// then reads one Parquet row group at a time (ReadRowGroup), and ReadArrow
// reads an Arrow input in order. Rows are accounted for as
// internal/ingest's package documentation says: batches plus unreadable
// and missing rows make the footer's count, and a panic of arrow-go
// becomes a bad record.
package columnar
