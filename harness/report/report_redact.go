package report

import (
	"reflect"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// RedactResults returns res with every text in it redacted: what a process
// writes or hands on must not hold a value only it knows (a shard's
// results reach the parent, which never saw the shard's signatures).
func RedactResults(s *wire.Secrets, res Results) Results {
	redactStrings(reflect.ValueOf(&res).Elem(), s.Text)
	return res
}

// redactStrings replaces, in place, every string reachable from v through
// exported fields, slices, arrays, pointers and maps. Slices and maps are
// copied first, so the caller's are left alone.
func redactStrings(v reflect.Value, redact func(string) string) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(redact(v.String()))
		}
	case reflect.Pointer:
		if !v.IsNil() && v.CanSet() {
			cp := reflect.New(v.Elem().Type())
			cp.Elem().Set(v.Elem())
			redactStrings(cp.Elem(), redact)
			v.Set(cp)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				redactStrings(v.Field(i), redact)
			}
		}
	case reflect.Slice:
		if v.IsNil() || !v.CanSet() {
			return
		}
		cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(cp, v)
		for i := 0; i < cp.Len(); i++ {
			redactStrings(cp.Index(i), redact)
		}
		v.Set(cp)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			redactStrings(v.Index(i), redact)
		}
	case reflect.Map:
		if v.IsNil() || !v.CanSet() {
			return
		}
		cp := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			key := reflect.New(v.Type().Key()).Elem()
			key.Set(iter.Key())
			redactStrings(key, redact)
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(iter.Value())
			redactStrings(val, redact)
			cp.SetMapIndex(key, val)
		}
		v.Set(cp)
	}
}
