package report

import (
	"fmt"
	"reflect"
	"strings"
)

// Place puts an analysis' section at key: the JSON key of a field of
// Document, dotted for a field of a nested struct ("duplicates.exact";
// a nil pointer on the way is allocated). The field's type must be the
// section's. This is how an analysis' section reaches the report without
// the use case naming its type (analysis.Spec.Report): a new analysis
// adds its field to Document, in the place its JSON should take, and the
// renderers read it.
func (d *Document) Place(key string, section any) error {
	v := reflect.ValueOf(d).Elem()
	for name := range strings.SplitSeq(key, ".") {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		i, ok := jsonField(v.Type(), name)
		if !ok {
			return fmt.Errorf("report: no section %q in the report", key)
		}
		v = v.Field(i)
	}
	s := reflect.ValueOf(section)
	if !s.IsValid() || !s.Type().AssignableTo(v.Type()) {
		return fmt.Errorf("report: section %q is a %s, not a %T", key, v.Type(), section)
	}
	v.Set(s)
	return nil
}

// jsonField returns the index of t's field whose JSON key is name.
func jsonField(t reflect.Type, name string) (int, bool) {
	if t.Kind() != reflect.Struct {
		return 0, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && key == name && key != "-" {
			return i, true
		}
	}
	return 0, false
}
