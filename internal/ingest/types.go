package ingest

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/ingest/textread"
)

// The record model lives in internal/ingest/batch, which the readers
// (internal/ingest/jsondec, internal/ingest/columnar) share; these names
// keep ingest's callers unchanged.

type (
	LabelKind = batch.LabelKind
	Batch     = batch.Batch
	Pos       = batch.Pos
	BadRecord = batch.BadRecord
	Shape     = batch.Shape
	Role      = batch.Role
	Turn      = batch.Turn
	TurnPart  = batch.TurnPart
	Options   = batch.Options
	Span      = batch.Span
	Marks     = batch.Marks
	Kept      = batch.Kept
)

const (
	ColText             = batch.ColText
	ColLabel            = batch.ColLabel
	ColID               = batch.ColID
	ColPrompt           = batch.ColPrompt
	ColResponse         = batch.ColResponse
	LabelString         = batch.LabelString
	LabelNumber         = batch.LabelNumber
	LabelBool           = batch.LabelBool
	BadJSON             = batch.BadJSON
	BadNotObject        = batch.BadNotObject
	BadMissingText      = batch.BadMissingText
	BadNullText         = batch.BadNullText
	BadTextType         = batch.BadTextType
	BadLabelType        = batch.BadLabelType
	BadIDType           = batch.BadIDType
	BadLongLine         = batch.BadLongLine
	BadUnreadable       = batch.BadUnreadable
	BadMissingRows      = batch.BadMissingRows
	BadUnreadableInput  = batch.BadUnreadableInput
	BadInputChanged     = batch.BadInputChanged
	BadFileEncoding     = batch.BadFileEncoding
	NumLabelKinds       = batch.NumLabelKinds
	BadDuplicateKey     = batch.BadDuplicateKey
	ShapeText           = batch.ShapeText
	ShapeOpenAI         = batch.ShapeOpenAI
	ShapeShareGPT       = batch.ShapeShareGPT
	ShapeAlpaca         = batch.ShapeAlpaca
	RoleSystem          = batch.RoleSystem
	RoleUser            = batch.RoleUser
	RoleAssistant       = batch.RoleAssistant
	RoleTool            = batch.RoleTool
	PartNone            = batch.PartNone
	PartPrompt          = batch.PartPrompt
	PartResponse        = batch.PartResponse
	NumShapes           = batch.NumShapes
	NumRoles            = batch.NumRoles
	BadTurn             = batch.BadTurn
	DefaultMaxPageBytes = batch.DefaultMaxPageBytes

	// The kinds of bad CSV and TSV records.
	BadFieldCount = textread.BadFieldCount
	BadQuoting    = textread.BadQuoting
)

// ForEachText calls fn for every row of a text column: see
// batch.ForEachText.
func ForEachText(col arrow.Array, fn func(i int, text []byte, valid bool)) error {
	return batch.ForEachText(col, fn)
}

// IsTextType reports whether ForEachText accepts arrays of type dt.
func IsTextType(dt arrow.DataType) bool { return batch.IsTextType(dt) }

// ParseRole reads a --role name: system, user, assistant or tool.
func ParseRole(name string) (Role, error) { return batch.ParseRole(name) }

type unreadableError = batch.UnreadableError

func unreadable(err error) error { return batch.Unreadable(err) }

// ParseRoles reads the names of --role (ParseRole).
func ParseRoles(names []string) ([]Role, error) {
	var out []Role
	for _, n := range names {
		r, err := ParseRole(n)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// WordHashes is a batch's word hashes (Batch.Words).
type WordHashes = batch.WordHashes

// NewKept returns a Kept for excerpts of at most chars characters that
// keeps the rows of the inputs keep names and at most budget bytes (see
// Kept).
func NewKept(chars int, keep []bool, budget int64) *Kept { return batch.NewKept(chars, keep, budget) }

// NewKeptFew returns a Kept as NewKept for a run that reads the excerpts
// of the first few findings of each kind alone (see batch.NewKeptFew).
func NewKeptFew(chars int, keep []bool, budget int64, few int) *Kept {
	return batch.NewKeptFew(chars, keep, budget, few)
}
