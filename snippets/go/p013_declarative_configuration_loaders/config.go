// Package config shows P013: settings declared once, as a struct with tags,
// and loaded by one generic function that converts every value and reports
// every problem with the key it came from.
package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrRequired is wrapped by the FieldError of a required key that is unset or empty.
var ErrRequired = errors.New("required, but not set")

// ErrUnknownKey is wrapped by the FieldError of a key that has the prefix but
// matches no field: almost always a misspelling of one that does.
var ErrUnknownKey = errors.New("not a known setting (check the spelling)")

// FieldError is one problem with one environment key.
type FieldError struct {
	Key string
	Err error
}

func (e *FieldError) Error() string { return e.Key + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// FromEnviron turns os.Environ() into the map Load reads. A program calls
// Load(&cfg, config.FromEnviron(os.Environ()), "APP_"); a test passes a map.
func FromEnviron(pairs []string) map[string]string {
	env := make(map[string]string, len(pairs))
	for _, pair := range pairs {
		if key, value, ok := strings.Cut(pair, "="); ok {
			env[key] = value
		}
	}
	return env
}

// Load fills the struct that dst points to from env. Each field to load has
// an `env:"NAME"` tag, read from prefix+NAME (or from NAME alone with
// `env:"NAME,noprefix"`), and optionally `default:"..."`, `required:"true"`
// and `oneof:"a b c"`. An empty value counts as unset.
//
// On success *dst is replaced as a whole; on failure it is left untouched and
// the error joins one *FieldError per problem, in field order, then the
// unknown keys in sorted order. A schema mistake (an unsupported field type, a
// default that does not parse) is returned at once as a plain error.
func Load(dst any, env map[string]string, prefix string) error {
	target := reflect.ValueOf(dst)
	if target.Kind() != reflect.Pointer || target.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("config: Load needs a pointer to a struct, got %T", dst)
	}
	schema := target.Elem().Type()
	result := reflect.New(schema).Elem()
	known := map[string]bool{}
	var problems []error
	for i := range schema.NumField() {
		field := schema.Field(i)
		tag, ok := field.Tag.Lookup("env")
		if !ok || !field.IsExported() {
			continue
		}
		name, option, _ := strings.Cut(tag, ",")
		key := prefix + name
		if option == "noprefix" {
			key = name
		}
		known[key] = true
		parse, err := parser(field)
		if err != nil {
			return fmt.Errorf("config: field %s: %w", field.Name, err)
		}
		raw := env[key]
		if raw == "" {
			if field.Tag.Get("required") == "true" {
				problems = append(problems, &FieldError{key, ErrRequired})
				continue
			}
			fallback, ok := field.Tag.Lookup("default")
			if !ok {
				continue // the zero value
			}
			value, err := parse(fallback)
			if err != nil {
				return fmt.Errorf("config: field %s: default %q: %w", field.Name, fallback, err)
			}
			result.Field(i).Set(value)
			continue
		}
		value, err := parse(raw)
		if err != nil {
			problems = append(problems, &FieldError{key, err})
			continue
		}
		result.Field(i).Set(value)
	}
	var unknown []string
	for key := range env {
		if strings.HasPrefix(key, prefix) && !known[key] {
			unknown = append(unknown, key)
		}
	}
	slices.Sort(unknown) // map order is random; error output must not be
	for _, key := range unknown {
		problems = append(problems, &FieldError{key, ErrUnknownKey})
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid configuration:\n%w", errors.Join(problems...))
	}
	target.Elem().Set(result)
	return nil
}

type parseFunc func(raw string) (reflect.Value, error)

// parser returns the conversion for a field's type, with its oneof check.
func parser(field reflect.StructField) (parseFunc, error) {
	parse, err := parserFor(field.Type)
	if err != nil {
		return nil, err
	}
	choices := strings.Fields(field.Tag.Get("oneof"))
	if len(choices) == 0 {
		return parse, nil
	}
	return func(raw string) (reflect.Value, error) {
		if !slices.Contains(choices, raw) {
			return reflect.Value{}, fmt.Errorf("expected one of %s, got %q", strings.Join(choices, ", "), raw)
		}
		return parse(raw)
	}, nil
}

var durationType = reflect.TypeFor[time.Duration]()

func parserFor(t reflect.Type) (parseFunc, error) {
	// Duration before Int64: it is an int64 underneath, but written as "5s".
	if t == durationType {
		return func(raw string) (reflect.Value, error) {
			d, err := time.ParseDuration(raw)
			if err != nil {
				return reflect.Value{}, fmt.Errorf("expected a duration such as 5s or 250ms, got %q", raw)
			}
			return reflect.ValueOf(d), nil
		}, nil
	}
	switch t.Kind() {
	case reflect.String:
		return func(raw string) (reflect.Value, error) { return reflect.ValueOf(raw).Convert(t), nil }, nil
	case reflect.Bool:
		return func(raw string) (reflect.Value, error) {
			switch strings.ToLower(strings.TrimSpace(raw)) {
			case "1", "true", "yes", "on":
				return reflect.ValueOf(true).Convert(t), nil
			case "0", "false", "no", "off":
				return reflect.ValueOf(false).Convert(t), nil
			}
			return reflect.Value{}, fmt.Errorf("expected one of 1/0, true/false, yes/no, on/off, got %q", raw)
		}, nil
	case reflect.Int, reflect.Int64:
		return func(raw string) (reflect.Value, error) {
			n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, t.Bits())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("expected a whole number, got %q", raw)
			}
			return reflect.ValueOf(n).Convert(t), nil
		}, nil
	case reflect.Float64:
		return func(raw string) (reflect.Value, error) {
			f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return reflect.Value{}, fmt.Errorf("expected a finite number, got %q", raw)
			}
			return reflect.ValueOf(f).Convert(t), nil
		}, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return func(raw string) (reflect.Value, error) {
				var words []string
				for _, part := range strings.Split(raw, ",") {
					if word := strings.TrimSpace(part); word != "" {
						words = append(words, word)
					}
				}
				return reflect.ValueOf(words).Convert(t), nil
			}, nil
		}
	}
	return nil, fmt.Errorf("unsupported type %s", t)
}
