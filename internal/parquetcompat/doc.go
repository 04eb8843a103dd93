// Package parquetcompat lets arrow-go read Parquet files that other
// writers produce and arrow-go v18 refuses on its own: it registers a
// decoder for the deprecated LZ4 codec, and it rewrites footers that
// annotate a column with a logical type arrow-go does not know.
//
// # What it provides
//
//   - The codec: importing the package registers, in arrow-go's
//     compress registry (compress.Codecs.Lz4), a decoder of Parquet's
//     deprecated LZ4 codec, which parquet-mr, Arrow C++ and DuckDB read and
//     arrow-go does not. Writers disagree on what it means: Hadoop's
//     framing (blocks of a big-endian uncompressed size, a big-endian
//     compressed size, then an LZ4 block), or, from older Arrow C++, one
//     bare LZ4 block. Like Arrow C++, it tries the framing first and falls
//     back to a bare block.
//
//   - ReadFooter and DropUnknownLogicalTypes: a Parquet footer is a Thrift
//     FileMetaData in the compact protocol. When arrow-go panics on one,
//     the usual cause is a logical type newer than arrow-go (the format
//     adds them as new members of the LogicalType union, which an old
//     reader should ignore, as DuckDB and Arrow C++ do).
//     DropUnknownLogicalTypes rewrites such a footer without the logical
//     types arrow-go does not know, so that the file's other columns can
//     still be read: only the columns read matter. It walks the encoding
//     itself, since arrow-go's Thrift types are internal:
//
//     FileMetaData { 2: list<SchemaElement> schema, ... }
//     SchemaElement { 1: type, ..., 4: name, ..., 10: LogicalType logicalType }
//     LogicalType union { 1: STRING, ..., 18: GEOGRAPHY }
//
//   - RewriteFooter, the same walk with an edit of each field, for tests
//     that make files whose footer lies.
//
// # Invariants
//
//   - Nothing here panics on malformed input: a footer that is not valid
//     compact Thrift (truncated, a length past its end, structs nested more
//     than 64 deep) is an error, and a codec input that is neither Hadoop
//     frames nor a bare LZ4 block is a decode error. internal/ingest still
//     runs arrow-go behind a recover, since arrow-go itself may panic.
//   - DropUnknownLogicalTypes returns the footer unchanged when every
//     logical type is known, and otherwise changes nothing but the
//     dropped LogicalType fields.
//
// It owns no state but the registration, which happens once, at package
// initialisation; internal/ingest imports it, so every reader of Parquet in
// the program has the codec.
package parquetcompat
