package main

import "flag"

// lenientJSONFlag declares --lenient-json, for every command that reads
// JSONL.
func lenientJSONFlag(fs *flag.FlagSet, lenient *bool) {
	fs.BoolVar(lenient, "lenient-json", false, "read JSONL as before strict RFC 8259 reading: numbers like 01 or NaN, unknown escapes and raw control characters in strings are accepted, and of a key given twice one copy is read (by default such lines are invalid_json and duplicate_key bad records)")
}
