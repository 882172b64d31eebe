// Package signup parses a raw request body into a Signup once, at the
// boundary, and collects a problem for every bad field. The types it returns
// cannot be built invalid from outside the package, so the code after the
// boundary never checks them again.
package signup

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Email is a lower-cased address. Its field is unexported, so the only way
// to get a non-zero Email from another package is ParseEmail.
type Email struct{ addr string }

// ParseEmail trims and lower-cases s and checks its shape.
func ParseEmail(s string) (Email, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !strings.Contains(strings.Trim(domain, "."), ".") || strings.Contains(s, " ") {
		return Email{}, fmt.Errorf("must look like name@example.com")
	}
	return Email{s}, nil
}

func (e Email) String() string { return e.addr }

// Plan is a subscription plan.
type Plan string

// The plans a signup may choose.
const (
	Free Plan = "free"
	Pro  Plan = "pro"
)

// Signup is a parsed, valid request. Its fields are unexported: a Signup
// comes from Parse or is the zero value, never half-checked.
type Signup struct {
	email Email
	name  string
	age   int
	plan  Plan
}

// Accessors for the parsed values.
func (s Signup) Email() Email { return s.email }
func (s Signup) Name() string { return s.name }
func (s Signup) Age() int     { return s.age }
func (s Signup) Plan() Plan   { return s.plan }

// FieldError is one problem with one field of the input.
type FieldError struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// InvalidInput is every problem Parse found, in field order.
type InvalidInput []FieldError

func (in InvalidInput) Error() string {
	parts := make([]string, len(in))
	for i, fe := range in {
		parts[i] = fe.Field + ": " + fe.Problem
	}
	return strings.Join(parts, ", ")
}

var known = map[string]bool{"email": true, "name": true, "age": true, "plan": true}

// Parse is the boundary: raw JSON in, a Signup out, or an InvalidInput
// listing every bad field at once.
func Parse(body []byte) (Signup, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return Signup{}, InvalidInput{{"body", "must be a JSON object"}}
	}
	var s Signup
	var problems InvalidInput
	report := func(field string, err error) {
		if err != nil {
			problems = append(problems, FieldError{field, err.Error()})
		}
	}
	var email, name, plan string
	if err := decode(raw, "email", &email, true, "must be a string"); err != nil {
		report("email", err)
	} else {
		s.email, err = ParseEmail(email)
		report("email", err)
	}
	if err := decode(raw, "name", &name, true, "must be a string"); err != nil {
		report("name", err)
	} else {
		s.name = strings.Join(strings.Fields(name), " ")
		if n := utf8.RuneCountInString(s.name); n < 2 || n > 50 {
			report("name", fmt.Errorf("must be 2 to 50 characters"))
		}
	}
	if err := decode(raw, "age", &s.age, true, "must be a whole number"); err != nil {
		report("age", err)
	} else if s.age < 13 || s.age > 130 {
		report("age", fmt.Errorf("must be between 13 and 130"))
	}
	plan = string(Free)
	if err := decode(raw, "plan", &plan, false, "must be one of free, pro"); err != nil {
		report("plan", err)
	} else if s.plan = Plan(plan); s.plan != Free && s.plan != Pro {
		report("plan", fmt.Errorf("must be one of free, pro"))
	}
	var unknown []string
	for key := range raw {
		if !known[key] {
			unknown = append(unknown, key)
		}
	}
	sort.Strings(unknown)
	for _, key := range unknown {
		report(key, fmt.Errorf("unknown field"))
	}
	if len(problems) > 0 {
		return Signup{}, problems
	}
	return s, nil
}

// decode unmarshals raw[field] into dst. A missing optional field leaves dst
// as it is; a value of the wrong JSON type gives the problem text wrongType.
func decode(raw map[string]json.RawMessage, field string, dst any, required bool, wrongType string) error {
	value, ok := raw[field]
	if !ok {
		if required {
			return fmt.Errorf("is required")
		}
		return nil
	}
	if json.Unmarshal(value, dst) != nil {
		return fmt.Errorf("%s", wrongType)
	}
	return nil
}
