// Package chatjson walks the chat turns of a JSON record: a list of
// OpenAI {role, content} or ShareGPT {from, value} turns, whose content
// may be a list of text parts (TurnReader). It reads bytes the strict
// parser (or fastjson) already accepted, looking for structure only, and
// keeps its scratch from record to record: nothing is allocated per row.
// JSONKind and WithArticle name JSON values in the reasons of bad records.
package chatjson
