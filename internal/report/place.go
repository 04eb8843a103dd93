package report

import (
	"fmt"
	"reflect"
	"strings"
)

// Place puts an analysis' section at key: the JSON key of a field of
// Document, dotted for a field of a nested struct ("duplicates.exact";
// a nil pointer on the way is allocated). The field's type must be the
// section's; a nil section (nothing to show) leaves the field as it is.
// This is how an analysis' section reaches the report without the use
// case naming its type (analysis.Spec.Report): a new analysis adds its
// field to Document, in the place its JSON should take, and the renderers
// read it.
func (d *Document) Place(key string, section any) error {
	names := strings.Split(key, ".")
	// The key is checked on the types first, so that a nil section is
	// checked too and allocates nothing on the way.
	t := reflect.TypeOf(d)
	for _, name := range names {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		i, ok := jsonField(t, name)
		if !ok {
			return fmt.Errorf("report: no section %q in the report", key)
		}
		t = t.Field(i).Type
	}
	if section == nil {
		return nil
	}
	s := reflect.ValueOf(section)
	if !s.Type().AssignableTo(t) {
		return fmt.Errorf("report: section %q is a %s, not a %T", key, t, section)
	}
	v := reflect.ValueOf(d).Elem()
	for _, name := range names {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		i, _ := jsonField(v.Type(), name)
		v = v.Field(i)
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
