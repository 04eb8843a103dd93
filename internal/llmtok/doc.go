// Package llmtok provides the tokenizers of language models, to count a
// corpus in the tokens a model sees: OpenAI's tiktoken encodings
// cl100k_base and o200k_base (vocabularies embedded in the binary by
// github.com/pkoukk/tiktoken-go-loader) and Hugging Face tokenizer.json
// files with a byte-level BPE model (GPT-2, Llama 3, Qwen 2/3 and the
// GPT-4o conversion).
//
// # Shape
//
//	Load(spec) ─► *Tokenizer (immutable, shared) ─► NewEncoder() per worker
//	Encoder.AppendIDs(ids, text) ─► Counter.Add(ids) ─► Counter.Merge ─► Top
//
// A Tokenizer is read once and shared by every goroutine. An Encoder holds
// a cache of encoded pieces and scratch space; it belongs to one
// goroutine, and what it encoded before never changes what it returns. A
// Counter counts by token id in a dense array, so counters of shards or
// workers merge exactly, in any order, into the same result.
//
// # Encoding
//
// Text is cut into pieces by the encoding's pre-tokenizer regexp, then
// each piece is byte-pair encoded: starting from its bytes, the adjacent
// pair with the lowest merge rank (the leftmost among equal ones) merges
// until none does. tiktoken ranks a pair by the rank of its concatenation
// and takes a piece that is a token whole; Hugging Face ranks a pair by its
// place in the merges list. The pre-tokenizer regexps are hand-written
// state machines (split.go): the Go ports of tiktoken run them with
// regexp2 and are 5 to 10 times slower end to end (benchmarks/README.md).
// Ids are checked against github.com/pkoukk/tiktoken-go on real text and
// under fuzzing, and against the npm tiktoken (OpenAI's Rust code as WASM)
// and @huggingface/tokenizers on the benchmark corpus
// (benchmarks/llmtok_check.sh).
//
// tiktoken encodings are used as encode_ordinary: <|endoftext|> in the
// text is text. A tokenizer.json's added tokens are matched in the raw
// text and count as themselves, as its encode does. Bytes that are not
// valid UTF-8 split like U+FFFD (a symbol) and are encoded as the bytes
// they are.
package llmtok
